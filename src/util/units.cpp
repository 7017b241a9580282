#include "util/units.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

#include "util/text.hpp"

namespace pgimport::util {
namespace {

// Parses a leading non-negative decimal number; returns it and the rest of the text.
std::optional<std::pair<double, std::string_view>> leading_number(std::string_view text) {
  std::size_t length = 0;
  bool seen_digit = false;
  bool seen_dot = false;
  while (length < text.size()) {
    const char c = text[length];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      break;
    }
    ++length;
  }
  if (!seen_digit) {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + length, value);
  if (error != std::errc{} || end != text.data() + length) {
    return std::nullopt;
  }
  return std::pair{value, text.substr(length)};
}

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text) {
  const auto number = leading_number(trim(text));
  if (!number) {
    return std::nullopt;
  }
  const std::string unit = to_lower(trim(number->second));
  struct Unit {
    std::string_view name;
    double factor;
  };
  static constexpr std::array<Unit, 13> k_units{{{"", 1},
                                                {"b", 1},
                                                {"k", 1024.0},
                                                {"kb", 1024.0},
                                                {"kib", 1024.0},
                                                {"m", 1024.0 * 1024},
                                                {"mb", 1024.0 * 1024},
                                                {"mib", 1024.0 * 1024},
                                                {"g", 1024.0 * 1024 * 1024},
                                                {"gb", 1024.0 * 1024 * 1024},
                                                {"gib", 1024.0 * 1024 * 1024},
                                                {"tb", 1024.0 * 1024 * 1024 * 1024},
                                                {"tib", 1024.0 * 1024 * 1024 * 1024}}};
  for (const auto& candidate : k_units) {
    if (unit == candidate.name) {
      const double bytes = number->first * candidate.factor;
      if (bytes > 9.0e18) {
        return std::nullopt;
      }
      return static_cast<std::uint64_t>(std::llround(bytes));
    }
  }
  return std::nullopt;
}

std::optional<std::chrono::seconds> parse_duration(std::string_view text) {
  text = trim(text);
  if (text.empty()) {
    return std::nullopt;
  }
  double total = 0;
  bool bare_number_allowed = true;
  while (!text.empty()) {
    const auto number = leading_number(text);
    if (!number) {
      return std::nullopt;
    }
    text = number->second;
    double factor = 0;
    if (text.empty() && bare_number_allowed) {
      factor = 1;
    } else if (!text.empty() && text.front() == 'h') {
      factor = 3600;
    } else if (!text.empty() && text.front() == 'm' && (text.size() < 2 || text[1] != 's')) {
      factor = 60;
    } else if (!text.empty() && text.front() == 's') {
      factor = 1;
    } else {
      return std::nullopt;
    }
    if (!text.empty()) {
      text.remove_prefix(1);
    }
    bare_number_allowed = false;
    total += number->first * factor;
  }
  if (total <= 0 || total > 1.0e9) {
    return std::nullopt;
  }
  return std::chrono::seconds(static_cast<std::int64_t>(std::llround(total)));
}

std::string format_bytes(std::uint64_t bytes) {
  static constexpr std::array<std::string_view, 5> k_names{"B", "kB", "MB", "GB", "TB"};
  auto value = static_cast<double>(bytes);
  std::size_t index = 0;
  while (value >= 1024.0 && index + 1 < k_names.size()) {
    value /= 1024.0;
    ++index;
  }
  if (index == 0) {
    return fmt::format("{} B", bytes);
  }
  return fmt::format("{:.1f} {}", value, k_names[index]);
}

std::string format_duration(double seconds) {
  if (seconds < 60) {
    return fmt::format("{:.1f}s", seconds);
  }
  const auto whole = static_cast<std::int64_t>(seconds);
  if (whole < 3600) {
    return fmt::format("{}m {:02}s", whole / 60, whole % 60);
  }
  return fmt::format("{}h {:02}m", whole / 3600, (whole % 3600) / 60);
}

std::string format_rate(double bytes_per_second) {
  if (bytes_per_second < 0 || !std::isfinite(bytes_per_second)) {
    bytes_per_second = 0;
  }
  return format_bytes(static_cast<std::uint64_t>(bytes_per_second)) + "/s";
}

}  // namespace pgimport::util
