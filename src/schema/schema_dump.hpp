#pragma once
// The schema of the source, dumped once by pg_dump inside the import's snapshot and restored
// into the branch in two sections: pre-data before the data copy, post-data after it.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cluster/installations.hpp"
#include "pg/conninfo.hpp"
#include "schema/restore_script.hpp"
#include "schema/toc.hpp"
#include "util/cancellation.hpp"

namespace pgimport::schema {

struct DumpSettings {
  cluster::Installation tools;        // pg_dump/pg_restore of the source's major or newer
  pg::ConnInfo source;
  std::string snapshot;               // exported snapshot id
  int lock_wait_timeout_ms = 30000;
  std::filesystem::path work_dir;     // private temporary folder for the dump and list files
};

struct RestoreSettings {
  pg::ConnInfo branch;
  bool keep_owners = false;
  TocPolicy policy;  // what the branch takes; policy.keep_privileges also drives --no-privileges
  std::string target_session_options;  // PGOPTIONS for pg_restore's sessions
};

// A failure of pg_dump or pg_restore, with the object named where pg_restore names it.
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SchemaDump {
 public:
  // Runs pg_dump (pre-data and post-data sections, no table data). Throws SchemaError.
  static SchemaDump create(const DumpSettings& settings, util::Cancellation& cancellation);

  const std::vector<TocEntry>& entries() const noexcept { return m_entries; }
  // Entries left out of the branch, with the reason (to report by name).
  std::vector<SkippedEntry> skipped(const RestoreSettings& settings) const;

  // The pre-data entries the branch takes, in pg_dump's (dependency) order.
  std::vector<TocEntry> pre_data_entries(const RestoreSettings& settings) const;
  // Restores exactly `entries`, in order, in one transaction; `label` names them in errors.
  void restore_in_one_transaction(const RestoreSettings& settings,
                                  const std::vector<TocEntry>& entries, const std::string& label,
                                  util::Cancellation& cancellation) const;
  // Post-data (indexes, constraints, triggers, matview refreshes...) with `jobs` sessions.
  void restore_post_data(const RestoreSettings& settings, int jobs,
                         util::Cancellation& cancellation) const;

  // The post-data entries the branch takes, in pg_dump's (dependency) order.
  std::vector<TocEntry> post_data_entries(const RestoreSettings& settings) const;
  // pg_restore's SQL for exactly `entries`, cut per entry; nullopt if it does not line up.
  std::optional<RestoreScript> script(const RestoreSettings& settings,
                                      const std::vector<TocEntry>& entries,
                                      util::Cancellation& cancellation) const;
  // Restores exactly `entries` with `jobs` sessions; `label` names them in errors.
  void restore_entries(const RestoreSettings& settings, const std::vector<TocEntry>& entries,
                       int jobs, const std::string& label, util::Cancellation& cancellation) const;

 private:
  SchemaDump(DumpSettings settings, std::vector<TocEntry> entries, std::set<int> pre_data_ids,
             std::set<int> post_data_ids);
  std::vector<TocEntry> kept_entries_of(const RestoreSettings& settings, const std::set<int>& ids) const;
  std::vector<std::string> restore_arguments(const RestoreSettings& settings,
                                             const std::filesystem::path& list_file) const;
  void restore(const RestoreSettings& settings, const std::string& label,
               const std::vector<TocEntry>& entries, const std::vector<std::string>& extra_arguments,
               util::Cancellation& cancellation) const;

  DumpSettings m_settings;
  std::filesystem::path m_dump_file;
  std::vector<TocEntry> m_entries;
  std::set<int> m_pre_data_ids;
  std::set<int> m_post_data_ids;
};

// What pg_restore's stderr says went wrong, shortened to the lines a user needs: the error,
// the TOC entry naming the object, and the start of the failing command.
std::string summarise_restore_errors(const std::string& stderr_text);

}  // namespace pgimport::schema
