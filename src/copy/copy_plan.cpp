#include "copy/copy_plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/text.hpp"

namespace pgimport::copy {
namespace {

std::string column_list(const model::TableInfo& table) {
  return util::join(table.columns, ", ");
}

std::string format_option(CopyFormat format) {
  return format == CopyFormat::binary ? "FORMAT binary" : "FORMAT text";
}

}  // namespace

bool are_parts_worthwhile(unsigned cores) { return cores >= 4; }

SplitChoice choose_split(std::optional<std::uint64_t> requested_bytes, bool is_target_on_this_machine,
                         unsigned cores) {
  if (requested_bytes) {
    return {.threshold_bytes = *requested_bytes};
  }
  if (is_target_on_this_machine && !are_parts_worthwhile(cores)) {
    return {.threshold_bytes = k_never_split,
            .whole_tables_reason = fmt::format(
                "the target runs on this machine, whose {} core{} one loading session per table "
                "uses best (--split-threshold 512MB splits anyway)",
                cores, cores == 1 ? "" : "s")};
  }
  return {};
}

std::uint64_t read_split_threshold(std::uint64_t copy_split_threshold_bytes) {
  return copy_split_threshold_bytes == k_never_split ? k_default_split_threshold
                                                     : copy_split_threshold_bytes;
}

namespace {

// Configuration tables, each after the configuration tables it references. What is left in
// a cycle follows in the source's order (its load then fails, naming the table, unless the
// extension's keys are deferred).
std::vector<CopyTask> chain_configuration_tables(const std::vector<model::TableInfo>& tables) {
  std::vector<std::size_t> waiting;
  for (std::size_t index = 0; index < tables.size(); ++index) {
    if (tables[index].extension_filter) {
      waiting.push_back(index);
    }
  }
  std::vector<CopyTask> chain;
  const auto is_waiting = [&](std::uint32_t oid) {
    return std::any_of(waiting.begin(), waiting.end(), [&](std::size_t w) { return tables[w].oid == oid; });
  };
  while (!waiting.empty()) {
    auto ready = std::find_if(waiting.begin(), waiting.end(), [&](std::size_t index) {
      const auto& references = tables[index].configuration_references;
      return std::none_of(references.begin(), references.end(), is_waiting);
    });
    if (ready == waiting.end()) {
      ready = waiting.begin();
    }
    chain.push_back(CopyTask{.table = *ready, .bytes = tables[*ready].bytes, .is_chained = true});
    waiting.erase(ready);
  }
  return chain;
}

}  // namespace

std::vector<CopyTask> plan_copy(const std::vector<model::TableInfo>& tables,
                                const CopyPlanSettings& settings) {
  std::vector<CopyTask> tasks;
  for (std::size_t index = 0; index < tables.size(); ++index) {
    const auto& table = tables[index];
    if (table.extension_filter) {
      continue;  // chained below
    }
    const bool can_split = table.pages > 1 &&
                           table.bytes > settings.split_threshold_bytes;
    if (!can_split) {
      tasks.push_back(CopyTask{.table = index, .bytes = table.bytes});
      continue;
    }
    // A multiple of the workers, so that a single big table keeps every worker busy to its
    // end: with 3 parts on 2 workers, the last third would be loaded by one worker alone.
    const auto by_size = static_cast<int>((table.bytes + settings.split_threshold_bytes - 1) /
                                          settings.split_threshold_bytes);
    const int jobs = std::max(1, settings.jobs);
    const int balanced = (std::max(by_size, jobs) + jobs - 1) / jobs * jobs;
    const int parts = std::clamp(balanced, 2, std::min(settings.max_parts, static_cast<int>(table.pages)));
    const auto pages_per_part = (table.pages + static_cast<std::uint64_t>(parts) - 1) /
                                static_cast<std::uint64_t>(parts);
    for (int part = 0; part < parts; ++part) {
      const auto first = pages_per_part * static_cast<std::uint64_t>(part);
      const bool is_last = part == parts - 1;
      tasks.push_back(CopyTask{.table = index,
                               .part = part,
                               .parts = parts,
                               .first_page = first,
                               .end_page = is_last ? 0 : first + pages_per_part,
                               .bytes = table.bytes / static_cast<std::uint64_t>(parts)});
    }
  }
  std::stable_sort(tasks.begin(), tasks.end(),
                   [](const CopyTask& a, const CopyTask& b) { return a.bytes > b.bytes; });
  auto chain = chain_configuration_tables(tables);
  tasks.insert(tasks.begin(), chain.begin(), chain.end());
  return tasks;
}

std::string source_copy_sql(const model::TableInfo& table, const CopyTask& task, CopyFormat format) {
  std::string where;
  if (table.extension_filter && !table.extension_filter->empty()) {
    where = " " + *table.extension_filter;  // pg_dump's extcondition: "WHERE ..."
  } else if (!task.is_whole_table()) {
    where = task.end_page == 0
                ? fmt::format(" WHERE ctid >= '({},0)'", task.first_page)
                : fmt::format(" WHERE ctid >= '({},0)' AND ctid < '({},0)'", task.first_page,
                              task.end_page);
  }
  // ONLY: an inheritance parent's own rows; children are copied as tables of their own.
  // An empty column list is valid: a table without columns still has rows to copy.
  return fmt::format("COPY (SELECT {} FROM ONLY {}{}) TO STDOUT ({})", column_list(table),
                     table.qualified_name, where, format_option(format));
}

std::string target_copy_sql(const model::TableInfo& table, CopyFormat format, bool is_freeze) {
  const std::string columns =
      table.columns.empty() ? std::string() : " (" + column_list(table) + ")";
  return fmt::format("COPY {}{} FROM STDIN ({}{})", table.qualified_name, columns,
                     format_option(format), is_freeze ? ", FREEZE" : "");
}

}  // namespace pgimport::copy
