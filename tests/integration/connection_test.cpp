// pg/ against real servers: queries, errors with SQLSTATE, the COPY relay, read-only
// sources, and each way a connection can fail, in plain words.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "pg/connection.hpp"
#include "support/not_postgres_server.hpp"
#include "support/test_cluster.hpp"
#include "util/net.hpp"
#include "util/text.hpp"

namespace pgimport {
namespace {

using testing::TestCluster;

TEST(Connection, RunsQueriesWithBoundParameters) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  auto connection = cluster->connect();
  EXPECT_EQ(connection.query_value("SELECT $1::int + 1", {"41"}), "42");
  EXPECT_EQ(connection.server_major(), 15);
}

TEST(Connection, ErrorsCarrySqlstateMessageAndContext) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  auto connection = cluster->connect();
  try {
    connection.exec("SELECT * FROM no_such_table");
    FAIL() << "expected an error";
  } catch (const pg::Error& error) {
    EXPECT_EQ(error.sqlstate(), "42P01");
    EXPECT_EQ(error.fields().message, "relation \"no_such_table\" does not exist");
    EXPECT_TRUE(util::contains(error.what(), "target (pid ")) << error.what();
    EXPECT_FALSE(error.is_connection_failure());
  }
}

TEST(Connection, SourceSessionsAreReadOnly) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  auto source = pg::Connection::open(cluster->conninfo(), pg::Endpoint::source);
  try {
    source.exec("CREATE TABLE must_not_exist (id int)");
    FAIL() << "a source session could write";
  } catch (const pg::Error& error) {
    EXPECT_EQ(error.sqlstate(), "25006");  // read_only_sql_transaction
  }
}

TEST(Connection, RelaysCopyBetweenDatabases) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("relay_source");
  cluster->recreate_database("relay_target");
  cluster->execute("relay_source",
                   "CREATE TABLE t (id int, note text); "
                   "INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 5000) g");
  cluster->execute("relay_target", "CREATE TABLE t (id int, note text)");
  auto source = pg::Connection::open(cluster->conninfo("relay_source"), pg::Endpoint::source);
  auto target = cluster->connect("relay_target");
  source.start_copy_out("COPY t TO STDOUT (FORMAT binary)", "COPY t TO STDOUT");
  target.start_copy_in("COPY t FROM STDIN (FORMAT binary)", "COPY t FROM STDIN");
  pg::CopyChunk chunk;
  while (source.get_copy_data(chunk)) {
    target.put_copy_data(chunk.view());
  }
  source.finish_copy_out();
  EXPECT_EQ(target.end_copy_in(), 5000u);
  EXPECT_EQ(cluster->query_value("relay_target", "SELECT sum(id) || ':' || count(DISTINCT note) FROM t"),
            "12502500:5000");
}

pg::ConnectFailure connect_failure(const std::string& connection_string) {
  auto info = pg::ConnInfo::parse(connection_string);
  EXPECT_TRUE(info) << info.error();
  try {
    pg::Connection::open(*info, pg::Endpoint::source);
  } catch (const pg::ConnectError& error) {
    return error.failure();
  }
  ADD_FAILURE() << "connected, but expected a failure";
  return {};
}

TEST(ConnectFailures, WrongPasswordIsNamedAndNeverEchoed) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const auto failure = connect_failure("postgresql://postgres:Wr0ngPassw0rd@127.0.0.1:" +
                                       std::to_string(cluster->port()) + "/postgres");
  EXPECT_EQ(failure.kind, pg::ConnectFailureKind::wrong_password);
  EXPECT_EQ(failure.message, "the server rejected the password for user \"postgres\"");
  EXPECT_FALSE(util::contains(failure.message + failure.hint, "Wr0ngPassw0rd"));
}

TEST(ConnectFailures, MissingDatabaseIsNamed) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const auto failure = connect_failure(cluster->url("no_such_db"));
  EXPECT_EQ(failure.kind, pg::ConnectFailureKind::database_missing);
  EXPECT_TRUE(util::contains(failure.message, "\"no_such_db\" does not exist")) << failure.message;
}

TEST(ConnectFailures, RefusedPortIsNamed) {
  const int port = util::find_free_port();
  const auto failure =
      connect_failure("postgresql://u:p@127.0.0.1:" + std::to_string(port) + "/db");
  EXPECT_EQ(failure.kind, pg::ConnectFailureKind::refused);
  EXPECT_EQ(failure.message, "nothing accepts connections at 127.0.0.1:" + std::to_string(port));
}

TEST(ConnectFailures, UnknownHostIsNamed) {
  const auto failure = connect_failure("postgresql://u:p@no-such-host.invalid/db");
  EXPECT_EQ(failure.kind, pg::ConnectFailureKind::unknown_host);
}

TEST(ConnectFailures, TlsRequiredButUnavailableIsNamed) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const auto failure = connect_failure(cluster->url() + "&sslmode=require");
  EXPECT_EQ(failure.kind, pg::ConnectFailureKind::tls_unavailable);
}

TEST(ConnectFailures, SomethingElseOnThePortIsNamed) {
  testing::NotPostgresServer server;
  const auto failure = connect_failure("postgresql://u:p@127.0.0.1:" +
                                       std::to_string(server.port()) + "/db?sslmode=disable");
  EXPECT_EQ(failure.kind, pg::ConnectFailureKind::not_postgres) << failure.message;
}

class EveryVersion : public ::testing::TestWithParam<int> {};

TEST_P(EveryVersion, ConnectsAndReportsItsMajor) {
  PGIMPORT_SHARED_CLUSTER(cluster, GetParam());
  auto connection = cluster->connect();
  EXPECT_EQ(connection.server_major(), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Versions, EveryVersion, ::testing::Values(14, 15, 16, 17, 18));

}  // namespace
}  // namespace pgimport
