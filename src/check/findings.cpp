#include "check/findings.hpp"

#include <algorithm>

namespace pgimport::check {

std::string_view to_string(Severity severity) noexcept {
  switch (severity) {
    case Severity::pass:
      return "pass";
    case Severity::warn:
      return "warn";
    case Severity::fail:
      return "fail";
  }
  return "?";
}

bool CheckReport::has_failures() const noexcept {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& finding) { return finding.severity == Severity::fail; });
}

void CheckReport::add(Severity severity, std::string code, std::string message, std::string hint,
                      std::vector<std::string> objects) {
  findings.push_back(
      Finding{severity, std::move(code), std::move(message), std::move(hint), std::move(objects)});
}

nlohmann::json to_json(const Finding& finding) {
  nlohmann::json json{{"status", to_string(finding.severity)},
                      {"code", finding.code},
                      {"message", finding.message}};
  if (!finding.hint.empty()) {
    json["hint"] = finding.hint;
  }
  if (!finding.objects.empty()) {
    json["objects"] = finding.objects;
  }
  return json;
}

nlohmann::json to_json(const CheckReport& report) {
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& finding : report.findings) {
    findings.push_back(to_json(finding));
  }
  return {{"event", "check"}, {"ok", !report.has_failures()}, {"findings", findings}};
}

}  // namespace pgimport::check
