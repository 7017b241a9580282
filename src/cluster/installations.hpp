#pragma once
// Where PostgreSQL programs live on this machine: Debian's packages, the embedded server
// binaries installed by scripts/setup.sh, folders given with --pg-bin, and PATH.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgimport::cluster {

struct Installation {
  int major = 0;                  // 15 for "15.18"
  std::string version;            // "15.18"
  std::filesystem::path bin_dir;  // holds postgres/initdb/pg_ctl and/or pg_dump/pg_restore
  std::string origin;             // "--pg-bin", "debian", "embedded", "PATH"
  bool has_server = false;        // initdb, pg_ctl, postgres
  bool has_client_tools = false;  // pg_dump, pg_restore

  std::filesystem::path program(const std::string& name) const { return bin_dir / name; }
};

// What a caller needs found: each folder's version costs running one of its programs
// (~20 ms), so a search for pg_dump skips the server-only folders unasked.
enum class Wanted { any, client_tools };

// Every installation found, explicit folders first, then newest major first.
std::vector<Installation> discover_installations(const std::vector<std::filesystem::path>& extra_bin_dirs,
                                                 Wanted wanted = Wanted::any);

// The newest server of `major` (0: newest of any major from 14 up).
std::optional<Installation> find_server(const std::vector<Installation>& installations, int major);
// pg_dump/pg_restore able to dump a server of `source_major`: the oldest major that is at
// least source_major (closest to the source), or nullopt.
std::optional<Installation> find_client_tools(const std::vector<Installation>& installations,
                                              int source_major);

// "postgres (PostgreSQL) 18.4" or "pg_dump (PostgreSQL) 15.18 (Debian ...)" -> "18.4"/"15.18".
std::optional<std::string> parse_version_output(const std::string& output);

// Folders where scripts/setup.sh may have put the embedded server binaries.
std::vector<std::filesystem::path> embedded_roots();

}  // namespace pgimport::cluster
