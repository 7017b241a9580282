#include "copy/copy_plan.hpp"

#include <gtest/gtest.h>

namespace pgimport::copy {
namespace {

model::TableInfo table(std::string name, std::uint64_t bytes) {
  model::TableInfo info;
  info.name = name;
  info.qualified_name = "public." + name;
  info.columns = {"id", "\"Note\""};
  info.bytes = bytes;
  info.pages = bytes / 8192;
  return info;
}

constexpr std::uint64_t k_mb = 1024 * 1024;

TEST(CopyPlan, CopiesSmallTablesWholeLargestFirst) {
  const auto tasks = plan_copy({table("small", 1 * k_mb), table("medium", 10 * k_mb)},
                               {.split_threshold_bytes = 100 * k_mb, .jobs = 2});
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].table, 1u);
  EXPECT_TRUE(tasks[0].is_whole_table());
}

TEST(CopyPlan, SplitsTablesLargerThanThresholdIntoCoveringRanges) {
  const auto tasks = plan_copy({table("big", 1000 * k_mb)},
                               {.split_threshold_bytes = 300 * k_mb, .jobs = 2});
  ASSERT_EQ(tasks.size(), 4u);
  // The parts cover every page: contiguous, and the last one is open-ended.
  std::vector<CopyTask> sorted = tasks;
  std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.part < b.part; });
  EXPECT_EQ(sorted[0].first_page, 0u);
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    EXPECT_EQ(sorted[i].first_page, sorted[i - 1].end_page);
  }
  EXPECT_EQ(sorted.back().end_page, 0u);
}

TEST(CopyPlan, SplitsABigTableAtLeastOncePerWorker) {
  const auto tasks = plan_copy({table("big", 600 * k_mb)},
                               {.split_threshold_bytes = 500 * k_mb, .jobs = 4});
  EXPECT_EQ(tasks.size(), 4u);
}

TEST(CopyPlan, SplitsIntoAMultipleOfTheWorkersSoNoneLoadsTheLastPartAlone) {
  // 1300 MB at a 512 MB threshold is 3 parts by size; 3 parts on 2 workers would leave the
  // last third to one worker, so it is 4.
  const auto tasks = plan_copy({table("big", 1300 * k_mb)},
                               {.split_threshold_bytes = 512 * k_mb, .jobs = 2});
  EXPECT_EQ(tasks.size(), 4u);
  const auto three_workers = plan_copy({table("big", 1300 * k_mb)},
                                       {.split_threshold_bytes = 512 * k_mb, .jobs = 3});
  EXPECT_EQ(three_workers.size(), 3u);
}

TEST(CopyPlan, ChainsConfigurationTablesFirstEachAfterWhatItReferences) {
  auto jobs = table("jobs", 50 * k_mb);
  jobs.oid = 10;
  jobs.extension_filter = "";
  auto tags = table("job_tags", 200 * k_mb);  // bigger, yet it must wait for jobs
  tags.oid = 11;
  tags.extension_filter = "";
  tags.configuration_references = {10};
  auto owners = table("owners", 1 * k_mb);
  owners.oid = 12;
  owners.extension_filter = "WHERE NOT builtin";
  jobs.configuration_references = {12};
  const auto tasks = plan_copy({tags, table("user_table", 900 * k_mb), jobs, owners},
                               {.split_threshold_bytes = 100 * k_mb, .jobs = 2});
  // owners, then jobs (references owners), then job_tags (references jobs); all whole.
  ASSERT_GE(tasks.size(), 4u);
  EXPECT_EQ(tasks[0].table, 3u);
  EXPECT_EQ(tasks[1].table, 2u);
  EXPECT_EQ(tasks[2].table, 0u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(tasks[i].is_chained);
    EXPECT_TRUE(tasks[i].is_whole_table());
  }
  // The user's table is split and shared out as before.
  for (std::size_t i = 3; i < tasks.size(); ++i) {
    EXPECT_FALSE(tasks[i].is_chained);
    EXPECT_EQ(tasks[i].table, 1u);
  }
  EXPECT_GT(tasks.size(), 4u);
}

TEST(CopyPlan, AConfigurationCycleStillLoadsEveryTableOnce) {
  auto a = table("a", k_mb);
  a.oid = 1;
  a.extension_filter = "";
  a.configuration_references = {2};
  auto b = table("b", k_mb);
  b.oid = 2;
  b.extension_filter = "";
  b.configuration_references = {1};
  const auto tasks = plan_copy({a, b}, {.split_threshold_bytes = 100 * k_mb, .jobs = 2});
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_NE(tasks[0].table, tasks[1].table);
}

TEST(SplitChoice, KeepsBigTablesWholeOnATargetSharingTwoCores) {
  const auto choice = choose_split(std::nullopt, true, 2);
  EXPECT_EQ(choice.threshold_bytes, k_never_split);
  EXPECT_NE(choice.whole_tables_reason.find("2 cores"), std::string::npos) << choice.whole_tables_reason;
  // ... so the plan copies a 1.3 GB table in one task.
  EXPECT_EQ(plan_copy({table("big", 1300 * k_mb)}, {.split_threshold_bytes = choice.threshold_bytes})
                .size(),
            1u);
}

TEST(SplitChoice, ReadsBackABigTableInPartsEvenWhenItsCopyIsWhole) {
  const auto copy = choose_split(std::nullopt, true, 2).threshold_bytes;
  const auto read = read_split_threshold(copy);
  EXPECT_EQ(read, k_default_split_threshold);
  // A 1.3 GB table: copied in one task, read back in 4 on 2 sessions (a multiple of them).
  EXPECT_EQ(plan_copy({table("big", 1300 * k_mb)}, {.split_threshold_bytes = read, .jobs = 2}).size(),
            4u);
  EXPECT_EQ(read_split_threshold(64 * k_mb), 64 * k_mb);  // a size the user gave stays
}

TEST(SplitChoice, SplitsOnARemoteTargetOrAMachineWithCoresToSpare) {
  EXPECT_EQ(choose_split(std::nullopt, false, 2).threshold_bytes, k_default_split_threshold);
  EXPECT_EQ(choose_split(std::nullopt, true, 8).threshold_bytes, k_default_split_threshold);
  EXPECT_TRUE(choose_split(std::nullopt, true, 8).whole_tables_reason.empty());
}

TEST(SplitChoice, ASizeTheUserGaveWinsEverywhere) {
  const auto choice = choose_split(64 * k_mb, true, 2);
  EXPECT_EQ(choice.threshold_bytes, 64 * k_mb);
  EXPECT_TRUE(choice.whole_tables_reason.empty());
}

TEST(CopySql, UsesCtidRangesOnlyForParts) {
  const auto info = table("t", 1);
  EXPECT_EQ(source_copy_sql(info, {}, CopyFormat::binary),
            "COPY (SELECT id, \"Note\" FROM ONLY public.t) TO STDOUT (FORMAT binary)");
  EXPECT_EQ(source_copy_sql(info, {.part = 1, .parts = 3, .first_page = 10, .end_page = 20},
                            CopyFormat::text),
            "COPY (SELECT id, \"Note\" FROM ONLY public.t WHERE ctid >= '(10,0)' AND ctid < "
            "'(20,0)') TO STDOUT (FORMAT text)");
  EXPECT_EQ(target_copy_sql(info, CopyFormat::binary, true),
            "COPY public.t (id, \"Note\") FROM STDIN (FORMAT binary, FREEZE)");
}

}  // namespace
}  // namespace pgimport::copy
