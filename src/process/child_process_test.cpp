#include "process/child_process.hpp"

#include <gtest/gtest.h>

namespace pgimport::process {
namespace {

TEST(ChildProcess, CollectsOutputAndExitCode) {
  const auto result = run({.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"}});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_EQ(result.stdout_text, "out\n");
  EXPECT_EQ(result.stderr_text, "err\n");
}

TEST(ChildProcess, PassesExtraEnvironmentOnlyToTheChild) {
  const auto result = run({.argv = {"sh", "-c", "printf %s \"$PGIMPORT_TEST_VALUE\""},
                           .extra_env = {"PGIMPORT_TEST_VALUE=hello"}});
  EXPECT_EQ(result.stdout_text, "hello");
  EXPECT_EQ(std::getenv("PGIMPORT_TEST_VALUE"), nullptr);
}

TEST(ChildProcess, ReportsSignals) {
  auto child = ChildProcess::spawn({.argv = {"sleep", "30"}});
  child.terminate();
  const auto result = child.wait();
  EXPECT_EQ(result.signal, 15);
  EXPECT_EQ(result.describe(), "killed by signal 15");
}

TEST(ChildProcess, ThrowsWhenTheProgramDoesNotExist) {
  EXPECT_THROW(run({.argv = {"/nonexistent/program"}}), std::system_error);
}

}  // namespace
}  // namespace pgimport::process
