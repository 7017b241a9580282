#pragma once
// The one place that hides secrets in text a user or a log may see.
#include <string>
#include <string_view>
#include <vector>

namespace pgimport::pg {

inline constexpr std::string_view k_redacted = "********";

// Masks passwords in anything that looks like a connection string: the password of a
// postgres:// or postgresql:// URI, `password=...` in key=value form and in URI queries.
std::string redact(std::string_view text);
// Masks every occurrence of each known secret (at least 3 characters long) in `text`, then
// applies redact(). Used on server and libpq messages, which may echo input back.
std::string redact(std::string_view text, const std::vector<std::string>& secrets);

}  // namespace pgimport::pg
