#pragma once
// A session on the target that keeps the server's WAL flushed while the import writes it.
//
// A loading backend fills the WAL buffers faster than the WAL writer (which wakes every
// wal_writer_delay) empties them, so it writes and fsyncs the WAL itself, a segment at a
// time: sampled in pg_stat_activity, a 10 M-row COPY spent 13% of its time in WALWrite and
// WALSync waits. A transaction that took an xid but wrote nothing else commits without
// waiting for its flush: PostgreSQL wakes the WAL writer instead, which writes and fsyncs
// all WAL up to that commit. So this session, whenever more WAL than behind_bytes_for() waits
// unflushed (a quarter of wal_buffers), commits such a transaction: the writes and fsyncs run
// in the WAL writer, on another core, while the loads and index builds go on
// (docs/BENCHMARKS.md, session 13). Idle, it writes nothing and takes no xid.
#include <atomic>
#include <cstdint>
#include <thread>

#include "pg/conninfo.hpp"

namespace pgimport::pipeline {

class WalFlusher {
 public:
  // Starts at once, in a thread of its own; stops (cancelling a flush under way) when
  // destroyed. A failure only ends the flushing: the sessions doing the work report errors.
  explicit WalFlusher(pg::ConnInfo target);
  WalFlusher(const WalFlusher&) = delete;
  WalFlusher& operator=(const WalFlusher&) = delete;
  ~WalFlusher() = default;  // the thread is asked to stop and joined

  // How many times it woke the WAL writer (a commit of its own).
  std::uint64_t flushes() const noexcept { return m_flushes.load(); }

  // How much unflushed WAL makes it flush: a quarter of the server's WAL buffers (1 MB at
  // PostgreSQL's default 4 MB), at least 64 kB.
  static std::uint64_t behind_bytes_for(std::uint64_t wal_buffers_bytes);

 private:
  void run(const std::stop_token& stop);

  pg::ConnInfo m_target;
  std::atomic<std::uint64_t> m_flushes{0};
  std::jthread m_thread;  // last: it starts once the members above exist
};

}  // namespace pgimport::pipeline
