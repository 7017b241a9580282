#include "pipeline/sort_memory.hpp"

#include <gtest/gtest.h>

namespace pgimport::pipeline {
namespace {

constexpr std::uint64_t k_mb = 1024 * 1024;

TEST(IndexSortMemory, FollowsSharedBuffersBetween256MBAnd1GBNeverBelowTheServers) {
  EXPECT_EQ(index_sort_memory_bytes(128 * k_mb, 64 * k_mb), 256 * k_mb);   // small server: floor
  EXPECT_EQ(index_sort_memory_bytes(512 * k_mb, 64 * k_mb), 512 * k_mb);
  EXPECT_EQ(index_sort_memory_bytes(8192 * k_mb, 64 * k_mb), 1024 * k_mb);  // cap
  EXPECT_EQ(index_sort_memory_bytes(512 * k_mb, 2048 * k_mb), 2048 * k_mb); // the server's own
  EXPECT_EQ(index_session_settings(512 * k_mb),
            "SET maintenance_work_mem = '524288kB'; SET synchronous_commit = off");
}

TEST(IndexSortMemory, ABuildWantsThreeTimesItsIndexOnTheSource) {
  EXPECT_EQ(sort_bytes_wanted(0), 0u);  // unknown: nothing extra
  EXPECT_EQ(sort_bytes_wanted(214 * k_mb), (3 * 214 + 64) * k_mb);  // pgbench_accounts_pkey
}

TEST(SortMemoryBudget, ABuildAloneUsesTheIdleSessionsMemory) {
  SortMemoryBudget budget(512 * k_mb, 2);
  EXPECT_EQ(budget.grant(706 * k_mb, 0), 706 * k_mb);
  budget.release(706 * k_mb);
  EXPECT_EQ(budget.grant(4096 * k_mb, 0), 1024 * k_mb);  // never more than every session's
}

TEST(SortMemoryBudget, NeverLessThanOneSessionsShare) {
  SortMemoryBudget budget(512 * k_mb, 2);
  EXPECT_EQ(budget.grant(100 * k_mb, 0), 512 * k_mb);
  EXPECT_EQ(budget.grant(100 * k_mb, 0), 512 * k_mb);
  EXPECT_EQ(budget.grant(900 * k_mb, 0), 512 * k_mb);  // a third, over the budget: as before
}

TEST(SortMemoryBudget, AWaitingBuildKeepsItsShare) {
  SortMemoryBudget budget(512 * k_mb, 2);
  // onebig: three builds queued at once on two sessions; the first leaves the second its share.
  EXPECT_EQ(budget.grant(800 * k_mb, 2), 512 * k_mb);
  EXPECT_EQ(budget.grant(800 * k_mb, 1), 512 * k_mb);
  budget.release(512 * k_mb);
  budget.release(512 * k_mb);
  // With four sessions, one waiting build reserves one share, not three.
  SortMemoryBudget wide(256 * k_mb, 4);
  EXPECT_EQ(wide.grant(2048 * k_mb, 1), 768 * k_mb);
}

TEST(SortMemoryBudget, ReleasedMemoryIsFreeAgain) {
  SortMemoryBudget budget(512 * k_mb, 2);
  EXPECT_EQ(budget.grant(600 * k_mb, 0), 600 * k_mb);
  EXPECT_EQ(budget.grant(600 * k_mb, 0), 512 * k_mb);  // only 424 MB left: one share
  budget.release(600 * k_mb);
  budget.release(512 * k_mb);
  EXPECT_EQ(budget.grant(1024 * k_mb, 0), 1024 * k_mb);
}

}  // namespace
}  // namespace pgimport::pipeline
