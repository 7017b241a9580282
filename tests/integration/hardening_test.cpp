// Hardening, part 1: bad input and secrets. Every bad input gets a plain message naming the
// problem, a documented exit code (2 usage, 1 refused by a check or the server) and changes
// nothing on either server; passwords never show up in child command lines, output, errors or
// branch status; work files are private and removed, also after a failure; sslmode is honoured.
// The table in docs/HARDENING.md points here.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>

#include "integration/hardening_common.hpp"
#include "support/not_postgres_server.hpp"
#include "support/running_pgimport.hpp"
#include "util/net.hpp"

namespace pgimport {
namespace {

using namespace std::chrono_literals;
using hardening::all_output;
using hardening::event_of;
using hardening::status_of;
using testing::run_pgimport;
using testing::TestCluster;
using util::contains;

// ---- bad input ---------------------------------------------------------------------------

constexpr const char* k_source_db = "hard_input_source";
constexpr const char* k_branch = "hard_input_branch";

void prepare_input_source(const TestCluster& cluster) {
  static bool is_prepared = false;
  if (!is_prepared) {
    cluster.recreate_database(k_source_db);
    cluster.execute(k_source_db, "CREATE TABLE orders (id int PRIMARY KEY, note text);"
                                 "INSERT INTO orders VALUES (1, 'one'), (2, 'two')");
    cluster.execute("postgres",
                    "DROP ROLE IF EXISTS hard_nocreatedb; "
                    "CREATE ROLE hard_nocreatedb LOGIN PASSWORD 'NoCreateDbPw1'");
    is_prepared = true;
  }
}

struct BadInput {
  std::string name;
  // The arguments after `pgimport`, given the cluster (source and target both).
  std::function<std::vector<std::string>(const TestCluster&)> arguments;
  int exit_code;
  std::string message;  // what the user reads (stdout or stderr)
};

std::vector<std::string> import_from(const std::string& source, const std::string& target,
                                     std::vector<std::string> extra = {}) {
  std::vector<std::string> arguments{"import", source, "--target", target, "--branch", k_branch};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return arguments;
}

std::string port_of(const TestCluster& cluster) { return std::to_string(cluster.port()); }

std::vector<BadInput> bad_inputs() {
  const auto good_source = [](const TestCluster& c) { return c.url(k_source_db); };
  const auto good_target = [](const TestCluster& c) { return c.url(); };
  const auto with_good = [=](std::vector<std::string> extra) {
    return [=](const TestCluster& c) { return import_from(good_source(c), good_target(c), extra); };
  };
  return {
      {"MalformedUri",
       [=](const TestCluster& c) {
         return import_from("postgresql://postgres:S3cretPw@[::1:" + port_of(c) + "/db", good_target(c));
       },
       2, "error: source: invalid connection string: end of string reached when looking for "
          "matching \"]\""},
      {"UnknownUriParameter",
       [=](const TestCluster& c) { return import_from(good_source(c) + "&frobnicate=1", good_target(c)); },
       2, "error: source: invalid connection string: invalid URI query parameter: \"frobnicate\""},
      {"UnknownKeywordParameter",
       [=](const TestCluster& c) {
         return import_from(good_source(c), "host=127.0.0.1 password=S3cretPw frobnicate=1");
       },
       2, "error: target: invalid connection string: invalid connection option \"frobnicate\""},
      {"PortNotANumber",
       [=](const TestCluster& c) {
         return import_from(good_source(c), "postgresql://postgres:S3cretPw@127.0.0.1:abc/postgres");
       },
       2, "error: target: invalid port \"abc\": use a number from 1 to 65535"},
      {"PortOutOfRange",
       [=](const TestCluster& c) {
         return import_from("host=127.0.0.1 port=70000 dbname=x password=S3cretPw", good_target(c));
       },
       2, "error: source: invalid port \"70000\": use a number from 1 to 65535"},
      {"UnterminatedQuote",
       [=](const TestCluster& c) {
         return import_from("host=127.0.0.1 port=" + port_of(c) + " password=S3cretPw dbname='hard",
                            good_target(c));
       },
       2, "error: source: invalid connection string: unterminated quoted string"},
      {"EmptyPassword",
       [=](const TestCluster& c) {
         return import_from(hardening::url_with(c, "postgres", "", k_source_db), good_target(c));
       },
       1, "FAIL  cannot connect to the source: the server asks for a password for user "
          "\"postgres\" and none was given"},
      {"WrongPassword",
       [=](const TestCluster& c) {
         return import_from(good_source(c), hardening::url_with(c, "postgres", "S3cretPw", "postgres"));
       },
       1, "FAIL  cannot connect to the target: the server rejected the password for user \"postgres\""},
      {"UnknownHost",
       [=](const TestCluster& c) {
         return import_from("postgresql://u:S3cretPw@no-such-host.invalid/db", good_target(c));
       },
       1, "FAIL  cannot connect to the source: the host name \"no-such-host.invalid\" could not be "
          "resolved"},
      {"NothingListening",
       [=](const TestCluster& c) {
         static const auto port = std::to_string(util::find_free_port());
         return import_from(good_source(c), "postgresql://u:S3cretPw@127.0.0.1:" + port + "/postgres");
       },
       1, "FAIL  cannot connect to the target: nothing accepts connections at 127.0.0.1:"},
      {"TlsRequiredButAbsent",
       [=](const TestCluster& c) {
         auto source = good_source(c);
         source.replace(source.find("sslmode=disable"), std::string("sslmode=disable").size(),
                        "sslmode=require");
         return import_from(source, good_target(c));
       },
       1, "FAIL  cannot connect to the source: the server at 127.0.0.1:"},
      {"DatabaseMissing",
       [=](const TestCluster& c) { return import_from(c.url("no_such_database"), good_target(c)); },
       1, "FAIL  cannot connect to the source: the database \"no_such_database\" does not exist"},
      {"TargetRoleWithoutCreatedb",
       [=](const TestCluster& c) {
         return import_from(good_source(c),
                            hardening::url_with(c, "hard_nocreatedb", "NoCreateDbPw1", "postgres"));
       },
       1, "FAIL  the target role \"hard_nocreatedb\" cannot create databases"},
      {"JobsZero", with_good({"--jobs", "0"}), 2, "error: --jobs: Value 0 not in range 1 to 256"},
      {"IndexJobsNegative", with_good({"--index-jobs", "-3"}), 2, "error: --index-jobs: Value -3 not in range"},
      {"MaxSizeLots", with_good({"--max-size", "lots"}), 2,
       "error: --max-size: \"lots\" is not a size; use e.g. 500MB or 10GB"},
      {"TimeoutSoon", with_good({"--timeout", "soon"}), 2,
       "error: --timeout: \"soon\" is not a duration (more than zero); use e.g. 90s, 15m or 1h30m"},
      {"TimeoutZero", with_good({"--timeout", "0s"}), 2, "error: --timeout: \"0s\" is not a duration"},
      {"LockTimeoutZero", with_good({"--lock-timeout", "0s"}), 2,
       "error: --lock-timeout: \"0s\" is not a duration"},
      {"SplitThresholdNegative", with_good({"--split-threshold", "-1"}), 2,
       "error: --split-threshold: \"-1\" is not a size"},
      {"VerifyLevelUnknown", with_good({"--verify", "sometimes"}), 2, "error: --verify: sometimes not in"},
      {"BranchNameEmpty",
       [=](const TestCluster& c) {
         return std::vector<std::string>{"import", good_source(c), "--target", good_target(c), "--branch", ""};
       },
       2, "error: --branch: a branch name cannot be empty"},
      {"BranchNameTooLong",
       [=](const TestCluster& c) {
         return std::vector<std::string>{"import", good_source(c), "--target", good_target(c),
                                         "--branch", std::string(64, 'b')};
       },
       2, "error: --branch: branch name \"" + std::string(64, 'b') +
              "\" is 64 bytes long; PostgreSQL database names are at most 63 bytes"},
      {"BranchNameReserved",
       [=](const TestCluster& c) {
         return std::vector<std::string>{"import", good_source(c), "--target", good_target(c),
                                         "--branch", "template1"};
       },
       2, "error: --branch: \"template1\" is a database every PostgreSQL server needs"},
  };
}

class ImportRefusesBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(ImportRefusesBadInput, WithAPlainMessageItsExitCodeAndNoChangeAnywhere) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  prepare_input_source(*cluster);
  hardening::drop_database(*cluster, k_branch);
  const auto databases_before = hardening::database_names(*cluster);
  const auto source_before = hardening::state_of(*cluster, k_source_db);

