#pragma once
// A failure reported by libpq or the server, tagged with its endpoint and context.
#include <stdexcept>
#include <string>
#include <string_view>

struct pg_result;

namespace pgimport::pg {

enum class Endpoint { source, target, local };
std::string_view to_string(Endpoint endpoint) noexcept;

struct ErrorFields {
  std::string sqlstate;  // "" when libpq failed locally (e.g. the connection dropped)
  std::string message;   // the server's primary message, or libpq's
  std::string detail;
  std::string hint;
  std::string context;   // what pgimport was doing: "COPY public.orders FROM STDIN"
  int backend_pid = 0;
};

class Error : public std::runtime_error {
 public:
  Error(Endpoint endpoint, ErrorFields fields);

  Endpoint endpoint() const noexcept { return m_endpoint; }
  const ErrorFields& fields() const noexcept { return m_fields; }
  std::string_view sqlstate() const noexcept { return m_fields.sqlstate; }
  // Connection lost (class 08, admin shutdown 57P0x, or no SQLSTATE): a task may be retried.
  bool is_connection_failure() const noexcept;
  // 57014: canceled by us (Ctrl-C, timeout) or by an administrator.
  bool is_query_canceled() const noexcept;

 private:
  Endpoint m_endpoint;
  ErrorFields m_fields;
};

// Reads the fields of a failed result (nullptr: take libpq's connection-level message).
ErrorFields error_fields_from(const pg_result* result, std::string_view connection_message);

}  // namespace pgimport::pg
