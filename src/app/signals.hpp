#pragma once
// Turns SIGINT and SIGTERM into a cancellation request, from a thread of its own: the
// signals are blocked everywhere else, so no handler runs inside libpq or malloc. The thread
// sleeps in poll() on a signalfd and an eventfd, so stopping it is immediate (no tick to
// wait out when the program ends).
#include <atomic>
#include <csignal>
#include <thread>

#include "util/cancellation.hpp"

namespace pgimport::app {

class SignalCanceller {
 public:
  // Blocks SIGINT/SIGTERM in this thread (call before starting other threads).
  explicit SignalCanceller(util::Cancellation& cancellation);
  ~SignalCanceller();
  SignalCanceller(const SignalCanceller&) = delete;
  SignalCanceller& operator=(const SignalCanceller&) = delete;

  bool was_signalled() const noexcept { return m_signal.load() != 0; }

 private:
  void wait_for_signals(util::Cancellation& cancellation);

  sigset_t m_signals{};
  sigset_t m_previous{};
  int m_signal_fd = -1;
  int m_stop_fd = -1;
  std::atomic<int> m_signal{0};
  std::thread m_thread;
};

}  // namespace pgimport::app
