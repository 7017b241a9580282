#include "pg/connect_failure.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace pgimport::pg {
namespace {

std::string where(const ConnectTarget& target) {
  if (!target.host.empty() && target.host.front() == '/') {
    return fmt::format("the socket in {} (port {})", target.host, target.port);
  }
  return fmt::format("{}:{}", target.host, target.port);
}

ConnectFailure make(ConnectFailureKind kind, std::string code, std::string message,
                    std::string hint) {
  return ConnectFailure{kind, std::move(code), std::move(message), std::move(hint)};
}

}  // namespace

ConnectFailure classify_connect_failure(std::string_view libpq_message,
                                        const ConnectTarget& target) {
  const std::string text = util::to_lower(libpq_message);
  const auto has = [&](std::string_view needle) { return util::contains(text, needle); };
  using Kind = ConnectFailureKind;

  if (has("could not translate host name")) {
    return make(Kind::unknown_host, "unknown_host",
                fmt::format("the host name \"{}\" could not be resolved", target.host),
                "check the spelling of the host in the connection string, and your DNS");
  }
  if (has("connection refused") || has("no such file or directory")) {
    return make(Kind::refused, "connection_refused",
                fmt::format("nothing accepts connections at {}", where(target)),
                "check the host and port, and that the server is running and accepts remote "
                "connections (listen_addresses)");
  }
  if (has("timeout expired") || has("timed out")) {
    return make(Kind::timeout, "timeout",
                fmt::format("no answer from {} before the connect timeout", where(target)),
                "check firewalls and the host/port; raise connect_timeout=N if the network is slow");
  }
  if (has("password authentication failed") || has("authentication failed for user")) {
    return make(Kind::wrong_password, "wrong_password",
                fmt::format("the server rejected the password for user \"{}\"", target.user),
                "check the user name and password in the connection string");
  }
  if (has("no password supplied") || has("password is required")) {
    return make(Kind::no_password, "no_password",
                fmt::format("the server asks for a password for user \"{}\" and none was given",
                            target.user),
                "put the password in the connection string, PGPASSWORD or ~/.pgpass");
  }
  if (has("role \"") && has("does not exist")) {
    return make(Kind::role_missing, "role_missing",
                fmt::format("the user \"{}\" does not exist on the server", target.user),
                "check the user name in the connection string");
  }
  if (has("database \"") && has("does not exist")) {
    return make(Kind::database_missing, "database_missing",
                fmt::format("the database \"{}\" does not exist on {}", target.database,
                            where(target)),
                "check the database name; list databases with: psql -l");
  }
  if (has("server does not support ssl")) {
    return make(Kind::tls_unavailable, "tls_unavailable",
                fmt::format("the server at {} does not offer TLS, but the connection string "
                            "requires it",
                            where(target)),
                "use sslmode=prefer or disable only if the network is trusted; otherwise enable "
                "ssl on the server");
  }
  if (has("no encryption") || (has("pg_hba.conf") && has("ssl off"))) {
    return make(Kind::tls_required_by_server, "tls_required",
                fmt::format("the server at {} accepts only TLS connections", where(target)),
                "add sslmode=require to the connection string");
  }
  if (has("root certificate file") && has("does not exist")) {
    // libpq: root certificate file "/home/u/.postgresql/root.crt" does not exist
    const auto original = std::string(libpq_message);
    // The message may start with `connection to server at "host"`: look after the phrase.
    const auto phrase = util::to_lower(original).find("root certificate file");
    const auto open = original.find('"', phrase);
    const auto close = open == std::string::npos ? open : original.find('"', open + 1);
    const auto file = close == std::string::npos ? std::string("~/.postgresql/root.crt")
                                                 : original.substr(open + 1, close - open - 1);
    return make(Kind::tls_certificate, "tls_no_root_certificate",
                fmt::format("verifying the server's TLS certificate (sslmode=verify-ca or "
                            "verify-full) needs a root certificate, and there is none: \"{}\" "
                            "does not exist",
                            file),
                "give the CA that signed the server's certificate with sslrootcert=FILE (or put "
                "it in ~/.postgresql/root.crt), or use sslmode=require to encrypt without "
                "verifying the server");
  }
  if (has("root certificate file") || has("certificate verify failed") ||
      has("server certificate for") || has("does not match host name")) {
    return make(Kind::tls_certificate, "tls_certificate",
                "the server's TLS certificate could not be verified",
                "for sslmode=verify-ca/verify-full give the CA with sslrootcert=FILE (or put it "
                "in ~/.postgresql/root.crt), or use sslmode=require");
  }
  if (has("received invalid response to ssl negotiation") ||
      has("expected authentication request from server") || has("invalid response to ssl") ||
      has("server closed the connection unexpectedly") || has("unsupported frontend protocol") ||
      has("bad protocol version") || has("received invalid protocol negotiation")) {
    return make(Kind::not_postgres, "not_postgres",
                fmt::format("something answers at {}, but it does not speak the PostgreSQL "
                            "protocol",
                            where(target)),
                "check the port: is it PostgreSQL's (usually 5432) and not another service?");
  }
  if (has("too many connections") || has("remaining connection slots")) {
    return make(Kind::too_many_connections, "too_many_connections",
                fmt::format("the server at {} has no free connection slots", where(target)),
                "close idle connections or raise max_connections, then try again");
  }
  if (has("no pg_hba.conf entry") || has("not permitted to log in") ||
      has("permission denied for database")) {
    return make(Kind::not_allowed, "not_allowed",
                fmt::format("the server does not let user \"{}\" connect to \"{}\"", target.user,
                            target.database),
                "ask the server's administrator to allow this user, host and database (pg_hba.conf, "
                "LOGIN, CONNECT)");
  }
  return make(Kind::other, "connection_failed",
              fmt::format("could not connect to {}: {}", where(target),
                          std::string(util::trim(libpq_message))),
              "check the connection string");
}

}  // namespace pgimport::pg
