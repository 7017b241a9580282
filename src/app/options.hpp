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
  std::string database = "postgres";  // url --database NAME
};

struct CheckOptions {
  std::string source;
  std::string target;    // "" = the local PostgreSQL
  std::string max_size;  // "" = no limit
  bool keep_owners = false;      // check as for an import with --keep-owners
  bool keep_privileges = false;  // and --keep-privileges (the roles they name)
};

struct ImportOptions {
  std::string source;
  std::string target;           // "" = the local PostgreSQL
  std::string branch;           // "" = <source db>_import_<YYYYMMDD_HHMMSS>
  int jobs = 0;                 // table copy workers; 0 = number of cores
  int index_jobs = 0;           // index/constraint workers; 0 = number of cores
  bool skip_checks = false;
  bool keep_owners = false;
  bool keep_privileges = false;
  bool drop_on_failure = false;
  std::string timeout;          // "" = none; e.g. "1h"
  std::string max_size;         // "" = no limit; e.g. "10GB"
  std::string split_threshold;  // tables larger than this are copied in parts; "" = pgimport decides
  std::string lock_timeout = "30s";       // waiting for a lock on a source table
  std::string verify = "counts";          // none | counts | full
};

struct BranchesOptions {
  std::string action;  // list | promote | rename | delete
  std::string target;  // "" = the local PostgreSQL
  std::string branch;  // the branch acted on
  std::string name;    // promote --as NAME, or rename's new name
  bool force = false;  // promote while the database being replaced has connections
};

struct VerifyOptions {
  std::string source;
  std::string branch;  // database name on the target
  std::string target;  // "" = the local PostgreSQL
  std::string level = "counts";  // counts | full
  int jobs = 0;
};

struct ServeOptions {
  std::string listen = "127.0.0.1:0";  // HOST:PORT; port 0 = a free one
  bool no_open = false;                // do not try to open a browser
};

struct CliOptions {
  GlobalOptions global;
  std::string command;  // which subcommand was chosen
  LocalOptions local;
  CheckOptions check;
  ImportOptions import;
  BranchesOptions branches;
  VerifyOptions verify;
  ServeOptions serve;
};

}  // namespace pgimport::app
