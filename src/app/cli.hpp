#pragma once
// The command-line tree (CLI11), bound to CliOptions so parsing is testable in-process.
#include <CLI/CLI.hpp>

#include <memory>

#include "app/options.hpp"

namespace pgimport::app {

std::unique_ptr<CLI::App> make_cli(CliOptions& options);
// Parses argv, runs the chosen command, returns the process exit code.
int run(int argc, char** argv);

}  // namespace pgimport::app
