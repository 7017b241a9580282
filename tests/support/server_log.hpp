// Reading a test cluster's server log: the plans auto_explain wrote there.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace pgimport::testing {

// The first plan auto_explain logged from `from` on for a statement whose text holds `query`
// (a statement sent with SETs before it is logged whole), up to the next entry; "" if none.
std::string logged_plan(const std::string& log, const std::string& query, std::size_t from = 0);

// Every such plan, in the order they were logged.
std::vector<std::string> logged_plans(const std::string& log, const std::string& query);

}  // namespace pgimport::testing
