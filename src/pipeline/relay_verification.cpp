#include "pipeline/relay_verification.hpp"

#include <fmt/format.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "copy/copy_pump.hpp"
#include "pg/connection.hpp"
#include "pipeline/source_session.hpp"

namespace pgimport::pipeline {
namespace {

std::string describe(const copy::RowDigest& digest) {
  return fmt::format("{} rows, digest {:016x}{:016x}", digest.rows, digest.sum_high, digest.sum_low);
}

}  // namespace

std::vector<verify::Difference> compare_with_branch(const pg::ConnInfo& branch,
                                                    const std::vector<model::TableInfo>& tables,
                                                    const std::vector<copy::RowDigest>& source_digests,
                                                    const copy::CopyPlanSettings& split, int jobs,
                                                    const std::string& client_encoding,
                                                    util::Cancellation& cancellation,
                                                    RunFailure& failure) {
  // Any split covers every row: page ranges of the branch's own heap, the last one open.
  const auto tasks = copy::plan_copy(tables, split);
  std::vector<copy::RowDigest> branch_digests(tables.size());
  std::mutex mutex;  // Guards branch_digests.
  std::atomic<std::size_t> next{0};
  {
    std::vector<std::jthread> workers;
    const auto sessions = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, jobs)), tasks.size());
    for (std::size_t worker = 0; worker < sessions; ++worker) {
      workers.emplace_back([&] {
        try {
          auto connection = pg::Connection::open(branch, pg::Endpoint::target);
          const auto guard = cancellation.on_cancel([c = connection.canceller()] { c.cancel(); });
          // The same text forms and encoding the relay saw.
          configure_target_session(connection, client_encoding);
          connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
          for (auto index = next++; index < tasks.size() && !cancellation.is_requested();
               index = next++) {
            const auto& task = tasks[index];
            const auto digest = copy::digest_table_part(connection, tables[task.table], task);
            const std::lock_guard lock(mutex);
            branch_digests[task.table].add(digest);
          }
          connection.exec("COMMIT");
        } catch (...) {
          failure.fail(std::current_exception(), cancellation);
        }
      });
    }
  }
  std::vector<verify::Difference> differences;
  for (std::size_t index = 0; index < tables.size() && index < source_digests.size(); ++index) {
    if (!(branch_digests[index] == source_digests[index])) {
      differences.push_back({.kind = "checksum",
                             .object = tables[index].display_name,
                             .source = describe(source_digests[index]),
                             .branch = describe(branch_digests[index])});
    }
  }
  return differences;
}

}  // namespace pgimport::pipeline
