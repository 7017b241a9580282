#pragma once
// A PostgreSQL server that pgimport initialises, starts and stops itself: the local
// instance behind `pgimport local`, and the throwaway clusters of the tests.
#include <filesystem>
#include <string>
#include <vector>

#include "cluster/installations.hpp"
#include "pg/conninfo.hpp"

namespace pgimport::cluster {

struct ClusterLayout {
  Installation installation;
  std::filesystem::path data_dir;    // PGDATA
  std::filesystem::path socket_dir;  // unix_socket_directories (private to this cluster)
  std::filesystem::path log_file;
  std::filesystem::path password_file;  // the superuser password, mode 0600
  std::string superuser = "postgres";
  int port = 0;
  std::vector<std::string> settings;  // extra "-c name=value" for the server
};

// Runs server programs as the `postgres` OS user when we are root (initdb refuses root).
bool runs_as_postgres_user();

class Cluster {
 public:
  explicit Cluster(ClusterLayout layout) : m_layout(std::move(layout)) {}

  // initdb with a generated password (written to layout.password_file, 0600), scram auth.
  void initialise();
  bool is_initialised() const;
  // pg_ctl start; waits until the server accepts connections. Throws with the server log's
  // tail on failure.
  void start();
  void stop() noexcept;  // pg_ctl stop -m fast; never throws
  bool is_running() const;

  // A connection to `database` over TCP on 127.0.0.1, with the password.
  pg::ConnInfo conninfo(const std::string& database = "postgres") const;
  // The same, without the password, for URLs shown to a user (the passfile supplies it).
  pg::ConnInfo conninfo_with_passfile(const std::filesystem::path& passfile,
                                      const std::string& database = "postgres") const;
  std::string password() const;

  const ClusterLayout& layout() const noexcept { return m_layout; }
  ClusterLayout& layout() noexcept { return m_layout; }

 private:
  std::vector<std::string> as_server_user(std::vector<std::string> argv) const;
  std::string log_tail() const;
  ClusterLayout m_layout;
};

// A cryptographically random password of 32 URL-safe characters.
std::string generate_password();
// chown to the postgres OS user when we run as root (no-op otherwise).
void give_to_server_user(const std::filesystem::path& path);

}  // namespace pgimport::cluster
