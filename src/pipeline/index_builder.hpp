#pragma once
// Works on each table as soon as it is loaded, with `index_jobs` sessions, while other tables
// are still being copied: builds its indexes and constraints, analyzes it and, when the import
// verifies, reads it back (row count, or every row's digest) — the branch's rows do not change after
// their load. Index work goes first; a read-back waits for a session with nothing to build.
// A row count is, where it can be, a tally the server stored after a scan it did anyway
// (pipeline/row_tally): a small table's ANALYZE, a big table's index builds; a table whose
// tally does not confirm the source's count is counted, beside its ANALYZE once its
// constraints are added.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "copy/copy_plan.hpp"
#include "copy/row_digest.hpp"
#include "model/table.hpp"
#include "pg/connection.hpp"
#include "pg/conninfo.hpp"
#include "pipeline/post_data_plan.hpp"
#include "pipeline/row_tally.hpp"
#include "pipeline/run_failure.hpp"
#include "pipeline/sort_memory.hpp"
#include "progress/progress_board.hpp"
#include "util/cancellation.hpp"

namespace pgimport::pipeline {

// What is read back from each loaded table, for verification.
struct ReadBack {
  enum class Level { none, counts, digests };
  Level level = Level::none;
  copy::CopyPlanSettings split;  // digests: big tables are read in parts
  // counts: a table from this size is counted from its heap by parallel workers, a smaller one
  // by one session as the planner likes (see count_statement in index_builder.cpp).
  std::uint64_t parallel_count_bytes = copy::k_default_split_threshold;
  std::string client_encoding;   // digests: the text forms the relay saw
};

class IndexBuilder {
 public:
  // Starts the sessions; they wait for tables. `first_worker_slot` places them on the board.
  // What each of its sessions runs first, and the search_path to retry a statement with when
  // pg_dump's empty one leaves a name unresolved (see exec_index_work).
  struct Sessions {
    std::string settings;
    std::string fallback_search_path;  // "" never retries
    std::uint64_t sort_memory_bytes = 0;  // each session's, as settings set it; 0: never changed
  };

  IndexBuilder(const pg::ConnInfo& branch, const PostDataPlan& plan,
               const std::vector<model::TableInfo>& tables, int jobs, ReadBack read_back,
               Sessions sessions, std::size_t first_worker_slot, progress::ProgressBoard& progress,
               util::Cancellation& cancellation, RunFailure& failure);
  ~IndexBuilder();  // stops the sessions (after wait(), or on failure)
  IndexBuilder(const IndexBuilder&) = delete;
  IndexBuilder& operator=(const IndexBuilder&) = delete;

  // Thread-safe: queues the table's work (called by the data phase, with the number of rows
  // the source sent).
  void table_loaded(std::size_t table, std::uint64_t source_rows);
  // Thread-safe: every table is loaded (called after the data phase): the small tables still
  // waiting for a full group have their counts read now.
  void all_loaded();
  // Blocks until every loaded table's indexes, constraints and ANALYZE are done, or the run
  // stops.
  void wait_for_indexes();
  // Blocks until all work, read-backs included, is done, or the run stops.
  void wait();

  // After wait(): per table, the branch's row count (counts) or digest (digests; its rows
  // are the count). nullopt / empty for tables never read back.
  std::vector<std::optional<std::uint64_t>> branch_rows() const;
  std::vector<copy::RowDigest> branch_digests() const;
  // What only built with the fallback search_path: "<task>: <the error the empty one gave>".
  std::vector<std::string> built_with_fallback_search_path() const;

 private:
  enum class Kind { build, finish, analyze, count, tallies, digest };
  // Builds, constraints and ANALYZE (the "indexes" phase waits for them), not read-backs.
  static bool is_index_work(Kind kind) {
    return kind != Kind::count && kind != Kind::tallies && kind != Kind::digest;
  }
  struct Task {
    std::size_t table = 0;
    std::string sql;
    Kind kind = Kind::build;
    std::string label;
    bool is_tallied = false;          // a small table's batch: its ANALYZE's row count is read later
    bool is_build_tallied = false;    // analyze: its index builds' row count is read before it
    std::vector<std::size_t> tables;  // tallies: whose counts to read
    std::uint64_t sort_bytes = 0;     // build: what its sort wants (sort_bytes_wanted)
    copy::CopyTask part;              // digest: which part of the table
  };

  // A worker's second session, for read-backs; a stop cancels what it runs.
  struct ReaderSession {
    std::optional<pg::Connection> connection;
    std::optional<util::Cancellation::Guard> guard;  // declared last: removed first
  };

  void work(std::stop_token stop, std::size_t slot);
  // Whether a worker's small tables waiting for their counts (`untallied`) are read now: a
  // full group, or the last ones. Called with m_mutex held.
  bool is_tally_due(const std::vector<std::size_t>& untallied) const;
  // The next task for a worker (called with m_mutex held, once there is one).
  Task next_task(std::vector<std::size_t>& untallied);
  // Reads the row counts the server stored for `tables`; a table whose tally does not
  // confirm what the source sent gets a count of its own.
  void read_tallies(pg::Connection& connection, const std::vector<std::size_t>& tables,
                    TallySource source);
  void run(const Task& task, pg::Connection& connection, ReaderSession& reader_session);
  // Runs a build, constraint or ANALYZE, once more with the source database's search_path
  // if pg_dump's empty one leaves a name unresolved (pipeline/search_path_fallback).
  pg::Result exec_index_work(pg::Connection& connection, const Task& task);
  // A build's sort memory from the budget (called with m_mutex held), and its SET when that
  // differs from the session's own.
  std::uint64_t grant_sort_memory(const Task& task);
  void set_sort_memory(pg::Connection& connection, std::uint64_t bytes) const;
  void done(const Task& task);
  // Queues the table's constraint statements, if it has any. Called with m_mutex held.
  void queue_finishes(std::size_t table);
  // Queues the table's ANALYZE. Called with m_mutex held.
  void queue_analyze(std::size_t table);
  // Queues the table's read-back. Called with m_mutex held.
  void queue_read_back(std::size_t table);

  const pg::ConnInfo m_branch;
  const PostDataPlan& m_plan;
  const std::vector<model::TableInfo>& m_tables;
  const ReadBack m_read_back;
  const Sessions m_sessions;
  progress::ProgressBoard& m_progress;
  util::Cancellation& m_cancellation;
  RunFailure& m_failure;

  mutable std::mutex m_mutex;  // Guards the queues, counters and results below.
  std::condition_variable_any m_changed;
  std::deque<Task> m_queue;       // index builds and constraints: first
  std::deque<Task> m_read_backs;  // verification reads: when no index work waits
  std::vector<std::size_t> m_builds_left;  // per table
  SortMemoryBudget m_sort_memory;
  std::size_t m_outstanding = 0;           // queued or running tasks, of both kinds
  std::size_t m_outstanding_index = 0;     // of them, index builds and constraints
  bool m_is_all_loaded = false;
  std::vector<std::uint64_t> m_source_rows;  // per table, once loaded
  std::vector<std::optional<std::uint64_t>> m_branch_rows;
  std::vector<copy::RowDigest> m_branch_digests;
  std::vector<std::string> m_fallback_builds;
  std::optional<util::Cancellation::Guard> m_wake_on_cancel;
  std::vector<std::jthread> m_workers;  // last: joined before anything they use goes away
};

}  // namespace pgimport::pipeline
