// The WAL flusher against a real server: WAL that a session's open transaction wrote, which
// the server leaves in its buffers while the WAL writer sleeps, gets flushed; an idle server
// gets no commits; and an import runs it while it loads.
#include "pipeline/wal_flusher.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "support/run_pgimport.hpp"
#include "support/server_log.hpp"
#include "support/test_cluster.hpp"
#include "util/text.hpp"

namespace pgimport {
namespace {

using namespace std::chrono_literals;
using testing::TestCluster;

// Its own cluster: the WAL writer's delay and statement logging are server-wide.
TestCluster* quiet_wal_writer_cluster() {
  static const auto cluster = [] {
    auto created = TestCluster::create(15);
    if (created) {
      // The WAL writer wakes every 10 s (its longest): only the flusher flushes sooner. And
      // PostgreSQL's default WAL buffers for 128 MB of shared_buffers (these clusters are
      // smaller).
      created->execute("postgres", "ALTER SYSTEM SET wal_writer_delay = '10s'");
      created->execute("postgres", "ALTER SYSTEM SET wal_buffers = '4MB'");
      // Nor does autovacuum write WAL the tests did not (vacuuming the aborted rows after
      // the restart's checkpoint wrote over 1 MB of page images: a second flush).
      created->execute("postgres", "ALTER SYSTEM SET autovacuum = off");
      created->stop();
      created->start();
    }
    return created;
  }();
  return cluster.get();
}

std::int64_t unflushed_wal_bytes(const TestCluster& cluster) {
  return std::stoll(cluster.query_value(
      "postgres",
      "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), pg_current_wal_flush_lsn())"));
}

TEST(WalFlusherBehind, IsAQuarterOfTheWalBuffers) {
  EXPECT_EQ(pipeline::WalFlusher::behind_bytes_for(4 * 1024 * 1024), 1024 * 1024u);
  EXPECT_EQ(pipeline::WalFlusher::behind_bytes_for(16 * 1024 * 1024), 4 * 1024 * 1024u);
  EXPECT_EQ(pipeline::WalFlusher::behind_bytes_for(64 * 1024), 64 * 1024u);
}

TEST(WalFlusher, FlushesWalAnOpenTransactionLeftInTheBuffersAndCommitsNothingWhenIdle) {
  auto* cluster = quiet_wal_writer_cluster();
  ASSERT_TRUE(cluster) << "PostgreSQL 15 server binaries are required";
  cluster->execute("postgres",
                   "DROP TABLE IF EXISTS filler; CREATE TABLE filler (id int, note text)");
  // With 4 MB of WAL buffers the flusher acts past 1 MB. ~2.5 MB of WAL fit in the buffers,
  // so the writer never writes it itself.
  ASSERT_EQ(
      cluster->query_value("postgres", "SELECT pg_size_bytes(current_setting('wal_buffers'))"),
      std::to_string(4 * 1024 * 1024));
  auto writer = cluster->connect("postgres");
  writer.exec("BEGIN");
  writer.exec("INSERT INTO filler SELECT g, repeat('x', 80) FROM generate_series(1, 18000) g");
  // Without the flusher the server leaves it unflushed: else this test could not fail.
  ASSERT_GT(unflushed_wal_bytes(*cluster), 1024 * 1024) << "the server flushed the WAL by itself";

  // Its commit wakes the WAL writer, which flushes asynchronously: on a busy machine the
  // flusher may commit again before the WAL writer is done.
  pipeline::WalFlusher flusher(cluster->conninfo("postgres"));
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (unflushed_wal_bytes(*cluster) >= 1024 * 1024 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_LT(unflushed_wal_bytes(*cluster), 1024 * 1024);
  EXPECT_GE(flusher.flushes(), 1u);
  writer.exec("ROLLBACK");

  // Nothing behind: twenty checks go by and no xid is taken (so no commit is written).
  const std::string next_xid = "SELECT pg_snapshot_xmax(pg_current_snapshot())";
  std::this_thread::sleep_for(50ms);  // a check under way as the WAL caught up ends
  const auto flushes_before = flusher.flushes();
  const auto xid_before = cluster->query_value("postgres", next_xid);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(flusher.flushes(), flushes_before);
  EXPECT_EQ(cluster->query_value("postgres", next_xid), xid_before);
}

TEST(WalFlusher, RunsWhileAnImportLoadsAndIsGoneWhenItEnds) {
  auto* cluster = quiet_wal_writer_cluster();
  ASSERT_TRUE(cluster) << "PostgreSQL 15 server binaries are required";
  cluster->recreate_database("wal_source");
  // ~20 MB of rows: the load writes WAL well past the flusher's 1 MB.
  cluster->execute("wal_source",
                   "CREATE TABLE big (id bigint PRIMARY KEY, note text);"
                   "INSERT INTO big SELECT g, repeat('n', 150) FROM generate_series(1, 120000) g");
  if (cluster->database_exists("wal_branch")) {
    cluster->execute("postgres", "DROP DATABASE wal_branch");
  }
  cluster->execute("postgres", "ALTER SYSTEM SET log_min_duration_statement = 0");
  cluster->execute("postgres", "SELECT pg_reload_conf()");
  const auto log_before = testing::server_log(*cluster).size();

  const auto result = testing::run_pgimport(
      {"import", cluster->url("wal_source"), "--target", cluster->url(), "--branch", "wal_branch"});
  cluster->execute("postgres", "ALTER SYSTEM RESET log_min_duration_statement");
  cluster->execute("postgres", "SELECT pg_reload_conf()");
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(cluster->query_value("wal_branch", "SELECT count(*) FROM big"), "120000");

  const auto log = testing::server_log(*cluster).substr(log_before);
  EXPECT_TRUE(util::contains(log, "statement: SELECT pg_catalog.pg_current_xact_id() WHERE"))
      << "no flush check was logged during the import";
  EXPECT_EQ(
      cluster->query_value("postgres",
                           "SELECT count(*) FROM pg_stat_activity WHERE "
                           "query LIKE '%pg_current_wal_flush_lsn%' AND pid <> pg_backend_pid()"),
      "0");
}

}  // namespace
}  // namespace pgimport
