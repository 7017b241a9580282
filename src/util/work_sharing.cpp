#include "util/work_sharing.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace pgimport::util {

void share_work(std::size_t workers, std::size_t items,
                const std::function<void(std::size_t worker, std::size_t item)>& work) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> is_stopping{false};
  std::mutex error_mutex;
  std::exception_ptr first_error;  // Guarded by error_mutex.
  const auto take_items = [&](std::size_t worker) {
    try {
      for (auto item = next++; item < items && !is_stopping; item = next++) {
        work(worker, item);
      }
    } catch (...) {
      is_stopping = true;
      const std::lock_guard lock(error_mutex);
      if (!first_error) {
        first_error = std::current_exception();
      }
    }
  };
  const auto count = std::min(std::max<std::size_t>(workers, 1), items);
  {
    std::vector<std::jthread> helpers;
    for (std::size_t worker = 1; worker < count; ++worker) {
      helpers.emplace_back(take_items, worker);
    }
    if (count > 0) {
      take_items(0);
    }
  }  // the helpers are joined here
  if (first_error) {
    std::rethrow_exception(first_error);
  }
}

}  // namespace pgimport::util
