#include "cluster/installations.hpp"

#include <gtest/gtest.h>

namespace pgimport::cluster {
namespace {

TEST(ParseVersionOutput, ReadsServerAndClientVersions) {
  EXPECT_EQ(parse_version_output("postgres (PostgreSQL) 18.4\n"), "18.4");
  EXPECT_EQ(parse_version_output("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n"), "15.18");
  EXPECT_EQ(parse_version_output("something else"), std::nullopt);
}

Installation make(int major, bool server, bool client) {
  Installation installation;
  installation.major = major;
  installation.has_server = server;
  installation.has_client_tools = client;
  return installation;
}

TEST(FindClientTools, PicksTheClosestMajorNotOlderThanTheSource) {
  const std::vector<Installation> installations{make(17, false, true), make(15, true, true),
                                                make(16, false, true)};
  EXPECT_EQ(find_client_tools(installations, 15)->major, 15);
  EXPECT_EQ(find_client_tools(installations, 16)->major, 16);
  EXPECT_FALSE(find_client_tools(installations, 18));
}

TEST(FindServer, PicksTheRequestedMajorOrTheFirst) {
  const std::vector<Installation> installations{make(18, true, false), make(15, true, true)};
  EXPECT_EQ(find_server(installations, 0)->major, 18);
  EXPECT_EQ(find_server(installations, 15)->major, 15);
  EXPECT_FALSE(find_server(installations, 16));
}

}  // namespace
}  // namespace pgimport::cluster
