// Branches on a real target: the status comment, list, create, delete, rename and promote,
// through the library and through `pgimport branches` end to end.
#include <nlohmann/json.hpp>

#include "branch/branch.hpp"
#include "support/run_pgimport.hpp"
#include "support/test_cluster.hpp"
#include "util/text.hpp"

namespace pgimport {
namespace {

using testing::TestCluster;
using testing::run_pgimport;

branch::BranchStatus status_of(branch::Status state) {
  branch::BranchStatus status;
  status.status = state;
  status.source = "postgresql://alice@db.example:5432/shop";
  status.source_database = "shop";
  status.snapshot_time = "2026-11-21 22:26:02.5+00";
  status.started_at = branch::utc_timestamp(std::chrono::system_clock::now() - std::chrono::hours(2));
  status.finished_at = state == branch::Status::importing ? "" : branch::utc_timestamp(
                                                                    std::chrono::system_clock::now());
  status.pgimport_version = PGIMPORT_VERSION;
  return status;
}

branch::DatabaseSettings utf8_c() { return {"UTF8", "C.UTF-8", "C.UTF-8", "libc", ""}; }

// A fresh branch `name` (dropped first if an earlier run left it) holding table t with `rows`.
void make_branch(TestCluster& cluster, const std::string& name, branch::Status state,
                 int rows = 0) {
  cluster.execute("postgres", "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
  auto maintenance = cluster.connect();
  branch::create_branch(maintenance, name, utf8_c(), status_of(state));
  cluster.execute(name, "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, " +
                            std::to_string(rows) + ")");
}

std::optional<branch::BranchInfo> find_branch(pg::Connection& maintenance, const std::string& name) {
  for (auto& info : branch::list_branches(maintenance)) {
    if (info.name == name) {
      return info;
    }
  }
  return std::nullopt;
}

void drop_matching(TestCluster& cluster, const std::string& pattern) {
  cluster.execute("postgres",
                  "DO $$DECLARE d text; BEGIN FOR d IN SELECT datname FROM pg_database WHERE "
                  "datname LIKE '" + pattern + "' LOOP EXECUTE format('DROP DATABASE %I WITH "
                  "(FORCE)', d); END LOOP; END$$");
}

TEST(Branches, CreatedBranchCarriesItsStatusInTheDatabaseComment) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->execute("postgres", "DROP DATABASE IF EXISTS created_branch");
  auto maintenance = cluster->connect();
  const auto initial = status_of(branch::Status::importing);
  const auto warnings = branch::create_branch(maintenance, "created_branch", utf8_c(), initial);
  EXPECT_TRUE(warnings.empty()) << util::join(warnings, "\n");

  const auto status = branch::read_status(maintenance, "created_branch");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::importing);
  EXPECT_EQ(status->source, initial.source);
  EXPECT_EQ(status->started_at, initial.started_at);
  EXPECT_EQ(status->pgimport_version, PGIMPORT_VERSION);
  // What a user sees with plain SQL (and psql's \l+).
  EXPECT_TRUE(util::contains(
      cluster->query_value("postgres", "SELECT shobj_description(oid, 'pg_database') FROM "
                                       "pg_database WHERE datname = 'created_branch'"),
      "pgimport branch: {\"status\":\"importing\""));
  EXPECT_EQ(cluster->query_value("postgres", "SELECT pg_encoding_to_char(encoding) || ' ' || "
                                             "datcollate FROM pg_database WHERE datname = "
                                             "'created_branch'"),
            "UTF8 C.UTF-8");
  EXPECT_FALSE(branch::read_status(maintenance, "postgres"));
  EXPECT_FALSE(branch::read_status(maintenance, "no_such_database"));
}

TEST(Branches, ListShowsOnlyBranchesWithStatusAndSize) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_branch(*cluster, "listed_branch", branch::Status::complete, 50000);
  cluster->recreate_database("listed_plain_database");
  cluster->execute("postgres", "COMMENT ON DATABASE listed_plain_database IS 'production'");
  auto maintenance = cluster->connect();
  const auto info = find_branch(maintenance, "listed_branch");
  ASSERT_TRUE(info);
  ASSERT_TRUE(info->status);
  EXPECT_EQ(info->status->status, branch::Status::complete);
  EXPECT_GT(info->size_bytes, 1'000'000u);  // 50000 rows and the catalog
  EXPECT_FALSE(find_branch(maintenance, "listed_plain_database"));
  EXPECT_FALSE(find_branch(maintenance, "postgres"));
}

