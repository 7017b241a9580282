#include "pipeline/row_tally.hpp"

#include <gtest/gtest.h>

namespace pgimport::pipeline {
namespace {

StoredTally heap_table(std::int64_t pages, double rows) {
  return {.pages = pages, .rows = rows, .is_heap_table = true, .is_indexed_by_core_ams = true};
}

TEST(RowTally, ConfirmsOnlyTheSourcesExactCount) {
  EXPECT_TRUE(tally_confirms(heap_table(40, 1357), TallySource::analyze, 1357));
  EXPECT_FALSE(tally_confirms(heap_table(40, 1356), TallySource::analyze, 1357));
  EXPECT_FALSE(tally_confirms(heap_table(40, -1), TallySource::analyze, 0));  // never counted
  EXPECT_TRUE(tally_confirms(heap_table(0, 0), TallySource::analyze, 0));
  EXPECT_TRUE(tally_confirms(heap_table(163935, 10'000'000), TallySource::index_builds, 10'000'000));
}

TEST(RowTally, AnAnalyzeOfMoreThan100PagesMaySampleSoItsTallyIsNoCount) {
  EXPECT_TRUE(tally_confirms(heap_table(100, 9001), TallySource::analyze, 9001));
  EXPECT_FALSE(tally_confirms(heap_table(101, 9001), TallySource::analyze, 9001));
  EXPECT_TRUE(tally_confirms(heap_table(101, 9001), TallySource::index_builds, 9001));
}

TEST(RowTally, AnIndexBuildCountsOnlyWhenEveryIndexIsOfABuiltInAccessMethod) {
  auto tally = heap_table(600, 70000);
  tally.is_indexed_by_core_ams = false;  // no index, or an extension's
  EXPECT_FALSE(tally_confirms(tally, TallySource::index_builds, 70000));
}

TEST(RowTally, OnlyAnOrdinaryHeapTablesTallyCounts) {
  auto tally = heap_table(10, 300);
  tally.is_heap_table = false;  // a partitioned table, or another table access method
  EXPECT_FALSE(tally_confirms(tally, TallySource::analyze, 300));
  EXPECT_FALSE(tally_confirms(tally, TallySource::index_builds, 300));
}

TEST(RowTally, FromTwoToThe24thNeighbouringCountsShareAFloat4SoTheTableIsCounted) {
  constexpr std::uint64_t below = (std::uint64_t{1} << 24) - 1;
  EXPECT_TRUE(tally_confirms(heap_table(90000, static_cast<double>(below)),
                             TallySource::index_builds, below));
  // 2^24 + 1 rows are stored as 2^24: equal to a source of 2^24, yet another count.
  const auto stored = static_cast<double>(static_cast<float>(std::uint64_t{1} << 24 | 1));
  EXPECT_EQ(stored, static_cast<double>(std::uint64_t{1} << 24));
  EXPECT_FALSE(tally_confirms(heap_table(90000, stored), TallySource::index_builds,
                              std::uint64_t{1} << 24));
}

}  // namespace
}  // namespace pgimport::pipeline
