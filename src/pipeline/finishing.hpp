#pragma once
// The steps after the table data: sequence values, large object contents, ANALYZE.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "inspect/source_catalog.hpp"
#include "model/table.hpp"
#include "pg/connection.hpp"
#include "util/cancellation.hpp"

namespace pgimport::pipeline {

// What copy_sequence_values did: qualified name -> "<last_value> (called|not called)" of each
// sequence it set (for verify), and the extensions' own sequences the branch has no such
// sequence for (the target's version of the extension makes none).
struct SequenceCopy {
  std::map<std::string, std::string> values;
  std::vector<model::SequenceInfo> missing;
};

// Sets every sequence on the branch to the source's last_value/is_called. (Sequences are not
// transactional: the source's value is read as it is now, never behind the snapshot's rows.)
SequenceCopy copy_sequence_values(pg::Connection& source, pg::Connection& branch,
                                  const std::vector<model::SequenceInfo>& sequences);

// The source database's own search_path setting (ALTER DATABASE ... SET search_path), if any.
std::optional<model::DatabaseSetting> search_path_setting(const std::vector<model::DatabaseSetting>& settings);

// The search_path the source database's sessions start with: its own or PostgreSQL's default.
std::string source_search_path(const std::vector<model::DatabaseSetting>& settings);

// Writes each large object's contents, in chunks; pre-data already created them (with their
// comments) from pg_dump's metadata. `source` reads through the snapshot.
std::uint64_t copy_large_objects(pg::Connection& source, pg::Connection& branch,
                                 const std::vector<std::uint32_t>& large_objects,
                                 util::Cancellation& cancellation);

// Gives the branch the source database's settings (ALTER DATABASE/ROLE ... SET), through
// `maintenance` (any session on the target). Last, after every import session on the branch
// has connected: a setting such as default_transaction_read_only must not apply to them.
// Returns the ones the target refused (a superuser-only setting, a missing role).
struct RefusedSetting {
  std::string object;  // as verify names the setting
  std::string text;    // "database setting <name> [for role <r>]: the target refused it (<why>)"
};
std::vector<RefusedSetting> copy_database_settings(pg::Connection& maintenance, const std::string& branch,
                                                const std::vector<model::DatabaseSetting>& settings);

// What pg_dump --create would write about the database itself and the import does not copy
// (its comment, privileges, connection limit), each as a "skipped" text.
std::vector<std::string> database_properties_not_copied(const inspect::SourceDatabase& database);

// The ANALYZE statements that cover every copied table (for run_in_parallel).
std::vector<std::string> analyze_statements(const std::vector<model::TableInfo>& tables);

}  // namespace pgimport::pipeline
