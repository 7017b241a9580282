#pragma once
// What the command line asks for, one struct per command; CLI11 fills them (cli.cpp).
#include <filesystem>
#include <string>
#include <vector>

namespace pgimport::app {

struct GlobalOptions {
  bool is_json = false;
  bool is_quiet = false;
  std::vector<std::filesystem::path> pg_bin_dirs;  // --pg-bin DIR (repeatable)
};

struct LocalOptions {
  std::string action;  // start | stop | status | url
  int major = 0;       // --version N; 0 = the existing one, else the newest available
};

struct CheckOptions {
  std::string source;
  std::string target;    // "" = the local PostgreSQL
  std::string max_size;  // "" = no limit
};

struct CliOptions {
  GlobalOptions global;
  std::string command;  // which subcommand was chosen
  LocalOptions local;
  CheckOptions check;
};

}  // namespace pgimport::app
