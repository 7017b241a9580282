#pragma once
// Which COPY tasks move the data: one per table, or, for a table larger than the split
// threshold, one per range of heap pages (PostgreSQL 14+ reads a ctid range with a TID
// Range Scan, touching only those pages). Largest first, so the longest task starts first.
#include <cstdint>
#include <limits>
#include <optional>
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
  // Loaded one after another, in the plan's order, by one worker: an extension's
  // configuration tables, whose foreign keys check rows while they load.
  bool is_chained = false;

  bool is_whole_table() const noexcept { return parts == 1; }
};

constexpr std::uint64_t k_default_split_threshold = 512ull * 1024 * 1024;
constexpr std::uint64_t k_never_split = std::numeric_limits<std::uint64_t>::max();

// Whether loading parts of one table side by side can pay when the target runs on this
// machine and shares its `cores`. A loading backend keeps a core busy, and its table's
// reader (source backend and relay) about half another; two of them on one table also wait
// on each other for its extension lock and lose COPY FREEZE, so every page's hint bits are
// set (and the page written again) by the first index build. On 2 cores that costs more
// than the second session gains (measured: docs/ARCHITECTURE.md, "Whole tables on a small
// machine").
bool are_parts_worthwhile(unsigned cores);

struct SplitChoice {
  std::uint64_t threshold_bytes = k_default_split_threshold;
  std::string whole_tables_reason;  // why no table is split, when that was chosen here
};

// The size the user asked for, else the default — or no splitting when the target shares
// this machine and parts are not worthwhile on its cores.
SplitChoice choose_split(std::optional<std::uint64_t> requested_bytes, bool is_target_on_this_machine,
                         unsigned cores);

// The size from which a table is read in parts (verification's read-back) and counted by
// parallel workers: the copy's, or the default when the copy keeps tables whole. What makes
// a whole-table copy pay on 2 cores (one loading session, COPY FREEZE, no contention for the
// table's last page) does not hold for reading: a 1.3 GB table read back whole left one
// core idle at the end of the import (docs/BENCHMARKS.md, session 18).
std::uint64_t read_split_threshold(std::uint64_t copy_split_threshold_bytes);

struct CopyPlanSettings {
  std::uint64_t split_threshold_bytes = k_default_split_threshold;
  int jobs = 2;
  int max_parts = 64;
};

// Chained tasks first (each configuration table after those it references; a cycle keeps
// the source's order), then the rest largest first.
std::vector<CopyTask> plan_copy(const std::vector<model::TableInfo>& tables,
                                const CopyPlanSettings& settings);

enum class CopyFormat { text, binary };

// COPY ... TO STDOUT for the source side of a task (a query with a ctid range for parts).
std::string source_copy_sql(const model::TableInfo& table, const CopyTask& task, CopyFormat format);
// COPY ... FROM STDIN for the target side; FREEZE only where the loading transaction
// truncated the table (whole-table tasks of ordinary tables).
std::string target_copy_sql(const model::TableInfo& table, CopyFormat format, bool is_freeze);

}  // namespace pgimport::copy
