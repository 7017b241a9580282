#pragma once
// The outcome of one import, for the final report, --json and the exit code.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "check/findings.hpp"
#include "pg/conninfo.hpp"
#include "verify/verify.hpp"

namespace pgimport::pipeline {

enum class ImportOutcome { complete, failed, cancelled, checks_failed };

struct ImportSummary {
  ImportOutcome outcome = ImportOutcome::failed;
  std::string branch;              // "" if no branch was created
  bool is_branch_dropped = false;  // --drop-on-failure removed it
  std::string error;               // why it failed / was cancelled (redacted)
  std::optional<pg::ConnInfo> branch_conninfo;
  std::string snapshot_time;
  std::vector<std::pair<std::string, double>> phase_seconds;
  double total_seconds = 0;
  std::uint64_t tables = 0;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
  std::uint64_t sequences = 0;
  std::uint64_t large_objects = 0;
  std::vector<std::string> skipped;  // "<object>: <reason>", each by name
  std::optional<check::CheckReport> checks;
  std::optional<verify::VerifyReport> verification;
};

}  // namespace pgimport::pipeline
