// Hardening, part 2: faults during an import. Whatever breaks (a backend killed, a server
// stopped, a full disk, Ctrl-C or SIGTERM in any phase, a lock that is never released), the
// import stops in bounded time with a message naming what broke, the branch is marked failed
// where the target can still be written, no pgimport session or child process is left, the
// source is unchanged, and a rerun under a new branch name succeeds.
// (A source backend killed mid-copy is in import_test.cpp.)
#include <signal.h>
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "integration/hardening_common.hpp"
#include "support/running_pgimport.hpp"

namespace pgimport {
namespace {

using namespace std::chrono_literals;
using hardening::all_output;
using hardening::event_of;
using hardening::status_of;
using testing::TestCluster;
using util::contains;

// ~75 MB in one table with a text index (slow enough to be caught copying, indexing and
// verifying), plus 150 small tables with an index each (slow enough pre-data and post-data).
void load_fault_source(const TestCluster& cluster, const std::string& database) {
  cluster.recreate_database(database);
  cluster.execute(database,
                  "CREATE TABLE big (id bigint PRIMARY KEY, payload text);"
                  "INSERT INTO big SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, 350000) g;"
                  "CREATE INDEX big_payload ON big (payload);"
                  "DO $$ BEGIN FOR i IN 1..150 LOOP "
                  "EXECUTE format('CREATE TABLE small_%s (id int PRIMARY KEY, v text)', i); "
                  "EXECUTE format('CREATE INDEX ON small_%s (v)', i); "
                  "EXECUTE format('INSERT INTO small_%s VALUES (1, ''x''), (2, ''y'')', i); "
                  "END LOOP; END $$");
}

// The shared 15 cluster's fault source, loaded once per test binary.
const std::string& shared_fault_source(const TestCluster& cluster) {
  static const std::string name = [&] {
    load_fault_source(cluster, "fault_source");
    return std::string("fault_source");
  }();
  return name;
}

// Waits until a pgimport session on `cluster` runs a statement matching `pattern` (LIKE);
// returns its pid (0 after a test failure when none shows up within a minute).
int wait_for_statement(const TestCluster& cluster, const std::string& pattern) {
  auto connection = cluster.connect("postgres");
  for (int attempt = 0; attempt < 6000; ++attempt) {
    const auto result = connection.exec(
        "SELECT pid FROM pg_stat_activity WHERE application_name = 'pgimport' AND state = 'active' "
        "AND query LIKE $1 AND pid <> pg_backend_pid()",
        {pattern});
    if (result.rows() > 0) {
      return static_cast<int>(result.int_value(0, 0));
    }
    std::this_thread::sleep_for(10ms);
  }
  ADD_FAILURE() << "no pgimport session ran " << pattern;
  return 0;
}

// Waits (up to 60 s) until the server takes connections, e.g. at the end of crash recovery.
bool accepts_connections_soon(const TestCluster& cluster) {
  for (int attempt = 0; attempt < 600; ++attempt) {
    try {
      cluster.connect("postgres");
      return true;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(100ms);
    }
  }
  return false;
}

// Processes (pg_dump, pg_restore) still working on `branch` after pgimport is gone.
int processes_naming(const std::string& branch) {
  int count = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    const auto name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") == std::string::npos &&
        contains(testing::command_line(std::stoi(name)), "dbname='" + branch + "'")) {
      ++count;
    }
  }
  return count;
}

void expect_failed_branch(const TestCluster& target, const std::string& branch,
                          const std::string& message_part) {
  const auto status = status_of(target, branch);
  ASSERT_TRUE(status) << "branch " << branch << " has no status";
  EXPECT_EQ(status->status, branch::Status::failed);
  EXPECT_TRUE(contains(status->message, message_part)) << status->message;
  EXPECT_FALSE(status->finished_at.empty());
}

void expect_rerun_succeeds(const TestCluster& source, const std::string& database,
                           const TestCluster& target, const std::string& branch) {
  hardening::drop_database(target, branch);
  const auto rerun = hardening::import(source, database, target, branch, {"--verify", "none"});
  ASSERT_EQ(rerun.exit_code, 0) << all_output(rerun);
  EXPECT_EQ(testing::table_fingerprints(target, branch), testing::table_fingerprints(source, database));
  const auto status = status_of(target, branch);
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::complete);
}

// ---- backends and servers going away ------------------------------------------------------

