#pragma once
// The import's outcome as JSON: the "summary" event of `pgimport --json import`, and what
// `pgimport serve` returns for a finished import.
#include <nlohmann/json.hpp>

#include "pipeline/import_summary.hpp"

namespace pgimport::pipeline {

nlohmann::json summary_json(const ImportSummary& summary);

}  // namespace pgimport::pipeline
