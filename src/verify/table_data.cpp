#include "verify/table_data.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "verify/session.hpp"

namespace pgimport::verify {
namespace {

struct SidePair {
  pg::Connection source;
  pg::Connection branch;
};

TableSide read_side(pg::Connection& connection, const DataTable& table) {
  const auto quoted = connection.quote_identifier(table.schema) + "." + connection.quote_identifier(table.name);
  const auto count = connection.exec(table_query(quoted, table.filter)).int_value(0, 0);
  return TableSide{.rows = static_cast<std::uint64_t>(count)};
}

// Reads the source on a helper thread while this thread reads the branch.
void compare_one(SidePair& sessions, const VerifyInputs& inputs, TableResult& result) {
  const auto known = find_known_rows(inputs.known_source_rows, result.table.schema,
                                     result.table.name, result.table.object);
  if (known) {
    result.source.rows = *known;
    if (const auto branch_known = find_known_rows(inputs.known_branch_rows, result.table.schema,
                                                  result.table.name, result.table.object)) {
      result.branch.rows = *branch_known;
      return;
    }
    result.branch = read_side(sessions.branch, result.table);
    return;
  }
  std::exception_ptr source_error;
  std::thread source_reader([&] {
    try {
      result.source = read_side(sessions.source, result.table);
    } catch (...) {
      source_error = std::current_exception();
    }
  });
  try {
    result.branch = read_side(sessions.branch, result.table);
  } catch (...) {
    sessions.source.canceller().cancel();
    source_reader.join();
    throw;
  }
  source_reader.join();
  if (source_error) {
    std::rethrow_exception(source_error);
  }
}

}  // namespace

std::string table_query(const std::string& quoted_table, const std::string& filter) {
  return "SELECT count(*) FROM ONLY " + quoted_table + (filter.empty() ? "" : " " + filter);
}

std::vector<TableResult> compare_table_data(const VerifyInputs& inputs, std::vector<DataTable> tables) {
  std::vector<TableResult> results;
  results.reserve(tables.size());
  for (auto& table : tables) {
    results.push_back({std::move(table), {}, {}});
  }
  // Largest first, so the longest scans do not start last.
  std::vector<std::size_t> order(results.size());
  for (std::size_t index = 0; index < order.size(); ++index) {
    order[index] = index;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return results[left].table.bytes > results[right].table.bytes;
  });

  std::atomic<std::size_t> next{0};
  std::atomic<bool> is_stopping{false};
  std::mutex error_mutex;
  std::exception_ptr first_error;  // Guarded by error_mutex.
  const auto workers = static_cast<std::size_t>(std::max(1, inputs.jobs));
  const auto worker_count = std::min(workers, results.size());
  {
    std::vector<std::jthread> threads;
    for (std::size_t worker = 0; worker < worker_count; ++worker) {
      threads.emplace_back([&] {
        try {
          SidePair sessions{open_session(inputs.source, pg::Endpoint::source),
                            open_session(inputs.branch, pg::Endpoint::target)};
          const auto source_guard = cancel_on(inputs.cancellation, sessions.source);
          const auto branch_guard = cancel_on(inputs.cancellation, sessions.branch);
          begin_read(sessions.source, inputs.snapshot);
          begin_read(sessions.branch, std::nullopt);
          const auto is_cancelled = [&] {
            return inputs.cancellation != nullptr && inputs.cancellation->is_requested();
          };
          for (auto index = next++; index < order.size() && !is_stopping && !is_cancelled();
               index = next++) {
            compare_one(sessions, inputs, results[order[index]]);
          }
          sessions.source.exec("COMMIT");
          sessions.branch.exec("COMMIT");
        } catch (...) {
          is_stopping = true;
          const std::lock_guard lock(error_mutex);
          if (!first_error) {
            first_error = std::current_exception();
          }
        }
      });
    }
  }
  if (first_error) {
    std::rethrow_exception(first_error);
  }
  return results;
}

}  // namespace pgimport::verify
