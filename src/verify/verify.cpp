#include "verify/verify.hpp"

#include <algorithm>
#include <set>

#include "verify/catalog.hpp"
#include "verify/compare.hpp"
#include "verify/session.hpp"
#include "verify/table_data.hpp"

namespace pgimport::verify {
namespace {

// How many sessions read one side's catalog: with jobs to spare a second one shares the
// queries, as on a schema of thousands of tables a few of them (columns, constraints) take
// most of the time.
int catalog_sessions(const VerifyInputs& inputs) { return inputs.jobs >= 2 ? 2 : 1; }

// One side's catalog, read in one snapshot: `snapshot` or, without one, the one the first
// session exports for the others.
Catalog read_side_catalog(std::vector<pg::Connection>& sessions, const std::optional<std::string>& snapshot,
                          const CatalogOptions& options) {
  begin_read(sessions.front(), snapshot);
  std::vector<pg::Connection*> readers{&sessions.front()};
  if (sessions.size() > 1) {
    const auto shared_snapshot =
        snapshot ? *snapshot : sessions.front().query_value("SELECT pg_export_snapshot()");
    for (std::size_t helper = 1; helper < sessions.size(); ++helper) {
      begin_read(sessions[helper], shared_snapshot);
      readers.push_back(&sessions[helper]);
    }
  }
  auto catalog = read_catalog(readers, options);
  for (auto* session : readers) {
    session->exec("COMMIT");
  }
  return catalog;
}

// The branch server's deparse of `view`'s query as the source wrote it: parsed into a
// temporary view that is rolled back. Names are qualified (search_path = pg_catalog), so
// they resolve to the branch's copies of the source's objects.
std::optional<std::string> redeparse_on(pg::Connection& connection, const ViewDefinition& view) {
  connection.exec("BEGIN");
  std::optional<std::string> text;
  try {
    connection.exec("CREATE TEMPORARY VIEW pgimport_verify_redeparse AS " + view.query);
    text = connection.query_value("SELECT pg_get_viewdef('pg_temp.pgimport_verify_redeparse'::regclass)");
  } catch (const pg::Error& error) {
    if (error.is_connection_failure()) {
      throw;
    }
  }
  connection.exec("ROLLBACK");
  return text;
}

// Servers of different majors deparse views differently (16 stopped qualifying columns of a
// single-table query). A view that differs only in text is deparsed again, as the source
// defines it, by the branch's server: equal then means equal.
void drop_deparse_only_view_differences(std::vector<Difference>& differences, const Catalog& source,
                                        const Catalog& branch, pg::Connection& branch_connection) {
  std::erase_if(differences, [&](const Difference& difference) {
    if (difference.kind != "view" || difference.source.empty() || difference.branch.empty()) {
      return false;
    }
    const auto source_view = source.views.find(difference.object);
    const auto branch_view = branch.views.find(difference.object);
    if (source_view == source.views.end() || branch_view == branch.views.end() ||
        source_view->second.prefix != branch_view->second.prefix) {
      return false;
    }
    const auto again = redeparse_on(branch_connection, source_view->second);
    return again && definitions_match(*again, branch_view->second.query, false);
  });
}

// Replaces the source's current sequence values with the ones the caller copied.
void use_known_sequence_values(Catalog& catalog, const std::map<std::string, std::string>& known) {
  constexpr std::string_view k_marker = " last_value ";
  for (const auto& [name, value] : known) {
    const auto entry = catalog.objects.find({"sequence", name});
    if (entry == catalog.objects.end()) {
      continue;
    }
    const auto at = entry->second.rfind(k_marker);
    if (at != std::string::npos) {
      entry->second = entry->second.substr(0, at + k_marker.size()) + value;
    }
  }
}

}  // namespace

std::string_view to_string(Level level) noexcept { return level == Level::full ? "full" : "counts"; }

namespace {

// What both sides' inventories hold: it depends on both servers' versions.
CatalogOptions catalog_options(const VerifyInputs& inputs, int source_major, int branch_major) {
  return {.level = inputs.level,
          .compare_ownership = inputs.compare_ownership,
          .compare_privileges = inputs.compare_privileges,
          .include_maintain = std::min(source_major, branch_major) >= 17};
}

// The branch's side, read on `sessions` (the first one does the rest), against the source's
// side read before.
VerifyReport verify_on_sessions(const VerifyInputs& inputs, SourceSide source_side,
                                std::vector<pg::Connection>& sessions) {
  auto& branch = sessions.front();
  if (branch.server_major() != source_side.branch_major) {
    throw std::runtime_error("verify: the source side was read for another branch version");
  }
  const bool is_same_major = source_side.major == branch.server_major();
  auto& source_catalog = *source_side.catalog;
  use_known_sequence_values(source_catalog, inputs.known_source_sequences);
  const auto branch_catalog = read_side_catalog(
      sessions, std::nullopt, catalog_options(inputs, source_side.major, branch.server_major()));

  VerifyReport report;
  report.objects_compared = count_objects(source_catalog.objects, branch_catalog.objects);
  report.differences = compare_inventories(source_catalog.objects, branch_catalog.objects, is_same_major);
  if (!is_same_major) {
    drop_deparse_only_view_differences(report.differences, source_catalog, branch_catalog, branch);
  }

  // Data of the tables both sides have; a table missing on one side is already reported.
  std::set<std::string> branch_tables;
  for (const auto& table : branch_catalog.tables) {
    branch_tables.insert(table.object);
  }
  std::vector<DataTable> tables;
  for (const auto& table : source_catalog.tables) {
    if (branch_tables.contains(table.object)) {
      tables.push_back(table);
    }
  }
  std::sort(tables.begin(), tables.end(),
            [](const DataTable& left, const DataTable& right) { return left.object < right.object; });
  for (const auto& result : compare_table_data(inputs, std::move(tables))) {
    ++report.tables_compared;
    report.rows_compared += result.source.rows;
    if (auto difference = compare_table(result.table.object, result.source, result.branch)) {
      report.differences.push_back(std::move(*difference));
    }
  }
  return report;
}

}  // namespace

SourceSide read_source_side(const VerifyInputs& inputs, int branch_major) {
  auto sessions = open_sessions(inputs.source, pg::Endpoint::source, catalog_sessions(inputs));
  const auto guards = cancel_on(inputs.cancellation, sessions);
  SourceSide side;
  side.major = sessions.front().server_major();
  side.branch_major = branch_major;
  side.catalog = std::make_shared<Catalog>(read_side_catalog(
      sessions, inputs.snapshot, catalog_options(inputs, side.major, branch_major)));
  return side;
}

VerifyReport verify_branch(const VerifyInputs& inputs) {
  // The branch's version decides what the source's side holds.
  auto sessions = open_sessions(inputs.branch, pg::Endpoint::target, catalog_sessions(inputs));
  const auto guards = cancel_on(inputs.cancellation, sessions);
  return verify_on_sessions(inputs, read_source_side(inputs, sessions.front().server_major()), sessions);
}

VerifyReport verify_branch(const VerifyInputs& inputs, SourceSide source_side) {
  auto sessions = open_sessions(inputs.branch, pg::Endpoint::target, catalog_sessions(inputs));
  const auto guards = cancel_on(inputs.cancellation, sessions);
  return verify_on_sessions(inputs, std::move(source_side), sessions);
}

nlohmann::json to_json(const VerifyReport& report) {
  auto differences = nlohmann::json::array();
  for (const auto& difference : report.differences) {
    differences.push_back({{"kind", difference.kind},
                           {"object", difference.object},
                           {"source", difference.source},
                           {"branch", difference.branch}});
  }
  return {{"equal", report.is_equal()},
          {"objects_compared", report.objects_compared},
          {"tables_compared", report.tables_compared},
          {"rows_compared", report.rows_compared},
          {"differences", std::move(differences)}};
}

}  // namespace pgimport::verify