TEST(Branches, FailedStatusShowsInListWithItsRedactedMessage) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_branch(*cluster, "failing_branch", branch::Status::importing);
  auto maintenance = cluster->connect();
  auto status = status_of(branch::Status::failed);
  status.message = "COPY public.orders failed talking to postgresql://alice:s3cret@db/shop";
  branch::write_status(maintenance, "failing_branch", status);

  const auto info = find_branch(maintenance, "failing_branch");
  ASSERT_TRUE(info && info->status);
  EXPECT_EQ(info->status->status, branch::Status::failed);
  EXPECT_TRUE(util::contains(info->status->message, "COPY public.orders failed")) << info->status->message;
  EXPECT_FALSE(util::contains(info->status->message, "s3cret")) << info->status->message;
}

TEST(Branches, CreateRefusesAnExistingDatabase) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("taken_name");
  cluster->execute("taken_name", "CREATE TABLE precious (id int); INSERT INTO precious VALUES (1)");
  auto maintenance = cluster->connect();
  try {
    branch::create_branch(maintenance, "taken_name", utf8_c(), status_of(branch::Status::importing));
    FAIL() << "created over an existing database";
  } catch (const branch::BranchError& error) {
    EXPECT_STREQ(error.what(),
                 "database \"taken_name\" already exists on the target: choose another --branch");
  }
  EXPECT_EQ(cluster->query_value("taken_name", "SELECT count(*) FROM precious"), "1");
  EXPECT_FALSE(branch::read_status(maintenance, "taken_name"));
}

TEST(Branches, CreateRefusesReservedNames) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  auto maintenance = cluster->connect();
  EXPECT_THROW(branch::create_branch(maintenance, "template1", utf8_c(),
                                     status_of(branch::Status::importing)),
               branch::BranchError);
}

TEST(Branches, ASourceLocaleProviderTheTargetLacksFallsBackWithAWarning) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->execute("postgres", "DROP DATABASE IF EXISTS builtin_on_15");
  auto maintenance = cluster->connect();
  const auto warnings = branch::create_branch(maintenance, "builtin_on_15",
                                              {"UTF8", "C.UTF-8", "C.UTF-8", "builtin", "C.UTF-8"},
                                              status_of(branch::Status::importing));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(util::contains(warnings[0], "builtin locale provider")) << warnings[0];
  EXPECT_TRUE(branch::read_status(maintenance, "builtin_on_15"));
}

TEST(Branches, DeleteRefusesADatabasePgimportDidNotCreate) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("not_a_branch");
  auto maintenance = cluster->connect();
  try {
    branch::drop_branch(maintenance, "not_a_branch");
    FAIL() << "dropped a database pgimport did not create";
  } catch (const branch::BranchError& error) {
    EXPECT_TRUE(util::contains(error.what(), "database \"not_a_branch\" is not a pgimport branch"))
        << error.what();
  }
  EXPECT_TRUE(cluster->database_exists("not_a_branch"));
  EXPECT_THROW(branch::drop_branch(maintenance, "no_such_database"), branch::BranchError);
}

TEST(Branches, DeleteDropsABranchEvenWhileSomeoneIsConnected) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_branch(*cluster, "doomed_branch", branch::Status::failed, 10);
  auto session = cluster->connect("doomed_branch");
  auto maintenance = cluster->connect();
  branch::drop_branch(maintenance, "doomed_branch");
  EXPECT_FALSE(cluster->database_exists("doomed_branch"));
  EXPECT_FALSE(find_branch(maintenance, "doomed_branch"));
}

TEST(Branches, RenameMovesTheBranchAndItsStatus) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->execute("postgres", "DROP DATABASE IF EXISTS renamed_branch");
  make_branch(*cluster, "branch_to_rename", branch::Status::complete, 7);
  auto maintenance = cluster->connect();
  branch::rename_branch(maintenance, "branch_to_rename", "renamed_branch");
  EXPECT_FALSE(cluster->database_exists("branch_to_rename"));
  EXPECT_EQ(cluster->query_value("renamed_branch", "SELECT count(*) FROM t"), "7");
  const auto status = branch::read_status(maintenance, "renamed_branch");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::complete);
}

