#include "pg/error.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include "pg/redact.hpp"
#include "util/text.hpp"

namespace pgimport::pg {
namespace {

std::string describe(Endpoint endpoint, const ErrorFields& fields) {
  std::string text = std::string(to_string(endpoint));
  if (fields.backend_pid != 0) {
    text += fmt::format(" (pid {})", fields.backend_pid);
  }
  text += ": ";
  if (!fields.sqlstate.empty()) {
    text += fields.sqlstate + " ";
  }
  text += fields.message;
  if (!fields.detail.empty()) {
    text += " (" + fields.detail + ")";
  }
  if (!fields.hint.empty()) {
    text += " Hint: " + fields.hint;
  }
  if (!fields.context.empty()) {
    text += " [while: " + fields.context + "]";
  }
  return redact(text);
}

std::string field(const pg_result* result, int code) {
  const char* value = PQresultErrorField(result, code);
  return value != nullptr ? std::string(util::trim(value)) : std::string();
}

}  // namespace

std::string_view to_string(Endpoint endpoint) noexcept {
  switch (endpoint) {
    case Endpoint::source:
      return "source";
    case Endpoint::target:
      return "target";
    case Endpoint::local:
      return "local";
  }
  return "?";
}

Error::Error(Endpoint endpoint, ErrorFields fields)
    : std::runtime_error(describe(endpoint, fields)),
      m_endpoint(endpoint),
      m_fields(std::move(fields)) {}

bool Error::is_connection_failure() const noexcept {
  const auto& state = m_fields.sqlstate;
  return state.empty() || state.starts_with("08") || state == "57P01" || state == "57P02" ||
         state == "57P03";
}

bool Error::is_query_canceled() const noexcept { return m_fields.sqlstate == "57014"; }

ErrorFields error_fields_from(const pg_result* result, std::string_view connection_message) {
  ErrorFields fields;
  if (result != nullptr) {
    fields.sqlstate = field(result, PG_DIAG_SQLSTATE);
    fields.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
    fields.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
    fields.hint = field(result, PG_DIAG_MESSAGE_HINT);
  }
  if (fields.message.empty()) {
    fields.message = std::string(util::trim(connection_message));
    if (fields.message.empty() && result != nullptr) {
      fields.message = std::string(util::trim(PQresultErrorMessage(result)));
    }
  }
  if (fields.message.empty()) {
    fields.message = "unknown error";
  }
  return fields;
}

}  // namespace pgimport::pg
