#include "check/checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "check/rules.hpp"
#include "pg/connection.hpp"
#include "pg/redact.hpp"
#include "util/text.hpp"
#include "util/units.hpp"

namespace pgimport::check {
namespace {

using pg::Connection;
using pg::Endpoint;

// Objects pgimport copies live outside the system schemas.
constexpr std::string_view k_user_schema =
    R"((n.nspname NOT IN ('pg_catalog', 'information_schema')
        AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'))";
// Objects that belong to an extension come with CREATE EXTENSION, not from the dump.
constexpr std::string_view k_not_extension_member =
    R"(NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                   AND d.objid = c.oid AND d.deptype = 'e'))";

constexpr std::string_view k_read_everything_hint =
    "or connect as a role that can read everything (e.g. a member of pg_read_all_data)";
constexpr std::string_view k_direct_connection_hint =
    "use the direct connection string of the PostgreSQL server, not a pooler's: pgimport reads "
    "everything from one exported snapshot";

// Everything a check needs: both connections (either may be missing) and what to redact.
struct Context {
  const CheckInputs& inputs;
  CheckReport& report;
  SourceFacts& facts;
  std::optional<Connection> source;
  std::optional<Connection> target;
  std::vector<std::string> secrets;
  std::optional<bool> is_target_superuser;  // learned by check_target_createdb
};

// libpq's messages may span lines ("server closed the connection unexpectedly\n\tThis ...").
std::string one_line(std::string_view text) {
  std::string line;
  for (const auto& part : util::split_lines(text)) {
    const auto trimmed = util::trim(part);
    if (!trimmed.empty()) {
      line += (line.empty() ? "" : " ") + std::string(trimmed);
    }
  }
  return line;
}

std::vector<std::string> first_column(const pg::Result& result) {
  std::vector<std::string> values;
  values.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) {
    values.emplace_back(result.value(row, 0));
  }
  return values;
}

std::vector<std::string> query_names(Connection& connection, const std::string& sql) {
  return first_column(connection.exec(sql));
}

// Runs one check; a query that fails becomes a warning rather than stopping the others.
template <typename Check>
void guarded(Context& context, std::string_view code, std::string_view what, Check&& check) {
  try {
    check();
  } catch (const pg::Error& error) {
    // The server's message, without the (long) query text that what() carries.
    context.report.add(Severity::warn, std::string(code),
                       fmt::format("could not check {}: {} {}", what, error.sqlstate(),
                                   one_line(pg::redact(error.fields().message, context.secrets))),
                       "run the check again; if this persists, the role may lack access to the "
                       "catalog (the message above says what failed)");
  } catch (const std::exception& error) {
    context.report.add(Severity::warn, std::string(code),
                       fmt::format("could not check {}: {}", what,
                                   one_line(pg::redact(error.what(), context.secrets))),
                       "run the check again; if this persists, the role may lack access to the "
                       "catalog (the message above says what failed)");
  }
}

std::optional<Connection> connect(Context& context, const pg::ConnInfo& info, Endpoint endpoint) {
  const std::string side(pg::to_string(endpoint));
  const std::string code = side + ".connection";
  try {
    auto connection = Connection::open(info, endpoint);
    // Catalog queries are quick: a check must not hang on a stuck server.
    connection.exec("SET statement_timeout = '2min'");
    context.report.add(Severity::pass, code,
                       fmt::format("connected to the {} {} (PostgreSQL {})", side, info.display(),
                                   version_text(connection.server_version())));
    return connection;
  } catch (const pg::ConnectError& error) {
    const auto& failure = error.failure();
    context.report.add(Severity::fail, code,
                       fmt::format("cannot connect to the {}: {}", side, one_line(failure.message)),
                       failure.hint);
  } catch (const std::exception& error) {
    context.report.add(Severity::fail, code,
                       fmt::format("cannot use the {} connection: {}", side,
                                   one_line(pg::redact(error.what(), context.secrets))),
                       "check the connection string; use the server's direct address");
  }
  return std::nullopt;
}

void check_supported(Context& context, const Connection& connection, std::string_view side) {
  const int major = connection.server_major();
  const auto version = version_text(connection.server_version());
  const std::string code = std::string(side) + ".version";
  if (is_supported_major(major)) {
    context.report.add(Severity::pass, code,
                       fmt::format("the {} runs PostgreSQL {} (supported)", side, version));
    return;
  }
  context.report.add(
      Severity::fail, code,
      fmt::format("the {} runs PostgreSQL {}; pgimport supports PostgreSQL {} to {}", side, version,
                  k_oldest_supported_major, k_newest_supported_major),
      major < k_oldest_supported_major
          ? fmt::format("upgrade the {} to PostgreSQL {} or newer, or use pg_dump and pg_restore "
                        "directly",
                        side, k_oldest_supported_major)
          : fmt::format("use a pgimport release that supports PostgreSQL {}", major));
}

void check_versions(Context& context) {
  if (context.source) {
    context.facts.source_major = context.source->server_major();
    check_supported(context, *context.source, "source");
  }
  if (context.target) {
    context.facts.target_major = context.target->server_major();
    check_supported(context, *context.target, "target");
  }
  if (!context.source || !context.target) {
    return;
  }
  const int source_major = context.facts.source_major;
  const int target_major = context.facts.target_major;
  if (target_major < source_major) {
    context.report.add(
        Severity::fail, "versions.order",
        fmt::format("the target runs PostgreSQL {}, older than the source's {}: target older "
                    "than source is not supported (pg_dump output is meant for the same or a "
                    "newer server)",
                    target_major, source_major),
        fmt::format("import into a server running PostgreSQL {} or newer", source_major));
    return;
  }
  context.report.add(
      Severity::pass, "versions.order",
      target_major == source_major
          ? fmt::format("source and target run the same major version ({})", source_major)
          : fmt::format("the target's PostgreSQL {} is newer than the source's {} (supported)",
                        target_major, source_major));
}

void check_client_tools(Context& context) {
  const int source_major = context.facts.source_major;
  const auto installations = cluster::discover_installations(context.inputs.pg_bin_dirs,
                                                             cluster::Wanted::client_tools);
  if (auto tools = cluster::find_client_tools(installations, source_major)) {
    context.report.add(Severity::pass, "client_tools",
                       fmt::format("pg_dump and pg_restore {} in {} can dump PostgreSQL {}",
                                   tools->version, tools->bin_dir.string(), source_major));
    context.facts.client_tools = std::move(tools);
    return;
  }
  std::vector<std::string> found;
  for (const auto& installation : installations) {
    if (installation.has_client_tools) {
      found.push_back(
          fmt::format("pg_dump {} in {}", installation.version, installation.bin_dir.string()));
    }
  }
  context.report.add(
      Severity::fail, "client_tools",
      fmt::format("no pg_dump for PostgreSQL {} or newer on this machine ({}); pg_dump cannot "
                  "dump a server newer than itself",
                  source_major, found.empty() ? "found none" : "found " + util::join(found, ", ")),
      client_tools_hint(source_major));
}

void check_size(Context& context) {
  const auto result = context.source->exec("SELECT pg_database_size(current_database())");
  const auto size = static_cast<std::uint64_t>(result.int_value(0, 0));
  context.facts.database_size = size;
  const auto& limit = context.inputs.max_size_bytes;
  if (limit && size > *limit) {
    context.report.add(Severity::fail, "size",
                       fmt::format("the source database is {}, more than --max-size {}",
                                   util::format_bytes(size), util::format_bytes(*limit)),
                       "raise --max-size (or leave it out for no limit) if the target has room "
                       "for it");
    return;
  }
  context.report.add(Severity::pass, "size",
                     limit ? fmt::format("the source database is {} (limit {})",
                                         util::format_bytes(size), util::format_bytes(*limit))
                           : fmt::format("the source database is {}", util::format_bytes(size)));
  context.report.add(Severity::pass, "estimate",
                     fmt::format("estimate: {} to copy at 100 MB/s (a rough guess: indexes, "
                                 "network and disks change it)",
                                 estimate_text(size)));
}

void check_standby(Context& context) {
  if (context.source->query_value("SELECT pg_is_in_recovery()") != "t") {
    return;
  }
  context.report.add(Severity::warn, "source.standby",
                     "the source is a standby server (in recovery)",
                     "a long import can be cancelled by recovery conflicts: set "
                     "hot_standby_feedback=on and max_standby_streaming_delay=-1 on the standby, "
                     "or import from the primary");
}

// Another session's ACCESS EXCLUSIVE lock (ALTER TABLE, VACUUM FULL, LOCK TABLE, ...) blocks
// every read of that table: the import would wait --lock-timeout for it and then fail with
// PostgreSQL's bare "canceling statement due to lock timeout". Name the tables up front.
void check_source_locks(Context& context) {
  const auto result = context.source->exec(fmt::format(
      R"(SELECT format('%I.%I', n.nspname, c.relname), string_agg(DISTINCT l.pid::text, ', ')
           FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND l.mode = 'AccessExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid()
            AND c.relkind IN ('r', 'p', 'm') AND {}
          GROUP BY 1 ORDER BY 1)",
      k_user_schema));
  if (result.rows() == 0) {
    return;
  }
  std::vector<std::string> tables;
  std::vector<std::string> descriptions;
  for (int row = 0; row < result.rows(); ++row) {
    tables.emplace_back(result.value(row, 0));
    descriptions.push_back(fmt::format("{} (pid {})", result.value(row, 0), result.value(row, 1)));
  }
  auto message = fmt::format("another session holds an exclusive lock on {} source table{}: {}",
                             tables.size(), tables.size() == 1 ? "" : "s",
                             util::join(descriptions, ", "));
  context.report.add(
      Severity::warn, "source.locks", std::move(message),
      "the import waits --lock-timeout for it, then fails: let that transaction finish, or end it "
      "with SELECT pg_terminate_backend(pid)",
      std::move(tables));
}

