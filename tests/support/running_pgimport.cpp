#include "support/running_pgimport.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/run_pgimport.hpp"
#include "util/text.hpp"

namespace pgimport::testing {
namespace {

process::ChildProcess spawn_into(const std::filesystem::path& stdout_file,
                                 const std::vector<std::string>& arguments,
                                 const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv{pgimport_binary()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  // stdout goes to a file, not a pipe: it can be read while pgimport runs.
  return process::ChildProcess::spawn({.argv = argv, .extra_env = extra_env, .stdout_file = stdout_file});
}

}  // namespace

RunningPgimport::RunningPgimport(const std::vector<std::string>& arguments,
                                 const std::vector<std::string>& extra_env)
    : m_folder("pgimport-running"),
      m_child(spawn_into(m_folder.path() / "stdout", arguments, extra_env)) {}

std::vector<nlohmann::json> RunningPgimport::events() const {
  std::vector<nlohmann::json> events;
  const auto text = util::read_text_file(m_folder.path() / "stdout").value_or("");
  for (const auto& line : util::split_lines(text)) {
    auto parsed = nlohmann::json::parse(line, nullptr, false);
    if (!parsed.is_discarded()) {
      events.push_back(std::move(parsed));
    }
  }
  return events;
}

bool RunningPgimport::has_exited() const {
  siginfo_t info{};
  // WNOWAIT: look without reaping, so that finish() still gets the exit status.
  if (::waitid(P_PID, static_cast<id_t>(pid()), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return true;
  }
  return info.si_pid == pid();
}

bool RunningPgimport::wait_for_event(const std::string& event, const std::string& phase,
                                     std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {  // looks at least once, also with a zero timeout
    for (const auto& each : events()) {
      if (each.value("event", "") == event && (phase.empty() || each.value("phase", "") == phase)) {
        return true;
      }
    }
    if (has_exited() || std::chrono::steady_clock::now() >= deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void RunningPgimport::signal(int number) const { ::kill(pid(), number); }

process::ProcessResult RunningPgimport::finish() {
  auto result = m_child.wait();
  result.stdout_text = util::read_text_file(m_folder.path() / "stdout").value_or("");
  return result;
}

std::vector<pid_t> child_pids(pid_t parent) {
  std::vector<pid_t> children;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    std::getline(stat, text);
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
      continue;
    }
    std::istringstream rest(text.substr(close + 1));
    std::string state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) {
      children.push_back(static_cast<pid_t>(std::stoi(name)));
    }
  }
  return children;
}

std::string command_line(pid_t pid) {
  auto text = util::read_text_file("/proc/" + std::to_string(pid) + "/cmdline").value_or("");
  for (auto& c : text) {
    if (c == '\0') {
      c = ' ';
    }
  }
  return text;
}

}  // namespace pgimport::testing
