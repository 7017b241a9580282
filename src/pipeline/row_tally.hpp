#pragma once
// A table's row count without a count(*): the number of live rows the target server stored in
// pg_class.reltuples after a scan of every page it did anyway.
//   - ANALYZE reads every page of a heap of at most 100 pages, whatever the statistics targets
//     (its sample is at least 100 blocks): the small tables' counts.
//   - Every index build of PostgreSQL's own access methods scans the whole heap and stores the
//     live rows it met (not on PostgreSQL 18 with autovacuum off, which keeps the table's
//     statistics: there reltuples stays -1): the indexed big tables' counts, read before their
//     ANALYZE replaces them with its estimate.
// A tally only confirms: one that is not exactly the number of rows the source sent is never
// reported as a difference; the table is counted instead. reltuples is a float4, exact for
// every count below 2^24, so larger tables are counted too.
#include <cstdint>
#include <string>
#include <vector>

#include "model/table.hpp"
#include "pg/connection.hpp"

namespace pgimport::pipeline {

enum class TallySource { analyze, index_builds };

// What pg_class holds for one table, as tally_query reads it.
struct StoredTally {
  std::size_t place = 0;  // in the list given to tally_query
  std::int64_t pages = 0;
  double rows = -1;
  bool is_heap_table = false;           // an ordinary table stored by PostgreSQL's heap
  bool is_indexed_by_core_ams = false;  // at least one index, each of a built-in access method
};

// One query reading the stored tallies of `tables` (indexes into `all`).
std::string tally_query(pg::Connection& connection, const std::vector<model::TableInfo>& all,
                        const std::vector<std::size_t>& tables);
// Parses its result; rows it cannot read are left out (those tables are counted).
std::vector<StoredTally> read_stored_tallies(const pg::Result& result, std::size_t tables);

// Whether `tally` is the table's row count and equals what the source sent.
bool tally_confirms(const StoredTally& tally, TallySource source, std::uint64_t source_rows);

// The largest heap (in pages) ANALYZE always reads whole.
inline constexpr std::int64_t k_analyze_reads_all_pages = 100;

}  // namespace pgimport::pipeline
