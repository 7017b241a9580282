#include "pg/conninfo.hpp"

#include <libpq-fe.h>

#include <array>
#include <charconv>
#include <memory>

#include "pg/redact.hpp"
#include "util/text.hpp"

namespace pgimport::pg {
namespace {

struct OptionsDeleter {
  void operator()(PQconninfoOption* options) const noexcept { PQconninfoFree(options); }
};
using OptionsPtr = std::unique_ptr<PQconninfoOption, OptionsDeleter>;

// libpq's defaults including PG* environment variables, read once per call.
std::optional<std::string> libpq_default(const std::string& keyword) {
  const OptionsPtr defaults(PQconndefaults());
  for (auto* option = defaults.get(); option != nullptr && option->keyword != nullptr; ++option) {
    if (keyword == option->keyword && option->val != nullptr) {
      return std::string(option->val);
    }
  }
  return std::nullopt;
}

bool is_valid_port_list(std::string_view ports) {
  for (const auto& port : util::split(ports, ',')) {
    int value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || error != std::errc{} || end != port.data() + port.size() || value < 1 ||
        value > 65535) {
      return false;
    }
  }
  return true;
}

tl::expected<void, std::string> validate(const std::map<std::string, std::string>& keywords) {
  if (const auto port = keywords.find("port"); port != keywords.end()) {
    if (!is_valid_port_list(port->second)) {
      return tl::unexpected("invalid port \"" + port->second + "\": use a number from 1 to 65535");
    }
  }
  if (const auto mode = keywords.find("sslmode"); mode != keywords.end()) {
    static constexpr std::array<std::string_view, 6> k_modes{
        "disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
    if (std::find(k_modes.begin(), k_modes.end(), mode->second) == k_modes.end()) {
      return tl::unexpected("invalid sslmode \"" + mode->second +
                            "\": use disable, allow, prefer, require, verify-ca or verify-full");
    }
  }
  if (const auto binding = keywords.find("channel_binding"); binding != keywords.end()) {
    if (binding->second != "disable" && binding->second != "prefer" &&
        binding->second != "require") {
      return tl::unexpected("invalid channel_binding \"" + binding->second +
                            "\": use disable, prefer or require");
    }
  }
  if (const auto timeout = keywords.find("connect_timeout"); timeout != keywords.end()) {
    int value = 0;
    const auto& text = timeout->second;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < 0) {
      return tl::unexpected("invalid connect_timeout \"" + text + "\": use whole seconds");
    }
  }
  return {};
}

// Percent-encodes a URI component.
std::string uri_encode(std::string_view text) {
  static constexpr std::string_view k_hex = "0123456789ABCDEF";
  std::string encoded;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += c;
    } else {
      encoded += '%';
      encoded += k_hex[byte >> 4U];
      encoded += k_hex[byte & 15U];
    }
  }
  return encoded;
}

// Quotes a value for a key=value connection string.
std::string quote_value(std::string_view value) {
  std::string quoted = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') {
      quoted += '\\';
    }
    quoted += c;
  }
  return quoted + "'";
}

}  // namespace

tl::expected<ConnInfo, std::string> ConnInfo::parse(std::string_view text) {
  const std::string input(util::trim(text));
  ConnInfo info;
  if (input.empty()) {
    return info;
  }
  char* error = nullptr;
  const OptionsPtr options(PQconninfoParse(input.c_str(), &error));
  if (!options) {
    std::string message = error != nullptr ? std::string(util::trim(error)) : "out of memory";
    PQfreemem(error);
    // libpq may echo a fragment of the input back: never let a password through.
    return tl::unexpected("invalid connection string: " + redact(message));
  }
  for (auto* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val != nullptr) {
      info.m_keywords[option->keyword] = option->val;
    }
  }
  if (auto valid = validate(info.m_keywords); !valid) {
    return tl::unexpected(valid.error());
  }
  return info;
}

ConnInfo ConnInfo::from_keywords(std::map<std::string, std::string> keywords) {
  ConnInfo info;
  info.m_keywords = std::move(keywords);
  return info;
}

std::optional<std::string> ConnInfo::get(const std::string& keyword) const {
  if (const auto found = m_keywords.find(keyword); found != m_keywords.end()) {
    return found->second;
  }
  return std::nullopt;
}

