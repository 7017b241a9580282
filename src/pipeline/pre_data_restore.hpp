#pragma once
// Restores pre-data into the branch: in order through pg_restore, except long runs of tables,
// sequences, views and their defaults, which `jobs` sessions create side by side (thousands
// of tables are otherwise created one after another in one session). An entry that ran
// before something it needs fails without effect (each entry is one transaction) and runs
// again, in order, once its run is done.
#include "schema/schema_dump.hpp"
#include "util/cancellation.hpp"

namespace pgimport::pipeline {

struct PreDataStats {
  std::size_t entries = 0;           // pre-data entries restored
  std::size_t parallel_entries = 0;  // of them, created by parallel sessions
  std::size_t rerun_entries = 0;     // of those, run again after their run (dependencies)
};

// Throws schema::SchemaError naming the entry that failed.
PreDataStats restore_pre_data(const schema::SchemaDump& dump, const schema::RestoreSettings& settings,
                              int jobs, util::Cancellation& cancellation);

}  // namespace pgimport::pipeline
