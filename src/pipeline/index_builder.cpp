#include "pipeline/index_builder.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "copy/copy_pump.hpp"
#include "pg/connection.hpp"
#include "pipeline/search_path_fallback.hpp"
#include "pipeline/source_session.hpp"
#include "verify/table_data.hpp"
#include "util/text.hpp"

namespace pgimport::pipeline {

IndexBuilder::IndexBuilder(const pg::ConnInfo& branch, const PostDataPlan& plan,
                           const std::vector<model::TableInfo>& tables, int jobs, ReadBack read_back,
                           Sessions sessions, std::size_t first_worker_slot,
                           progress::ProgressBoard& progress,
                           util::Cancellation& cancellation, RunFailure& failure)
    : m_branch(branch), m_plan(plan), m_tables(tables), m_read_back(std::move(read_back)),
      m_sessions(std::move(sessions)),
      m_progress(progress), m_cancellation(cancellation), m_failure(failure),
      m_builds_left(tables.size(), 0), m_sort_memory(m_sessions.sort_memory_bytes, jobs),
      m_source_rows(tables.size(), 0), m_branch_rows(tables.size()),
      m_branch_digests(tables.size()) {
  // A stop from anywhere wakes whoever waits here (the lock avoids a lost wakeup).
  m_wake_on_cancel.emplace(cancellation.on_cancel([this] {
    { const std::lock_guard lock(m_mutex); }
    m_changed.notify_all();
  }));
  // Every table is analyzed here at least: always sessions.
  for (int worker = 0; worker < std::max(1, jobs); ++worker) {
    const auto slot = first_worker_slot + static_cast<std::size_t>(worker);
    m_workers.emplace_back([this, slot](std::stop_token stop) { work(stop, slot); });
  }
}

namespace {

// A read-back session's settings (see run() for row security). No JIT: compiling, and
// loading LLVM into the session and into each parallel worker, cost more than the reads
// (pgbench's 10M-row count in a new session: 0.99-1.13 s with JIT, 0.85 s without).
constexpr const char* k_read_back_settings =
    "SET row_security = off; SET statement_timeout = 0; SET jit = off";

std::string count_sql(const model::TableInfo& table) {
  return verify::table_query(table.qualified_name, table.extension_filter.value_or(""));
}

// How a read-back session counts a table (SET LOCAL: for this statement's implicit
// transaction only). A big one is counted last, with little else left to run: parallel
// workers read its heap, not the primary key just built, whose pages were written around
// shared buffers and are read in anew (pgbench's 10M rows: 0.50-0.53 s against 0.85 s for
// the parallel index-only scan). A smaller one is counted beside the other tables' index
// builds and foreign key checks: one session, the planner's scan (mixed's 20-50 MB tables,
// whose keys are a tenth of their heap: docs/BENCHMARKS.md, session 11).
std::string count_statement(const model::TableInfo& table, std::uint64_t parallel_count_bytes) {
  if (table.bytes >= parallel_count_bytes) {
    return "SET LOCAL enable_indexonlyscan = off; SET LOCAL enable_indexscan = off; "
           "SET LOCAL enable_bitmapscan = off; " + count_sql(table);
  }
  return "SET LOCAL max_parallel_workers_per_gather = 0; " + count_sql(table);
}

// A small table's row count is its ANALYZE's tally (pipeline/row_tally): a count statement
// per table cost more than its table's ANALYZE did (lab, many: 0.1 ms each, the indexes phase
// 0.70 -> 0.95 s; docs/BENCHMARKS.md, session 18); one query reads the tallies of 50.
constexpr std::size_t k_tallies_per_query = 50;

}  // namespace

IndexBuilder::~IndexBuilder() {
  for (auto& worker : m_workers) {
    worker.request_stop();
  }
  m_changed.notify_all();
}

void IndexBuilder::table_loaded(std::size_t table, std::uint64_t source_rows) {
  const auto& work = m_plan.tables[table];
  const std::string& name = m_tables[table].display_name;
  {
    const std::lock_guard lock(m_mutex);
    m_source_rows[table] = source_rows;
    if (m_tables[table].is_small()) {
      // A small table's builds take milliseconds: one round trip for all of its statements
      // beats spreading them over sessions (thousands of small tables). Its row count is the
      // one its ANALYZE finds (pipeline/row_tally), read later with others'; an extension's
      // configuration table counts the rows its filter selects.
      std::vector<std::string> statements = work.builds;
      statements.insert(statements.end(), work.finishes.begin(), work.finishes.end());
      statements.push_back("ANALYZE " + m_tables[table].qualified_name + ";");
      const bool is_tallied = m_read_back.level == ReadBack::Level::counts &&
                              !m_tables[table].extension_filter;
      m_queue.push_back({.table = table,
                         .sql = util::join(statements, "\n"),
                         .kind = Kind::finish,
                         .label = "indexing " + name,
                         .is_tallied = is_tallied});
      ++m_outstanding;
      ++m_outstanding_index;
      if (is_tallied) {
        ++m_outstanding;  // its tally, read in a later task
      } else {
        queue_read_back(table);
      }
    } else {
      m_builds_left[table] = work.builds.size();
      for (std::size_t build = 0; build < work.builds.size(); ++build) {
        const auto source_bytes =
            build < work.build_source_bytes.size() ? work.build_source_bytes[build] : 0;
        m_queue.push_back({.table = table,
                           .sql = work.builds[build],
                           .kind = Kind::build,
                           .label = "indexing " + name,
                           .sort_bytes = sort_bytes_wanted(source_bytes)});
        ++m_outstanding;
        ++m_outstanding_index;
      }
      if (work.builds.empty()) {
        queue_finishes(table);
      }
      if (m_read_back.level == ReadBack::Level::digests) {
        queue_read_back(table);  // a count waits for the constraints: see queue_analyze
      }
    }
  }
  m_changed.notify_all();
}

void IndexBuilder::queue_finishes(std::size_t table) {
  const auto& finishes = m_plan.tables[table].finishes;
  if (finishes.empty()) {
    queue_analyze(table);
    return;
  }
  m_queue.push_back({.table = table,
                     .sql = util::join(finishes, "\n"),
                     .kind = Kind::finish,
                     .label = "constraints of " + m_tables[table].display_name});
  ++m_outstanding;
  ++m_outstanding_index;
}

void IndexBuilder::queue_analyze(std::size_t table) {
  // An indexed table's row count is its builds' tally, read just before this ANALYZE (which
  // replaces it with an estimate); other tables are counted.
  const bool is_counted = m_read_back.level == ReadBack::Level::counts;
  const bool is_build_tallied =
      is_counted && !m_plan.tables[table].builds.empty() && !m_tables[table].extension_filter;
  // Last: ANALYZE waits for CREATE INDEX on the same table (their locks conflict).
  m_queue.push_back({.table = table,
                     .sql = "ANALYZE " + m_tables[table].qualified_name,
                     .kind = Kind::analyze,
                     .label = "analyzing " + m_tables[table].display_name,
                     .is_build_tallied = is_build_tallied});
  ++m_outstanding;
  ++m_outstanding_index;
  // A count goes beside the ANALYZE (their locks do not conflict), not beside the builds:
  // ADD PRIMARY KEY ... USING INDEX takes an ACCESS EXCLUSIVE lock, which waited for a count
  // started during the build, its session idle meanwhile (lab, --verify counts: pgbench 9.58
  // -> 9.41 s, onebig 12.31 -> 11.72 s; 9.10 and 11.77 s without). Digests stay beside the
  // builds: reading the whole table is long enough that overlapping the build pays despite the
  // wait (after the constraints: pgbench 11.70 -> 13.10 s, onebig 15.24 -> 16.45 s).
  if (is_counted && !is_build_tallied) {
    queue_read_back(table);
  }
}

void IndexBuilder::queue_read_back(std::size_t table) {
  const auto& info = m_tables[table];
  if (m_read_back.level == ReadBack::Level::counts) {
    m_read_backs.push_back({.table = table,
                            .sql = count_statement(info, m_read_back.parallel_count_bytes),
                            .kind = Kind::count,
                            .label = "counting " + info.display_name});
    ++m_outstanding;
  } else if (m_read_back.level == ReadBack::Level::digests) {
    // The same split as a copy of this table alone: any split covers every row.
    for (auto part : copy::plan_copy({info}, m_read_back.split)) {
      part.table = table;
      m_read_backs.push_back({.table = table,
                              .kind = Kind::digest,
                              .label = "reading back " + info.display_name,
                              .part = part});
      ++m_outstanding;
    }
  }
}

void IndexBuilder::done(const Task& task) {
  {
    const std::lock_guard lock(m_mutex);
    --m_outstanding;
    if (is_index_work(task.kind)) {
      --m_outstanding_index;
    }
    if (task.kind == Kind::tallies) {
      m_outstanding -= task.tables.size() - 1;  // one per table
    }
    if (task.kind == Kind::build && --m_builds_left[task.table] == 0) {
      // The table's indexes are built: turn the unique ones into its constraints.
      queue_finishes(task.table);
    } else if (task.kind == Kind::finish && !m_tables[task.table].is_small()) {
      queue_analyze(task.table);
    }
  }
  m_changed.notify_all();
}

pg::Result IndexBuilder::exec_index_work(pg::Connection& connection, const Task& task) {
  auto outcome = exec_with_search_path_fallback(connection, task.sql, m_sessions.fallback_search_path);
  if (outcome.first_error) {
    const std::lock_guard lock(m_mutex);
    m_fallback_builds.push_back(task.label + ": " + *outcome.first_error);
  }
  return std::move(outcome.result);
}

std::uint64_t IndexBuilder::grant_sort_memory(const Task& task) {
  if (task.kind != Kind::build || m_sessions.sort_memory_bytes == 0) {
    return 0;
  }
  const auto waiting = static_cast<std::size_t>(std::count_if(
      m_queue.begin(), m_queue.end(), [](const Task& queued) { return queued.kind == Kind::build; }));
  return m_sort_memory.grant(task.sort_bytes, waiting);
}

void IndexBuilder::set_sort_memory(pg::Connection& connection, std::uint64_t bytes) const {
  connection.exec(fmt::format("SET maintenance_work_mem = '{}kB'", bytes / 1024));
}

void IndexBuilder::run(const Task& task, pg::Connection& connection,
                       ReaderSession& reader_session) {
  if (is_index_work(task.kind)) {
    if (task.is_build_tallied) {
      read_tallies(connection, {task.table}, TallySource::index_builds);
    }
    exec_index_work(connection, task);
    return;
  }
  if (task.kind == Kind::tallies) {
    read_tallies(connection, task.tables, TallySource::analyze);
    return;
  }
  auto& reader = reader_session.connection;
  if (!reader) {
    // Reads run in a session of their own: pinned text forms (as the relay saw the rows)
    // stay out of the session that runs pg_restore's SQL, and row security never filters
    // silently (a read it would filter fails instead).
    reader.emplace(pg::Connection::open(m_branch, pg::Endpoint::target));
    reader_session.guard.emplace(m_cancellation.on_cancel([c = reader->canceller()] { c.cancel(); }));
    pin_text_formats(*reader, m_read_back.client_encoding);
    reader->exec(k_read_back_settings);
  }
  if (task.kind == Kind::count) {
    const auto rows = static_cast<std::uint64_t>(reader->exec(task.sql).int_value(0, 0));
    const std::lock_guard lock(m_mutex);
    m_branch_rows[task.table] = rows;
    return;
  }
  const auto digest = copy::digest_table_part(*reader, m_tables[task.table], task.part);
  const std::lock_guard lock(m_mutex);
  m_branch_digests[task.table].add(digest);
}

void IndexBuilder::work(std::stop_token stop, std::size_t slot) {
  try {
    auto connection = pg::Connection::open(m_branch, pg::Endpoint::target);
    ReaderSession reader;  // opened at the first read-back
    std::vector<std::size_t> untallied;  // small tables this session analyzed
    const auto guard = m_cancellation.on_cancel([c = connection.canceller()] { c.cancel(); });
    connection.exec(m_plan.preamble);
    connection.exec(m_sessions.settings);
    while (true) {
      Task task;
      std::uint64_t sort_memory = 0;
      {
        std::unique_lock lock(m_mutex);
        if (!m_changed.wait(lock, stop,
                            [&] {
                              return !m_queue.empty() || !m_read_backs.empty() ||
                                     is_tally_due(untallied) || m_cancellation.is_requested();
                            }) ||
            m_cancellation.is_requested()) {
          return;
        }
        task = next_task(untallied);
        sort_memory = grant_sort_memory(task);
      }
      const bool is_more_memory = sort_memory > m_sessions.sort_memory_bytes;
      if (is_more_memory) {
        set_sort_memory(connection, sort_memory);
      }
      m_progress.set_activity(slot, task.label);
      run(task, connection, reader);
      m_progress.set_activity(slot, "");
      if (is_more_memory) {
        set_sort_memory(connection, m_sessions.sort_memory_bytes);
      }
      if (sort_memory > 0) {
        const std::lock_guard lock(m_mutex);
        m_sort_memory.release(sort_memory);
      }
      if (task.is_tallied) {
        untallied.push_back(task.table);
      }
      done(task);
    }
  } catch (...) {
    m_progress.set_activity(slot, "");
    m_failure.fail(std::current_exception(), m_cancellation);
    m_changed.notify_all();
  }
}

void IndexBuilder::all_loaded() {
  {
    const std::lock_guard lock(m_mutex);
    m_is_all_loaded = true;
  }
  m_changed.notify_all();
}

bool IndexBuilder::is_tally_due(const std::vector<std::size_t>& untallied) const {
  // Not whenever the session is idle: during the copy it often is, between two tables, and
  // groups of one or two would cost a query a table again.
  return untallied.size() >= k_tallies_per_query ||
         (!untallied.empty() && m_is_all_loaded && m_queue.empty() && m_read_backs.empty());
}

IndexBuilder::Task IndexBuilder::next_task(std::vector<std::size_t>& untallied) {
  if (is_tally_due(untallied)) {
    const auto taken = static_cast<std::ptrdiff_t>(std::min(untallied.size(), k_tallies_per_query));
    Task task{.kind = Kind::tallies, .label = fmt::format("counting {} tables", taken)};
    task.tables.assign(untallied.begin(), untallied.begin() + taken);
    untallied.erase(untallied.begin(), untallied.begin() + taken);
    return task;
  }
  auto& queue = m_queue.empty() ? m_read_backs : m_queue;  // index work first
  Task task = std::move(queue.front());
  queue.pop_front();
  return task;
}

void IndexBuilder::read_tallies(pg::Connection& connection, const std::vector<std::size_t>& tables,
                                TallySource source) {
  const auto tallies =
      read_stored_tallies(connection.exec(tally_query(connection, m_tables, tables)), tables.size());
  std::vector<bool> is_confirmed(tables.size(), false);
  const std::lock_guard lock(m_mutex);
  for (const auto& tally : tallies) {
    const auto table = tables[tally.place];
    if (tally_confirms(tally, source, m_source_rows[table])) {
      m_branch_rows[table] = m_source_rows[table];
      is_confirmed[tally.place] = true;
    }
  }
  for (std::size_t place = 0; place < tables.size(); ++place) {
    if (!is_confirmed[place]) {
      queue_read_back(tables[place]);  // a count of its own
    }
  }
  m_changed.notify_all();
}

void IndexBuilder::wait_for_indexes() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_outstanding_index == 0 || m_cancellation.is_requested(); });
}

void IndexBuilder::wait() {
  std::unique_lock lock(m_mutex);
  m_changed.wait(lock, [&] { return m_outstanding == 0 || m_cancellation.is_requested(); });
}

std::vector<std::optional<std::uint64_t>> IndexBuilder::branch_rows() const {
  const std::lock_guard lock(m_mutex);
  auto rows = m_branch_rows;
  if (m_read_back.level == ReadBack::Level::digests) {
    for (std::size_t table = 0; table < rows.size(); ++table) {
      rows[table] = m_branch_digests[table].rows;
    }
  }
  return rows;
}

std::vector<copy::RowDigest> IndexBuilder::branch_digests() const {
  const std::lock_guard lock(m_mutex);
  return m_branch_digests;
}

std::vector<std::string> IndexBuilder::built_with_fallback_search_path() const {
  const std::lock_guard lock(m_mutex);
  return m_fallback_builds;
}

}  // namespace pgimport::pipeline
