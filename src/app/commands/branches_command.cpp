// `pgimport branches list|promote|rename|delete`: the branches on a target, and what a user
// does with them once an import is done.
#include <fmt/format.h>

#include <algorithm>

#include "app/commands/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/target.hpp"
#include "branch/branch.hpp"
#include "util/units.hpp"

namespace pgimport::app {
namespace {

void require_name(const std::string& name, std::string_view what) {
  if (name.empty()) {
    throw UsageError(fmt::format("missing {}", what));
  }
  if (auto valid = branch::validate_branch_name(name); !valid) {
    throw UsageError(valid.error());
  }
}

void check_arguments(const BranchesOptions& options) {
  if (options.action == "list") {
    if (!options.branch.empty() || !options.name.empty()) {
      throw UsageError("`branches list` takes no branch name");
    }
    return;
  }
  require_name(options.branch, fmt::format("the name of the branch to {}", options.action));
  if (options.action == "promote") {
    require_name(options.name, "--as NAME: the name the promoted branch takes");
  } else if (options.action == "rename") {
    require_name(options.name, "NEW_NAME: the name the branch takes");
  } else if (!options.name.empty()) {
    throw UsageError(fmt::format("`branches {}` takes one branch name", options.action));
  }
  if (options.force && options.action != "promote") {
    throw UsageError("--force applies only to `branches promote`");
  }
}

std::optional<std::chrono::seconds> age_of(const branch::BranchInfo& info) {
  if (!info.status) {
    return std::nullopt;
  }
  const auto started = branch::parse_timestamp(info.status->started_at);
  if (!started) {
    return std::nullopt;
  }
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now() -
                                                          *started);
}

nlohmann::json to_json(const branch::BranchInfo& info) {
  auto object = info.status ? branch::to_json(*info.status) : nlohmann::json::object();
  object["name"] = info.name;
  object["size_bytes"] = info.size_bytes;
  const auto age = age_of(info);
  object["age_seconds"] = age ? nlohmann::json(age->count()) : nlohmann::json(nullptr);
  return object;
}

Colour status_colour(branch::Status status) {
  switch (status) {
    case branch::Status::complete:
      return Colour::green;
    case branch::Status::failed:
      return Colour::red;
    case branch::Status::importing:
      return Colour::yellow;
  }
  return Colour::none;
}

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) {
    text.append(width - text.size(), ' ');
  }
  return text;
}

void print_table(const std::vector<branch::BranchInfo>& branches, Output& output) {
  struct Row {
    std::string name, status, size, age, source, message;
    branch::Status state = branch::Status::failed;
  };
  std::vector<Row> rows;
  std::size_t name_width = 4;
  std::size_t size_width = 4;
  for (const auto& info : branches) {
    const auto age = age_of(info);
    Row row{.name = info.name,
            .status = info.status ? std::string(branch::to_string(info.status->status)) : "?",
            .size = util::format_bytes(info.size_bytes),
            .age = age ? branch::format_age(*age) : "?",
            .source = info.status ? info.status->source : "",
            .message = info.status ? info.status->message : ""};
    if (info.status) {
      row.state = info.status->status;
    }
    name_width = std::max(name_width, row.name.size());
    size_width = std::max(size_width, row.size.size());
    rows.push_back(std::move(row));
  }
  constexpr std::size_t k_status_width = 9;  // "importing"
  constexpr std::size_t k_age_width = 4;
  output.line(fmt::format("{}  {}  {:>{}}  {:>{}}  SOURCE", pad("NAME", name_width),
                          pad("STATUS", k_status_width), "SIZE", size_width, "AGE", k_age_width));
  for (const auto& row : rows) {
    output.line(fmt::format("{}  {}  {:>{}}  {:>{}}  {}", pad(row.name, name_width),
                            output.paint(pad(row.status, k_status_width), status_colour(row.state)),
                            row.size, size_width, row.age, k_age_width, row.source));
    if (!row.message.empty()) {
      output.line(fmt::format("{}  {}", std::string(name_width, ' '),
                              output.paint(row.message, Colour::dim)));
    }
  }
}

int list(pg::Connection& target, const pg::ConnInfo& info, Output& output) {
  const auto branches = branch::list_branches(target);
  if (output.is_json()) {
    auto array = nlohmann::json::array();
    for (const auto& each : branches) {
      array.push_back(to_json(each));
    }
    output.json({{"event", "branches"}, {"target", info.display()}, {"branches", array}});
  } else if (branches.empty()) {
    output.line("No pgimport branches on " + info.display() + ".");
  } else {
    print_table(branches, output);
  }
  return k_exit_ok;
}

int promote(pg::Connection& target, const BranchesOptions& options, Output& output) {
  const auto aside = branch::promote_branch(target, options.branch, options.name, options.force);
  output.json({{"event", "promoted"},
               {"branch", options.branch},
               {"as", options.name},
               {"previous", aside.empty() ? nlohmann::json(nullptr) : nlohmann::json(aside)}});
  if (aside.empty()) {
    output.line(fmt::format("Promoted \"{}\" to \"{}\".", options.branch, options.name));
  } else {
    output.line(fmt::format("Promoted \"{}\" to \"{}\"; the previous \"{}\" is now \"{}\".",
                            options.branch, options.name, options.name, aside));
  }
  return k_exit_ok;
}

int rename(pg::Connection& target, const BranchesOptions& options, Output& output) {
  branch::rename_branch(target, options.branch, options.name);
  output.json({{"event", "renamed"}, {"branch", options.branch}, {"name", options.name}});
  output.line(fmt::format("Renamed branch \"{}\" to \"{}\".", options.branch, options.name));
  return k_exit_ok;
}

int remove(pg::Connection& target, const BranchesOptions& options, Output& output) {
  branch::drop_branch(target, options.branch);
  output.json({{"event", "deleted"}, {"branch", options.branch}});
  output.line(fmt::format("Deleted branch \"{}\".", options.branch));
  return k_exit_ok;
}

}  // namespace

int run_branches(const GlobalOptions& global, const BranchesOptions& options, Output& output) {
  check_arguments(options);
  const auto info = resolve_target(options.target, global, output);
  try {
    auto target = branch::open_maintenance(info, {options.branch, options.name});
    if (options.action == "list") {
      return list(target, info, output);
    }
    if (options.action == "promote") {
      return promote(target, options, output);
    }
    if (options.action == "rename") {
      return rename(target, options, output);
    }
    return remove(target, options, output);
  } catch (const branch::BranchError& error) {
    output.error(error.what());
    return k_exit_failed;
  } catch (const pg::ConnectError& error) {
    output.error(error.failure().message, error.failure().hint);
    return k_exit_failed;
  } catch (const pg::Error& error) {
    // The server refused (permissions, prepared transactions...): its words say why.
    output.error(error.what());
    return k_exit_failed;
  }
}

}  // namespace pgimport::app
