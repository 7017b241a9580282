#include <gtest/gtest.h>

#include "branch/branch.hpp"

namespace pgimport::branch {
namespace {

using namespace std::chrono_literals;

BranchStatus failed_status() {
  BranchStatus status;
  status.status = Status::failed;
  status.source = "postgresql://alice@db.example:5432/shop";
  status.source_database = "shop";
  status.snapshot_time = "2026-11-21 22:26:03.123+00";
  status.started_at = "2026-11-21T22:26:02Z";
  status.finished_at = "2026-11-21T22:30:00Z";
  status.pgimport_version = "0.1.0";
  status.message = "COPY public.orders: \"quoted\", naïve — line\nbreak";
  return status;
}

TEST(BranchStatus, NamesRoundTrip) {
  for (const auto status : {Status::importing, Status::failed, Status::complete}) {
    EXPECT_EQ(parse_status(to_string(status)), status);
  }
  EXPECT_FALSE(parse_status("done"));
}

TEST(BranchStatus, CommentIsPrefixPlusJsonAndRoundTrips) {
  const auto original = failed_status();
  const auto comment = status_comment(original);
  EXPECT_EQ(comment.rfind("pgimport branch: {\"status\":\"failed\",", 0), 0u) << comment;
  EXPECT_EQ(comment.find('\n'), std::string::npos) << "one line, readable in \\l+";
  const auto parsed = parse_status_comment(comment);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->status, Status::failed);
  EXPECT_EQ(parsed->source, original.source);
  EXPECT_EQ(parsed->source_database, original.source_database);
  EXPECT_EQ(parsed->snapshot_time, original.snapshot_time);
  EXPECT_EQ(parsed->started_at, original.started_at);
  EXPECT_EQ(parsed->finished_at, original.finished_at);
  EXPECT_EQ(parsed->pgimport_version, original.pgimport_version);
  EXPECT_EQ(parsed->message, original.message);
}

TEST(BranchStatus, OtherCommentsAreNotBranches) {
  EXPECT_FALSE(parse_status_comment(""));
  EXPECT_FALSE(parse_status_comment("production database, do not touch"));
  EXPECT_FALSE(parse_status_comment("{\"status\":\"complete\"}"));
}

TEST(BranchStatus, AnUnreadableStatusStillMarksABranchAsFailed) {
  const auto parsed = parse_status_comment("pgimport branch: {broken");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->status, Status::failed);
  EXPECT_FALSE(parsed->message.empty());
  const auto unknown = parse_status_comment("pgimport branch: {\"status\":\"paused\"}");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, Status::failed);
  EXPECT_NE(unknown->message.find("paused"), std::string::npos);
}

TEST(BranchStatus, TimestampsAreIso8601UtcAndParseBack) {
  const std::chrono::system_clock::time_point time{std::chrono::seconds(1795299962)};
  EXPECT_EQ(utc_timestamp(time), "2026-11-21T22:26:02Z");
  EXPECT_EQ(parse_timestamp("2026-11-21T22:26:02Z"), time);
  EXPECT_EQ(parse_timestamp("2026-11-21 22:26:02.123456+00"), time);
  EXPECT_EQ(parse_timestamp("2026-11-21T23:26:02+01:00"), time);
  EXPECT_EQ(parse_timestamp("2026-11-21T17:26:02-0500"), time);
  EXPECT_FALSE(parse_timestamp(""));
  EXPECT_FALSE(parse_timestamp("yesterday"));
  EXPECT_FALSE(parse_timestamp("2026-13-01T00:00:00Z"));
}

TEST(BranchStatus, AgesAreShort) {
  EXPECT_EQ(format_age(45s), "45s");
  EXPECT_EQ(format_age(3min + 20s), "3m");
  EXPECT_EQ(format_age(2h + 59min), "2h");
  EXPECT_EQ(format_age(5 * 24h + 3h), "5d");
  EXPECT_EQ(format_age(-5s), "0s");  // clocks disagree a little
}

}  // namespace
}  // namespace pgimport::branch
