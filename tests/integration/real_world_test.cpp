// Fidelity on schemas we did not write: the PostgreSQL schemas that Debian's packages of
// well-known applications ship (Zabbix with its templates and images, MediaWiki, Icinga 2,
// Tiny Tiny RSS, Roundcube, PowerDNS, Kamailio), unpacked by scripts/setup.sh. Each is loaded
// as its application's installer would, imported from 15 to 15 and from 15 to 17 with
// --verify full, and compared independently: every table's rows and, on the same major,
// the whole schema as pg_dump prints it. And PostGIS, the extension most databases that use
// one use, with a topology and rasters (15 to 15: the test servers for 17 have no PostGIS).
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "integration/hardening_common.hpp"

namespace pgimport {
namespace {

namespace fs = std::filesystem;
using testing::TestCluster;

// Where scripts/setup.sh unpacked them (as root, or as another user), or
// $PGIMPORT_REAL_WORLD_SCHEMAS.
std::optional<fs::path> real_world_folder() {
  std::vector<fs::path> candidates;
  if (const char* chosen = std::getenv("PGIMPORT_REAL_WORLD_SCHEMAS")) {
    candidates.emplace_back(chosen);
  }
  candidates.emplace_back("/opt/pgimport/real-world-schemas");
  if (const char* home = std::getenv("HOME")) {
    candidates.emplace_back(fs::path(home) / ".local/share/pgimport/real-world-schemas");
  }
  for (const auto& candidate : candidates) {
    if (fs::is_directory(candidate)) {
      return candidate;
    }
  }
  return std::nullopt;
}

// The application's SQL files in the order its installer runs them (setup.sh numbers them).
std::vector<std::string> sql_files(const fs::path& folder) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == ".sql") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

int user_tables(const TestCluster& cluster, const std::string& database) {
  return std::stoi(cluster.query_value(
      database, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"));
}

// Imports `database` into a new branch on `target` and checks that it is complete, verified
// in full, skips nothing, and holds exactly the source's rows (and schema, on the same major).
void expect_exact_copy(const TestCluster& source, const std::string& database, const TestCluster& target,
                       bool keep_branch = false) {
  const std::string branch = database + "_" + std::to_string(target.major());
  hardening::drop_database(target, branch);
  nlohmann::json summary;
  ASSERT_NO_FATAL_FAILURE(hardening::expect_verified_copy(source, database, target, branch, {}, summary));
  EXPECT_EQ(summary.value("skipped", nlohmann::json::array()).size(), 0u) << summary.dump();
  if (target.major() == source.major()) {
    EXPECT_EQ(testing::schema_text(target, branch), testing::schema_text(source, database));
  }
  if (!keep_branch) {
    hardening::drop_database(target, branch);
  }
}

class RealWorldSchema : public ::testing::TestWithParam<std::string> {};

TEST_P(RealWorldSchema, IsCopiedExactlyFrom15To15AndTo17) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  const auto folder = real_world_folder();
  PGIMPORT_REQUIRE_SETUP(folder && fs::is_directory(*folder / GetParam()),
                         "the real-world schema " + GetParam());
  const std::string database = "real_world_" + GetParam();
  source->recreate_database(database);
  const auto files = sql_files(*folder / GetParam());
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    testing::load_sql_file(*source, database, file);
  }
  ASSERT_GE(user_tables(*source, database), 5) << "the schema did not load";
  if (GetParam() == "zabbix") {
    // Zabbix ships data too: its templates (over 100,000 rows in tables tied by circular
    // foreign keys) and images (bytea). Make sure there are rows to compare.
    EXPECT_GE(std::stoll(source->query_value(database, "SELECT count(*) FROM images")), 100);
    EXPECT_GE(std::stoll(source->query_value(database, "SELECT count(*) FROM items")), 10000);
  }

  expect_exact_copy(*source, database, *source);
  expect_exact_copy(*source, database, *target);
  source->execute("postgres", "DROP DATABASE \"" + database + "\" WITH (FORCE)");
}

INSTANTIATE_TEST_SUITE_P(DebianPackages, RealWorldSchema,
                         ::testing::Values("zabbix", "mediawiki", "icinga2", "tt_rss", "roundcube",
                                           "powerdns", "kamailio"),
                         [](const auto& param_info) { return param_info.param; });

// tests/real_world/postgis.sql: besides an exact copy, the branch goes on where the source
// was: a new topology gets the next id (it got 1 again, taken, before the copy carried
// topology_id_seq), and a spatial query over the copied indexes answers as on the source.
TEST(RealWorldExtension, APostgisDatabaseWithATopologyAndRastersIsCopiedExactly) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  PGIMPORT_REQUIRE_SETUP(
      cluster->query_value("postgres", "SELECT count(*) FROM pg_available_extensions "
                                       "WHERE name IN ('postgis', 'postgis_topology', 'postgis_raster')") == "3",
      "PostGIS for PostgreSQL 15");
  const std::string database = "real_world_postgis";
  cluster->recreate_database(database);
  testing::load_sql_file(*cluster, database, std::string(PGIMPORT_SOURCE_DIR) + "/tests/real_world/postgis.sql");

  expect_exact_copy(*cluster, database, *cluster, /*keep_branch=*/true);
  const std::string branch = database + "_15";
  const std::string nearby = "SELECT count(*) || ' ' || sum(id + other) FROM nearby";
  EXPECT_EQ(cluster->query_value(branch, nearby), cluster->query_value(database, nearby));
  EXPECT_EQ(cluster->query_value(branch, "SELECT ST_AsText(local) FROM places WHERE id = 7"), "POINT(7 7)");
  EXPECT_EQ(cluster->query_value(branch, "SELECT count(*) FROM spatial_ref_sys WHERE srid = 910001"), "1");
  EXPECT_EQ(cluster->query_value(branch, "SELECT sum(ST_Area(topo::geometry)) FROM parcels"), "300000");
  EXPECT_EQ(cluster->query_value(branch, "SELECT topology.CreateTopology('second_topo', 3857)"), "2");
  hardening::drop_database(*cluster, branch);
  cluster->execute("postgres", "DROP DATABASE \"" + database + "\" WITH (FORCE)");
}

}  // namespace
}  // namespace pgimport
