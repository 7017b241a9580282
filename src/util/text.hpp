#pragma once
// Small string helpers; knows nothing of PostgreSQL or pgimport.
#include <string>
#include <string_view>
#include <vector>

namespace pgimport::util {

std::string_view trim(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
std::vector<std::string> split_lines(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
bool contains(std::string_view text, std::string_view needle);
// Replaces every occurrence of `needle` (if non-empty) with `replacement`.
std::string replace_all(std::string text, std::string_view needle, std::string_view replacement);
std::string to_lower(std::string_view text);

}  // namespace pgimport::util
