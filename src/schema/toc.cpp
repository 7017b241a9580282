#include "schema/toc.hpp"

#include <array>
#include <charconv>
#include <regex>

#include "util/text.hpp"

namespace pgimport::schema {
namespace {

// pg_dump's entry kinds, longest first so "FK CONSTRAINT" wins over "CONSTRAINT".
constexpr std::string_view k_kinds[] = {
    "PUBLICATION TABLES IN SCHEMA", "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY",
    "MATERIALIZED VIEW DATA", "FOREIGN DATA WRAPPER", "TEXT SEARCH TEMPLATE", "DATABASE PROPERTIES",
    "PROCEDURAL LANGUAGE", "TEXT SEARCH PARSER", "SUBSCRIPTION TABLE", "PUBLICATION TABLE",
    "SEQUENCE OWNED BY", "MATERIALIZED VIEW", "CHECK CONSTRAINT", "STATISTICS DATA",
    "OPERATOR FAMILY", "FOREIGN SERVER", "OPERATOR CLASS", "SECURITY LABEL", "EVENT TRIGGER",
    "BLOB METADATA", "FK CONSTRAINT", "FOREIGN TABLE", "ACCESS METHOD", "INDEX ATTACH",
    "TABLE ATTACH", "SEQUENCE SET", "SUBSCRIPTION", "USER MAPPING", "ROW SECURITY", "DEFAULT ACL",
    "LARGE OBJECT", "SHELL TYPE", "PUBLICATION", "STDSTRINGS", "SEARCHPATH", "STATISTICS",
    "TABLE DATA", "CONSTRAINT", "CONVERSION", "COLLATION", "AGGREGATE", "EXTENSION", "PROCEDURE",
    "TRANSFORM", "OPERATOR", "SEQUENCE", "FUNCTION", "DATABASE", "ENCODING", "TRIGGER", "COMMENT",
    "DEFAULT", "POLICY", "SCHEMA", "DOMAIN", "BLOBS", "INDEX", "TABLE", "CAST", "BLOB", "RULE",
    "TYPE", "VIEW", "ACL", "SERVER", "GROUP"};

}  // namespace

std::optional<TocEntry> parse_toc_line(std::string_view line) {
  static const std::regex k_entry(R"(^(\d+); \d+ (\d+) (.*)$)");
  const std::string text(util::trim(line));
  std::smatch match;
  if (text.empty() || text.front() == ';' || !std::regex_match(text, match, k_entry)) {
    return std::nullopt;
  }
  TocEntry entry;
  const auto id = match[1].str();
  std::from_chars(id.data(), id.data() + id.size(), entry.dump_id);
  const auto oid = match[2].str();
  std::from_chars(oid.data(), oid.data() + oid.size(), entry.catalog_oid);
  const std::string rest = match[3].str();
  for (const auto kind : k_kinds) {
    if (rest.starts_with(kind) && (rest.size() == kind.size() || rest[kind.size()] == ' ')) {
      entry.kind = std::string(kind);
      entry.object = std::string(util::trim(std::string_view(rest).substr(kind.size())));
      break;
    }
  }
  if (entry.kind.empty()) {
    const auto space = rest.find(' ');
    entry.kind = rest.substr(0, space);
    entry.object = space == std::string::npos ? "" : rest.substr(space + 1);
  }
  entry.line = text;
  return entry;
}

std::vector<TocEntry> parse_toc(std::string_view listing) {
  std::vector<TocEntry> entries;
  for (const auto& line : util::split_lines(listing)) {
    if (auto entry = parse_toc_line(line)) {
      entries.push_back(std::move(*entry));
    }
  }
  return entries;
}

bool is_privilege_entry(const TocEntry& entry) {
  return entry.kind == "ACL" || entry.kind == "DEFAULT ACL";
}

FilteredToc filter_toc(const std::vector<TocEntry>& entries, const TocPolicy& policy) {
  FilteredToc result;
  for (const auto& entry : entries) {
    std::string reason;
    if (entry.kind == "SUBSCRIPTION" || entry.kind == "SUBSCRIPTION TABLE") {
      reason = "a subscription would start replicating into the branch; recreate it there if wanted";
    } else if (entry.kind == "SECURITY LABEL") {
      reason = "security labels need their label provider loaded on the target";
    } else if (!policy.is_target_superuser && entry.kind == "EVENT TRIGGER") {
      reason = "only a superuser can create event triggers, and the target role is not one";
    } else if (!policy.is_target_superuser && entry.kind == "COMMENT" &&
               entry.object.find("EXTENSION ") != std::string::npos) {
      reason = "only the extension's owner (a superuser) can comment on it";
    } else if (!policy.keep_privileges && is_privilege_entry(entry)) {
      // pg_restore --no-privileges leaves them out too; listing them keeps them by name.
      reason = "privileges are copied only with --keep-privileges (the target needs the same roles)";
    }
    if (reason.empty()) {
      result.kept.push_back(entry);
    } else {
      result.skipped.push_back({entry, std::move(reason)});
    }
  }
  return result;
}

std::string to_list_file(const std::vector<TocEntry>& entries) {
  std::string text;
  for (const auto& entry : entries) {
    text += entry.line;
    text += '\n';
  }
  return text;
}

}  // namespace pgimport::schema
