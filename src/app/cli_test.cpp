#include "app/cli.hpp"

#include <gtest/gtest.h>

namespace pgimport::app {
namespace {

TEST(Cli, ParsesCheckWithTargetAndMaxSize) {
  CliOptions options;
  auto app = make_cli(options);
  app->parse("check postgresql://a@h/db --target postgresql://b@t/postgres --max-size 10GB", false);
  EXPECT_EQ(options.command, "check");
  EXPECT_EQ(options.check.source, "postgresql://a@h/db");
  EXPECT_EQ(options.check.target, "postgresql://b@t/postgres");
  EXPECT_EQ(options.check.max_size, "10GB");
}

TEST(Cli, RejectsUnknownLocalActions) {
  CliOptions options;
  auto app = make_cli(options);
  EXPECT_THROW(app->parse("local explode", false), CLI::ValidationError);
}

TEST(Cli, RejectsUnsupportedLocalVersions) {
  CliOptions options;
  auto app = make_cli(options);
  EXPECT_THROW(app->parse("local start --version 12", false), CLI::ValidationError);
}

}  // namespace
}  // namespace pgimport::app
