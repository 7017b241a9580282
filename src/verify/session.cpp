#include "verify/session.hpp"

#include <future>

namespace pgimport::verify {

// jit = off: compiling a count, and loading LLVM into the session and into each parallel
// worker, cost more than the scan it would speed up (docs/BENCHMARKS.md, session 10); the
// catalog queries are too short to gain from it either.
pg::Connection open_session(const pg::ConnInfo& info, pg::Endpoint endpoint) {
  auto connection = pg::Connection::open(info, endpoint);
  connection.exec(
      "SET search_path = pg_catalog; SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; "
      "SET IntervalStyle = 'postgres'; SET extra_float_digits = 3; SET bytea_output = 'hex'; "
      "SET lc_monetary = 'C'; SET lc_numeric = 'C'; SET xmloption = 'content'; "
      "SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0; SET jit = off; "
      "SET application_name = 'pgimport verify'");
  return connection;
}

std::vector<pg::Connection> open_sessions(const pg::ConnInfo& info, pg::Endpoint endpoint, int count) {
  std::vector<std::future<pg::Connection>> others;
  for (int session = 1; session < count; ++session) {
    others.push_back(std::async(std::launch::async, [&info, endpoint] { return open_session(info, endpoint); }));
  }
  std::vector<pg::Connection> sessions;
  sessions.push_back(open_session(info, endpoint));
  for (auto& other : others) {
    sessions.push_back(other.get());  // a failed one throws here; the rest close as they go
  }
  return sessions;
}

void begin_read(pg::Connection& connection, const std::optional<std::string>& snapshot) {
  connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  if (snapshot) {
    // SET TRANSACTION SNAPSHOT takes no parameters: the id is quoted as a literal.
    connection.exec("SET TRANSACTION SNAPSHOT " + connection.quote_literal(*snapshot));
  }
}

std::optional<util::Cancellation::Guard> cancel_on(util::Cancellation* cancellation,
                                                   const pg::Connection& connection) {
  if (cancellation == nullptr) {
    return std::nullopt;
  }
  return cancellation->on_cancel([c = connection.canceller()] { c.cancel(); });
}

std::vector<util::Cancellation::Guard> cancel_on(util::Cancellation* cancellation,
                                                 const std::vector<pg::Connection>& sessions) {
  std::vector<util::Cancellation::Guard> guards;
  for (const auto& session : sessions) {
    if (auto guard = cancel_on(cancellation, session)) {
      guards.push_back(std::move(*guard));
    }
  }
  return guards;
}

}  // namespace pgimport::verify
