#include "support/db_compare.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "cluster/installations.hpp"
#include "process/child_process.hpp"
#include "util/text.hpp"

namespace pgimport::testing {
namespace {

const char* const k_tables_sql = R"SQL(
SELECT format('%I.%I', n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE (c.relkind = 'r' OR (c.relkind = 'm' AND c.relispopulated))
   AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg\_toast%'
 ORDER BY 1
)SQL";

std::string client_program(const std::string& name) {
  static const auto installations = cluster::discover_installations({});
  const auto tools = cluster::find_client_tools(installations, 14);
  if (!tools) {
    ADD_FAILURE() << "no PostgreSQL client tools (psql, pg_dump) on this machine";
    return name;
  }
  return tools->program(name).string();
}

}  // namespace

std::string test_data_path(const std::string& name) {
  return std::string(PGIMPORT_SOURCE_DIR) + "/tests/data/" + name;
}

std::map<std::string, std::string> table_fingerprints(const TestCluster& cluster,
                                                      const std::string& database) {
  auto connection = cluster.connect(database);
  connection.exec("SET DateStyle = ISO; SET extra_float_digits = 3; SET TimeZone = 'UTC'");
  std::map<std::string, std::string> fingerprints;
  const auto tables = connection.exec(k_tables_sql);
  for (int row = 0; row < tables.rows(); ++row) {
    const std::string table(tables.value(row, 0));
    fingerprints[table] = connection.query_value(
        // ROW(alias.*): a bare alias would mean a column if the table has one of that name.
        "SELECT count(*) || ':' || md5(COALESCE(string_agg(ROW(fp_row.*)::text, E'\\n' "
        "ORDER BY ROW(fp_row.*)::text), '')) FROM ONLY " + table + " fp_row");
  }
  return fingerprints;
}

std::string schema_text(const TestCluster& cluster, const std::string& database) {
  const auto result = process::run(
      {.argv = {client_program("pg_dump"), "--schema-only", "--no-owner", "--no-privileges",
                "--dbname=" + cluster.conninfo(database).to_keyword_string_without_password()},
       .extra_env = {"PGPASSWORD=" + cluster.password()}});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  std::string text;
  for (const auto& line : util::split_lines(result.stdout_text)) {
    if (line.starts_with("--") || line.starts_with("\\restrict") ||
        line.starts_with("\\unrestrict")) {
      continue;
    }
    text += line + "\n";
  }
  return text;
}

std::vector<std::string> privilege_lines(const TestCluster& cluster, const std::string& database) {
  const auto result = process::run(
      {.argv = {client_program("pg_dump"), "--schema-only", "--no-owner",
                "--dbname=" + cluster.conninfo(database).to_keyword_string_without_password()},
       .extra_env = {"PGPASSWORD=" + cluster.password()}});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
  std::vector<std::string> lines;
  for (const auto& line : util::split_lines(result.stdout_text)) {
    if (line.starts_with("GRANT ") || line.starts_with("REVOKE ") ||
        line.starts_with("ALTER DEFAULT PRIVILEGES")) {
      lines.push_back(line);
    }
  }
  return lines;
}

void load_sql_file(const TestCluster& cluster, const std::string& database, const std::string& path) {
  const auto result = process::run(
      {.argv = {client_program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", path,
                "--dbname=" + cluster.conninfo(database).to_keyword_string_without_password()},
       .extra_env = {"PGPASSWORD=" + cluster.password()}});
  ASSERT_EQ(result.exit_code, 0) << path << ": " << result.stderr_text;
}

int pgimport_sessions(const TestCluster& cluster) {
  const auto count = [&] {
    return std::stoi(cluster.query_value(
        "postgres",
        "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND "
        "application_name IN ('pgimport', 'pg_dump', 'pg_restore')"));
  };
  // A backend whose client just closed its connection ends a moment later; one still there
  // after 5 s was left running.
  int sessions = count();
  for (int attempt = 0; sessions > 0 && attempt < 50; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    sessions = count();
  }
  return sessions;
}

}  // namespace pgimport::testing
