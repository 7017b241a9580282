#include <fmt/format.h>

#include <thread>

#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/signals.hpp"
#include "app/target.hpp"
#include "pg/connection.hpp"
#include "pg/redact.hpp"
#include "pipeline/relay_verification.hpp"
#include "verify/verify.hpp"

namespace pgimport::app {
namespace {

// Function bodies and big values can be long: the terminal gets the start, --json all of it.
constexpr std::size_t k_shown_definition = 400;

std::string shown(const std::string& definition) {
  if (definition.empty()) {
    return "(absent)";
  }
  if (definition.size() <= k_shown_definition) {
    return definition;
  }
  return definition.substr(0, k_shown_definition) +
         fmt::format("... ({} more characters; --json has all)", definition.size() - k_shown_definition);
}

void print_report(const verify::VerifyReport& report, Output& output) {
  const auto summary = fmt::format("Compared {} objects, {} tables, {} rows: ", report.objects_compared,
                                   report.tables_compared, report.rows_compared);
  if (report.is_equal()) {
    output.line(summary + output.paint("equal", Colour::green));
    return;
  }
  output.line(summary + output.paint(fmt::format("{} difference{}", report.differences.size(),
                                                 report.differences.size() == 1 ? "" : "s"),
                                     Colour::red));
  for (const auto& difference : report.differences) {
    output.line(fmt::format("  {} {}", difference.kind, output.paint(difference.object, Colour::bold)));
    output.line("    source: " + shown(difference.source));
    output.line("    branch: " + shown(difference.branch));
  }
}

// Ctrl-C or SIGTERM stopped the verification.
class Cancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

int default_jobs() {
  return static_cast<int>(std::max(2U, std::thread::hardware_concurrency()));
}

// The schema and row counts through verify::verify_branch; at full, the rows' content through
// COPY digests of both sides, read at once: one sequential read of each side.
verify::VerifyReport verify_both_ways(verify::VerifyInputs inputs) {
  util::Cancellation cancellation;
  const SignalCanceller signals(cancellation);
  inputs.cancellation = &cancellation;
  const bool is_full = inputs.level == verify::Level::full;
  auto report = verify::verify_branch(inputs);
  if (is_full) {
    const auto content = pipeline::compare_by_copy(inputs.source, inputs.branch, inputs.jobs,
                                                   cancellation);
    report.differences.insert(report.differences.end(), content.differences.begin(),
                              content.differences.end());
  }
  if (cancellation.is_requested()) {
    throw Cancelled(cancellation.reason());
  }
  return report;
}

}  // namespace

int run_verify(const GlobalOptions& global, const VerifyOptions& options, Output& output) {
  verify::VerifyInputs inputs;
  inputs.source = parse_connection_string(options.source, "source");
  if (options.branch.empty()) {
    throw UsageError("branch: give the name of the branch database");
  }
  inputs.level = options.level == "full" ? verify::Level::full : verify::Level::counts;
  inputs.jobs = options.jobs > 0 ? options.jobs : default_jobs();
  try {
    inputs.branch = resolve_target(options.target, global, output).with_database(options.branch);
    output.line(fmt::format("Verifying {} against {} (level {})", inputs.branch.display(),
                            inputs.source.display(), verify::to_string(inputs.level)));
    output.line("Reading the source as it is now: writes made to it after the import show up as "
                "differences.");
    const auto report = verify_both_ways(inputs);
    if (output.is_json()) {
      auto event = verify::to_json(report);
      event["event"] = "verify";
      event["level"] = verify::to_string(inputs.level);
      event["source"] = inputs.source.display();
      event["branch"] = inputs.branch.display();
      output.json(event);
    } else {
      print_report(report, output);
    }
    return report.is_equal() ? k_exit_ok : k_exit_failed;
  } catch (const Cancelled& cancelled) {
    output.error(cancelled.what());
    return k_exit_cancelled;
  } catch (const pg::ConnectError& error) {
    output.error(error.failure().message, error.failure().hint);
    return k_exit_failed;
  } catch (const pg::Error& error) {
    if (error.is_query_canceled()) {
      output.error("verification cancelled");
      return k_exit_cancelled;
    }
    output.error(pg::redact(error.what()));
    return k_exit_failed;
  }
}

}  // namespace pgimport::app
