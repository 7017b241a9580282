// `pgimport serve [--listen HOST:PORT] [--no-open]`: the import assistant as a local web page
// (src/http, web/). Runs until Ctrl-C or SIGTERM; a running import is cancelled then.
#include <fmt/format.h>

#include <cstdlib>
#include <thread>

#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/signals.hpp"
#include "app/target.hpp"
#include "http/server.hpp"
#include "process/child_process.hpp"

namespace pgimport::app {
namespace {

struct ListenAddress {
  std::string host;
  int port = 0;
};

// "127.0.0.1:8432", "[::1]:8432", "localhost:0", "127.0.0.1" (a free port).
ListenAddress parse_listen(const std::string& text) {
  ListenAddress address;
  std::string port;
  if (text.starts_with("[")) {
    const auto close = text.find(']');
    if (close == std::string::npos) {
      throw UsageError("--listen: missing ']' in " + text);
    }
    address.host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') {
        throw UsageError("--listen: expected HOST:PORT, got " + text);
      }
      port = text.substr(close + 2);
    }
  } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    address.host = text.substr(0, colon);
    port = text.substr(colon + 1);
  } else {
    address.host = text;
  }
  if (address.host.empty()) {
    throw UsageError("--listen: expected HOST:PORT, got " + text);
  }
  if (!port.empty()) {
    try {
      std::size_t used = 0;
      address.port = std::stoi(port, &used);
      if (used != port.size() || address.port < 0 || address.port > 65535) {
        throw std::out_of_range(port);
      }
    } catch (const std::exception&) {
      throw UsageError("--listen: the port must be a number from 0 to 65535, got " + port);
    }
  }
  return address;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

// Best effort: a desktop session's browser, if there is one.
void open_browser(const std::string& url) {
  if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) {
    return;
  }
  if (!process::find_program("xdg-open")) {
    return;
  }
  std::thread([url] {
    try {
      process::run({.argv = {"xdg-open", url}});
    } catch (const std::exception&) {
      // The URL is printed; the user opens it.
    }
  }).detach();
}

}  // namespace

int run_serve(const GlobalOptions& global, const ServeOptions& options, Output& output) {
  const auto address = parse_listen(options.listen);
  util::Cancellation stopping;
  const SignalCanceller signals(stopping);
  http::Server server({.host = address.host,
                       .port = address.port,
                       .pg_bin_dirs = global.pg_bin_dirs,
                       .log = [&output](std::string_view line) {
                         output.line("  " + std::string(line));
                         output.json({{"event", "log"}, {"message", line}});
                       }});
  if (!is_loopback(address.host)) {
    output.warning(fmt::format("listening on {}, not a loopback address: anyone who can reach it "
                               "and learns the token can import and delete branches",
                               address.host));
  }
  output.line("pgimport serve: open this address in a browser on this machine:");
  output.line("  " + server.url());
  output.line("Press Ctrl-C to stop.");
  output.json({{"event", "listening"}, {"url", server.url()}, {"port", server.port()}});
  if (!options.no_open) {
    open_browser(server.url());
  }
  auto stop_on_signal = stopping.on_cancel([&server] { server.stop(); });
  const bool is_clean = server.run();
  server.stop();
  if (!is_clean && !stopping.is_requested()) {
    output.error("the web server stopped unexpectedly");
    return k_exit_internal;
  }
  output.line("pgimport serve: stopped");
  return k_exit_ok;
}

}  // namespace pgimport::app
