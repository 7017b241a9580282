#include "pipeline/source_session.hpp"

#include <fmt/format.h>

#include "util/text.hpp"

namespace pgimport::pipeline {
void pin_text_formats(pg::Connection& connection, const std::string& client_encoding) {
  connection.exec("SET DateStyle = ISO; SET IntervalStyle = postgres; SET extra_float_digits = 3; "
                  "SET bytea_output = hex");
  if (!client_encoding.empty()) {
    connection.exec("SET client_encoding = " + connection.quote_literal(client_encoding));
  }
}

void configure_source_session(pg::Connection& source, std::chrono::milliseconds lock_timeout,
                              const std::string& client_encoding) {
  // The coordinator sits idle in its transaction for the whole import: a server-side idle
  // timeout would kill the snapshot.
  source.exec(fmt::format("SET lock_timeout = {}; SET statement_timeout = 0; "
                          "SET idle_in_transaction_session_timeout = 0",
                          lock_timeout.count()));
  pin_text_formats(source, client_encoding);
}

void configure_target_session(pg::Connection& target, const std::string& client_encoding) {
  // Only this session's commits: the branch is not usable until the import completes anyway.
  target.exec("SET synchronous_commit = off; SET statement_timeout = 0");
  pin_text_formats(target, client_encoding);
}

ExportedSnapshot::ExportedSnapshot(pg::Connection connection) : m_connection(std::move(connection)) {
  m_connection.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  const auto row = m_connection.exec(
      "SELECT pg_export_snapshot(), to_char(now() AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
  m_id = row.value(0, 0);
  m_taken_at = row.value(0, 1);
}

void ExportedSnapshot::lock_tables(const std::vector<std::string>& tables) {
  constexpr std::size_t k_batch = 200;
  for (std::size_t start = 0; start < tables.size(); start += k_batch) {
    std::vector<std::string> batch;
    for (std::size_t i = start; i < std::min(tables.size(), start + k_batch); ++i) {
      batch.push_back("ONLY " + tables[i]);
    }
    m_connection.exec("SAVEPOINT pgimport_lock");
    try {
      m_connection.exec("LOCK TABLE " + util::join(batch, ", ") + " IN ACCESS SHARE MODE");
    } catch (const pg::Error& error) {
      if (error.sqlstate() != "55P03") {
        throw;
      }
      name_the_locked_table(batch, error);
    }
    m_connection.exec("RELEASE SAVEPOINT pgimport_lock");
  }
}

void ExportedSnapshot::name_the_locked_table(const std::vector<std::string>& batch,
                                             const pg::Error& timeout) {
  // Which one is it? Try each without waiting; the transaction (and snapshot) survive
  // thanks to the savepoint.
  for (const auto& table : batch) {
    m_connection.exec("ROLLBACK TO SAVEPOINT pgimport_lock");
    try {
      m_connection.exec("LOCK TABLE " + table + " IN ACCESS SHARE MODE NOWAIT");
    } catch (const pg::Error&) {
      auto fields = timeout.fields();
      fields.message = fmt::format("the source table {} stayed locked by another session "
                                   "longer than --lock-timeout",
                                   table.substr(5));  // without "ONLY "
      fields.hint = "wait for that session to finish (see pg_locks / pg_stat_activity on the "
                    "source), or raise --lock-timeout";
      fields.context = "locking the source tables";
      throw pg::Error(timeout.endpoint(), std::move(fields));
    }
  }
  throw timeout;  // the lock was released meanwhile: report what happened
}

void join_snapshot(pg::Connection& source, const std::string& id) {
  source.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  source.exec("SET TRANSACTION SNAPSHOT " + source.quote_literal(id));
}

}  // namespace pgimport::pipeline
