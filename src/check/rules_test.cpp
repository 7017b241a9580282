#include "check/rules.hpp"

#include <gtest/gtest.h>

namespace pgimport::check {
namespace {

TEST(CheckRules, SupportsPostgres14To18Only) {
  EXPECT_FALSE(is_supported_major(13));
  EXPECT_TRUE(is_supported_major(14));
  EXPECT_TRUE(is_supported_major(18));
  EXPECT_FALSE(is_supported_major(19));
}

TEST(CheckRules, ShowsServerVersionNumbersAsUsersKnowThem) {
  EXPECT_EQ(version_text(150004), "15.4");
  EXPECT_EQ(version_text(180001), "18.1");
  EXPECT_EQ(version_text(170010), "17.10");
}

TEST(CheckRules, ListsEveryNameUpToTheLimit) {
  EXPECT_EQ(describe_names({"public.a", "public.b"}), "public.a, public.b");
  EXPECT_EQ(describe_names({}), "");
}

TEST(CheckRules, CapsLongListsWithACountOfTheRest) {
  std::vector<std::string> names;
  for (int i = 0; i < 25; ++i) {
    names.push_back("t" + std::to_string(i));
  }
  const auto text = describe_names(names);
  EXPECT_EQ(text.substr(0, 10), "t0, t1, t2");
  EXPECT_NE(text.find("t19 and 5 more"), std::string::npos) << text;
  EXPECT_EQ(text.find("t20"), std::string::npos) << text;
}

TEST(CheckRules, CountsWithSingularAndPlural) {
  EXPECT_EQ(count_of(1, "schema"), "1 schema");
  EXPECT_EQ(count_of(3, "schema"), "3 schemas");
  EXPECT_EQ(count_of(2, "table or view", "tables or views"), "2 tables or views");
}

TEST(CheckRules, ClientToolsHintNamesThePackageAndTheOption) {
  EXPECT_EQ(client_tools_hint(17),
            "install postgresql-client-17 (from the PostgreSQL apt repository) or pass --pg-bin "
            "DIR pointing at pg_dump 17 or newer");
}

TEST(CheckRules, RecognisesHostedTransactionPoolersByHostName) {
  EXPECT_TRUE(pooler_from_host("ep-cool-darkness-123456-pooler.us-east-2.aws.neon.tech", "5432"));
  EXPECT_FALSE(pooler_from_host("ep-cool-darkness-123456.us-east-2.aws.neon.tech", "5432"));
  EXPECT_TRUE(pooler_from_host("aws-0-eu-central-1.pooler.supabase.com", "6543"));
  // Supabase's session pooler keeps one server connection per client: snapshots work.
  EXPECT_FALSE(pooler_from_host("aws-0-eu-central-1.pooler.supabase.com", "5432"));
  EXPECT_FALSE(pooler_from_host("db.example.com", "6543"));
  EXPECT_FALSE(pooler_from_host("/var/run/postgresql", "5432"));
}

TEST(CheckRules, ExtensionsTheTargetLacksAreMissing) {
  const std::map<std::string, AvailableExtension> available{{"hstore", {"1.8", {"1.7", "1.8"}}},
                                                            {"pg_trgm", {"1.6", {"1.6"}}}};
  const auto comparison = compare_extensions(
      {{"adminpack", "2.1"}, {"hstore", "1.8"}, {"old_snapshot", "1.0"}, {"pg_trgm", "1.6"}},
      available);
  EXPECT_EQ(comparison.missing, (std::vector<std::string>{"adminpack", "old_snapshot"}));
  EXPECT_TRUE(comparison.other_version.empty());
}

TEST(CheckRules, ExtensionsAtAnotherVersionThanTheTargetsDefaultDiffer) {
  const std::map<std::string, AvailableExtension> available{{"hstore", {"1.8", {"1.7", "1.8"}}},
                                                            {"pg_trgm", {"1.6", {"1.6"}}}};
  const auto comparison = compare_extensions({{"hstore", "1.7"}, {"pg_trgm", "1.5"}}, available);
  EXPECT_TRUE(comparison.missing.empty());
  EXPECT_EQ(comparison.other_version,
            (std::vector<std::string>{"hstore 1.7 (target installs 1.8 unless asked for 1.7)",
                                      "pg_trgm 1.5 (target has 1.6)"}));
}

TEST(CheckRules, NamesLocaleProviders) {
  EXPECT_EQ(provider_name("c"), "libc");
  EXPECT_EQ(provider_name("i"), "icu");
  EXPECT_EQ(provider_name("b"), "builtin");
}

TEST(CheckRules, ReportsEachLocaleSettingThatDiffers) {
  const LocaleSettings source{"UTF8", "en_US.UTF-8", "en_US.UTF-8", "libc", ""};
  EXPECT_TRUE(locale_differences(source, source).empty());
  const LocaleSettings target{"UTF8", "C.UTF-8", "en_US.UTF-8", "icu", "und"};
  EXPECT_EQ(locale_differences(source, target),
            (std::vector<std::string>{"LC_COLLATE en_US.UTF-8 (source) vs C.UTF-8 (target)",
                                      "locale provider libc (source) vs icu (target)"}));
  const LocaleSettings icu_source{"UTF8", "C", "C", "icu", "en-US"};
  const LocaleSettings icu_target{"UTF8", "C", "C", "icu", "und"};
  EXPECT_EQ(locale_differences(icu_source, icu_target),
            (std::vector<std::string>{"locale en-US (source) vs und (target)"}));
}

TEST(CheckRules, EstimatesCopyTimeAt100MegabytesASecond) {
  EXPECT_EQ(estimate_text(10ULL * 1024 * 1024), "under a minute");
  EXPECT_EQ(estimate_text(60ULL * 100 * 1024 * 1024), "about 1 min");
  EXPECT_EQ(estimate_text(61ULL * 100 * 1024 * 1024), "about 2 min");
}

}  // namespace
}  // namespace pgimport::check
