// `pgimport check` against real clusters: what a user sees (status, message, exit code) for a
// clean source, and for each thing that would make an import fail or surprise.
#include <signal.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "check/checks.hpp"
#include "cluster/cluster.hpp"
#include "process/child_process.hpp"
#include "support/run_pgimport.hpp"
#include "support/test_cluster.hpp"
#include "util/files.hpp"
#include "util/net.hpp"
#include "util/text.hpp"

namespace pgimport {
namespace {

using testing::run_pgimport;
using testing::TestCluster;
using util::contains;

// The one finding with `code`, or a test failure listing what there was.
const check::Finding& finding(const check::CheckReport& report, std::string_view code) {
  for (const auto& each : report.findings) {
    if (each.code == code) {
      return each;
    }
  }
  std::string codes;
  for (const auto& each : report.findings) {
    codes += each.code + " ";
  }
  ADD_FAILURE() << "no finding " << code << " among: " << codes;
  static const check::Finding none{check::Severity::pass, "", "<missing>", "", {}};
  return none;
}

bool has_finding(const check::CheckReport& report, std::string_view code) {
  return std::any_of(report.findings.begin(), report.findings.end(),
                     [&](const check::Finding& each) { return each.code == code; });
}

check::CheckReport check_between(const pg::ConnInfo& source, const pg::ConnInfo& target,
                                 check::SourceFacts* facts = nullptr) {
  return check::run_checks({.source = source, .target = target}, facts);
}

std::string url_for(const TestCluster& cluster, const std::string& user,
                    const std::string& password, const std::string& database) {
  return "postgresql://" + user + ":" + password + "@127.0.0.1:" + std::to_string(cluster.port()) +
         "/" + database + "?sslmode=disable";
}

pg::ConnInfo conninfo_for(const TestCluster& cluster, const std::string& user,
                          const std::string& password, const std::string& database) {
  auto info = cluster.conninfo(database);
  info.set("user", user);
  info.set("password", password);
  return info;
}

// A login role, made afresh (roles are cluster-wide: each test uses its own name).
void recreate_role(const TestCluster& cluster, const std::string& role,
                   const std::string& password) {
  cluster.execute("postgres", "DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role +
                                  " LOGIN PASSWORD '" + password + "'");
}

std::string all_output(const process::ProcessResult& result) {
  return result.stdout_text + result.stderr_text;
}

// PgBouncer in front of a test cluster, in the given pool_mode. Stopped on destruction.
class PgBouncer {
 public:
  // nullptr when pgbouncer is not installed on this machine (it is optional).
  static std::unique_ptr<PgBouncer> start(const TestCluster& cluster, const std::string& mode) {
    auto program = process::find_program("pgbouncer");
    if (!program && std::filesystem::exists("/usr/sbin/pgbouncer")) {
      program = "/usr/sbin/pgbouncer";
    }
    if (!program) {
      return nullptr;
    }
    std::unique_ptr<PgBouncer> bouncer(new PgBouncer());
    const auto& folder = bouncer->m_folder.path();
    cluster::give_to_server_user(folder);
    bouncer->m_port = util::find_free_port();
    util::write_private_file(
        folder / "pgbouncer.ini",
        "[databases]\n* = host=127.0.0.1 port=" + std::to_string(cluster.port()) +
            " user=postgres password=" + cluster.password() +
            "\n[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = " +
            std::to_string(bouncer->m_port) + "\nauth_type = any\npool_mode = " + mode +
            "\nunix_socket_dir =\nlogfile = " + (folder / "pgbouncer.log").string() +
            "\npidfile = " + bouncer->pid_file().string() +
            "\nignore_startup_parameters = extra_float_digits,options\n");
    cluster::give_to_server_user(folder / "pgbouncer.ini");
    std::vector<std::string> argv{program->string(), "-d", (folder / "pgbouncer.ini").string()};
    if (cluster::runs_as_postgres_user()) {  // pgbouncer refuses to run as root
      argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
    }
    const auto result = process::run({.argv = argv});
    EXPECT_TRUE(result.succeeded()) << all_output(result);
    // -d returns once it forked: wait until it answers.
    for (int attempt = 0; attempt < 50; ++attempt) {
      try {
        pg::Connection::open(*pg::ConnInfo::parse(bouncer->url("postgres")), pg::Endpoint::target);
        break;
      } catch (const pg::ConnectError&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    return bouncer;
  }
  ~PgBouncer() {
    std::ifstream file(pid_file());
    pid_t pid = 0;
    if (file >> pid && pid > 0) {
      ::kill(pid, SIGTERM);
    }
  }
  PgBouncer(const PgBouncer&) = delete;
  PgBouncer& operator=(const PgBouncer&) = delete;

  // A connection string through the pooler (it logs in to the server itself).
  std::string url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(m_port) + "/" + database +
           "?sslmode=disable";
  }

 private:
  PgBouncer() : m_folder("pgimport-test-pgbouncer") {}
  std::filesystem::path pid_file() const { return m_folder.path() / "pgbouncer.pid"; }
  util::TempDir m_folder;
  int m_port = 0;
};

TEST(Check, PassesACleanImportFrom15To15) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_clean");
  cluster->execute(
      "check_clean",
      "CREATE TABLE orders (id bigserial PRIMARY KEY, note text); "
      "INSERT INTO orders (note) SELECT 'order ' || g FROM generate_series(1, 1000) g");
  const auto result =
      run_pgimport({"check", cluster->url("check_clean"), "--target", cluster->url("postgres")});
  EXPECT_EQ(result.exit_code, 0) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text,
                       "PASS  connected to the source "
                       "postgresql://postgres@127.0.0.1:" +
                           std::to_string(cluster->port()) + "/check_clean"))
      << result.stdout_text;
  EXPECT_TRUE(
      contains(result.stdout_text, "PASS  source and target run the same major version (15)"))
      << result.stdout_text;
  EXPECT_TRUE(
      contains(result.stdout_text, "PASS  a second source connection can use an exported snapshot"))
      << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, "PASS  estimate: under a minute to copy at 100 MB/s"))
      << result.stdout_text;
  EXPECT_FALSE(contains(result.stdout_text, "FAIL")) << result.stdout_text;
  EXPECT_FALSE(contains(result.stdout_text, "WARN")) << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, " 0 warnings, 0 failed: ready to import"))
      << result.stdout_text;
  EXPECT_FALSE(contains(all_output(result), cluster->password()));
}