void ConnInfo::set(const std::string& keyword, std::string value) {
  m_keywords[keyword] = std::move(value);
}

ConnInfo ConnInfo::with_database(std::string database) const {
  ConnInfo copy = *this;
  copy.m_keywords["dbname"] = std::move(database);
  return copy;
}

std::string ConnInfo::host() const {
  if (auto value = get("host"); value && !value->empty()) {
    return *value;
  }
  if (auto value = get("hostaddr"); value && !value->empty()) {
    return *value;
  }
  return libpq_default("host").value_or("/var/run/postgresql");
}

namespace {

bool is_this_machine(std::string_view host) {
  return host.starts_with('/') || host.starts_with('@') || host == "localhost" ||
         host.starts_with("127.") || host == "::1";
}

}  // namespace

bool ConnInfo::is_on_this_machine() const {
  auto hosts = get("hostaddr").value_or("");
  if (hosts.empty()) {
    hosts = host();
  }
  std::string_view rest = hosts;
  while (true) {
    const auto comma = rest.find(',');
    if (!is_this_machine(rest.substr(0, comma))) {
      return false;
    }
    if (comma == std::string_view::npos) {
      return true;
    }
    rest.remove_prefix(comma + 1);
  }
}

std::string ConnInfo::port() const {
  if (auto value = get("port"); value && !value->empty()) {
    return *value;
  }
  return libpq_default("port").value_or("5432");
}

std::string ConnInfo::user() const {
  if (auto value = get("user"); value && !value->empty()) {
    return *value;
  }
  return libpq_default("user").value_or("");
}

std::string ConnInfo::database() const {
  if (auto value = get("dbname"); value && !value->empty()) {
    return *value;
  }
  if (auto value = libpq_default("dbname"); value && !value->empty()) {
    return *value;
  }
  return user();
}

std::string ConnInfo::password() const {
  if (auto value = get("password")) {
    return *value;
  }
  return libpq_default("password").value_or("");
}

std::vector<std::pair<std::string, std::string>> ConnInfo::libpq_params() const {
  std::vector<std::pair<std::string, std::string>> params(m_keywords.begin(), m_keywords.end());
  const auto add_default = [&](const std::string& keyword, const char* environment_variable,
                               std::string value) {
    if (m_keywords.count(keyword) == 0 &&
        (environment_variable == nullptr || std::getenv(environment_variable) == nullptr)) {
      params.emplace_back(keyword, std::move(value));
    }
  };
  add_default("connect_timeout", "PGCONNECT_TIMEOUT", "10");
  add_default("fallback_application_name", nullptr, "pgimport");
  add_default("keepalives", nullptr, "1");
  add_default("keepalives_idle", nullptr, "30");
  add_default("keepalives_interval", nullptr, "10");
  add_default("keepalives_count", nullptr, "3");
  return params;
}

std::string ConnInfo::to_keyword_string_without_password() const {
  std::vector<std::string> parts;
  for (const auto& [keyword, value] : libpq_params()) {
    if (keyword != "password") {
      parts.push_back(keyword + "=" + quote_value(value));
    }
  }
  return util::join(parts, " ");
}

std::vector<std::string> ConnInfo::environment_for_child() const {
  if (auto value = get("password")) {
    return {"PGPASSWORD=" + *value};
  }
  return {};
}

std::string ConnInfo::display() const {
  std::string host = this->host();
  const bool is_socket = !host.empty() && host.front() == '/';
  if (util::contains(host, ":") && !util::contains(host, ",")) {
    host = "[" + host + "]";  // an IPv6 literal
  }
  std::string uri = "postgresql://";
  if (const auto user = this->user(); !user.empty()) {
    uri += uri_encode(user) + "@";
  }
  if (!is_socket) {
    uri += host + ":" + port();
  }
  uri += "/" + uri_encode(database());
  std::vector<std::string> query;
  if (is_socket) {
    query.push_back("host=" + uri_encode(host));
    query.push_back("port=" + port());
  }
  for (const auto& [keyword, value] : m_keywords) {
    if (keyword != "password" && keyword != "host" && keyword != "hostaddr" && keyword != "port" &&
        keyword != "user" && keyword != "dbname") {
      query.push_back(keyword + "=" + uri_encode(value));
    }
  }
  if (!query.empty()) {
    uri += "?" + util::join(query, "&");
  }
  return uri;
}

}  // namespace pgimport::pg
