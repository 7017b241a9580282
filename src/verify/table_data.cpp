#include "verify/table_data.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <thread>

#include "util/work_sharing.hpp"
#include "verify/session.hpp"

namespace pgimport::verify {
namespace {

// A worker's sessions: the branch's from the start, the source's only at the first table
// whose source rows are not known already (during an import COPY counted them all).
class SidePair {
 public:
  explicit SidePair(const VerifyInputs& inputs)
      : m_inputs(inputs),
        m_branch(open_session(inputs.branch, pg::Endpoint::target)),
        m_branch_guard(cancel_on(inputs.cancellation, m_branch)) {
    begin_read(m_branch, std::nullopt);
  }

  pg::Connection& branch() { return m_branch; }

  pg::Connection& source() {
    if (!m_source) {
      m_source.emplace(open_session(m_inputs.source, pg::Endpoint::source));
      if (auto guard = cancel_on(m_inputs.cancellation, *m_source)) {
        m_source_guard.emplace(std::move(*guard));
      }
      begin_read(*m_source, m_inputs.snapshot);
    }
    return *m_source;
  }

  void commit() {
    if (m_source) {
      m_source->exec("COMMIT");
    }
    m_branch.exec("COMMIT");
  }

 private:
  const VerifyInputs& m_inputs;
  // Each guard is declared after its session: it goes first, while the session still exists.
  pg::Connection m_branch;
  std::optional<util::Cancellation::Guard> m_branch_guard;
  std::optional<pg::Connection> m_source;
  std::optional<util::Cancellation::Guard> m_source_guard;
};

struct KnownRows {
  std::optional<std::uint64_t> source;
  std::optional<std::uint64_t> branch;
};

KnownRows known_rows(const VerifyInputs& inputs, const DataTable& table) {
  return {find_known_rows(inputs.known_source_rows, table.schema, table.name, table.object),
          find_known_rows(inputs.known_branch_rows, table.schema, table.name, table.object)};
}

TableSide read_side(pg::Connection& connection, const DataTable& table) {
  const auto quoted = connection.quote_identifier(table.schema) + "." + connection.quote_identifier(table.name);
  const auto count = connection.exec(table_query(quoted, table.filter)).int_value(0, 0);
  return TableSide{.rows = static_cast<std::uint64_t>(count)};
}

// Counts the sides not known yet; both at once on a helper thread for the source.
void compare_one(SidePair& sessions, const KnownRows& known, TableResult& result) {
  if (known.source) {
    result.source.rows = *known.source;
    result.branch = read_side(sessions.branch(), result.table);
    return;
  }
  if (known.branch) {
    result.branch.rows = *known.branch;
    result.source = read_side(sessions.source(), result.table);
    return;
  }
  auto& source = sessions.source();
  std::exception_ptr source_error;
  std::thread source_reader([&] {
    try {
      result.source = read_side(source, result.table);
    } catch (...) {
      source_error = std::current_exception();
    }
  });
  try {
    result.branch = read_side(sessions.branch(), result.table);
  } catch (...) {
    source.canceller().cancel();
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
  std::vector<KnownRows> known;
  known.reserve(tables.size());
  std::vector<std::size_t> to_read;  // tables with a side still to count
  for (auto& table : tables) {
    known.push_back(known_rows(inputs, table));
    results.push_back({std::move(table), {}, {}});
    if (known.back().source && known.back().branch) {
      results.back().source.rows = *known.back().source;
      results.back().branch.rows = *known.back().branch;
    } else {
      to_read.push_back(results.size() - 1);
    }
  }
  // Largest first, so the longest scans do not start last.
  std::stable_sort(to_read.begin(), to_read.end(), [&](std::size_t left, std::size_t right) {
    return results[left].table.bytes > results[right].table.bytes;
  });
  const auto workers = std::min(static_cast<std::size_t>(std::max(1, inputs.jobs)), to_read.size());
  std::vector<std::optional<SidePair>> sessions(workers);  // opened at a worker's first table
  util::share_work(workers, to_read.size(), [&](std::size_t worker, std::size_t item) {
    if (inputs.cancellation != nullptr && inputs.cancellation->is_requested()) {
      return;
    }
    if (!sessions[worker]) {
      sessions[worker].emplace(inputs);
    }
    compare_one(*sessions[worker], known[to_read[item]], results[to_read[item]]);
  });
  for (auto& pair : sessions) {
    if (pair) {
      pair->commit();
    }
  }
  return results;
}

}  // namespace pgimport::verify