TEST(Check, JsonModePrintsOneObjectWithEveryFinding) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_json");
  const auto result = run_pgimport(
      {"--json", "check", cluster->url("check_json"), "--target", cluster->url("postgres")});
  EXPECT_EQ(result.exit_code, 0) << all_output(result);
  const auto lines = util::split_lines(result.stdout_text);
  ASSERT_EQ(lines.size(), 1u) << result.stdout_text;
  const auto json = nlohmann::json::parse(lines.front());
  EXPECT_EQ(json["event"], "check");
  EXPECT_EQ(json["ok"], true);
  EXPECT_GE(json["findings"].size(), 10u);
  EXPECT_EQ(json["findings"][0]["code"], "source.connection");
  EXPECT_EQ(json["findings"][0]["status"], "pass");
  EXPECT_FALSE(contains(all_output(result), cluster->password()));
}

TEST(Check, FailsNamingExtensionsTheTargetCannotInstall) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  source->recreate_database("check_extensions");
  // PostgreSQL 17 removed both; 15 still ships them.
  source->execute("check_extensions",
                  "CREATE EXTENSION adminpack; CREATE EXTENSION old_snapshot; "
                  "CREATE EXTENSION hstore");
  const auto result =
      run_pgimport({"check", source->url("check_extensions"), "--target", target->url("postgres")});
  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text,
                       "FAIL  the target server cannot install 2 extensions the source uses: "
                       "adminpack, old_snapshot"))
      << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, "PostgreSQL 17 removed adminpack and old_snapshot"))
      << result.stdout_text;
  EXPECT_FALSE(contains(result.stdout_text, "hstore")) << result.stdout_text;
}

