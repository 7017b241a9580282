#include "pipeline/pre_data_restore.hpp"

#include <fmt/format.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "pg/connection.hpp"
#include "pg/redact.hpp"
#include "pipeline/run_failure.hpp"
#include "schema/pre_data_plan.hpp"

namespace pgimport::pipeline {
namespace {

// Even two tables are worth it: opening the sessions costs a few milliseconds.
constexpr std::size_t k_min_parallel_run = 2;

pg::Connection open_restore_session(const schema::RestoreSettings& settings,
                                    const schema::RestoreScript& script) {
  auto connection = pg::Connection::open(settings.branch, pg::Endpoint::target);
  // Each entry commits on its own: the branch is not in use until the import completes.
  connection.exec("SET synchronous_commit = off");
  if (!script.preamble.empty()) {
    connection.exec(script.preamble);
  }
  return connection;
}

// An entry's own failure (it may have run before what it needs), as opposed to a lost
// connection or a stop, which end the restore.
bool is_entry_failure(const pg::Error& error) {
  return !error.is_connection_failure() && !error.is_query_canceled();
}

std::string entry_sql(const schema::RestoreScript& script, std::size_t index) {
  return script.settings[index].empty() ? script.sql[index]
                                        : script.settings[index] + "\n" + script.sql[index];
}

// Runs every entry once on `jobs` sessions; returns the indexes of those that failed with an
// SQL error (a dependency not there yet), in order. Lost connections and cancellation throw.
std::vector<std::size_t> run_spread(const schema::RestoreSettings& settings,
                                    const schema::RestoreScript& script, int jobs,
                                    util::Cancellation& cancellation) {
  std::atomic<std::size_t> next{0};
  std::mutex mutex;  // Guards failed.
  std::vector<std::size_t> failed;
  RunFailure failure;
  {
    std::vector<std::jthread> workers;
    const auto sessions = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, jobs)),
                                                script.sql.size());
    for (std::size_t worker = 0; worker < sessions; ++worker) {
      workers.emplace_back([&] {
        try {
          auto connection = open_restore_session(settings, script);
          const auto guard = cancellation.on_cancel([c = connection.canceller()] { c.cancel(); });
          for (auto index = next++; index < script.sql.size() && !cancellation.is_requested();
               index = next++) {
            try {
              connection.exec(entry_sql(script, index));
            } catch (const pg::Error& error) {
              if (!is_entry_failure(error)) {
                throw;
              }
              const std::lock_guard lock(mutex);
              failed.push_back(index);
            }
          }
        } catch (...) {
          failure.fail(std::current_exception(), cancellation);
        }
      });
    }
  }
  failure.rethrow_if_failed();
  if (cancellation.is_requested()) {
    throw std::runtime_error(cancellation.reason());
  }
  std::sort(failed.begin(), failed.end());
  return failed;
}

// The entries that failed, again, one after another in pg_dump's order: whatever they need
// now exists. A second failure is the entry's own, and names it.
void rerun_in_order(const schema::RestoreSettings& settings, const schema::RestoreScript& script,
                    const std::vector<schema::TocEntry>& entries,
                    const std::vector<std::size_t>& failed, util::Cancellation& cancellation) {
  if (failed.empty()) {
    return;  // nothing to rerun: no session to open (a connection costs ~15 ms)
  }
  auto connection = open_restore_session(settings, script);
  const auto guard = cancellation.on_cancel([c = connection.canceller()] { c.cancel(); });
  for (const auto index : failed) {
    try {
      connection.exec(entry_sql(script, index));
    } catch (const pg::Error& error) {
      if (!is_entry_failure(error)) {
        throw;
      }
      throw schema::SchemaError(fmt::format("restoring the pre-data section failed at {} {}: {}",
                                            entries[index].kind, entries[index].object,
                                            pg::redact(error.what())));
    }
  }
}

}  // namespace

PreDataStats restore_pre_data(const schema::SchemaDump& dump, const schema::RestoreSettings& settings,
                              int jobs, util::Cancellation& cancellation) {
  PreDataStats stats;
  const auto entries = dump.pre_data_entries(settings);
  stats.entries = entries.size();
  if (jobs <= 1) {
    dump.restore_in_one_transaction(settings, entries, "pre-data section", cancellation);
    return stats;
  }
  for (const auto& segment : schema::plan_pre_data(entries, k_min_parallel_run)) {
    std::optional<schema::RestoreScript> script;
    if (segment.is_parallel) {
      script = dump.script(settings, segment.entries, cancellation);
    }
    if (!script) {
      // pg_restore's own order and handling; also when its SQL could not be cut per entry.
      dump.restore_in_one_transaction(settings, segment.entries, "pre-data section", cancellation);
      continue;
    }
    const auto failed = run_spread(settings, *script, jobs, cancellation);
    rerun_in_order(settings, *script, segment.entries, failed, cancellation);
    stats.parallel_entries += segment.entries.size();
    stats.rerun_entries += failed.size();
  }
  return stats;
}

}  // namespace pgimport::pipeline
