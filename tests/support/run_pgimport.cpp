#include "support/run_pgimport.hpp"

namespace pgimport::testing {

std::string pgimport_binary() { return PGIMPORT_BINARY; }

process::ProcessResult run_pgimport(const std::vector<std::string>& arguments,
                                    const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv{pgimport_binary()};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  return process::run({.argv = argv, .extra_env = extra_env});
}

}  // namespace pgimport::testing
