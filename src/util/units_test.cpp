#include "util/units.hpp"

#include <gtest/gtest.h>

namespace pgimport::util {
namespace {

TEST(ParseSize, ReadsUnitsCaseInsensitively) {
  EXPECT_EQ(parse_size("512"), 512u);
  EXPECT_EQ(parse_size("10GB"), 10ull * 1024 * 1024 * 1024);
  EXPECT_EQ(parse_size("1.5 gib"), 1536ull * 1024 * 1024);
  EXPECT_EQ(parse_size("300mb"), 300ull * 1024 * 1024);
}

TEST(ParseSize, RejectsNonsense) {
  EXPECT_FALSE(parse_size(""));
  EXPECT_FALSE(parse_size("lots"));
  EXPECT_FALSE(parse_size("-5GB"));
  EXPECT_FALSE(parse_size("10 parsecs"));
  EXPECT_FALSE(parse_size("1e30"));
}

TEST(ParseDuration, ReadsCompoundDurations) {
  EXPECT_EQ(parse_duration("90s"), std::chrono::seconds(90));
  EXPECT_EQ(parse_duration("15m"), std::chrono::seconds(900));
  EXPECT_EQ(parse_duration("1h30m"), std::chrono::seconds(5400));
  EXPECT_EQ(parse_duration("45"), std::chrono::seconds(45));
}

TEST(ParseDuration, RejectsNonsense) {
  EXPECT_FALSE(parse_duration(""));
  EXPECT_FALSE(parse_duration("soon"));
  EXPECT_FALSE(parse_duration("0s"));
  EXPECT_FALSE(parse_duration("5 fortnights"));
  EXPECT_FALSE(parse_duration("10ms"));
}

TEST(FormatBytes, UsesBinaryUnits) {
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(1536), "1.5 kB");
  EXPECT_EQ(format_bytes(3ull * 1024 * 1024 * 1024), "3.0 GB");
}

}  // namespace
}  // namespace pgimport::util