TEST(Faults, TargetCopyBackendTerminatedFailsNamingTheTable) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const auto& source = shared_fault_source(*cluster);
  const auto source_before = testing::table_fingerprints(*cluster, source);
  hardening::drop_database(*cluster, "fault_target_kill");
  std::thread killer([&] {
    const int pid = wait_for_statement(*cluster, "%COPY public.big%FROM STDIN%");
    cluster->execute("postgres", "SELECT pg_terminate_backend(" + std::to_string(pid) + ")");
  });
  const auto result = hardening::import(*cluster, source, *cluster, "fault_target_kill", {"--jobs", "2"});
  killer.join();

  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  const auto summary = event_of(result.stdout_text, "summary");
  EXPECT_EQ(summary.value("outcome", ""), "failed");
  EXPECT_TRUE(contains(summary.value("error", ""), "public.big")) << summary.dump();
  EXPECT_TRUE(contains(event_of(result.stdout_text, "error").value("message", ""), "import failed: "))
      << result.stdout_text;
  expect_failed_branch(*cluster, "fault_target_kill", "public.big");
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
  EXPECT_EQ(testing::table_fingerprints(*cluster, source), source_before);
  expect_rerun_succeeds(*cluster, source, *cluster, "fault_target_kill_rerun");
}

TEST(Faults, SourceServerStoppedMidCopyFailsAndTheBranchIsMarkedFailed) {
  PGIMPORT_SHARED_CLUSTER(target, 15);
  auto source = TestCluster::create(15);
  ASSERT_TRUE(source);
  load_fault_source(*source, "stopped_source");
  const auto source_before = testing::table_fingerprints(*source, "stopped_source");
  hardening::drop_database(*target, "fault_source_stopped");

  std::thread stopper([&] {
    wait_for_statement(*source, "COPY (SELECT % FROM ONLY public.big%TO STDOUT%");
    source->stop_immediately();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto result = hardening::import(*source, "stopped_source", *target, "fault_source_stopped");
  stopper.join();

  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 90s);
  const auto error = event_of(result.stdout_text, "summary").value("error", "");
  EXPECT_TRUE(contains(error, "source")) << error;
  expect_failed_branch(*target, "fault_source_stopped", "source");
  EXPECT_EQ(testing::pgimport_sessions(*target), 0);
  EXPECT_EQ(processes_naming("fault_source_stopped"), 0);

  source->start();
  EXPECT_EQ(testing::table_fingerprints(*source, "stopped_source"), source_before);
  EXPECT_EQ(testing::pgimport_sessions(*source), 0);
  expect_rerun_succeeds(*source, "stopped_source", *target, "fault_source_stopped_rerun");
}

TEST(Faults, TargetServerStoppedMidCopyFailsPromptlyAndARerunSucceeds) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  const auto& database = shared_fault_source(*source);
  const auto source_before = testing::table_fingerprints(*source, database);
  auto target = TestCluster::create(15);
  ASSERT_TRUE(target);

  std::thread stopper([&] {
    wait_for_statement(*target, "%COPY public.big%FROM STDIN%");
    target->stop_immediately();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto result = hardening::import(*source, database, *target, "fault_target_stopped");
  stopper.join();

  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 90s);
  const auto error = event_of(result.stdout_text, "summary").value("error", "");
  EXPECT_TRUE(contains(error, "target")) << error;
  // The server that would hold the "failed" mark is down: pgimport says it could not mark it.
  EXPECT_TRUE(contains(result.stdout_text, "could not mark branch \\\"fault_target_stopped\\\" as failed"))
      << result.stdout_text;
  EXPECT_EQ(testing::pgimport_sessions(*source), 0);
  EXPECT_EQ(processes_naming("fault_target_stopped"), 0);
  EXPECT_EQ(testing::table_fingerprints(*source, database), source_before);

  target->start();
  // After a crash the stored status still reads "importing" (the mark could not be written),
  // but the import's session is gone, so `branches list` shows it failed, as interrupted.
  const auto status = status_of(*target, "fault_target_stopped");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, branch::Status::importing);
  auto maintenance = target->connect("postgres");
  const auto branches = branch::list_branches(maintenance);
  const auto listed = std::find_if(branches.begin(), branches.end(),
                                   [](const auto& b) { return b.name == "fault_target_stopped"; });
  ASSERT_NE(listed, branches.end());
  ASSERT_TRUE(listed->status);
  EXPECT_EQ(listed->status->status, branch::Status::failed);
  EXPECT_TRUE(contains(listed->status->message, "interrupted")) << listed->status->message;
  expect_rerun_succeeds(*source, database, *target, "fault_target_stopped_rerun");
}

