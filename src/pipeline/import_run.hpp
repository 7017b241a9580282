#pragma once
// One import, start to finish: checks, the branch, one snapshot, pre-data, data, post-data,
// sequences, large objects, ANALYZE, verification, and the branch's final status.
#include "pipeline/import_events.hpp"
#include "pipeline/import_settings.hpp"
#include "pipeline/import_summary.hpp"
#include "progress/progress_board.hpp"
#include "util/cancellation.hpp"

namespace pgimport::pipeline {

// Runs the import. Never throws for a failed import: the summary says what happened, and the
// branch is marked failed (or dropped) before this returns. `cancellation` may be requested
// from another thread (a signal, a timeout) at any time.
ImportSummary run_import(const ImportSettings& settings, ImportEvents& events,
                         progress::ProgressBoard& progress, util::Cancellation& cancellation);

}  // namespace pgimport::pipeline
