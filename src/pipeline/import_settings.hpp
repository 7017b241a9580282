#pragma once
// What one import is asked to do, validated by app/ before the run starts.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "copy/copy_plan.hpp"
#include "pg/conninfo.hpp"

namespace pgimport::pipeline {

enum class VerifyLevel { none, counts, full };

struct ImportSettings {
  pg::ConnInfo source;
  pg::ConnInfo target;           // a maintenance database on the target server
  std::string branch_name;       // "" = default name from the source database and the time
  int jobs = 2;
  int index_jobs = 2;
  bool skip_checks = false;
  bool keep_owners = false;
  bool keep_privileges = false;
  bool drop_on_failure = false;
  std::uint64_t split_threshold_bytes = copy::k_default_split_threshold;
  std::string whole_tables_reason;  // why no table is split, when pgimport chose that itself
  std::chrono::milliseconds lock_timeout{30000};
  std::optional<std::chrono::seconds> timeout;
  std::optional<std::uint64_t> max_size_bytes;
  VerifyLevel verify = VerifyLevel::counts;
  std::vector<std::filesystem::path> pg_bin_dirs;
};

}  // namespace pgimport::pipeline
