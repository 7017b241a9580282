#include "app/output.hpp"

#include <unistd.h>

#include "pg/redact.hpp"

namespace pgimport::app {

Output::Output(bool is_json, bool is_quiet)
    : m_is_json(is_json),
      m_is_quiet(is_quiet),
      m_is_tty(::isatty(STDOUT_FILENO) != 0),
      m_is_stderr_tty(::isatty(STDERR_FILENO) != 0) {}

void Output::line(std::string_view text) {
  if (m_is_json || m_is_quiet) {
    return;
  }
  const std::lock_guard lock(m_mutex);
  const auto safe = pg::redact(text);
  std::fwrite(safe.data(), 1, safe.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

std::string Output::paint(std::string_view text, Colour colour) const {
  if (!m_is_tty || colour == Colour::none) {
    return std::string(text);
  }
  const char* code = "";
  switch (colour) {
    case Colour::green:
      code = "\033[32m";
      break;
    case Colour::yellow:
      code = "\033[33m";
      break;
    case Colour::red:
      code = "\033[31m";
      break;
    case Colour::dim:
      code = "\033[2m";
      break;
    case Colour::bold:
      code = "\033[1m";
      break;
    case Colour::none:
      break;
  }
  return std::string(code) + std::string(text) + "\033[0m";
}

void Output::json(const nlohmann::json& object) {
  if (!m_is_json) {
    return;
  }
  const std::lock_guard lock(m_mutex);
  const auto text = pg::redact(object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void Output::error(std::string_view message, std::string_view hint) {
  if (m_is_json) {
    nlohmann::json event{{"event", "error"}, {"message", message}};
    if (!hint.empty()) {
      event["hint"] = hint;
    }
    json(event);
    return;
  }
  const std::lock_guard lock(m_mutex);
  std::string text = (m_is_stderr_tty ? std::string("\033[31merror:\033[0m ") : std::string("error: ")) +
                     pg::redact(message) + "\n";
  if (!hint.empty()) {
    text += "hint: " + pg::redact(hint) + "\n";
  }
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

void Output::warning(std::string_view message) {
  if (m_is_json) {
    json({{"event", "warning"}, {"message", message}});
    return;
  }
  const std::lock_guard lock(m_mutex);
  const std::string text = "warning: " + pg::redact(message) + "\n";
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

void Output::raw(std::string_view text) {
  if (m_is_json || m_is_quiet || !m_is_tty) {
    return;
  }
  const std::lock_guard lock(m_mutex);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace pgimport::app
