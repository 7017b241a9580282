#include "app/option_values.hpp"

#include <fmt/format.h>

#include "app/target.hpp"
#include "util/units.hpp"

namespace pgimport::app {

std::uint64_t parse_size_option(const std::string& text, std::string_view option) {
  const auto size = util::parse_size(text);
  if (!size || *size == 0) {
    throw UsageError(fmt::format("{}: \"{}\" is not a size; use e.g. 500MB or 10GB", option, text));
  }
  return *size;
}

std::chrono::seconds parse_duration_option(const std::string& text, std::string_view option) {
  const auto duration = util::parse_duration(text);
  // Zero is refused too: --timeout 0 would cancel at once, and lock_timeout = 0 means "wait
  // forever" to PostgreSQL, the opposite of what a user typing 0 wants.
  if (!duration || duration->count() <= 0) {
    throw UsageError(fmt::format(
        "{}: \"{}\" is not a duration (more than zero); use e.g. 90s, 15m or 1h30m", option, text));
  }
  return *duration;
}

}  // namespace pgimport::app
