#include "verify/compare.hpp"

#include <cctype>

namespace pgimport::verify {

std::string collapse_whitespace(std::string_view text) {
  std::string result;
  result.reserve(text.size());
  bool is_pending_space = false;
  for (const char character : text) {
    if (std::isspace(static_cast<unsigned char>(character)) != 0) {
      is_pending_space = !result.empty();
      continue;
    }
    if (is_pending_space) {
      result.push_back(' ');
      is_pending_space = false;
    }
    result.push_back(character);
  }
  return result;
}

bool definitions_match(std::string_view source, std::string_view branch, bool is_same_major) {
  if (source == branch) {
    return true;
  }
  return !is_same_major && collapse_whitespace(source) == collapse_whitespace(branch);
}

namespace {

// Calls `visit(key, source definition, branch definition)` once for each (kind, object) key of
// either inventory, in order, with nullptr for the side that lacks it. Both maps are ordered
// by key: they are walked side by side.
template <typename Visit>
void walk_side_by_side(const Inventory& source, const Inventory& branch, Visit visit) {
  auto source_it = source.begin();
  auto branch_it = branch.begin();
  while (source_it != source.end() || branch_it != branch.end()) {
    if (branch_it == branch.end() || (source_it != source.end() && source_it->first < branch_it->first)) {
      visit(source_it->first, &source_it->second, nullptr);
      ++source_it;
    } else if (source_it == source.end() || branch_it->first < source_it->first) {
      visit(branch_it->first, nullptr, &branch_it->second);
      ++branch_it;
    } else {
      visit(source_it->first, &source_it->second, &branch_it->second);
      ++source_it;
      ++branch_it;
    }
  }
}

}  // namespace

std::vector<Difference> compare_inventories(const Inventory& source, const Inventory& branch,
                                            bool is_same_major) {
  std::vector<Difference> differences;
  walk_side_by_side(source, branch, [&](const Inventory::key_type& key, const std::string* source_definition,
                                        const std::string* branch_definition) {
    if (source_definition != nullptr && branch_definition != nullptr &&
        definitions_match(*source_definition, *branch_definition, is_same_major)) {
      return;
    }
    differences.push_back({key.first, key.second, source_definition != nullptr ? *source_definition : "",
                           branch_definition != nullptr ? *branch_definition : ""});
  });
  return differences;
}

int count_objects(const Inventory& source, const Inventory& branch) {
  int count = 0;  // a key on both sides counts once
  walk_side_by_side(source, branch, [&](const Inventory::key_type&, const std::string*, const std::string*) {
    ++count;
  });
  return count;
}

std::optional<Difference> compare_table(const std::string& object, const TableSide& source,
                                        const TableSide& branch) {
  if (source.rows != branch.rows) {
    return Difference{"rows", object, std::to_string(source.rows), std::to_string(branch.rows)};
  }
  return std::nullopt;
}

std::optional<std::uint64_t> find_known_rows(const std::map<std::string, std::uint64_t>& known,
                                             const std::string& schema, const std::string& table,
                                             const std::string& quoted_object) {
  if (const auto it = known.find(quoted_object); it != known.end()) {
    return it->second;
  }
  if (const auto it = known.find(schema + "." + table); it != known.end()) {
    return it->second;
  }
  return std::nullopt;
}

namespace {

// "version 1.3 in schema public" (the extension inventory's definition) -> {"1.3", "public"}.
std::optional<std::pair<std::string, std::string>> version_and_schema(std::string_view definition) {
  constexpr std::string_view k_version = "version ";
  constexpr std::string_view k_schema = " in schema ";
  const auto schema_at = definition.find(k_schema);
  if (!definition.starts_with(k_version) || schema_at == std::string_view::npos) {
    return std::nullopt;
  }
  return std::pair{std::string(definition.substr(k_version.size(), schema_at - k_version.size())),
                   std::string(definition.substr(schema_at + k_schema.size()))};
}

}  // namespace

std::optional<ExtensionVersions> extension_version_change(const Difference& difference) {
  if (difference.kind != "extension") {
    return std::nullopt;
  }
  const auto source = version_and_schema(difference.source);
  const auto branch = version_and_schema(difference.branch);
  if (!source || !branch || source->second != branch->second || source->first == branch->first) {
    return std::nullopt;
  }
  return ExtensionVersions{source->first, branch->first};
}

}  // namespace pgimport::verify
