#pragma once
// `--verify full` during an import without reading the source again: the relay digested
// every row the source sent (through the snapshot); here the branch is read back with the
// same COPY statements, in parallel parts, and each table's digest compared.
#include <string>
#include <vector>

#include "copy/copy_plan.hpp"
#include "copy/row_digest.hpp"
#include "model/table.hpp"
#include "pg/conninfo.hpp"
#include "pipeline/run_failure.hpp"
#include "util/cancellation.hpp"
#include "verify/verify.hpp"

namespace pgimport::pipeline {

// One Difference (kind "checksum") per table whose branch rows differ from what the source
// sent. A failure to read is recorded in `failure`.
std::vector<verify::Difference> compare_with_branch(const pg::ConnInfo& branch,
                                                    const std::vector<model::TableInfo>& tables,
                                                    const std::vector<copy::RowDigest>& source_digests,
                                                    const copy::CopyPlanSettings& split, int jobs,
                                                    const std::string& client_encoding,
                                                    util::Cancellation& cancellation,
                                                    RunFailure& failure);

}  // namespace pgimport::pipeline
