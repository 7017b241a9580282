#pragma once
// The one writer to the terminal: human text (colour only on a TTY) or JSON lines.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace pgimport::app {

enum class Colour { none, green, yellow, red, dim, bold };

class Output {
 public:
  Output(bool is_json, bool is_quiet);

  bool is_json() const noexcept { return m_is_json; }
  bool is_tty() const noexcept { return m_is_tty; }
  bool is_quiet() const noexcept { return m_is_quiet; }

  // Human output (suppressed in JSON mode).
  void line(std::string_view text);
  std::string paint(std::string_view text, Colour colour) const;
  // One JSON object on its own line (JSON mode only).
  void json(const nlohmann::json& object);
  // An error for the user: "error: ..." on stderr, or {"event":"error",...} in JSON mode.
  void error(std::string_view message, std::string_view hint = {});
  void warning(std::string_view message);

  // For live progress: rewrite the current terminal lines (TTY only).
  void raw(std::string_view text);

 private:
  bool m_is_json;
  bool m_is_quiet;
  bool m_is_tty;
  bool m_is_stderr_tty;
  std::mutex m_mutex;  // Guards writes to stdout/stderr from the progress thread.
};

}  // namespace pgimport::app
