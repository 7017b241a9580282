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

// Sort memory for the sessions that build indexes and validate constraints on the branch:
// the server's shared_buffers, between 256 MB and 1 GB, never less than its own setting.
// More memory keeps index builds' sorts in memory (1 GB instead of 256 MB made onebig's three
// builds ~7% faster, pgbench's primary key ~4%: docs/BENCHMARKS.md); shared_buffers tells
// roughly what the server's machine can spare, since one build per index job runs at once.
std::uint64_t index_sort_memory_bytes(std::uint64_t shared_buffers_bytes,
                                      std::uint64_t maintenance_work_mem_bytes);
// The SET statements for those sessions: that memory, and commits that need not wait for
// the disk (the branch is not in use until it is complete).
std::string index_session_settings(std::uint64_t sort_memory_bytes);

struct TableIndexWork {
  // Built concurrently, as soon as the table is loaded: CREATE INDEX takes a SHARE lock,
  // so several builds on one table run side by side. Primary keys and unique constraints are
  // built here as plain unique indexes...
  std::vector<std::string> builds;
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

struct PostDataPlan {
  std::string preamble;                 // SET statements for every session running the SQL
  std::vector<TableIndexWork> tables;   // parallel to the copied tables
  std::vector<ForeignKeyWork> foreign_keys;
  std::vector<schema::TocEntry> remaining;           // pg_restore, after the table work
  std::vector<schema::TocEntry> after_foreign_keys;  // comments on constraints
  std::size_t index_count = 0;
};

PostDataPlan plan_post_data(const std::vector<schema::TocEntry>& entries,
                            const schema::RestoreScript& script,
                            const inspect::PostDataObjects& objects,
                            const std::vector<model::TableInfo>& tables);

}  // namespace pgimport::pipeline
