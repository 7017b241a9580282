#pragma once
// Moves one CopyTask from source to target: COPY TO STDOUT relayed buffer by buffer into
// COPY FROM STDIN, rows never parsed. Both sides report their row counts, compared here.
#include <cstdint>

#include "copy/copy_plan.hpp"
#include "copy/row_digest.hpp"
#include "pg/connection.hpp"
#include "progress/progress_board.hpp"

namespace pgimport::copy {

struct CopyOutcome {
  std::uint64_t rows = 0;   // rows the target loaded (equal to the rows the source sent)
  std::uint64_t bytes = 0;  // COPY bytes relayed
  RowDigest digest;         // of the rows as the source sent them (when asked for)
};

// `source` must be inside the import's snapshot. Throws pg::Error (naming the table) on any
// failure, and std::runtime_error if the two sides' row counts differ.
CopyOutcome run_copy_task(pg::Connection& source, pg::Connection& target,
                          const model::TableInfo& table, const CopyTask& task,
                          progress::ProgressBoard& progress, bool is_digested = true);

// The format a table is copied in (binary where every column type allows it).
CopyFormat copy_format(const model::TableInfo& table);

// Reads `task`'s rows of `table` back with the same COPY the relay used and digests them:
// on the branch, this gives what the relay's digest of the source must equal.
RowDigest digest_table_part(pg::Connection& connection, const model::TableInfo& table,
                            const CopyTask& task);

}  // namespace pgimport::copy
