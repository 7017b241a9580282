#include "pg/connection.hpp"

#include <libpq-fe.h>

#include <charconv>

#include "pg/redact.hpp"
#include "util/text.hpp"

namespace pgimport::pg {

ConnectError::ConnectError(Endpoint endpoint, ConnectFailure failure)
    : std::runtime_error(std::string(to_string(endpoint)) + ": " + failure.message),
      m_endpoint(endpoint),
      m_failure(std::move(failure)) {}

void Result::Clear::operator()(pg_result* result) const noexcept { PQclear(result); }

int Result::rows() const noexcept { return PQntuples(m_result.get()); }
int Result::columns() const noexcept { return PQnfields(m_result.get()); }

bool Result::is_null(int row, int column) const {
  return PQgetisnull(m_result.get(), row, column) != 0;
}

std::string_view Result::value(int row, int column) const {
  if (row < 0 || row >= rows() || column < 0 || column >= columns()) {
    throw std::out_of_range("result has no such row or column");
  }
  return {PQgetvalue(m_result.get(), row, column),
          static_cast<std::size_t>(PQgetlength(m_result.get(), row, column))};
}

std::optional<std::string> Result::optional_value(int row, int column) const {
  if (is_null(row, column)) {
    return std::nullopt;
  }
  return std::string(value(row, column));
}

std::int64_t Result::int_value(int row, int column) const {
  const auto text = value(row, column);
  std::int64_t number = 0;
  std::from_chars(text.data(), text.data() + text.size(), number);
  return number;
}

bool Result::bool_value(int row, int column) const { return value(row, column) == "t"; }

std::uint64_t Result::affected_rows() const {
  const char* text = PQcmdTuples(m_result.get());
  std::uint64_t number = 0;
  if (text != nullptr) {
    std::from_chars(text, text + std::char_traits<char>::length(text), number);
  }
  return number;
}

void Canceller::Free::operator()(pg_cancel* cancel) const noexcept { PQfreeCancel(cancel); }

bool Canceller::cancel() const noexcept {
  if (!m_cancel) {
    return false;
  }
  char error[256];
  return PQcancel(m_cancel.get(), error, sizeof error) != 0;
}

void CopyChunk::Free::operator()(char* data) const noexcept { PQfreemem(data); }

void Connection::Finish::operator()(pg_conn* connection) const noexcept { PQfinish(connection); }

Connection::Connection(pg_conn* connection, Endpoint endpoint, std::vector<std::string> secrets)
    : m_connection(connection), m_endpoint(endpoint), m_secrets(std::move(secrets)) {}

Connection Connection::open(const ConnInfo& info, Endpoint endpoint) {
  const auto params = info.libpq_params();
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  for (const auto& [keyword, value] : params) {
    keywords.push_back(keyword.c_str());
    values.push_back(value.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);

  std::vector<std::string> secrets;
  if (auto password = info.password(); !password.empty()) {
    secrets.push_back(std::move(password));
  }
  pg_conn* raw = PQconnectdbParams(keywords.data(), values.data(), 0);
  Connection connection(raw, endpoint, secrets);
  if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
    const std::string message = raw != nullptr ? PQerrorMessage(raw) : "out of memory";
    throw ConnectError(endpoint,
                       classify_connect_failure(redact(message, secrets),
                                                {info.host(), info.port(), info.user(),
                                                 info.database()}));
  }
  if (endpoint == Endpoint::source) {
    // The source is only ever read: make every transaction of this session read-only.
    connection.exec("SET default_transaction_read_only = on");
  }
  return connection;
}

Error Connection::make_error(const pg_result* result, std::string context) const {
  auto fields = error_fields_from(result, result == nullptr ? PQerrorMessage(m_connection.get()) : "");
  fields.message = redact(fields.message, m_secrets);
  fields.detail = redact(fields.detail, m_secrets);
  fields.context = std::move(context);
  fields.backend_pid = backend_pid();
  return Error(m_endpoint, std::move(fields));
}

namespace {

// The statement as an error's context: one line, at most ~100 characters.
std::string shorten_statement(std::string_view sql) {
  std::string line;
  for (const char c : util::trim(sql)) {
    const bool is_space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!is_space || (!line.empty() && line.back() != ' ')) {
      line += is_space ? ' ' : c;
    }
    if (line.size() > 100) {
      return line + "...";
    }
  }
  return line;
}

}  // namespace

