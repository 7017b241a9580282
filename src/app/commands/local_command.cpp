#include <fmt/format.h>

#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"
#include "cluster/local_instance.hpp"

namespace pgimport::app {
namespace {

nlohmann::json to_json(const cluster::LocalStatus& status) {
  return {{"major", status.major},         {"version", status.version},
          {"initialised", status.is_initialised}, {"running", status.is_running},
          {"port", status.port},           {"data_dir", status.data_dir.string()},
          {"bin_dir", status.bin_dir.string()},   {"url", status.url}};
}

void print_status(const cluster::LocalStatus& status, Output& output) {
  output.line(fmt::format("PostgreSQL {} ({})", status.version, status.bin_dir.string()));
  output.line(fmt::format("  state:  {}", !status.is_initialised ? "not initialised"
                                          : status.is_running    ? "running"
                                                                 : "stopped"));
  output.line(fmt::format("  data:   {}", status.data_dir.string()));
  if (!status.url.empty()) {
    output.line(fmt::format("  url:    {}", status.url));
  }
}

}  // namespace

int run_local(const GlobalOptions& global, const LocalOptions& options, Output& output) {
  auto instance = cluster::LocalInstance::select(options.major, global.pg_bin_dirs);
  if (options.action == "start") {
    instance.ensure_running();
  } else if (options.action == "stop") {
    instance.stop();
  } else if (options.action == "url") {
    if (!instance.status().is_running) {
      instance.ensure_running();
    }
    const auto url = instance.url(options.database);
    if (output.is_json()) {
      output.json({{"url", url}});
    } else {
      std::fputs((url + "\n").c_str(), stdout);
    }
    return k_exit_ok;
  }
  const auto status = instance.status();
  if (output.is_json()) {
    output.json(to_json(status));
  } else {
    print_status(status, output);
  }
  return k_exit_ok;
}

}  // namespace pgimport::app
