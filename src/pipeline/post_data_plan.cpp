#include "pipeline/post_data_plan.hpp"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "util/text.hpp"

namespace pgimport::pipeline {
namespace {

const model::PostDataObject* find(const inspect::PostDataObjects& objects, char catalog,
                                  std::uint32_t oid) {
  const auto found = objects.find({catalog, oid});
  return found == objects.end() ? nullptr : &found->second;
}

std::string deferrable_clause(const model::PostDataObject& constraint) {
  if (!constraint.is_deferrable) {
    return "";
  }
  return constraint.is_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

// "ALTER TABLE ONLY t ADD CONSTRAINT c FOREIGN KEY ...;" -> the same, NOT VALID.
std::string without_validation(const std::string& statement) {
  std::string text(util::trim(statement));
  if (!text.empty() && text.back() == ';') {
    text.pop_back();
  }
  return text + " NOT VALID;";
}

class Planner {
 public:
  Planner(const inspect::PostDataObjects& objects, const std::vector<model::TableInfo>& tables)
      : m_objects(objects), m_tables(tables) {
    m_plan.tables.resize(tables.size());
    for (std::size_t index = 0; index < tables.size(); ++index) {
      m_table_by_oid.emplace(tables[index].oid, index);
    }
  }

  void add(const schema::TocEntry& entry, const std::string& sql) {
    if (entry.kind == "INDEX" && add_index(entry, sql)) {
      return;
    }
    if ((entry.kind == "CONSTRAINT" || entry.kind == "CHECK CONSTRAINT") &&
        add_constraint(entry, sql)) {
      return;
    }
    if (entry.kind == "FK CONSTRAINT") {
      add_foreign_key(entry, sql);
      return;
    }
    if (entry.kind == "MATERIALIZED VIEW DATA") {
      m_plan.refreshes.push_back({entry, sql});
      return;
    }
    if (entry.kind == "COMMENT" && util::contains(entry.object, "CONSTRAINT ")) {
      m_plan.after_foreign_keys.push_back(entry);  // the constraint may be a foreign key
      return;
    }
    m_plan.remaining.push_back(entry);
  }

  PostDataPlan take() { return std::move(m_plan); }

 private:
  // The index of the copied table an object belongs to; nullopt for an object of a table
  // not copied (a partitioned parent, a matview...) or unknown to the catalog.
  std::optional<std::size_t> table_of(const model::PostDataObject* object) const {
    if (object == nullptr) {
      return std::nullopt;
    }
    const auto table = m_table_by_oid.find(object->table_oid);
    return table == m_table_by_oid.end() ? std::nullopt : std::optional(table->second);
  }

  bool add_index(const schema::TocEntry& entry, const std::string& sql) {
    const auto* index = find(m_objects, 'i', entry.catalog_oid);
    const auto table = table_of(index);
    if (!table) {
      return false;
    }
    auto& work = m_plan.tables[*table];
    work.builds.push_back(sql);
    work.build_source_bytes.push_back(index->index_bytes);
    work.names.push_back(entry.object);
    ++m_plan.index_count;
    return true;
  }

  bool add_constraint(const schema::TocEntry& entry, const std::string& sql) {
    const auto* constraint = find(m_objects, 'c', entry.catalog_oid);
    const auto index = table_of(constraint);
    if (!index) {
      return false;
    }
    auto& work = m_plan.tables[*index];
    const auto& table = m_tables[*index];
    const bool is_key = constraint->kind == 'p' || constraint->kind == 'u';
    // Only a plain "ADD CONSTRAINT" entry is rebuilt from its index; one with extras
    // (CLUSTER ON, REPLICA IDENTITY) runs exactly as pg_dump wrote it.
    // A small table gains nothing from parallel builds: one statement, as pg_dump wrote it.
    if (is_key && !table.is_small() && !constraint->unique_index_definition.empty() &&
        schema::split_statements(sql).size() == 1) {
      work.builds.push_back(constraint->unique_index_definition + ";");
      work.build_source_bytes.push_back(constraint->index_bytes);
      work.finishes.push_back("ALTER TABLE ONLY " + table.qualified_name + " ADD CONSTRAINT " +
                               constraint->quoted_name +
                               (constraint->kind == 'p' ? " PRIMARY KEY" : " UNIQUE") +
                               " USING INDEX " + constraint->quoted_name +
                               deferrable_clause(*constraint) + ";");
      ++m_plan.index_count;
    } else {
      work.finishes.push_back(sql);
    }
    work.names.push_back(entry.object);
    return true;
  }

  void add_foreign_key(const schema::TocEntry& entry, const std::string& sql) {
    const auto* constraint = find(m_objects, 'c', entry.catalog_oid);
    const auto index = table_of(constraint);
    ForeignKeyWork foreign_key{.name = entry.object, .add = sql, .validate = {}};
    // NOT VALID, then VALIDATE: the add is instant and the validations run in parallel under
    // a lighter lock. Only for plain tables (partitioned ones refuse NOT VALID keys), only if
    // the source's key is validated (else it stays NOT VALID, as pg_dump wrote it), and not
    // for a key referencing a partitioned table: VALIDATE marks the key but not the ones
    // PostgreSQL derives for each referenced partition (seen on 15), which stay NOT VALID.
    if (index && constraint->is_validated && !constraint->references_partitioned &&
        schema::split_statements(sql).size() == 1) {
      const auto& table = m_tables[*index];
      foreign_key.add = without_validation(sql);
      foreign_key.validate = "ALTER TABLE ONLY " + table.qualified_name + " VALIDATE CONSTRAINT " +
                             constraint->quoted_name + ";";
    }
    m_plan.foreign_keys.push_back(std::move(foreign_key));
  }

  const inspect::PostDataObjects& m_objects;
  const std::vector<model::TableInfo>& m_tables;
  std::unordered_map<std::uint32_t, std::size_t> m_table_by_oid;
  PostDataPlan m_plan;
};

}  // namespace

PostDataPlan plan_post_data(const std::vector<schema::TocEntry>& entries,
                            const schema::RestoreScript& script,
                            const inspect::PostDataObjects& objects,
                            const std::vector<model::TableInfo>& tables) {
  Planner planner(objects, tables);
  for (std::size_t index = 0; index < entries.size(); ++index) {
    planner.add(entries[index], script.sql[index]);
  }
  auto plan = planner.take();
  plan.preamble = script.preamble;
  return plan;
}

}  // namespace pgimport::pipeline
