#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"

namespace pgimport::app {

int run_check(const GlobalOptions& /*global*/, const CheckOptions& /*options*/, Output& output) {
  output.error("check is not implemented yet");
  return k_exit_internal;
}

}  // namespace pgimport::app
