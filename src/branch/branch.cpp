// Branch databases on a target: creating them, their status comment, listing, renaming,
// promoting and dropping. Database names are always quoted identifiers. Utility statements
// (CREATE DATABASE, COMMENT ON) take no bound parameters, so their literals go through
// PQescapeLiteral (Connection::quote_literal); every query binds its values.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "branch/branch.hpp"
#include "pg/redact.hpp"

namespace pgimport::branch {
namespace {

// SQLSTATEs this module reacts to.
constexpr std::string_view k_duplicate_database = "42P04";
constexpr std::string_view k_undefined_database = "3D000";
constexpr std::string_view k_object_in_use = "55006";
constexpr std::string_view k_insufficient_privilege = "42501";

bool database_exists(pg::Connection& maintenance, const std::string& name) {
  return maintenance.exec("SELECT 1 FROM pg_database WHERE datname = $1", {name}).rows() > 0;
}

void require_valid_name(const std::string& name) {
  if (auto valid = validate_branch_name(name); !valid) {
    throw BranchError(valid.error());
  }
}

// The status of an existing pgimport branch, or a BranchError saying why `name` is not one.
BranchStatus require_branch(pg::Connection& maintenance, const std::string& name,
                            std::string_view action) {
  if (!database_exists(maintenance, name)) {
    throw BranchError(fmt::format("database \"{}\" does not exist on the target: run `pgimport "
                                  "branches list` to see the branches there",
                                  name));
  }
  auto status = read_status(maintenance, name);
  if (!status) {
    throw BranchError(fmt::format(
        "database \"{}\" is not a pgimport branch (its comment carries no pgimport status): "
        "pgimport {}s only databases it created; use SQL if you really mean it",
        name, action));
  }
  return *status;
}

// A session cannot rename or drop the database it is connected to.
void require_not_current(pg::Connection& maintenance, const std::string& name) {
  if (maintenance.query_value("SELECT current_database()") == name) {
    throw BranchError(fmt::format(
        "pgimport is connected to database \"{}\" itself: give --target a connection string "
        "naming another database (e.g. postgres)",
        name));
  }
}

// A client that has just disconnected (an import's own sessions, an application closing)
// stays listed until its backend exits a moment later: counted again for up to a second
// before a rename or drop is refused over it.
std::int64_t other_sessions(pg::Connection& maintenance, const std::string& database) {
  using namespace std::chrono_literals;
  const auto deadline = std::chrono::steady_clock::now() + 1s;
  while (true) {
    const auto sessions = std::stoll(maintenance.query_value(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
        {database}));
    if (sessions == 0 || std::chrono::steady_clock::now() >= deadline) {
      return sessions;
    }
    std::this_thread::sleep_for(50ms);
  }
}

void terminate_sessions(pg::Connection& maintenance, const std::string& database) {
  // The timeout makes pg_terminate_backend wait until the session is really gone (14+).
  maintenance.exec(
      "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
      "WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
      {database});
}

std::string sessions_refusal(const std::string& database, std::int64_t sessions,
                             std::string_view what_to_do) {
  return fmt::format("database \"{}\" has {} open session{}: {}", database, sessions,
                     sessions == 1 ? "" : "s", what_to_do);
}

void rollback_quietly(pg::Connection& maintenance) noexcept {
  try {
    maintenance.exec("ROLLBACK");
  } catch (...) {  // the connection may be gone: the server rolls back by itself then
  }
}

// --- CREATE DATABASE and its locale fallbacks ---

struct CreateAttempt {
  std::string options;      // what follows CREATE DATABASE "x" TEMPLATE template0
  std::string description;  // what the branch gets, for the warning
};

std::string locale_options(pg::Connection& maintenance, const DatabaseSettings& settings,
                           std::vector<std::string>& warnings) {
  const int major = maintenance.server_major();
  std::string options;
  if (!settings.encoding.empty()) {
    options += " ENCODING " + maintenance.quote_literal(settings.encoding);
  }
  if (!settings.lc_collate.empty()) {
    options += " LC_COLLATE " + maintenance.quote_literal(settings.lc_collate);
  }
  if (!settings.lc_ctype.empty()) {
    options += " LC_CTYPE " + maintenance.quote_literal(settings.lc_ctype);
  }
  const std::string& provider = settings.locale_provider;
  if (major < 15) {
    if (provider == "icu" || provider == "builtin") {
      warnings.push_back(fmt::format(
          "the source database uses the {} locale provider ({}), which the target (PostgreSQL "
          "{}) does not have: the branch uses the libc locale \"{}\" instead; text may sort "
          "differently than on the source",
          provider, settings.icu_locale, major, settings.lc_collate));
    }
    return options;  // before 15 every database uses libc
  }
  if (provider == "icu") {
    options += " LOCALE_PROVIDER icu";
    if (!settings.icu_locale.empty()) {
      options += " ICU_LOCALE " + maintenance.quote_literal(settings.icu_locale);
    }
  } else if (provider == "builtin" && major >= 17) {
    options += " LOCALE_PROVIDER builtin BUILTIN_LOCALE " +
               maintenance.quote_literal(settings.icu_locale.empty() ? "C" : settings.icu_locale);
  } else {
    if (provider == "builtin") {
      warnings.push_back(fmt::format(
          "the source database uses the builtin locale provider ({}), which the target "
          "(PostgreSQL {}) does not have: the branch uses the libc locale \"{}\" instead",
          settings.icu_locale, major, settings.lc_collate));
    }
    // Explicit, so a target whose template0 uses ICU still gets the source's libc locale.
    options += " LOCALE_PROVIDER libc";
  }
  return options;
}

std::vector<CreateAttempt> create_attempts(pg::Connection& maintenance,
                                           const DatabaseSettings& settings,
                                           std::vector<std::string>& warnings) {
  std::vector<CreateAttempt> attempts;
  attempts.push_back({locale_options(maintenance, settings, warnings), ""});
  const std::string encoding =
      settings.encoding.empty() ? "" : " ENCODING " + maintenance.quote_literal(settings.encoding);
  // The target's default locale (template0's), with the source's encoding.
  attempts.push_back({encoding, "the target's default locale"});
  // "C" goes with every encoding.
  attempts.push_back({encoding + " LC_COLLATE 'C' LC_CTYPE 'C'" +
                          (maintenance.server_major() >= 15 ? " LOCALE_PROVIDER libc" : ""),
                      "the C locale"});
  return attempts;
}

bool may_retry_create(const pg::Error& error) {
  return error.sqlstate() != k_duplicate_database &&
         error.sqlstate() != k_insufficient_privilege && !error.is_connection_failure();
}

std::string describe_settings(const DatabaseSettings& settings) {
  std::string text = fmt::format("encoding {}, LC_COLLATE \"{}\", LC_CTYPE \"{}\"",
                                 settings.encoding, settings.lc_collate, settings.lc_ctype);
  if (!settings.locale_provider.empty() && settings.locale_provider != "libc") {
    text += fmt::format(", {} locale \"{}\"", settings.locale_provider, settings.icu_locale);
  }
  return text;
}

std::string actual_locale(pg::Connection& maintenance, const std::string& name) {
  return maintenance.query_value(
      "SELECT format('encoding %s, LC_COLLATE \"%s\", LC_CTYPE \"%s\"', "
      "pg_encoding_to_char(encoding), datcollate, datctype) FROM pg_database WHERE datname = $1",
      {name});
}

std::string already_exists(const std::string& name) {
  return fmt::format("database \"{}\" already exists on the target: choose another --branch", name);
}

// Runs the attempts in order until one works; returns a warning if a fallback was needed.
std::optional<std::string> create_database(pg::Connection& maintenance, const std::string& name,
                                           const DatabaseSettings& settings,
                                           const std::vector<CreateAttempt>& attempts) {
  std::optional<pg::Error> first_error;
  for (const auto& attempt : attempts) {
    try {
      maintenance.exec("CREATE DATABASE " + maintenance.quote_identifier(name) +
                       " TEMPLATE template0" + attempt.options);
    } catch (const pg::Error& error) {
      if (error.sqlstate() == k_duplicate_database) {
        throw BranchError(already_exists(name));
      }
      if (!may_retry_create(error)) {
        throw;
      }
      if (!first_error) {
        first_error = error;
      }
      continue;
    }
    if (!first_error) {
      return std::nullopt;
    }
    return fmt::format(
        "the target cannot create a database with the source's locale ({}): {}; branch \"{}\" "
        "uses {} instead ({}): text may sort and compare differently than on the source",
        describe_settings(settings), first_error->fields().message, name, attempt.description,
        actual_locale(maintenance, name));
  }
  throw *first_error;
}

}  // namespace

std::vector<std::string> create_branch(pg::Connection& maintenance, const std::string& name,
                                       const DatabaseSettings& settings,
                                       const BranchStatus& initial) {
  require_valid_name(name);
  if (database_exists(maintenance, name)) {
    throw BranchError(already_exists(name));
  }
  std::vector<std::string> warnings;
  const auto attempts = create_attempts(maintenance, settings, warnings);
  if (auto warning = create_database(maintenance, name, settings, attempts)) {
    warnings.push_back(std::move(*warning));
  }
  try {
    write_status(maintenance, name, initial);
  } catch (...) {
    // An unmarked database would be invisible to `branches list` and refused by `delete`.
    try {
      maintenance.exec("DROP DATABASE IF EXISTS " + maintenance.quote_identifier(name));
    } catch (...) {  // report the first failure, not this one
    }
    throw;
  }
  return warnings;
}

void write_status(pg::Connection& maintenance, const std::string& name, const BranchStatus& status) {
  BranchStatus safe = status;
  safe.source = pg::redact(safe.source);
  safe.message = pg::redact(safe.message);
  try {
    maintenance.exec("COMMENT ON DATABASE " + maintenance.quote_identifier(name) + " IS " +
                     maintenance.quote_literal(status_comment(safe)));
  } catch (const pg::Error& error) {
    if (error.sqlstate() == k_undefined_database) {
      throw BranchError(fmt::format(
          "database \"{}\" does not exist on the target: its status cannot be recorded", name));
    }
    throw;
  }
}

std::optional<BranchStatus> read_status(pg::Connection& maintenance, const std::string& name) {
  const auto result = maintenance.exec(
      "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", {name});
  if (result.rows() == 0 || result.is_null(0, 0)) {
    return std::nullopt;
  }
  return parse_status_comment(result.value(0, 0));
}

std::vector<BranchInfo> list_branches(pg::Connection& maintenance) {
  // Sizes only where we may connect (pg_database_size needs CONNECT); datconnlimit -2 marks a
  // database left invalid by an interrupted DROP DATABASE (16+), which has no size to read.
  const auto result = maintenance.exec(
      "SELECT d.datname, shobj_description(d.oid, 'pg_database'), "
      "       CASE WHEN d.datconnlimit <> -2 AND has_database_privilege(d.oid, 'CONNECT') "
      "            THEN pg_database_size(d.oid) ELSE 0 END "
      "FROM pg_database d "
      "WHERE starts_with(shobj_description(d.oid, 'pg_database'), $1) "
      "ORDER BY d.datname",
      {std::string(k_status_comment_prefix)});
  const auto live = maintenance.exec("SELECT pid FROM pg_stat_activity");
  std::set<std::int64_t> live_pids;
  for (int row = 0; row < live.rows(); ++row) {
    live_pids.insert(live.int_value(row, 0));
  }
  std::vector<BranchInfo> branches;
  for (int row = 0; row < result.rows(); ++row) {
    auto status = parse_status_comment(result.value(row, 1));
    // An import whose session is gone will never finish: say so rather than "importing".
    if (status && status->status == Status::importing && status->importer_pid != 0 &&
        live_pids.count(status->importer_pid) == 0) {
      status->status = Status::failed;
      status->message = "interrupted: the import's session on this server is gone (pgimport "
                        "was killed or the server restarted)";
    }
    branches.push_back({.name = std::string(result.value(row, 0)),
                        .status = std::move(status),
                        .size_bytes = static_cast<std::uint64_t>(result.int_value(row, 2))});
  }
  return branches;
}

pg::Connection open_maintenance(const pg::ConnInfo& target, const std::vector<std::string>& acted_on) {
  const auto named = target.get("dbname").value_or("");
  if (!named.empty() && std::find(acted_on.begin(), acted_on.end(), named) == acted_on.end()) {
    return pg::Connection::open(target, pg::Endpoint::target);
  }
  try {
    return pg::Connection::open(target.with_database("postgres"), pg::Endpoint::target);
  } catch (const pg::ConnectError& error) {
    if (error.failure().kind != pg::ConnectFailureKind::database_missing) {
      throw;
    }
    return pg::Connection::open(target.with_database("template1"), pg::Endpoint::target);
  }
}

void drop_branch(pg::Connection& maintenance, const std::string& name) {
  require_branch(maintenance, name, "delete");
  require_not_current(maintenance, name);
  // FORCE (13+) terminates the branch's sessions and drops it in one statement.
  maintenance.exec("DROP DATABASE " + maintenance.quote_identifier(name) + " WITH (FORCE)");
}

void rename_branch(pg::Connection& maintenance, const std::string& name,
                   const std::string& new_name) {
  require_valid_name(new_name);
  require_branch(maintenance, name, "rename");
  if (database_exists(maintenance, new_name)) {
    throw BranchError(fmt::format(
        "database \"{}\" already exists on the target: choose another name", new_name));
  }
  require_not_current(maintenance, name);
  const std::string what_to_do = "close them (or stop the applications using it) and try again";
  if (const auto sessions = other_sessions(maintenance, name); sessions > 0) {
    throw BranchError(sessions_refusal(name, sessions, what_to_do));
  }
  try {
    maintenance.exec("ALTER DATABASE " + maintenance.quote_identifier(name) + " RENAME TO " +
                     maintenance.quote_identifier(new_name));
  } catch (const pg::Error& error) {
    if (error.sqlstate() == k_object_in_use) {  // a session arrived since we counted
      throw BranchError(sessions_refusal(name, other_sessions(maintenance, name), what_to_do));
    }
    throw;
  }
}

std::string promote_branch(pg::Connection& maintenance, const std::string& name,
                           const std::string& as, bool force) {
  require_valid_name(as);
  const auto status = require_branch(maintenance, name, "promote");
  if (name == as) {
    throw BranchError(fmt::format("branch \"{}\" already has that name", name));
  }
  if (status.status != Status::complete) {
    throw BranchError(fmt::format(
        "branch \"{}\" is {}, not complete: only a complete import can be promoted{}", name,
        to_string(status.status),
        status.status == Status::failed ? " (delete it and import again)"
                                        : " (wait for its import to finish)"));
  }
  require_not_current(maintenance, name);
  require_not_current(maintenance, as);
  const bool as_exists = database_exists(maintenance, as);
  std::string aside;
  if (as_exists) {
    const auto now = std::chrono::system_clock::now();
    aside = aside_name(as, now);
    // Promoted twice within a second: "<as>_before_YYYYMMDD_HHMMSS_2", and so on.
    for (int number = 2; database_exists(maintenance, aside); ++number) {
      const std::string suffix = aside_name("", now) + "_" + std::to_string(number);
      aside = truncate_utf8(as, k_max_name_bytes - suffix.size()) + suffix;
    }
  }
  std::vector<std::string> databases{name};
  if (as_exists) {
    databases.push_back(as);
  }
  // With --force, sessions may reconnect between terminating them and renaming: try again.
  constexpr int k_attempts = 5;
  for (int attempt = 1;; ++attempt) {
    for (const auto& database : databases) {
      if (const auto sessions = other_sessions(maintenance, database); sessions > 0) {
        if (!force) {
          throw BranchError(sessions_refusal(
              database, sessions,
              "stop the applications using it, or add --force to terminate those sessions"));
        }
        terminate_sessions(maintenance, database);
      }
    }
    try {
      // Both renames or neither: ALTER DATABASE RENAME may run inside a transaction.
      maintenance.exec("BEGIN");
      if (as_exists) {
        maintenance.exec("ALTER DATABASE " + maintenance.quote_identifier(as) + " RENAME TO " +
                         maintenance.quote_identifier(aside));
      }
      maintenance.exec("ALTER DATABASE " + maintenance.quote_identifier(name) + " RENAME TO " +
                       maintenance.quote_identifier(as));
      maintenance.exec("COMMIT");
      return aside;
    } catch (const pg::Error& error) {
      rollback_quietly(maintenance);
      if (error.sqlstate() != k_object_in_use) {
        throw;
      }
      if (!force || attempt == k_attempts) {
        throw BranchError(fmt::format(
            "branch \"{}\" or database \"{}\" is being used by other sessions ({}): {}", name, as,
            error.fields().message,
            force ? "they keep reconnecting; stop the applications and try again"
                  : "stop the applications using them, or add --force to terminate those "
                    "sessions"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
}

}  // namespace pgimport::branch