struct Unreadable {
  std::string code;
  std::string what;  // "USAGE on 2 schemas"
  std::vector<std::string> names;
  std::string hint;
};

void check_source_privileges(Context& context) {
  auto& source = *context.source;
  const auto role_names = source.exec("SELECT current_user, quote_ident(current_user)");
  const std::string role(role_names.value(0, 0));
  const std::string quoted_role(role_names.value(0, 1));
  const std::string user_schema(k_user_schema);
  const std::string not_member(k_not_extension_member);
  std::vector<Unreadable> problems;

  auto schemas =
      query_names(source, "SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE " + user_schema +
                              " AND NOT has_schema_privilege(n.oid, 'USAGE') "
                              "ORDER BY 1");
  if (!schemas.empty()) {
    problems.push_back({"privileges.schemas",
                        "has no USAGE on " + count_of(schemas.size(), "schema"), schemas,
                        fmt::format("as the schema's owner: GRANT USAGE ON SCHEMA {} TO {}; {}",
                                    schemas.front(), quoted_role, k_read_everything_hint)});
  }
  const auto relations_sql = [&](std::string_view kinds, std::string_view privilege) {
    return "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN (" +
           std::string(kinds) + ") AND " + user_schema + " AND " + not_member + " AND NOT " +
           std::string(privilege) + " ORDER BY 1";
  };
  auto tables = query_names(
      source, relations_sql("'r', 'p', 'v', 'm'", "has_table_privilege(c.oid, 'SELECT')"));
  if (!tables.empty()) {
    problems.push_back(
        {"privileges.tables",
         "cannot SELECT from " + count_of(tables.size(), "table or view", "tables or views"),
         tables,
         fmt::format("as the owner: GRANT SELECT ON {} TO {} (or ON ALL TABLES IN SCHEMA ...); {}",
                     tables.front(), quoted_role, k_read_everything_hint)});
  }
  // pg_dump reads each sequence's state with SELECT. has_sequence_privilege() raises an error
  // for other relations, and the planner may call it before the relkind filter: hence CASE.
  auto sequences =
      query_names(source, relations_sql("'S'",
                                        "CASE WHEN c.relkind = 'S' THEN "
                                        "has_sequence_privilege(c.oid, 'SELECT') ELSE true END"));
  if (!sequences.empty()) {
    problems.push_back({"privileges.sequences",
                        "cannot SELECT from " + count_of(sequences.size(), "sequence"), sequences,
                        fmt::format("as the owner: GRANT SELECT ON SEQUENCE {} TO {}; {}",
                                    sequences.front(), quoted_role, k_read_everything_hint)});
  }
  // has_largeobject_privilege() only exists from PostgreSQL 17: read the ACLs instead.
  // (pg_has_role is true for a superuser, and NULL lomacl means "owner only".)
  if (source.query_value("SHOW lo_compat_privileges") != "on") {
    auto large_objects =
        query_names(source,
                    "SELECT m.oid::text FROM pg_largeobject_metadata m "
                    "WHERE NOT pg_has_role(m.lomowner, 'USAGE') AND NOT EXISTS ("
                    "  SELECT 1 FROM aclexplode(m.lomacl) a WHERE a.privilege_type = 'SELECT'"
                    "  AND (a.grantee = 0 OR pg_has_role(a.grantee, 'USAGE'))) ORDER BY m.oid");
    if (!large_objects.empty()) {
      problems.push_back({"privileges.large_objects",
                          "cannot read " + count_of(large_objects.size(), "large object"),
                          large_objects,
                          fmt::format("as the owner: GRANT SELECT ON LARGE OBJECT {} TO {}; or "
                                      "connect as the objects' owner or a superuser",
                                      large_objects.front(), quoted_role)});
    }
  }
  for (auto& problem : problems) {
    auto message = fmt::format("the source role \"{}\" {}: {}", role, problem.what,
                               describe_names(problem.names));
    context.report.add(Severity::fail, problem.code, std::move(message), std::move(problem.hint),
                       std::move(problem.names));
  }
  if (problems.empty()) {
    context.report.add(Severity::pass, "privileges.read",
                       fmt::format("the source role \"{}\" can read every schema, table, "
                                   "sequence and large object",
                                   role));
  }
}

