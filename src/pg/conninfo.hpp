#pragma once
// A parsed connection string: URI, key=value, or nothing (PG* environment variables).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace pgimport::pg {

class ConnInfo {
 public:
  // Parses `text` with libpq's own parser (so every libpq form is accepted), then checks
  // the values libpq only checks at connect time. Empty text means "all from PG* variables".
  static tl::expected<ConnInfo, std::string> parse(std::string_view text);
  // Builds one from explicit keywords (used for servers pgimport starts itself).
  static ConnInfo from_keywords(std::map<std::string, std::string> keywords);

  // Explicit values only; environment defaults apply when libpq connects.
  std::optional<std::string> get(const std::string& keyword) const;
  void set(const std::string& keyword, std::string value);
  ConnInfo with_database(std::string database) const;

  // Effective values: explicit, else PG* environment, else libpq's compiled-in default.
  std::string host() const;
  std::string port() const;
  std::string user() const;
  std::string database() const;
  std::string password() const;  // "" when none is known (a passfile may still supply one)
  // True when every host it may connect to is this machine: a Unix socket, localhost, a
  // 127.x.x.x or ::1 address (hostaddr, when given, is what libpq connects to).
  bool is_on_this_machine() const;

  // Keywords and values for PQconnectdbParams, with pgimport's defaults added
  // (connect_timeout, fallback_application_name, TCP keepalives) where the user set none.
  std::vector<std::pair<std::string, std::string>> libpq_params() const;
  // The same connection without the password, as a key=value string for child processes'
  // argv (the password reaches them only through environment_for_child()).
  std::string to_keyword_string_without_password() const;
  // PGPASSWORD (if any) to add to a child process's environment.
  std::vector<std::string> environment_for_child() const;

  // What a user may see: postgresql://user@host:port/db?params, never the password.
  std::string display() const;

 private:
  std::map<std::string, std::string> m_keywords;
};

}  // namespace pgimport::pg
