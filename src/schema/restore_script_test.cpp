#include "schema/restore_script.hpp"

#include <gtest/gtest.h>

namespace pgimport::schema {
namespace {

constexpr const char* k_script = R"(--
-- PostgreSQL database dump
--

\restrict abc

SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: t t_x_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_x_key UNIQUE (x);

ALTER TABLE public.t CLUSTER ON t_x_key;


SET default_tablespace = '';

--
-- Name: t_y_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX t_y_idx ON public.t USING btree (y);


--
-- PostgreSQL database dump complete
--

\unrestrict abc
)";

TEST(ParseRestoreScript, CutsOnePieceOfSqlPerEntry) {
  const auto entries = parse_toc("1; 2606 16761 CONSTRAINT public t t_x_key postgres\n"
                                 "2; 1259 16762 INDEX public t_y_idx postgres\n");
  const auto script = parse_restore_script(k_script, entries);
  ASSERT_TRUE(script);
  EXPECT_EQ(script->preamble,
            "SET statement_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);");
  ASSERT_EQ(script->sql.size(), 2u);
  EXPECT_EQ(script->sql[0],
            "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_x_key UNIQUE (x);\n\n"
            "ALTER TABLE public.t CLUSTER ON t_x_key;");
  EXPECT_EQ(script->sql[1], "CREATE INDEX t_y_idx ON public.t USING btree (y);");
  // The SET between the entries applies to the second one: it carries it.
  EXPECT_EQ(script->settings, (std::vector<std::string>{"", "SET default_tablespace = '';"}));
  EXPECT_EQ(split_statements(script->sql[0]).size(), 2u);
  EXPECT_EQ(split_statements(script->sql[1]).size(), 1u);
}

TEST(ParseRestoreScript, RefusesAScriptThatDoesNotLineUp) {
  const auto entries = parse_toc("1; 1259 16762 INDEX public t_y_idx postgres\n"
                                 "2; 2606 16761 CONSTRAINT public t t_x_key postgres\n");
  EXPECT_FALSE(parse_restore_script(k_script, entries));
}

}  // namespace
}  // namespace pgimport::schema
