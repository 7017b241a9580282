#include "pipeline/search_path_fallback.hpp"

#include <fmt/format.h>

#include <string_view>

#include "pg/error.hpp"

namespace pgimport::pipeline {
namespace {

// A function, table or column, or a type, operator or dictionary the search_path did not find.
bool is_unresolved_name(std::string_view sqlstate) {
  return sqlstate == "42883" || sqlstate == "42P01" || sqlstate == "42704";
}

}  // namespace

FallbackOutcome exec_with_search_path_fallback(pg::Connection& connection, const std::string& sql,
                                               const std::string& fallback_search_path) {
  try {
    return {connection.exec(sql), std::nullopt};
  } catch (const pg::Error& error) {
    if (fallback_search_path.empty() || !is_unresolved_name(error.sqlstate())) {
      throw;
    }
    connection.exec("SELECT pg_catalog.set_config('search_path', $1, false)", {fallback_search_path});
    try {
      auto result = connection.exec(sql);
      connection.exec("SELECT pg_catalog.set_config('search_path', '', false)");
      return {std::move(result), error.fields().message};
    } catch (const pg::Error&) {
      throw error;  // the first error says what the source's SQL lacks
    }
  }
}

std::string fallback_warning(const std::string& what_and_error, const std::string& search_path) {
  return fmt::format(
      "{}: failed with pg_dump's empty search_path, so it ran again with the source "
      "database's ({}) and succeeded. pg_dump and pg_restore would fail here: give the "
      "function that leaves the schema out its own search_path (ALTER FUNCTION ... SET "
      "search_path = ...) or qualify the names in its body",
      what_and_error, search_path);
}

}  // namespace pgimport::pipeline
