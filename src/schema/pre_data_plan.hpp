#pragma once
// Pre-data in segments: pg_dump orders the entries so that each one's dependencies come
// first; long runs of entries that only create tables, sequences, views and their defaults
// (thousands of tables) can be spread over several sessions, everything else is restored in
// order by pg_restore.
#include <cstddef>
#include <vector>

#include "schema/toc.hpp"

namespace pgimport::schema {

struct PreDataSegment {
  bool is_parallel = false;
  std::vector<TocEntry> entries;  // in pg_dump's order
};

// Whether entries of this kind may run in any order among themselves: each creates or alters
// one relation, and one that runs before what it needs fails (undefined table, type,
// column...) rather than producing something different, so it can be run again afterwards.
bool is_reorderable_kind(const std::string& kind);

// Consecutive segments covering `entries` in order; a run of reorderable entries becomes a
// parallel segment when it holds at least `min_parallel_run` of them.
std::vector<PreDataSegment> plan_pre_data(const std::vector<TocEntry>& entries,
                                          std::size_t min_parallel_run);

}  // namespace pgimport::schema
