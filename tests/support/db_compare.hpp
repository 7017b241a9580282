#pragma once
// Independent evidence that a branch equals its source, for tests: compares every table's
// rows (count and an ordered digest of their text) and, between same-major servers, the
// whole schema as pg_dump prints it. Deliberately simple and separate from src/verify.
#include <map>
#include <string>
#include <vector>

#include "support/test_cluster.hpp"

namespace pgimport::testing {

// schema.table -> "<rows>:<md5 of all rows' text, sorted>" for every table with rows to copy.
std::map<std::string, std::string> table_fingerprints(const TestCluster& cluster,
                                                      const std::string& database);

// `pg_dump --schema-only` of the database without comments and psql meta-commands.
std::string schema_text(const TestCluster& cluster, const std::string& database);

// The GRANT, REVOKE and ALTER DEFAULT PRIVILEGES lines of `pg_dump --schema-only`, in order.
std::vector<std::string> privilege_lines(const TestCluster& cluster, const std::string& database);

// Loads a .sql file with psql (ON_ERROR_STOP); fails the test if it does not load.
void load_sql_file(const TestCluster& cluster, const std::string& database, const std::string& path);

// Number of sessions from pgimport (application_name 'pgimport' or pg_dump/pg_restore's) on
// the cluster, other than the caller's, once those whose client has gone have ended (up to
// 5 s).
int pgimport_sessions(const TestCluster& cluster);

std::string test_data_path(const std::string& name);  // tests/data/<name>

}  // namespace pgimport::testing