void check_replication(Context& context) {
  const auto result = context.source->exec(
      "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user");
  const bool has_replication = result.rows() == 1 && result.bool_value(0, 0);
  // Informational: a one-time import from a snapshot does not need it.
  context.report.add(Severity::pass, "privileges.replication",
                     has_replication
                         ? "the source role has REPLICATION (not needed for an import)"
                         : "the source role has no REPLICATION attribute (not needed for an "
                           "import)");
}

void check_target_createdb(Context& context) {
  const auto result = context.target->exec(
      "SELECT current_user, rolcreatedb OR rolsuper, quote_ident(current_user), rolsuper "
      "FROM pg_roles WHERE rolname = current_user");
  const std::string role(result.value(0, 0));
  context.is_target_superuser = result.bool_value(0, 3);
  if (result.bool_value(0, 1)) {
    context.report.add(Severity::pass, "target.createdb",
                       fmt::format("the target role \"{}\" can create databases", role));
    return;
  }
  context.report.add(Severity::fail, "target.createdb",
                     fmt::format("the target role \"{}\" cannot create databases, and the import "
                                 "creates a new one",
                                 role),
                     fmt::format("as a superuser on the target: ALTER ROLE {} CREATEDB; or "
                                 "connect to the target as a role that has CREATEDB",
                                 result.value(0, 2)));
}

