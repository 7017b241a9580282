#pragma once
// What the import knows about each source table, sequence and large object: small value
// types that cross module boundaries (inspect -> copy -> pipeline -> verify).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pgimport::model {

// Below this size a table is "small": loading and indexing it costs less than the per-table
// machinery meant for big ones (FREEZE after TRUNCATE, parallel index builds, separate ANALYZE),
// so small tables skip that machinery. Thousands of small tables are common.
inline constexpr std::uint64_t k_small_table_bytes = 4ull * 1024 * 1024;

struct TableInfo {
  std::uint32_t oid = 0;
  std::string schema;
  std::string name;
  std::string qualified_name;       // "schema.name" quoted as SQL needs it
  std::string display_name;         // schema.name as a user reads it (unquoted)
  std::vector<std::string> columns; // quoted column names to copy: no dropped or generated ones
  std::uint64_t bytes = 0;          // heap + TOAST size on the source, for scheduling/progress
  std::uint64_t pages = 0;          // heap pages (8 kB) for splitting into ctid ranges
  bool is_binary_safe = false;      // every column type has a version-stable binary form
  bool is_unlogged = false;
  bool is_small() const noexcept { return bytes < k_small_table_bytes; }
  // Extension configuration table: copy only rows matching this WHERE clause (may be ""),
  // into the rows the extension script already created; nullopt for ordinary tables.
  std::optional<std::string> extension_filter;
  // For a configuration table: the other configuration tables its foreign keys (which the
  // extension made, so they hold while loading) reference. Their rows must load first.
  std::vector<std::uint32_t> configuration_references;
};

// A setting of the source database (ALTER DATABASE ... SET), or of one role in it (ALTER
// ROLE ... IN DATABASE ... SET): pg_dump writes these only with --create, so the import
// carries them itself.
struct DatabaseSetting {
  std::string role;   // "" for every role
  std::string name;   // e.g. "search_path", "app.tenant"
  std::string value;  // as pg_db_role_setting keeps it (SET syntax for list settings)
};

struct SequenceInfo {
  std::string qualified_name;
  std::string display_name;
  // The extension whose own sequence this is ("" for the user's and for an extension's
  // configuration sequences, which pg_dump copies): CREATE EXTENSION makes it anew at its
  // start, and pg_dump leaves its value behind, so the copy carries it.
  std::string extension;
};

// An index or constraint of the source, as the post-data planning needs it: which table it
// belongs to, and enough to rebuild a primary key or unique constraint from an index.
struct PostDataObject {
  std::uint32_t oid = 0;        // pg_class oid of an index, or pg_constraint oid
  std::uint32_t table_oid = 0;  // the table it belongs to
  char kind = 'i';              // 'i' index; else pg_constraint.contype (p, u, x, c, f, t)
  std::string quoted_name;      // constraint name, quoted
  bool is_deferrable = false;
  bool is_deferred = false;
  bool is_validated = true;
  std::string unique_index_definition;  // p/u: CREATE UNIQUE INDEX ..., fully qualified
  bool references_partitioned = false;  // f: the referenced table is partitioned
  std::uint64_t index_bytes = 0;        // i, and p/u: the size of the index on the source
};

}  // namespace pgimport::model
