#pragma once
// Sessions on both servers, set up the same way for every worker: one exported snapshot of
// the source that everything reads through, and text formats pinned on both sides so COPY's
// text form means the same thing to the reader and the writer.
#include <chrono>
#include <string>
#include <vector>

#include "model/table.hpp"
#include "pg/connection.hpp"

namespace pgimport::pipeline {

// Text forms (dates, intervals, floats, bytea) and client encoding pinned, so COPY's text
// means the same to every session that reads or writes it.
void pin_text_formats(pg::Connection& connection, const std::string& client_encoding);

// Settings both sides of a COPY must agree on, plus timeouts that must not kill a long import.
void configure_source_session(pg::Connection& source, std::chrono::milliseconds lock_timeout,
                              const std::string& client_encoding);
void configure_target_session(pg::Connection& target, const std::string& client_encoding);

// The coordinator's transaction: REPEATABLE READ READ ONLY, its snapshot exported for pg_dump,
// the workers and verification. Held open (the snapshot lives as long as it does).
class ExportedSnapshot {
 public:
  explicit ExportedSnapshot(pg::Connection connection);
  const std::string& id() const noexcept { return m_id; }
  const std::string& taken_at() const noexcept { return m_taken_at; }  // source's now(), ISO 8601
  pg::Connection& connection() noexcept { return m_connection; }
  // Takes ACCESS SHARE locks on the tables (quoted names), so no DDL can change them until the
  // import ends (pg_dump does the same while it runs). Waits at most the session's
  // lock_timeout; a table another session keeps locked longer is named in the error.
  void lock_tables(const std::vector<std::string>& tables);

 private:
  [[noreturn]] void name_the_locked_table(const std::vector<std::string>& batch,
                                          const pg::Error& timeout);

  pg::Connection m_connection;
  std::string m_id;
  std::string m_taken_at;
};

// Starts a transaction on `source` that reads through the exported snapshot `id`.
void join_snapshot(pg::Connection& source, const std::string& id);

}  // namespace pgimport::pipeline
