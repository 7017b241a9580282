#include "cluster/cluster.hpp"

#include <pwd.h>
#include <unistd.h>

#include <fmt/format.h>

#include <fstream>
#include <random>
#include <stdexcept>

#include "process/child_process.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

namespace pgimport::cluster {
namespace fs = std::filesystem;

bool runs_as_postgres_user() { return ::geteuid() == 0; }

void give_to_server_user(const fs::path& path) {
  if (!runs_as_postgres_user()) {
    return;
  }
  const passwd* user = ::getpwnam("postgres");
  if (user == nullptr) {
    throw std::runtime_error(
        "running as root needs a `postgres` OS user to run the server (initdb refuses root): "
        "install postgresql-common or run as an ordinary user");
  }
  if (::chown(path.c_str(), user->pw_uid, user->pw_gid) != 0) {
    throw std::runtime_error("cannot give " + path.string() + " to the postgres user");
  }
}

std::string generate_password() {
  static constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device random;
  std::uniform_int_distribution<std::size_t> pick(0, k_alphabet.size() - 1);
  std::string password;
  for (int i = 0; i < 32; ++i) {
    password += k_alphabet[pick(random)];
  }
  return password;
}

std::vector<std::string> Cluster::as_server_user(std::vector<std::string> argv) const {
  if (runs_as_postgres_user()) {
    argv.insert(argv.begin(), {"runuser", "-u", "postgres", "--"});
  }
  return argv;
}

bool Cluster::is_initialised() const { return fs::exists(m_layout.data_dir / "PG_VERSION"); }

std::string Cluster::password() const {
  auto text = util::read_text_file(m_layout.password_file);
  if (!text) {
    throw std::runtime_error("the password file " + m_layout.password_file.string() +
                             " is missing");
  }
  return std::string(util::trim(*text));
}

void Cluster::initialise() {
  fs::create_directories(m_layout.data_dir);
  fs::permissions(m_layout.data_dir, fs::perms::owner_all, fs::perm_options::replace);
  give_to_server_user(m_layout.data_dir);
  fs::create_directories(m_layout.password_file.parent_path());
  util::write_private_file(m_layout.password_file, generate_password());

  // initdb reads the password from a file the server user can read; it lives inside the
  // (0700, server-owned) data folder's parent only for the moment initdb runs.
  util::TempDir scratch("pgimport-initdb");
  give_to_server_user(scratch.path());
  const auto pwfile = scratch.path() / "pw";
  util::write_private_file(pwfile, password());
  give_to_server_user(pwfile);

  const auto result = process::run(
      {.argv = as_server_user({m_layout.installation.program("initdb").string(), "-D",
                               m_layout.data_dir.string(), "-U", m_layout.superuser,
                               "--pwfile=" + pwfile.string(), "--auth=scram-sha-256",
                               "--encoding=UTF8", "--locale=C.UTF-8"}),
       .working_directory = "/"});
  if (!result.succeeded()) {
    throw std::runtime_error(fmt::format("initdb failed ({}): {}", result.describe(),
                                         util::trim(result.stderr_text)));
  }
}

void Cluster::start() {
  fs::create_directories(m_layout.socket_dir);
  give_to_server_user(m_layout.socket_dir);
  if (!fs::exists(m_layout.log_file)) {
    std::ofstream(m_layout.log_file).flush();
  }
  give_to_server_user(m_layout.log_file);
  std::string options = fmt::format("-p {} -k {} -c listen_addresses=127.0.0.1", m_layout.port,
                                    m_layout.socket_dir.string());
  for (const auto& setting : m_layout.settings) {
    options += " -c " + setting;
  }
  const auto result = process::run(
      {.argv = as_server_user({m_layout.installation.program("pg_ctl").string(), "start", "-w",
                               "-t", "60", "-D", m_layout.data_dir.string(), "-l",
                               m_layout.log_file.string(), "-o", options}),
       .working_directory = "/"});
  if (!result.succeeded()) {
    throw std::runtime_error(fmt::format("the PostgreSQL server did not start ({}). Its log says: {}",
                                         result.describe(), log_tail()));
  }
}

void Cluster::stop() noexcept {
  try {
    if (!is_running()) {
      return;
    }
    process::run({.argv = as_server_user({m_layout.installation.program("pg_ctl").string(),
                                          "stop", "-w", "-t", "60", "-m", "fast", "-D",
                                          m_layout.data_dir.string()}),
                  .working_directory = "/"});
  } catch (...) {
    // Stopping is best effort: the caller is usually cleaning up after a failure.
  }
}

bool Cluster::is_running() const {
  if (!is_initialised()) {
    return false;
  }
  const auto result = process::run(
      {.argv = as_server_user({m_layout.installation.program("pg_ctl").string(), "status", "-D",
                               m_layout.data_dir.string()}),
       .working_directory = "/"});
  return result.exit_code == 0;
}

pg::ConnInfo Cluster::conninfo(const std::string& database) const {
  return pg::ConnInfo::from_keywords({{"host", "127.0.0.1"},
                                      {"port", std::to_string(m_layout.port)},
                                      {"user", m_layout.superuser},
                                      {"password", password()},
                                      {"dbname", database},
                                      {"sslmode", "disable"}});
}

pg::ConnInfo Cluster::conninfo_with_passfile(const fs::path& passfile,
                                             const std::string& database) const {
  return pg::ConnInfo::from_keywords({{"host", "127.0.0.1"},
                                      {"port", std::to_string(m_layout.port)},
                                      {"user", m_layout.superuser},
                                      {"passfile", passfile.string()},
                                      {"dbname", database},
                                      {"sslmode", "disable"}});
}

std::string Cluster::log_tail() const {
  const auto text = util::read_text_file(m_layout.log_file).value_or("");
  const auto lines = util::split_lines(text);
  const std::size_t keep = 5;
  std::vector<std::string> tail(lines.size() > keep ? lines.end() - keep : lines.begin(),
                                lines.end());
  return tail.empty() ? "(empty log " + m_layout.log_file.string() + ")" : util::join(tail, " | ");
}

}  // namespace pgimport::cluster