TEST(Branches, RenameRefusesATakenNameAndABranchInUse) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_branch(*cluster, "busy_rename_branch", branch::Status::complete);
  cluster->recreate_database("rename_taken");
  auto maintenance = cluster->connect();
  EXPECT_THROW(branch::rename_branch(maintenance, "busy_rename_branch", "rename_taken"),
               branch::BranchError);
  auto session = cluster->connect("busy_rename_branch");
  try {
    branch::rename_branch(maintenance, "busy_rename_branch", "rename_free");
    FAIL() << "renamed a database in use";
  } catch (const branch::BranchError& error) {
    EXPECT_TRUE(util::contains(error.what(), "\"busy_rename_branch\" has 1 open session"))
        << error.what();
  }
}

TEST(Branches, PromoteRenamesTheOldDatabaseAsideAndTheBranchAnswersUnderItsName) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  drop_matching(*cluster, "promo_shop%");
  cluster->recreate_database("promo_shop");
  cluster->execute("promo_shop", "CREATE TABLE t (id int); INSERT INTO t VALUES (1), (2), (3)");
  make_branch(*cluster, "promo_shop_import", branch::Status::complete, 1000);
  auto maintenance = cluster->connect();

  const auto aside = branch::promote_branch(maintenance, "promo_shop_import", "promo_shop", false);
  EXPECT_EQ(aside.rfind("promo_shop_before_", 0), 0u) << aside;
  EXPECT_EQ(aside.size(), std::string("promo_shop_before_YYYYMMDD_HHMMSS").size()) << aside;
  EXPECT_EQ(cluster->query_value(aside, "SELECT count(*) FROM t"), "3");
  EXPECT_EQ(cluster->query_value("promo_shop", "SELECT count(*) FROM t"), "1000");
  EXPECT_FALSE(cluster->database_exists("promo_shop_import"));
  // Still a pgimport branch under its new name; the old database is not one.
  EXPECT_TRUE(branch::read_status(maintenance, "promo_shop"));
  EXPECT_FALSE(branch::read_status(maintenance, aside));

  // A second promotion within the same second still finds a free aside name.
  make_branch(*cluster, "promo_shop_import", branch::Status::complete, 5);
  const auto second = branch::promote_branch(maintenance, "promo_shop_import", "promo_shop", false);
  EXPECT_NE(second, aside);
  EXPECT_EQ(cluster->query_value(second, "SELECT count(*) FROM t"), "1000");
  EXPECT_EQ(cluster->query_value("promo_shop", "SELECT count(*) FROM t"), "5");
}

TEST(Branches, PromoteToAFreeNameRenamesNothingAside) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->execute("postgres", "DROP DATABASE IF EXISTS promo_fresh");
  make_branch(*cluster, "promo_fresh_import", branch::Status::complete, 2);
  auto maintenance = cluster->connect();
  EXPECT_EQ(branch::promote_branch(maintenance, "promo_fresh_import", "promo_fresh", false), "");
  EXPECT_EQ(cluster->query_value("promo_fresh", "SELECT count(*) FROM t"), "2");
}

TEST(Branches, PromoteRefusesWhileTheOldDatabaseHasASessionAndForceTerminatesIt) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  drop_matching(*cluster, "busy_shop%");
  cluster->recreate_database("busy_shop");
  cluster->execute("busy_shop", "CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
  make_branch(*cluster, "busy_shop_import", branch::Status::complete, 2);
  auto application = cluster->connect("busy_shop");
  auto maintenance = cluster->connect();
  try {
    branch::promote_branch(maintenance, "busy_shop_import", "busy_shop", false);
    FAIL() << "promoted over a database in use";
  } catch (const branch::BranchError& error) {
    EXPECT_TRUE(util::contains(error.what(), "database \"busy_shop\" has 1 open session"))
        << error.what();
    EXPECT_TRUE(util::contains(error.what(), "--force")) << error.what();
  }
  EXPECT_EQ(cluster->query_value("busy_shop", "SELECT count(*) FROM t"), "1");
  EXPECT_TRUE(cluster->database_exists("busy_shop_import"));

  const auto aside = branch::promote_branch(maintenance, "busy_shop_import", "busy_shop", true);
  EXPECT_EQ(cluster->query_value("busy_shop", "SELECT count(*) FROM t"), "2");
  EXPECT_EQ(cluster->query_value(aside, "SELECT count(*) FROM t"), "1");
  EXPECT_THROW(application.exec("SELECT 1"), pg::Error);  // its session was terminated
}

