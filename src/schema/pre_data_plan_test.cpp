#include "schema/pre_data_plan.hpp"

#include <gtest/gtest.h>

namespace pgimport::schema {
namespace {

std::vector<std::string> kinds(const PreDataSegment& segment) {
  std::vector<std::string> result;
  for (const auto& entry : segment.entries) {
    result.push_back(entry.kind);
  }
  return result;
}

TEST(PreDataPlan, SpreadsLongRunsOfTablesAndKeepsEverythingElseInOrder) {
  const auto entries = parse_toc(
      "1; 2615 2200 SCHEMA - app postgres\n"
      "2; 1247 16400 TYPE app mood postgres\n"
      "3; 1259 16401 TABLE app a postgres\n"
      "4; 1259 16402 TABLE app b postgres\n"
      "5; 1259 16403 SEQUENCE app b_id_seq postgres\n"
      "6; 0 0 SEQUENCE OWNED BY app b_id_seq postgres\n"
      "7; 1255 16404 FUNCTION app f() postgres\n"
      "8; 1259 16405 TABLE app c postgres\n"
      "9; 1259 16406 VIEW app v postgres\n");
  const auto segments = plan_pre_data(entries, 3);
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_FALSE(segments[0].is_parallel);
  EXPECT_EQ(kinds(segments[0]), (std::vector<std::string>{"SCHEMA", "TYPE"}));
  EXPECT_TRUE(segments[1].is_parallel);
  EXPECT_EQ(kinds(segments[1]),
            (std::vector<std::string>{"TABLE", "TABLE", "SEQUENCE", "SEQUENCE OWNED BY"}));
  // A short run stays serial, merged with its neighbours.
  EXPECT_FALSE(segments[2].is_parallel);
  EXPECT_EQ(kinds(segments[2]), (std::vector<std::string>{"FUNCTION", "TABLE", "VIEW"}));
}

TEST(PreDataPlan, CoversEveryEntryExactlyOnceInOrder) {
  const auto entries = parse_toc(
      "1; 1259 16401 TABLE public a postgres\n"
      "2; 1259 16402 TABLE public b postgres\n"
      "3; 3079 16403 EXTENSION - hstore \n"
      "4; 1259 16404 TABLE public c postgres\n"
      "5; 1259 16405 TABLE public d postgres\n");
  std::vector<int> ids;
  for (const auto& segment : plan_pre_data(entries, 2)) {
    for (const auto& entry : segment.entries) {
      ids.push_back(entry.dump_id);
    }
  }
  EXPECT_EQ(ids, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(plan_pre_data(entries, 2).size(), 3u);
  EXPECT_EQ(plan_pre_data(entries, 3).size(), 1u);  // no run long enough: one serial segment
}

}  // namespace
}  // namespace pgimport::schema
