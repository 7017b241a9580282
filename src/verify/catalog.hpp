#pragma once
// Reads one side's catalog into an Inventory (schema objects by kind and name, with a
// definition text that is equal on both sides when the objects are) and lists the tables
// whose data is compared.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pg/connection.hpp"
#include "verify/compare.hpp"

namespace pgimport::verify {

struct CatalogOptions {
  Level level = Level::counts;
  bool compare_ownership = false;
  bool compare_privileges = false;
  // PostgreSQL 17 added the MAINTAIN privilege: leave it out when either side predates it.
  bool include_maintain = true;
};

// A table (or populated materialized view) whose rows are compared.
struct DataTable {
  std::string object;  // schema.table, quoted as quote_ident does
  std::string schema;
  std::string name;
  std::int64_t bytes = 0;  // size as of the last VACUUM/ANALYZE: largest tables are started first
  std::string filter;      // an extension configuration table's "WHERE ..." (else empty)
};

// The database's own settings (ALTER DATABASE ... SET, ALTER ROLE ... IN DATABASE ... SET)
// are compared as this kind, each named by database_setting_object: "search_path", or
// "search_path (role alice)" for one role's.
inline constexpr std::string_view k_database_setting_kind = "database setting";
std::string database_setting_object(const std::string& role, const std::string& name);

// A view's definition split so it can be deparsed again by the other server.
struct ViewDefinition {
  std::string prefix;  // "view", "materialized view with (...)"
  std::string query;   // pg_get_viewdef
};

struct Catalog {
  Inventory objects;
  std::map<std::string, ViewDefinition> views;  // by object name
  std::vector<DataTable> tables;
};

// Reads everything, its queries shared out among `sessions` side by side (one will do). The
// caller has every session inside a transaction that reads the same snapshot.
Catalog read_catalog(const std::vector<pg::Connection*>& sessions, const CatalogOptions& options);

// The same view definition text the catalog gives for `view`, from its parts.
std::string view_definition_text(const ViewDefinition& view);

}  // namespace pgimport::verify
