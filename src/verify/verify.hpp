#pragma once
// Proves a branch equals its source: the schema object by object (catalog inventories of
// both sides, compared by name and definition), each table's row count, and at Level::full
// large objects' contents. Tables' row contents are compared by the caller from COPY digests
// (pipeline/relay_verification: during an import from the relay's digests, standalone by
// reading both sides), so every full comparison digests the same bytes the same way.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "pg/conninfo.hpp"
#include "util/cancellation.hpp"

namespace pgimport::verify {

enum class Level { counts, full };

struct VerifyInputs {
  pg::ConnInfo source;  // the source database
  pg::ConnInfo branch;  // the branch database on the target
  // An exported snapshot id held open by the caller: every source session runs
  // BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '<id>',
  // so the source is read as of the import.
  std::optional<std::string> snapshot;
  Level level = Level::counts;
  int jobs = 2;  // parallel table comparisons (each its own source+branch connection pair)
  bool compare_ownership = false;   // only when the import kept owners (--keep-owners)
  bool compare_privileges = false;  // only with --keep-privileges
  // Row counts the caller already knows for the source (schema.table -> rows), e.g. from
  // COPY; when present for a table at Level::counts, the source is not counted again.
  // Keys may be plain (`shop.orders`) or quoted as quote_ident would (`"My Schema".t`).
  std::map<std::string, std::uint64_t> known_source_rows;
  // The same for the branch, e.g. counted as soon as each table was loaded: a table known on
  // both sides is not read here at all (same keys as known_source_rows).
  std::map<std::string, std::uint64_t> known_branch_rows;
  // Sequence values the caller copied ("schema"."name" quoted as quote_ident would -> value
  // text as the inventory shows it: "<last_value> (called)" or "<last_value> (not called)").
  // Sequences are not transactional, so during an import the value the branch must equal is
  // the one read when it was copied, not the source's value now (a live source moves on).
  std::map<std::string, std::string> known_source_sequences;
  // When given, a stop requested on it (Ctrl-C, --timeout) cancels every running query.
  util::Cancellation* cancellation = nullptr;
};

struct Difference {
  // "schema", "table", "column", "constraint", "index", "view", "function", "trigger",
  // "policy", "type", "extension", "sequence", "comment", "rule", "statistics",
  // "large_object", "owner", "privilege", "rows" (here), "checksum" (relay_verification)
  std::string kind;
  std::string object;  // qualified name, e.g. "public.orders" or "public.orders.orders_pkey"
  std::string source;  // the source's definition/value ("" = absent)
  std::string branch;  // the branch's definition/value ("" = absent)
};

struct VerifyReport {
  int objects_compared = 0;
  int tables_compared = 0;
  std::uint64_t rows_compared = 0;
  std::vector<Difference> differences;
  bool is_equal() const noexcept { return differences.empty(); }
};

struct Catalog;

// The source's half of a verification. During an import the snapshot keeps the source as it
// was, so this can be read while the data is still being copied.
struct SourceSide {
  std::shared_ptr<Catalog> catalog;
  int major = 0;         // the source server's
  int branch_major = 0;  // the branch server's, which decided what was read
};
SourceSide read_source_side(const VerifyInputs& inputs, int branch_major);

// Throws pg::Error / pg::ConnectError when either side cannot be read.
VerifyReport verify_branch(const VerifyInputs& inputs);
// The same, with the source's side read beforehand (same inputs).
VerifyReport verify_branch(const VerifyInputs& inputs, SourceSide source);

nlohmann::json to_json(const VerifyReport& report);
std::string_view to_string(Level level) noexcept;

}  // namespace pgimport::verify
