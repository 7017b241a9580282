#pragma once
// The JSON the endpoints answer with, built from the engine's own types. Nothing here ever
// holds a password: connection strings appear only as pg::ConnInfo::display().
#include <nlohmann/json.hpp>

#include "branch/branch.hpp"
#include "pipeline/summary_json.hpp"
#include "progress/progress_board.hpp"

namespace pgimport::http {

// Bytes, rows, tables, throughput, ETA and each worker's activity.
nlohmann::json progress_json(const progress::ProgressSnapshot& snapshot);
// One branch as `pgimport --json branches list` shows it (status, size, age).
nlohmann::json branch_json(const branch::BranchInfo& info);

}  // namespace pgimport::http
