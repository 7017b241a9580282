#include "schema/schema_dump.hpp"

#include <fmt/format.h>

#include <atomic>
#include <future>

#include "pg/redact.hpp"
#include "process/child_process.hpp"
#include "util/files.hpp"
#include "util/text.hpp"

namespace pgimport::schema {
namespace {

process::ProcessResult run_cancellable(const process::Command& command,
                                       util::Cancellation& cancellation) {
  auto child = process::ChildProcess::spawn(command);
  const auto guard = cancellation.on_cancel([&child] { child.terminate(); });
  return child.wait();
}

std::string first_lines(const std::string& text, std::size_t count) {
  auto lines = util::split_lines(text);
  if (lines.size() > count) {
    lines.resize(count);
  }
  return util::join(lines, " | ");
}

// The dump ids of one section's entries: pg_restore knows each entry's section (comments
// and ACLs take their object's) and its listing honours --section.
std::set<int> section_ids(const DumpSettings& settings, const std::filesystem::path& dump_file,
                          const std::string& section, util::Cancellation& cancellation) {
  const auto listed = run_cancellable(
      {.argv = {settings.tools.program("pg_restore").string(), "--list", "--section=" + section,
                dump_file.string()}},
      cancellation);
  if (!listed.succeeded()) {
    throw SchemaError(fmt::format("pg_restore --list failed ({}): {}", listed.describe(),
                                  first_lines(listed.stderr_text, 6)));
  }
  std::set<int> ids;
  for (const auto& entry : parse_toc(listed.stdout_text)) {
    ids.insert(entry.dump_id);
  }
  return ids;
}

}  // namespace

std::string summarise_restore_errors(const std::string& stderr_text) {
  std::vector<std::string> picked;
  for (const auto& line : util::split_lines(stderr_text)) {
    const bool is_useful = util::contains(line, "error:") || util::contains(line, "from TOC entry") ||
                           util::contains(line, "ERROR:") || util::contains(line, "DETAIL:") ||
                           util::contains(line, "HINT:") || util::contains(line, "Command was:");
    if (is_useful) {
      std::string shortened = line.size() > 300 ? line.substr(0, 300) + "..." : line;
      picked.push_back(std::string(util::trim(shortened)));
    }
    if (picked.size() >= 6) {
      break;
    }
  }
  if (picked.empty()) {
    return first_lines(stderr_text, 4);
  }
  return pg::redact(util::join(picked, " | "));
}

SchemaDump::SchemaDump(DumpSettings settings, std::vector<TocEntry> entries,
                       std::set<int> pre_data_ids, std::set<int> post_data_ids)
    : m_settings(std::move(settings)),
      m_dump_file(m_settings.work_dir / "schema.dump"),
      m_entries(std::move(entries)),
      m_pre_data_ids(std::move(pre_data_ids)),
      m_post_data_ids(std::move(post_data_ids)) {}

SchemaDump SchemaDump::create(const DumpSettings& settings, util::Cancellation& cancellation) {
  const auto dump_file = settings.work_dir / "schema.dump";
  const auto dumped = run_cancellable(
      {.argv = {settings.tools.program("pg_dump").string(), "--format=custom",
                "--section=pre-data", "--section=post-data", "--no-sync",
                "--snapshot=" + settings.snapshot,
                fmt::format("--lock-wait-timeout={}", settings.lock_wait_timeout_ms),
                "--file=" + dump_file.string(),
                "--dbname=" + settings.source.to_keyword_string_without_password()},
       .extra_env = settings.source.environment_for_child()},
      cancellation);
  if (!dumped.succeeded()) {
    throw SchemaError(fmt::format("pg_dump of the source schema failed ({}): {}",
                                  dumped.describe(),
                                  pg::redact(first_lines(dumped.stderr_text, 6))));
  }
  // The dump holds the schema's text (function bodies, comments): readable by us only.
  std::filesystem::permissions(dump_file, std::filesystem::perms::owner_read |
                                              std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace);
  // Three listings of one file, side by side: the import waits for them (~25 ms each).
  auto pre_data = std::async(std::launch::async, [&] {
    return section_ids(settings, dump_file, "pre-data", cancellation);
  });
  auto post_data = std::async(std::launch::async, [&] {
    return section_ids(settings, dump_file, "post-data", cancellation);
  });
  const auto listed = run_cancellable(
      {.argv = {settings.tools.program("pg_restore").string(), "--list", dump_file.string()}},
      cancellation);
  auto pre_data_ids = pre_data.get();
  auto post_data_ids = post_data.get();
  if (!listed.succeeded()) {
    throw SchemaError(fmt::format("pg_restore --list failed ({}): {}", listed.describe(),
                                  first_lines(listed.stderr_text, 6)));
  }
  return SchemaDump(settings, parse_toc(listed.stdout_text), std::move(pre_data_ids),
                    std::move(post_data_ids));
}

std::vector<SkippedEntry> SchemaDump::skipped(const RestoreSettings& settings) const {
  return filter_toc(m_entries, settings.policy).skipped;
}

std::vector<std::string> SchemaDump::restore_arguments(const RestoreSettings& settings,
                                                       const std::filesystem::path& list_file) const {
  std::vector<std::string> argv{m_settings.tools.program("pg_restore").string(),
                                "--use-list=" + list_file.string(), "--exit-on-error",
                                "--no-tablespaces"};
  if (!settings.keep_owners) {
    argv.emplace_back("--no-owner");
  }
  if (!settings.policy.keep_privileges) {
    argv.emplace_back("--no-privileges");
  }
  return argv;
}

void SchemaDump::restore(const RestoreSettings& settings, const std::string& label,
                         const std::vector<TocEntry>& entries,
                         const std::vector<std::string>& extra_arguments,
                         util::Cancellation& cancellation) const {
  if (entries.empty()) {
    return;
  }
  const auto list_file = m_settings.work_dir / (util::replace_all(label, " ", "-") + ".list");
  util::write_private_file(list_file, to_list_file(entries));
  auto argv = restore_arguments(settings, list_file);
  argv.push_back("--dbname=" + settings.branch.to_keyword_string_without_password());
  argv.insert(argv.end(), extra_arguments.begin(), extra_arguments.end());
  argv.push_back(m_dump_file.string());
  auto environment = settings.branch.environment_for_child();
  if (!settings.target_session_options.empty()) {
    environment.push_back("PGOPTIONS=" + settings.target_session_options);
  }
  const auto restored = run_cancellable({.argv = argv, .extra_env = environment}, cancellation);
  if (!restored.succeeded()) {
    throw SchemaError(fmt::format("restoring the {} failed ({}): {}", label, restored.describe(),
                                  summarise_restore_errors(restored.stderr_text)));
  }
}

std::vector<TocEntry> SchemaDump::kept_entries_of(const RestoreSettings& settings,
                                                   const std::set<int>& ids) const {
  std::vector<TocEntry> entries;
  for (auto& entry : filter_toc(m_entries, settings.policy).kept) {
    if (ids.count(entry.dump_id) > 0) {
      entries.push_back(std::move(entry));
    }
  }
  return entries;
}

std::vector<TocEntry> SchemaDump::pre_data_entries(const RestoreSettings& settings) const {
  return kept_entries_of(settings, m_pre_data_ids);
}

std::vector<TocEntry> SchemaDump::post_data_entries(const RestoreSettings& settings) const {
  return kept_entries_of(settings, m_post_data_ids);
}

void SchemaDump::restore_in_one_transaction(const RestoreSettings& settings,
                                            const std::vector<TocEntry>& entries,
                                            const std::string& label,
                                            util::Cancellation& cancellation) const {
  restore(settings, label, entries, {"--single-transaction"}, cancellation);
}

std::optional<RestoreScript> SchemaDump::script(const RestoreSettings& settings,
                                                const std::vector<TocEntry>& entries,
                                                util::Cancellation& cancellation) const {
  // Its own list file: the pre-data and post-data scripts are written side by side.
  static std::atomic<unsigned> scripts{0};
  const auto list_file = m_settings.work_dir / fmt::format("script-{}.list", ++scripts);
  util::write_private_file(list_file, to_list_file(entries));
  auto argv = restore_arguments(settings, list_file);
  argv.push_back("--file=-");
  argv.push_back(m_dump_file.string());
  const auto written = run_cancellable({.argv = argv}, cancellation);
  if (!written.succeeded()) {
    throw SchemaError(fmt::format("pg_restore could not write the schema's SQL ({}): {}",
                                  written.describe(), first_lines(written.stderr_text, 6)));
  }
  return parse_restore_script(written.stdout_text, entries);
}

void SchemaDump::restore_entries(const RestoreSettings& settings,
                                 const std::vector<TocEntry>& entries, int jobs,
                                 const std::string& label,
                                 util::Cancellation& cancellation) const {
  restore(settings, label, entries,
          jobs > 1 ? std::vector<std::string>{fmt::format("--jobs={}", jobs)}
                   : std::vector<std::string>{},
          cancellation);
}

void SchemaDump::restore_post_data(const RestoreSettings& settings, int jobs,
                                   util::Cancellation& cancellation) const {
  restore(settings, "post-data section", filter_toc(m_entries, settings.policy).kept,
          {"--section=post-data", fmt::format("--jobs={}", jobs)}, cancellation);
}

}  // namespace pgimport::schema
