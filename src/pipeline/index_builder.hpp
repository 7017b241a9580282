#pragma once
// Builds each table's indexes and constraints as soon as the table is loaded, with
// `index_jobs` sessions, while other tables are still being copied.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "model/table.hpp"
#include "pg/conninfo.hpp"
#include "pipeline/post_data_plan.hpp"
#include "pipeline/run_failure.hpp"
#include "progress/progress_board.hpp"
#include "util/cancellation.hpp"

namespace pgimport::pipeline {

class IndexBuilder {
 public:
  // Starts the sessions; they wait for tables. `first_worker_slot` places them on the board.
  IndexBuilder(const pg::ConnInfo& branch, const PostDataPlan& plan,
               const std::vector<model::TableInfo>& tables, int jobs,
               std::size_t first_worker_slot, progress::ProgressBoard& progress,
               util::Cancellation& cancellation, RunFailure& failure);
  ~IndexBuilder();  // stops the sessions (after wait(), or on failure)
  IndexBuilder(const IndexBuilder&) = delete;
  IndexBuilder& operator=(const IndexBuilder&) = delete;

  // Thread-safe: queues the table's index builds (called by the data phase).
  void table_loaded(std::size_t table);
  // Blocks until every loaded table's work is done, or the run stops.
  void wait();

 private:
  struct Task {
    std::size_t table = 0;
    std::string sql;
    bool is_finish = false;  // the table's constraint statements, run after its builds
    std::string label;
  };

  void work(std::stop_token stop, std::size_t slot);
  void done(const Task& task);
  // Queues the table's constraint statements, if it has any. Called with m_mutex held.
  void queue_finishes(std::size_t table);

  const pg::ConnInfo m_branch;
  const PostDataPlan& m_plan;
  const std::vector<model::TableInfo>& m_tables;
  progress::ProgressBoard& m_progress;
  util::Cancellation& m_cancellation;
  RunFailure& m_failure;

  std::mutex m_mutex;  // Guards the queue and counters below.
  std::condition_variable_any m_changed;
  std::deque<Task> m_queue;
  std::vector<std::size_t> m_builds_left;  // per table
  std::size_t m_outstanding = 0;           // queued or running tasks
  std::optional<util::Cancellation::Guard> m_wake_on_cancel;
  std::vector<std::jthread> m_workers;  // last: joined before anything they use goes away
};

}  // namespace pgimport::pipeline
