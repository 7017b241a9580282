#pragma once
// Renders the import as it runs: live bars on a terminal, a plain line every few seconds in
// a log, JSON events with --json. Implements the pipeline's ImportEvents.
#include <stop_token>
#include <thread>

#include "app/output.hpp"
#include "pipeline/import_events.hpp"
#include "progress/progress_board.hpp"

namespace pgimport::app {

class ProgressView : public pipeline::ImportEvents {
 public:
  ProgressView(Output& output, const progress::ProgressBoard& board);
  ~ProgressView() override;
  ProgressView(const ProgressView&) = delete;
  ProgressView& operator=(const ProgressView&) = delete;

  void checks_finished(const check::CheckReport& report) override;
  void phase_started(std::string_view phase) override;
  void phase_finished(std::string_view phase, double seconds) override;
  void table_finished(std::string_view table, std::uint64_t rows, std::uint64_t bytes,
                      double seconds) override;
  void info(std::string_view message) override;
  void warning(std::string_view message) override;

  // Stops the live display and clears it (before the final summary is printed).
  void stop();

 private:
  void render_loop(std::stop_token stop);
  void draw_live(const progress::ProgressSnapshot& snapshot);
  void clear_live();
  void log_line(const progress::ProgressSnapshot& snapshot);

  Output& m_output;
  const progress::ProgressBoard& m_board;
  std::mutex m_mutex;  // Guards m_live_lines (drawing vs. printing other lines).
  int m_live_lines = 0;
  std::jthread m_thread;
};

}  // namespace pgimport::app
