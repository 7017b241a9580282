#include "pipeline/relay_verification.hpp"

#include <fmt/format.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "copy/copy_pump.hpp"
#include "pg/connection.hpp"
#include "inspect/source_catalog.hpp"
#include "pipeline/source_session.hpp"

namespace pgimport::pipeline {
namespace {

std::string describe(const copy::RowDigest& digest) {
  return fmt::format("{} rows, digest {:016x}{:016x}", digest.rows, digest.sum_high, digest.sum_low);
}

}  // namespace

std::vector<copy::RowDigest> digest_tables(const pg::ConnInfo& database, pg::Endpoint endpoint,
                                           const std::vector<model::TableInfo>& tables,
                                           const copy::CopyPlanSettings& split, int jobs,
                                           const std::string& client_encoding,
                                           const std::optional<std::string>& snapshot,
                                           util::Cancellation& cancellation, RunFailure& failure) {
  // Any split covers every row: page ranges of this side's own heap, the last one open.
  const auto tasks = copy::plan_copy(tables, split);
  std::vector<copy::RowDigest> digests(tables.size());
  std::mutex mutex;  // Guards digests.
  std::atomic<std::size_t> next{0};
  std::vector<std::jthread> workers;
  const auto sessions = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, jobs)), tasks.size());
  for (std::size_t worker = 0; worker < sessions; ++worker) {
    workers.emplace_back([&] {
      try {
        auto connection = pg::Connection::open(database, endpoint);
        const auto guard = cancellation.on_cancel([c = connection.canceller()] { c.cancel(); });
        // The same text forms and encoding on both sides (and as the relay saw them).
        pin_text_formats(connection, client_encoding);
        if (snapshot) {
          join_snapshot(connection, *snapshot);
        } else {
          connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        }
        for (auto index = next++; index < tasks.size() && !cancellation.is_requested();
             index = next++) {
          const auto& task = tasks[index];
          const auto digest = copy::digest_table_part(connection, tables[task.table], task);
          const std::lock_guard lock(mutex);
          digests[task.table].add(digest);
        }
        connection.exec("COMMIT");
      } catch (...) {
        failure.fail(std::current_exception(), cancellation);
      }
    });
  }
  workers.clear();  // joins
  return digests;
}

std::vector<verify::Difference> compare_digests(const std::vector<model::TableInfo>& tables,
                                                const std::vector<copy::RowDigest>& source,
                                                const std::vector<copy::RowDigest>& branch) {
  std::vector<verify::Difference> differences;
  for (std::size_t index = 0; index < tables.size() && index < source.size() && index < branch.size();
       ++index) {
    if (!(branch[index] == source[index])) {
      differences.push_back({.kind = "checksum",
                             .object = tables[index].display_name,
                             .source = describe(source[index]),
                             .branch = describe(branch[index])});
    }
  }
  return differences;
}

std::vector<verify::Difference> compare_with_branch(const pg::ConnInfo& branch,
                                                    const std::vector<model::TableInfo>& tables,
                                                    const std::vector<copy::RowDigest>& source_digests,
                                                    const copy::CopyPlanSettings& split, int jobs,
                                                    const std::string& client_encoding,
                                                    util::Cancellation& cancellation,
                                                    RunFailure& failure) {
  const auto branch_digests = digest_tables(branch, pg::Endpoint::target, tables, split, jobs,
                                            client_encoding, std::nullopt, cancellation, failure);
  return compare_digests(tables, source_digests, branch_digests);
}

CopyComparison compare_by_copy(const pg::ConnInfo& source, const pg::ConnInfo& branch, int jobs,
                               util::Cancellation& cancellation) {
  auto catalog_session = pg::Connection::open(source, pg::Endpoint::source);
  catalog_session.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  const auto catalog = inspect::read_source_catalog(catalog_session);
  catalog_session.exec("COMMIT");
  const auto encoding = catalog_session.parameter_status("server_encoding");
  const copy::CopyPlanSettings split{.split_threshold_bytes = 512ull * 1024 * 1024, .jobs = jobs};
  RunFailure failure;
  std::vector<copy::RowDigest> source_digests;
  std::vector<copy::RowDigest> branch_digests;
  {
    // Both sides at once: one sequential read each.
    std::jthread source_side([&] {
      source_digests = digest_tables(source, pg::Endpoint::source, catalog.tables, split, jobs,
                                     encoding, std::nullopt, cancellation, failure);
    });
    branch_digests = digest_tables(branch, pg::Endpoint::target, catalog.tables, split, jobs,
                                   encoding, std::nullopt, cancellation, failure);
  }
  failure.rethrow_if_failed();
  CopyComparison comparison;
  comparison.differences = compare_digests(catalog.tables, source_digests, branch_digests);
  comparison.tables = catalog.tables.size();
  for (const auto& digest : source_digests) {
    comparison.rows += digest.rows;
  }
  return comparison;
}

}  // namespace pgimport::pipeline