void rollback_quietly(Connection& connection) noexcept {
  try {
    connection.exec("ROLLBACK");
  } catch (...) {
    // The transaction is gone with the error, or the connection is: nothing to undo.
  }
}

// Whether `source` keeps its server session across transactions. While a second client holds
// a transaction open, a transaction pooler must serve the next statement of `source` from
// another server session (the held one is busy): its backend pid changes. A direct connection
// or a session pooler keeps the same one.
bool keeps_server_session(Connection& source, Connection& second) {
  const auto before = source.query_value("SELECT pg_backend_pid()");
  second.exec("BEGIN");
  second.query_value("SELECT pg_backend_pid()");
  const auto after = source.query_value("SELECT pg_backend_pid()");
  second.exec("ROLLBACK");
  return before == after;
}

void check_pooling(Context& context) {
  const auto& info = context.inputs.source;
  auto& source = *context.source;
  bool has_failed = false;
  if (auto pooler = pooler_from_host(info.host(), info.port())) {
    has_failed = true;
    context.report.add(Severity::fail, "pooling.host",
                       *pooler +
                           ": exported snapshots and session settings do not survive "
                           "transaction pooling",
                       std::string(k_direct_connection_hint));
  }
  std::optional<Connection> second;
  try {
    second = Connection::open(info, Endpoint::source);
  } catch (const pg::ConnectError& error) {
    context.report.add(Severity::warn, "pooling.snapshot",
                       "could not open a second source connection to test exported snapshots: " +
                           error.failure().message,
                       "the import opens several source connections: " + error.failure().hint);
    return;
  }
  bool is_source_in_transaction = false;
  bool is_second_in_transaction = false;
  try {
    source.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    is_source_in_transaction = true;
    const auto snapshot = source.query_value("SELECT pg_export_snapshot()");
    second->exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    is_second_in_transaction = true;
    second->exec("SET TRANSACTION SNAPSHOT " + second->quote_literal(snapshot));
    second->exec("ROLLBACK");
    is_second_in_transaction = false;
    source.exec("ROLLBACK");
  } catch (const pg::Error& error) {
    if (is_second_in_transaction) {
      rollback_quietly(*second);
    }
    if (is_source_in_transaction) {
      rollback_quietly(source);
    }
    context.report.add(Severity::fail, "pooling.snapshot",
                       fmt::format("a second source connection could not use an exported "
                                   "snapshot ({}): a transaction pooler is probably in between",
                                   one_line(error.fields().message)),
                       std::string(k_direct_connection_hint));
    return;
  }
  if (!keeps_server_session(source, *second)) {
    context.report.add(Severity::fail, "pooling.transaction",
                       "the source connection is transaction-pooled (e.g. PgBouncer "
                       "pool_mode=transaction): each transaction may run in another server "
                       "session, so read-only sessions and one snapshot cannot be kept",
                       std::string(k_direct_connection_hint));
    return;
  }
  if (has_failed) {
    return;
  }
  // PgBouncer and similar proxies hand out their own cancel key, so the pid libpq learned at
  // connect time is not the server process's. Session pooling is fine: say what was found.
  const bool is_proxied =
      source.query_value("SELECT pg_backend_pid()") != std::to_string(source.backend_pid());
  context.report.add(Severity::pass, "pooling.snapshot",
                     is_proxied ? "the source connection goes through a pooler or proxy that keeps "
                                  "one server session per client: exported snapshots work"
                                : "a second source connection can use an exported snapshot (no "
                                  "transaction pooler in between)");
}

std::string extension_hint(const std::vector<std::string>& missing, int target_major) {
  std::string hint =
      "install these extensions on the target server (its contrib or extension packages), or "
      "DROP EXTENSION them on the source if they are unused";
  const bool has_removed = std::any_of(missing.begin(), missing.end(), [](const auto& name) {
    return name == "adminpack" || name == "old_snapshot";
  });
  if (has_removed && target_major >= 17) {
    hint +=
        "; PostgreSQL 17 removed adminpack and old_snapshot, so for those dropping them "
        "(or a PostgreSQL 16 target) is the only way";
  }
  return hint;
}

