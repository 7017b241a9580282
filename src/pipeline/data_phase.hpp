#pragma once
// The data phase: `jobs` workers, each with its own source session (inside the snapshot) and
// target session, take COPY tasks largest first until none are left or the run stops.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "copy/copy_plan.hpp"
#include "model/table.hpp"
#include "pg/conninfo.hpp"
#include "pipeline/import_events.hpp"
#include "progress/progress_board.hpp"
#include "util/cancellation.hpp"

namespace pgimport::pipeline {

// The cancellation reason a worker gives when its own failure stops the others.
inline constexpr std::string_view k_stopped_by_error = "error";

struct DataPhaseSettings {
  pg::ConnInfo source;
  pg::ConnInfo branch;
  std::string snapshot;
  std::string client_encoding;
  std::chrono::milliseconds lock_timeout{30000};
  int jobs = 2;
};

struct DataPhaseResult {
  std::map<std::string, std::uint64_t> rows_by_table;  // display name -> rows loaded
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

// Throws the first worker's error (the others are then cancelled), or a std::runtime_error
// with the cancellation reason if the run was stopped from outside.
DataPhaseResult run_data_phase(const DataPhaseSettings& settings,
                               const std::vector<model::TableInfo>& tables,
                               const std::vector<copy::CopyTask>& tasks,
                               progress::ProgressBoard& progress, ImportEvents& events,
                               util::Cancellation& cancellation);

}  // namespace pgimport::pipeline
