#include "copy/row_digest.hpp"

#include <xxhash.h>

namespace pgimport::copy {
namespace {

// "PGCOPY\n\377\r\n\0", then 32-bit flags and 32-bit header extension length (zero).
constexpr std::string_view k_binary_signature{"PGCOPY\n\377\r\n\0", 11};
constexpr std::size_t k_binary_header_size = 19;
constexpr std::string_view k_binary_trailer{"\377\377", 2};

}  // namespace

void RowDigest::add_message(std::string_view message) {
  if (message.starts_with(k_binary_signature) && message.size() >= k_binary_header_size) {
    message.remove_prefix(k_binary_header_size);
    if (message.empty()) {
      return;
    }
  }
  if (message == k_binary_trailer) {
    return;
  }
  const auto hash = XXH3_128bits(message.data(), message.size());
  ++rows;
  sum_low += hash.low64;
  sum_high += hash.high64;
}

void RowDigest::add(const RowDigest& other) {
  rows += other.rows;
  sum_low += other.sum_low;
  sum_high += other.sum_high;
}

}  // namespace pgimport::copy
