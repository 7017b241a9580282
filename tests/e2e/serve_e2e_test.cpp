// `pgimport serve` in a real headless browser: this test starts the clusters and loads the
// source databases, then runs serve.e2e.mjs (node + playwright-core + Debian's chromium),
// which starts the built pgimport, walks the four steps (a failing check, an import verified
// equal, rename and promote, a reload and a Cancel mid-import, a delete) and saves
// screenshots under <build>/e2e-screenshots/.
#include <gtest/gtest.h>

#include <filesystem>

#include "process/child_process.hpp"
#include "support/run_pgimport.hpp"
#include "support/test_cluster.hpp"

namespace pgimport {
namespace {

using testing::TestCluster;

// What the browser test needs from this machine; empty when all is there.
std::string missing_browser_tools() {
  if (!std::filesystem::exists("/usr/bin/chromium")) {
    return "/usr/bin/chromium (apt-get install chromium)";
  }
  if (!process::find_program("node")) {
    return "node";
  }
  if (!std::filesystem::exists(std::filesystem::path(PGIMPORT_E2E_DIR) / "node_modules/playwright-core")) {
    return "playwright-core (scripts/setup.sh runs npm ci in tests/e2e)";
  }
  return {};
}

void load_sources(const TestCluster& source) {
  source.recreate_database("e2e_shop");
  source.execute("e2e_shop", R"SQL(
    CREATE TABLE customers (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,
                            email text UNIQUE);
    CREATE TABLE orders (id bigserial PRIMARY KEY, customer_id int REFERENCES customers,
                         total numeric(10,2), placed_at timestamptz DEFAULT now());
    INSERT INTO customers (name, email)
      SELECT 'customer ' || g, 'c' || g || '@example.com' FROM generate_series(1, 2000) g;
    INSERT INTO orders (customer_id, total)
      SELECT 1 + g % 2000, (g % 997) / 7.0 FROM generate_series(1, 30000) g;
    CREATE VIEW big_spenders AS
      SELECT customer_id, sum(total) AS spent FROM orders GROUP BY customer_id HAVING sum(total) > 1000;
  )SQL");
  // Big enough that the copy takes seconds with one job: time to reload and to cancel.
  source.recreate_database("e2e_big");
  source.execute("e2e_big", R"SQL(
    CREATE TABLE events (id bigint PRIMARY KEY, kind text, payload text, at timestamptz);
    INSERT INTO events
      SELECT g, 'kind' || g % 13, md5(g::text) || md5((g * 7)::text), '2026-01-01'::timestamptz + g * interval '1 s'
      FROM generate_series(1, 1500000) g;
    CREATE TABLE kinds (name text PRIMARY KEY);
    INSERT INTO kinds SELECT 'kind' || g FROM generate_series(0, 12) g;
  )SQL");
}

TEST(ServeInABrowser, WalksTheFourStepsWithAFailingCheckAReloadAndACancel) {
  const auto missing = missing_browser_tools();
  PGIMPORT_REQUIRE_SETUP(missing.empty(), "the browser test's " + missing);
  PGIMPORT_SHARED_CLUSTER(source, 15);
  // A newer target when this machine has one; the same server otherwise.
  TestCluster* target = TestCluster::shared(16);
  if (target == nullptr) {
    target = source;
  }
  load_sources(*source);
  for (const auto* name : {"shop_web", "shop_web_renamed", "shop_live", "big_reload", "big_cancel",
                           "big_second"}) {
    target->execute("postgres", std::string("DROP DATABASE IF EXISTS ") + name + " WITH (FORCE)");
  }
  const std::string wrong_password = "Wrong-e2e-Secret-93";
  auto bad = source->url("e2e_shop");
  bad.replace(bad.find(source->password()), source->password().size(), wrong_password);

  const auto result = process::run(
      {.argv = {"node", std::string(PGIMPORT_E2E_DIR) + "/serve.e2e.mjs"},
       .extra_env = {"PGIMPORT_BINARY=" + testing::pgimport_binary(),
                     "E2E_SOURCE_SHOP=" + source->url("e2e_shop"),
                     "E2E_SOURCE_BIG=" + source->url("e2e_big"),
                     "E2E_SOURCE_BAD=" + bad,
                     "E2E_TARGET=" + target->url(),
                     "E2E_SECRETS=" + source->password() + "," + target->password() + "," + wrong_password,
                     std::string("E2E_SCREENSHOTS=") + PGIMPORT_E2E_SCREENSHOTS}});
  EXPECT_EQ(result.exit_code, 0) << result.stdout_text << result.stderr_text;
  EXPECT_NE(result.stdout_text.find("e2e: all steps passed"), std::string::npos)
      << result.stdout_text << result.stderr_text;
  // What the browser did is there for a person to check too.
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(PGIMPORT_E2E_SCREENSHOTS) /
                                      "01-connect.png"));
  EXPECT_TRUE(target->database_exists("shop_live"));
  EXPECT_TRUE(target->database_exists("big_reload"));
  EXPECT_FALSE(target->database_exists("big_cancel"));
}

}  // namespace
}  // namespace pgimport
