// A branch's status as text: the JSON in the database comment, timestamps and ages.
#include <fmt/format.h>

#include <charconv>
#include <ctime>

#include "branch/branch.hpp"

namespace pgimport::branch {
namespace {

// Reads exactly `digits` decimal digits at `text[position]`, advancing `position`.
std::optional<int> read_number(std::string_view text, std::size_t& position, std::size_t digits) {
  if (position + digits > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  const char* first = text.data() + position;
  const auto [end, error] = std::from_chars(first, first + digits, value);
  if (error != std::errc() || end != first + digits) {
    return std::nullopt;
  }
  position += digits;
  return value;
}

bool expect(std::string_view text, std::size_t& position, std::string_view choices) {
  if (position < text.size() && choices.find(text[position]) != std::string_view::npos) {
    ++position;
    return true;
  }
  return false;
}

// "Z", "+01", "+05:30", "-0800" or nothing (UTC): the offset east of UTC, in seconds.
std::optional<long> read_offset(std::string_view text, std::size_t& position) {
  if (position == text.size()) {
    return 0L;
  }
  if (text[position] == 'Z' && position + 1 == text.size()) {
    ++position;
    return 0L;
  }
  const char sign = text[position];
  if (sign != '+' && sign != '-') {
    return std::nullopt;
  }
  ++position;
  const auto hours = read_number(text, position, 2);
  if (!hours) {
    return std::nullopt;
  }
  int minutes = 0;
  if (position < text.size()) {
    expect(text, position, ":");
    const auto read = read_number(text, position, 2);
    if (!read || position != text.size()) {
      return std::nullopt;
    }
    minutes = *read;
  }
  const long offset = *hours * 3600L + minutes * 60L;
  return sign == '-' ? -offset : offset;
}

std::string string_field(const nlohmann::json& object, const char* key) {
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::importing:
      return "importing";
    case Status::failed:
      return "failed";
    case Status::complete:
      return "complete";
  }
  return "unknown";
}

std::optional<Status> parse_status(std::string_view text) {
  for (const auto status : {Status::importing, Status::failed, Status::complete}) {
    if (text == to_string(status)) {
      return status;
    }
  }
  return std::nullopt;
}

std::string utc_timestamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec);
}

std::optional<std::chrono::system_clock::time_point> parse_timestamp(std::string_view text) {
  std::size_t position = 0;
  const auto year = read_number(text, position, 4);
  if (!year || !expect(text, position, "-")) {
    return std::nullopt;
  }
  const auto month = read_number(text, position, 2);
  if (!month || !expect(text, position, "-")) {
    return std::nullopt;
  }
  const auto day = read_number(text, position, 2);
  if (!day || !expect(text, position, "T ")) {
    return std::nullopt;
  }
  const auto hour = read_number(text, position, 2);
  if (!hour || !expect(text, position, ":")) {
    return std::nullopt;
  }
  const auto minute = read_number(text, position, 2);
  if (!minute || !expect(text, position, ":")) {
    return std::nullopt;
  }
  const auto second = read_number(text, position, 2);
  if (!second) {
    return std::nullopt;
  }
  if (expect(text, position, ".")) {  // fractions of a second do not matter for ages
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
      ++position;
    }
  }
  const auto offset = read_offset(text, position);
  if (!offset || *month < 1 || *month > 12 || *day < 1 || *day > 31 || *hour > 23 ||
      *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  std::tm parts{};
  parts.tm_year = *year - 1900;
  parts.tm_mon = *month - 1;
  parts.tm_mday = *day;
  parts.tm_hour = *hour;
  parts.tm_min = *minute;
  parts.tm_sec = *second;
  const std::time_t utc = timegm(&parts) - *offset;
  return std::chrono::system_clock::from_time_t(utc);
}

std::string format_age(std::chrono::seconds age) {
  const auto seconds = std::max<std::int64_t>(age.count(), 0);
  if (seconds < 60) {
    return fmt::format("{}s", seconds);
  }
  if (seconds < 3600) {
    return fmt::format("{}m", seconds / 60);
  }
  if (seconds < 86400) {
    return fmt::format("{}h", seconds / 3600);
  }
  return fmt::format("{}d", seconds / 86400);
}

namespace {

// Fields in a fixed order, status first: that is what a user reads first in `\l+`.
nlohmann::ordered_json ordered_json(const BranchStatus& status) {
  return {{"status", to_string(status.status)},
          {"source", status.source},
          {"source_database", status.source_database},
          {"snapshot_time", status.snapshot_time},
          {"started_at", status.started_at},
          {"finished_at", status.finished_at},
          {"pgimport_version", status.pgimport_version},
          {"message", status.message},
          {"importer_pid", status.importer_pid}};
}

}  // namespace

nlohmann::json to_json(const BranchStatus& status) { return nlohmann::json(ordered_json(status)); }

std::string status_comment(const BranchStatus& status) {
  // ensure_ascii: the comment reads the same whatever the database's encoding is.
  return std::string(k_status_comment_prefix) +
         ordered_json(status).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
}

std::optional<BranchStatus> parse_status_comment(std::string_view comment) {
  if (comment.substr(0, k_status_comment_prefix.size()) != k_status_comment_prefix) {
    return std::nullopt;
  }
  const auto object = nlohmann::json::parse(comment.substr(k_status_comment_prefix.size()),
                                            nullptr, /*allow_exceptions=*/false);
  BranchStatus status;
  if (!object.is_object()) {
    status.status = Status::failed;
    status.message = "the status in this database's comment cannot be read";
    return status;
  }
  const auto parsed = parse_status(string_field(object, "status"));
  status.status = parsed.value_or(Status::failed);
  status.source = string_field(object, "source");
  status.source_database = string_field(object, "source_database");
  status.snapshot_time = string_field(object, "snapshot_time");
  status.started_at = string_field(object, "started_at");
  status.finished_at = string_field(object, "finished_at");
  status.pgimport_version = string_field(object, "pgimport_version");
  status.message = string_field(object, "message");
  if (const auto pid = object.find("importer_pid"); pid != object.end() && pid->is_number_integer()) {
    status.importer_pid = pid->get<int>();
  }
  if (!parsed) {
    status.message = "unknown status \"" + string_field(object, "status") + "\" in this database's comment";
  }
  return status;
}

}  // namespace pgimport::branch
