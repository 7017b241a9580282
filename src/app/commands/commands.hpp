#pragma once
// One function per command: options in, exit code out. Only app/ writes to the terminal.
#include "app/options.hpp"
#include "app/output.hpp"

namespace pgimport::app {

int run_local(const GlobalOptions& global, const LocalOptions& options, Output& output);
int run_check(const GlobalOptions& global, const CheckOptions& options, Output& output);
int run_import(const GlobalOptions& global, const ImportOptions& options, Output& output);
int run_branches(const GlobalOptions& global, const BranchesOptions& options, Output& output);
int run_verify(const GlobalOptions& global, const VerifyOptions& options, Output& output);
int run_serve(const GlobalOptions& global, const ServeOptions& options, Output& output);

}  // namespace pgimport::app
