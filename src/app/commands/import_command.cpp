#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/option_values.hpp"
#include "app/progress_view.hpp"
#include "app/signals.hpp"
#include "app/target.hpp"
#include "copy/copy_plan.hpp"
#include "pipeline/import_run.hpp"
#include "pipeline/summary_json.hpp"
#include "util/units.hpp"

namespace pgimport::app {
namespace {

int default_jobs() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void set_split_threshold(const ImportOptions& options, pipeline::ImportSettings& settings) {
  std::optional<std::uint64_t> requested;
  if (!options.split_threshold.empty()) {
    requested = parse_size_option(options.split_threshold, "--split-threshold");
  }
  auto choice = copy::choose_split(requested, settings.target.is_on_this_machine(),
                                   std::max(1u, std::thread::hardware_concurrency()));
  settings.split_threshold_bytes = choice.threshold_bytes;
  settings.whole_tables_reason = std::move(choice.whole_tables_reason);
}

pipeline::ImportSettings make_settings(const GlobalOptions& global, const ImportOptions& options,
                                       Output& output) {
  pipeline::ImportSettings settings;
  settings.source = parse_connection_string(options.source, "source");
  if (!options.branch.empty()) {
    settings.branch_name = options.branch;
  }
  settings.jobs = options.jobs > 0 ? options.jobs : default_jobs();
  settings.index_jobs = options.index_jobs > 0 ? options.index_jobs : default_jobs();
  settings.skip_checks = options.skip_checks;
  settings.keep_owners = options.keep_owners;
  settings.keep_privileges = options.keep_privileges;
  settings.drop_on_failure = options.drop_on_failure;
  settings.lock_timeout = parse_duration_option(options.lock_timeout, "--lock-timeout");
  if (!options.timeout.empty()) {
    settings.timeout = parse_duration_option(options.timeout, "--timeout");
  }
  if (!options.max_size.empty()) {
    settings.max_size_bytes = parse_size_option(options.max_size, "--max-size");
  }
  settings.verify = options.verify == "none"   ? pipeline::VerifyLevel::none
                    : options.verify == "full" ? pipeline::VerifyLevel::full
                                               : pipeline::VerifyLevel::counts;
  settings.pg_bin_dirs = global.pg_bin_dirs;
  // Validate everything the user typed before starting anything (the local server included).
  settings.target = resolve_target(options.target, global, output);
  set_split_threshold(options, settings);
  return settings;
}

void print_summary(const pipeline::ImportSummary& summary, Output& output) {
  output.line("");
  for (const auto& [name, seconds] : summary.phase_seconds) {
    output.line(fmt::format("  {:<30} {:>10}", name, util::format_duration(seconds)));
  }
  output.line(fmt::format("  {:<30} {:>10}", "total", util::format_duration(summary.total_seconds)));
  if (summary.tables > 0) {
    const double data_seconds = [&] {
      for (const auto& [name, seconds] : summary.phase_seconds) {
        if (name == "data") {
          return seconds;
        }
      }
      return 0.0;
    }();
    output.line(fmt::format("  moved {} rows, {} in {} tables ({}); {} sequences, {} large objects",
                            summary.rows, util::format_bytes(summary.bytes), summary.tables,
                            util::format_rate(data_seconds > 0 ? static_cast<double>(summary.bytes) / data_seconds : 0),
                            summary.sequences, summary.large_objects));
  }
  // Every skipped entry is in the JSON summary; a terminal gets the first ones (a database
  // can hold thousands of GRANTs, all left out for one reason).
  constexpr std::size_t k_skipped_lines = 20;
  for (std::size_t index = 0; index < summary.skipped.size() && index < k_skipped_lines; ++index) {
    output.line("  skipped: " + summary.skipped[index]);
  }
  if (summary.skipped.size() > k_skipped_lines) {
    output.line(fmt::format("  skipped: {} more (--json lists every one)", summary.skipped.size() - k_skipped_lines));
  }
  if (summary.verification) {
    const auto& report = *summary.verification;
    output.line(fmt::format("  verified: {} objects, {} tables, {} rows compared; {} difference(s)",
                            report.objects_compared, report.tables_compared, report.rows_compared,
                            report.differences.size()));
    for (const auto& difference : report.differences) {
      output.line(fmt::format("    {} {}: source [{}] branch [{}]", difference.kind, difference.object,
                              difference.source, difference.branch));
    }
  }
}

void print_next_steps(const pipeline::ImportSummary& summary, Output& output) {
  const auto url = summary.branch_conninfo ? summary.branch_conninfo->display() : std::string();
  output.line("");
  output.line(output.paint(fmt::format("Import complete: branch \"{}\"", summary.branch), Colour::green));
  output.line("Next steps:");
  output.line(fmt::format("  1. Try it:      psql \"{}\"", url));
  output.line(fmt::format("  2. Make it the database applications use:"));
  output.line(fmt::format("                  pgimport branches promote {} --as <name>", summary.branch));
  output.line("  3. Point your application's connection string at the new database.");
}

}  // namespace

int run_import(const GlobalOptions& global, const ImportOptions& options, Output& output) {
  util::Cancellation cancellation;
  const SignalCanceller signals(cancellation);
  const auto settings = make_settings(global, options, output);
  progress::ProgressBoard board;
  ProgressView view(output, board);
  output.line(fmt::format("Importing {} into {}", settings.source.display(), settings.target.display()));
  const auto summary = pipeline::run_import(settings, view, board, cancellation);
  view.stop();

  output.json(pipeline::summary_json(summary));
  print_summary(summary, output);
  switch (summary.outcome) {
    case pipeline::ImportOutcome::complete:
      print_next_steps(summary, output);
      return k_exit_ok;
    case pipeline::ImportOutcome::checks_failed:
      output.error(summary.error);
      return k_exit_failed;
    case pipeline::ImportOutcome::cancelled:
    case pipeline::ImportOutcome::failed: {
      // summary.branch names the branch as soon as it is chosen; branch_conninfo is set only
      // once the database exists. A refused name (it already exists) created nothing, and that
      // database must not be called "marked failed".
      const bool is_branch_created = !summary.branch.empty() && summary.branch_conninfo;
      const std::string fate =
          !is_branch_created              ? "no branch was created"
          : summary.is_branch_dropped     ? fmt::format("branch \"{}\" was dropped", summary.branch)
                                          : fmt::format("branch \"{}\" is marked failed", summary.branch);
      output.error(fmt::format("import {}: {}", summary.outcome == pipeline::ImportOutcome::cancelled
                                                    ? "cancelled" : "failed",
                               summary.error),
                   fate);
      return summary.outcome == pipeline::ImportOutcome::cancelled ? k_exit_cancelled : k_exit_failed;
    }
  }
  return k_exit_internal;
}

}  // namespace pgimport::app