  const auto result = run_pgimport(GetParam().arguments(*cluster), {"PGPASSFILE=/nonexistent"});

  EXPECT_EQ(result.exit_code, GetParam().exit_code) << all_output(result);
  EXPECT_TRUE(contains(all_output(result), GetParam().message)) << all_output(result);
  EXPECT_FALSE(contains(all_output(result), "S3cretPw")) << all_output(result);
  EXPECT_FALSE(contains(all_output(result), cluster->password())) << all_output(result);
  EXPECT_FALSE(contains(all_output(result), "NoCreateDbPw1")) << all_output(result);
  // Nothing changed: no new database, the source as it was, nobody left connected.
  EXPECT_EQ(hardening::database_names(*cluster), databases_before);
  EXPECT_EQ(hardening::state_of(*cluster, k_source_db), source_before);
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

INSTANTIATE_TEST_SUITE_P(Cases, ImportRefusesBadInput, ::testing::ValuesIn(bad_inputs()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(ImportRefuses, SomethingElseAnsweringOnThePortIsNamed) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  prepare_input_source(*cluster);
  const auto databases_before = hardening::database_names(*cluster);
  testing::NotPostgresServer server;
  // Both with TLS negotiation (sslmode=prefer, libpq's default) and without it.
  for (const std::string mode : {"prefer", "disable"}) {
    const auto result = run_pgimport(import_from(
        cluster->url(k_source_db), "postgresql://u:S3cretPw@127.0.0.1:" + std::to_string(server.port()) +
                                       "/postgres?sslmode=" + mode));
    EXPECT_EQ(result.exit_code, 1) << all_output(result);
    EXPECT_TRUE(contains(result.stdout_text,
                         "FAIL  cannot connect to the target: something answers at 127.0.0.1:" +
                             std::to_string(server.port()) +
                             ", but it does not speak the PostgreSQL protocol"))
        << mode << ": " << all_output(result);
    EXPECT_FALSE(contains(all_output(result), "S3cretPw"));
  }
  EXPECT_EQ(hardening::database_names(*cluster), databases_before);
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

TEST(ImportRefuses, AnExistingBranchNameIsRefusedAndThatDatabaseKeptAsItWas) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  prepare_input_source(*cluster);
  cluster->recreate_database("hard_existing");
  cluster->execute("hard_existing", "CREATE TABLE keep_me (id int); INSERT INTO keep_me VALUES (7)");
  const auto existing_before = hardening::state_of(*cluster, "hard_existing");
  const auto source_before = hardening::state_of(*cluster, k_source_db);

  const auto result = run_pgimport({"import", cluster->url(k_source_db), "--target", cluster->url(),
                                    "--branch", "hard_existing"});
  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_TRUE(contains(result.stderr_text,
                       "error: import failed: database \"hard_existing\" already exists on the "
                       "target: choose another --branch"))
      << result.stderr_text;
  // It must not claim to have marked someone else's database as a failed branch.
  EXPECT_TRUE(contains(result.stderr_text, "hint: no branch was created")) << result.stderr_text;
  EXPECT_EQ(hardening::state_of(*cluster, "hard_existing"), existing_before);
  EXPECT_FALSE(status_of(*cluster, "hard_existing"));
  EXPECT_EQ(hardening::state_of(*cluster, k_source_db), source_before);
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

// The rule: a branch is always a NEW database, so the only way an import could write into its
// own source is a branch named like the source database on the source's server; that name
// exists, so it is refused like any existing name. A --target on the same server, even one
// naming the source database as the maintenance database, is allowed: the target connection
// only runs CREATE DATABASE and COMMENT ON DATABASE for the branch.
TEST(ImportRefuses, ABranchThatWouldBeTheSourceDatabaseIsRefused) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  prepare_input_source(*cluster);
  const auto databases_before = hardening::database_names(*cluster);
  const auto source_before = hardening::state_of(*cluster, k_source_db);
  // The same server under another name (localhost, not 127.0.0.1) changes nothing.
  const std::string same_server_other_name = "postgresql://postgres:" + cluster->password() +
                                             "@localhost:" + port_of(*cluster) + "/" + k_source_db +
                                             "?sslmode=disable";
  for (const auto& target : {cluster->url(k_source_db), same_server_other_name}) {
    const auto result = run_pgimport(
        {"import", cluster->url(k_source_db), "--target", target, "--branch", k_source_db,
         "--drop-on-failure"});
    EXPECT_EQ(result.exit_code, 1) << all_output(result);
    EXPECT_TRUE(contains(result.stderr_text, "database \"hard_input_source\" already exists on the target"))
        << result.stderr_text;
    EXPECT_FALSE(contains(all_output(result), cluster->password()));
  }
  EXPECT_EQ(hardening::database_names(*cluster), databases_before);
  EXPECT_EQ(hardening::state_of(*cluster, k_source_db), source_before);
  EXPECT_FALSE(status_of(*cluster, k_source_db));
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

TEST(ImportRefuses, ATargetNamingTheSourceDatabaseOnlyServesAsMaintenanceDatabase) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  prepare_input_source(*cluster);
  hardening::drop_database(*cluster, "hard_same_server_branch");
  const auto source_before = hardening::state_of(*cluster, k_source_db);
  const auto result = run_pgimport({"import", cluster->url(k_source_db), "--target",
                                    cluster->url(k_source_db), "--branch", "hard_same_server_branch"});
  EXPECT_EQ(result.exit_code, 0) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text, "Import complete: branch \"hard_same_server_branch\""))
      << result.stdout_text;
  EXPECT_EQ(hardening::state_of(*cluster, k_source_db), source_before);
  EXPECT_EQ(testing::table_fingerprints(*cluster, "hard_same_server_branch"), source_before.rows);
  const auto status = status_of(*cluster, "hard_same_server_branch");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::complete);
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

// ---- secrets -----------------------------------------------------------------------------

// A source whose schema takes pg_dump and pg_restore long enough to be seen in /proc.
void prepare_secret_source(const TestCluster& cluster, const std::string& database) {
  cluster.recreate_database(database);
  cluster.execute(database,
                  "DO $$ BEGIN FOR i IN 1..150 LOOP "
                  "EXECUTE format('CREATE TABLE t_%s (id int PRIMARY KEY, v text)', i); "
                  "EXECUTE format('CREATE INDEX ON t_%s (v)', i); "
                  "EXECUTE format('INSERT INTO t_%s VALUES (1, ''x'')', i); END LOOP; END $$");
}

// Every process below `root`, recursively (pg_restore --jobs forks workers of its own).
void collect_descendants(pid_t root, std::map<pid_t, std::string>& seen) {
  for (const auto pid : testing::child_pids(root)) {
    auto line = testing::command_line(pid);
    // Between fork and exec a child still shows pgimport's own command line (which holds what
    // the user typed, password included): only what it execs into counts.
    if (!line.empty() && !line.starts_with(testing::pgimport_binary() + " ")) {
      seen[pid] = line;  // the last look wins: a forked child execs into its program
    }
    collect_descendants(pid, seen);
  }
}

TEST(Secrets, ChildCommandLinesOutputAndBranchStatusNeverHoldThePassword) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  prepare_secret_source(*cluster, "hard_secret_source");
  hardening::drop_database(*cluster, "hard_secret_branch");
  const std::string password = cluster->password();

