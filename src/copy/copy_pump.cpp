#include "copy/copy_pump.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace pgimport::copy {
namespace {

// Progress is published in steps, not per row: one atomic add per ~256 kB.
constexpr std::uint64_t k_progress_step = 256 * 1024;

std::string describe(const model::TableInfo& table, const CopyTask& task) {
  if (task.is_whole_table()) {
    return table.display_name;
  }
  return fmt::format("{} (part {}/{})", table.display_name, task.part + 1, task.parts);
}

// Fault injection for the tests that prove verification catches damage (never set in
// use): the table named by PGIMPORT_TEST_DAMAGE_TABLE reaches the target with its first row
// replaced by a copy of its second — the same row count, other rows, as a faulty network or
// target could do. The digest is of what the source sent.
bool is_damaged_in_tests(const model::TableInfo& table) {
  const char* name = std::getenv("PGIMPORT_TEST_DAMAGE_TABLE");
  return name != nullptr && table.display_name == name;
}

constexpr std::string_view k_binary_signature{"PGCOPY\n\377\r\n\0", 11};

// The source sends one CopyData message per row; the target takes the stream in messages of
// any size. Sending ~64 kB messages instead of rows spares the loading backend — the
// bottleneck of a load — a message's overhead per row, for one memcpy here.
class BatchedCopyIn {
 public:
  explicit BatchedCopyIn(pg::Connection& target) : m_target(target) { m_buffer.reserve(k_batch); }
  void put(std::string_view data) {
    m_buffer.append(data);
    if (m_buffer.size() >= k_batch) {
      flush();
    }
  }
  void flush() {
    if (!m_buffer.empty()) {
      m_target.put_copy_data(m_buffer);
      m_buffer.clear();
    }
  }

 private:
  static constexpr std::size_t k_batch = 64 * 1024;
  pg::Connection& m_target;
  std::string m_buffer;
};

std::uint64_t relay(pg::Connection& source, pg::Connection& target,
                    progress::ProgressBoard& progress, RowDigest* digest, bool is_damaged) {
  std::uint64_t bytes = 0;
  std::uint64_t unpublished = 0;
  pg::CopyChunk chunk;
  BatchedCopyIn batch(target);
  bool is_first_row_held = false;
  while (source.get_copy_data(chunk)) {
    const auto data = chunk.view();
    if (is_damaged && !data.starts_with(k_binary_signature)) {
      if (!is_first_row_held) {
        is_first_row_held = true;  // the first row: not sent
        if (digest != nullptr) {
          digest->add_message(data);
        }
        continue;
      }
      batch.put(data);  // the second: sent once more, in the first one's place
      is_damaged = false;
    }
    batch.put(data);
    if (digest != nullptr) {
      digest->add_message(data);
    }
    bytes += data.size();
    unpublished += data.size();
    if (unpublished >= k_progress_step) {
      progress.add_bytes(unpublished);
      unpublished = 0;
    }
  }
  batch.flush();
  progress.add_bytes(unpublished);
  return bytes;
}

// Has the loading session report its insert counts as soon as the load ends (it is idle
// again), not up to a second later: an index session analyzes the table next, and counts
// arriving after that ANALYZE made the branch look modified since, so autovacuum analyzed its
// tables again after the import (half of 80 small tables in a test). Sent in the COPY's own
// query string: no round trip. PostgreSQL 14's statistics have no such call.
std::string flush_statistics_after(const pg::Connection& target) {
  return target.server_version() >= 150000 ? "SELECT pg_catalog.pg_stat_force_next_flush(); "
                                            : std::string();
}

}  // namespace

CopyOutcome run_copy_task(pg::Connection& source, pg::Connection& target,
                          const model::TableInfo& table, const CopyTask& task,
                          progress::ProgressBoard& progress, bool is_digested) {
  const auto format = copy_format(table);
  const std::string what = describe(table, task);
  // FREEZE needs the table truncated in the loading transaction (so the rows need no later
  // freezing, and a rerun of the task starts from empty). Parts share their table, and an
  // extension's configuration table already holds the rows its script made: neither is
  // truncated. Nor is a small table: the branch's table is new and empty, and swapping its
  // file costs more than freezing a few pages ever saves (thousands of small tables).
  const bool is_freeze = task.is_whole_table() && !table.extension_filter &&
                         !table.is_small();
  if (is_freeze) {
    target.exec("BEGIN");
    target.exec("TRUNCATE ONLY " + table.qualified_name);
  }
  source.start_copy_out(source_copy_sql(table, task, format), "COPY " + what + " TO STDOUT");
  target.start_copy_in(flush_statistics_after(target) + target_copy_sql(table, format, is_freeze),
                       "COPY " + what + " FROM STDIN");
  CopyOutcome outcome;
  outcome.bytes = relay(source, target, progress, is_digested ? &outcome.digest : nullptr,
                        is_damaged_in_tests(table));
  const auto rows_sent = source.finish_copy_out();
  outcome.rows = target.end_copy_in();
  if (rows_sent != outcome.rows) {
    // Never commit a load that does not match what the source sent.
    throw std::runtime_error(fmt::format("{}: the source sent {} rows but the target loaded {}",
                                         what, rows_sent, outcome.rows));
  }
  if (is_freeze) {
    target.exec("COMMIT");
  }
  progress.add_rows(outcome.rows);
  return outcome;
}

CopyFormat copy_format(const model::TableInfo& table) {
  return table.is_binary_safe ? CopyFormat::binary : CopyFormat::text;
}

RowDigest digest_table_part(pg::Connection& connection, const model::TableInfo& table,
                            const CopyTask& task) {
  RowDigest digest;
  connection.start_copy_out(source_copy_sql(table, task, copy_format(table)),
                            "reading back " + describe(table, task));
  pg::CopyChunk chunk;
  while (connection.get_copy_data(chunk)) {
    digest.add_message(chunk.view());
  }
  connection.finish_copy_out();
  return digest;
}

}  // namespace pgimport::copy
