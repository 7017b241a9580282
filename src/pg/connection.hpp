#pragma once
// One libpq connection and the handles that come from it. Move-only; one thread at a time,
// except Canceller, which is made for use from another thread.
#include <cstdint>
#include <memory>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "pg/connect_failure.hpp"
#include "pg/conninfo.hpp"
#include "pg/error.hpp"

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace pgimport::pg {

// The connection could not be opened: `failure` says why in plain words.
class ConnectError : public std::runtime_error {
 public:
  ConnectError(Endpoint endpoint, ConnectFailure failure);
  Endpoint endpoint() const noexcept { return m_endpoint; }
  const ConnectFailure& failure() const noexcept { return m_failure; }

 private:
  Endpoint m_endpoint;
  ConnectFailure m_failure;
};

class Result {
 public:
  Result() = default;
  explicit Result(pg_result* result) : m_result(result) {}

  int rows() const noexcept;
  int columns() const noexcept;
  bool is_null(int row, int column) const;
  std::string_view value(int row, int column) const;  // "" for NULL
  std::optional<std::string> optional_value(int row, int column) const;
  std::int64_t int_value(int row, int column) const;
  bool bool_value(int row, int column) const;  // PostgreSQL's 't'/'f'
  std::uint64_t affected_rows() const;         // from the command tag ("COPY 42")
  pg_result* get() const noexcept { return m_result.get(); }

 private:
  struct Clear {
    void operator()(pg_result* result) const noexcept;
  };
  std::unique_ptr<pg_result, Clear> m_result;
};

// Cancels whatever its connection is running; safe to call from any thread.
class Canceller {
 public:
  Canceller() = default;
  explicit Canceller(pg_cancel* cancel) : m_cancel(cancel, Free{}) {}
  // Best effort; returns false if the cancel request could not be sent.
  bool cancel() const noexcept;

 private:
  struct Free {
    void operator()(pg_cancel* cancel) const noexcept;
  };
  std::shared_ptr<pg_cancel> m_cancel;
};

// A buffer handed out by PQgetCopyData, freed on destruction.
class CopyChunk {
 public:
  CopyChunk() = default;
  CopyChunk(char* data, int size) : m_data(data), m_size(size) {}
  std::string_view view() const noexcept {
    return {m_data.get(), static_cast<std::size_t>(m_size)};
  }

 private:
  struct Free {
    void operator()(char* data) const noexcept;
  };
  std::unique_ptr<char, Free> m_data;
  int m_size = 0;
};

using Params = std::vector<std::optional<std::string>>;

class Connection {
 public:
  // Opens a connection; throws ConnectError with a plain reason when it cannot.
  // A source connection is made read-only for its whole life (default_transaction_read_only).
  static Connection open(const ConnInfo& info, Endpoint endpoint);

  Result exec(std::string_view sql, std::source_location where = std::source_location::current());
  Result exec(std::string_view sql, const Params& params,
              std::source_location where = std::source_location::current());
  // Runs `sql` and returns the first column of the first row (throws if there is no row).
  std::string query_value(std::string_view sql, const Params& params = {});

  // COPY ... TO STDOUT: start, then read chunks until get_copy_data returns false.
  void start_copy_out(std::string_view sql, std::string context);
  bool get_copy_data(CopyChunk& chunk);
  // COPY ... FROM STDIN: start, put, end; end returns the rows the server reports.
  void start_copy_in(std::string_view sql, std::string context);
  void put_copy_data(std::string_view data);
  std::uint64_t end_copy_in();
  std::uint64_t finish_copy_out();  // after get_copy_data returned false: rows sent

  Canceller canceller() const;
  int server_version() const noexcept;  // e.g. 150004
  int server_major() const noexcept { return server_version() / 10000; }
  int backend_pid() const noexcept;
  Endpoint endpoint() const noexcept { return m_endpoint; }
  std::string parameter_status(const char* name) const;
  std::string quote_identifier(std::string_view identifier) const;
  std::string quote_literal(std::string_view literal) const;
  bool is_alive() const noexcept;

  // Error for the last failure on this connection, with `context` naming the object.
  Error make_error(const pg_result* result, std::string context) const;

 private:
  struct Finish {
    void operator()(pg_conn* connection) const noexcept;
  };
  Connection(pg_conn* connection, Endpoint endpoint, std::vector<std::string> secrets);
  Result check(pg_result* result, std::string_view context);

  std::unique_ptr<pg_conn, Finish> m_connection;
  Endpoint m_endpoint = Endpoint::target;
  std::vector<std::string> m_secrets;  // passwords to scrub from any message
  std::string m_copy_context;
};

}  // namespace pgimport::pg
