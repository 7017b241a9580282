#pragma once
// Option values with units, parsed with plain messages (UsageError, exit code 2).
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace pgimport::app {

// "10GB", "512MB": bytes; throws UsageError naming the option otherwise.
std::uint64_t parse_size_option(const std::string& text, std::string_view option);
// "90s", "15m", "1h30m" (more than zero): throws UsageError naming the option otherwise.
std::chrono::seconds parse_duration_option(const std::string& text, std::string_view option);

}  // namespace pgimport::app
