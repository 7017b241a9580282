#pragma once
// Sort memory (maintenance_work_mem) for the sessions that build indexes on the branch.
#include <cstddef>
#include <cstdint>
#include <string>

namespace pgimport::pipeline {

// Each index session's memory: the server's shared_buffers, between 256 MB and 1 GB, never
// less than its own setting. More memory keeps index builds' sorts in memory (1 GB instead
// of 256 MB made onebig's three builds ~7% faster, pgbench's primary key ~4%:
// docs/BENCHMARKS.md); shared_buffers tells roughly what the server's machine can spare,
// since one build per index job runs at once.
std::uint64_t index_sort_memory_bytes(std::uint64_t shared_buffers_bytes,
                                      std::uint64_t maintenance_work_mem_bytes);
// The SET statements for those sessions: that memory, and commits that need not wait for
// the disk (the branch is not in use until it is complete).
std::string index_session_settings(std::uint64_t sort_memory_bytes);

// What a build sorts, from the size of the same index on the source: a btree sort holds each
// entry with a sort slot and allocation overhead, ~2.5x its size on disk (an int4 key: 22 B
// on disk, 56 B sorting on PostgreSQL 15), and a parallel build splits its memory between
// its processes. 0 (never built or vacuumed on the source) asks for nothing extra.
std::uint64_t sort_bytes_wanted(std::uint64_t source_index_bytes);

// The index sessions' memory, shared: a build running alone may use the memory of the
// sessions standing idle (pgbench's primary key, 10 M rows, sorts in memory with 700 MB and
// spills to disk with 512 MB), while builds running side by side keep one session's share
// each, as before. Not thread-safe: the index builder calls it under its lock.
class SortMemoryBudget {
 public:
  SortMemoryBudget(std::uint64_t per_session_bytes, int sessions);
  // The memory a build may use: what it wants, as far as the running builds and a share for
  // each build already waiting (up to the other sessions) leave free; never less than one
  // session's share. Give it back with release().
  std::uint64_t grant(std::uint64_t wanted_bytes, std::size_t builds_waiting);
  void release(std::uint64_t granted_bytes);
  std::uint64_t per_session_bytes() const { return m_per_session; }

 private:
  std::uint64_t m_per_session;
  std::size_t m_sessions;
  std::uint64_t m_total;
  std::uint64_t m_in_use = 0;
};

}  // namespace pgimport::pipeline