// Roles are per cluster: made on the source only, so the target lacks them.
TEST(Check, FailsUpFrontNamingRolesTheTargetLacksWhenTheBranchWouldNameThem) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  const std::string branch = "roles_branch";
  const auto cleanup = [&] {
    source->execute("postgres", "DROP DATABASE IF EXISTS check_roles");
    target->execute("postgres", "DROP DATABASE IF EXISTS " + branch);
    source->execute("postgres", "DROP ROLE IF EXISTS only_on_source_owner; "
                                "DROP ROLE IF EXISTS \"Only On Source Reader\"");
  };
  cleanup();
  source->execute("postgres", "CREATE ROLE only_on_source_owner; CREATE ROLE \"Only On Source Reader\"");
  source->recreate_database("check_roles");
  source->execute("check_roles",
                  "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);"
                  "ALTER TABLE t OWNER TO only_on_source_owner;"
                  "GRANT SELECT ON t TO \"Only On Source Reader\"");
  const auto import = [&](std::vector<std::string> extra) {
    std::vector<std::string> arguments{"import", source->url("check_roles"), "--target",
                                       target->url("postgres"), "--branch", branch};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return run_pgimport(arguments);
  };

  // Kept owners and privileges need both roles: refused before a branch exists.
  const auto kept = import({"--keep-owners", "--keep-privileges"});
  EXPECT_EQ(kept.exit_code, 1) << all_output(kept);
  EXPECT_TRUE(contains(kept.stdout_text, "FAIL  the target lacks 2 roles the branch needs: "
                                         "\"Only On Source Reader\", only_on_source_owner"))
      << kept.stdout_text;
  EXPECT_TRUE(contains(kept.stdout_text, "import without --keep-owners/--keep-privileges"))
      << kept.stdout_text;
  EXPECT_FALSE(target->database_exists(branch));
  // `check` answers the same question when asked with the import's options.
  const auto checked = run_pgimport({"check", source->url("check_roles"), "--target",
                                     target->url("postgres"), "--keep-owners"});
  EXPECT_EQ(checked.exit_code, 1) << all_output(checked);
  EXPECT_TRUE(contains(checked.stdout_text, "lacks 1 role the branch needs: only_on_source_owner"))
      << checked.stdout_text;

  // Without them the branch names neither role, and the import goes through.
  const auto plain = import({});
  EXPECT_EQ(plain.exit_code, 0) << all_output(plain);
  target->execute("postgres", "DROP DATABASE IF EXISTS " + branch);

  // A policy names its role whatever the options.
  source->execute("check_roles", "CREATE POLICY readers ON t TO \"Only On Source Reader\" USING (true)");
  const auto policy = import({});
  EXPECT_EQ(policy.exit_code, 1) << all_output(policy);
  EXPECT_TRUE(contains(policy.stdout_text, "FAIL  the target lacks 1 role the branch needs: "
                                           "\"Only On Source Reader\" (named by the source's user "
                                           "mappings or policies)"))
      << policy.stdout_text;
  EXPECT_FALSE(target->database_exists(branch));
  cleanup();
}

TEST(Check, FailsNamingWhatTheSourceRoleCannotRead) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_privileges");
  recreate_role(*cluster, "check_reader", "reader-pw");
  cluster->execute("check_privileges",
                   "CREATE TABLE visible (id int); CREATE TABLE secret (id int); "
                   "CREATE SEQUENCE secret_seq; CREATE SCHEMA hidden; "
                   "GRANT SELECT ON visible TO check_reader");
  const auto report = check_between(
      conninfo_for(*cluster, "check_reader", "reader-pw", "check_privileges"), cluster->conninfo());
  const auto& tables = finding(report, "privileges.tables");
  EXPECT_EQ(tables.severity, check::Severity::fail);
  EXPECT_EQ(tables.message,
            "the source role \"check_reader\" cannot SELECT from 1 table or view: public.secret");
  EXPECT_EQ(tables.objects, std::vector<std::string>{"public.secret"});
  EXPECT_TRUE(contains(tables.hint, "GRANT SELECT ON public.secret TO check_reader"))
      << tables.hint;
  const auto& schemas = finding(report, "privileges.schemas");
  EXPECT_EQ(schemas.severity, check::Severity::fail);
  EXPECT_EQ(schemas.message, "the source role \"check_reader\" has no USAGE on 1 schema: hidden");
  const auto& sequences = finding(report, "privileges.sequences");
  EXPECT_EQ(sequences.message,
            "the source role \"check_reader\" cannot SELECT from 1 sequence: public.secret_seq");
  EXPECT_TRUE(report.has_failures());
  EXPECT_EQ(finding(report, "privileges.replication").message,
            "the source role has no REPLICATION attribute (not needed for an import)");
  // Catalogs only a superuser may read (pg_user_mapping) are not needed to check roles.
  EXPECT_EQ(finding(report, "target.roles").severity, check::Severity::pass)
      << finding(report, "target.roles").message;
}

