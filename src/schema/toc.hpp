#pragma once
// pg_restore's table of contents (`pg_restore -l`): parsing its lines, and deciding which
// entries a branch cannot take (each skipped entry is reported by name).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pgimport::schema {

struct TocEntry {
  int dump_id = 0;
  std::uint32_t catalog_oid = 0;  // the object's OID in its catalog (pg_class, pg_constraint...)
  std::string kind;    // pg_dump's "desc": "TABLE", "FK CONSTRAINT", "MATERIALIZED VIEW DATA", ...
  std::string object;  // the rest as pg_restore prints it: "schema tag owner"
  std::string line;    // the original line, for the -L list file
};

// nullopt for comment lines and lines that are not entries.
std::optional<TocEntry> parse_toc_line(std::string_view line);
std::vector<TocEntry> parse_toc(std::string_view listing);

struct TocPolicy {
  bool is_target_superuser = false;
  bool keep_privileges = false;  // GRANTs and default privileges (pg_dump's ACL entries)
};

// GRANTs and default privileges: left out unless asked for, named in one line, not one each.
bool is_privilege_entry(const TocEntry& entry);

struct SkippedEntry {
  TocEntry entry;
  std::string reason;
};

struct FilteredToc {
  std::vector<TocEntry> kept;
  std::vector<SkippedEntry> skipped;
};

// Leaves out what a branch must not or cannot take: subscriptions (they would start pulling
// from a publisher), security labels (need the label provider), and, for a target role that is
// not a superuser, event triggers and comments on extensions (only superusers may make them);
// privileges unless kept (the target may lack the source's roles).
FilteredToc filter_toc(const std::vector<TocEntry>& entries, const TocPolicy& policy);

// The -L list file for pg_restore: kept entries, one per line.
std::string to_list_file(const std::vector<TocEntry>& entries);

}  // namespace pgimport::schema
