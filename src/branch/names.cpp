// Branch names: what PostgreSQL accepts as a database name, and the names pgimport makes up.
#include <fmt/format.h>

#include <array>
#include <ctime>

#include "branch/branch.hpp"

namespace pgimport::branch {
namespace {

// Databases every cluster relies on: a branch must never take (or replace) their names.
constexpr std::array<std::string_view, 3> k_reserved_names{"template0", "template1", "postgres"};

std::string compact_utc(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return fmt::format("{:04}{:02}{:02}_{:02}{:02}{:02}", parts.tm_year + 1900, parts.tm_mon + 1,
                     parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

std::string with_suffix(std::string_view base, std::string_view suffix) {
  const std::size_t room = k_max_name_bytes > suffix.size() ? k_max_name_bytes - suffix.size() : 0;
  return truncate_utf8(base, room) + std::string(suffix);
}

}  // namespace

std::string truncate_utf8(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) {
    return std::string(text);
  }
  std::size_t end = max_bytes;
  // Back off while the first byte cut away continues a multi-byte character (10xxxxxx).
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U) {
    --end;
  }
  return std::string(text.substr(0, end));
}

tl::expected<void, std::string> validate_branch_name(std::string_view name) {
  if (name.empty()) {
    return tl::make_unexpected(std::string("a branch name cannot be empty"));
  }
  if (name.find('\0') != std::string_view::npos) {
    return tl::make_unexpected(std::string("a branch name cannot contain a NUL character"));
  }
  if (name.size() > k_max_name_bytes) {
    return tl::make_unexpected(fmt::format(
        "branch name \"{}\" is {} bytes long; PostgreSQL database names are at most {} bytes",
        name, name.size(), k_max_name_bytes));
  }
  for (const auto reserved : k_reserved_names) {
    if (name == reserved) {
      return tl::make_unexpected(fmt::format(
          "\"{}\" is a database every PostgreSQL server needs: choose another name", name));
    }
  }
  return {};
}

std::string default_branch_name(std::string_view source_database,
                                std::chrono::system_clock::time_point now) {
  return with_suffix(source_database, "_import_" + compact_utc(now));
}

std::string aside_name(std::string_view as, std::chrono::system_clock::time_point now) {
  return with_suffix(as, "_before_" + compact_utc(now));
}

}  // namespace pgimport::branch
