#include "support/server_log.hpp"

#include "util/files.hpp"

namespace pgimport::testing {
namespace {

constexpr std::string_view k_query_text = "Query Text: ";

// Where the plan of the first matching statement from `from` on starts, or npos.
std::size_t find_plan(const std::string& log, const std::string& query, std::size_t from) {
  for (auto start = log.find(k_query_text, from); start != std::string::npos;
       start = log.find(k_query_text, start + 1)) {
    const auto line_end = log.find('\n', start);
    if (log.substr(start, line_end - start).find(query) != std::string::npos) {
      return start;
    }
  }
  return std::string::npos;
}

std::string plan_at(const std::string& log, std::size_t start) {
  const auto end = log.find(" LOG: ", start);
  return log.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

void explain_every_statement(TestCluster& cluster, std::initializer_list<const char*> settings) {
  auto connection = cluster.connect("postgres");
  connection.exec("LOAD 'auto_explain'");  // makes its settings known to ALTER SYSTEM
  connection.exec("ALTER SYSTEM SET session_preload_libraries = 'auto_explain'");
  connection.exec("ALTER SYSTEM SET auto_explain.log_min_duration = 0");
  for (const char* setting : settings) {
    connection.exec(std::string("ALTER SYSTEM SET ") + setting);
  }
  connection.exec("SELECT pg_reload_conf()");
}

std::string server_log(TestCluster& cluster) {
  return util::read_text_file(cluster.cluster().layout().log_file).value_or("");
}

std::string logged_plan(const std::string& log, const std::string& query, std::size_t from) {
  const auto start = find_plan(log, query, from);
  return start == std::string::npos ? "" : plan_at(log, start);
}

std::vector<std::string> logged_plans(const std::string& log, const std::string& query) {
  std::vector<std::string> plans;
  for (auto start = find_plan(log, query, 0); start != std::string::npos;
       start = find_plan(log, query, start + 1)) {
    plans.push_back(plan_at(log, start));
  }
  return plans;
}

}  // namespace pgimport::testing
