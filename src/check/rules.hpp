#pragma once
// The decisions behind `check`, free of any connection: which versions go together, how a
// list of names is shown, what a pooler's host name looks like. Unit-tested beside the code.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pgimport::check {

inline constexpr int k_oldest_supported_major = 14;
inline constexpr int k_newest_supported_major = 18;
// How many names a message lists before "and N more".
inline constexpr std::size_t k_names_shown = 20;

bool is_supported_major(int major) noexcept;
// 150004 -> "15.4" (server_version_num of PostgreSQL 10 and later).
std::string version_text(int server_version_num);

// "a, b, c" or, past `limit` names, "a, b, ... and 7 more".
std::string describe_names(const std::vector<std::string>& names,
                           std::size_t limit = k_names_shown);
// "1 table" / "3 tables" for an English noun with a regular plural (or the one given).
std::string count_of(std::size_t count, std::string_view singular, std::string_view plural = {});

// The exact fix when no pg_dump of at least `source_major` is on this machine.
std::string client_tools_hint(int source_major);

// A hosted connection pooler recognisable by its host name (Neon's "-pooler" hosts, Supabase's
// transaction-mode port 6543 on pooler.supabase.com, ...): what it is, or nullopt.
std::optional<std::string> pooler_from_host(std::string_view host, std::string_view port);

struct InstalledExtension {
  std::string name;
  std::string version;
};

struct AvailableExtension {
  std::string default_version;
  std::set<std::string> versions;  // every version the target can install
};

struct ExtensionComparison {
  std::vector<std::string> missing;        // names the target cannot install at all
  std::vector<std::string> other_version;  // "hstore 1.7 (target installs 1.8)"
};

// pg_dump writes CREATE EXTENSION without a version, so the target installs its default
// version: a source version other than that default is a difference worth a warning.
ExtensionComparison compare_extensions(const std::vector<InstalledExtension>& installed,
                                       const std::map<std::string, AvailableExtension>& available);

struct LocaleSettings {
  std::string encoding;  // "UTF8"
  std::string collate;   // datcollate
  std::string ctype;     // datctype
  std::string provider;  // "libc", "icu", "builtin"
  std::string locale;    // ICU/builtin locale ("" for libc)
};

// "libc", "icu", "builtin" from pg_database.datlocprovider ('c', 'i', 'b').
std::string provider_name(std::string_view datlocprovider);
// Each setting that differs, e.g. "LC_COLLATE en_US.UTF-8 (source) vs C.UTF-8 (target)".
std::vector<std::string> locale_differences(const LocaleSettings& source,
                                            const LocaleSettings& target);

// "about 3 min" / "under a minute": copying `bytes` at 100 MB/s.
std::string estimate_text(std::uint64_t bytes);

}  // namespace pgimport::check
