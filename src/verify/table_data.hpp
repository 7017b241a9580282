#pragma once
// Compares the data of tables on both sides: row counts, and at Level::full a content
// checksum, each computed on the server in one sequential scan. `jobs` workers, each with
// its own source and branch session, take tables largest first; a worker reads both sides
// of a table at the same time.
#include <vector>

#include "verify/catalog.hpp"
#include "verify/compare.hpp"

namespace pgimport::verify {

struct TableResult {
  DataTable table;
  TableSide source;
  TableSide branch;
};

// The query that reads one side of a table: count(*), and at full level the sum of a
// 64-bit hash (the first 16 hex digits of md5) of each row's text form. A sum (not xor)
// keeps duplicate rows counted; NULL and '' differ in a record's text ("()" vs "(\"\")").
std::string table_query(const std::string& quoted_table, Level level);

// Every table of `tables`, in the order given.
std::vector<TableResult> compare_table_data(const VerifyInputs& inputs, std::vector<DataTable> tables);

}  // namespace pgimport::verify
