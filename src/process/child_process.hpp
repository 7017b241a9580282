#pragma once
// A child process with a clear life: spawned with an explicit environment, its output
// collected, killed and reaped if its owner goes away first.
#include <sys/types.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pgimport::process {

struct Command {
  std::vector<std::string> argv;       // argv[0] is looked up in PATH unless it has a '/'
  std::vector<std::string> extra_env;  // "NAME=value" added to (or replacing in) our environment
  std::optional<std::filesystem::path> stdin_file;   // default: /dev/null
  std::optional<std::filesystem::path> stdout_file;  // default: captured into the result
  std::optional<std::filesystem::path> working_directory;
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string stdout_text;
  std::string stderr_text;
  bool succeeded() const noexcept { return exit_code == 0; }
  // "exit code 1" or "killed by signal 15"
  std::string describe() const;
};

class ChildProcess {
 public:
  // Throws std::system_error if the program cannot be started.
  static ChildProcess spawn(const Command& command);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();  // SIGTERM and reap if still running

  // Collects output until the child exits.
  ProcessResult wait();
  // Asks the child to stop (SIGTERM); safe from another thread.
  void terminate() noexcept;
  pid_t pid() const noexcept { return m_pid; }

 private:
  ChildProcess(pid_t pid, int stdout_fd, int stderr_fd);
  pid_t m_pid = -1;
  int m_stdout_fd = -1;
  int m_stderr_fd = -1;
  std::atomic<bool> m_reaped{false};
};

// spawn + wait.
ProcessResult run(const Command& command);

// The program's path: argv0 itself if it has a '/', else the first match in PATH.
std::optional<std::filesystem::path> find_program(const std::string& name);

}  // namespace pgimport::process
