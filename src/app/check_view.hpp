#pragma once
// How check findings look on a terminal: shared by `pgimport check` and `pgimport import`.
#include "app/output.hpp"
#include "check/findings.hpp"

namespace pgimport::app {

enum class FindingsDetail { all, problems_only };

// One line per finding (PASS/WARN/FAIL, coloured on a TTY) with its hint, then a summary line.
void print_findings(const check::CheckReport& report, FindingsDetail detail, Output& output);

}  // namespace pgimport::app
