#include "pipeline/summary_json.hpp"

#include <array>
#include <string_view>

namespace pgimport::pipeline {

nlohmann::json summary_json(const ImportSummary& summary) {
  static constexpr std::array<std::string_view, 4> k_outcomes{"complete", "failed", "cancelled",
                                                              "checks_failed"};
  nlohmann::json phases = nlohmann::json::object();
  for (const auto& [name, seconds] : summary.phase_seconds) {
    phases[name] = seconds;
  }
  nlohmann::json json{{"event", "summary"},
                      {"outcome", k_outcomes[static_cast<std::size_t>(summary.outcome)]},
                      {"branch", summary.branch},
                      {"branch_dropped", summary.is_branch_dropped},
                      {"snapshot_time", summary.snapshot_time},
                      {"seconds", summary.total_seconds},
                      {"phases", phases},
                      {"tables", summary.tables},
                      {"rows", summary.rows},
                      {"bytes", summary.bytes},
                      {"sequences", summary.sequences},
                      {"large_objects", summary.large_objects},
                      {"skipped", summary.skipped}};
  if (!summary.error.empty()) {
    json["error"] = summary.error;
  }
  if (summary.branch_conninfo) {
    json["branch_url"] = summary.branch_conninfo->display();
  }
  if (summary.checks) {
    json["checks"] = check::to_json(*summary.checks);
  }
  if (summary.verification) {
    json["verification"] = verify::to_json(*summary.verification);
  }
  return json;
}

}  // namespace pgimport::pipeline
