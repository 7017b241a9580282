#include "pipeline/row_tally.hpp"

#include <fmt/format.h>

#include <charconv>

#include "util/text.hpp"

namespace pgimport::pipeline {

namespace {

// Below 2^24 every integer is a float4 of its own: a stored tally equal to the source's count
// is that count. From 2^24 on, neighbouring counts round to the same float4.
constexpr std::uint64_t k_float4_exact_below = std::uint64_t{1} << 24;

}  // namespace

std::string tally_query(pg::Connection& connection, const std::vector<model::TableInfo>& all,
                        const std::vector<std::size_t>& tables) {
  std::vector<std::string> rows;
  rows.reserve(tables.size());
  for (std::size_t place = 0; place < tables.size(); ++place) {
    rows.push_back(fmt::format("({}, {}::pg_catalog.regclass)", place,
                               connection.quote_literal(all[tables[place]].qualified_name)));
  }
  // The access methods whose builds count the live rows of the whole heap (an extension's
  // may count otherwise, say only rows with a value to index).
  return "SELECT v.place, c.relpages, c.reltuples::pg_catalog.float8, "
         "c.relkind = 'r' AND COALESCE(a.amname = 'heap', false), "
         "COALESCE((SELECT pg_catalog.bool_and(ia.amname IN "
         "('btree', 'hash', 'gist', 'gin', 'spgist', 'brin')) "
         "FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
         "JOIN pg_catalog.pg_am ia ON ia.oid = ic.relam WHERE i.indrelid = c.oid), false) "
         "FROM (VALUES " +
         util::join(rows, ", ") +
         ") AS v(place, rel) JOIN pg_catalog.pg_class c ON c.oid = v.rel "
         "LEFT JOIN pg_catalog.pg_am a ON a.oid = c.relam";
}

std::vector<StoredTally> read_stored_tallies(const pg::Result& result, std::size_t tables) {
  std::vector<StoredTally> tallies;
  for (int row = 0; row < result.rows(); ++row) {
    StoredTally tally{.place = static_cast<std::size_t>(result.int_value(row, 0)),
                      .pages = result.int_value(row, 1),
                      .is_heap_table = result.bool_value(row, 3),
                      .is_indexed_by_core_ams = result.bool_value(row, 4)};
    const auto text = result.value(row, 2);
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), tally.rows);
    if (parsed.ec == std::errc{} && tally.place < tables) {
      tallies.push_back(tally);
    }
  }
  return tallies;
}

bool tally_confirms(const StoredTally& tally, TallySource source, std::uint64_t source_rows) {
  const bool is_whole_scan = source == TallySource::analyze
                                 ? tally.pages <= k_analyze_reads_all_pages
                                 : tally.is_indexed_by_core_ams;
  return tally.is_heap_table && is_whole_scan && source_rows < k_float4_exact_below &&
         tally.rows == static_cast<double>(source_rows);
}

}  // namespace pgimport::pipeline
