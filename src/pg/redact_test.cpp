#include "pg/redact.hpp"

#include <gtest/gtest.h>

namespace pgimport::pg {
namespace {

TEST(Redact, MasksUriPasswords) {
  EXPECT_EQ(redact("postgresql://alice:s3cr%40t@db.example:5432/shop?sslmode=require"),
            "postgresql://alice:********@db.example:5432/shop?sslmode=require");
  EXPECT_EQ(redact("postgres://bob:pw@[::1]/x"), "postgres://bob:********@[::1]/x");
}

TEST(Redact, LeavesUrisWithoutPasswordAlone) {
  EXPECT_EQ(redact("postgresql://alice@db.example/shop"), "postgresql://alice@db.example/shop");
}

TEST(Redact, MasksKeyValuePasswords) {
  EXPECT_EQ(redact("host=h password=hunter2 dbname=x"), "host=h password=******** dbname=x");
  EXPECT_EQ(redact("host=h password = 'a b\\'c' dbname=x"), "host=h password = ******** dbname=x");
  EXPECT_EQ(redact("postgresql:///x?password=abc&sslmode=disable"),
            "postgresql:///x?password=********&sslmode=disable");
}

TEST(Redact, MasksKnownSecretsAnywhere) {
  EXPECT_EQ(redact("missing \"=\" after \"hunter2\" in string", {"hunter2"}),
            "missing \"=\" after \"********\" in string");
}

}  // namespace
}  // namespace pgimport::pg
