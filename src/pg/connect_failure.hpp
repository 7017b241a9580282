#pragma once
// Why a connection attempt failed, in words a user can act on.
#include <string>
#include <string_view>

namespace pgimport::pg {

enum class ConnectFailureKind {
  unknown_host,
  refused,
  timeout,
  wrong_password,
  no_password,
  role_missing,
  database_missing,
  tls_required_by_server,
  tls_unavailable,
  tls_certificate,
  not_postgres,
  too_many_connections,
  not_allowed,
  other,
};

struct ConnectFailure {
  ConnectFailureKind kind = ConnectFailureKind::other;
  std::string code;     // stable id for --json: "unknown_host", "wrong_password", ...
  std::string message;  // one plain sentence naming the host/database/user involved
  std::string hint;     // what to do about it
};

struct ConnectTarget {
  std::string host;
  std::string port;
  std::string user;
  std::string database;
};

// Classifies libpq's connection error message (libpq gives no SQLSTATE for these).
// The raw message must already be redacted; it is used only for the `other` case.
ConnectFailure classify_connect_failure(std::string_view libpq_message, const ConnectTarget& target);

}  // namespace pgimport::pg
