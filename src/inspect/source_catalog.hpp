#pragma once
// Reads what the import needs from the source's catalogs, inside the import's snapshot.
#include <cstdint>
#include <map>
#include <utility>
#include <string>
#include <vector>

#include "model/table.hpp"
#include "pg/connection.hpp"

namespace pgimport::inspect {

struct SourceDatabase {
  std::string name;
  std::string encoding;
  std::string lc_collate;
  std::string lc_ctype;
  std::string locale_provider;  // "" before PostgreSQL 15
  std::string icu_locale;
  std::uint64_t size_bytes = 0;
  // What pg_dump writes only with --create and the import does not carry (named as skipped):
  bool has_comment = false;     // COMMENT ON DATABASE (the branch's status lives there)
  std::string privileges;       // datacl as text when not the default, e.g. "{=c/o,o=CTc/o}"
  int connection_limit = -1;    // ALTER DATABASE ... CONNECTION LIMIT (-1: none)
};

struct SourceCatalog {
  SourceDatabase database;
  std::vector<model::TableInfo> tables;  // tables whose rows are copied (leaf partitions, not parents)
  std::vector<model::SequenceInfo> sequences;
  std::vector<std::uint32_t> large_objects;
  std::vector<model::DatabaseSetting> database_settings;
  std::uint64_t total_table_bytes = 0;
};

// `source` must already be inside the snapshot's transaction.
SourceCatalog read_source_catalog(pg::Connection& source);

// The connected database's name, encoding, locale, size, and what pg_dump --create would
// write about it that the import does not carry (comment, privileges, connection limit).
SourceDatabase read_database(pg::Connection& source);

// The connected database's settings (ALTER DATABASE / ALTER ROLE ... IN DATABASE ... SET),
// in the order pg_db_role_setting keeps them: read on the source to copy, on both sides to
// verify.
std::vector<model::DatabaseSetting> read_database_settings(pg::Connection& connection);

// Every user table (quoted "schema.name"), read without taking any lock: what the import
// locks before it reads sizes (which would wait on a table another session locked).
std::vector<std::string> list_user_tables(pg::Connection& source);

// Every index and table constraint of the source, by catalog and OID (the OIDs pg_restore's
// TOC shows): {'i', index oid} or {'c', constraint oid}. Sets the transaction's search_path
// to '' so definitions come fully qualified.
using PostDataObjects = std::map<std::pair<char, std::uint32_t>, model::PostDataObject>;
PostDataObjects read_post_data_objects(pg::Connection& source);

}  // namespace pgimport::inspect