void check_extensions(Context& context) {
  std::vector<InstalledExtension> installed;
  const auto source_rows = context.source->exec(
      "SELECT extname, extversion FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1");
  for (int row = 0; row < source_rows.rows(); ++row) {
    installed.push_back(
        {std::string(source_rows.value(row, 0)), std::string(source_rows.value(row, 1))});
  }
  if (installed.empty()) {
    context.report.add(Severity::pass, "extensions",
                       "the source uses no extensions (besides plpgsql)");
    return;
  }
  std::map<std::string, AvailableExtension> available;
  const auto target_rows = context.target->exec(
      "SELECT e.name, e.default_version, v.version FROM pg_available_extensions e "
      "LEFT JOIN pg_available_extension_versions v USING (name)");
  for (int row = 0; row < target_rows.rows(); ++row) {
    auto& extension = available[std::string(target_rows.value(row, 0))];
    extension.default_version = target_rows.value(row, 1);
    extension.versions.insert(std::string(target_rows.value(row, 2)));
  }
  const auto comparison = compare_extensions(installed, available);
  if (!comparison.missing.empty()) {
    context.report.add(Severity::fail, "extensions.missing",
                       fmt::format("the target server cannot install {} the source uses: {}",
                                   count_of(comparison.missing.size(), "extension"),
                                   describe_names(comparison.missing)),
                       extension_hint(comparison.missing, context.facts.target_major),
                       comparison.missing);
  }
  if (!comparison.other_version.empty()) {
    context.report.add(
        Severity::warn, "extensions.version",
        "extension versions differ on the target: " + describe_names(comparison.other_version),
        "the branch gets the target's version; check release notes of these "
        "extensions, or install the source's version on the target",
        comparison.other_version);
  }
  if (comparison.missing.empty() && comparison.other_version.empty()) {
    std::vector<std::string> names;
    for (const auto& extension : installed) {
      names.push_back(extension.name);
    }
    context.report.add(
        Severity::pass, "extensions",
        "the target can install every extension the source uses: " + describe_names(names));
  }
}

LocaleSettings read_locale(Connection& connection, const std::string& database) {
  const int major = connection.server_major();
  const std::string provider = major >= 15 ? "datlocprovider::text" : "'c'";
  const std::string locale = major >= 17   ? "datlocale"
                             : major >= 15 ? "daticulocale"
                                           : "NULL::text";
  const auto result =
      connection.exec("SELECT pg_encoding_to_char(encoding), datcollate, datctype, " + provider +
                          ", " + locale + " FROM pg_database WHERE datname = $1",
                      {database});
  if (result.rows() != 1) {
    throw std::runtime_error("database \"" + database + "\" not found in pg_database");
  }
  LocaleSettings settings{std::string(result.value(0, 0)), std::string(result.value(0, 1)),
                          std::string(result.value(0, 2)), provider_name(result.value(0, 3)),
                          std::string(result.value(0, 4))};
  if (settings.provider == "libc") {
    settings.locale.clear();
  }
  return settings;
}

void check_locale(Context& context) {
  const auto source_database = context.source->query_value("SELECT current_database()");
  const auto source = read_locale(*context.source, source_database);
  const auto target = read_locale(*context.target, "template1");
  const auto differences = locale_differences(source, target);
  if (differences.empty()) {
    context.report.add(Severity::pass, "locale",
                       fmt::format("encoding and locale match the target's template1 ({}, {})",
                                   source.encoding, source.collate));
    return;
  }
  context.report.add(Severity::warn, "locale",
                     "the source database's encoding or locale differs from the target's "
                     "template1: " +
                         util::join(differences, "; "),
                     fmt::format("sorting and text indexes follow the database's locale: create "
                                 "the branch with the source's (ENCODING '{}' LC_COLLATE '{}' "
                                 "LC_CTYPE '{}' TEMPLATE template0), and make sure the target "
                                 "server has that locale",
                                 source.encoding, source.collate, source.ctype),
                     differences);
}

// Roles the branch's SQL names whatever the options: user mappings and policies (pg_restore
// --no-owner --no-privileges keeps both). Unquoted names. The view pg_user_mappings, not the
// catalog: only a superuser may read pg_user_mapping (it holds the passwords).
constexpr std::string_view k_roles_always_named_sql = R"SQL(
SELECT r.rolname FROM pg_user_mappings m JOIN pg_roles r ON r.oid = m.umuser
UNION SELECT r.rolname FROM pg_policy p CROSS JOIN LATERAL unnest(p.polroles) AS role(oid)
  JOIN pg_roles r ON r.oid = role.oid)SQL";

