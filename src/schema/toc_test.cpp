#include "schema/toc.hpp"

#include <gtest/gtest.h>

namespace pgimport::schema {
namespace {

TEST(ParseTocLine, ReadsMultiWordKinds) {
  const auto entry = parse_toc_line("3208; 2606 16397 FK CONSTRAINT public c c_id_fkey postgres");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->dump_id, 3208);
  EXPECT_EQ(entry->catalog_oid, 16397u);
  EXPECT_EQ(entry->kind, "FK CONSTRAINT");
  EXPECT_EQ(entry->object, "public c c_id_fkey postgres");
}

TEST(ParseTocLine, ReadsMaterializedViewDataBeforeMaterializedView) {
  const auto entry = parse_toc_line("3353; 0 16389 MATERIALIZED VIEW DATA public mv postgres");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->kind, "MATERIALIZED VIEW DATA");
}

TEST(ParseTocLine, SkipsCommentsAndBlankLines) {
  EXPECT_FALSE(parse_toc_line(";     Dumped from database version 15.18"));
  EXPECT_FALSE(parse_toc_line(""));
}

TEST(FilterToc, SkipsSubscriptionsAlwaysAndEventTriggersForNonSuperusers) {
  const auto entries = parse_toc(
      "10; 0 0 SUBSCRIPTION - sub1 alice\n"
      "11; 3466 16500 EVENT TRIGGER - audit_ddl alice\n"
      "12; 1259 16384 TABLE public t alice\n"
      "13; 0 0 COMMENT - EXTENSION plpgsql \n");
  const auto as_superuser = filter_toc(entries, {.is_target_superuser = true});
  EXPECT_EQ(as_superuser.kept.size(), 3u);
  ASSERT_EQ(as_superuser.skipped.size(), 1u);
  EXPECT_EQ(as_superuser.skipped[0].entry.object, "- sub1 alice");

  const auto as_owner = filter_toc(entries, {.is_target_superuser = false});
  EXPECT_EQ(as_owner.kept.size(), 1u);
  EXPECT_EQ(as_owner.skipped.size(), 3u);
}

TEST(FilterToc, LeavesOutGrantsAndDefaultPrivilegesUnlessKept) {
  const auto entries = parse_toc(
      "20; 1259 16384 TABLE public t alice\n"
      "21; 0 0 ACL public TABLE t alice\n"
      "22; 826 16390 DEFAULT ACL public DEFAULT PRIVILEGES FOR TABLES alice\n");
  const auto left_out = filter_toc(entries, {.is_target_superuser = true});
  ASSERT_EQ(left_out.kept.size(), 1u);
  ASSERT_EQ(left_out.skipped.size(), 2u);
  EXPECT_TRUE(is_privilege_entry(left_out.skipped[0].entry));
  EXPECT_EQ(left_out.skipped[1].entry.kind, "DEFAULT ACL");
  EXPECT_NE(left_out.skipped[1].reason.find("--keep-privileges"), std::string::npos);

  const auto kept = filter_toc(entries, {.is_target_superuser = true, .keep_privileges = true});
  EXPECT_EQ(kept.kept.size(), 3u);
  EXPECT_TRUE(kept.skipped.empty());
}

}  // namespace
}  // namespace pgimport::schema
