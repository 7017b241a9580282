#include "cluster/installations.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "util/files.hpp"

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

// A program that says its version and leaves a mark that it ran.
void write_program(const std::filesystem::path& folder, const std::string& name,
                   const std::string& version, const std::filesystem::path& mark) {
  const auto path = folder / name;
  std::ofstream(path) << "#!/bin/sh\necho ran >> '" << mark.string() << "'\necho '" << name
                      << " (PostgreSQL) " << version << "'\n";
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
}

TEST(DiscoverInstallations, LookingForPgDumpRunsNothingInServerOnlyFolders) {
  const util::TempDir temp("pgimport-installations-test");
  const auto server_only = temp.path() / "server";
  const auto client = temp.path() / "client";
  std::filesystem::create_directories(server_only);
  std::filesystem::create_directories(client);
  for (const auto* name : {"postgres", "initdb", "pg_ctl"}) {
    write_program(server_only, name, "18.1", temp.path() / "server-ran");
  }
  for (const auto* name : {"pg_dump", "pg_restore"}) {
    write_program(client, name, "17.2", temp.path() / "client-ran");
  }

  const auto found = discover_installations({server_only, client}, Wanted::client_tools);

  EXPECT_FALSE(std::filesystem::exists(temp.path() / "server-ran"));
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found.front().bin_dir, client);
  EXPECT_EQ(found.front().version, "17.2");
  for (const auto& installation : found) {
    EXPECT_NE(installation.bin_dir, server_only);
  }
  // Asked for anything, the server-only folder is found (and its postgres run).
  const auto all = discover_installations({server_only, client});
  ASSERT_GE(all.size(), 2u);
  EXPECT_EQ(all[0].bin_dir, server_only);
  EXPECT_EQ(all[0].version, "18.1");
  EXPECT_TRUE(std::filesystem::exists(temp.path() / "server-ran"));
}

}  // namespace
}  // namespace pgimport::cluster
