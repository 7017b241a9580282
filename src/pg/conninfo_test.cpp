#include "pg/conninfo.hpp"

#include <gtest/gtest.h>

#include "util/text.hpp"

namespace pgimport::pg {
namespace {

TEST(ConnInfo, ParsesUriWithPasswordAndSslmode) {
  const auto info = ConnInfo::parse("postgresql://alice:s3cret@db.internal:6543/shop?sslmode=require");
  ASSERT_TRUE(info) << info.error();
  EXPECT_EQ(info->host(), "db.internal");
  EXPECT_EQ(info->port(), "6543");
  EXPECT_EQ(info->user(), "alice");
  EXPECT_EQ(info->database(), "shop");
  EXPECT_EQ(info->password(), "s3cret");
  EXPECT_EQ(info->get("sslmode"), "require");
}

TEST(ConnInfo, ParsesKeyValueStrings) {
  const auto info = ConnInfo::parse("host=/tmp/sock port=5433 dbname='my db' user=bob");
  ASSERT_TRUE(info) << info.error();
  EXPECT_EQ(info->host(), "/tmp/sock");
  EXPECT_EQ(info->database(), "my db");
}

TEST(ConnInfo, ParsesIpv6LiteralHosts) {
  const auto info = ConnInfo::parse("postgresql://u@[::1]:5432/db");
  ASSERT_TRUE(info) << info.error();
  EXPECT_EQ(info->host(), "::1");
  EXPECT_EQ(info->display(), "postgresql://u@[::1]:5432/db");
}

TEST(ConnInfo, DisplayNeverShowsThePassword) {
  const auto info = ConnInfo::parse("postgresql://alice:s3cret@h:1/d?channel_binding=require");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->display(), "postgresql://alice@h:1/d?channel_binding=require");
  EXPECT_FALSE(util::contains(info->to_keyword_string_without_password(), "s3cret"));
  EXPECT_EQ(info->environment_for_child(), std::vector<std::string>{"PGPASSWORD=s3cret"});
}

TEST(ConnInfo, RejectsBadPortsWithAPlainMessage) {
  const auto info = ConnInfo::parse("host=h port=99999");
  ASSERT_FALSE(info);
  EXPECT_EQ(info.error(), "invalid port \"99999\": use a number from 1 to 65535");
}

TEST(ConnInfo, RejectsUnknownParameters) {
  const auto info = ConnInfo::parse("host=h colour=blue");
  ASSERT_FALSE(info);
  EXPECT_TRUE(util::contains(info.error(), "colour")) << info.error();
}

TEST(ConnInfo, RejectsUnterminatedQuotesWithoutEchoingPasswords) {
  const auto info = ConnInfo::parse("host=h password='hunter2");
  ASSERT_FALSE(info);
  EXPECT_FALSE(util::contains(info.error(), "hunter2")) << info.error();
}

TEST(ConnInfo, RejectsBadSslmode) {
  const auto info = ConnInfo::parse("postgresql://h/d?sslmode=always");
  ASSERT_FALSE(info);
  EXPECT_TRUE(util::contains(info.error(), "sslmode")) << info.error();
}

TEST(ConnInfo, AddsDefaultsOnlyWhereTheUserSetNone) {
  const auto info = ConnInfo::parse("host=h connect_timeout=3");
  ASSERT_TRUE(info);
  int timeouts = 0;
  for (const auto& [keyword, value] : info->libpq_params()) {
    if (keyword == "connect_timeout") {
      ++timeouts;
      EXPECT_EQ(value, "3");
    }
  }
  EXPECT_EQ(timeouts, 1);
}

TEST(ConnInfo, TellsWhetherTheServerIsOnThisMachine) {
  for (const char* local : {"host=/var/run/postgresql", "host=localhost", "host=127.0.0.1",
                            "postgresql://[::1]:5433/db", "host=127.0.1.1,localhost",
                            "host=db.example hostaddr=127.0.0.1"}) {
    const auto info = ConnInfo::parse(local);
    ASSERT_TRUE(info) << local;
    EXPECT_TRUE(info->is_on_this_machine()) << local;
  }
  for (const char* remote : {"host=db.example", "postgresql://10.0.0.5/db",
                             "host=localhost,db.example", "host=localhost hostaddr=10.0.0.5"}) {
    const auto info = ConnInfo::parse(remote);
    ASSERT_TRUE(info) << remote;
    EXPECT_FALSE(info->is_on_this_machine()) << remote;
  }
}

}  // namespace
}  // namespace pgimport::pg
