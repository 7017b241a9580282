#pragma once
// Turns SIGINT and SIGTERM into a cancellation request, from a thread of its own: the
// signals are blocked everywhere else, so no handler runs inside libpq or malloc.
#include <csignal>
#include <stop_token>
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

  bool was_signalled() const noexcept { return m_signal != 0; }

 private:
  sigset_t m_signals{};
  sigset_t m_previous{};
  volatile std::sig_atomic_t m_signal = 0;
  std::jthread m_thread;
};

}  // namespace pgimport::app
