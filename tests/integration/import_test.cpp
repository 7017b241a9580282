// `pgimport import` end to end against real clusters: every edge case in tests/data comes
// out equal (rows and schema), a live source still yields an exact copy of its snapshot,
// failures and Ctrl-C leave the branch marked failed with nothing left running, and the
// supported version pairs work while a newer-to-older import is refused.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "branch/branch.hpp"
#include "pg/error.hpp"
#include "support/db_compare.hpp"
#include "support/run_pgimport.hpp"
#include "support/server_log.hpp"
#include "support/test_cluster.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

namespace pgimport {
namespace {

using namespace std::chrono_literals;
using testing::logged_plan;
using testing::run_pgimport;
using testing::TestCluster;

// Every JSON line pgimport printed, parsed.
std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> lines;
  for (const auto& line : util::split_lines(text)) {
    lines.push_back(nlohmann::json::parse(line));
  }
  return lines;
}

nlohmann::json summary_of(const process::ProcessResult& result) {
  for (const auto& line : json_lines(result.stdout_text)) {
    if (line.value("event", "") == "summary") {
      return line;
    }
  }
  ADD_FAILURE() << "no summary event in: " << result.stdout_text << result.stderr_text;
  return {};
}

std::optional<branch::BranchStatus> status_of(const TestCluster& cluster, const std::string& name) {
  auto connection = cluster.connect("postgres");
  return branch::read_status(connection, name);
}

process::ProcessResult import(const TestCluster& source, const std::string& database,
                              const TestCluster& target, const std::string& branch,
                              std::vector<std::string> extra = {}) {
  std::vector<std::string> arguments{"--json", "import", source.url(database),
                                     "--target", target.url(), "--branch", branch};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  return run_pgimport(arguments);
}

void drop_database(const TestCluster& cluster, const std::string& name) {
  cluster.execute("postgres", "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
}

// ---- every edge case in tests/data, 15 -> 15 ---------------------------------------------

std::vector<std::string> data_files() {
  std::vector<std::string> files;
  const std::filesystem::path folder = testing::test_data_path("");
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const auto name = entry.path().filename().string();
    // The 100+ MB value has a test of its own (it is slow); 2,000 tables too.
    if (entry.path().extension() == ".sql" && name != "big_values.sql" && name != "many_tables.sql") {
      files.push_back(name);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The tables with planner statistics of their own (what ANALYZE leaves), by name.
std::vector<std::string> analyzed_tables(const TestCluster& cluster, const std::string& database) {
  auto connection = cluster.connect(database);
  const auto result = connection.exec(
      "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relkind = 'r' "
      "AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) "
      "AND c.relnamespace::regnamespace::text NOT LIKE 'pg_toast%' "
      "AND EXISTS (SELECT 1 FROM pg_statistic s WHERE s.starelid = c.oid AND NOT s.stainherit) "
      "ORDER BY 1");
  std::vector<std::string> names;
  for (int row = 0; row < result.rows(); ++row) {
    names.emplace_back(result.value(row, 0));
  }
  return names;
}

class ImportEdgeCase : public ::testing::TestWithParam<std::string> {};

TEST_P(ImportEdgeCase, BranchEqualsSourceRowByRowAndObjectByObject) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const std::string stem = std::filesystem::path(GetParam()).stem().string();
  const std::string source_db = "case_" + stem;
  const std::string branch = "case_" + stem + "_branch";
  cluster->recreate_database(source_db);
  drop_database(*cluster, branch);
  testing::load_sql_file(*cluster, source_db, testing::test_data_path(GetParam()));
  cluster->execute(source_db, "ANALYZE");

  const auto result = import(*cluster, source_db, *cluster, branch, {"--verify", "full"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(summary_of(result)["outcome"], "complete");
  EXPECT_EQ(testing::table_fingerprints(*cluster, branch),
            testing::table_fingerprints(*cluster, source_db));
  EXPECT_EQ(testing::schema_text(*cluster, branch), testing::schema_text(*cluster, source_db));
  // Every table is analyzed (the branch is ready for queries, unlike after pg_restore).
  EXPECT_EQ(analyzed_tables(*cluster, branch), analyzed_tables(*cluster, source_db));
  const auto status = status_of(*cluster, branch);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::complete);
}

INSTANTIATE_TEST_SUITE_P(DataFiles, ImportEdgeCase, ::testing::ValuesIn(data_files()),
                         [](const auto& param_info) {
                           auto name = std::filesystem::path(param_info.param).stem().string();
                           std::replace_if(name.begin(), name.end(),
                                           [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return name;
                         });

// ---- a source under live writes ------------------------------------------------------------

TEST(Import, PrivilegesAreNamedWhenLeftOutAndCopiedAndVerifiedWhenKept) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("privileges_source");
  testing::load_sql_file(*cluster, "privileges_source", testing::test_data_path("catalog_extras.sql"));
  const auto source_privileges = testing::privilege_lines(*cluster, "privileges_source");
  ASSERT_EQ(source_privileges.size(), 5u) << util::join(source_privileges, "\n");

  drop_database(*cluster, "privileges_left_out");
  const auto left_out = import(*cluster, "privileges_source", *cluster, "privileges_left_out");
  ASSERT_EQ(left_out.exit_code, 0) << left_out.stdout_text << left_out.stderr_text;
  EXPECT_TRUE(testing::privilege_lines(*cluster, "privileges_left_out").empty());
  const auto skipped = summary_of(left_out)["skipped"].dump();
  EXPECT_TRUE(util::contains(skipped, "ACL extras TABLE ddl_audit")) << skipped;
  EXPECT_TRUE(util::contains(skipped, "DEFAULT ACL extras DEFAULT PRIVILEGES FOR TABLES")) << skipped;
  EXPECT_TRUE(util::contains(left_out.stdout_text, "--keep-privileges copies them")) << left_out.stdout_text;
  // Left-out privileges must not cost the per-table index builds (pg_restore prints nothing
  // for them, which once made the post-data SQL unsplittable).
  EXPECT_FALSE(util::contains(left_out.stdout_text, "could not split")) << left_out.stdout_text;
  // The user mapping's password is copied into the branch, never printed.
  EXPECT_FALSE(util::contains(left_out.stdout_text + left_out.stderr_text, "mapping-secret-4711"));

  drop_database(*cluster, "privileges_kept");
  const auto kept = import(*cluster, "privileges_source", *cluster, "privileges_kept",
                           {"--keep-privileges", "--verify", "full"});
  ASSERT_EQ(kept.exit_code, 0) << kept.stdout_text << kept.stderr_text;
  EXPECT_EQ(testing::privilege_lines(*cluster, "privileges_kept"), source_privileges);
  EXPECT_EQ(summary_of(kept)["skipped"].size(), 0u) << summary_of(kept).dump();
  // The audit trigger saw none of the copy's own DDL: only the seed row is there.
  EXPECT_EQ(cluster->query_value("privileges_kept", "SELECT count(*) FROM extras.ddl_audit"), "1");
  drop_database(*cluster, "privileges_left_out");
  drop_database(*cluster, "privileges_kept");
}

// ---- an extension's configuration tables and sequences ------------------------------------

// True when `cluster` can install tests/extension's fixture (scripts/setup.sh puts it there).
bool has_fixture_extension(const TestCluster& cluster) {
  return cluster.query_value("postgres", "SELECT count(*) FROM pg_available_extensions "
                                         "WHERE name = 'pgimport_fixture'") == "1";
}

// The fixture's configuration tables hold user rows (settings: beside the built-in rows its
// script makes, which the filter leaves out; jobs: all rows, with a configuration sequence;
// job_tags: references jobs through the extension's foreign key), and `cache` is a member
// table that is not configuration. As with pg_dump: user rows and the sequence's value are
// copied, cache's rows are not, and the check names that table. jobs is made big (~25 MB) so
// that, loaded side by side, job_tags' load would end (and check its keys) first.
void expect_extension_configuration_copied(TestCluster& source, TestCluster& target) {
  PGIMPORT_REQUIRE_SETUP(has_fixture_extension(source) && has_fixture_extension(target),
                         "the pgimport_fixture test extension");
  const std::string branch = "extension_config_" + std::to_string(target.major());
  source.recreate_database("extension_config");
  drop_database(target, branch);
  source.execute("extension_config",
                 "CREATE EXTENSION pgimport_fixture;"
                 "INSERT INTO fixture.settings (name, value) VALUES ('owner', 'alice'), ('region', 'eu');"
                 "INSERT INTO fixture.jobs (schedule, command) "
                 "  SELECT '*/5 * * * *', 'job ' || g FROM generate_series(1, 1000) g;"
                 "DELETE FROM fixture.jobs WHERE id > 990;"
                 "INSERT INTO fixture.jobs (schedule, command) "
                 "  SELECT '0 * * * *', repeat('x', 200) || g FROM generate_series(1, 100000) g;"
                 "INSERT INTO fixture.job_tags SELECT id, tag FROM fixture.jobs, "
                 "  unnest(ARRAY['daily', 'ops']) tag WHERE id <= 990;"
                 "INSERT INTO fixture.cache VALUES ('a', 1), ('b', 2);"
                 "SELECT fixture.next_ticket() FROM generate_series(1, 41);"
                 "CREATE TABLE public.app (id int PRIMARY KEY, mode text DEFAULT fixture.setting('mode'));"
                 "INSERT INTO public.app (id) SELECT g FROM generate_series(1, 10) g;");

  const auto result = import(source, "extension_config", target, branch, {"--verify", "full"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(summary_of(result)["skipped"].size(), 0u) << summary_of(result).dump();
  EXPECT_TRUE(util::contains(result.stdout_text, "fixture.cache (extension pgimport_fixture)"))
      << result.stdout_text;
  const auto settings = "SELECT string_agg(name || '=' || value, ',' ORDER BY name) FROM fixture.settings";
  EXPECT_EQ(target.query_value(branch, settings), "mode=strict,owner=alice,region=eu,retention=30 days");
  EXPECT_EQ(target.query_value(branch, "SELECT count(*) || ' ' || max(id) FROM fixture.jobs"), "100990 101000");
  EXPECT_EQ(target.query_value(branch, "SELECT count(*) FROM fixture.job_tags"), "1980");
  // The configuration sequence goes on where the source's was: no id is handed out twice.
  EXPECT_EQ(target.query_value(branch, "SELECT nextval('fixture.jobs_id_seq')"), "101001");
  // So does the extension's own sequence, which pg_dump leaves at its start (a branch of a
  // PostGIS database would hand out topology id 1 again).
  EXPECT_EQ(target.query_value(branch, "SELECT fixture.next_ticket()"), "42");
  EXPECT_EQ(target.query_value(branch, "SELECT count(*) FROM fixture.cache"), "0");
  EXPECT_EQ(target.query_value(branch, "SELECT count(*) FROM public.app WHERE mode = 'strict'"), "10");

  // A built-in row changed on the source stays the extension's own in the branch (the filter
  // leaves it out, as pg_dump's does): named as skipped, not passed over in silence.
  source.execute("extension_config", "UPDATE fixture.settings SET value = 'lenient' WHERE name = 'mode'");
  const std::string changed = branch + "_changed";
  drop_database(target, changed);
  const auto again = import(source, "extension_config", target, changed);
  ASSERT_EQ(again.exit_code, 0) << again.stdout_text << again.stderr_text;
  const auto skipped = summary_of(again)["skipped"];
  ASSERT_EQ(skipped.size(), 1u) << skipped.dump();
  EXPECT_TRUE(util::contains(skipped[0].get<std::string>(), "extension rows fixture.settings"))
      << skipped.dump();
  EXPECT_EQ(target.query_value(changed, "SELECT value FROM fixture.settings WHERE name = 'mode'"), "strict");
  drop_database(target, branch);
  drop_database(target, changed);
}

TEST(Import, ExtensionConfigurationRowsAndSequencesAreCopiedAndTheRestNamed) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  expect_extension_configuration_copied(*cluster, *cluster);
}

TEST(Import, ExtensionConfigurationRowsAndSequencesAreCopiedFrom15To17) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  expect_extension_configuration_copied(*source, *target);
}

// The source's extension is older than the target's default version, which the branch gets
// (as with pg_restore): named, not a verification failure. Version 1.1 of the fixture drops a
// sequence of 1.0's, so that one's value cannot be carried: named too. amcheck is 1.3 on
// PostgreSQL 15 and 1.4 on 17.
void expect_older_extension_versions_named(TestCluster& source, TestCluster& target) {
  PGIMPORT_REQUIRE_SETUP(has_fixture_extension(source) && has_fixture_extension(target),
                         "the pgimport_fixture test extension");
  const std::string branch = "extension_versions_" + std::to_string(target.major());
  source.recreate_database("extension_versions");
  drop_database(target, branch);
  source.execute("extension_versions",
                 "CREATE EXTENSION pgimport_fixture VERSION '1.0';"
                 "CREATE EXTENSION amcheck;"
                 "SELECT fixture.next_ticket() FROM generate_series(1, 7);"
                 "SELECT nextval('fixture.legacy_seq');"
                 "CREATE TABLE public.t (id int PRIMARY KEY);"
                 "INSERT INTO public.t SELECT generate_series(1, 100);");
  const auto result = import(source, "extension_versions", target, branch, {"--verify", "full"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  const auto summary = summary_of(result);
  EXPECT_EQ(summary["outcome"], "complete");
  const auto skipped = summary["skipped"].dump();
  EXPECT_TRUE(util::contains(skipped, "extension pgimport_fixture version 1.0: the branch has version 1.1"))
      << skipped;
  EXPECT_TRUE(util::contains(skipped, "sequence fixture.legacy_seq (extension pgimport_fixture)")) << skipped;
  EXPECT_EQ(util::contains(skipped, "extension amcheck"), target.major() != source.major()) << skipped;
  EXPECT_EQ(target.query_value(branch, "SELECT extversion FROM pg_extension WHERE extname = 'pgimport_fixture'"),
            "1.1");
  EXPECT_EQ(target.query_value(branch, "SELECT fixture.next_ticket()"), "8");
  EXPECT_EQ(target.query_value(branch, "SELECT count(*) FROM public.t"), "100");
  drop_database(target, branch);
}

TEST(Import, AnOlderExtensionVersionOnTheSourceIsNamedNotAFailure) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  expect_older_extension_versions_named(*cluster, *cluster);
}

TEST(Import, AnOlderExtensionVersionOnTheSourceIsNamedNotAFailureFrom15To17) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  expect_older_extension_versions_named(*source, *target);
}

// ---- functions that leave the schema out -----------------------------------------------

// A fresh `database` with the classic immutable wrapper: app.norm(x) calls fold(x) without
// its schema, which resolves only under the database's search_path (app, public). `objects`
// (run with that search_path) creates what uses it; the setting is made last.
void create_with_unqualified_wrapper(const TestCluster& cluster, const std::string& database,
                                     const std::string& objects) {
  cluster.recreate_database(database);
  cluster.execute(database,
                  "CREATE SCHEMA app;"
                  "SET search_path = app, public;"
                  "CREATE FUNCTION app.fold(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(x)';"
                  "CREATE FUNCTION app.norm(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT fold(x)';" +
                      objects);
  cluster.execute(database, "ALTER DATABASE " + database + " SET search_path = app, public");
}

// An index on a wrapper function whose body calls another without its schema: the source
// built it under the database's search_path; pg_dump's SQL runs with an empty one, where
// pg_restore fails ("function ... does not exist"). The import builds it again with the
// source database's search_path (here its own setting, then PostgreSQL's default) and says so.
TEST(Import, AnIndexOnAFunctionThatLeavesOutSchemasIsBuiltWithTheSourcesSearchPath) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  drop_database(*cluster, "unqualified_branch");
  create_with_unqualified_wrapper(
      *cluster, "unqualified",
      "CREATE FUNCTION public.twice(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';"
      "CREATE FUNCTION public.score(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT twice(x) + 1';"
      "CREATE TABLE public.people (id int PRIMARY KEY, name text NOT NULL, rank int NOT NULL);"
      "INSERT INTO public.people SELECT g, 'Name ' || g, g FROM generate_series(1, 500) g;");
  cluster->execute("unqualified",
                   "SET search_path = app, public;"
                   "CREATE UNIQUE INDEX people_norm ON public.people (app.norm(name));"
                   "CREATE INDEX people_score ON public.people (public.score(rank));");

  const auto result = import(*cluster, "unqualified", *cluster, "unqualified_branch", {"--verify", "full"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(summary_of(result)["outcome"], "complete");
  // Both builds of the table run as one statement list: the first error names it.
  EXPECT_TRUE(util::contains(result.stdout_text,
                             "indexing public.people: function fold(text) does not exist: failed with "
                             "pg_dump's empty search_path, so it ran again with the source database's "
                             "(app, public) and succeeded"))
      << result.stdout_text;
  const auto indexes = "SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'people'";
  EXPECT_EQ(cluster->query_value("unqualified_branch", indexes), cluster->query_value("unqualified", indexes));
  // The unique index holds in the branch as on the source.
  EXPECT_THROW(cluster->execute("unqualified_branch", "INSERT INTO public.people VALUES (501, 'NAME 1', 1)"),
               pg::Error);
  drop_database(*cluster, "unqualified_branch");
}

// The same wrapper function under materialized views: pg_restore's REFRESH fails with
// pg_dump's empty search_path (and so would pg_restore alone). The refreshes run again one
// by one, in pg_dump's order (one view reads the other), the failing one with the source's
// search_path, named in a warning; both views hold the source's rows.
TEST(Import, AMaterializedViewOnAFunctionThatLeavesOutSchemasIsRefreshedWithTheSourcesSearchPath) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  drop_database(*cluster, "unqualified_mv_branch");
  create_with_unqualified_wrapper(
      *cluster, "unqualified_mv",
      "CREATE TABLE public.people (id int PRIMARY KEY, name text NOT NULL);"
      "INSERT INTO public.people SELECT g, 'Name ' || g FROM generate_series(1, 300) g;"
      "CREATE MATERIALIZED VIEW public.folded AS SELECT id, app.norm(name) AS n FROM public.people;"
      "CREATE MATERIALIZED VIEW public.folded_count AS SELECT count(*) AS c FROM public.folded;"
      "CREATE MATERIALIZED VIEW public.never_filled AS SELECT 1 AS one WITH NO DATA;");

  const auto result = import(*cluster, "unqualified_mv", *cluster, "unqualified_mv_branch", {"--verify", "full"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(summary_of(result)["outcome"], "complete");
  EXPECT_TRUE(util::contains(result.stdout_text,
                             "refreshing materialized view public.folded: function fold(text) does not "
                             "exist: failed with pg_dump's empty search_path, so it ran again with the "
                             "source database's (app, public) and succeeded"))
      << result.stdout_text;
  const auto rows = "SELECT string_agg(id || ':' || n, ',' ORDER BY id) FROM public.folded";
  EXPECT_EQ(cluster->query_value("unqualified_mv_branch", rows), cluster->query_value("unqualified_mv", rows));
  EXPECT_EQ(cluster->query_value("unqualified_mv_branch", "SELECT c FROM public.folded_count"), "300");
  // Unpopulated on the source, unpopulated in the branch.
  EXPECT_EQ(cluster->query_value("unqualified_mv_branch",
                                 "SELECT ispopulated FROM pg_matviews WHERE matviewname = 'never_filled'"),
            "f");
  drop_database(*cluster, "unqualified_mv_branch");
}

// A big index built while nothing else is building sorts with the memory of the index
// sessions standing idle (pgbench's primary key then sorts in memory instead of spilling to
// disk: docs/BENCHMARKS.md), and its session goes back to its own share afterwards. Seen in
// the target's statement log: each index session's share here is 256 MB (a default
// server), and the source's 88 MB key asks for 3 x 88 MB + 64 MB.
TEST(Import, ABigIndexBuiltAloneSortsWithTheIdleSessionsMemory) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  auto target = TestCluster::create(15);
  ASSERT_TRUE(target);
  source->recreate_database("sorting");
  source->execute("sorting",
                  "CREATE TABLE public.big (id bigint NOT NULL, note text);"
                  "INSERT INTO public.big SELECT g, 'n' || g FROM generate_series(1, 4000000) g;"
                  "ALTER TABLE public.big ADD PRIMARY KEY (id);");
  const auto key_bytes = std::stoull(source->query_value(
      "sorting", "SELECT relpages::bigint * 8192 FROM pg_class WHERE relname = 'big_pkey'"));
  ASSERT_GT(key_bytes, 64ull * 1024 * 1024);
  target->execute("postgres", "ALTER SYSTEM SET log_statement = 'all'");
  target->execute("postgres", "SELECT pg_reload_conf()");

  const auto result = import(*source, "sorting", *target, "sorting_branch", {"--verify", "counts"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(summary_of(result)["outcome"], "complete");
  EXPECT_EQ(target->query_value("sorting_branch", "SELECT count(*) FROM public.big"), "4000000");
  EXPECT_EQ(target->query_value("sorting_branch",
                                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'big_pkey'"),
            "PRIMARY KEY (id)");

  const auto log = testing::server_log(*target);
  const auto wanted_kb = (3 * key_bytes + 64ull * 1024 * 1024) / 1024;
  const auto granted = fmt::format("SET maintenance_work_mem = '{}kB'", wanted_kb);
  const auto build = log.find(granted);
  ASSERT_NE(build, std::string::npos) << "no \"" << granted << "\" in the target's log";
  const auto key_build = log.find("CREATE UNIQUE INDEX big_pkey", build);
  const auto back = log.find("SET maintenance_work_mem = '262144kB'", build);
  ASSERT_NE(key_build, std::string::npos);
  EXPECT_NE(back, std::string::npos);
  EXPECT_LT(key_build, back);  // the key was built with it, then the session went back
}

// With --verify counts a big table whose index builds left no tally is counted once its primary
// key is a constraint, beside its ANALYZE: ADD PRIMARY KEY ... USING INDEX takes an ACCESS
// EXCLUSIVE lock, so a count started during the index build held the constraint (and its
// session) up until the count ended. log_statement logs each statement as it starts: the count
// must come after the constraint. The count is never compiled (JIT cost more than the scan),
// and how it reads depends on the table's size (docs/BENCHMARKS.md, sessions 10 and 11): one
// session, the planner's scan, for a table below the size that is copied in parts (512MB on
// this machine); parallel workers on its heap, not its new key, for one above it (here
// --split-threshold 8MB). PostgreSQL 18 with autovacuum off keeps a table's statistics when
// an index is built on it: no tally, so a count.
TEST(Import, ATableIsCountedAfterItsPrimaryKeyIsAddedWithoutJitSeriallyOrFromItsHeapWhenBig) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  auto target = TestCluster::create(18);
  ASSERT_TRUE(target);
  source->recreate_database("counted");
  source->execute("counted",
                  "CREATE TABLE public.counted (id bigint PRIMARY KEY, note text);"
                  "INSERT INTO public.counted SELECT g, repeat('n', 40) || g FROM generate_series(1, 300000) g;");
  ASSERT_GT(std::stoull(source->query_value("counted", "SELECT pg_table_size('public.counted')")),
            8ull * 1024 * 1024);  // a big table: not one of the small ones done in one round trip
  // A server that would compile every query, read tables through their indexes where it can
  // and use parallel workers from 1 MB on: left to itself, it counts with a parallel index-only
  // scan, with JIT.
  testing::explain_every_statement(*target, {"log_statement = 'all'", "jit_above_cost = 0",
                                             "enable_seqscan = off", "min_parallel_table_scan_size = '1MB'",
                                             "min_parallel_index_scan_size = '64kB'",
                                             "autovacuum = off"});
  const std::string count_query = "SELECT count(*) FROM ONLY public.counted";

  const auto result = import(*source, "counted", *target, "counted_branch", {"--verify", "counts"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  const auto summary = summary_of(result);
  EXPECT_EQ(summary["outcome"], "complete");
  EXPECT_TRUE(summary["verification"]["equal"].get<bool>()) << summary.dump();
  EXPECT_EQ(target->query_value("counted_branch", "SELECT count(*) FROM public.counted"), "300000");

  const auto log = testing::server_log(*target);
  const auto constraint = log.find("ADD CONSTRAINT counted_pkey PRIMARY KEY USING INDEX counted_pkey");
  const auto count = log.find(count_query);
  ASSERT_NE(constraint, std::string::npos) << "the primary key was not added from its index";
  ASSERT_NE(count, std::string::npos) << "the table was not counted";
  EXPECT_LT(constraint, count) << "the count started before the primary key was added";
  const auto serial_plan = logged_plan(log, count_query);
  ASSERT_FALSE(serial_plan.empty()) << "auto_explain logged no plan for the count";
  // The planner's scan (with seqscans off, through the key: an index-only or a bitmap scan).
  EXPECT_NE(serial_plan.find("counted_pkey"), std::string::npos) << serial_plan;
  EXPECT_EQ(serial_plan.find("Gather"), std::string::npos) << serial_plan;
  EXPECT_EQ(serial_plan.find("JIT"), std::string::npos) << serial_plan;

  const auto big = import(*source, "counted", *target, "counted_big_branch",
                          {"--verify", "counts", "--split-threshold", "8MB"});
  ASSERT_EQ(big.exit_code, 0) << big.stdout_text << big.stderr_text;
  EXPECT_TRUE(summary_of(big)["verification"]["equal"].get<bool>()) << summary_of(big).dump();
  const auto heap_plan = logged_plan(testing::server_log(*target), count_query, log.size());
  ASSERT_FALSE(heap_plan.empty()) << "auto_explain logged no plan for the big table's count";
  EXPECT_NE(heap_plan.find("Seq Scan on counted"), std::string::npos) << heap_plan;
  EXPECT_EQ(heap_plan.find("Index"), std::string::npos) << heap_plan;
  EXPECT_EQ(heap_plan.find("JIT"), std::string::npos) << heap_plan;
}

// --verify counts takes a small table's row count from its ANALYZE, which reads every page of a
// heap of at most 100 pages whatever the statistics targets, in one catalog query per group of
// tables; a bigger small table is counted. Every table holds another number of rows, so a
// count given to the wrong table is a difference.
TEST(Import, SmallTablesCountsAreTheirAnalyzeTalliesEachGoingToItsOwnTable) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  auto target = TestCluster::create(15);
  ASSERT_TRUE(target);
  source->recreate_database("tallied");
  constexpr int k_tables = 130;  // more than two groups of 50 per session
  std::string ddl;
  for (int table = 1; table <= k_tables; ++table) {
    ddl += fmt::format("CREATE TABLE public.g{0} (id int PRIMARY KEY, note text);"
                       "INSERT INTO public.g{0} SELECT g, 'n' || g FROM generate_series(1, {0}) g;",
                       table);
  }
  ddl +=
      // No column analyzed: ANALYZE's floor of 100 pages still reads all of its 40.
      "CREATE TABLE public.unanalyzed (id int, note text);"
      "ALTER TABLE public.unanalyzed ALTER id SET STATISTICS 0, ALTER note SET STATISTICS 0;"
      "INSERT INTO public.unanalyzed SELECT g, repeat('u', 200) FROM generate_series(1, 1357) g;"
      // Small (under 4 MB) but over 100 pages: counted with count(*).
      "CREATE TABLE public.wider (id int PRIMARY KEY, note text);"
      "INSERT INTO public.wider SELECT g, repeat('w', 200) FROM generate_series(1, 9001) g;"
      "CREATE TABLE public.empty (id int PRIMARY KEY);";
  source->execute("tallied", ddl);
  ASSERT_GT(std::stoi(source->query_value("tallied", "SELECT pg_relation_size('public.wider') / 8192")), 100);
  ASSERT_LE(std::stoi(source->query_value("tallied", "SELECT pg_relation_size('public.unanalyzed') / 8192")), 100);
  target->execute("postgres", "ALTER SYSTEM SET log_statement = 'all'");
  target->execute("postgres", "SELECT pg_reload_conf()");

  const auto result = import(*source, "tallied", *target, "tallied_branch",
                             {"--verify", "counts", "--jobs", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  const auto summary = summary_of(result);
  EXPECT_EQ(summary["outcome"], "complete");
  EXPECT_TRUE(summary["verification"]["equal"].get<bool>()) << summary.dump();
  EXPECT_EQ(summary["verification"]["rows_compared"].get<int>(),
            k_tables * (k_tables + 1) / 2 + 1357 + 9001);

  const auto log = testing::server_log(*target);
  for (int table = 1; table <= k_tables; ++table) {
    EXPECT_EQ(log.find(fmt::format("count(*) FROM ONLY public.g{}\n", table)), std::string::npos)
        << "public.g" << table << " was counted, not tallied";
    EXPECT_NE(log.find(fmt::format("'public.g{}'::pg_catalog.regclass", table)), std::string::npos)
        << "public.g" << table << "'s tally was not read";
  }
  EXPECT_EQ(log.find("count(*) FROM ONLY public.unanalyzed"), std::string::npos);
  EXPECT_NE(log.find("count(*) FROM ONLY public.wider"), std::string::npos) << "over 100 pages, not counted";
}

// --verify counts takes an indexed big table's row count from its index builds, which scan the
// whole heap and store the live rows they met, read before its ANALYZE stores an estimate
// instead; a big table without an index is counted. Each holds another number of rows, with
// rows deleted on the source (dead there, not copied), and the check must see every one.
TEST(Import, IndexedBigTablesCountsAreTheirBuildsTallies) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  auto target = TestCluster::create(15);
  ASSERT_TRUE(target);
  source->recreate_database("built");
  source->execute(
      "built",
      "CREATE TABLE public.keyed (id bigint PRIMARY KEY, note text);"
      "INSERT INTO public.keyed SELECT g, repeat('k', 40) || g FROM generate_series(1, 100003) g;"
      "DELETE FROM public.keyed WHERE id % 97 = 0;"
      "CREATE TABLE public.indexed (id bigint, note text);"
      "CREATE INDEX indexed_note ON public.indexed USING hash (note);"
      "CREATE INDEX indexed_part ON public.indexed (id) WHERE id < 10;"  // partial: still every row
      "INSERT INTO public.indexed SELECT g, repeat('i', 40) || g FROM generate_series(1, 90001) g;"
      "CREATE TABLE public.unindexed (id bigint, note text);"
      "INSERT INTO public.unindexed SELECT g, repeat('u', 40) || g FROM generate_series(1, 80021) g;");
  for (const char* table : {"keyed", "indexed", "unindexed"}) {
    ASSERT_GT(std::stoull(source->query_value(
                  "built", fmt::format("SELECT pg_relation_size('public.{}')", table))),
              4ull * 1024 * 1024)
        << table << " must be a big table: not one of the small ones done in one round trip";
  }
  target->execute("postgres", "ALTER SYSTEM SET log_statement = 'all'");
  target->execute("postgres", "SELECT pg_reload_conf()");

  const auto result = import(*source, "built", *target, "built_branch", {"--verify", "counts"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  const auto summary = summary_of(result);
  EXPECT_EQ(summary["outcome"], "complete");
  EXPECT_TRUE(summary["verification"]["equal"].get<bool>()) << summary.dump();
  EXPECT_EQ(summary["verification"]["rows_compared"].get<int>(), 100003 - 1030 + 90001 + 80021);
  EXPECT_EQ(target->query_value("built_branch", "SELECT count(*) FROM public.keyed"), "98973");

  const auto log = testing::server_log(*target);
  EXPECT_EQ(log.find("count(*) FROM ONLY public.keyed"), std::string::npos) << "keyed was counted";
  EXPECT_EQ(log.find("count(*) FROM ONLY public.indexed"), std::string::npos) << "indexed was counted";
  EXPECT_NE(log.find("count(*) FROM ONLY public.unindexed"), std::string::npos) << "no index, no tally";
  for (const char* table : {"keyed", "indexed"}) {
    const auto tally = log.find(fmt::format("'public.{}'::pg_catalog.regclass", table));
    const auto analyze = log.find(fmt::format("ANALYZE public.{}", table));
    ASSERT_NE(tally, std::string::npos) << table << "'s tally was not read";
    ASSERT_NE(analyze, std::string::npos);
    EXPECT_LT(tally, analyze) << table << "'s tally was read after its ANALYZE, an estimate";
  }
}

// pgimport analyzes every table it loads. The loading session's insert counts reach the
// server's statistics within a second of the load, and when they arrived after the ANALYZE
// the branch looked modified since it was analyzed: autovacuum then analyzed those tables
// again after the import. The load has its counts flushed at once (PostgreSQL 15 on).
TEST(Import, ABranchLooksAnalyzedSinceItsLastChangeSoAutovacuumLeavesItAlone) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  auto target = TestCluster::create(15);
  ASSERT_TRUE(target);
  source->recreate_database("settled");
  std::string ddl;
  for (int table = 1; table <= 80; ++table) {
    ddl += fmt::format("CREATE TABLE public.s{0} (id int PRIMARY KEY, note text);"
                       "INSERT INTO public.s{0} SELECT g, 'n' || g FROM generate_series(1, 200) g;",
                       table);
  }
  ddl += "CREATE TABLE public.big (id int PRIMARY KEY, note text);"
         "INSERT INTO public.big SELECT g, repeat('b', 40) || g FROM generate_series(1, 100000) g;";
  source->execute("settled", ddl);
  target->execute("postgres", "ALTER SYSTEM SET autovacuum = off");  // nothing analyzes but pgimport
  target->execute("postgres", "SELECT pg_reload_conf()");

  const auto result = import(*source, "settled", *target, "settled_branch", {"--jobs", "2"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(target->query_value("settled_branch",
                                "SELECT count(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"),
            "81");
  EXPECT_EQ(target->query_value("settled_branch",
                                "SELECT COALESCE(string_agg(relname || ': ' || n_mod_since_analyze, ', '), '') "
                                "FROM pg_stat_user_tables WHERE n_mod_since_analyze > 0"),
            "");
}

// ---- the database's own settings ---------------------------------------------------------

// pg_db_role_setting rows of `database`: "<role or *>: <setting>" (each setting on its own).
std::vector<std::string> database_settings(const TestCluster& cluster, const std::string& database) {
  auto connection = cluster.connect("postgres");
  const auto result = connection.exec(
      "SELECT COALESCE(r.rolname, '*') || ': ' || c.item FROM pg_db_role_setting s "
      "LEFT JOIN pg_roles r ON r.oid = s.setrole CROSS JOIN LATERAL unnest(s.setconfig) c(item) "
      "WHERE s.setdatabase = (SELECT oid FROM pg_database WHERE datname = $1) ORDER BY 1",
      {database});
  std::vector<std::string> lines;
  for (int row = 0; row < result.rows(); ++row) {
    lines.emplace_back(result.value(row, 0));
  }
  return lines;
}

// ALTER DATABASE ... SET and ALTER ROLE ... IN DATABASE ... SET are not in pg_dump's output
// without --create: an application relying on the database's search_path would break on the
// branch. They carry over (a read-only default too, which must not stop the import's own
// sessions), verified; one for a role the target lacks is named as skipped, and so are the
// database's comment, privileges and connection limit, which are not copied.
TEST(Import, DatabaseSettingsCarryOverAndWhatDoesNotIsNamed) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  source->execute("postgres", "DROP ROLE IF EXISTS settings_source_only; CREATE ROLE settings_source_only");
  target->execute("postgres", "DROP ROLE IF EXISTS settings_source_only");
  source->recreate_database("settings_source");
  drop_database(*target, "settings_branch");
  source->execute("settings_source",
                  "CREATE SCHEMA app; CREATE SCHEMA \"My Schema\";"
                  "CREATE TABLE app.items (id int PRIMARY KEY); INSERT INTO app.items VALUES (1), (2);"
                  "ALTER DATABASE settings_source SET search_path = app, \"My Schema\", public;"
                  "ALTER DATABASE settings_source SET timezone = 'Europe/Paris';"
                  "ALTER DATABASE settings_source SET app.tenant = 'O''Brien';"
                  "ALTER DATABASE settings_source SET default_transaction_read_only = on;"
                  "ALTER ROLE postgres IN DATABASE settings_source SET work_mem = '64MB';"
                  "ALTER ROLE settings_source_only IN DATABASE settings_source SET work_mem = '32MB';"
                  // Not carried (pg_dump writes them only with --create), but named:
                  "COMMENT ON DATABASE settings_source IS 'the shop';"
                  "REVOKE CONNECT ON DATABASE settings_source FROM PUBLIC;"
                  "ALTER DATABASE settings_source CONNECTION LIMIT 50;");

  const auto result = import(*source, "settings_source", *target, "settings_branch", {"--verify", "full"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  const auto skipped = summary_of(result)["skipped"].dump();
  EXPECT_EQ(summary_of(result)["skipped"].size(), 4u) << skipped;
  EXPECT_TRUE(util::contains(skipped, "database setting work_mem for role settings_source_only")) << skipped;
  EXPECT_TRUE(util::contains(skipped, "database comment: not copied")) << skipped;
  EXPECT_TRUE(util::contains(skipped, "database privileges {")) << skipped;
  EXPECT_TRUE(util::contains(skipped, "database connection limit 50")) << skipped;
  // The check says so before anything is created.
  EXPECT_TRUE(util::contains(result.stdout_text,
                             "the source database's own comment, privileges (GRANT ... ON DATABASE), "
                             "connection limit will not be copied to the branch"))
      << result.stdout_text;
  auto expected = database_settings(*source, "settings_source");
  std::erase_if(expected, [](const std::string& line) { return line.starts_with("settings_source_only:"); });
  EXPECT_EQ(database_settings(*target, "settings_branch"), expected);
  EXPECT_EQ(expected.size(), 5u);
  // A new session on the branch sees the source's settings.
  EXPECT_EQ(target->query_value("settings_branch", "SHOW search_path"), "app, \"My Schema\", public");
  EXPECT_EQ(target->query_value("settings_branch", "SELECT count(*) FROM items"), "2");
  EXPECT_EQ(target->query_value("settings_branch", "SHOW app.tenant"), "O'Brien");
  drop_database(*target, "settings_branch");
  source->execute("postgres", "DROP DATABASE settings_source WITH (FORCE)");
  source->execute("postgres", "DROP ROLE settings_source_only");
}

TEST(Import, LiveSourceYieldsExactlyTheSnapshot) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("live_source");
  drop_database(*cluster, "live_branch");
  // accounts is split into ctid ranges (--split-threshold 1MB) copied by different workers;
  // transfers keep its total constant, and every transfer is logged in one transaction.
  cluster->execute("live_source",
                   "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL);"
                   "INSERT INTO accounts SELECT g, 1000 FROM generate_series(1, 200000) g;"
                   "CREATE TABLE transfers (id bigserial PRIMARY KEY, source int, target int);");
  std::atomic<bool> stop{false};
  std::atomic<int> transfers{0};
  std::thread writer([&] {
    auto connection = cluster->connect("live_source");
    for (int i = 0; !stop; ++i) {
      const int from = 1 + (i * 7919) % 200000;
      const int to = 1 + (i * 104729) % 200000;
      connection.exec("BEGIN; UPDATE accounts SET balance = balance - 1 WHERE id = " +
                      std::to_string(from) + "; UPDATE accounts SET balance = balance + 1 WHERE id = " +
                      std::to_string(to) + "; INSERT INTO transfers (source, target) VALUES (" +
                      std::to_string(from) + ", " + std::to_string(to) + "); COMMIT");
      ++transfers;
    }
  });
  while (transfers < 200) {
    std::this_thread::sleep_for(10ms);
  }
  const auto result = import(*cluster, "live_source", *cluster, "live_branch",
                             {"--split-threshold", "1MB", "--jobs", "3"});
  const int transfers_during = transfers;
  stop = true;
  writer.join();
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(cluster->query_value("live_branch", "SELECT sum(balance) FROM accounts"), "200000000");
  // Every transfer the branch holds is reflected in the balances, and no others.
  const auto copied = std::stoi(cluster->query_value("live_branch", "SELECT count(*) FROM transfers"));
  EXPECT_GE(copied, 200);
  EXPECT_LE(copied, transfers_during);
  EXPECT_EQ(cluster->query_value("live_branch",
                                 "SELECT count(*) FROM accounts a WHERE balance <> 1000 + "
                                 "(SELECT count(*) FROM transfers t WHERE t.target = a.id) - "
                                 "(SELECT count(*) FROM transfers t WHERE t.source = a.id)"),
            "0");
}

// ---- failures and cancellation ------------------------------------------------------------

void make_slow_source(const TestCluster& cluster, const std::string& database) {
  cluster.recreate_database(database);
  cluster.execute(database,
                  "CREATE TABLE big (id bigint PRIMARY KEY, payload text);"
                  "INSERT INTO big SELECT g, repeat(md5(g::text), 8) FROM generate_series(1, 1500000) g;"
                  "CREATE TABLE small (id int PRIMARY KEY); INSERT INTO small VALUES (1), (2);");
}

// Waits until a pgimport worker is copying `table` on the source; returns its backend pid.
int wait_for_copy(const TestCluster& cluster, const std::string& table) {
  auto connection = cluster.connect("postgres");
  for (int attempt = 0; attempt < 3000; ++attempt) {
    const auto result = connection.exec(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgimport' AND query LIKE "
        "'COPY (SELECT % FROM ONLY " + table + "%TO STDOUT%' AND state = 'active'");
    if (result.rows() > 0) {
      return static_cast<int>(result.int_value(0, 0));
    }
    std::this_thread::sleep_for(10ms);
  }
  ADD_FAILURE() << "no COPY of " << table << " was seen";
  return 0;
}

// ---- the import's own verification catches what the load got wrong -------------------------

// PGIMPORT_TEST_DAMAGE_TABLE makes the relay deliver a table's first row as a copy of its
// second (same row count): only content verification can tell.
void make_damage_source(const TestCluster& cluster, const std::string& database) {
  cluster.recreate_database(database);
  cluster.execute(database,
                  "CREATE TABLE public.readings (id int, reading text);"
                  "INSERT INTO public.readings SELECT g, 'reading ' || g FROM generate_series(1, 50000) g;"
                  "CREATE INDEX readings_id ON public.readings (id);"
                  "CREATE TABLE public.labels (id int PRIMARY KEY, label text);"
                  "INSERT INTO public.labels VALUES (1, 'one'), (2, 'two'), (3, 'three');");
}

class ImportVerification : public ::testing::TestWithParam<std::vector<std::string>> {};

TEST_P(ImportVerification, FullCatchesRowsTheTargetReceivedWrongAndNamesTheTable) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_damage_source(*cluster, "damage_source");
  drop_database(*cluster, "damage_branch");
  std::vector<std::string> arguments{"--json", "import", cluster->url("damage_source"), "--target",
                                     cluster->url(), "--branch", "damage_branch", "--verify", "full"};
  // Parts read back separately (a split table) as well as a whole table.
  arguments.insert(arguments.end(), GetParam().begin(), GetParam().end());
  const auto result = run_pgimport(arguments, {"PGIMPORT_TEST_DAMAGE_TABLE=public.readings"});
  EXPECT_EQ(result.exit_code, 1) << result.stdout_text << result.stderr_text;
  const auto summary = summary_of(result);
  EXPECT_EQ(summary["outcome"], "failed");
  EXPECT_TRUE(util::contains(summary.value("error", ""), "verification found 1 difference"))
      << summary.dump();
  const auto differences = summary["verification"]["differences"];
  ASSERT_EQ(differences.size(), 1u) << summary.dump();
  EXPECT_EQ(differences[0]["kind"], "checksum");
  EXPECT_EQ(differences[0]["object"], "public.readings");
  const auto status = status_of(*cluster, "damage_branch");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::failed);
  drop_database(*cluster, "damage_branch");
}

INSTANTIATE_TEST_SUITE_P(WholeAndSplit, ImportVerification,
                         ::testing::Values(std::vector<std::string>{},
                                           std::vector<std::string>{"--split-threshold", "256kB", "--jobs", "2"}),
                         [](const auto& param_info) {
                           return param_info.param.empty() ? std::string("WholeTable") : std::string("SplitTable");
                         });

TEST(Import, CountsVerificationSeesTheSameRowCountsAndPasses) {
  // The limit of --verify counts, stated: the damage keeps the row count.
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_damage_source(*cluster, "damage_counts_source");
  drop_database(*cluster, "damage_counts_branch");
  const auto result = run_pgimport({"--json", "import", cluster->url("damage_counts_source"), "--target",
                                    cluster->url(), "--branch", "damage_counts_branch", "--verify", "counts"},
                                   {"PGIMPORT_TEST_DAMAGE_TABLE=public.readings"});
  EXPECT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_NE(testing::table_fingerprints(*cluster, "damage_counts_branch"),
            testing::table_fingerprints(*cluster, "damage_counts_source"));
  drop_database(*cluster, "damage_counts_branch");
}

TEST(Import, KilledSourceBackendFailsNamingTheTableAndMarksTheBranchFailed) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_slow_source(*cluster, "kill_source");
  drop_database(*cluster, "kill_branch");
  std::thread killer([&] {
    const int pid = wait_for_copy(*cluster, "public.big");
    cluster->execute("postgres", "SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  });
  const auto result = import(*cluster, "kill_source", *cluster, "kill_branch", {"--jobs", "2"});
  killer.join();
  EXPECT_EQ(result.exit_code, 1) << result.stdout_text << result.stderr_text;
  const auto summary = summary_of(result);
  EXPECT_EQ(summary["outcome"], "failed");
  EXPECT_TRUE(util::contains(summary.value("error", ""), "public.big")) << summary.dump();
  const auto status = status_of(*cluster, "kill_branch");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::failed);
  EXPECT_FALSE(status->message.empty());
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

// A source whose rows break one of its own foreign keys (loaded with its triggers disabled):
// validating that key on the branch fails while the other keys validate beside it. The
// import must stop naming the key, mark the branch failed and leave no session behind.
TEST(Import, AForeignKeyTheSourceRowsBreakFailsNamingItAndMarksTheBranchFailed) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("broken_key_source");
  drop_database(*cluster, "broken_key_branch");
  cluster->execute("broken_key_source",
                   "CREATE TABLE parent (id int PRIMARY KEY);"
                   "INSERT INTO parent VALUES (1);"
                   "CREATE TABLE good_a (id int PRIMARY KEY, parent int REFERENCES parent);"
                   "CREATE TABLE broken (id int PRIMARY KEY, parent int REFERENCES parent);"
                   "CREATE TABLE good_b (id int PRIMARY KEY, parent int REFERENCES parent);"
                   "INSERT INTO good_a SELECT g, 1 FROM generate_series(1, 20000) g;"
                   "INSERT INTO good_b SELECT g, 1 FROM generate_series(1, 20000) g;"
                   "ALTER TABLE broken DISABLE TRIGGER ALL;"
                   "INSERT INTO broken VALUES (1, 1), (2, 99);"
                   "ALTER TABLE broken ENABLE TRIGGER ALL;");
  const auto result =
      import(*cluster, "broken_key_source", *cluster, "broken_key_branch", {"--jobs", "2"});
  EXPECT_EQ(result.exit_code, 1) << result.stdout_text << result.stderr_text;
  const auto summary = summary_of(result);
  EXPECT_EQ(summary["outcome"], "failed");
  const auto error = summary.value("error", "");
  EXPECT_TRUE(util::contains(error, "broken_parent_fkey")) << error;
  EXPECT_TRUE(util::contains(error, "public.broken")) << error;
  const auto status = status_of(*cluster, "broken_key_branch");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::failed);
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

TEST(Import, SigintCancelsExits130AndLeavesNothingRunning) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_slow_source(*cluster, "sigint_source");
  drop_database(*cluster, "sigint_branch");
  auto child = process::ChildProcess::spawn(
      {.argv = {testing::pgimport_binary(), "import", cluster->url("sigint_source"), "--target",
                cluster->url(), "--branch", "sigint_branch"}});
  wait_for_copy(*cluster, "public.big");
  ::kill(child.pid(), SIGINT);
  const auto result = child.wait();
  EXPECT_EQ(result.exit_code, 130) << result.stdout_text << result.stderr_text;
  EXPECT_TRUE(util::contains(result.stderr_text, "cancelled")) << result.stderr_text;
  const auto status = status_of(*cluster, "sigint_branch");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::failed);
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
}

TEST(Import, DropOnFailureRemovesTheBranch) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  make_slow_source(*cluster, "drop_source");
  drop_database(*cluster, "drop_branch");
  std::thread killer([&] {
    const int pid = wait_for_copy(*cluster, "public.big");
    cluster->execute("postgres", "SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  });
  const auto result = import(*cluster, "drop_source", *cluster, "drop_branch", {"--drop-on-failure"});
  killer.join();
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(summary_of(result)["branch_dropped"].get<bool>());
  EXPECT_FALSE(cluster->database_exists("drop_branch"));
}

TEST(Import, RefusesAnExistingBranchNameAndTouchesNothing) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("exists_source");
  cluster->recreate_database("exists_target");
  cluster->execute("exists_target", "CREATE TABLE keep_me (id int); INSERT INTO keep_me VALUES (7)");
  const auto result = import(*cluster, "exists_source", *cluster, "exists_target");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_TRUE(util::contains(summary_of(result).value("error", ""), "already exists"))
      << result.stdout_text;
  EXPECT_EQ(cluster->query_value("exists_target", "SELECT string_agg(id::text, ',') FROM keep_me"), "7");
  EXPECT_FALSE(status_of(*cluster, "exists_target"));
}

TEST(Import, PasswordAppearsNowhere) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("secret_source");
  drop_database(*cluster, "secret_branch");
  cluster->execute("secret_source", "CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
  for (const bool is_json : {true, false}) {
    drop_database(*cluster, "secret_branch");
    std::vector<std::string> arguments{"import", cluster->url("secret_source"), "--target",
                                       cluster->url(), "--branch", "secret_branch"};
    if (is_json) {
      arguments.insert(arguments.begin(), "--json");
    }
    const auto result = run_pgimport(arguments);
    ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
    EXPECT_FALSE(util::contains(result.stdout_text + result.stderr_text, cluster->password()));
  }
  const auto status = status_of(*cluster, "secret_branch");
  ASSERT_TRUE(status);
  EXPECT_FALSE(util::contains(status->source, cluster->password()));
}

// ---- the embedded default ------------------------------------------------------------------

TEST(Import, WithoutATargetGoesIntoTheLocalPostgreSQL) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("local_source");
  cluster->execute("local_source", "CREATE TABLE t (id int PRIMARY KEY, note text);"
                                   "INSERT INTO t SELECT g, 'n' || g FROM generate_series(1, 1000) g");
  util::TempDir home("pgimport-import-home");
  // As root the local server runs as `postgres`, which must reach its data folder.
  std::filesystem::permissions(home.path(), std::filesystem::perms(0755));
  const std::vector<std::string> env{"PGIMPORT_HOME=" + home.path().string()};
  const auto result = run_pgimport(
      {"--json", "import", cluster->url("local_source"), "--branch", "local_branch"}, env);
  const auto stopped = run_pgimport({"local", "stop"}, env);  // before any assertion can bail out
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(stopped.exit_code, 0) << stopped.stderr_text;
  const auto summary = summary_of(result);
  EXPECT_EQ(summary["outcome"], "complete");
  EXPECT_EQ(summary["rows"], 1000);
  // The branch lives on the local server pgimport started: its URL finds the password in
  // the local passfile, never in the URL itself.
  const std::string url = summary.value("branch_url", "");
  EXPECT_TRUE(util::contains(url, "/local_branch?")) << url;
  EXPECT_TRUE(util::contains(url, "passfile=")) << url;
  EXPECT_FALSE(util::contains(url, cluster->password()));
  EXPECT_FALSE(cluster->database_exists("local_branch"));
}

// ---- versions ---------------------------------------------------------------------------

struct VersionPair {
  int source;
  int target;
};

class ImportAcrossVersions : public ::testing::TestWithParam<VersionPair> {};

TEST_P(ImportAcrossVersions, CopiesAndVerifies) {
  PGIMPORT_SHARED_CLUSTER(source, GetParam().source);
  PGIMPORT_SHARED_CLUSTER(target, GetParam().target);
  source->recreate_database("versions_source");
  drop_database(*target, "versions_branch");
  testing::load_sql_file(*source, "versions_source", testing::test_data_path("types_builtin.sql"));
  const auto result = import(*source, "versions_source", *target, "versions_branch", {"--verify", "full"});
  ASSERT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_EQ(testing::table_fingerprints(*target, "versions_branch"),
            testing::table_fingerprints(*source, "versions_source"));
}

INSTANTIATE_TEST_SUITE_P(Pairs, ImportAcrossVersions,
                         ::testing::Values(VersionPair{15, 16}, VersionPair{15, 17},
                                           VersionPair{15, 18}, VersionPair{14, 15},
                                           VersionPair{14, 17}),
                         [](const auto& param_info) {
                           return "From" + std::to_string(param_info.param.source) + "To" +
                                  std::to_string(param_info.param.target);
                         });

TEST(Import, RefusesANewerSourceThanTargetUpFront) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 14);
  source->recreate_database("older_source");
  const auto result = import(*source, "older_source", *target, "older_branch");
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(summary_of(result)["outcome"], "checks_failed");
  EXPECT_FALSE(target->database_exists("older_branch"));
}

}  // namespace
}  // namespace pgimport
