#include "pipeline/wal_flusher.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>

#include "pg/connection.hpp"

namespace pgimport::pipeline {
namespace {

// Checked every 10 ms: a 150 MB/s load fills PostgreSQL's default 4 MB of WAL buffers in
// about 27 ms.
constexpr auto k_pace = std::chrono::milliseconds(10);

// The xid is taken only when the WAL is behind (the Result node's one-time filter), so only
// then does the commit write a record and wake the WAL writer. Qualified names: the branch's
// search_path is the source's.
std::string flush_when_behind_sql(std::uint64_t behind_bytes) {
  return fmt::format(
      "SELECT pg_catalog.pg_current_xact_id() WHERE pg_catalog.pg_wal_lsn_diff("
      "pg_catalog.pg_current_wal_insert_lsn(), pg_catalog.pg_current_wal_flush_lsn()) "
      "OPERATOR(pg_catalog.>) {}",
      behind_bytes);
}

}  // namespace

std::uint64_t WalFlusher::behind_bytes_for(std::uint64_t wal_buffers_bytes) {
  constexpr std::uint64_t k_least = 64 * 1024;
  return std::max(wal_buffers_bytes / 4, k_least);
}

WalFlusher::WalFlusher(pg::ConnInfo target)
    : m_target(std::move(target)), m_thread([this](const std::stop_token& stop) { run(stop); }) {}

void WalFlusher::run(const std::stop_token& stop) {
  try {
    auto connection = pg::Connection::open(m_target, pg::Endpoint::target);
    const std::stop_callback cancel_on_stop(stop, [c = connection.canceller()] { c.cancel(); });
    connection.exec("SET statement_timeout = '1min'");
    const auto wal_buffers = connection.exec(
        "SELECT pg_catalog.pg_size_bytes(pg_catalog.current_setting('wal_buffers'))");
    const auto sql = flush_when_behind_sql(
        behind_bytes_for(static_cast<std::uint64_t>(wal_buffers.int_value(0, 0))));
    std::mutex mutex;
    std::condition_variable_any pace;
    while (!stop.stop_requested()) {
      if (connection.exec(sql).rows() > 0) {
        ++m_flushes;
      }
      std::unique_lock lock(mutex);
      pace.wait_for(lock, stop, k_pace, [] { return false; });
    }
  } catch (const std::exception&) {
    // Flushing ahead only saves the loads time; a target lost or stopping shows in them.
  }
}

}  // namespace pgimport::pipeline
