#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"

namespace pgimport::app {

int run_import(const GlobalOptions& /*global*/, const ImportOptions& /*options*/, Output& output) {
  output.error("import is not implemented yet");
  return k_exit_internal;
}

}  // namespace pgimport::app
