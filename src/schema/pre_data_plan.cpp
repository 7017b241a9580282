#include "schema/pre_data_plan.hpp"

#include <array>
#include <string_view>

namespace pgimport::schema {

bool is_reorderable_kind(const std::string& kind) {
  // Not here on purpose: schemas, extensions, types, functions (order-free in principle, but
  // few, and extensions run scripts), ATTACH and INHERITS-like links between tables
  // ("TABLE ATTACH"), default privileges (they change what later objects get), anything
  // pg_restore treats specially (ENCODING, large objects...).
  static constexpr std::array<std::string_view, 7> k_kinds{
      "TABLE", "SEQUENCE", "SEQUENCE OWNED BY", "DEFAULT", "VIEW", "MATERIALIZED VIEW", "COMMENT"};
  for (const auto candidate : k_kinds) {
    if (kind == candidate) {
      return true;
    }
  }
  return false;
}

std::vector<PreDataSegment> plan_pre_data(const std::vector<TocEntry>& entries,
                                          std::size_t min_parallel_run) {
  std::vector<PreDataSegment> segments;
  std::vector<TocEntry> run;  // reorderable entries not yet placed
  const auto add = [&segments](bool is_parallel, std::vector<TocEntry> part) {
    if (part.empty()) {
      return;
    }
    if (!is_parallel && !segments.empty() && !segments.back().is_parallel) {
      segments.back().entries.insert(segments.back().entries.end(), part.begin(), part.end());
      return;
    }
    segments.push_back({is_parallel, std::move(part)});
  };
  const auto close_run = [&] {
    const bool is_long = run.size() >= min_parallel_run;  // before `run` is moved from
    add(is_long, std::move(run));
    run.clear();
  };
  for (const auto& entry : entries) {
    if (is_reorderable_kind(entry.kind)) {
      run.push_back(entry);
      continue;
    }
    close_run();
    add(false, {entry});
  }
  close_run();
  return segments;
}

}  // namespace pgimport::schema
