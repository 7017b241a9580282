#pragma once
// The pre-flight checks: connects to the source (read-only) and the target (read only by
// check), and reports every finding as pass / warn / fail with a hint. Used by `pgimport
// check` and at the start of `pgimport import`.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "check/findings.hpp"
#include "cluster/installations.hpp"
#include "pg/conninfo.hpp"

namespace pgimport::check {

struct CheckInputs {
  pg::ConnInfo source;
  pg::ConnInfo target;  // a maintenance connection on the target server (e.g. dbname postgres)
  std::optional<std::uint64_t> max_size_bytes;
  std::vector<std::filesystem::path> pg_bin_dirs;  // --pg-bin
  bool keep_owners = false;      // the branch's objects keep the source's owners
  bool keep_privileges = false;  // and its GRANTs and default privileges
};

// What the checks learned, for the import to reuse (0 / empty where a side was unreachable).
struct SourceFacts {
  int source_major = 0;
  int target_major = 0;
  std::uint64_t database_size = 0;
  std::optional<cluster::Installation> client_tools;  // pg_dump/pg_restore to use
};

// Runs every check. Never throws for connection problems or failed catalog queries: they
// become findings (a side that cannot connect is reported, and the checks needing it skipped).
CheckReport run_checks(const CheckInputs& inputs, SourceFacts* facts = nullptr);

}  // namespace pgimport::check
