#pragma once
// Which COPY tasks move the data: one per table, or, for a table larger than the split
// threshold, one per range of heap pages (PostgreSQL 14+ reads a ctid range with a TID
// Range Scan, touching only those pages). Largest first, so the longest task starts first.
#include <cstdint>
#include <string>
#include <vector>

#include "model/table.hpp"

namespace pgimport::copy {

struct CopyTask {
  std::size_t table = 0;         // index into the table list
  int part = 0;                  // 0-based part number
  int parts = 1;                 // 1 = the whole table
  std::uint64_t first_page = 0;  // for parts: [first_page, end_page)
  std::uint64_t end_page = 0;    // 0 on the last part: no upper bound (rows past the estimate)
  std::uint64_t bytes = 0;       // estimate, for scheduling

  bool is_whole_table() const noexcept { return parts == 1; }
};

struct CopyPlanSettings {
  std::uint64_t split_threshold_bytes = 512ull * 1024 * 1024;
  int jobs = 2;
  int max_parts = 64;
};

std::vector<CopyTask> plan_copy(const std::vector<model::TableInfo>& tables,
                                const CopyPlanSettings& settings);

enum class CopyFormat { text, binary };

// COPY ... TO STDOUT for the source side of a task (a query with a ctid range for parts).
std::string source_copy_sql(const model::TableInfo& table, const CopyTask& task, CopyFormat format);
// COPY ... FROM STDIN for the target side; FREEZE only where the loading transaction
// truncated the table (whole-table tasks of ordinary tables).
std::string target_copy_sql(const model::TableInfo& table, CopyFormat format, bool is_freeze);

}  // namespace pgimport::copy
