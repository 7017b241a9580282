#include "pg/redact.hpp"

#include <regex>

#include "util/text.hpp"

namespace pgimport::pg {

std::string redact(std::string_view text) {
  // scheme://user:PASSWORD@host  (the password runs to the last '@' before the host part)
  static const std::regex k_uri_password(R"(((?:postgres|postgresql)://[^:/@\s]*:)[^@\s]*@)",
                                         std::regex::icase);
  // password=VALUE, password = 'quoted value', ?password=VALUE&...
  static const std::regex k_kv_password(
      R"(((?:^|[\s?&])password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s&]*))", std::regex::icase);
  std::string result(text);
  result = std::regex_replace(result, k_uri_password, "$1" + std::string(k_redacted) + "@");
  result = std::regex_replace(result, k_kv_password, "$1" + std::string(k_redacted));
  return result;
}

std::string redact(std::string_view text, const std::vector<std::string>& secrets) {
  std::string result(text);
  for (const auto& secret : secrets) {
    if (secret.size() >= 3) {
      result = util::replace_all(std::move(result), secret, k_redacted);
    }
  }
  return redact(result);
}

}  // namespace pgimport::pg
