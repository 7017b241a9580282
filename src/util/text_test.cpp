#include "util/text.hpp"

#include <gtest/gtest.h>

namespace pgimport::util {
namespace {

TEST(Split, KeepsEmptyFields) {
  EXPECT_EQ(split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
}

TEST(SplitLines, DropsEmptyLinesAndCarriageReturns) {
  EXPECT_EQ(split_lines("one\r\n\ntwo\n"), (std::vector<std::string>{"one", "two"}));
}

TEST(ReplaceAll, ReplacesEveryOccurrence) {
  EXPECT_EQ(replace_all("s3cret and s3cret", "s3cret", "***"), "*** and ***");
  EXPECT_EQ(replace_all("unchanged", "", "***"), "unchanged");
}

}  // namespace
}  // namespace pgimport::util
