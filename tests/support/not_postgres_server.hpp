#pragma once
// For tests of connection failures.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace pgimport::testing {

// A port where something answers, but not PostgreSQL (an HTTP-ish server), for as many
// connections as come until it is destroyed.
class NotPostgresServer {
 public:
  NotPostgresServer() {
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    socklen_t length = sizeof address;
    ::bind(m_fd, generic, length);
    ::getsockname(m_fd, generic, &length);
    m_port = ntohs(address.sin_port);
    ::listen(m_fd, 16);
    m_thread = std::thread([fd = m_fd] {
      for (;;) {
        const int client = ::accept(fd, nullptr, nullptr);
        if (client < 0) {
          return;
        }
        char buffer[256];
        [[maybe_unused]] auto ignored = ::read(client, buffer, sizeof buffer);
        const std::string reply = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
        ignored = ::write(client, reply.data(), reply.size());
        ::close(client);
      }
    });
  }
  NotPostgresServer(const NotPostgresServer&) = delete;
  NotPostgresServer& operator=(const NotPostgresServer&) = delete;
  ~NotPostgresServer() {
    ::shutdown(m_fd, SHUT_RDWR);
    ::close(m_fd);
    m_thread.join();
  }
  int port() const { return m_port; }

 private:
  int m_fd = -1;
  int m_port = 0;
  std::thread m_thread;
};

}  // namespace pgimport::testing