TEST(Branches, PromoteRefusesABranchThatIsNotComplete) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->execute("postgres", "DROP DATABASE IF EXISTS half_shop");
  make_branch(*cluster, "half_shop_import", branch::Status::importing);
  auto maintenance = cluster->connect();
  try {
    branch::promote_branch(maintenance, "half_shop_import", "half_shop", true);
    FAIL() << "promoted an unfinished import";
  } catch (const branch::BranchError& error) {
    EXPECT_TRUE(util::contains(error.what(), "branch \"half_shop_import\" is importing, not complete"))
        << error.what();
  }
  EXPECT_FALSE(cluster->database_exists("half_shop"));
  cluster->recreate_database("plain_shop_copy");
  EXPECT_THROW(branch::promote_branch(maintenance, "plain_shop_copy", "half_shop", false),
               branch::BranchError);
}

// PostgreSQL 17 has the builtin locale provider: a source using it is copied exactly.
TEST(Branches, CreateCopiesTheBuiltinLocaleProviderOn17) {
  PGIMPORT_SHARED_CLUSTER(cluster, 17);
  cluster->execute("postgres", "DROP DATABASE IF EXISTS builtin_branch");
  auto maintenance = cluster->connect();
  const auto warnings = branch::create_branch(maintenance, "builtin_branch",
                                              {"UTF8", "C.UTF-8", "C.UTF-8", "builtin", "C.UTF-8"},
                                              status_of(branch::Status::importing));
  EXPECT_TRUE(warnings.empty()) << util::join(warnings, "\n");
  EXPECT_EQ(cluster->query_value("postgres", "SELECT datlocprovider::text || ' ' || datlocale FROM "
                                             "pg_database WHERE datname = 'builtin_branch'"),
            "b C.UTF-8");
  EXPECT_TRUE(branch::read_status(maintenance, "builtin_branch"));
}

TEST(Branches, ALocaleTheTargetLacksFallsBackToItsDefaultWithAWarning) {
  PGIMPORT_SHARED_CLUSTER(cluster, 17);
  cluster->execute("postgres", "DROP DATABASE IF EXISTS foreign_locale_branch");
  auto maintenance = cluster->connect();
  const auto warnings = branch::create_branch(
      maintenance, "foreign_locale_branch", {"UTF8", "xx_XX.UTF-8", "xx_XX.UTF-8", "libc", ""},
      status_of(branch::Status::importing));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(util::contains(warnings[0], "xx_XX.UTF-8")) << warnings[0];
  EXPECT_TRUE(util::contains(warnings[0], "branch \"foreign_locale_branch\" uses the target's "
                                          "default locale"))
      << warnings[0];
  EXPECT_EQ(cluster->query_value("postgres", "SELECT datcollate FROM pg_database WHERE datname "
                                             "= 'foreign_locale_branch'"),
            "C.UTF-8");
  EXPECT_TRUE(branch::read_status(maintenance, "foreign_locale_branch"));
}

// --- the command, end to end ---

TEST(BranchesCommand, ListPrintsATableOfBranches) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_branch(*cluster, "cli_listed_branch", branch::Status::complete, 100);
  make_branch(*cluster, "cli_failed_branch", branch::Status::importing);
  auto maintenance = cluster->connect();
  auto failed = status_of(branch::Status::failed);
  failed.message = "lost the source connection";
  branch::write_status(maintenance, "cli_failed_branch", failed);

  const auto result = run_pgimport({"branches", "list", "--target", cluster->url()});
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const auto& text = result.stdout_text;
  EXPECT_TRUE(util::contains(text, "NAME")) << text;
  EXPECT_TRUE(util::contains(text, "STATUS")) << text;
  EXPECT_TRUE(util::contains(text, "cli_listed_branch")) << text;
  EXPECT_TRUE(util::contains(text, "complete")) << text;
  EXPECT_TRUE(util::contains(text, "2h")) << text;  // started two hours ago
  EXPECT_TRUE(util::contains(text, "postgresql://alice@db.example:5432/shop")) << text;
  EXPECT_TRUE(util::contains(text, "failed")) << text;
  EXPECT_TRUE(util::contains(text, "lost the source connection")) << text;
  EXPECT_FALSE(util::contains(text, cluster->password())) << text;
}

TEST(BranchesCommand, ListAsJsonIsOneEventWithEveryBranch) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_branch(*cluster, "cli_json_branch", branch::Status::complete, 100);
  const auto result = run_pgimport({"--json", "branches", "list", "--target", cluster->url()});
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  const auto lines = util::split_lines(result.stdout_text);
  ASSERT_EQ(lines.size(), 1u) << result.stdout_text;
  const auto event = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(event["event"], "branches");
  bool found = false;
  for (const auto& each : event["branches"]) {
    if (each["name"] == "cli_json_branch") {
      found = true;
      EXPECT_EQ(each["status"], "complete");
      EXPECT_GT(each["size_bytes"].get<std::uint64_t>(), 0u);
      EXPECT_EQ(each["source_database"], "shop");
      EXPECT_GE(each["age_seconds"].get<std::int64_t>(), 7000);
    }
  }
  EXPECT_TRUE(found) << result.stdout_text;
}

