#include "pipeline/index_builder.hpp"

#include <algorithm>

#include "pg/connection.hpp"
#include "util/text.hpp"

namespace pgimport::pipeline {

IndexBuilder::IndexBuilder(const pg::ConnInfo& branch, const PostDataPlan& plan,
                           const std::vector<model::TableInfo>& tables, int jobs,
                           std::size_t first_worker_slot, progress::ProgressBoard& progress,
                           util::Cancellation& cancellation, RunFailure& failure)
    : m_branch(branch), m_plan(plan), m_tables(tables), m_progress(progress),
      m_cancellation(cancellation), m_failure(failure), m_builds_left(tables.size(), 0) {
  // A stop from anywhere wakes whoever waits here (the lock avoids a lost wakeup).
  m_wake_on_cancel.emplace(cancellation.on_cancel([this] {
    { const std::lock_guard lock(m_mutex); }
    m_changed.notify_all();
  }));
  if (plan.index_count == 0 && std::all_of(plan.tables.begin(), plan.tables.end(),
                                           [](const TableIndexWork& w) { return w.finishes.empty(); })) {
    return;  // nothing to build: no sessions needed
  }
  for (int worker = 0; worker < std::max(1, jobs); ++worker) {
    const auto slot = first_worker_slot + static_cast<std::size_t>(worker);
    m_workers.emplace_back([this, slot](std::stop_token stop) { work(stop, slot); });
  }
}

IndexBuilder::~IndexBuilder() {
  for (auto& worker : m_workers) {
    worker.request_stop();
  }
  m_changed.notify_all();
}

void IndexBuilder::table_loaded(std::size_t table) {
  const auto& work = m_plan.tables[table];
  const std::string& name = m_tables[table].display_name;
  {
    const std::lock_guard lock(m_mutex);
    if (m_tables[table].is_small()) {
      // A small table's builds take milliseconds: one round trip for all of its statements
      // beats spreading them over sessions (thousands of small tables).
      std::vector<std::string> statements = work.builds;
      statements.insert(statements.end(), work.finishes.begin(), work.finishes.end());
      if (!statements.empty()) {
        m_queue.push_back({table, util::join(statements, "\n"), true, "indexing " + name});
        ++m_outstanding;
      }
    } else {
      m_builds_left[table] = work.builds.size();
      for (const auto& sql : work.builds) {
        m_queue.push_back({table, sql, false, "indexing " + name});
        ++m_outstanding;
      }
      if (work.builds.empty()) {
        queue_finishes(table);
      }
    }
  }
  m_changed.notify_all();
}

void IndexBuilder::queue_finishes(std::size_t table) {
  const auto& finishes = m_plan.tables[table].finishes;
  if (!finishes.empty()) {
    m_queue.push_back({table, util::join(finishes, "\n"), true,
                       "constraints of " + m_tables[table].display_name});
    ++m_outstanding;
  }
}

void IndexBuilder::done(const Task& task) {
  {
    const std::lock_guard lock(m_mutex);
    --m_outstanding;
    if (!task.is_finish && --m_builds_left[task.table] == 0) {
      // The table's indexes are built: turn the unique ones into its constraints.
      queue_finishes(task.table);
    }
  }
  m_changed.notify_all();
}

void IndexBuilder::work(std::stop_token stop, std::size_t slot) {
  try {
    auto connection = pg::Connection::open(m_branch, pg::Endpoint::target);
    const auto guard = m_cancellation.on_cancel([c = connection.canceller()] { c.cancel(); });
    connection.exec(m_plan.preamble);
    connection.exec(std::string(k_index_session_settings));
    while (true) {
      Task task;
      {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait(lock, stop, [&] { return !m_queue.empty() || m_cancellation.is_requested(); }) ||
            m_cancellation.is_requested()) {
          return;
        }
        task = std::move(m_queue.front());
        m_queue.pop_front();
      }
      m_progress.set_activity(slot, task.label);
      connection.exec(task.sql);
      m_progress.set_activity(slot, "");
      done(task);
    }
  } catch (...) {
    m_progress.set_activity(slot, "");
    m_failure.fail(std::current_exception(), m_cancellation);
    m_changed.notify_all();
  }
}

void IndexBuilder::wait() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_outstanding == 0 || m_cancellation.is_requested(); });
}

}  // namespace pgimport::pipeline
