#pragma once
// Parsing and printing of sizes ("10GB") and durations ("1h30m") for options and reports.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pgimport::util {

// "512", "10GB", "1.5 GiB", "300mb": bytes; nullopt when the text is not a size.
std::optional<std::uint64_t> parse_size(std::string_view text);
// "90s", "15m", "1h30m", "2h", "45": seconds (a bare number is seconds); nullopt if invalid.
std::optional<std::chrono::seconds> parse_duration(std::string_view text);

std::string format_bytes(std::uint64_t bytes);       // "1.4 GB"
std::string format_duration(double seconds);         // "1m 05s", "2.3s"
std::string format_rate(double bytes_per_second);    // "85.2 MB/s"

}  // namespace pgimport::util
