#include "app/target.hpp"

#include "cluster/local_instance.hpp"

namespace pgimport::app {

pg::ConnInfo parse_connection_string(const std::string& text, std::string_view role) {
  auto parsed = pg::ConnInfo::parse(text);
  if (!parsed) {
    throw UsageError(std::string(role) + ": " + parsed.error());
  }
  return *parsed;
}

pg::ConnInfo resolve_target(const std::string& target, const GlobalOptions& global, Output& output) {
  if (!target.empty()) {
    // Work on the target starts from a maintenance database; without one, libpq would pick
    // the user's name, which rarely exists as a database.
    auto info = parse_connection_string(target, "target");
    return info.get("dbname") ? info : info.with_database("postgres");
  }
  auto instance = cluster::LocalInstance::select(0, global.pg_bin_dirs);
  const bool was_running = instance.status().is_running;
  auto conninfo = instance.ensure_running();
  const auto status = instance.status();
  if (!was_running) {
    output.line("Started the local PostgreSQL " + status.version + " at " + status.url);
  }
  output.json({{"event", "local_target"},
               {"version", status.version},
               {"url", status.url},
               {"started", !was_running}});
  return conninfo;
}

}  // namespace pgimport::app
