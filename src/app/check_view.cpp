#include "app/check_view.hpp"

#include <fmt/format.h>

namespace pgimport::app {
namespace {

std::string status_label(check::Severity severity, const Output& output) {
  switch (severity) {
    case check::Severity::pass:
      return output.paint("PASS", Colour::green);
    case check::Severity::warn:
      return output.paint("WARN", Colour::yellow);
    case check::Severity::fail:
      return output.paint("FAIL", Colour::red);
  }
  return "?";
}

}  // namespace

void print_findings(const check::CheckReport& report, FindingsDetail detail, Output& output) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& finding : report.findings) {
    ++counts[static_cast<std::size_t>(finding.severity)];
    if (detail == FindingsDetail::problems_only && finding.severity == check::Severity::pass) {
      continue;
    }
    output.line(fmt::format("  {}  {}", status_label(finding.severity, output), finding.message));
    if (!finding.hint.empty()) {
      output.line(fmt::format("        {} {}", output.paint("hint:", Colour::dim), finding.hint));
    }
  }
  const std::string summary = fmt::format("{} passed, {} {}, {} failed", counts[0], counts[1],
                                          counts[1] == 1 ? "warning" : "warnings", counts[2]);
  if (counts[2] > 0) {
    output.line(output.paint(summary, Colour::red) + ": fix what failed before importing");
  } else if (counts[1] > 0) {
    output.line(output.paint(summary, Colour::yellow) + ": ready to import; read the warnings first");
  } else {
    output.line(output.paint(summary, Colour::green) + ": ready to import");
  }
}

}  // namespace pgimport::app