// Roles that own the objects a copy creates (--keep-owners). USER_SCHEMA is replaced.
constexpr std::string_view k_owner_roles_sql = R"SQL(
SELECT r.rolname FROM (
  SELECT c.relowner AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND USER_SCHEMA
  UNION SELECT p.proowner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE USER_SCHEMA
  UNION SELECT t.typowner FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE USER_SCHEMA
  UNION SELECT n.nspowner FROM pg_namespace n WHERE USER_SCHEMA
  UNION SELECT m.lomowner FROM pg_largeobject_metadata m
  UNION SELECT s.srvowner FROM pg_foreign_server s
  UNION SELECT e.evtowner FROM pg_event_trigger e) o
JOIN pg_roles r ON r.oid = o.owner)SQL";

// Roles named by GRANTs (grantees and grantors) and default privileges (--keep-privileges).
constexpr std::string_view k_privilege_roles_sql = R"SQL(
SELECT r.rolname FROM (
  SELECT c.relacl AS acl FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE USER_SCHEMA
  UNION ALL SELECT a.attacl FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attacl IS NOT NULL AND USER_SCHEMA
  UNION ALL SELECT n.nspacl FROM pg_namespace n WHERE USER_SCHEMA
  UNION ALL SELECT p.proacl FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE USER_SCHEMA
  UNION ALL SELECT t.typacl FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE USER_SCHEMA
  UNION ALL SELECT m.lomacl FROM pg_largeobject_metadata m
  UNION ALL SELECT s.srvacl FROM pg_foreign_server s
  UNION ALL SELECT d.defaclacl FROM pg_default_acl d) a
CROSS JOIN LATERAL aclexplode(a.acl) x
JOIN pg_roles r ON r.oid IN (x.grantee, x.grantor)
WHERE a.acl IS NOT NULL
UNION SELECT r.rolname FROM pg_default_acl d JOIN pg_roles r ON r.oid = d.defaclrole)SQL";

std::set<std::string> role_names(Connection& connection, std::string_view sql) {
  const auto names = query_names(connection, util::replace_all(std::string(sql), "USER_SCHEMA",
                                                               std::string(k_user_schema)));
  return {names.begin(), names.end()};
}

// The roles the branch's SQL will name must exist on the target, or the restore fails
// halfway: found here, all at once, before a branch is created.
void check_target_roles(Context& context) {
  auto needed = role_names(*context.source, k_roles_always_named_sql);
  if (context.inputs.keep_owners) {
    needed.merge(role_names(*context.source, k_owner_roles_sql));
  }
  if (context.inputs.keep_privileges) {
    needed.merge(role_names(*context.source, k_privilege_roles_sql));
  }
  const auto existing = query_names(*context.target, "SELECT rolname FROM pg_roles");
  const std::set<std::string> on_target(existing.begin(), existing.end());
  std::vector<std::string> missing;
  for (const auto& name : needed) {
    if (on_target.count(name) == 0) {
      missing.emplace_back(context.target->exec("SELECT quote_ident($1)", {name}).value(0, 0));
    }
  }
  if (missing.empty()) {
    context.report.add(Severity::pass, "target.roles",
                       needed.empty() ? "the branch names no roles of the source"
                                      : "the target has every role the branch names: " +
                                            describe_names({needed.begin(), needed.end()}));
    return;
  }
  const bool keeps = context.inputs.keep_owners || context.inputs.keep_privileges;
  context.report.add(
      Severity::fail, "target.roles",
      fmt::format("the target lacks {} the branch needs: {} (named by the source's {})",
                  count_of(missing.size(), "role"), describe_names(missing),
                  keeps ? "owners, GRANTs, user mappings or policies" : "user mappings or policies"),
      fmt::format("create {} on the target first (CREATE ROLE {};){}", missing.size() == 1 ? "it" : "them",
                  missing.front(),
                  keeps ? ", or import without --keep-owners/--keep-privileges (the branch's objects "
                          "then belong to the importing role, without the source's GRANTs)"
                        : ""),
      missing);
}

