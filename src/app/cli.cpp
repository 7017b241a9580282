#include "app/cli.hpp"

#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/output.hpp"
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
  pgimport local stop)TEXT") + k_exit_codes_help);
  local->add_option("action", options.local.action, "start | stop | status | url")
      ->required()
      ->check(CLI::IsMember({"start", "stop", "status", "url"}));
  local->add_option("--version", options.local.major,
                    "PostgreSQL major version (14..18); default: the existing one, else the newest")
      ->check(CLI::Range(14, 18));
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
  pgimport check postgresql://alice@db.example/shop --max-size 10GB --json)TEXT") +
                k_exit_codes_help);
  check->add_option("source", options.check.source, "source connection string");
  check->add_option("--target", options.check.target,
                    "target server connection string (default: the local PostgreSQL)");
  check->add_option("--max-size", options.check.max_size,
                    "fail if the source database is larger (e.g. 10GB); default: no limit");
  check->callback([&options] { options.command = "check"; });
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
    output.error("no command given", "run `pgimport --help` for usage");
    return k_exit_usage;
  } catch (const std::exception& error) {
    output.error(error.what());
    return k_exit_internal;
  }
}

}  // namespace pgimport::app
