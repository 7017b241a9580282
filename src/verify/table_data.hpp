#pragma once
// Compares the row counts of tables on both sides (row contents are compared from COPY
// digests by pipeline/relay_verification). Counts known already (an import's COPY and
// read-back) are taken as they are; `jobs` workers count the rest, largest tables first, each
// with its own branch session and a source session once it needs one, both sides of a table
// at once.
#include <vector>

#include "verify/catalog.hpp"
#include "verify/compare.hpp"

namespace pgimport::verify {

struct TableResult {
  DataTable table;
  TableSide source;
  TableSide branch;
};

// The query that counts one side of a table (its own rows: not an inheritance child's). An
// extension's configuration table is counted through its filter (pg_dump's "WHERE ..."):
// the rows the copy carries; the others are compared as the catalog's "extension rows".
std::string table_query(const std::string& quoted_table, const std::string& filter = "");

// Every table of `tables`, in the order given.
std::vector<TableResult> compare_table_data(const VerifyInputs& inputs, std::vector<DataTable> tables);

}  // namespace pgimport::verify
