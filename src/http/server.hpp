#pragma once
// `pgimport serve`: the import assistant as a local web page. One HTTP server (cpp-httplib,
// blocking, its own thread pool) serving the page compiled in from web/ and the JSON API
// (docs/HTTP_API.md) that the page calls and curl can call too.
//
// Who may talk to it: every request must carry the random access token (the
// `pgimport_token_<port>` cookie set when the printed URL is first opened, an
// `Authorization: Bearer` header, or `?token=`); the Host header must name this loopback
// server (no DNS rebinding) and an Origin header, when sent, must be this server's own. POST
// bodies must be JSON objects. Anything else is refused with 4xx before any state changes.
//
// What it remembers: one connection (source and target) and the current or last import.
// One import runs at a time; a second is refused (409), never queued.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pgimport::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // the address to listen on
  int port = 0;                    // 0 = a free port
  std::string token;               // "" = a new random one
  std::vector<std::filesystem::path> pg_bin_dirs;  // --pg-bin
  // One line per request and per import step; never holds a password.
  std::function<void(std::string_view)> log;
};

class Server {
 public:
  // Binds the address; throws std::runtime_error if it cannot.
  explicit Server(ServerOptions options);
  ~Server();  // stops; a running import is cancelled and its branch marked failed
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;
  const std::string& token() const;
  // The address to open: http://HOST:PORT/?token=TOKEN
  std::string url() const;
  // Serves until stop(); returns false if the server failed.
  bool run();
  // From any thread: cancels a running import (waiting for it to end), ends event streams
  // and makes run() return.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace pgimport::http
