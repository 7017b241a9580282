#include "copy/row_digest.hpp"

#include <gtest/gtest.h>

namespace pgimport::copy {
namespace {

RowDigest digest(std::initializer_list<std::string_view> messages) {
  RowDigest result;
  for (const auto message : messages) {
    result.add_message(message);
  }
  return result;
}

TEST(RowDigest, IgnoresRowOrder) {
  EXPECT_EQ(digest({"1\ta\n", "2\tb\n"}), digest({"2\tb\n", "1\ta\n"}));
}

TEST(RowDigest, CountsDuplicatesAndNoticesAnyChange) {
  EXPECT_NE(digest({"1\ta\n", "1\ta\n"}), digest({"1\ta\n"}));
  EXPECT_NE(digest({"1\ta\n", "1\ta\n"}), digest({"1\ta\n", "2\tb\n"}));
  EXPECT_NE(digest({"1\t\\N\n"}), digest({"1\t\n"}));  // NULL vs empty string
  EXPECT_NE(digest({"1\ta \n"}), digest({"1\ta\n"}));   // trailing whitespace
}

TEST(RowDigest, SkipsBinaryFramingSoPartsAddUp) {
  const std::string header("PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0", 19);
  const std::string trailer("\377\377", 2);
  const std::string row1("\0\1\0\0\0\4abcd", 10);
  const std::string row2("\0\1\0\0\0\4efgh", 10);
  auto whole = digest({header + row1, row2, trailer});
  auto part1 = digest({header + row1, trailer});
  const auto part2 = digest({header + row2, trailer});
  part1.add(part2);
  EXPECT_EQ(whole, part1);
  EXPECT_EQ(whole.rows, 2u);
}

}  // namespace
}  // namespace pgimport::copy
