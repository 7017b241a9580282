#include "pg/connect_failure.hpp"

#include <gtest/gtest.h>

namespace pgimport::pg {
namespace {

const ConnectTarget k_target{"db.example", "5432", "alice", "shop"};

TEST(ClassifyConnectFailure, RecognisesUnknownHosts) {
  const auto failure = classify_connect_failure(
      "could not translate host name \"db.example\" to address: Name or service not known",
      k_target);
  EXPECT_EQ(failure.kind, ConnectFailureKind::unknown_host);
  EXPECT_EQ(failure.message, "the host name \"db.example\" could not be resolved");
}

TEST(ClassifyConnectFailure, RecognisesWrongPasswords) {
  const auto failure = classify_connect_failure(
      "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  password authentication "
      "failed for user \"alice\"",
      k_target);
  EXPECT_EQ(failure.kind, ConnectFailureKind::wrong_password);
}

TEST(ClassifyConnectFailure, RecognisesMissingDatabases) {
  const auto failure = classify_connect_failure(
      "connection to server at \"h\" (1.2.3.4), port 5432 failed: FATAL:  database \"shop\" does "
      "not exist",
      k_target);
  EXPECT_EQ(failure.kind, ConnectFailureKind::database_missing);
  EXPECT_EQ(failure.message, "the database \"shop\" does not exist on db.example:5432");
}

TEST(ClassifyConnectFailure, SaysWhichRootCertificateIsMissing) {
  const auto failure = classify_connect_failure(
      "connection to server at \"127.0.0.1\", port 5432 failed: root certificate file "
      "\"/home/alice/.postgresql/root.crt\" does not exist\nEither provide the file or change "
      "sslmode to disable server certificate verification.",
      k_target);
  EXPECT_EQ(failure.kind, ConnectFailureKind::tls_certificate);
  EXPECT_EQ(failure.message,
            "verifying the server's TLS certificate (sslmode=verify-ca or verify-full) needs a "
            "root certificate, and there is none: \"/home/alice/.postgresql/root.crt\" does not "
            "exist");
}

TEST(ClassifyConnectFailure, KeepsUnknownMessagesButSaysWhere) {
  const auto failure = classify_connect_failure("something odd", k_target);
  EXPECT_EQ(failure.kind, ConnectFailureKind::other);
  EXPECT_EQ(failure.message, "could not connect to db.example:5432: something odd");
}

}  // namespace
}  // namespace pgimport::pg