// A tmpfs mounted on a folder, unmounted when this goes away (after the cluster on it).
class SmallFilesystem {
 public:
  void mount(const std::filesystem::path& folder, const std::string& size) {
    m_error = ::mount("tmpfs", folder.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0
                  ? 0 : errno;
    if (m_error == 0) {
      m_folder = folder;
    }
  }
  bool grow(const std::string& size) const {
    return ::mount("tmpfs", m_folder.c_str(), "tmpfs", MS_REMOUNT, ("size=" + size).c_str()) == 0;
  }
  int error() const { return m_error; }
  SmallFilesystem() = default;
  SmallFilesystem(const SmallFilesystem&) = delete;
  SmallFilesystem& operator=(const SmallFilesystem&) = delete;
  ~SmallFilesystem() {
    if (!m_folder.empty()) {
      ::umount2(m_folder.c_str(), MNT_DETACH);
      std::error_code ignored;
      std::filesystem::remove(m_folder, ignored);
    }
  }

 private:
  std::filesystem::path m_folder;
  int m_error = -1;
};

TEST(Faults, TargetOutOfDiskFailsSayingSoAndARerunSucceedsOnceThereIsRoom) {
  PGIMPORT_SHARED_CLUSTER(source, 15);
  const auto& database = shared_fault_source(*source);
  SmallFilesystem disk;  // declared first: unmounted after the cluster on it is stopped
  auto target = TestCluster::create(15, [&](const std::filesystem::path& folder) {
    disk.mount(folder, "120m");
  });
  if (disk.error() != 0) {
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN): "
                 << std::strerror(disk.error());
  }
  ASSERT_TRUE(target);
  const auto started = std::chrono::steady_clock::now();
  const auto result = hardening::import(*source, database, *target, "fault_disk_full");
  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 120s);
  const auto error = event_of(result.stdout_text, "summary").value("error", "");
  // Either a session hit the full disk and says so, or the server stopped every session at
  // once (it cannot go on when WAL cannot be written) and the message says where to look.
  EXPECT_TRUE(contains(error, "No space left on device") || contains(error, "could not extend file") ||
              contains(error, "could not write") ||
              (contains(error, "target") && contains(error, "full disk")))
      << error;
  EXPECT_EQ(testing::pgimport_sessions(*source), 0);
  EXPECT_EQ(processes_naming("fault_disk_full"), 0);

  // Room again: the failed branch is marked (or, if the server went down, it comes back).
  ASSERT_TRUE(disk.grow("1g"));
  if (!target->cluster().is_running()) {
    target->start();
  }
  ASSERT_TRUE(accepts_connections_soon(*target));  // after a crash: recovery first
  EXPECT_EQ(testing::pgimport_sessions(*target), 0);
  const auto status = status_of(*target, "fault_disk_full");
  ASSERT_TRUE(status);
  EXPECT_NE(status->status, branch::Status::complete);
  expect_rerun_succeeds(*source, database, *target, "fault_disk_full_rerun");
}

// ---- signals in every phase ----------------------------------------------------------------

struct SignalCase {
  int signal;
  std::string phase;  // "indexes" is post-data's work: the engine builds indexes as a phase of
                      // its own, and what it still calls "post-data" takes microseconds
  // The verify phase takes no cancellation yet (src/verify, reported): a signal there is
  // honoured when verification ends, so the phase runs to its end.
  bool is_interrupted = true;
};

class CancelledBySignal : public ::testing::TestWithParam<SignalCase> {};

