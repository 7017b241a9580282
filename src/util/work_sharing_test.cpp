#include "util/work_sharing.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace pgimport::util {
namespace {

TEST(ShareWork, EveryItemRunsOnceAndEachWorkerInTurn) {
  constexpr std::size_t k_items = 200;
  std::vector<std::atomic<int>> runs(k_items);
  std::vector<std::atomic<int>> busy(3);  // each worker's calls never overlap
  std::atomic<bool> is_overlapping{false};
  std::set<std::size_t> workers_seen;
  std::mutex seen_mutex;
  share_work(3, k_items, [&](std::size_t worker, std::size_t item) {
    if (busy[worker]++ != 0) {
      is_overlapping = true;
    }
    ++runs[item];
    {
      const std::lock_guard lock(seen_mutex);
      workers_seen.insert(worker);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    --busy[worker];
  });
  for (std::size_t item = 0; item < k_items; ++item) {
    EXPECT_EQ(runs[item], 1) << "item " << item;
  }
  EXPECT_FALSE(is_overlapping);
  EXPECT_EQ(workers_seen, (std::set<std::size_t>{0, 1, 2}));
}

TEST(ShareWork, NoMoreWorkersThanItemsAndNoneForNoItems) {
  std::atomic<int> calls{0};
  std::atomic<std::size_t> highest_worker{0};
  share_work(8, 2, [&](std::size_t worker, std::size_t) {
    ++calls;
    auto seen = highest_worker.load();
    while (worker > seen && !highest_worker.compare_exchange_weak(seen, worker)) {
    }
  });
  EXPECT_EQ(calls, 2);
  EXPECT_LE(highest_worker, 1u);
  share_work(4, 0, [&](std::size_t, std::size_t) { ++calls; });
  EXPECT_EQ(calls, 2);
}

TEST(ShareWork, TheFirstErrorStopsTheRestAndIsRethrown) {
  std::atomic<int> calls{0};
  EXPECT_THROW(share_work(2, 1000,
                          [&](std::size_t, std::size_t item) {
                            ++calls;
                            if (item == 3) {
                              throw std::runtime_error("item 3 failed");
                            }
                            std::this_thread::sleep_for(std::chrono::microseconds(100));
                          }),
               std::runtime_error);
  EXPECT_LT(calls, 1000);
}

}  // namespace
}  // namespace pgimport::util