// Things that will not carry over as they are, or need a choice: each one a warning.
void check_objects(Context& context) {
  auto& source = *context.source;
  const std::string user_schema(k_user_schema);
  const std::string not_member(k_not_extension_member);
  std::size_t warnings = 0;
  const auto warn = [&](std::string code, std::string message, std::string hint,
                        std::vector<std::string> names) {
    ++warnings;
    context.report.add(Severity::warn, std::move(code), std::move(message), std::move(hint),
                       std::move(names));
  };

  const auto large_objects = static_cast<std::size_t>(
      source.exec("SELECT count(*) FROM pg_largeobject_metadata").int_value(0, 0));
  if (large_objects > 0) {
    warn("objects.large_objects", "the source has " + count_of(large_objects, "large object"),
         "they are copied one by one after the tables (slow when there are very many) and "
         "belong to the importing role unless --keep-owners is given",
         {});
  }

  const auto tablespaces =
      query_names(source,
                  "SELECT DISTINCT quote_ident(t.spcname) FROM pg_class c "
                  "JOIN pg_tablespace t ON t.oid = c.reltablespace "
                  "WHERE t.spcname NOT IN ('pg_default', 'pg_global') "
                  "UNION SELECT quote_ident(t.spcname) FROM pg_database d "
                  "JOIN pg_tablespace t ON t.oid = d.dattablespace "
                  "WHERE d.datname = current_database() AND t.spcname <> 'pg_default' ORDER BY 1");
  if (!tablespaces.empty()) {
    warn("objects.tablespaces",
         "source objects use tablespaces other than the default: " + describe_names(tablespaces),
         "create tablespaces of the same names on the target, or expect these objects in the "
         "target's default tablespace",
         tablespaces);
  }

  const auto owners = query_names(
      source,
      "WITH owned AS ("
      "  SELECT c.relowner AS owner, 'pg_class'::regclass AS classid, c.oid FROM pg_class c"
      "  JOIN pg_namespace n ON n.oid = c.relnamespace"
      "  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND " +
          user_schema +
          "  UNION ALL SELECT p.proowner, 'pg_proc'::regclass, p.oid FROM pg_proc p"
          "  JOIN pg_namespace n ON n.oid = p.pronamespace WHERE " +
          user_schema +
          "  UNION ALL SELECT t.typowner, 'pg_type'::regclass, t.oid FROM pg_type t"
          "  JOIN pg_namespace n ON n.oid = t.typnamespace"
          "  WHERE t.typtype IN ('d', 'e', 'r') AND " +
          user_schema +
          "  UNION ALL SELECT n.nspowner, 'pg_namespace'::regclass, n.oid FROM pg_namespace n"
          "  WHERE n.nspname <> 'public' AND " +
          user_schema +
          ") SELECT quote_ident(r.rolname) FROM owned o JOIN pg_roles r ON r.oid = o.owner"
          "  WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = o.classid"
          "                    AND d.objid = o.oid AND d.deptype = 'e')"
          "  GROUP BY r.rolname ORDER BY count(*) DESC, 1");
  if (owners.size() > 1) {
    warn("objects.owners",
         fmt::format("source objects are owned by {}: {}", count_of(owners.size(), "role"),
                     describe_names(owners)),
         "in the branch they all belong to the importing role; pass --keep-owners to keep the "
         "owners (the roles must exist on the target)",
         owners);
  }

  const auto languages =
      query_names(source,
                  "SELECT quote_ident(lanname) FROM pg_language WHERE lanispl AND NOT lanpltrusted "
                  "ORDER BY 1");
  if (!languages.empty()) {
    warn("objects.untrusted_languages",
         "the source uses untrusted languages: " + describe_names(languages),
         "only a superuser can create them, and the target server needs them installed; import "
         "as a superuser or expect the functions in these languages to fail",
         languages);
  }

  const auto event_triggers =
      query_names(source, "SELECT quote_ident(evtname) FROM pg_event_trigger ORDER BY 1");
  if (!event_triggers.empty()) {
    // A superuser target gets them (created last, after the copy's own DDL); others cannot.
    const auto& is_target_superuser = context.is_target_superuser;
    const auto listed = count_of(event_triggers.size(), "event trigger") + ": " + describe_names(event_triggers);
    if (is_target_superuser.value_or(false)) {
      context.report.add(Severity::pass, "objects.event_triggers",
                         "the target role is a superuser, so the branch gets the source's " + listed,
                         "", event_triggers);
    } else {
      warn("objects.event_triggers",
           (is_target_superuser ? "the target role is not a superuser, so the branch will not get the source's "
                                : "the source has ") + listed,
           "only a superuser can create event triggers: import as a superuser, or recreate them on "
           "the branch afterwards",
           event_triggers);
    }
  }

  auto replication = query_names(
      source, "SELECT 'publication ' || quote_ident(pubname) FROM pg_publication ORDER BY 1");
  const auto subscriptions = query_names(
      source,
      "SELECT 'subscription ' || quote_ident(subname) FROM pg_subscription "
      "WHERE subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "ORDER BY 1");
  replication.insert(replication.end(), subscriptions.begin(), subscriptions.end());
  if (!replication.empty()) {
    warn("objects.replication",
         "the source has publications or subscriptions: " + describe_names(replication),
         subscriptions.empty()
             ? "the branch gets the publications' definitions; nothing replicates from it until "
               "a subscriber is pointed at it"
             : "the branch gets their definitions only; pg_dump creates subscriptions disabled "
               "and without a slot: do not enable them while the source's subscriptions run",
         replication);
  }

  const auto unlogged =
      query_names(source,
                  "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE c.relpersistence = 'u' AND c.relkind IN ('r', 'p') AND " +
                      user_schema + " AND " + not_member + " ORDER BY 1");
  if (!unlogged.empty()) {
    warn("objects.unlogged_tables",
         "the source has " + count_of(unlogged.size(), "unlogged table") + ": " +
             describe_names(unlogged),
         "their data is copied, but stays unlogged on the target: it is lost if the target "
         "server crashes (ALTER TABLE ... SET LOGGED to keep it)",
         unlogged);
  }

  const auto foreign_servers =
      query_names(source, "SELECT quote_ident(srvname) FROM pg_foreign_server ORDER BY 1");
  if (!foreign_servers.empty()) {
    warn("objects.foreign_servers",
         "the source has " + count_of(foreign_servers.size(), "foreign server") + ": " +
             describe_names(foreign_servers),
         "the branch's foreign tables reach the same remote servers; user mappings (with their "
         "passwords) need a superuser or the mapping's owner, so check them after the import",
         foreign_servers);
  }

  // An extension's tables come with CREATE EXTENSION; only its configuration tables' rows are
  // copied (as pg_dump does). Rows in its other tables stay behind: name the tables that have
  // any (a non-empty file; no privilege on the table needed to ask).
  const auto member_rows = query_names(
      source,
      "SELECT format('%I.%I', n.nspname, c.relname) || ' (extension ' || quote_ident(e.extname) || ')' "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e' "
      "JOIN pg_extension e ON e.oid = d.refobjid "
      "WHERE c.relkind = 'r' AND pg_relation_size(c.oid) > 0 "
      "AND c.oid NOT IN (SELECT unnest(x.extconfig) FROM pg_extension x) ORDER BY 1");
  if (!member_rows.empty()) {
    warn("objects.extension_tables",
         "rows in these extension tables are not copied (they are not the extension's "
         "configuration tables; pg_dump leaves them out too): " + describe_names(member_rows),
         "the branch has what CREATE EXTENSION puts in them; if rows added later matter, copy "
         "them after the import",
         member_rows);
  }

  // pg_dump writes these only with --create; the branch keeps its status in its comment.
  const auto database_properties = query_names(
      source,
      "SELECT item FROM pg_database d, LATERAL (VALUES "
      "  (CASE WHEN shobj_description(d.oid, 'pg_database') IS NOT NULL THEN 'comment' END), "
      "  (CASE WHEN d.datacl IS NOT NULL THEN 'privileges (GRANT ... ON DATABASE)' END), "
      "  (CASE WHEN d.datconnlimit >= 0 THEN 'connection limit' END)) AS v(item) "
      "WHERE d.datname = current_database() AND item IS NOT NULL");
  if (!database_properties.empty()) {
    warn("objects.database_properties",
         "the source database's own " + util::join(database_properties, ", ") +
             " will not be copied to the branch",
         "set them on the branch after the import (the import names each one as skipped); its "
         "settings (ALTER DATABASE ... SET) are copied",
         database_properties);
  }

  if (warnings == 0) {
    context.report.add(Severity::pass, "objects",
                       fmt::format("no large objects, extra tablespaces, other owners, untrusted "
                                   "languages, {}publications, subscriptions, unlogged tables, "
                                   "foreign servers, extension tables left behind or database "
                                   "properties left out",
                                   event_triggers.empty() ? "event triggers, " : ""));
  }
}

}  // namespace

