#pragma once
// The first failure of a run, whichever thread hit it. The first thread to fail stops the
// others (through the Cancellation); their "canceled" errors are echoes, not recorded.
#include <exception>
#include <mutex>
#include <string_view>

#include "util/cancellation.hpp"

namespace pgimport::pipeline {

// The cancellation reason a failing thread gives when it stops the others.
inline constexpr std::string_view k_stopped_by_error = "error";

class RunFailure {
 public:
  // Records `error` if it is the first thing to stop the run, and stops the run.
  void fail(std::exception_ptr error, util::Cancellation& cancellation) {
    const std::lock_guard lock(m_mutex);
    if (cancellation.request(std::string(k_stopped_by_error))) {
      m_first = std::move(error);
    }
  }
  // Rethrows the first recorded failure, if any.
  void rethrow_if_failed() const {
    const std::lock_guard lock(m_mutex);
    if (m_first) {
      std::rethrow_exception(m_first);
    }
  }

 private:
  mutable std::mutex m_mutex;  // Guards m_first.
  std::exception_ptr m_first;
};

}  // namespace pgimport::pipeline
