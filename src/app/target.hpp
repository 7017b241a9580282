#pragma once
// Where an import or check goes: the --target connection string, or the local PostgreSQL.
#include <string>

#include "app/options.hpp"
#include "app/output.hpp"
#include "pg/conninfo.hpp"

namespace pgimport::app {

// Parses --target (adding dbname=postgres when it names no database), or (when empty) starts
// the local PostgreSQL if needed and connects to it.
// Throws UsageError for a malformed connection string.
pg::ConnInfo resolve_target(const std::string& target, const GlobalOptions& global, Output& output);

// A mistake in what the user typed: exit code 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a connection string or throws UsageError naming which one (`role`: source/target).
pg::ConnInfo parse_connection_string(const std::string& text, std::string_view role);

}  // namespace pgimport::app
