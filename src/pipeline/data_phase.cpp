#include "pipeline/data_phase.hpp"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "copy/copy_pump.hpp"
#include "pg/connection.hpp"
#include "pipeline/source_session.hpp"

namespace pgimport::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// State the workers share. Guarded by m_mutex unless atomic.
class SharedWork {
 public:
  SharedWork(const std::vector<model::TableInfo>& tables, const std::vector<copy::CopyTask>& tasks)
      : m_tables(tables), m_tasks(tasks), m_parts_left(tables.size(), 0),
        m_table_started(tables.size()), m_bytes(tables.size(), 0), m_rows(tables.size(), 0) {
    for (const auto& task : tasks) {
      ++m_parts_left[task.table];
      if (task.is_chained) {
        ++m_chain_end;
      }
    }
    m_next = m_chain_end;
    m_result.digests.resize(tables.size());
  }

  // The next task, or nullptr when there is none. The chain (the plan's leading chained
  // tasks) goes, in order, to the one worker that asks with `is_chain_worker`; then it takes
  // from the shared queue like the others.
  const copy::CopyTask* next(bool is_chain_worker) {
    std::size_t index = 0;
    if (is_chain_worker && m_chain_next < m_chain_end) {
      index = m_chain_next++;
    } else {
      index = m_next.fetch_add(1);
    }
    if (index >= m_tasks.size()) {
      return nullptr;
    }
    const auto& task = m_tasks[index];
    const std::lock_guard lock(m_mutex);
    if (m_table_started[task.table] == Clock::time_point{}) {
      m_table_started[task.table] = Clock::now();
    }
    return &task;
  }

  // Records a finished task; returns true (with totals) if it was its table's last part.
  bool finish(const copy::CopyTask& task, const copy::CopyOutcome& outcome, std::uint64_t& rows,
              std::uint64_t& bytes, double& seconds) {
    const std::lock_guard lock(m_mutex);
    m_rows[task.table] += outcome.rows;
    m_bytes[task.table] += outcome.bytes;
    m_result.rows += outcome.rows;
    m_result.bytes += outcome.bytes;
    m_result.digests[task.table].add(outcome.digest);
    if (--m_parts_left[task.table] > 0) {
      return false;
    }
    rows = m_rows[task.table];
    bytes = m_bytes[task.table];
    seconds = std::chrono::duration<double>(Clock::now() - m_table_started[task.table]).count();
    m_result.rows_by_table[m_tables[task.table].display_name] = rows;
    return true;
  }

  DataPhaseResult result() const {
    const std::lock_guard lock(m_mutex);
    return m_result;
  }

 private:
  const std::vector<model::TableInfo>& m_tables;
  const std::vector<copy::CopyTask>& m_tasks;
  std::size_t m_chain_end = 0;
  std::size_t m_chain_next = 0;  // only the chain worker touches it
  std::atomic<std::size_t> m_next{0};
  mutable std::mutex m_mutex;
  std::vector<int> m_parts_left;
  std::vector<Clock::time_point> m_table_started;
  std::vector<std::uint64_t> m_bytes;
  std::vector<std::uint64_t> m_rows;
  DataPhaseResult m_result;
};

void run_worker(std::size_t worker, const DataPhaseSettings& settings,
                const std::vector<model::TableInfo>& tables, SharedWork& work,
                progress::ProgressBoard& progress, ImportEvents& events,
                util::Cancellation& cancellation, RunFailure& failure) {
  try {
    const auto own = worker - settings.first_worker_slot;
    auto sessions = settings.sessions_ahead != nullptr && own < settings.sessions_ahead->size()
                        ? (*settings.sessions_ahead)[own].get()
                        : open_copy_sessions(settings);
    auto& source = sessions.source;
    auto& target = sessions.target;
    // Ctrl-C, a timeout or another worker's failure interrupts whatever this worker runs.
    const auto source_guard = cancellation.on_cancel([c = source.canceller()] { c.cancel(); });
    const auto target_guard = cancellation.on_cancel([c = target.canceller()] { c.cancel(); });

    while (!cancellation.is_requested()) {
      const auto* task = work.next(worker == settings.first_worker_slot);
      if (task == nullptr) {
        break;
      }
      const auto& table = tables[task->table];
      progress.set_activity(worker, task->is_whole_table()
                                        ? "copying " + table.display_name
                                        : "copying " + table.display_name + " (part " +
                                              std::to_string(task->part + 1) + "/" +
                                              std::to_string(task->parts) + ")");
      const auto outcome = copy::run_copy_task(source, target, table, *task, progress,
                                                settings.is_digested);
      std::uint64_t rows = 0;
      std::uint64_t bytes = 0;
      double seconds = 0;
      if (work.finish(*task, outcome, rows, bytes, seconds)) {
        progress.table_done();
        events.table_finished(table.display_name, rows, bytes, seconds);
        if (settings.on_table_loaded) {
          settings.on_table_loaded(task->table, rows);
        }
      }
    }
    progress.set_activity(worker, "");
    source.exec("COMMIT");
  } catch (...) {
    failure.fail(std::current_exception(), cancellation);
    progress.set_activity(worker, "");
  }
}

}  // namespace

std::size_t copy_worker_count(int jobs, std::size_t tasks) {
  return std::max<std::size_t>(1, std::min(static_cast<std::size_t>(std::max(jobs, 1)), tasks));
}

CopySessions open_copy_sessions(const DataPhaseSettings& settings) {
  CopySessions sessions{.source = pg::Connection::open(settings.source, pg::Endpoint::source),
                        .target = pg::Connection::open(settings.branch, pg::Endpoint::target)};
  configure_source_session(sessions.source, settings.lock_timeout, settings.client_encoding);
  configure_target_session(sessions.target, settings.client_encoding);
  join_snapshot(sessions.source, settings.snapshot);
  return sessions;
}

DataPhaseResult run_data_phase(const DataPhaseSettings& settings,
                               const std::vector<model::TableInfo>& tables,
                               const std::vector<copy::CopyTask>& tasks,
                               progress::ProgressBoard& progress, ImportEvents& events,
                               util::Cancellation& cancellation, RunFailure& failure) {
  SharedWork work(tables, tasks);
  const auto workers = copy_worker_count(settings.jobs, tasks.size());
  {
    std::vector<std::jthread> threads;
    threads.reserve(workers);
    for (std::size_t worker = 0; worker < workers; ++worker) {
      threads.emplace_back([&, worker] {
        run_worker(settings.first_worker_slot + worker, settings, tables, work, progress, events,
                   cancellation, failure);
      });
    }
  }
  return work.result();
}

}  // namespace pgimport::pipeline