Result Connection::check(pg_result* raw, std::string_view context) {
  Result result(raw);
  const auto status = PQresultStatus(raw);
  if (raw == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
                         status != PGRES_COPY_OUT && status != PGRES_COPY_IN)) {
    throw make_error(raw, shorten_statement(context));
  }
  return result;
}

Result Connection::exec(std::string_view sql, std::source_location /*where*/) {
  const std::string text(sql);
  return check(PQexec(m_connection.get(), text.c_str()), sql);
}

Result Connection::exec(std::string_view sql, const Params& params, std::source_location /*where*/) {
  const std::string text(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& param : params) {
    values.push_back(param ? param->c_str() : nullptr);
  }
  return check(PQexecParams(m_connection.get(), text.c_str(), static_cast<int>(values.size()),
                            nullptr, values.data(), nullptr, nullptr, 0),
               sql);
}

std::string Connection::query_value(std::string_view sql, const Params& params) {
  const auto result = exec(sql, params);
  if (result.rows() < 1 || result.columns() < 1) {
    throw make_error(nullptr, "expected a row from: " + std::string(sql));
  }
  return std::string(result.value(0, 0));
}

void Connection::start_copy_out(std::string_view sql, std::string context) {
  m_copy_context = std::move(context);
  const std::string text(sql);
  Result result(PQexec(m_connection.get(), text.c_str()));
  if (PQresultStatus(result.get()) != PGRES_COPY_OUT) {
    throw make_error(result.get(), m_copy_context);
  }
}

bool Connection::get_copy_data(CopyChunk& chunk) {
  char* buffer = nullptr;
  const int size = PQgetCopyData(m_connection.get(), &buffer, 0);
  if (size > 0) {
    chunk = CopyChunk(buffer, size);
    return true;
  }
  if (size == -1) {
    return false;  // done; finish_copy_out() reads the final status
  }
  throw make_error(nullptr, m_copy_context);
}

std::uint64_t Connection::finish_copy_out() {
  Result result(PQgetResult(m_connection.get()));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    auto error = make_error(result.get(), m_copy_context);
    while (Result(PQgetResult(m_connection.get())).get() != nullptr) {
    }
    throw error;
  }
  const auto rows = result.affected_rows();
  while (Result(PQgetResult(m_connection.get())).get() != nullptr) {
  }
  return rows;
}

void Connection::start_copy_in(std::string_view sql, std::string context) {
  m_copy_context = std::move(context);
  const std::string text(sql);
  Result result(PQexec(m_connection.get(), text.c_str()));
  if (PQresultStatus(result.get()) != PGRES_COPY_IN) {
    throw make_error(result.get(), m_copy_context);
  }
}

void Connection::put_copy_data(std::string_view data) {
  if (PQputCopyData(m_connection.get(), data.data(), static_cast<int>(data.size())) != 1) {
    throw make_error(nullptr, m_copy_context);
  }
}

std::uint64_t Connection::end_copy_in() {
  if (PQputCopyEnd(m_connection.get(), nullptr) != 1) {
    throw make_error(nullptr, m_copy_context);
  }
  return finish_copy_out();
}

Canceller Connection::canceller() const { return Canceller(PQgetCancel(m_connection.get())); }

int Connection::server_version() const noexcept { return PQserverVersion(m_connection.get()); }

int Connection::backend_pid() const noexcept { return PQbackendPID(m_connection.get()); }

std::string Connection::parameter_status(const char* name) const {
  const char* value = PQparameterStatus(m_connection.get(), name);
  return value != nullptr ? value : "";
}

std::string Connection::quote_identifier(std::string_view identifier) const {
  char* quoted = PQescapeIdentifier(m_connection.get(), identifier.data(), identifier.size());
  if (quoted == nullptr) {
    throw make_error(nullptr, "quoting an identifier");
  }
  std::string result(quoted);
  PQfreemem(quoted);
  return result;
}

std::string Connection::quote_literal(std::string_view literal) const {
  char* quoted = PQescapeLiteral(m_connection.get(), literal.data(), literal.size());
  if (quoted == nullptr) {
    throw make_error(nullptr, "quoting a literal");
  }
  std::string result(quoted);
  PQfreemem(quoted);
  return result;
}

bool Connection::is_alive() const noexcept {
  return m_connection && PQstatus(m_connection.get()) == CONNECTION_OK;
}

}  // namespace pgimport::pg