  testing::RunningPgimport running(hardening::import_arguments(
      cluster->url("hard_secret_source"), cluster->url(), "hard_secret_branch", {"--index-jobs", "2"}));
  std::map<pid_t, std::string> seen;
  while (!running.has_exited()) {
    collect_descendants(running.pid(), seen);
  }
  const auto result = running.finish();
  ASSERT_EQ(result.exit_code, 0) << all_output(result);

  bool saw_pg_dump = false;
  bool saw_pg_restore = false;
  for (const auto& [pid, line] : seen) {
    saw_pg_dump = saw_pg_dump || contains(line, "pg_dump ");
    saw_pg_restore = saw_pg_restore || contains(line, "pg_restore ");
    EXPECT_FALSE(contains(line, password)) << pid << ": " << line;
  }
  EXPECT_TRUE(saw_pg_dump) << "no pg_dump was seen running";
  EXPECT_TRUE(saw_pg_restore) << "no pg_restore was seen running";
  EXPECT_FALSE(contains(all_output(result), password));
  const auto status = status_of(*cluster, "hard_secret_branch");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::complete);
  EXPECT_FALSE(contains(branch::to_json(*status).dump(), password));
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

TEST(Secrets, AFailureMessageAndTheFailedStatusNeverHoldThePassword) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("hard_secret_fail_source");
  hardening::drop_database(*cluster, "hard_secret_fail_branch");
  const std::string password = cluster->password();
  cluster->execute("hard_secret_fail_source", "CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
  for (const bool is_json : {false, true}) {
    hardening::drop_database(*cluster, "hard_secret_fail_branch");
    // The target password is wrong and appears only in the connection string.
    std::vector<std::string> arguments{
        "import", cluster->url("hard_secret_fail_source"), "--target",
        hardening::url_with(*cluster, "postgres", "Wr0ng-" + password, "postgres"), "--branch",
        "hard_secret_fail_branch", "--skip-checks"};
    if (is_json) {
      arguments.insert(arguments.begin(), "--json");
    }
    const auto result = run_pgimport(arguments);
    EXPECT_EQ(result.exit_code, 1) << all_output(result);
    EXPECT_TRUE(contains(all_output(result), "rejected the password")) << all_output(result);
    EXPECT_FALSE(contains(all_output(result), password)) << all_output(result);
  }
  EXPECT_FALSE(cluster->database_exists("hard_secret_fail_branch"));
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

// Every file under `folder` with its mode, and whether it holds `secret`.
struct SeenFile {
  unsigned mode = 0;
  bool holds_secret = false;
};

void look_at_files(const std::filesystem::path& folder, const std::string& secret,
                   std::map<std::string, SeenFile>& seen) {
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(folder, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    struct stat info {};
    if (::lstat(it->path().c_str(), &info) != 0) {
      continue;
    }
    auto& file = seen[it->path().string()];
    file.mode = info.st_mode & 07777U;
    if (S_ISREG(info.st_mode)) {
      file.holds_secret = file.holds_secret ||
                          contains(util::read_text_file(it->path()).value_or(""), secret);
    }
  }
}

void expect_private_and_removed(const std::map<std::string, SeenFile>& seen,
                                const std::filesystem::path& tmp, const std::string& what) {
  EXPECT_FALSE(seen.empty()) << what << ": pgimport wrote no work files at all?";
  for (const auto& [path, file] : seen) {
    EXPECT_FALSE(file.holds_secret) << what << ": " << path << " holds the password";
    // The run folder is 0700, so nobody else reaches what is inside. Files pgimport writes
    // itself (the restore lists) are 0600; pg_dump's schema.dump gets pg_dump's umask.
    const auto name = std::filesystem::path(path).filename().string();
    if (std::filesystem::path(path).parent_path() == tmp) {
      EXPECT_TRUE(name.starts_with("pgimport-run-")) << what << ": unexpected " << path;
      EXPECT_EQ(file.mode, 0700u) << what << ": " << path << " mode " << std::oct << file.mode;
    } else if (name.ends_with(".list")) {
      EXPECT_EQ(file.mode, 0600u) << what << ": " << path << " mode " << std::oct << file.mode;
    }
  }
  EXPECT_TRUE(std::filesystem::is_empty(tmp)) << what << ": files left in " << tmp;
}

TEST(Secrets, WorkFilesArePrivateAndRemovedAfterSuccessAndAfterCancellation) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  prepare_secret_source(*cluster, "hard_files_source");
  const std::string password = cluster->password();
  for (const bool is_cancelled : {false, true}) {
    hardening::drop_database(*cluster, "hard_files_branch");
    util::TempDir tmp("pgimport-hard-tmp");
    testing::RunningPgimport running(
        hardening::import_arguments(cluster->url("hard_files_source"), cluster->url(),
                                    "hard_files_branch"),
        {"TMPDIR=" + tmp.path().string()});
    std::map<std::string, SeenFile> seen;
    bool is_signalled = false;
    while (!running.has_exited()) {
      look_at_files(tmp.path(), password, seen);
      if (is_cancelled && !is_signalled && !seen.empty() &&
          running.wait_for_event("phase_started", "pre-data", 0ms)) {
        running.signal(SIGTERM);
        is_signalled = true;
      }
    }
    const auto result = running.finish();
    EXPECT_EQ(result.exit_code, is_cancelled ? 130 : 0) << all_output(result);
    expect_private_and_removed(seen, tmp.path(), is_cancelled ? "cancelled" : "complete");
    EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
  }
}

