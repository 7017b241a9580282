#pragma once
// Throwaway PostgreSQL clusters for integration tests: any major 14..18 that this machine
// has, on a free port, run as the `postgres` OS user when we are root, torn down when the
// test binary exits (also after failed tests). Shares cluster::Cluster with `pgimport local`.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "cluster/cluster.hpp"
#include "pg/connection.hpp"
#include "util/files.hpp"

namespace pgimport::testing {

class TestCluster {
 public:
  ~TestCluster();
  TestCluster(const TestCluster&) = delete;
  TestCluster& operator=(const TestCluster&) = delete;

  // A new cluster of `major`; nullptr if this machine has no server binaries for it.
  static std::unique_ptr<TestCluster> create(int major);
  // The same, calling `prepare_folder` on the cluster's empty folder before initdb (e.g. to
  // mount a small filesystem there); the caller undoes what it did after the cluster is gone.
  static std::unique_ptr<TestCluster> create(
      int major, const std::function<void(const std::filesystem::path&)>& prepare_folder);
  // One cluster per major, shared by all tests of this binary (created on first use).
  static TestCluster* shared(int major);

  int major() const { return m_cluster.layout().installation.major; }
  int port() const { return m_cluster.layout().port; }
  pg::ConnInfo conninfo(const std::string& database = "postgres") const;
  // A URI with the password, for passing to pgimport on its command line in tests.
  std::string url(const std::string& database = "postgres") const;
  std::string password() const { return m_cluster.password(); }
  pg::Connection connect(const std::string& database = "postgres") const;

  // Runs SQL (several statements allowed) in `database` as the superuser.
  void execute(const std::string& database, const std::string& sql) const;
  std::string query_value(const std::string& database, const std::string& sql) const;
  // Drops (if present) and creates a database.
  void recreate_database(const std::string& database) const;
  bool database_exists(const std::string& database) const;

  void stop() { m_cluster.stop(); }
  // pg_ctl stop -m immediate: the server dies as if the machine lost power.
  void stop_immediately();
  // The folder that holds data/, the log and the socket.
  const std::filesystem::path& folder() const { return m_folder.path(); }
  void start() { m_cluster.start(); }
  cluster::Cluster& cluster() { return m_cluster; }

 private:
  TestCluster(util::TempDir folder, cluster::Cluster cluster);
  util::TempDir m_folder;
  cluster::Cluster m_cluster;
};

// True if tests must fail rather than skip when PostgreSQL binaries are missing (CI).
bool postgres_is_required();

}  // namespace pgimport::testing

// Gets the shared cluster of `major` into `variable`, or skips (fails in CI) without it.
#define PGIMPORT_SHARED_CLUSTER(variable, major)                                          \
  ::pgimport::testing::TestCluster* variable = ::pgimport::testing::TestCluster::shared(major); \
  if (variable == nullptr) {                                                              \
    if (::pgimport::testing::postgres_is_required()) {                                    \
      FAIL() << "PostgreSQL " << (major) << " server binaries are required (PGIMPORT_REQUIRE_POSTGRES=1)"; \
    }                                                                                     \
    GTEST_SKIP() << "no PostgreSQL " << (major) << " server binaries on this machine";   \
  }

// Skips the calling test (fails it in CI) unless `is_present`: for what scripts/setup.sh
// installs besides the servers (`what` names it: "PostGIS for PostgreSQL 15").
#define PGIMPORT_REQUIRE_SETUP(is_present, what)                                           \
  if (!(is_present)) {                                                                    \
    if (::pgimport::testing::postgres_is_required()) {                                    \
      FAIL() << (what) << " is missing: run scripts/setup.sh as root";                     \
    }                                                                                     \
    GTEST_SKIP() << (what) << " is not installed (scripts/setup.sh as root)";              \
  }
