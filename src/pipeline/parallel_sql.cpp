#include "pipeline/parallel_sql.hpp"

#include <algorithm>
#include <optional>

#include "pg/connection.hpp"
#include "util/work_sharing.hpp"

namespace pgimport::pipeline {

namespace {

// A worker's session, opened at its first statement; a stop cancels what it runs.
struct Session {
  std::optional<pg::Connection> connection;
  std::optional<util::Cancellation::Guard> guard;  // declared last: removed first
};

}  // namespace

void run_in_parallel(const pg::ConnInfo& branch, const std::string& preamble,
                     const std::vector<std::string>& statements, int jobs,
                     util::Cancellation& cancellation, RunFailure& failure) {
  std::vector<Session> sessions(static_cast<std::size_t>(std::max(1, jobs)));
  try {
    util::share_work(sessions.size(), statements.size(), [&](std::size_t worker, std::size_t item) {
      if (cancellation.is_requested()) {
        return;
      }
      try {
        auto& session = sessions[worker];
        if (!session.connection) {
          session.connection.emplace(pg::Connection::open(branch, pg::Endpoint::target));
          session.guard.emplace(
              cancellation.on_cancel([c = session.connection->canceller()] { c.cancel(); }));
          if (!preamble.empty()) {
            session.connection->exec(preamble);
          }
        }
        session.connection->exec(statements[item]);
      } catch (...) {
        // Recorded here, not after share_work returns: the stop must reach the statements
        // the other sessions are running now.
        failure.fail(std::current_exception(), cancellation);
        throw;
      }
    });
  } catch (...) {
    // Already in `failure` (the first one, or an echo of the stop it caused).
  }
}

}  // namespace pgimport::pipeline
