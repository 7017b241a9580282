#include "schema/restore_script.hpp"

#include <map>

#include "util/text.hpp"

namespace pgimport::schema {
namespace {

constexpr std::string_view k_header = "--\n-- Name: ";

// pg_restore's own lines: comments and psql meta-commands (\restrict) in the preamble,
// and session settings it repeats between entries. Never a line of an entry's SQL.
bool is_preamble_noise(std::string_view line) {
  return line.starts_with("\\") || line.starts_with("--");
}

bool is_trailing_setting(std::string_view line) {
  return line.starts_with("SET default_tablespace") ||
         line.starts_with("SET default_table_access_method") || line.starts_with("\\unrestrict ");
}

std::string clean_preamble(std::string_view text) {
  std::string result;
  for (const auto& line : util::split(text, '\n')) {
    if (!is_preamble_noise(line)) {
      result += line;
      result += '\n';
    }
  }
  return std::string(util::trim(result));
}

// The session settings in effect, by name ("default_table_access_method" -> its SET line).
using SessionSettings = std::map<std::string, std::string>;

std::string setting_name(std::string_view set_line) {
  const auto rest = set_line.substr(4);  // after "SET "
  return std::string(rest.substr(0, rest.find(' ')));
}

std::string render(const SessionSettings& settings) {
  std::vector<std::string> lines;
  for (const auto& [name, line] : settings) {
    lines.push_back(line);
  }
  return util::join(lines, "\n");
}

// An entry's SQL as written, minus the settings pg_restore prints after it for the next
// entry; those go into `next_settings`. Lines inside the SQL (string literals included) are
// never touched.
std::string clean_body(std::string_view text, SessionSettings& next_settings) {
  auto lines = util::split(util::trim(text), '\n');
  std::vector<std::string> trailing;
  while (!lines.empty() && (util::trim(lines.back()).empty() || is_trailing_setting(lines.back()))) {
    if (lines.back().starts_with("SET ")) {
      trailing.push_back(lines.back());
    }
    lines.pop_back();
  }
  // Printed in order: the later one wins (the list was read from the end).
  for (auto line = trailing.rbegin(); line != trailing.rend(); ++line) {
    next_settings[setting_name(*line)] = *line;
  }
  return std::string(util::trim(util::join(lines, "\n")));
}

// "Type: FK CONSTRAINT; Schema: ..." in a header line -> "FK CONSTRAINT".
std::string header_kind(std::string_view header_line) {
  const auto type = header_line.find("; Type: ");
  if (type == std::string_view::npos) {
    return {};
  }
  const auto start = type + 8;
  const auto end = header_line.find("; Schema: ", start);
  return std::string(header_line.substr(start, end == std::string_view::npos ? end : end - start));
}

}  // namespace

std::optional<RestoreScript> parse_restore_script(std::string_view script,
                                                  const std::vector<TocEntry>& entries) {
  RestoreScript result;
  auto position = script.find(k_header);
  if (position == std::string_view::npos) {
    return entries.empty() ? std::optional<RestoreScript>(RestoreScript{clean_preamble(script), {}})
                           : std::nullopt;
  }
  result.preamble = clean_preamble(script.substr(0, position));
  SessionSettings settings;  // changed since the preamble
  while (position != std::string_view::npos) {
    const auto header_end = script.find('\n', position + 3);
    const auto header_line = script.substr(position + 3, header_end - position - 3);
    const auto body_start = script.find("\n--\n", header_end);
    if (header_end == std::string_view::npos || body_start == std::string_view::npos) {
      return std::nullopt;
    }
    auto next = script.find(k_header, body_start + 4);
    auto body = script.substr(body_start + 4,
                              next == std::string_view::npos ? std::string_view::npos
                                                             : next - body_start - 4);
    if (next == std::string_view::npos) {
      // The end: drop the closing "-- PostgreSQL database dump complete" block.
      const auto footer = body.find("--\n-- PostgreSQL database dump complete");
      body = body.substr(0, footer);
    }
    const auto index = result.sql.size();
    if (index >= entries.size() || header_kind(header_line) != entries[index].kind) {
      return std::nullopt;
    }
    result.settings.push_back(render(settings));
    result.sql.push_back(clean_body(body, settings));
    position = next;
  }
  if (result.sql.size() != entries.size()) {
    return std::nullopt;
  }
  return result;
}

std::vector<std::string> split_statements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  for (const auto& line : util::split(sql, '\n')) {
    if (line.empty() && !current.empty() && current.back() == ';') {
      statements.push_back(current);
      current.clear();
      continue;
    }
    if (!current.empty()) {
      current += '\n';
    }
    current += line;
  }
  if (!std::string(util::trim(current)).empty()) {
    statements.emplace_back(util::trim(current));
  }
  return statements;
}

}  // namespace pgimport::schema
