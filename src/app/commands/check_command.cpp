// `pgimport check SOURCE [--target T] [--max-size S]`: the pre-flight checks, as a table or
// one JSON object.
#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/target.hpp"
#include "check/checks.hpp"
#include "util/units.hpp"

namespace pgimport::app {
namespace {

std::optional<std::uint64_t> parse_max_size(const std::string& text) {
  if (text.empty()) {
    return std::nullopt;
  }
  auto size = util::parse_size(text);
  if (!size) {
    throw UsageError(fmt::format("--max-size: \"{}\" is not a size; use e.g. 500MB or 10GB", text));
  }
  return size;
}

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

void print_report(const check::CheckReport& report, const pg::ConnInfo& source,
                  const pg::ConnInfo& target, Output& output) {
  output.line("Checking an import of " + source.display());
  output.line("                  into " + target.display());
  output.line("");
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& finding : report.findings) {
    ++counts[static_cast<std::size_t>(finding.severity)];
    output.line(fmt::format("  {}  {}", status_label(finding.severity, output), finding.message));
    if (!finding.hint.empty()) {
      output.line(fmt::format("        {} {}", output.paint("hint:", Colour::dim), finding.hint));
    }
  }
  output.line("");
  const std::string summary = fmt::format("{} passed, {} {}, {} failed", counts[0], counts[1],
                                          counts[1] == 1 ? "warning" : "warnings", counts[2]);
  if (counts[2] > 0) {
    output.line(output.paint(summary, Colour::red) + ": fix what failed before importing");
  } else if (counts[1] > 0) {
    output.line(output.paint(summary, Colour::yellow) +
                ": ready to import; read the warnings first");
  } else {
    output.line(output.paint(summary, Colour::green) + ": ready to import");
  }
}

}  // namespace

int run_check(const GlobalOptions& global, const CheckOptions& options, Output& output) {
  // Everything the user typed is validated before anything starts (e.g. the local server).
  check::CheckInputs inputs;
  inputs.source = parse_connection_string(options.source, "source");
  inputs.max_size_bytes = parse_max_size(options.max_size);
  inputs.pg_bin_dirs = global.pg_bin_dirs;
  if (output.is_json()) {
    // --json promises one object on stdout: the local server's start is part of it, not a line.
    Output silent(false, true);
    inputs.target = resolve_target(options.target, global, silent);
  } else {
    inputs.target = resolve_target(options.target, global, output);
  }

  const auto report = check::run_checks(inputs);
  if (output.is_json()) {
    auto json = check::to_json(report);
    json["source"] = inputs.source.display();
    json["target"] = inputs.target.display();
    output.json(json);
  } else {
    print_report(report, inputs.source, inputs.target, output);
  }
  return report.has_failures() ? k_exit_failed : k_exit_ok;
}

}  // namespace pgimport::app
