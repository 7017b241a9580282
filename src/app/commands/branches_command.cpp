#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"

namespace pgimport::app {

int run_branches(const GlobalOptions& /*global*/, const BranchesOptions& /*options*/, Output& output) {
  output.error("branches is not implemented yet");
  return k_exit_internal;
}

}  // namespace pgimport::app