TEST(BranchesCommand, PromoteSaysWhereThePreviousDatabaseWent) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  drop_matching(*cluster, "cli_shop%");
  cluster->recreate_database("cli_shop");
  make_branch(*cluster, "cli_shop_import", branch::Status::complete, 4);
  const auto result = run_pgimport(
      {"branches", "promote", "cli_shop_import", "--as", "cli_shop", "--target", cluster->url()});
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_TRUE(util::contains(result.stdout_text, "Promoted \"cli_shop_import\" to \"cli_shop\"; "
                                                 "the previous \"cli_shop\" is now \"cli_shop_before_"))
      << result.stdout_text;
  EXPECT_EQ(cluster->query_value("cli_shop", "SELECT count(*) FROM t"), "4");
}

TEST(BranchesCommand, PromoteRefusalExitsOneNamingTheDatabase) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  drop_matching(*cluster, "cli_busy%");
  cluster->recreate_database("cli_busy");
  make_branch(*cluster, "cli_busy_import", branch::Status::complete);
  auto application = cluster->connect("cli_busy");
  const auto result = run_pgimport(
      {"branches", "promote", "cli_busy_import", "--as", "cli_busy", "--target", cluster->url()});
  EXPECT_EQ(result.exit_code, 1) << result.stdout_text;
  EXPECT_TRUE(util::contains(result.stderr_text, "database \"cli_busy\" has 1 open session"))
      << result.stderr_text;
  const auto forced = run_pgimport({"branches", "promote", "cli_busy_import", "--as", "cli_busy",
                                    "--force", "--target", cluster->url()});
  EXPECT_EQ(forced.exit_code, 0) << forced.stderr_text;
}

TEST(BranchesCommand, DeleteDropsABranchAndRefusesOtherDatabases) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_branch(*cluster, "cli_doomed", branch::Status::failed);
  cluster->recreate_database("cli_keep_me");
  const auto deleted = run_pgimport({"branches", "delete", "cli_doomed", "--target", cluster->url()});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.stderr_text;
  EXPECT_TRUE(util::contains(deleted.stdout_text, "Deleted branch \"cli_doomed\"")) << deleted.stdout_text;
  EXPECT_FALSE(cluster->database_exists("cli_doomed"));

  const auto refused = run_pgimport({"branches", "delete", "cli_keep_me", "--target", cluster->url()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(util::contains(refused.stderr_text, "\"cli_keep_me\" is not a pgimport branch"))
      << refused.stderr_text;
  EXPECT_TRUE(cluster->database_exists("cli_keep_me"));
}

TEST(BranchesCommand, RenameConfirmsTheNewName) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->execute("postgres", "DROP DATABASE IF EXISTS cli_renamed");
  make_branch(*cluster, "cli_to_rename", branch::Status::complete);
  const auto result = run_pgimport(
      {"branches", "rename", "cli_to_rename", "cli_renamed", "--target", cluster->url()});
  ASSERT_EQ(result.exit_code, 0) << result.stderr_text;
  EXPECT_TRUE(cluster->database_exists("cli_renamed"));
}

TEST(BranchesCommand, MissingArgumentsAndBadNamesAreUsageErrors) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const auto no_name = run_pgimport({"branches", "delete", "--target", cluster->url()});
  EXPECT_EQ(no_name.exit_code, 2) << no_name.stderr_text;
  EXPECT_TRUE(util::contains(no_name.stderr_text, "missing the name of the branch to delete"))
      << no_name.stderr_text;
  const auto no_as = run_pgimport({"branches", "promote", "some_branch", "--target", cluster->url()});
  EXPECT_EQ(no_as.exit_code, 2);
  EXPECT_TRUE(util::contains(no_as.stderr_text, "--as NAME")) << no_as.stderr_text;
  const auto reserved = run_pgimport(
      {"branches", "promote", "some_branch", "--as", "postgres", "--target", cluster->url()});
  EXPECT_EQ(reserved.exit_code, 2);
  const auto unknown = run_pgimport({"branches", "merge", "--target", cluster->url()});
  EXPECT_EQ(unknown.exit_code, 2);
}

}  // namespace
}  // namespace pgimport