// ---- sslmode is honoured ------------------------------------------------------------------

// A private cluster that offers TLS with a self-signed certificate for 127.0.0.1.
struct TlsCluster {
  std::unique_ptr<TestCluster> cluster;
  std::filesystem::path certificate;
};

TlsCluster make_tls_cluster() {
  TlsCluster tls{TestCluster::create(15), {}};
  if (!tls.cluster) {
    return tls;
  }
  const auto data = tls.cluster->cluster().layout().data_dir;
  const auto made = process::run(
      {.argv = {"openssl", "req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", (data / "server.key").string(),
                "-out", (data / "server.crt").string()}});
  EXPECT_EQ(made.exit_code, 0) << made.stderr_text;
  std::filesystem::permissions(data / "server.key", std::filesystem::perms::owner_read |
                                                        std::filesystem::perms::owner_write);
  cluster::give_to_server_user(data / "server.key");
  cluster::give_to_server_user(data / "server.crt");
  tls.cluster->execute("postgres", "ALTER SYSTEM SET ssl = on");
  tls.cluster->query_value("postgres", "SELECT pg_reload_conf()");
  std::this_thread::sleep_for(500ms);
  tls.certificate = tls.cluster->folder() / "root.crt";
  std::filesystem::copy_file(data / "server.crt", tls.certificate);
  return tls;
}

