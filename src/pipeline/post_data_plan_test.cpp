#include "pipeline/post_data_plan.hpp"

#include <gtest/gtest.h>

namespace pgimport::pipeline {
namespace {

model::PostDataObject object(std::uint32_t oid, std::uint32_t table, char kind,
                             std::string name = "", std::string index = "") {
  model::PostDataObject result;
  result.oid = oid;
  result.table_oid = table;
  result.kind = kind;
  result.quoted_name = std::move(name);
  result.unique_index_definition = std::move(index);
  return result;
}

class PostDataPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    model::TableInfo t;
    t.oid = 100;
    t.qualified_name = "public.t";
    t.bytes = 100ull * 1024 * 1024;  // big enough for parallel index builds
    tables = {t};
    objects[{'i', 201}] = object(201, 100, 'i');
    objects[{'c', 301}] = object(301, 100, 'p', "t_pkey", "CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id)");
    objects[{'c', 302}] = object(302, 100, 'u', "t_x_key", "CREATE UNIQUE INDEX t_x_key ON public.t USING btree (x)");
    objects[{'c', 303}] = object(303, 100, 'f', "t_fk");
    objects[{'i', 202}] = object(202, 999, 'i');  // an index on a partitioned parent
  }

  PostDataPlan plan(const std::string& listing, std::vector<std::string> sql) {
    const auto entries = schema::parse_toc(listing);
    return plan_post_data(entries, schema::RestoreScript{"SET x = 1;", std::move(sql)}, objects, tables);
  }

  std::vector<model::TableInfo> tables;
  inspect::PostDataObjects objects;
};

TEST_F(PostDataPlanTest, BuildsPrimaryKeysFromAUniqueIndexThenAttachesThem) {
  const auto result = plan("1; 2606 301 CONSTRAINT public t t_pkey postgres\n",
                           {"ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);"});
  ASSERT_EQ(result.tables[0].builds.size(), 1u);
  EXPECT_EQ(result.tables[0].builds[0], "CREATE UNIQUE INDEX t_pkey ON public.t USING btree (id);");
  EXPECT_EQ(result.tables[0].finishes[0],
            "ALTER TABLE ONLY public.t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;");
}

TEST_F(PostDataPlanTest, KeepsConstraintsWithExtrasAsPgDumpWroteThem) {
  const std::string sql =
      "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_x_key UNIQUE (x);\n\n"
      "ALTER TABLE public.t CLUSTER ON t_x_key;";
  const auto result = plan("1; 2606 302 CONSTRAINT public t t_x_key postgres\n", {sql});
  EXPECT_TRUE(result.tables[0].builds.empty());
  EXPECT_EQ(result.tables[0].finishes, std::vector<std::string>{sql});
}

TEST_F(PostDataPlanTest, AddsForeignKeysNotValidThenValidates) {
  const auto result = plan("1; 2606 303 FK CONSTRAINT public t t_fk postgres\n",
                           {"ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_fk FOREIGN KEY (x) REFERENCES public.u(id);"});
  ASSERT_EQ(result.foreign_keys.size(), 1u);
  EXPECT_EQ(result.foreign_keys[0].add,
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_fk FOREIGN KEY (x) REFERENCES public.u(id) NOT VALID;");
  EXPECT_EQ(result.foreign_keys[0].validate, "ALTER TABLE ONLY public.t VALIDATE CONSTRAINT t_fk;");
}

TEST_F(PostDataPlanTest, AddsAForeignKeyToAPartitionedTableValidatedAtOnce) {
  // VALIDATE would leave the keys PostgreSQL derives per referenced partition NOT VALID.
  objects[{'c', 303}].references_partitioned = true;
  const std::string sql = "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_fk FOREIGN KEY (x) REFERENCES public.p(id);";
  const auto result = plan("1; 2606 303 FK CONSTRAINT public t t_fk postgres\n", {sql});
  ASSERT_EQ(result.foreign_keys.size(), 1u);
  EXPECT_EQ(result.foreign_keys[0].add, sql);
  EXPECT_TRUE(result.foreign_keys[0].validate.empty());
}

TEST_F(PostDataPlanTest, LeavesOtherTablesIndexesTriggersAndCommentsToPgRestore) {
  const auto result = plan(
      "1; 1259 201 INDEX public t_y_idx postgres\n"
      "2; 1259 202 INDEX public p_b_idx postgres\n"
      "3; 2620 400 TRIGGER public t trg postgres\n"
      "4; 0 0 COMMENT public CONSTRAINT t_fk ON t postgres\n",
      {"CREATE INDEX t_y_idx ON public.t USING btree (y);",
       "CREATE INDEX p_b_idx ON ONLY public.p USING btree (b);", "CREATE TRIGGER ...;",
       "COMMENT ON CONSTRAINT t_fk ON public.t IS 'x';"});
  EXPECT_EQ(result.tables[0].builds, std::vector<std::string>{"CREATE INDEX t_y_idx ON public.t USING btree (y);"});
  ASSERT_EQ(result.remaining.size(), 2u);
  EXPECT_EQ(result.remaining[0].kind, "INDEX");
  EXPECT_EQ(result.remaining[1].kind, "TRIGGER");
  ASSERT_EQ(result.after_foreign_keys.size(), 1u);
}

TEST_F(PostDataPlanTest, KeepsMaterializedViewRefreshesApartInPgDumpsOrder) {
  const auto result = plan(
      "1; 2620 400 TRIGGER public t trg postgres\n"
      "2; 0 16401 MATERIALIZED VIEW DATA public base_mv postgres\n"
      "3; 0 16405 MATERIALIZED VIEW DATA public top_mv postgres\n",
      {"CREATE TRIGGER ...;", "REFRESH MATERIALIZED VIEW public.base_mv;",
       "REFRESH MATERIALIZED VIEW public.top_mv;"});
  ASSERT_EQ(result.remaining.size(), 1u);
  ASSERT_EQ(result.refreshes.size(), 2u);
  EXPECT_EQ(result.refreshes[0].entry.object, "public base_mv postgres");
  EXPECT_EQ(result.refreshes[0].sql, "REFRESH MATERIALIZED VIEW public.base_mv;");
  EXPECT_EQ(result.refreshes[1].sql, "REFRESH MATERIALIZED VIEW public.top_mv;");
}

}  // namespace
}  // namespace pgimport::pipeline
