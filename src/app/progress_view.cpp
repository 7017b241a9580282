#include "app/progress_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "app/check_view.hpp"

#include "util/units.hpp"

namespace pgimport::app {
namespace {

std::string bar(double fraction, int width) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(fraction * width);
  return "[" + std::string(static_cast<std::size_t>(filled), '#') +
         std::string(static_cast<std::size_t>(width - filled), '.') + "]";
}

double rate(const progress::ProgressSnapshot& snapshot) {
  return snapshot.phase_elapsed_seconds > 0.5
             ? static_cast<double>(snapshot.bytes_done) / snapshot.phase_elapsed_seconds
             : 0.0;
}

std::string eta(const progress::ProgressSnapshot& snapshot) {
  const double speed = rate(snapshot);
  if (speed <= 0 || snapshot.bytes_done >= snapshot.bytes_total) {
    return "--";
  }
  return util::format_duration(static_cast<double>(snapshot.bytes_total - snapshot.bytes_done) / speed);
}

}  // namespace

ProgressView::ProgressView(Output& output, const progress::ProgressBoard& board)
    : m_output(output), m_board(board) {
  m_thread = std::jthread([this](std::stop_token stop) { render_loop(stop); });
}

ProgressView::~ProgressView() { stop(); }

void ProgressView::stop() {
  if (m_thread.joinable()) {
    m_thread.request_stop();
    m_thread.join();
  }
  const std::lock_guard lock(m_mutex);
  clear_live();
}

void ProgressView::render_loop(std::stop_token stop) {
  using namespace std::chrono_literals;
  auto last_log = std::chrono::steady_clock::now();
  std::mutex tick_mutex;
  std::condition_variable_any tick;
  while (!stop.stop_requested()) {
    {
      // Sleeps 200 ms, or until stop is requested (the program does not wait out a tick).
      std::unique_lock lock(tick_mutex);
      tick.wait_for(lock, stop, 200ms, [] { return false; });
    }
    if (stop.stop_requested()) {
      break;
    }
    const auto snapshot = m_board.snapshot();
    if (snapshot.phase != "data") {
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (m_output.is_tty() && !m_output.is_json()) {
      const std::lock_guard lock(m_mutex);
      draw_live(snapshot);
    } else if (now - last_log >= 5s) {
      last_log = now;
      log_line(snapshot);
    }
  }
}

void ProgressView::draw_live(const progress::ProgressSnapshot& snapshot) {
  const double fraction = snapshot.bytes_total > 0 ? static_cast<double>(snapshot.bytes_done) /
                                                         static_cast<double>(snapshot.bytes_total)
                                                   : 0.0;
  std::string text;
  if (m_live_lines > 0) {
    text += fmt::format("\033[{}A", m_live_lines);
  }
  text += fmt::format("\r\033[2K  data {} {:>3.0f}%  {} / {}  {}  ETA {}\n", bar(fraction, 30),
                      fraction * 100, util::format_bytes(snapshot.bytes_done),
                      util::format_bytes(snapshot.bytes_total), util::format_rate(rate(snapshot)),
                      eta(snapshot));
  text += fmt::format("\r\033[2K  tables {} {}/{}  rows {}\n",
                      bar(snapshot.tables_total > 0 ? static_cast<double>(snapshot.tables_done) /
                                                          static_cast<double>(snapshot.tables_total)
                                                    : 0.0,
                          30),
                      snapshot.tables_done, snapshot.tables_total, snapshot.rows_done);
  int lines = 2;
  for (std::size_t i = 0; i < snapshot.workers.size(); ++i) {
    const auto& activity = snapshot.workers[i].activity;
    text += fmt::format("\r\033[2K  worker {}: {}\n", i + 1, activity.empty() ? "idle" : activity);
    ++lines;
  }
  m_live_lines = lines;
  m_output.raw(text);
}

void ProgressView::clear_live() {
  if (m_live_lines == 0) {
    return;
  }
  std::string text = fmt::format("\033[{}A", m_live_lines);
  for (int i = 0; i < m_live_lines; ++i) {
    text += "\r\033[2K\n";
  }
  text += fmt::format("\033[{}A", m_live_lines);
  m_output.raw(text);
  m_live_lines = 0;
}

void ProgressView::log_line(const progress::ProgressSnapshot& snapshot) {
  const double percent = snapshot.bytes_total > 0 ? 100.0 * static_cast<double>(snapshot.bytes_done) /
                                                        static_cast<double>(snapshot.bytes_total)
                                                  : 0.0;
  m_output.line(fmt::format("  data: {:.0f}% ({} of ~{}), {}, {} of {} tables, ETA {}", percent,
                            util::format_bytes(snapshot.bytes_done),
                            util::format_bytes(snapshot.bytes_total),
                            util::format_rate(rate(snapshot)), snapshot.tables_done,
                            snapshot.tables_total, eta(snapshot)));
  m_output.json({{"event", "progress"},
                 {"bytes_done", snapshot.bytes_done},
                 {"bytes_total", snapshot.bytes_total},
                 {"rows_done", snapshot.rows_done},
                 {"tables_done", snapshot.tables_done},
                 {"tables_total", snapshot.tables_total},
                 {"bytes_per_second", rate(snapshot)}});
}

void ProgressView::checks_finished(const check::CheckReport& report) {
  m_output.json(check::to_json(report));
  print_findings(report, FindingsDetail::problems_only, m_output);
}

void ProgressView::phase_started(std::string_view phase) {
  const std::lock_guard lock(m_mutex);
  clear_live();
  m_output.line(m_output.paint(fmt::format("==> {}", phase), Colour::bold));
  m_output.json({{"event", "phase_started"}, {"phase", phase}});
}

void ProgressView::phase_finished(std::string_view phase, double seconds) {
  const std::lock_guard lock(m_mutex);
  clear_live();
  m_output.line(m_output.paint(fmt::format("    {} done in {}", phase, util::format_duration(seconds)),
                               Colour::dim));
  m_output.json({{"event", "phase_finished"}, {"phase", phase}, {"seconds", seconds}});
}

void ProgressView::table_finished(std::string_view table, std::uint64_t rows, std::uint64_t bytes,
                                  double seconds) {
  m_output.json({{"event", "table_done"},
                 {"table", table},
                 {"rows", rows},
                 {"bytes", bytes},
                 {"seconds", seconds}});
  if (!m_output.is_tty()) {
    m_output.line(fmt::format("    copied {} ({} rows, {})", table, rows, util::format_bytes(bytes)));
  }
}

void ProgressView::info(std::string_view message) {
  const std::lock_guard lock(m_mutex);
  clear_live();
  m_output.line("    " + std::string(message));
  m_output.json({{"event", "info"}, {"message", message}});
}

void ProgressView::warning(std::string_view message) {
  const std::lock_guard lock(m_mutex);
  clear_live();
  m_output.warning(message);
}

}  // namespace pgimport::app
