#pragma once
// Runs independent statements on the branch with `jobs` sessions at once (ANALYZE, foreign
// key validation). Each session first runs `preamble`.
#include <string>
#include <vector>

#include "pg/conninfo.hpp"
#include "pipeline/run_failure.hpp"
#include "util/cancellation.hpp"

namespace pgimport::pipeline {

// A failure is recorded in `failure` (and stops the run); returns when all sessions are done.
void run_in_parallel(const pg::ConnInfo& branch, const std::string& preamble,
                     const std::vector<std::string>& statements, int jobs,
                     util::Cancellation& cancellation, RunFailure& failure);

}  // namespace pgimport::pipeline
