#include "app/signals.hpp"

#include <pthread.h>

#include <cerrno>
#include <ctime>

namespace pgimport::app {

SignalCanceller::SignalCanceller(util::Cancellation& cancellation) {
  sigemptyset(&m_signals);
  sigaddset(&m_signals, SIGINT);
  sigaddset(&m_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &m_signals, &m_previous);
  m_thread = std::jthread([this, &cancellation](std::stop_token stop) {
    const timespec tick{0, 200'000'000};
    while (!stop.stop_requested()) {
      const int signal = sigtimedwait(&m_signals, nullptr, &tick);
      if (signal == SIGINT || signal == SIGTERM) {
        m_signal = signal;
        cancellation.request(signal == SIGINT ? "cancelled by Ctrl-C (SIGINT)"
                                              : "cancelled by SIGTERM");
      }
    }
  });
}

SignalCanceller::~SignalCanceller() {
  m_thread.request_stop();
  m_thread.join();
  pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
}

}  // namespace pgimport::app
