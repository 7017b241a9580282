#include "app/signals.hpp"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <system_error>

namespace pgimport::app {

SignalCanceller::SignalCanceller(util::Cancellation& cancellation) {
  sigemptyset(&m_signals);
  sigaddset(&m_signals, SIGINT);
  sigaddset(&m_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &m_signals, &m_previous);
  m_signal_fd = signalfd(-1, &m_signals, SFD_CLOEXEC);
  m_stop_fd = eventfd(0, EFD_CLOEXEC);
  if (m_signal_fd < 0 || m_stop_fd < 0) {
    // Without them Ctrl-C would be blocked and never seen: refuse to run like that.
    const int error = errno;
    close(m_signal_fd);
    close(m_stop_fd);
    pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    throw std::system_error(error, std::generic_category(), "cannot watch for Ctrl-C");
  }
  m_thread = std::thread([this, &cancellation] { wait_for_signals(cancellation); });
}

void SignalCanceller::wait_for_signals(util::Cancellation& cancellation) {
  std::array<pollfd, 2> fds{pollfd{m_signal_fd, POLLIN, 0}, pollfd{m_stop_fd, POLLIN, 0}};
  while (true) {
    if (poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    if ((fds[1].revents & POLLIN) != 0) {
      return;  // the program is ending
    }
    signalfd_siginfo info{};
    if ((fds[0].revents & POLLIN) != 0 && read(m_signal_fd, &info, sizeof info) == sizeof info) {
      const auto signal = static_cast<int>(info.ssi_signo);
      m_signal = signal;
      cancellation.request(signal == SIGINT ? "cancelled by Ctrl-C (SIGINT)" : "cancelled by SIGTERM");
    }
  }
}

SignalCanceller::~SignalCanceller() {
  const std::uint64_t one = 1;
  if (write(m_stop_fd, &one, sizeof one) != sizeof one) {
    // Nothing else can wake the thread; it ends with the process.
    m_thread.detach();
  } else {
    m_thread.join();
  }
  close(m_signal_fd);
  close(m_stop_fd);
  pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
}

}  // namespace pgimport::app
