#pragma once
// `--verify full` during an import without reading the source again: the relay digested
// every row the source sent (through the snapshot); here the branch is read back with the
// same COPY statements, in parallel parts, and each table's digest compared.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "copy/copy_plan.hpp"
#include "copy/row_digest.hpp"
#include "model/table.hpp"
#include "pg/conninfo.hpp"
#include "pg/error.hpp"
#include "pipeline/run_failure.hpp"
#include "util/cancellation.hpp"
#include "verify/verify.hpp"

namespace pgimport::pipeline {

// Digests every table's rows as `COPY ... TO STDOUT` sends them, in parallel parts (`jobs`
// sessions); `snapshot`, if given, is joined by every session. Failures go to `failure`.
std::vector<copy::RowDigest> digest_tables(const pg::ConnInfo& database, pg::Endpoint endpoint,
                                           const std::vector<model::TableInfo>& tables,
                                           const copy::CopyPlanSettings& split, int jobs,
                                           const std::string& client_encoding,
                                           const std::optional<std::string>& snapshot,
                                           util::Cancellation& cancellation, RunFailure& failure);

// One Difference (kind "checksum") per table whose digests differ.
std::vector<verify::Difference> compare_digests(const std::vector<model::TableInfo>& tables,
                                                const std::vector<copy::RowDigest>& source,
                                                const std::vector<copy::RowDigest>& branch);

// During an import: the branch read back against the digests the relay made of the source.
std::vector<verify::Difference> compare_with_branch(const pg::ConnInfo& branch,
                                                    const std::vector<model::TableInfo>& tables,
                                                    const std::vector<copy::RowDigest>& source_digests,
                                                    const copy::CopyPlanSettings& split, int jobs,
                                                    const std::string& client_encoding,
                                                    util::Cancellation& cancellation,
                                                    RunFailure& failure);

struct CopyComparison {
  std::vector<verify::Difference> differences;
  std::uint64_t tables = 0;
  std::uint64_t rows = 0;  // source rows compared
};

// Standalone `verify --level full`: both sides read with COPY at once (one sequential scan
// each, in parallel parts) and digested. Throws the first read failure.
CopyComparison compare_by_copy(const pg::ConnInfo& source, const pg::ConnInfo& branch, int jobs,
                               util::Cancellation& cancellation);

}  // namespace pgimport::pipeline
