#include "cluster/installations.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <regex>
#include <set>

#include "process/child_process.hpp"
#include "util/text.hpp"

namespace pgimport::cluster {
namespace fs = std::filesystem;
namespace {

bool is_executable(const fs::path& path) { return ::access(path.c_str(), X_OK) == 0; }

std::optional<std::string> program_version(const fs::path& program) {
  try {
    const auto result = process::run({.argv = {program.string(), "--version"}});
    if (!result.succeeded()) {
      return std::nullopt;
    }
    return parse_version_output(result.stdout_text);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<Installation> inspect(const fs::path& bin_dir, const std::string& origin,
                                    Wanted wanted) {
  Installation installation;
  installation.bin_dir = bin_dir;
  installation.origin = origin;
  installation.has_server = is_executable(bin_dir / "postgres") &&
                            is_executable(bin_dir / "initdb") && is_executable(bin_dir / "pg_ctl");
  installation.has_client_tools =
      is_executable(bin_dir / "pg_dump") && is_executable(bin_dir / "pg_restore");
  if (!installation.has_client_tools && (wanted == Wanted::client_tools || !installation.has_server)) {
    return std::nullopt;
  }
  const bool is_probed_as_server = installation.has_server && wanted == Wanted::any;
  const auto version = program_version(bin_dir / (is_probed_as_server ? "postgres" : "pg_dump"));
  if (!version) {
    return std::nullopt;
  }
  installation.version = *version;
  const auto dot = version->find('.');
  const std::string major_text = version->substr(0, dot);
  std::from_chars(major_text.data(), major_text.data() + major_text.size(), installation.major);
  return installation;
}

std::vector<fs::path> subfolders(const fs::path& parent) {
  std::vector<fs::path> folders;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(parent, error)) {
    if (entry.is_directory(error)) {
      folders.push_back(entry.path());
    }
  }
  std::sort(folders.begin(), folders.end());
  return folders;
}

}  // namespace

std::optional<std::string> parse_version_output(const std::string& output) {
  static const std::regex k_version(R"(\(PostgreSQL\)\s+(\d+(?:\.\d+)?))");
  std::smatch match;
  if (std::regex_search(output, match, k_version)) {
    return match[1].str();
  }
  return std::nullopt;
}

std::vector<fs::path> embedded_roots() {
  std::vector<fs::path> roots;
  if (const char* configured = std::getenv("PGIMPORT_EMBEDDED_DIR"); configured != nullptr) {
    roots.emplace_back(configured);
  }
  roots.emplace_back("/opt/pgimport/embedded-postgres");
  if (const char* home = std::getenv("HOME"); home != nullptr) {
    roots.emplace_back(fs::path(home) / ".local/share/pgimport/embedded-postgres");
  }
  return roots;
}

std::vector<Installation> discover_installations(const std::vector<fs::path>& extra_bin_dirs,
                                                 Wanted wanted) {
  std::vector<std::pair<fs::path, std::string>> candidates;
  for (const auto& folder : extra_bin_dirs) {
    candidates.emplace_back(folder, "--pg-bin");
  }
  if (const char* configured = std::getenv("PGIMPORT_PG_BIN"); configured != nullptr) {
    for (const auto& folder : util::split(configured, ':')) {
      if (!folder.empty()) {
        candidates.emplace_back(folder, "PGIMPORT_PG_BIN");
      }
    }
  }
  for (const auto& version_dir : subfolders("/usr/lib/postgresql")) {
    candidates.emplace_back(version_dir / "bin", "debian");
  }
  for (const auto& root : embedded_roots()) {
    for (const auto& package : subfolders(root / "node_modules")) {
      // Packages are installed under aliases (pg14, pg16, ...) or their scoped name.
      const bool is_scope = package.filename().string().starts_with("@");
      for (const auto& folder : is_scope ? subfolders(package) : std::vector<fs::path>{package}) {
        candidates.emplace_back(folder / "native/bin", "embedded");
      }
    }
  }
  if (const auto pg_dump = process::find_program("pg_dump")) {
    candidates.emplace_back(fs::weakly_canonical(*pg_dump).parent_path(), "PATH");
  }

  std::vector<Installation> installations;
  std::set<fs::path> seen;
  for (const auto& [folder, origin] : candidates) {
    std::error_code error;
    const auto canonical = fs::weakly_canonical(folder, error);
    if (error || !seen.insert(canonical).second) {
      continue;
    }
    if (auto installation = inspect(folder, origin, wanted)) {
      installations.push_back(std::move(*installation));
    }
  }
  // Explicit folders keep their place at the front; the rest go newest first.
  const auto first_discovered =
      std::find_if(installations.begin(), installations.end(),
                   [](const Installation& i) { return i.origin != "--pg-bin"; });
  std::stable_sort(first_discovered, installations.end(),
                   [](const Installation& a, const Installation& b) { return a.major > b.major; });
  return installations;
}

std::optional<Installation> find_server(const std::vector<Installation>& installations, int major) {
  for (const auto& installation : installations) {
    if (installation.has_server && installation.major >= 14 &&
        (major == 0 || installation.major == major)) {
      return installation;
    }
  }
  return std::nullopt;
}

std::optional<Installation> find_client_tools(const std::vector<Installation>& installations,
                                              int source_major) {
  std::optional<Installation> best;
  for (const auto& installation : installations) {
    if (installation.has_client_tools && installation.major >= source_major &&
        (!best || installation.major < best->major)) {
      best = installation;
    }
  }
  return best;
}

}  // namespace pgimport::cluster
