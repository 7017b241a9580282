#pragma once
// A one-way "stop" shared by the threads of a run: the first request wins, and everything
// registered to be interrupted (a running query, a child process) is interrupted at once.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace pgimport::util {

class Cancellation {
 public:
  class Guard {
   public:
    Guard() = default;
    Guard(Cancellation* owner, std::uint64_t id) : m_owner(owner), m_id(id) {}
    Guard(Guard&& other) noexcept
        : m_owner(std::exchange(other.m_owner, nullptr)), m_id(other.m_id) {}
    Guard& operator=(Guard&&) = delete;
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard();

   private:
    Cancellation* m_owner = nullptr;
    std::uint64_t m_id = 0;
  };

  // Returns true for the first request; runs every registered callback.
  bool request(std::string reason);
  bool is_requested() const noexcept { return m_is_requested.load(); }
  std::string reason() const;

  // Registers `interrupt` until the guard is destroyed; runs it at once if a stop was already
  // requested. The guard's destructor waits for a running callback to finish.
  [[nodiscard]] Guard on_cancel(std::function<void()> interrupt);

 private:
  std::atomic<bool> m_is_requested{false};
  mutable std::mutex m_mutex;  // Guards everything below.
  std::string m_reason;
  std::uint64_t m_next_id = 1;
  std::map<std::uint64_t, std::function<void()>> m_callbacks;
};

}  // namespace pgimport::util
