#include "verify/compare.hpp"

#include <gtest/gtest.h>

#include "verify/table_data.hpp"

namespace pgimport::verify {
namespace {

TEST(CollapseWhitespace, TurnsRunsIntoOneSpaceAndTrims) {
  EXPECT_EQ(collapse_whitespace("  SELECT a,\n\t   b\n FROM t;  "), "SELECT a, b FROM t;");
  EXPECT_EQ(collapse_whitespace(""), "");
}

TEST(DefinitionsMatch, SameMajorMustMatchExactly) {
  EXPECT_TRUE(definitions_match("SELECT 1", "SELECT 1", true));
  EXPECT_FALSE(definitions_match("SELECT  1", "SELECT 1", true));
}

TEST(DefinitionsMatch, AcrossMajorsWhitespaceDoesNotCount) {
  EXPECT_TRUE(definitions_match(" SELECT a,\n    b", "SELECT a, b", false));
  EXPECT_FALSE(definitions_match("SELECT a", "SELECT b", false));
}

TEST(CompareInventories, NamesObjectsMissingOnEitherSideAndDefinedDifferently) {
  const Inventory source{{{"index", "public.a_idx"}, "CREATE INDEX a_idx ON public.a USING btree (x)"},
                         {{"table", "public.a"}, "table"},
                         {{"table", "public.gone"}, "table"}};
  const Inventory branch{{{"index", "public.a_idx"}, "CREATE INDEX a_idx ON public.a USING btree (y)"},
                         {{"table", "public.a"}, "table"},
                         {{"table", "public.extra"}, "table"}};
  const auto differences = compare_inventories(source, branch, true);
  ASSERT_EQ(differences.size(), 3u);
  EXPECT_EQ(differences[0].kind, "index");
  EXPECT_EQ(differences[0].object, "public.a_idx");
  EXPECT_EQ(differences[0].branch, "CREATE INDEX a_idx ON public.a USING btree (y)");
  EXPECT_EQ(differences[1].object, "public.extra");
  EXPECT_EQ(differences[1].source, "");
  EXPECT_EQ(differences[1].branch, "table");
  EXPECT_EQ(differences[2].object, "public.gone");
  EXPECT_EQ(differences[2].branch, "");
  EXPECT_EQ(count_objects(source, branch), 4);
}

TEST(CompareInventories, EqualInventoriesHaveNoDifferences) {
  const Inventory side{{{"schema", "shop"}, "schema"}, {{"sequence", "shop.s"}, "last_value 5 (called)"}};
  EXPECT_TRUE(compare_inventories(side, side, true).empty());
}

TEST(CompareTable, ReportsDifferentRowCounts) {
  const auto rows = compare_table("public.t", {10}, {9});
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->kind, "rows");
  EXPECT_EQ(rows->object, "public.t");
  EXPECT_EQ(rows->source, "10");
  EXPECT_EQ(rows->branch, "9");
  EXPECT_FALSE(compare_table("public.t", {10}, {10}));
}

TEST(FindKnownRows, AcceptsPlainAndQuotedNames) {
  const std::map<std::string, std::uint64_t> known{{"shop.orders", 5}, {"\"My Schema\".t", 7}};
  EXPECT_EQ(find_known_rows(known, "shop", "orders", "shop.orders"), 5u);
  EXPECT_EQ(find_known_rows(known, "My Schema", "t", "\"My Schema\".t"), 7u);
  EXPECT_FALSE(find_known_rows(known, "shop", "customers", "shop.customers"));
}

TEST(TableQuery, CountsTheTablesOwnRows) {
  EXPECT_EQ(table_query("shop.orders"), "SELECT count(*) FROM ONLY shop.orders");
}

TEST(ExtensionVersionChange, IsOnlyAnotherVersionInTheSameSchema) {
  const auto change = extension_version_change(
      {"extension", "amcheck", "version 1.3 in schema public", "version 1.4 in schema public"});
  ASSERT_TRUE(change);
  EXPECT_EQ(change->source, "1.3");
  EXPECT_EQ(change->branch, "1.4");
  EXPECT_FALSE(extension_version_change(
      {"extension", "hstore", "version 1.8 in schema ext", "version 1.8 in schema public"}));
  EXPECT_FALSE(extension_version_change(
      {"extension", "hstore", "version 1.7 in schema ext", "version 1.8 in schema public"}));
  EXPECT_FALSE(extension_version_change({"extension", "citext", "version 1.6 in schema public", ""}));
  EXPECT_FALSE(extension_version_change({"table", "public.t", "version 1 in schema a", "version 2 in schema a"}));
}

}  // namespace
}  // namespace pgimport::verify
