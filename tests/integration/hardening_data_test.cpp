// Hardening, part 3: hostile and awkward data, imported and verified exactly (--verify full
// and an independent row fingerprint): every case in tests/data from 15 to 17 (import_test.cpp
// runs them 15 to 15), 2,000 small tables (15 to 17), and one value over 100 MB (15 to 15).
#include <algorithm>
#include <filesystem>

#include "integration/hardening_common.hpp"

namespace pgimport {
namespace {

using hardening::status_of;
using testing::TestCluster;

// Imports tests/data/<file> from `source` to `target` with --verify full and checks that the
// branch is complete, verified, and has exactly the source's rows.
void expect_exact_copy(TestCluster& source, TestCluster& target, const std::string& file,
                       const std::vector<std::string>& extra = {}) {
  const std::string stem = std::filesystem::path(file).stem().string();
  const std::string database = "data_" + stem;
  const std::string branch = "data_" + stem + "_" + std::to_string(target.major());
  source.recreate_database(database);
  hardening::drop_database(target, branch);
  testing::load_sql_file(source, database, testing::test_data_path(file));

  nlohmann::json summary;
  ASSERT_NO_FATAL_FAILURE(hardening::expect_verified_copy(source, database, target, branch, extra, summary));
  const auto status = status_of(target, branch);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::complete);
  EXPECT_EQ(testing::pgimport_sessions(source), 0);
  EXPECT_EQ(testing::pgimport_sessions(target), 0);
  // Keep the machine's disk and memory for the next case.
  source.execute("postgres", "DROP DATABASE \"" + database + "\" WITH (FORCE)");
  hardening::drop_database(target, branch);
}

std::vector<std::string> small_data_files() {
  std::vector<std::string> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(testing::test_data_path(""), error)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() == ".sql" && name != "big_values.sql" && name != "many_tables.sql") {
      files.push_back(name);
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

class EveryDataCaseFrom15To17 : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryDataCaseFrom15To17, IsCopiedAndVerifiedExactly) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  expect_exact_copy(*source, *target, GetParam());
}

INSTANTIATE_TEST_SUITE_P(DataFiles, EveryDataCaseFrom15To17, ::testing::ValuesIn(small_data_files()),
                         [](const auto& param_info) {
                           auto name = std::filesystem::path(param_info.param).stem().string();
                           std::replace_if(name.begin(), name.end(),
                                           [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; },
                                           '_');
                           return name;
                         });

TEST(HostileData, TwoThousandSmallTablesAreCopiedAndVerifiedFrom15To17) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  PGIMPORT_SHARED_CLUSTER(target, 17);
  expect_exact_copy(*source, *target, "many_tables.sql", {"--jobs", "4"});
}

TEST(HostileData, AValueOver100MegabytesIsCopiedAndVerifiedFrom15To15) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  expect_exact_copy(*cluster, *cluster, "big_values.sql");
}

}  // namespace
}  // namespace pgimport
