#include "check/rules.hpp"

#include <fmt/format.h>

#include <cmath>

#include "util/text.hpp"

namespace pgimport::check {

bool is_supported_major(int major) noexcept {
  return major >= k_oldest_supported_major && major <= k_newest_supported_major;
}

std::string version_text(int server_version_num) {
  return fmt::format("{}.{}", server_version_num / 10000, server_version_num % 10000);
}

std::string describe_names(const std::vector<std::string>& names, std::size_t limit) {
  if (names.size() <= limit) {
    return util::join(names, ", ");
  }
  const std::vector<std::string> shown(names.begin(),
                                       names.begin() + static_cast<std::ptrdiff_t>(limit));
  return fmt::format("{} and {} more", util::join(shown, ", "), names.size() - limit);
}

std::string count_of(std::size_t count, std::string_view singular, std::string_view plural) {
  if (count == 1) {
    return fmt::format("1 {}", singular);
  }
  return plural.empty() ? fmt::format("{} {}s", count, singular)
                        : fmt::format("{} {}", count, plural);
}

std::string client_tools_hint(int source_major) {
  return fmt::format(
      "install postgresql-client-{0} (from the PostgreSQL apt repository) or pass --pg-bin DIR "
      "pointing at pg_dump {0} or newer",
      source_major);
}

std::optional<std::string> pooler_from_host(std::string_view host, std::string_view port) {
  const std::string name = util::to_lower(host);
  // Neon: ep-name-123456-pooler.region.aws.neon.tech is PgBouncer in transaction mode.
  const auto first_label = name.substr(0, name.find('.'));
  if (first_label.ends_with("-pooler")) {
    return fmt::format("\"{}\" is a connection pooler's host name", host);
  }
  // Supabase (Supavisor): port 6543 pools transactions, 5432 pools sessions (which is fine).
  if (name.ends_with(".pooler.supabase.com") && port == "6543") {
    return fmt::format("\"{}\" port 6543 is Supabase's transaction pooler", host);
  }
  return std::nullopt;
}

ExtensionComparison compare_extensions(const std::vector<InstalledExtension>& installed,
                                       const std::map<std::string, AvailableExtension>& available) {
  ExtensionComparison comparison;
  for (const auto& extension : installed) {
    const auto found = available.find(extension.name);
    if (found == available.end()) {
      comparison.missing.push_back(extension.name);
    } else if (found->second.default_version != extension.version) {
      comparison.other_version.push_back(
          found->second.versions.contains(extension.version)
              ? fmt::format("{} {} (target installs {} unless asked for {})", extension.name,
                            extension.version, found->second.default_version, extension.version)
              : fmt::format("{} {} (target has {})", extension.name, extension.version,
                            found->second.default_version));
    }
  }
  return comparison;
}

std::string provider_name(std::string_view datlocprovider) {
  if (datlocprovider == "i") {
    return "icu";
  }
  if (datlocprovider == "b") {
    return "builtin";
  }
  return "libc";
}

std::vector<std::string> locale_differences(const LocaleSettings& source,
                                            const LocaleSettings& target) {
  std::vector<std::string> differences;
  const auto compare = [&](std::string_view what, const std::string& source_value,
                           const std::string& target_value) {
    if (source_value != target_value) {
      differences.push_back(fmt::format("{} {} (source) vs {} (target)", what,
                                        source_value.empty() ? "none" : source_value,
                                        target_value.empty() ? "none" : target_value));
    }
  };
  compare("encoding", source.encoding, target.encoding);
  compare("LC_COLLATE", source.collate, target.collate);
  compare("LC_CTYPE", source.ctype, target.ctype);
  compare("locale provider", source.provider, target.provider);
  if (source.provider == target.provider && source.provider != "libc") {
    compare("locale", source.locale, target.locale);
  }
  return differences;
}

std::string estimate_text(std::uint64_t bytes) {
  constexpr double k_bytes_per_second = 100.0 * 1024 * 1024;
  const double minutes = static_cast<double>(bytes) / k_bytes_per_second / 60.0;
  if (minutes < 1.0) {
    return "under a minute";
  }
  return fmt::format("about {} min", static_cast<long long>(std::ceil(minutes)));
}

}  // namespace pgimport::check
