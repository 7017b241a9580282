#include "pipeline/finishing.hpp"

#include <set>

#include "util/text.hpp"
#include "verify/catalog.hpp"

namespace pgimport::pipeline {

namespace {

// The sequences of `sequences` that exist on the branch. The user's always do (pre-data made
// them); an extension's own exist only if the target's version of the extension makes them.
std::vector<model::SequenceInfo> present_on_branch(pg::Connection& branch,
                                                   const std::vector<model::SequenceInfo>& sequences,
                                                   std::vector<model::SequenceInfo>& missing) {
  std::vector<std::string> members;
  for (const auto& sequence : sequences) {
    if (!sequence.extension.empty()) {
      members.push_back("(" + branch.quote_literal(sequence.qualified_name) + ")");
    }
  }
  std::set<std::string> present_members;
  if (!members.empty()) {
    const auto present = branch.exec("SELECT name FROM (VALUES " + util::join(members, ", ") +
                                     ") AS v(name) WHERE to_regclass(name) IS NOT NULL");
    for (int row = 0; row < present.rows(); ++row) {
      present_members.emplace(present.value(row, 0));
    }
  }
  std::vector<model::SequenceInfo> present;
  for (const auto& sequence : sequences) {
    if (sequence.extension.empty() || present_members.contains(sequence.qualified_name)) {
      present.push_back(sequence);
    } else {
      missing.push_back(sequence);
    }
  }
  return present;
}

}  // namespace

SequenceCopy copy_sequence_values(pg::Connection& source, pg::Connection& branch,
                                  const std::vector<model::SequenceInfo>& all_sequences) {
  SequenceCopy copy;
  const auto sequences = present_on_branch(branch, all_sequences, copy.missing);
  constexpr std::size_t k_batch = 100;
  for (std::size_t start = 0; start < sequences.size(); start += k_batch) {
    const auto end = std::min(sequences.size(), start + k_batch);
    std::vector<std::string> reads;
    for (std::size_t i = start; i < end; ++i) {
      reads.push_back("SELECT " + source.quote_literal(sequences[i].qualified_name) +
                      ", last_value, is_called FROM " + sequences[i].qualified_name);
    }
    const auto values = source.exec(util::join(reads, " UNION ALL "));
    std::vector<std::string> writes;
    for (int row = 0; row < values.rows(); ++row) {
      writes.push_back("setval(" + branch.quote_literal(values.value(row, 0)) + "::regclass, " +
                       std::string(values.value(row, 1)) + ", " +
                       (values.bool_value(row, 2) ? "true" : "false") + ")");
      copy.values[std::string(values.value(row, 0))] =
          std::string(values.value(row, 1)) + (values.bool_value(row, 2) ? " (called)" : " (not called)");
    }
    if (!writes.empty()) {
      branch.exec("SELECT " + util::join(writes, ", "));
    }
  }
  return copy;
}

std::optional<model::DatabaseSetting> search_path_setting(const std::vector<model::DatabaseSetting>& settings) {
  for (const auto& setting : settings) {
    if (setting.role.empty() && setting.name == "search_path") {
      return setting;
    }
  }
  return std::nullopt;
}

std::string source_search_path(const std::vector<model::DatabaseSetting>& settings) {
  const auto setting = search_path_setting(settings);
  return setting ? setting->value : "\"$user\", public";
}

std::uint64_t copy_large_objects(pg::Connection& source, pg::Connection& branch,
                                 const std::vector<std::uint32_t>& large_objects,
                                 util::Cancellation& cancellation) {
  // 32 MB per round trip: a hex-encoded chunk stays far below the 1 GB value limit.
  constexpr std::int64_t k_chunk = 32ll * 1024 * 1024;
  std::uint64_t bytes = 0;
  const auto source_guard = cancellation.on_cancel([c = source.canceller()] { c.cancel(); });
  const auto branch_guard = cancellation.on_cancel([c = branch.canceller()] { c.cancel(); });
  branch.exec("BEGIN");
  for (const auto oid : large_objects) {
    const std::string id = std::to_string(oid);
    for (std::int64_t offset = 0;; offset += k_chunk) {
      const auto chunk = source.exec("SELECT lo_get($1::oid, $2::bigint, $3::int)",
                                     {id, std::to_string(offset), std::to_string(k_chunk)});
      const auto hex = chunk.value(0, 0);  // "\x...." (bytea_output = hex)
      if (hex.size() <= 2) {
        break;
      }
      branch.exec("SELECT lo_put($1::oid, $2::bigint, $3::bytea)",
                  {id, std::to_string(offset), std::string(hex)});
      const auto length = static_cast<std::int64_t>((hex.size() - 2) / 2);
      bytes += static_cast<std::uint64_t>(length);
      if (length < k_chunk) {
        break;
      }
    }
  }
  branch.exec("COMMIT");
  return bytes;
}

namespace {

// Settings whose value is a list of quoted items (pg_dump's list of them): kept as SET
// syntax, so they are given through set_config and FROM CURRENT, never re-quoted as one item.
bool is_list_setting(const std::string& name) {
  for (const char* list : {"search_path", "temp_tablespaces", "session_preload_libraries",
                           "local_preload_libraries", "shared_preload_libraries"}) {
    if (name == list) {
      return true;
    }
  }
  return false;
}

// "app.tenant" -> app.tenant, each part quoted.
std::string setting_name(const pg::Connection& connection, const std::string& name) {
  std::vector<std::string> parts;
  for (const auto& part : util::split(name, '.')) {
    parts.push_back(connection.quote_identifier(part));
  }
  return util::join(parts, ".");
}

}  // namespace

std::vector<RefusedSetting> copy_database_settings(pg::Connection& maintenance, const std::string& branch,
                                                   const std::vector<model::DatabaseSetting>& settings) {
  std::vector<RefusedSetting> refused;
  for (const auto& setting : settings) {
    const auto name = setting_name(maintenance, setting.name);
    const auto alter = setting.role.empty()
                           ? "ALTER DATABASE " + maintenance.quote_identifier(branch)
                           : "ALTER ROLE " + maintenance.quote_identifier(setting.role) + " IN DATABASE " +
                                 maintenance.quote_identifier(branch);
    try {
      if (is_list_setting(setting.name)) {
        maintenance.exec("SELECT set_config($1, $2, false)", {setting.name, setting.value});
        maintenance.exec(alter + " SET " + name + " FROM CURRENT");
        maintenance.exec("RESET " + name);
      } else {
        maintenance.exec(alter + " SET " + name + " TO " + maintenance.quote_literal(setting.value));
      }
    } catch (const pg::Error& error) {
      if (error.is_connection_failure()) {
        throw;
      }
      if (is_list_setting(setting.name)) {
        maintenance.exec("RESET " + name);
      }
      refused.push_back({verify::database_setting_object(setting.role, setting.name),
                         "database setting " + setting.name +
                             (setting.role.empty() ? "" : " for role " + setting.role) +
                             ": the target refused it (" + error.fields().message + ")"});
    }
  }
  return refused;
}

std::vector<std::string> database_properties_not_copied(const inspect::SourceDatabase& database) {
  std::vector<std::string> left_out;
  if (database.has_comment) {
    left_out.push_back("database comment: not copied (the branch's status is kept in its comment); "
                       "set it again after promoting the branch (COMMENT ON DATABASE)");
  }
  if (!database.privileges.empty()) {
    left_out.push_back("database privileges " + database.privileges +
                       ": GRANT/REVOKE ... ON DATABASE are not copied; apply them to the branch");
  }
  if (database.connection_limit >= 0) {
    left_out.push_back("database connection limit " + std::to_string(database.connection_limit) +
                       ": not copied (ALTER DATABASE ... CONNECTION LIMIT)");
  }
  return left_out;
}

std::vector<std::string> analyze_statements(const std::vector<model::TableInfo>& tables) {
  // Big tables one by one (so sessions share them out); small ones a hundred per
  // statement: one round trip and one transaction instead of a hundred.
  constexpr std::size_t k_batch = 100;
  std::vector<std::string> statements;
  std::vector<std::string> small;
  for (const auto& table : tables) {
    if (!table.is_small()) {
      statements.push_back("ANALYZE " + table.qualified_name);
    } else {
      small.push_back(table.qualified_name);
      if (small.size() == k_batch) {
        statements.push_back("ANALYZE " + util::join(small, ", "));
        small.clear();
      }
    }
  }
  if (!small.empty()) {
    statements.push_back("ANALYZE " + util::join(small, ", "));
  }
  return statements;
}

}  // namespace pgimport::pipeline
