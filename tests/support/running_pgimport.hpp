#pragma once
// pgimport running in the background, watched while it runs: its stdout (one JSON event a
// line with --json) can be read before it exits, it can be signalled at a chosen moment, and
// its child processes (pg_dump, pg_restore) can be inspected through /proc.
#include <sys/types.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "process/child_process.hpp"
#include "util/files.hpp"

namespace pgimport::testing {

class RunningPgimport {
 public:
  // Starts pgimport with `arguments`; `extra_env` adds NAME=value pairs to its environment.
  explicit RunningPgimport(const std::vector<std::string>& arguments,
                           const std::vector<std::string>& extra_env = {});
  RunningPgimport(const RunningPgimport&) = delete;
  RunningPgimport& operator=(const RunningPgimport&) = delete;
  ~RunningPgimport() = default;  // ChildProcess terminates and reaps a child still running

  pid_t pid() const { return m_child.pid(); }
  // Every JSON line printed so far (lines that are not JSON are skipped).
  std::vector<nlohmann::json> events() const;
  // Waits until an event named `event` (with "phase" == `phase` when given) was printed.
  // False if pgimport exited or `timeout` passed first.
  bool wait_for_event(const std::string& event, const std::string& phase = "",
                      std::chrono::milliseconds timeout = std::chrono::minutes(3)) const;
  bool has_exited() const;
  void signal(int number) const;
  // Waits for the exit; stdout_text holds everything printed.
  process::ProcessResult finish();

 private:
  util::TempDir m_folder;
  process::ChildProcess m_child;
};

// Process ids whose parent is `parent` (from /proc/<pid>/stat).
std::vector<pid_t> child_pids(pid_t parent);
// The NUL-separated command line from /proc/<pid>/cmdline, NULs turned into spaces; "" if gone.
std::string command_line(pid_t pid);

}  // namespace pgimport::testing
