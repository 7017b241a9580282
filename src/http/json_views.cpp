#include "http/json_views.hpp"

#include <array>
#include <chrono>

#include "util/units.hpp"

namespace pgimport::http {
namespace {

double rate(const progress::ProgressSnapshot& snapshot) {
  return snapshot.phase == "data" && snapshot.phase_elapsed_seconds > 0.5
             ? static_cast<double>(snapshot.bytes_done) / snapshot.phase_elapsed_seconds
             : 0.0;
}

}  // namespace

nlohmann::json progress_json(const progress::ProgressSnapshot& snapshot) {
  const double speed = rate(snapshot);
  nlohmann::json eta = nullptr;
  if (speed > 0 && snapshot.bytes_done < snapshot.bytes_total) {
    eta = static_cast<double>(snapshot.bytes_total - snapshot.bytes_done) / speed;
  }
  auto workers = nlohmann::json::array();
  for (const auto& worker : snapshot.workers) {
    workers.push_back(worker.activity);
  }
  return {{"event", "progress"},
          {"phase", snapshot.phase},
          {"elapsed_seconds", snapshot.elapsed_seconds},
          {"bytes_done", snapshot.bytes_done},
          {"bytes_total", snapshot.bytes_total},
          {"rows_done", snapshot.rows_done},
          {"tables_done", snapshot.tables_done},
          {"tables_total", snapshot.tables_total},
          {"bytes_per_second", speed},
          {"eta_seconds", eta},
          {"workers", workers}};
}

nlohmann::json branch_json(const branch::BranchInfo& info) {
  auto object = info.status ? branch::to_json(*info.status) : nlohmann::json::object();
  object["name"] = info.name;
  object["size_bytes"] = info.size_bytes;
  object["size"] = util::format_bytes(info.size_bytes);
  object["age_seconds"] = nullptr;
  object["age"] = nullptr;
  if (info.status) {
    if (const auto started = branch::parse_timestamp(info.status->started_at)) {
      const auto age = std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now() - *started);
      object["age_seconds"] = age.count();
      object["age"] = branch::format_age(age);
    }
  }
  return object;
}

}  // namespace pgimport::http
