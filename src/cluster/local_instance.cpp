#include "cluster/local_instance.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "util/files.hpp"
#include "util/net.hpp"

namespace pgimport::cluster {
namespace fs = std::filesystem;
namespace {

bool is_port_free(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API wants it.
  const bool is_free = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return is_free;
}

ClusterLayout layout_for(const fs::path& folder, Installation installation, int port) {
  ClusterLayout layout;
  layout.installation = std::move(installation);
  layout.data_dir = folder / "data";
  layout.socket_dir = folder / "socket";
  layout.log_file = folder / "server.log";
  layout.password_file = folder / "password";
  layout.port = port;
  // A sandbox for branches, never a primary of replicas: with minimal WAL, a table loaded in
  // the transaction that truncated it is written once and synced at commit, not logged too
  // (pgbench scale 100 into PostgreSQL 15: data 6.2 s instead of 6.6 s; docs/BENCHMARKS.md).
  // Crash safety is unchanged.
  layout.settings = {"wal_level=minimal", "max_wal_senders=0"};
  return layout;
}

std::string no_server_message() {
  return "no PostgreSQL server binaries (14 to 18) were found: run scripts/setup.sh, install "
         "Debian's postgresql-15, or point --pg-bin DIR at a folder with initdb, pg_ctl and "
         "postgres";
}

// The newest server this machine's pg_dump can also read (so a database on the local
// instance can itself be imported elsewhere), preferring one that already holds data.
int default_major(const std::vector<Installation>& installations, const fs::path& local_root) {
  int newest_client = 0;
  for (const auto& installation : installations) {
    if (installation.has_client_tools) {
      newest_client = std::max(newest_client, installation.major);
    }
  }
  const auto is_dumpable = [&](const Installation& i) {
    return newest_client == 0 || i.major <= newest_client;
  };
  for (const auto& installation : installations) {
    if (installation.has_server && is_dumpable(installation) &&
        fs::exists(local_root / std::to_string(installation.major) / "data/PG_VERSION")) {
      return installation.major;
    }
  }
  int best = 0;
  for (const auto& installation : installations) {
    if (installation.has_server && installation.major >= 14 && is_dumpable(installation)) {
      best = std::max(best, installation.major);
    }
  }
  return best;  // 0: none dumpable; find_server then takes the newest
}

}  // namespace

fs::path LocalInstance::home() {
  if (const char* configured = std::getenv("PGIMPORT_HOME"); configured != nullptr && *configured) {
    return configured;
  }
  if (runs_as_postgres_user()) {
    return "/var/lib/pgimport";
  }
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data) {
    return fs::path(data) / "pgimport";
  }
  const char* user_home = std::getenv("HOME");
  return fs::path(user_home != nullptr ? user_home : "/tmp") / ".local/share/pgimport";
}

LocalInstance::LocalInstance(fs::path folder, Installation installation)
    : m_folder(std::move(folder)), m_cluster(layout_for(m_folder, std::move(installation), 0)) {
  if (const auto state = util::read_text_file(m_folder / "instance.json")) {
    const auto json = nlohmann::json::parse(*state, nullptr, false);
    if (json.is_object()) {
      m_cluster.layout().port = json.value("port", 0);
    }
  }
}

LocalInstance LocalInstance::select(int major, const std::vector<fs::path>& extra_bin_dirs) {
  const auto installations = discover_installations(extra_bin_dirs);
  const auto local_root = home() / "local";
  if (major == 0) {
    major = default_major(installations, local_root);
  }
  const auto server = find_server(installations, major);
  if (!server) {
    if (major != 0) {
      throw std::runtime_error(fmt::format(
          "no PostgreSQL {} server binaries were found: run scripts/setup.sh or point --pg-bin "
          "DIR at a folder with its initdb, pg_ctl and postgres",
          major));
    }
    throw std::runtime_error(no_server_message());
  }
  return LocalInstance(local_root / std::to_string(server->major), *server);
}

LocalStatus LocalInstance::status() const {
  LocalStatus status;
  const auto& layout = m_cluster.layout();
  status.major = layout.installation.major;
  status.version = layout.installation.version;
  status.is_initialised = m_cluster.is_initialised();
  status.is_running = status.is_initialised && m_cluster.is_running();
  status.port = layout.port;
  status.data_dir = layout.data_dir;
  status.bin_dir = layout.installation.bin_dir;
  if (status.is_initialised && layout.port != 0) {
    status.url = url("postgres");
  }
  return status;
}

pg::ConnInfo LocalInstance::ensure_running() {
  fs::create_directories(m_folder);
  if (!m_cluster.is_initialised()) {
    m_cluster.initialise();
  }
  if (!m_cluster.is_running()) {
    auto& port = m_cluster.layout().port;
    if (port == 0 || !is_port_free(port)) {
      port = util::find_free_port();
    }
    write_state();
    write_passfile();
    m_cluster.start();
  }
  // The passfile, not the password: URLs shown from this connection then work on their own.
  return m_cluster.conninfo_with_passfile(passfile());
}

void LocalInstance::stop() { m_cluster.stop(); }

std::string LocalInstance::url(const std::string& database) const {
  return m_cluster.conninfo_with_passfile(passfile(), database).display();
}

void LocalInstance::write_state() const {
  const nlohmann::json state{{"port", m_cluster.layout().port},
                             {"major", m_cluster.layout().installation.major},
                             {"bin_dir", m_cluster.layout().installation.bin_dir.string()}};
  util::write_private_file(m_folder / "instance.json", state.dump(2) + "\n");
}

void LocalInstance::write_passfile() const {
  util::write_private_file(passfile(), fmt::format("127.0.0.1:{}:*:{}:{}\n", m_cluster.layout().port,
                                                   m_cluster.layout().superuser,
                                                   m_cluster.password()));
}

}  // namespace pgimport::cluster
