#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"

namespace pgimport::app {

int run_verify(const GlobalOptions& /*global*/, const VerifyOptions& /*options*/, Output& output) {
  output.error("verify is not implemented yet");
  return k_exit_internal;
}

}  // namespace pgimport::app