std::string tls_url(const TestCluster& cluster, const std::string& database, const std::string& query) {
  return "postgresql://postgres:" + cluster.password() + "@127.0.0.1:" + std::to_string(cluster.port()) +
         "/" + database + "?" + query;
}

TEST(Sslmode, VerifyFullWithoutARootCertificateFailsSayingSoAndWithOneImports) {
  auto tls = make_tls_cluster();
  if (!tls.cluster) {
    GTEST_SKIP() << "no PostgreSQL 15 server binaries";
  }
  auto& cluster = *tls.cluster;
  cluster.recreate_database("tls_source");
  cluster.execute("tls_source", "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2)");
  // HOME without ~/.postgresql/root.crt, so libpq has no root certificate to check against.
  util::TempDir home("pgimport-hard-home");
  const std::vector<std::string> env{"HOME=" + home.path().string()};
  const auto without_root = tls_url(cluster, "tls_source", "sslmode=verify-full");
  const auto target = tls_url(cluster, "postgres", "sslmode=require");

  const auto checked = run_pgimport({"check", without_root, "--target", target}, env);
  EXPECT_EQ(checked.exit_code, 1) << all_output(checked);
  EXPECT_TRUE(contains(checked.stdout_text,
                       "FAIL  cannot connect to the source: verifying the server's TLS "
                       "certificate (sslmode=verify-ca or verify-full) needs a root certificate, "
                       "and there is none: \"" +
                           (home.path() / ".postgresql/root.crt").string() + "\" does not exist"))
      << checked.stdout_text;
  EXPECT_TRUE(contains(checked.stdout_text, "PASS  connected to the target")) << checked.stdout_text;

  const auto refused = run_pgimport({"import", without_root, "--target", target, "--branch", "tls_branch"}, env);
  EXPECT_EQ(refused.exit_code, 1) << all_output(refused);
  EXPECT_TRUE(contains(refused.stdout_text, "needs a root certificate")) << refused.stdout_text;
  EXPECT_FALSE(cluster.database_exists("tls_branch"));

  // The same with the certificate: every connection (ours, pg_dump's, pg_restore's) verifies.
  const auto with_root = tls_url(cluster, "tls_source",
                                 "sslmode=verify-full&sslrootcert=" + tls.certificate.string());
  const auto target_with_root = tls_url(cluster, "postgres",
                                        "sslmode=verify-full&sslrootcert=" + tls.certificate.string());
  const auto imported = run_pgimport(
      {"import", with_root, "--target", target_with_root, "--branch", "tls_branch"}, env);
  EXPECT_EQ(imported.exit_code, 0) << all_output(imported);
  EXPECT_EQ(cluster.query_value("tls_branch", "SELECT string_agg(id::text, ',' ORDER BY id) FROM t"), "1,2");
  EXPECT_FALSE(contains(all_output(imported), cluster.password()));
  EXPECT_EQ(testing::pgimport_sessions(cluster), 0);
}

}  // namespace
}  // namespace pgimport
