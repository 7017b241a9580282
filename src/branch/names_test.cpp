#include <gtest/gtest.h>

#include "branch/branch.hpp"

namespace pgimport::branch {
namespace {

using namespace std::chrono_literals;

// 2026-11-21 22:26:02 UTC
constexpr std::chrono::system_clock::time_point k_now{std::chrono::seconds(1795299962)};

TEST(BranchNames, AcceptsOrdinaryAndUnusualNames) {
  EXPECT_TRUE(validate_branch_name("shop_import_20261121_222602"));
  EXPECT_TRUE(validate_branch_name("Shop Copy \"v2\"; drop"));
  EXPECT_TRUE(validate_branch_name("bücher"));
  EXPECT_TRUE(validate_branch_name(std::string(63, 'a')));
  EXPECT_TRUE(validate_branch_name("Postgres"));  // a different (quoted) name than postgres
}

TEST(BranchNames, RejectsEmptyTooLongNulAndReservedNamesSayingWhy) {
  EXPECT_EQ(validate_branch_name("").error(), "a branch name cannot be empty");
  const auto too_long = validate_branch_name(std::string(64, 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().find("64 bytes long"), std::string::npos) << too_long.error();
  EXPECT_NE(too_long.error().find("at most 63 bytes"), std::string::npos);
  EXPECT_FALSE(validate_branch_name(std::string("a\0b", 3)));
  for (const char* reserved : {"postgres", "template0", "template1"}) {
    const auto result = validate_branch_name(reserved);
    ASSERT_FALSE(result) << reserved;
    EXPECT_NE(result.error().find(reserved), std::string::npos) << result.error();
  }
}

TEST(BranchNames, DefaultNameIsDatabaseImportAndUtcTime) {
  EXPECT_EQ(default_branch_name("shop", k_now), "shop_import_20261121_222602");
}

TEST(BranchNames, DefaultNameCutsLongDatabaseNamesToFit63Bytes) {
  const auto name = default_branch_name(std::string(63, 'x'), k_now);
  EXPECT_EQ(name.size(), 63u);
  EXPECT_EQ(name, std::string(40, 'x') + "_import_20261121_222602");
  EXPECT_TRUE(validate_branch_name(name));
}

TEST(BranchNames, CuttingNeverSplitsAUtf8Character) {
  // 39 ASCII bytes, then "ü" (2 bytes) crossing the 40-byte limit: it goes as a whole.
  const auto name = default_branch_name(std::string(39, 'x') + "üüü", k_now);
  EXPECT_EQ(name, std::string(39, 'x') + "_import_20261121_222602");
  EXPECT_EQ(truncate_utf8("aü", 2), "a");
  EXPECT_EQ(truncate_utf8("aü", 3), "aü");
}

TEST(BranchNames, AsideNameSaysWhatCameBefore) {
  EXPECT_EQ(aside_name("shop", k_now), "shop_before_20261121_222602");
  EXPECT_EQ(aside_name(std::string(70, 's'), k_now).size(), 63u);
}

}  // namespace
}  // namespace pgimport::branch
