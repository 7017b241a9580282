// `pgimport check SOURCE [--target T] [--max-size S]`: the pre-flight checks, as a table or
// one JSON object.
#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/check_view.hpp"
#include "app/exit_codes.hpp"
#include "app/option_values.hpp"
#include "app/target.hpp"
#include "check/checks.hpp"

namespace pgimport::app {
namespace {

std::optional<std::uint64_t> parse_max_size(const std::string& text) {
  if (text.empty()) {
    return std::nullopt;
  }
  return parse_size_option(text, "--max-size");
}

void print_report(const check::CheckReport& report, const pg::ConnInfo& source,
                  const pg::ConnInfo& target, Output& output) {
  output.line("Checking an import of " + source.display());
  output.line("                  into " + target.display());
  output.line("");
  print_findings(report, FindingsDetail::all, output);
}

}  // namespace

int run_check(const GlobalOptions& global, const CheckOptions& options, Output& output) {
  // Everything the user typed is validated before anything starts (e.g. the local server).
  check::CheckInputs inputs;
  inputs.source = parse_connection_string(options.source, "source");
  inputs.max_size_bytes = parse_max_size(options.max_size);
  inputs.pg_bin_dirs = global.pg_bin_dirs;
  inputs.keep_owners = options.keep_owners;
  inputs.keep_privileges = options.keep_privileges;
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
