#include "app/cli.hpp"

#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
#include "app/target.hpp"
#include "branch/branch.hpp"
#include "pg/redact.hpp"

namespace pgimport::app {
namespace {

constexpr const char* k_exit_codes_help = R"TEXT(
Exit codes:
  0    success: nothing failed
  1    the command ran and something failed (a check, the import, verification)
  2    usage error: bad option, value or connection string
  3    unexpected internal or environment error (the message says what)
  130  cancelled by Ctrl-C or SIGTERM)TEXT";

void add_local(CLI::App& app, CliOptions& options) {
  auto* local = app.add_subcommand("local", "Manage the local PostgreSQL that pgimport runs for you");
  local->footer(std::string(R"TEXT(
The local PostgreSQL is the default target when a command is given no --target.
It listens on 127.0.0.1 only, on a free port, with a generated password kept in a
0600 file; `url` prints a connection string that finds the password through a passfile.

Examples:
  pgimport local start              start it (initialising it the first time)
  pgimport local status --json      is it running, where, which version
  psql "$(pgimport local url)"      connect to it
  pgimport local url --database shop
  pgimport local stop)TEXT") + k_exit_codes_help);
  local->add_option("action", options.local.action, "start | stop | status | url")
      ->required()
      ->check(CLI::IsMember({"start", "stop", "status", "url"}));
  local->add_option("--version", options.local.major,
                    "PostgreSQL major version (14..18); default: the existing one, else the newest")
      ->check(CLI::Range(14, 18));
  local->add_option("--database", options.local.database,
                    "database the printed url connects to (default: postgres)");
  local->callback([&options] { options.command = "local"; });
}

void add_check(CLI::App& app, CliOptions& options) {
  auto* check = app.add_subcommand("check", "Check that a source database can be imported");
  check->footer(std::string(R"TEXT(
SOURCE is a connection string: a URI (postgresql://user:pass@host:5432/db?sslmode=require),
key=value pairs ("host=db.example dbname=shop user=alice"), or empty to use the PG*
environment variables. The source is only read.

Every finding is pass, warn or fail, with a hint. Without --target the checks run against
the local PostgreSQL (started if needed).

Examples:
  pgimport check postgresql://alice@db.example/shop
  pgimport check "host=db.example dbname=shop" --target postgresql://admin@new-host/postgres
  pgimport check postgresql://alice@db.example/shop --max-size 10GB --json
  pgimport check postgresql://alice@db.example/shop --keep-owners --keep-privileges)TEXT") +
                k_exit_codes_help);
  check->add_option("source", options.check.source, "source connection string");
  check->add_option("--target", options.check.target,
                    "target server connection string (default: the local PostgreSQL)");
  check->add_option("--max-size", options.check.max_size,
                    "fail if the source database is larger (e.g. 10GB); default: no limit");
  check->add_flag("--keep-owners", options.check.keep_owners,
                  "check as for an import that keeps the source's owners (their roles must exist on the target)");
  check->add_flag("--keep-privileges", options.check.keep_privileges,
                  "check as for an import that keeps GRANTs and default privileges (their roles must exist)");
  check->callback([&options] { options.command = "check"; });
}

void add_import(CLI::App& app, CliOptions& options) {
  auto* command = app.add_subcommand(
      "import", "Import a whole source database into a new database (a branch) on the target");
  command->footer(std::string(R"TEXT(
Creates a NEW database on the target (never touches another one), copies schema and data
from one consistent snapshot of the source, verifies the result and marks the branch
complete. A failed or cancelled import leaves the branch marked failed (or dropped with
--drop-on-failure). The source is only read. Without --target the branch goes into the
local PostgreSQL (started if needed).

Examples:
  pgimport import postgresql://alice@db.example/shop
  pgimport import postgresql://alice@db.example/shop --target postgresql://admin@new/postgres \
      --branch shop_test --jobs 4
  pgimport import "host=db.example dbname=shop" --verify full --json)TEXT") +
                   k_exit_codes_help);
  auto& o = options.import;
  command->add_option("source", o.source, "source connection string (empty: PG* variables)");
  command->add_option("--target", o.target,
                      "target server connection string (default: the local PostgreSQL)");
  command->add_option("--branch", o.branch,
                      "name of the new database (default: <source>_import_<timestamp>)")
      ->check(CLI::Validator(
          // Checked before anything starts: `--branch ""` must not mean "the default name".
          [](std::string& name) {
            const auto valid = branch::validate_branch_name(name);
            return valid ? std::string() : valid.error();
          },
          "NAME"));
  command->add_option("-j,--jobs", o.jobs, "parallel table copies (default: number of cores)")
      ->check(CLI::Range(1, 256));
  command->add_option("--index-jobs", o.index_jobs,
                      "parallel index and constraint builds (default: number of cores)")
      ->check(CLI::Range(1, 256));
  command->add_flag("--skip-checks", o.skip_checks, "import even if a check fails (not advised)");
  command->add_flag("--keep-owners", o.keep_owners,
                    "keep the source's object owners (the target must have those roles)");
  command->add_flag("--keep-privileges", o.keep_privileges, "keep GRANTs and default privileges");
  command->add_flag("--drop-on-failure", o.drop_on_failure,
                    "drop the branch if the import fails or is cancelled (default: mark it failed)");
  command->add_option("--timeout", o.timeout, "give up after this long (e.g. 1h, 90m); default: none");
  command->add_option("--max-size", o.max_size, "refuse sources larger than this (e.g. 10GB)");
  command->add_option("--split-threshold", o.split_threshold,
                      "copy tables larger than this in parallel parts, and count them with parallel "
                      "workers (default: 512MB; no parts when the target runs on this machine and "
                      "it has fewer than 4 cores)");
  command->add_option("--lock-timeout", o.lock_timeout,
                      "how long to wait for a lock on a source table (default: 30s)");
  command->add_option("--verify", o.verify, "verification after the copy (default: counts)")
      ->check(CLI::IsMember({"none", "counts", "full"}));
  command->callback([&options] { options.command = "import"; });
}

void add_branches(CLI::App& app, CliOptions& options) {
  auto* command = app.add_subcommand("branches", "List, promote, rename or delete branches on a target");
  command->footer(std::string(R"TEXT(
  list                          every branch pgimport created, with status, size and age
  promote BRANCH --as NAME      make BRANCH the database applications use under NAME; an
                                existing NAME is renamed aside (never dropped); refused while
                                NAME has connections unless --force
  rename BRANCH NEW_NAME        rename a branch
  delete BRANCH                 drop a branch (only one pgimport created, only by name)

Examples:
  pgimport branches list
  pgimport branches promote shop_import_20261121_222602 --as shop --target postgresql://admin@new/postgres
  pgimport branches delete shop_import_20261121_222602 --json)TEXT") +
                   k_exit_codes_help);
  auto& o = options.branches;
  command->add_option("action", o.action, "list | promote | rename | delete")
      ->required()
      ->check(CLI::IsMember({"list", "promote", "rename", "delete"}));
  command->add_option("branch", o.branch, "the branch (database) to act on");
  command->add_option("new_name", o.name, "new name (rename)");
  command->add_option("--as", o.name, "name the promoted branch takes (promote)");
  command->add_option("--target", o.target, "target server (default: the local PostgreSQL)");
  command->add_flag("--force", o.force, "promote even while the replaced database has connections");
  command->callback([&options] { options.command = "branches"; });
}

void add_verify(CLI::App& app, CliOptions& options) {
  auto* command = app.add_subcommand("verify", "Prove that a branch equals its source");
  command->footer(std::string(R"TEXT(
Compares the schema object by object and the data table by table. --level counts compares
row counts; --level full compares an order-independent checksum of every row. Run on its
own, it reads the source as it is now: writes made to the source after the import show up
as differences. Exit code 0 when equal, 1 when not.

Examples:
  pgimport verify postgresql://alice@db.example/shop shop_import_20261121_222602
  pgimport verify postgresql://alice@db.example/shop shop_test --target postgresql://admin@new/postgres --level full --json)TEXT") +
                   k_exit_codes_help);
  auto& o = options.verify;
  command->add_option("source", o.source, "source connection string")->required();
  command->add_option("branch", o.branch, "the branch (database name on the target)")->required();
  command->add_option("--target", o.target, "target server (default: the local PostgreSQL)");
  command->add_option("--level", o.level, "counts | full (default: counts)")
      ->check(CLI::IsMember({"counts", "full"}));
  command->add_option("-j,--jobs", o.jobs, "parallel table comparisons (default: number of cores)")
      ->check(CLI::Range(1, 256));
  command->callback([&options] { options.command = "verify"; });
}

void add_serve(CLI::App& app, CliOptions& options) {
  auto* command = app.add_subcommand("serve", "The import assistant as a local web page");
  command->footer(std::string(R"TEXT(
Starts a web server on this machine and prints the address to open: a page that walks
through connecting, checking, importing (with live progress and Cancel) and what to do
next, and lists the branches. Every action is also a JSON endpoint (docs/HTTP_API.md).
The address carries a random access token that every request needs; the server listens
on 127.0.0.1 only unless --listen says otherwise. One import runs at a time: a second is
refused, not queued. Ctrl-C stops the server (a running import is cancelled).

Examples:
  pgimport serve
  pgimport serve --listen 127.0.0.1:8432 --no-open)TEXT") + k_exit_codes_help);
  auto& o = options.serve;
  command->add_option("--listen", o.listen, "HOST:PORT to listen on (default: 127.0.0.1, a free port)");
  command->add_flag("--no-open", o.no_open, "do not try to open the page in a browser");
  command->callback([&options] { options.command = "serve"; });
}

}  // namespace

std::unique_ptr<CLI::App> make_cli(CliOptions& options) {
  auto app = std::make_unique<CLI::App>(
      "pgimport: copy a whole PostgreSQL database into a new database (a branch) on a target "
      "server, from one consistent snapshot, verified.",
      "pgimport");
  app->footer(std::string(R"TEXT(
Examples:
  pgimport check postgresql://alice@db.example/shop
  pgimport import postgresql://alice@db.example/shop
  pgimport branches list
  pgimport local start
Run `pgimport COMMAND --help` for each command's options and examples.)TEXT") + k_exit_codes_help);
  app->set_version_flag("--version", std::string("pgimport ") + PGIMPORT_VERSION);
  app->require_subcommand(1);
  app->fallthrough();
  app->add_flag("--json", options.global.is_json, "machine-readable output: one JSON object per line");
  app->add_flag("-q,--quiet", options.global.is_quiet, "print only errors and the final result");
  app->add_option("--pg-bin", options.global.pg_bin_dirs,
                  "a folder with PostgreSQL programs (pg_dump, pg_restore, initdb, ...); repeatable");
  add_local(*app, options);
  add_check(*app, options);
  add_import(*app, options);
  add_branches(*app, options);
  add_verify(*app, options);
  add_serve(*app, options);
  return app;
}

int run(int argc, char** argv) {
  CliOptions options;
  auto app = make_cli(options);
  try {
    app->parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app->exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app->exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app->exit(version);
  } catch (const CLI::ParseError& error) {
    // CLI11 echoes arguments back: a connection string with a password may be among them.
    Output output(options.global.is_json, false);
    output.error(pg::redact(error.what()), "run `pgimport --help` for usage");
    return k_exit_usage;
  }
  Output output(options.global.is_json, options.global.is_quiet);
  try {
    if (options.command == "local") {
      return run_local(options.global, options.local, output);
    }
    if (options.command == "check") {
      return run_check(options.global, options.check, output);
    }
    if (options.command == "import") {
      return run_import(options.global, options.import, output);
    }
    if (options.command == "branches") {
      return run_branches(options.global, options.branches, output);
    }
    if (options.command == "verify") {
      return run_verify(options.global, options.verify, output);
    }
    if (options.command == "serve") {
      return run_serve(options.global, options.serve, output);
    }
    output.error("no command given", "run `pgimport --help` for usage");
    return k_exit_usage;
  } catch (const UsageError& error) {
    output.error(error.what(), "run `pgimport " + options.command + " --help` for usage");
    return k_exit_usage;
  } catch (const std::exception& error) {
    output.error(error.what());
    return k_exit_internal;
  }
}

}  // namespace pgimport::app