TEST(Check, CapsTheListOfUnreadableTablesAtTwentyNames) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_many_tables");
  recreate_role(*cluster, "check_many_reader", "reader-pw");
  cluster->execute("check_many_tables",
                   "DO $$ BEGIN FOR i IN 10..34 LOOP "
                   "EXECUTE format('CREATE TABLE t%s (id int)', i); END LOOP; END $$");
  const auto report =
      check_between(conninfo_for(*cluster, "check_many_reader", "reader-pw", "check_many_tables"),
                    cluster->conninfo());
  const auto& tables = finding(report, "privileges.tables");
  EXPECT_TRUE(contains(tables.message, "cannot SELECT from 25 tables or views: public.t10, "))
      << tables.message;
  EXPECT_TRUE(contains(tables.message, "public.t29 and 5 more")) << tables.message;
  EXPECT_EQ(tables.objects.size(), 25u);
}

TEST(Check, PassesVersionsFromA15SourceToA17Target) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  source->recreate_database("check_15_to_17");
  check::SourceFacts facts;
  const auto report = check_between(source->conninfo("check_15_to_17"), target->conninfo(), &facts);
  const auto& order = finding(report, "versions.order");
  EXPECT_EQ(order.severity, check::Severity::pass);
  EXPECT_EQ(order.message, "the target's PostgreSQL 17 is newer than the source's 15 (supported)");
  EXPECT_EQ(finding(report, "client_tools").severity, check::Severity::pass);
  EXPECT_FALSE(report.has_failures()) << check::to_json(report).dump(2);
  EXPECT_EQ(facts.source_major, 15);
  EXPECT_EQ(facts.target_major, 17);
  EXPECT_GT(facts.database_size, 0u);
  ASSERT_TRUE(facts.client_tools);
  EXPECT_GE(facts.client_tools->major, 15);
}

TEST(Check, FailsA17SourceWithTheExactPgDumpFix) {
  PGIMPORT_SHARED_CLUSTER(source, 17);
  const auto result =
      run_pgimport({"check", source->url("postgres"), "--target", source->url("postgres")});
  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text,
                       "FAIL  no pg_dump for PostgreSQL 17 or newer on this "
                       "machine (found pg_dump 15."))
      << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text,
                       "hint: install postgresql-client-17 (from the PostgreSQL apt repository) "
                       "or pass --pg-bin DIR pointing at pg_dump 17 or newer"))
      << result.stdout_text;
}

TEST(Check, FailsA17SourceIntoA15TargetAsTargetOlder) {
  PGIMPORT_SHARED_CLUSTER(source, 17);
  PGIMPORT_SHARED_CLUSTER(target, 15);
  const auto report = check_between(source->conninfo(), target->conninfo());
  const auto& order = finding(report, "versions.order");
  EXPECT_EQ(order.severity, check::Severity::fail);
  EXPECT_EQ(order.message,
            "the target runs PostgreSQL 15, older than the source's 17: target older than source "
            "is not supported (pg_dump output is meant for the same or a newer server)");
  EXPECT_EQ(order.hint, "import into a server running PostgreSQL 17 or newer");
}

TEST(Check, ReportsARefusedPortAndStillChecksTheTarget) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const auto port = std::to_string(util::find_free_port());
  const auto result =
      run_pgimport({"check", "postgresql://postgres:pw123@127.0.0.1:" + port + "/shop", "--target",
                    cluster->url("postgres")});
  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text,
                       "FAIL  cannot connect to the source: nothing accepts "
                       "connections at 127.0.0.1:" +
                           port))
      << result.stdout_text;
  EXPECT_TRUE(
      contains(result.stdout_text, "PASS  the target role \"postgres\" can create databases"))
      << result.stdout_text;
}

