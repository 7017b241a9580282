#pragma once
// Shared by the hardening tests: run an import, read what it printed, and take the state of
// a server before and after, so that every test can assert "nothing else changed".
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "branch/branch.hpp"
#include "support/db_compare.hpp"
#include "support/run_pgimport.hpp"
#include "support/test_cluster.hpp"
#include "util/text.hpp"

namespace pgimport::hardening {

using testing::TestCluster;

inline std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  for (const auto& line : util::split_lines(text)) {
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    if (!parsed.is_discarded()) {
      lines.push_back(std::move(parsed));
    }
  }
  return lines;
}

// The first event named `event` pgimport printed with --json ({} if none).
inline nlohmann::json event_of(const std::string& stdout_text, const std::string& event) {
  for (const auto& line : json_lines(stdout_text)) {
    if (line.value("event", "") == event) {
      return line;
    }
  }
  return nlohmann::json::object();
}

inline std::string all_output(const process::ProcessResult& result) {
  return result.stdout_text + result.stderr_text;
}

inline std::optional<branch::BranchStatus> status_of(const TestCluster& cluster,
                                                     const std::string& name) {
  auto connection = cluster.connect("postgres");
  return branch::read_status(connection, name);
}

inline void drop_database(const TestCluster& cluster, const std::string& name) {
  cluster.execute("postgres", "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
}

inline std::set<std::string> database_names(const TestCluster& cluster) {
  auto connection = cluster.connect("postgres");
  const auto result = connection.exec("SELECT datname FROM pg_database");
  std::set<std::string> names;
  for (int row = 0; row < result.rows(); ++row) {
    names.insert(std::string(result.value(row, 0)));
  }
  return names;
}

// What a user could notice of a database: its rows, its schema and its comment.
struct DatabaseState {
  std::map<std::string, std::string> rows;
  std::string schema;
  std::string comment;
  bool operator==(const DatabaseState&) const = default;
};

inline DatabaseState state_of(const TestCluster& cluster, const std::string& database) {
  return {testing::table_fingerprints(cluster, database), testing::schema_text(cluster, database),
          cluster.query_value("postgres",
                              "SELECT COALESCE(shobj_description(oid, 'pg_database'), '') "
                              "FROM pg_database WHERE datname = '" + database + "'")};
}

// `pgimport --json import SOURCE --target TARGET --branch BRANCH extra...`
inline std::vector<std::string> import_arguments(const std::string& source, const std::string& target,
                                                 const std::string& branch,
                                                 const std::vector<std::string>& extra = {}) {
  std::vector<std::string> arguments{"--json", "import", source, "--target", target};
  if (!branch.empty()) {
    arguments.insert(arguments.end(), {"--branch", branch});
  }
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

inline process::ProcessResult import(const TestCluster& source, const std::string& database,
                                     const TestCluster& target, const std::string& branch,
                                     const std::vector<std::string>& extra = {}) {
  return testing::run_pgimport(import_arguments(source.url(database), target.url(), branch, extra));
}

// Imports `database` into `branch` with --verify full (and `extra`) and checks what a user
// would: exit 0, complete, verify found no difference, the branch holds exactly the source's
// rows. `summary` gets the summary event; call it inside ASSERT_NO_FATAL_FAILURE.
inline void expect_verified_copy(const TestCluster& source, const std::string& database,
                                 const TestCluster& target, const std::string& branch,
                                 const std::vector<std::string>& extra, nlohmann::json& summary) {
  std::vector<std::string> arguments{"--verify", "full"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  const auto result = import(source, database, target, branch, arguments);
  ASSERT_EQ(result.exit_code, 0) << all_output(result);
  summary = event_of(result.stdout_text, "summary");
  EXPECT_EQ(summary.value("outcome", ""), "complete");
  EXPECT_EQ(summary["verification"].value("differences", nlohmann::json::array()).size(), 0u)
      << summary.dump();
  EXPECT_EQ(testing::table_fingerprints(target, branch), testing::table_fingerprints(source, database));
}

// A URL to `cluster` with other credentials.
inline std::string url_with(const TestCluster& cluster, const std::string& user,
                            const std::string& password, const std::string& database) {
  return "postgresql://" + user + (password.empty() ? "" : ":" + password) + "@127.0.0.1:" +
         std::to_string(cluster.port()) + "/" + database + "?sslmode=disable";
}

}  // namespace pgimport::hardening
