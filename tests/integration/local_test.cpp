// `pgimport local`: the embedded default starts, reports, gives a password-free URL that
// works, and stops.
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "pg/connection.hpp"
#include "support/run_pgimport.hpp"
#include "support/test_cluster.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

namespace pgimport {
namespace {

using testing::run_pgimport;

TEST(LocalCommand, StartsReportsAndStopsTheLocalServer) {
  if (!cluster::find_server(cluster::discover_installations({}), 15)) {
    GTEST_SKIP() << "no PostgreSQL 15 server binaries";
  }
  util::TempDir home("pgimport-local-home");
  // As root the server runs as `postgres`, which must be able to reach its data folder.
  std::filesystem::permissions(home.path(), std::filesystem::perms(0755));
  const std::vector<std::string> env{"PGIMPORT_HOME=" + home.path().string()};

  auto started = run_pgimport({"local", "start", "--version", "15", "--json"}, env);
  ASSERT_EQ(started.exit_code, 0) << started.stdout_text << started.stderr_text;
  const auto status = nlohmann::json::parse(started.stdout_text);
  EXPECT_TRUE(status["running"].get<bool>());
  EXPECT_EQ(status["major"], 15);

  const auto url = run_pgimport({"local", "url", "--version", "15"}, env);
  ASSERT_EQ(url.exit_code, 0) << url.stderr_text;
  const auto password = util::read_text_file(home.path() / "local/15/password");
  ASSERT_TRUE(password);
  EXPECT_FALSE(util::contains(url.stdout_text, util::trim(*password)));

  struct stat info {};
  ASSERT_EQ(::stat((home.path() / "local/15/password").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((home.path() / "local/15/pgpass").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  // The printed URL connects on its own: the passfile supplies the password.
  auto conninfo = pg::ConnInfo::parse(std::string(util::trim(url.stdout_text)));
  ASSERT_TRUE(conninfo) << conninfo.error();
  auto connection = pg::Connection::open(*conninfo, pg::Endpoint::target);
  EXPECT_EQ(connection.server_major(), 15);
  EXPECT_EQ(connection.query_value("SELECT inet_server_addr()::text"), "127.0.0.1/32");
  // Bulk loads into the local instance skip WAL (it replicates to nothing).
  EXPECT_EQ(connection.query_value("SHOW wal_level"), "minimal");

  const auto stopped = run_pgimport({"local", "stop", "--version", "15", "--json"}, env);
  ASSERT_EQ(stopped.exit_code, 0) << stopped.stderr_text;
  EXPECT_FALSE(nlohmann::json::parse(stopped.stdout_text)["running"].get<bool>());
}

}  // namespace
}  // namespace pgimport