TEST(Check, ReportsAWrongPasswordWithoutEverShowingIt) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const std::string wrong = "Wr0ngPassw0rd";
  const auto source = url_for(*cluster, "postgres", wrong, "postgres");
  const auto text = run_pgimport({"check", source, "--target", cluster->url("postgres")});
  EXPECT_EQ(text.exit_code, 1) << all_output(text);
  EXPECT_TRUE(contains(text.stdout_text,
                       "FAIL  cannot connect to the source: the server rejected "
                       "the password for user \"postgres\""))
      << text.stdout_text;
  EXPECT_FALSE(contains(all_output(text), wrong)) << all_output(text);
  EXPECT_FALSE(contains(all_output(text), cluster->password()));

  const auto json = run_pgimport({"--json", "check", source, "--target", cluster->url("postgres")});
  EXPECT_EQ(json.exit_code, 1) << all_output(json);
  EXPECT_TRUE(contains(json.stdout_text, "\"code\":\"source.connection\"")) << json.stdout_text;
  EXPECT_TRUE(contains(json.stdout_text, "rejected the password")) << json.stdout_text;
  EXPECT_FALSE(contains(all_output(json), wrong)) << all_output(json);
  EXPECT_FALSE(contains(all_output(json), cluster->password()));
}

TEST(Check, ReportsAMissingDatabase) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const auto result =
      run_pgimport({"check", cluster->url("no_such_db"), "--target", cluster->url("postgres")});
  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text,
                       "FAIL  cannot connect to the source: the database "
                       "\"no_such_db\" does not exist on 127.0.0.1:" +
                           std::to_string(cluster->port())))
      << result.stdout_text;
}

TEST(Check, FailsWhenTheTargetRoleCannotCreateDatabases) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_createdb");
  recreate_role(*cluster, "check_nocreate", "nocreate-pw");
  const auto report =
      check_between(cluster->conninfo("check_createdb"),
                    conninfo_for(*cluster, "check_nocreate", "nocreate-pw", "postgres"));
  const auto& createdb = finding(report, "target.createdb");
  EXPECT_EQ(createdb.severity, check::Severity::fail);
  EXPECT_EQ(createdb.message,
            "the target role \"check_nocreate\" cannot create databases, and the import creates a "
            "new one");
  EXPECT_TRUE(contains(createdb.hint, "ALTER ROLE check_nocreate CREATEDB")) << createdb.hint;
}

TEST(Check, FailsWhenTheDatabaseIsLargerThanMaxSize) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_max_size");
  const auto result = run_pgimport({"check", cluster->url("check_max_size"), "--target",
                                    cluster->url("postgres"), "--max-size", "1MB"});
  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text, "FAIL  the source database is ")) << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text, ", more than --max-size 1.0 MB")) << result.stdout_text;
}

TEST(Check, WarnsAboutWhatNeedsAChoice) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_choices");
  cluster->execute("postgres", "DROP ROLE IF EXISTS check_owner2; CREATE ROLE check_owner2");
  cluster->execute(
      "check_choices",
      "SELECT lo_from_bytea(0, 'one'); SELECT lo_from_bytea(0, 'two'); "
      "CREATE UNLOGGED TABLE scratch (id int); "
      "CREATE TABLE kept (id int); ALTER TABLE kept OWNER TO check_owner2; "
      "CREATE FUNCTION check_audit_fn() RETURNS event_trigger LANGUAGE plpgsql "
      "  AS $$ BEGIN END $$; "
      "CREATE EVENT TRIGGER check_audit ON ddl_command_start EXECUTE FUNCTION check_audit_fn()");
  const auto result =
      run_pgimport({"check", cluster->url("check_choices"), "--target", cluster->url("postgres")});
  EXPECT_EQ(result.exit_code, 0) << all_output(result);
  const auto& out = result.stdout_text;
  EXPECT_TRUE(contains(out, "WARN  the source has 2 large objects")) << out;
  EXPECT_TRUE(contains(out, "WARN  the source has 1 unlogged table: public.scratch")) << out;
  // A superuser target gets the event trigger: no warning for it.
  EXPECT_TRUE(contains(out, "PASS  the target role is a superuser, so the branch gets the source's "
                            "1 event trigger: check_audit"))
      << out;
  EXPECT_TRUE(contains(out, "WARN  source objects are owned by 2 roles: postgres, check_owner2"))
      << out;
  EXPECT_TRUE(contains(out, "--keep-owners")) << out;
  EXPECT_TRUE(contains(out, "3 warnings, 0 failed: ready to import; read the warnings first"))
      << out;

  // Another target role would not get it: warned, by name.
  recreate_role(*cluster, "check_not_super", "not-super-pw");
  cluster->execute("postgres", "ALTER ROLE check_not_super CREATEDB");
  const auto report = check_between(cluster->conninfo("check_choices"),
                                    conninfo_for(*cluster, "check_not_super", "not-super-pw", "postgres"));
  const auto& event_triggers = finding(report, "objects.event_triggers");
  EXPECT_EQ(event_triggers.severity, check::Severity::warn);
  EXPECT_EQ(event_triggers.message,
            "the target role is not a superuser, so the branch will not get the source's 1 event "
            "trigger: check_audit");
}

