#include "support/test_cluster.hpp"

#include <cstdlib>
#include <map>
#include <mutex>

#include "cluster/installations.hpp"
#include "process/child_process.hpp"
#include "util/net.hpp"

namespace pgimport::testing {
namespace fs = std::filesystem;

bool postgres_is_required() {
  const char* value = std::getenv("PGIMPORT_REQUIRE_POSTGRES");
  return value != nullptr && std::string(value) == "1";
}

TestCluster::TestCluster(util::TempDir folder, cluster::Cluster cluster)
    : m_folder(std::move(folder)), m_cluster(std::move(cluster)) {}

TestCluster::~TestCluster() { m_cluster.stop(); }

std::unique_ptr<TestCluster> TestCluster::create(int major) { return create(major, {}); }

std::unique_ptr<TestCluster> TestCluster::create(
    int major, const std::function<void(const std::filesystem::path&)>& prepare_folder) {
  static const auto installations = cluster::discover_installations({});
  const auto server = cluster::find_server(installations, major);
  if (!server) {
    return nullptr;
  }
  util::TempDir folder("pgimport-test-pg" + std::to_string(major));
  if (prepare_folder) {
    prepare_folder(folder.path());
  }
  cluster::give_to_server_user(folder.path());
  cluster::ClusterLayout layout;
  layout.installation = *server;
  layout.data_dir = folder.path() / "data";
  layout.socket_dir = folder.path() / "socket";
  layout.log_file = folder.path() / "server.log";
  layout.password_file = folder.path() / "password";
  // Throwaway data: durability is not the point, speed is.
  layout.settings = {"fsync=off", "synchronous_commit=off", "full_page_writes=off",
                     "max_connections=60", "shared_buffers=64MB"};
  cluster::Cluster cluster(std::move(layout));
  cluster.initialise();
  // A free port can be taken between choosing and binding it: try a few.
  for (int attempt = 0;; ++attempt) {
    cluster.layout().port = util::find_free_port();
    try {
      cluster.start();
      break;
    } catch (const std::exception&) {
      if (attempt == 3) {
        throw;
      }
    }
  }
  return std::unique_ptr<TestCluster>(new TestCluster(std::move(folder), std::move(cluster)));
}

TestCluster* TestCluster::shared(int major) {
  // Destroyed at exit, so clusters stop even when tests failed.
  static std::mutex mutex;
  static std::map<int, std::unique_ptr<TestCluster>> clusters;
  const std::lock_guard lock(mutex);
  auto& slot = clusters[major];
  if (!slot) {
    slot = create(major);
  }
  return slot.get();
}

void TestCluster::stop_immediately() {
  const auto pg_ctl = m_cluster.layout().installation.program("pg_ctl").string();
  std::vector<std::string> argv{pg_ctl, "stop", "-w", "-m", "immediate", "-D",
                                m_cluster.layout().data_dir.string()};
  if (cluster::runs_as_postgres_user()) {
    argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  }
  const auto result = process::run({.argv = argv, .working_directory = "/"});
  EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
}

pg::ConnInfo TestCluster::conninfo(const std::string& database) const {
  return m_cluster.conninfo(database);
}

std::string TestCluster::url(const std::string& database) const {
  return "postgresql://postgres:" + password() + "@127.0.0.1:" + std::to_string(port()) + "/" +
         database + "?sslmode=disable";
}

pg::Connection TestCluster::connect(const std::string& database) const {
  return pg::Connection::open(conninfo(database), pg::Endpoint::target);
}

void TestCluster::execute(const std::string& database, const std::string& sql) const {
  auto connection = connect(database);
  connection.exec(sql);
}

std::string TestCluster::query_value(const std::string& database, const std::string& sql) const {
  auto connection = connect(database);
  return connection.query_value(sql);
}

void TestCluster::recreate_database(const std::string& database) const {
  auto connection = connect("postgres");
  const auto name = connection.quote_identifier(database);
  connection.exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  connection.exec("CREATE DATABASE " + name);
}

bool TestCluster::database_exists(const std::string& database) const {
  auto connection = connect("postgres");
  return connection.query_value("SELECT count(*) FROM pg_database WHERE datname = $1",
                                {database}) == "1";
}

}  // namespace pgimport::testing
