#pragma once
// What `check` found: one Finding per thing checked, each pass / warn / fail with a hint.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace pgimport::check {

enum class Severity { pass, warn, fail };
std::string_view to_string(Severity severity) noexcept;

struct Finding {
  Severity severity = Severity::pass;
  std::string code;     // stable id, e.g. "source.connection", "extensions.missing"
  std::string message;  // one line a user reads
  std::string hint;     // what to do ("" for pass)
  std::vector<std::string> objects;  // the objects involved, by name
};

struct CheckReport {
  std::vector<Finding> findings;
  bool has_failures() const noexcept;
  void add(Severity severity, std::string code, std::string message, std::string hint = {},
           std::vector<std::string> objects = {});
};

nlohmann::json to_json(const Finding& finding);
nlohmann::json to_json(const CheckReport& report);

}  // namespace pgimport::check
