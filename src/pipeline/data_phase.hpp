#pragma once
// The data phase: `jobs` workers, each with its own source session (inside the snapshot) and
// target session, take COPY tasks largest first until none are left or the run stops.
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "copy/copy_plan.hpp"
#include "copy/row_digest.hpp"
#include "model/table.hpp"
#include "pg/connection.hpp"
#include "pg/conninfo.hpp"
#include "pipeline/import_events.hpp"
#include "pipeline/run_failure.hpp"
#include "progress/progress_board.hpp"
#include "util/cancellation.hpp"

namespace pgimport::pipeline {

// A copy worker's two sessions: on the source, inside the snapshot; on the branch.
struct CopySessions {
  pg::Connection source;
  pg::Connection target;
};

struct DataPhaseSettings {
  pg::ConnInfo source;
  pg::ConnInfo branch;
  std::string snapshot;
  std::string client_encoding;
  std::chrono::milliseconds lock_timeout{30000};
  int jobs = 2;
  bool is_digested = true;  // digest the rows as sent (for `--verify full`)
  std::size_t first_worker_slot = 0;  // this phase's workers in the ProgressBoard
  // Called (from a worker thread) when a table's last part is loaded, with its rows.
  std::function<void(std::size_t table, std::uint64_t rows)> on_table_loaded;
  // Sessions opened ahead by open_copy_sessions: worker i takes the i-th; a worker without
  // one opens its own.
  std::vector<std::future<CopySessions>>* sessions_ahead = nullptr;
};

// How many workers run_data_phase starts: `jobs`, no more than there are tasks, at least one.
std::size_t copy_worker_count(int jobs, std::size_t tasks);

// Opens and configures one worker's sessions. Opening them ahead (while the schema is
// restored) takes their ~0.1 s of connecting and authenticating off the import's path.
CopySessions open_copy_sessions(const DataPhaseSettings& settings);

struct DataPhaseResult {
  std::map<std::string, std::uint64_t> rows_by_table;  // display name -> rows loaded
  std::vector<copy::RowDigest> digests;                // per table, of the rows the source sent
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

// A worker's failure is recorded in `failure` and stops the run; returns normally then
// too: the caller checks `failure` and the cancellation.
DataPhaseResult run_data_phase(const DataPhaseSettings& settings,
                               const std::vector<model::TableInfo>& tables,
                               const std::vector<copy::CopyTask>& tasks,
                               progress::ProgressBoard& progress, ImportEvents& events,
                               util::Cancellation& cancellation, RunFailure& failure);

}  // namespace pgimport::pipeline
