// Reading a test cluster's server log: the plans auto_explain wrote there.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <vector>

#include "support/test_cluster.hpp"

namespace pgimport::testing {

// Makes `cluster` log the plan of every statement of each new session (auto_explain), with
// `settings` ("name = value") set by ALTER SYSTEM beside it, then reloads its configuration.
void explain_every_statement(TestCluster& cluster, std::initializer_list<const char*> settings);

// The cluster's server log as it is now ("" before the first line).
std::string server_log(TestCluster& cluster);

// The first plan auto_explain logged from `from` on for a statement whose text holds `query`
// (a statement sent with SETs before it is logged whole), up to the next entry; "" if none.
std::string logged_plan(const std::string& log, const std::string& query, std::size_t from = 0);

// Every such plan, in the order they were logged.
std::vector<std::string> logged_plans(const std::string& log, const std::string& query);

}  // namespace pgimport::testing
