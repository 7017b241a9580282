#include "process/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <system_error>
#include <utility>

#include "util/text.hpp"

extern char** environ;

namespace pgimport::process {
namespace {

// Our environment with `extra` applied: a NAME=value pair replaces NAME.
std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text(*entry);
    const auto equals = text.find('=');
    if (equals != std::string::npos) {
      variables[text.substr(0, equals)] = text;
    }
  }
  for (const auto& text : extra) {
    variables[text.substr(0, text.find('='))] = text;
  }
  std::vector<std::string> result;
  result.reserve(variables.size());
  for (auto& [name, text] : variables) {
    result.push_back(std::move(text));
  }
  return result;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& text : strings) {
    pointers.push_back(text.data());
  }
  pointers.push_back(nullptr);
  return pointers;
}

void throw_errno(int error, const std::string& what) {
  throw std::system_error(error, std::generic_category(), what);
}

}  // namespace

std::string ProcessResult::describe() const {
  if (signal != 0) {
    return fmt::format("killed by signal {}", signal);
  }
  return fmt::format("exit code {}", exit_code);
}

ChildProcess::ChildProcess(pid_t pid, int stdout_fd, int stderr_fd)
    : m_pid(pid), m_stdout_fd(stdout_fd), m_stderr_fd(stderr_fd) {}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)),
      m_stdout_fd(std::exchange(other.m_stdout_fd, -1)),
      m_stderr_fd(std::exchange(other.m_stderr_fd, -1)),
      m_reaped(other.m_reaped.load()) {
  other.m_reaped = true;
}

ChildProcess::~ChildProcess() {
  if (m_pid > 0 && !m_reaped) {
    ::kill(m_pid, SIGTERM);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  for (const int fd : {m_stdout_fd, m_stderr_fd}) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
}

void ChildProcess::terminate() noexcept {
  if (m_pid > 0 && !m_reaped) {
    ::kill(m_pid, SIGTERM);
  }
}

ChildProcess ChildProcess::spawn(const Command& command) {
  if (command.argv.empty()) {
    throw std::invalid_argument("empty command");
  }
  std::array<int, 2> out_pipe{-1, -1};
  std::array<int, 2> err_pipe{-1, -1};
  if (!command.stdout_file && ::pipe2(out_pipe.data(), O_CLOEXEC) != 0) {
    throw_errno(errno, "pipe");
  }
  if (::pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    throw_errno(errno, "pipe");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string stdin_path = command.stdin_file ? command.stdin_file->string() : "/dev/null";
  posix_spawn_file_actions_addopen(&actions, 0, stdin_path.c_str(), O_RDONLY, 0);
  std::string stdout_path;
  if (command.stdout_file) {
    stdout_path = command.stdout_file->string();
    posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
  } else {
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  }
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::string working_directory;
  if (command.working_directory) {
    working_directory = command.working_directory->string();
    posix_spawn_file_actions_addchdir_np(&actions, working_directory.c_str());
  }
  // A child starts with default signal handling and an empty mask, whatever ours are.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t all_signals;
  sigset_t no_signals;
  sigfillset(&all_signals);
  sigemptyset(&no_signals);
  posix_spawnattr_setsigdefault(&attributes, &all_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

  auto argv_strings = command.argv;
  auto env_strings = child_environment(command.extra_env);
  auto argv = c_strings(argv_strings);
  auto envp = c_strings(env_strings);
  pid_t pid = -1;
  const int error = ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  for (const int fd : {out_pipe[1], err_pipe[1]}) {
    if (fd >= 0) {
      ::close(fd);
    }
  }
  if (error != 0) {
    for (const int fd : {out_pipe[0], err_pipe[0]}) {
      if (fd >= 0) {
        ::close(fd);
      }
    }
    throw_errno(error, "cannot start " + command.argv[0]);
  }
  return ChildProcess(pid, out_pipe[0], err_pipe[0]);
}

ProcessResult ChildProcess::wait() {
  ProcessResult result;
  std::array<pollfd, 2> fds{{{m_stdout_fd, POLLIN, 0}, {m_stderr_fd, POLLIN, 0}}};
  std::array<std::string*, 2> sinks{&result.stdout_text, &result.stderr_text};
  char buffer[65536];
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      const auto n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
      }
    }
  }
  m_stdout_fd = -1;
  m_stderr_fd = -1;
  int status = 0;
  while (::waitpid(m_pid, &status, 0) < 0) {
    if (errno != EINTR) {
      break;
    }
  }
  m_reaped = true;
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

ProcessResult run(const Command& command) { return ChildProcess::spawn(command).wait(); }

std::optional<std::filesystem::path> find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return ::access(name.c_str(), X_OK) == 0 ? std::optional<std::filesystem::path>(name)
                                            : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  for (const auto& folder : util::split(path != nullptr ? path : "/usr/bin:/bin", ':')) {
    const auto candidate = std::filesystem::path(folder.empty() ? "." : folder) / name;
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

}  // namespace pgimport::process
