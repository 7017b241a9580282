#pragma once
// pg_dump's SQL runs with an empty search_path. An index, constraint or materialized view on
// a function whose body calls another without its schema (a classic immutable wrapper)
// then fails to resolve the inner name, as in pg_restore, although it worked on the source.
// Such a statement runs once more with the source database's search_path.
#include <optional>
#include <string>

#include "pg/connection.hpp"

namespace pgimport::pipeline {

struct FallbackOutcome {
  pg::Result result;
  // Set when the statement only ran with the fallback: the empty search_path's error.
  std::optional<std::string> first_error;
};

// Runs `sql` (in one implicit transaction: nothing of a failed attempt is left to undo); on an
// unresolved name, and if `fallback_search_path` is not empty, runs it again with that
// search_path, then goes back to the empty one. A second failure throws the first error,
// which says what the source's SQL lacks.
FallbackOutcome exec_with_search_path_fallback(pg::Connection& connection, const std::string& sql,
                                               const std::string& fallback_search_path);

// The warning for what only ran with the fallback ("<what>: <first error>").
std::string fallback_warning(const std::string& what_and_error, const std::string& search_path);

}  // namespace pgimport::pipeline