CheckReport run_checks(const CheckInputs& inputs, SourceFacts* facts) {
  CheckReport report;
  SourceFacts learned;
  Context context{inputs, report, learned, std::nullopt, std::nullopt, {}, std::nullopt};
  for (const auto* info : {&inputs.source, &inputs.target}) {
    if (auto password = info->password(); !password.empty()) {
      context.secrets.push_back(std::move(password));
    }
  }
  context.source = connect(context, inputs.source, Endpoint::source);
  context.target = connect(context, inputs.target, Endpoint::target);

  check_versions(context);
  if (context.source) {
    guarded(context, "client_tools", "pg_dump and pg_restore",
            [&] { check_client_tools(context); });
    guarded(context, "size", "the database size", [&] { check_size(context); });
    guarded(context, "source.standby", "whether the source is a standby",
            [&] { check_standby(context); });
    guarded(context, "source.locks", "locks held on source tables",
            [&] { check_source_locks(context); });
    guarded(context, "privileges.read", "the source role's privileges",
            [&] { check_source_privileges(context); });
    guarded(context, "privileges.replication", "the REPLICATION attribute",
            [&] { check_replication(context); });
  }
  if (context.target) {
    guarded(context, "target.createdb", "whether the target role can create databases",
            [&] { check_target_createdb(context); });
  }
  if (context.source && context.target) {
    guarded(context, "extensions", "extensions", [&] { check_extensions(context); });
    guarded(context, "locale", "encoding and locale", [&] { check_locale(context); });
    guarded(context, "target.roles", "the roles the branch names",
            [&] { check_target_roles(context); });
  }
  if (context.source) {
    guarded(context, "objects", "objects that need a choice", [&] { check_objects(context); });
    // Last: a statement pooler may close the source connection when the test starts a
    // transaction, and the other checks should still have run.
    guarded(context, "pooling.snapshot", "exported snapshots", [&] { check_pooling(context); });
  }
  if (facts != nullptr) {
    *facts = std::move(learned);
  }
  return report;
}

}  // namespace pgimport::check
