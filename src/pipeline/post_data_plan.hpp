#pragma once
// How post-data is restored: which indexes and constraints the engine builds itself, table by
// table, while other tables still copy; which foreign keys it adds NOT VALID and validates in
// parallel; and what is left to pg_restore (triggers, rules, policies, matview refreshes,
// partitioned parents' indexes and their ATTACHes, comments...).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "inspect/source_catalog.hpp"
#include "model/table.hpp"
#include "schema/restore_script.hpp"
#include "schema/toc.hpp"

namespace pgimport::pipeline {

struct TableIndexWork {
  // Built concurrently, as soon as the table is loaded: CREATE INDEX takes a SHARE lock,
  // so several builds on one table run side by side. Primary keys and unique constraints are
  // built here as plain unique indexes...
  std::vector<std::string> builds;
  std::vector<std::uint64_t> build_source_bytes;  // parallel to builds: the index's size on the source
  // ...and become constraints here, afterwards, one statement at a time (ALTER TABLE takes
  // an exclusive lock): ADD CONSTRAINT ... USING INDEX, which reuses the index just built.
  std::vector<std::string> finishes;
  std::vector<std::string> names;  // what is built, for progress ("orders_pkey", ...)
};

struct ForeignKeyWork {
  std::string name;          // "public.orders.orders_customer_fkey"
  std::string add;           // ADD CONSTRAINT, NOT VALID where it will be validated next
  std::string validate;      // VALIDATE CONSTRAINT, or "" (added as the source has it)
};

// REFRESH MATERIALIZED VIEW, as pg_dump wrote it (its last post-data entries, in dependency
// order).
struct MatviewRefresh {
  schema::TocEntry entry;
  std::string sql;
};

struct PostDataPlan {
  std::string preamble;                 // SET statements for every session running the SQL
  std::vector<TableIndexWork> tables;   // parallel to the copied tables
  std::vector<ForeignKeyWork> foreign_keys;
  std::vector<schema::TocEntry> remaining;           // pg_restore, after the table work
  std::vector<MatviewRefresh> refreshes;             // after remaining (pg_restore, or one by one)
  std::vector<schema::TocEntry> after_foreign_keys;  // comments on constraints
  std::size_t index_count = 0;
};

PostDataPlan plan_post_data(const std::vector<schema::TocEntry>& entries,
                            const schema::RestoreScript& script,
                            const inspect::PostDataObjects& objects,
                            const std::vector<model::TableInfo>& tables);

}  // namespace pgimport::pipeline
