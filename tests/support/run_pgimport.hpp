#pragma once
// Runs the built pgimport binary as a user would, for end-to-end tests.
#include <string>
#include <vector>

#include "process/child_process.hpp"

namespace pgimport::testing {

// pgimport with `arguments`; `extra_env` adds NAME=value pairs to its environment.
process::ProcessResult run_pgimport(const std::vector<std::string>& arguments,
                                    const std::vector<std::string>& extra_env = {});
std::string pgimport_binary();

}  // namespace pgimport::testing
