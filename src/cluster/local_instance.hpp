#pragma once
// The embedded default: one PostgreSQL per major version that pgimport runs for the user,
// under <home>/local/<major>/ (data, private socket folder, 0600 password and passfile).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cluster/cluster.hpp"

namespace pgimport::cluster {

struct LocalStatus {
  int major = 0;
  std::string version;
  bool is_initialised = false;
  bool is_running = false;
  int port = 0;
  std::filesystem::path data_dir;
  std::filesystem::path bin_dir;
  std::string url;  // password-free; the passfile parameter supplies the password
};

class LocalInstance {
 public:
  // $PGIMPORT_HOME, else /var/lib/pgimport for root, else $XDG_DATA_HOME/pgimport
  // (~/.local/share/pgimport).
  static std::filesystem::path home();

  // The instance of `major`; 0 picks the newest server this machine's pg_dump can read
  // (an initialised one first), else the newest server binaries found. Throws std::runtime_error with a hint when no server binaries exist.
  static LocalInstance select(int major, const std::vector<std::filesystem::path>& extra_bin_dirs);

  LocalStatus status() const;
  // Initialises (first time) and starts the server if it is not running; returns a
  // connection to the `postgres` database (the passfile supplies the password).
  pg::ConnInfo ensure_running();
  void stop();
  std::filesystem::path passfile() const { return m_folder / "pgpass"; }
  // A password-free URL to `database`; the passfile supplies the password.
  std::string url(const std::string& database) const;

 private:
  LocalInstance(std::filesystem::path folder, Installation installation);
  void write_state() const;
  void write_passfile() const;

  std::filesystem::path m_folder;
  Cluster m_cluster;
};

}  // namespace pgimport::cluster