TEST_P(CancelledBySignal, InThisPhaseExits130MarksTheBranchFailedAndLeavesNothingRunning) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  const auto& source = shared_fault_source(*cluster);
  static const auto source_before = testing::table_fingerprints(*cluster, source);
  const bool is_sigint = GetParam().signal == SIGINT;
  std::string branch = "fault_" + std::string(is_sigint ? "sigint_" : "sigterm_") + GetParam().phase;
  std::replace(branch.begin(), branch.end(), '-', '_');
  hardening::drop_database(*cluster, branch);

  testing::RunningPgimport running(hardening::import_arguments(
      cluster->url(source), cluster->url(), branch, {"--verify", "full", "--jobs", "2"}));
  ASSERT_TRUE(running.wait_for_event("phase_started", GetParam().phase)) << GetParam().phase;
  running.signal(GetParam().signal);
  const auto result = running.finish();

  const std::string reason = is_sigint ? "cancelled by Ctrl-C (SIGINT)" : "cancelled by SIGTERM";
  EXPECT_EQ(result.exit_code, 130) << all_output(result);
  EXPECT_EQ(event_of(result.stdout_text, "summary").value("outcome", ""), "cancelled");
  EXPECT_EQ(event_of(result.stdout_text, "error").value("message", ""), "import cancelled: " + reason)
      << result.stdout_text;
  // It stopped in the phase it was signalled in, not after finishing it.
  for (const auto& event : hardening::json_lines(result.stdout_text)) {
    EXPECT_FALSE(GetParam().is_interrupted && event.value("event", "") == "phase_finished" &&
                 event.value("phase", "") == GetParam().phase)
        << "the " << GetParam().phase << " phase ran to its end: " << result.stdout_text;
  }
  expect_failed_branch(*cluster, branch, reason);
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
  EXPECT_EQ(processes_naming(branch), 0);
  EXPECT_EQ(testing::table_fingerprints(*cluster, source), source_before);
  expect_rerun_succeeds(*cluster, source, *cluster, branch + "_rerun");
}

INSTANTIATE_TEST_SUITE_P(
    Phases, CancelledBySignal,
    ::testing::Values(SignalCase{SIGINT, "pre-data"}, SignalCase{SIGTERM, "pre-data"},
                      SignalCase{SIGINT, "data"}, SignalCase{SIGTERM, "data"},
                      SignalCase{SIGINT, "indexes"}, SignalCase{SIGTERM, "indexes"},
                      SignalCase{SIGINT, "verify", false}, SignalCase{SIGTERM, "verify", false}),
    [](const auto& param_info) {
      std::string phase = param_info.param.phase;
      std::erase(phase, '-');
      return std::string(param_info.param.signal == SIGINT ? "Sigint" : "Sigterm") + "In_" + phase;
    });

// ---- a lock that is never released --------------------------------------------------------

TEST(Faults, ALockHeldLongerThanLockTimeoutFailsNamingTheTableInSeconds) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("lock_source");
  cluster->execute("lock_source",
                   "CREATE TABLE free_table (id int PRIMARY KEY); INSERT INTO free_table VALUES (1);"
                   "CREATE TABLE locked_table (id int PRIMARY KEY); INSERT INTO locked_table VALUES (1)");
  hardening::drop_database(*cluster, "lock_branch");
  auto holder_info = cluster->conninfo("lock_source");
  holder_info.set("application_name", "hardening_lock_holder");  // not counted as pgimport's
  auto holder = pg::Connection::open(holder_info, pg::Endpoint::target);
  holder.exec("BEGIN; LOCK TABLE locked_table IN ACCESS EXCLUSIVE MODE");

  const auto started = std::chrono::steady_clock::now();
  const auto result = hardening::import(*cluster, "lock_source", *cluster, "lock_branch",
                                        {"--lock-timeout", "2s"});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  holder.exec("ROLLBACK");

  EXPECT_EQ(result.exit_code, 1) << all_output(result);
  EXPECT_LT(elapsed, 30s);
  // The checks name the locked table and the session holding it...
  const auto checks = event_of(result.stdout_text, "check").dump();
  EXPECT_TRUE(contains(checks, "another session holds an exclusive lock on 1 source table: "
                               "public.locked_table (pid " +
                                   std::to_string(holder.backend_pid()) + ")"))
      << checks;
  // ...and so does the failure (PostgreSQL's own lock timeout message names no table).
  const auto error = event_of(result.stdout_text, "error").value("message", "");
  EXPECT_TRUE(contains(error, "import failed: ")) << error;
  EXPECT_TRUE(contains(error, "55P03 the source table public.locked_table stayed locked by another "
                              "session longer than --lock-timeout"))
      << error;
  // Locks are taken before the branch is created: nothing was written to the target.
  EXPECT_FALSE(cluster->database_exists("lock_branch"));
  EXPECT_EQ(testing::pgimport_sessions(*cluster), 0);
  expect_rerun_succeeds(*cluster, "lock_source", *cluster, "lock_branch_rerun");
}

}  // namespace
}  // namespace pgimport
