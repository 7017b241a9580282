#pragma once
// Progress is counted once, here, and read many ways: workers add to atomics; the terminal
// renderer, the log lines and the JSON events sample snapshot().
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace pgimport::progress {

struct WorkerState {
  std::string activity;  // "copying public.orders (part 2/4)", "" when idle
};

struct ProgressSnapshot {
  std::string phase;
  double elapsed_seconds = 0;
  double phase_elapsed_seconds = 0;
  std::uint64_t bytes_total = 0;  // source size estimate of the data to copy
  std::uint64_t bytes_done = 0;   // bytes relayed so far
  std::uint64_t rows_done = 0;
  std::uint64_t tables_total = 0;
  std::uint64_t tables_done = 0;
  std::vector<WorkerState> workers;
};

class ProgressBoard {
 public:
  ProgressBoard();

  void start_phase(std::string phase);
  void set_totals(std::uint64_t bytes_total, std::uint64_t tables_total);
  void set_worker_count(std::size_t workers);
  void add_bytes(std::uint64_t bytes) noexcept { m_bytes_done.fetch_add(bytes, std::memory_order_relaxed); }
  void add_rows(std::uint64_t rows) noexcept { m_rows_done.fetch_add(rows, std::memory_order_relaxed); }
  void table_done() noexcept { m_tables_done.fetch_add(1, std::memory_order_relaxed); }
  void set_activity(std::size_t worker, std::string activity);

  ProgressSnapshot snapshot() const;

 private:
  using Clock = std::chrono::steady_clock;
  const Clock::time_point m_started;
  std::atomic<std::uint64_t> m_bytes_done{0};
  std::atomic<std::uint64_t> m_rows_done{0};
  std::atomic<std::uint64_t> m_tables_done{0};
  std::atomic<std::uint64_t> m_bytes_total{0};
  std::atomic<std::uint64_t> m_tables_total{0};
  mutable std::mutex m_mutex;  // Guards the phase and worker activities.
  std::string m_phase;
  Clock::time_point m_phase_started;
  std::vector<WorkerState> m_workers;
};

}  // namespace pgimport::progress
