#pragma once
// One import started from the web page: pipeline::run_import on a thread of its own, with
// everything it reports kept as a numbered event log, so that any number of pages (and a
// page that reloads) can replay it from the start and then follow it live.
#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/import_events.hpp"
#include "pipeline/import_settings.hpp"
#include "pipeline/import_summary.hpp"
#include "progress/progress_board.hpp"
#include "util/cancellation.hpp"

namespace pgimport::http {

class ImportJob final : public pipeline::ImportEvents {
 public:
  using Log = std::function<void(std::string_view)>;

  // Starts the import at once.
  ImportJob(std::uint64_t id, pipeline::ImportSettings settings, Log log);
  // Cancels a running import and waits for it to finish (its branch marked failed).
  ~ImportJob() override;
  ImportJob(const ImportJob&) = delete;
  ImportJob& operator=(const ImportJob&) = delete;

  std::uint64_t id() const noexcept { return m_id; }
  bool is_running() const;
  // Returns false when the import had already finished.
  bool cancel();
  // id, state, source/target (password-free), requested branch, started_at, event count,
  // progress now, and the summary once finished.
  nlohmann::json status_json() const;
  nlohmann::json progress_json() const;

  struct Batch {
    std::vector<nlohmann::json> events;  // each with "seq" (1, 2, ...)
    bool is_finished = false;            // no event will follow the last one returned
  };
  // The events after sequence number `after`; waits up to `wait` when there are none yet.
  Batch events_after(std::uint64_t after, std::chrono::milliseconds wait) const;
  // Wakes every waiting events_after() (the server is stopping).
  void wake_all() const;

  // pipeline::ImportEvents (called from the import's threads).
  void checks_finished(const check::CheckReport& report) override;
  void phase_started(std::string_view phase) override;
  void phase_finished(std::string_view phase, double seconds) override;
  void table_finished(std::string_view table, std::uint64_t rows, std::uint64_t bytes,
                      double seconds) override;
  void info(std::string_view message) override;
  void warning(std::string_view message) override;

 private:
  void run();
  void append(nlohmann::json event);

  const std::uint64_t m_id;
  const pipeline::ImportSettings m_settings;
  const Log m_log;
  const std::string m_started_at;
  progress::ProgressBoard m_board;
  util::Cancellation m_cancellation;
  mutable std::mutex m_mutex;  // Guards everything below.
  mutable std::condition_variable m_changed;
  std::vector<nlohmann::json> m_events;
  bool m_is_finished = false;
  std::optional<nlohmann::json> m_summary;
  std::jthread m_thread;  // last: started once everything above exists
};

}  // namespace pgimport::http
