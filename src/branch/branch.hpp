#pragma once
// Branches: the NEW databases pgimport creates on a target, and their visible status.
//
// Where the status lives: in the database's comment, as `pgimport branch: {json}`
// (COMMENT ON DATABASE). Why there:
// - a user sees it with plain tools: psql `\l+` shows it in the Description column, and
//   `SELECT shobj_description(oid, 'pg_database') FROM pg_database` reads it;
// - it belongs to the database itself (by OID), so it survives renames and promotion, and it
//   disappears with DROP DATABASE: no side table can go stale;
// - pg_dump without --create does not carry database comments, so importing a branch again
//   does not make the copy look like a pgimport branch.
// A database is a pgimport branch exactly when its comment starts with k_status_comment_prefix;
// only such databases are listed, renamed, promoted or dropped by pgimport. A promoted branch
// keeps its comment (it is still a pgimport branch).
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include "pg/connection.hpp"

namespace pgimport::branch {

inline constexpr std::string_view k_status_comment_prefix = "pgimport branch: ";
// PostgreSQL's NAMEDATALEN - 1: longer identifiers are silently truncated by the server.
inline constexpr std::size_t k_max_name_bytes = 63;

enum class Status { importing, failed, complete };
std::string_view to_string(Status status);
std::optional<Status> parse_status(std::string_view text);

struct BranchStatus {
  Status status = Status::importing;
  std::string source;            // password-free display URL of the source (pg::ConnInfo::display())
  std::string source_database;
  std::string snapshot_time;     // ISO 8601, as the source saw it when the snapshot was taken
  std::string started_at;        // ISO 8601 UTC (utc_timestamp())
  std::string finished_at;       // "" while importing
  std::string pgimport_version;  // PGIMPORT_VERSION
  std::string message;           // failure reason ("" otherwise); redacted
  // While importing: the target backend pid of the import's own session. If that session
  // is gone (the target restarted, pgimport was killed), the import cannot finish.
  int importer_pid = 0;
};

// Copied from the source database where the target supports it.
struct DatabaseSettings {
  std::string encoding;          // "UTF8"
  std::string lc_collate, lc_ctype;
  std::string locale_provider;   // "libc" | "icu" | "builtin" | "" (source < 15)
  // The provider's own locale: daticulocale (15, 16) or datlocale (17+); for "builtin" the
  // builtin locale ("C", "C.UTF-8").
  std::string icu_locale;
};

struct BranchInfo {
  std::string name;
  std::optional<BranchStatus> status;
  std::uint64_t size_bytes = 0;
};

// A refusal or failure explained in a plain message that names the database and what to do.
class BranchError : public std::runtime_error {
 public:
  using runtime_error::runtime_error;
};

// --- names (pure) ---

// 1..63 bytes, no NUL, not template0/template1/postgres; anything else is fine (names are
// always quoted). The error says what is wrong.
tl::expected<void, std::string> validate_branch_name(std::string_view name);
// "<db>_import_YYYYMMDD_HHMMSS" (UTC); the db part is cut (on a UTF-8 character boundary)
// so that the whole fits 63 bytes.
std::string default_branch_name(std::string_view source_database,
                                std::chrono::system_clock::time_point now);
// "<as>_before_YYYYMMDD_HHMMSS" (UTC), cut to fit like default_branch_name.
std::string aside_name(std::string_view as, std::chrono::system_clock::time_point now);
// The first `max_bytes` bytes of `text`, not splitting a UTF-8 character.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// --- status as text (pure) ---

// "2026-11-21T22:26:02Z"
std::string utc_timestamp(std::chrono::system_clock::time_point time);
// Reads "YYYY-MM-DD[T ]HH:MM:SS[.fff][Z|+HH[:MM]|-HH[:MM]]"; nullopt if it is not one.
std::optional<std::chrono::system_clock::time_point> parse_timestamp(std::string_view text);
// "45s", "3m", "2h", "5d".
std::string format_age(std::chrono::seconds age);

nlohmann::json to_json(const BranchStatus& status);
// The database comment that marks a branch: k_status_comment_prefix + compact JSON.
std::string status_comment(const BranchStatus& status);
// nullopt when `comment` is not a pgimport status comment. A comment with the prefix whose
// JSON cannot be read still marks a branch: it reads as failed, saying so in `message`.
std::optional<BranchStatus> parse_status_comment(std::string_view comment);

// --- on the target ---
// `maintenance` is a connection to another database on the target server (e.g. postgres).

// Creates the database (TEMPLATE template0, encoding/locale from settings; if the target lacks
// the locale, falls back to the target's defaults and returns a warning saying so), then
// writes `initial`. Throws BranchError("database \"x\" already exists on the target: choose
// another --branch") if it exists.
std::vector<std::string> create_branch(pg::Connection& maintenance, const std::string& name,
                                       const DatabaseSettings& settings,
                                       const BranchStatus& initial);
// Replaces the status comment (message and source are redacted first). BranchError if the
// database does not exist.
void write_status(pg::Connection& maintenance, const std::string& name, const BranchStatus& status);
// nullopt: no such database, or not a pgimport branch.
std::optional<BranchStatus> read_status(pg::Connection& maintenance, const std::string& name);
// Only pgimport branches, by name.
std::vector<BranchInfo> list_branches(pg::Connection& maintenance);

// A connection to a database on the target to work from: the one `target` names, unless it
// is among `acted_on` (a session cannot rename or drop its own database); else postgres, or
// template1 where postgres does not exist.
pg::Connection open_maintenance(const pg::ConnInfo& target, const std::vector<std::string>& acted_on);
// Drops a pgimport branch (terminating its sessions first). Refuses (BranchError) a database
// that is not a pgimport branch.
void drop_branch(pg::Connection& maintenance, const std::string& name);
// Refuses (BranchError) a non-branch, an existing new_name, or a branch with open sessions.
void rename_branch(pg::Connection& maintenance, const std::string& name,
                   const std::string& new_name);
// Makes branch `name` the database called `as`. An existing `as` is renamed aside to
// "<as>_before_YYYYMMDD_HHMMSS" (never dropped); refused while `as` (or the branch) has other
// sessions unless force (then they are terminated). Only a complete branch can be promoted.
// Both renames happen in one transaction. Returns the aside name ("" if `as` did not exist).
std::string promote_branch(pg::Connection& maintenance, const std::string& name,
                           const std::string& as, bool force);

}  // namespace pgimport::branch
