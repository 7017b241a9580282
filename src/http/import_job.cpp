#include "http/import_job.hpp"

#include <fmt/format.h>

#include "branch/branch.hpp"
#include "http/json_views.hpp"
#include "pg/redact.hpp"
#include "pipeline/import_run.hpp"

namespace pgimport::http {
namespace {

std::string_view to_string(pipeline::VerifyLevel level) {
  switch (level) {
    case pipeline::VerifyLevel::none:
      return "none";
    case pipeline::VerifyLevel::counts:
      return "counts";
    case pipeline::VerifyLevel::full:
      return "full";
  }
  return "counts";
}

}  // namespace

ImportJob::ImportJob(std::uint64_t id, pipeline::ImportSettings settings, Log log)
    : m_id(id),
      m_settings(std::move(settings)),
      m_log(std::move(log)),
      m_started_at(branch::utc_timestamp(std::chrono::system_clock::now())) {
  m_thread = std::jthread([this] { run(); });
}

ImportJob::~ImportJob() {
  cancel();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

void ImportJob::run() {
  m_log(fmt::format("import {} started: {} into {}", m_id, m_settings.source.display(),
                    m_settings.target.display()));
  append({{"event", "started"},
          {"source", m_settings.source.display()},
          {"target", m_settings.target.display()}});
  pipeline::ImportSummary summary;
  try {
    summary = pipeline::run_import(m_settings, *this, m_board, m_cancellation);
  } catch (const std::exception& error) {
    // run_import reports failures in its summary; anything else is still the import's end.
    summary.outcome = pipeline::ImportOutcome::failed;
    summary.error = pg::redact(error.what());
  }
  auto json = pipeline::summary_json(summary);
  m_log(pg::redact(fmt::format("import {} finished: {}{}", m_id, json.value("outcome", ""),
                               summary.error.empty() ? "" : " (" + summary.error + ")")));
  const std::lock_guard lock(m_mutex);
  json["seq"] = m_events.size() + 1;
  m_events.push_back(json);
  m_summary = std::move(json);
  m_is_finished = true;
  m_changed.notify_all();
}

bool ImportJob::is_running() const {
  const std::lock_guard lock(m_mutex);
  return !m_is_finished;
}

bool ImportJob::cancel() {
  if (!is_running()) {
    return false;
  }
  if (m_cancellation.request("cancelled from the web page")) {
    append({{"event", "cancelling"}});
    m_log(fmt::format("import {}: cancel requested", m_id));
  }
  return true;
}

nlohmann::json ImportJob::status_json() const {
  nlohmann::json json{{"id", m_id},
                      {"source", m_settings.source.display()},
                      {"target", m_settings.target.display()},
                      {"branch", m_settings.branch_name},
                      {"jobs", m_settings.jobs},
                      {"keep_owners", m_settings.keep_owners},
                      {"keep_privileges", m_settings.keep_privileges},
                      {"verify", to_string(m_settings.verify)},
                      {"started_at", m_started_at},
                      {"progress", progress_json()}};
  const std::lock_guard lock(m_mutex);
  json["state"] = m_is_finished ? "finished" : m_cancellation.is_requested() ? "cancelling" : "running";
  json["events"] = m_events.size();
  json["summary"] = m_summary ? *m_summary : nlohmann::json(nullptr);
  return json;
}

nlohmann::json ImportJob::progress_json() const { return http::progress_json(m_board.snapshot()); }

ImportJob::Batch ImportJob::events_after(std::uint64_t after, std::chrono::milliseconds wait) const {
  std::unique_lock lock(m_mutex);
  m_changed.wait_for(lock, wait, [&] { return m_events.size() > after || m_is_finished; });
  Batch batch;
  for (auto index = after; index < m_events.size(); ++index) {
    batch.events.push_back(m_events[index]);
  }
  batch.is_finished = m_is_finished;
  return batch;
}

void ImportJob::wake_all() const {
  const std::lock_guard lock(m_mutex);
  m_changed.notify_all();
}

void ImportJob::append(nlohmann::json event) {
  const std::lock_guard lock(m_mutex);
  event["seq"] = m_events.size() + 1;
  m_events.push_back(std::move(event));
  m_changed.notify_all();
}

void ImportJob::checks_finished(const check::CheckReport& report) { append(check::to_json(report)); }

void ImportJob::phase_started(std::string_view phase) {
  append({{"event", "phase_started"}, {"phase", phase}});
}

void ImportJob::phase_finished(std::string_view phase, double seconds) {
  append({{"event", "phase_finished"}, {"phase", phase}, {"seconds", seconds}});
}

void ImportJob::table_finished(std::string_view table, std::uint64_t rows, std::uint64_t bytes,
                               double seconds) {
  append({{"event", "table_done"}, {"table", table}, {"rows", rows}, {"bytes", bytes},
          {"seconds", seconds}});
}

void ImportJob::info(std::string_view message) {
  append({{"event", "info"}, {"message", pg::redact(message)}});
}

void ImportJob::warning(std::string_view message) {
  append({{"event", "warning"}, {"message", pg::redact(message)}});
}

}  // namespace pgimport::http