TEST(Check, RejectsANonsenseMaxSizeAsAUsageError) {
  const auto result = run_pgimport({"check", "postgresql://u@127.0.0.1:1/db", "--target",
                                    "postgresql://u@127.0.0.1:1/postgres", "--max-size", "lots"});
  EXPECT_EQ(result.exit_code, 2) << all_output(result);
  EXPECT_TRUE(contains(result.stderr_text,
                       "error: --max-size: \"lots\" is not a size; use e.g. 500MB or 10GB"))
      << result.stderr_text;
}

TEST(Check, RejectsAMalformedConnectionStringWithoutEchoingThePassword) {
  const auto result = run_pgimport({"check", "postgresql://alice:S3cretPw@db.example:99999/shop",
                                    "--target", "postgresql://u@127.0.0.1:1/postgres"});
  EXPECT_EQ(result.exit_code, 2) << all_output(result);
  EXPECT_TRUE(contains(result.stderr_text, "error: source: invalid port \"99999\""))
      << result.stderr_text;
  EXPECT_FALSE(contains(all_output(result), "S3cretPw")) << all_output(result);

  const auto key_value = run_pgimport({"check", "host=db.example password=S3cretPw bogus",
                                       "--target", "postgresql://u@127.0.0.1:1/postgres"});
  EXPECT_EQ(key_value.exit_code, 2) << all_output(key_value);
  EXPECT_TRUE(contains(key_value.stderr_text, "error: source: invalid connection string"))
      << key_value.stderr_text;
  EXPECT_FALSE(contains(all_output(key_value), "S3cretPw")) << all_output(key_value);
}

TEST(Check, FailsASourceBehindATransactionPooler) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_pooled");
  const auto bouncer = PgBouncer::start(*cluster, "transaction");
  if (!bouncer) {
    GTEST_SKIP() << "pgbouncer is not installed (apt-get install pgbouncer)";
  }
  const auto result =
      run_pgimport({"check", bouncer->url("check_pooled"), "--target", cluster->url("postgres")});
  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text,
                       "FAIL  the source connection is transaction-pooled (e.g. PgBouncer "
                       "pool_mode=transaction)"))
      << result.stdout_text;
  EXPECT_TRUE(contains(result.stdout_text,
                       "hint: use the direct connection string of the PostgreSQL server"))
      << result.stdout_text;
}

TEST(Check, PassesASourceBehindASessionPooler) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("check_session_pooled");
  const auto bouncer = PgBouncer::start(*cluster, "session");
  if (!bouncer) {
    GTEST_SKIP() << "pgbouncer is not installed (apt-get install pgbouncer)";
  }
  const auto result = run_pgimport(
      {"check", bouncer->url("check_session_pooled"), "--target", cluster->url("postgres")});
  EXPECT_EQ(result.exit_code, 0) << all_output(result);
  EXPECT_TRUE(contains(result.stdout_text,
                       "PASS  the source connection goes through a pooler or proxy that keeps one "
                       "server session per client: exported snapshots work"))
      << result.stdout_text;
}

TEST(Check, NeverThrowsWhenNeitherSideCanConnect) {
  const auto port = std::to_string(util::find_free_port());
  auto unreachable = pg::ConnInfo::parse("postgresql://u:pw-unused@127.0.0.1:" + port + "/db");
  ASSERT_TRUE(unreachable);
  check::SourceFacts facts;
  const auto report = check_between(*unreachable, *unreachable, &facts);
  EXPECT_EQ(report.findings.size(), 2u) << check::to_json(report).dump(2);
  EXPECT_EQ(finding(report, "source.connection").severity, check::Severity::fail);
  EXPECT_EQ(finding(report, "target.connection").severity, check::Severity::fail);
  EXPECT_FALSE(has_finding(report, "versions.order"));
  EXPECT_EQ(facts.source_major, 0);
}

}  // namespace
}  // namespace pgimport
