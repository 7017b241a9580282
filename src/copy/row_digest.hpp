#pragma once
// An order-independent digest of a table's rows, computed on the COPY stream itself: each
// CopyData message is one row, hashed (XXH3, 128 bits) and summed. Sums make the digest
// independent of row order, yet sensitive to every added, removed, duplicated or altered row.
// The relay computes it for the source as rows pass; the branch is read back with the same
// COPY and compared, so verification never reads the source a second time.
#include <cstdint>
#include <string_view>

namespace pgimport::copy {

struct RowDigest {
  std::uint64_t rows = 0;
  std::uint64_t sum_low = 0;   // sums of the 128-bit row hashes' halves, modulo 2^64
  std::uint64_t sum_high = 0;

  // Adds one CopyData message. Binary COPY's file header (first message) and trailer (last)
  // are framing, not rows: they are skipped so any split of a table digests the same.
  void add_message(std::string_view message);
  void add(const RowDigest& other);
  bool operator==(const RowDigest& other) const = default;
};

}  // namespace pgimport::copy
