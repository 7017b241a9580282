#pragma once
// What the import tells its observer as it goes; app/ renders these as terminal lines or
// JSON events. Called from worker threads too: implementations must be thread-safe.
#include <cstdint>
#include <string>
#include <string_view>

#include "check/findings.hpp"

namespace pgimport::pipeline {

class ImportEvents {
 public:
  virtual ~ImportEvents() = default;
  virtual void checks_finished(const check::CheckReport& report) = 0;
  virtual void phase_started(std::string_view phase) = 0;
  virtual void phase_finished(std::string_view phase, double seconds) = 0;
  virtual void table_finished(std::string_view table, std::uint64_t rows, std::uint64_t bytes,
                              double seconds) = 0;
  virtual void info(std::string_view message) = 0;
  virtual void warning(std::string_view message) = 0;
};

}  // namespace pgimport::pipeline
