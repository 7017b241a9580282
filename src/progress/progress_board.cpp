#include "progress/progress_board.hpp"

namespace pgimport::progress {

ProgressBoard::ProgressBoard() : m_started(Clock::now()), m_phase_started(m_started) {}

void ProgressBoard::start_phase(std::string phase) {
  const std::lock_guard lock(m_mutex);
  m_phase = std::move(phase);
  m_phase_started = Clock::now();
}

void ProgressBoard::set_totals(std::uint64_t bytes_total, std::uint64_t tables_total) {
  m_bytes_total = bytes_total;
  m_tables_total = tables_total;
}

void ProgressBoard::set_worker_count(std::size_t workers) {
  const std::lock_guard lock(m_mutex);
  m_workers.assign(workers, {});
}

void ProgressBoard::set_activity(std::size_t worker, std::string activity) {
  const std::lock_guard lock(m_mutex);
  if (worker < m_workers.size()) {
    m_workers[worker].activity = std::move(activity);
  }
}

ProgressSnapshot ProgressBoard::snapshot() const {
  ProgressSnapshot snapshot;
  const auto now = Clock::now();
  {
    const std::lock_guard lock(m_mutex);
    snapshot.phase = m_phase;
    snapshot.workers = m_workers;
    snapshot.phase_elapsed_seconds = std::chrono::duration<double>(now - m_phase_started).count();
  }
  snapshot.elapsed_seconds = std::chrono::duration<double>(now - m_started).count();
  snapshot.bytes_total = m_bytes_total;
  snapshot.bytes_done = m_bytes_done.load(std::memory_order_relaxed);
  snapshot.rows_done = m_rows_done.load(std::memory_order_relaxed);
  snapshot.tables_total = m_tables_total;
  snapshot.tables_done = m_tables_done.load(std::memory_order_relaxed);
  return snapshot;
}

}  // namespace pgimport::progress
