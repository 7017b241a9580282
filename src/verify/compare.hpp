#pragma once
// The decisions of verification, free of any connection: how two catalogs and two sets of
// table results become a list of differences. Unit-tested beside the code.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "verify/verify.hpp"

namespace pgimport::verify {

// One side's schema: (kind, object) -> definition. Kinds as in Difference::kind.
using Inventory = std::map<std::pair<std::string, std::string>, std::string>;

// Runs of whitespace become one space; leading and trailing whitespace goes.
std::string collapse_whitespace(std::string_view text);

// Whether two definitions of the same object are equal. Servers of the same major deparse
// identically, so those must match exactly; across majors whitespace may differ.
bool definitions_match(std::string_view source, std::string_view branch, bool is_same_major);

// Every object present on one side only, or defined differently, in (kind, object) order.
std::vector<Difference> compare_inventories(const Inventory& source, const Inventory& branch,
                                            bool is_same_major);

// Number of distinct (kind, object) keys over both sides.
int count_objects(const Inventory& source, const Inventory& branch);

// What one side says about one table's data.
struct TableSide {
  std::uint64_t rows = 0;
};

// "rows" when the counts differ.
std::optional<Difference> compare_table(const std::string& object, const TableSide& source,
                                        const TableSide& branch);

// The caller's known row count for a table, looked up by its plain name (`shop.orders`) or
// by the quoted form pgimport uses for objects (`"My Schema".orders`).
std::optional<std::uint64_t> find_known_rows(const std::map<std::string, std::uint64_t>& known,
                                             const std::string& schema, const std::string& table,
                                             const std::string& quoted_object);

// An extension present on both sides, in the same schema, at another version: CREATE
// EXTENSION installs the target's default version, as pg_restore does (the check warns of it
// beforehand: extensions.version). The two versions, or nullopt for any other difference.
struct ExtensionVersions {
  std::string source;
  std::string branch;
};
std::optional<ExtensionVersions> extension_version_change(const Difference& difference);

}  // namespace pgimport::verify
