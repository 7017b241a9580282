#include "http/server.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>

#include "branch/branch.hpp"
#include "check/checks.hpp"
#include "cluster/local_instance.hpp"
#include "http/import_job.hpp"
#include "http/json_views.hpp"
#include "http/web_assets.hpp"
#include "pg/connection.hpp"
#include "pg/redact.hpp"
#include "util/units.hpp"
#include "verify/verify.hpp"

namespace pgimport::http {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

constexpr std::size_t k_max_body_bytes = 1024 * 1024;
constexpr int k_max_jobs = 64;

// A refusal with its HTTP status: thrown by handlers, answered as {"error", "hint"}.
class HttpError : public std::runtime_error {
 public:
  HttpError(int status, std::string message, std::string hint = {})
      : std::runtime_error(std::move(message)), m_status(status), m_hint(std::move(hint)) {}
  int status() const noexcept { return m_status; }
  const std::string& hint() const noexcept { return m_hint; }

 private:
  int m_status;
  std::string m_hint;
};

std::string random_token() {
  std::random_device device;
  std::string token;
  for (int i = 0; i < 8; ++i) {
    token += fmt::format("{:08x}", device());
  }
  return token;
}

// Compares without stopping at the first difference, so timing tells nothing about the token.
bool same_secret(std::string_view given, std::string_view expected) {
  if (given.size() != expected.size()) {
    return false;
  }
  unsigned char difference = 0;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference = static_cast<unsigned char>(difference | (given[i] ^ expected[i]));
  }
  return difference == 0;
}

bool is_loopback(std::string_view host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.starts_with("127.");
}

std::string cookie_value(const httplib::Request& request, std::string_view name) {
  const auto header = request.get_header_value("Cookie");
  std::size_t start = 0;
  while (start < header.size()) {
    auto end = header.find(';', start);
    if (end == std::string::npos) {
      end = header.size();
    }
    auto part = std::string_view(header).substr(start, end - start);
    while (!part.empty() && part.front() == ' ') {
      part.remove_prefix(1);
    }
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    start = end + 1;
  }
  return {};
}

// Every string in `value` with the known secrets (and any URI password) masked: the last
// guard before a response leaves, whatever an engine message might have echoed.
void scrub(json& value, const std::vector<std::string>& secrets) {
  if (value.is_string()) {
    value = pg::redact(value.get<std::string>(), secrets);
  } else if (value.is_array() || value.is_object()) {
    for (auto& item : value) {
      scrub(item, secrets);
    }
  }
}

// Reads the fields of a JSON body, refusing unknown fields and wrong types.
class Fields {
 public:
  Fields(const json& body, std::initializer_list<std::string_view> allowed) : m_body(body) {
    for (const auto& [key, value] : body.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        throw HttpError(400, fmt::format("unknown field \"{}\"", key));
      }
    }
  }
  std::optional<std::string> text(const std::string& key) const {
    if (!m_body.contains(key) || m_body[key].is_null()) {
      return std::nullopt;
    }
    if (!m_body[key].is_string()) {
      throw HttpError(400, fmt::format("\"{}\" must be a string", key));
    }
    return m_body[key].get<std::string>();
  }
  std::string required_text(const std::string& key) const {
    auto value = text(key);
    if (!value || value->empty()) {
      throw HttpError(400, fmt::format("\"{}\" is required", key));
    }
    return *value;
  }
  bool flag(const std::string& key) const {
    if (!m_body.contains(key) || m_body[key].is_null()) {
      return false;
    }
    if (!m_body[key].is_boolean()) {
      throw HttpError(400, fmt::format("\"{}\" must be true or false", key));
    }
    return m_body[key].get<bool>();
  }
  std::optional<int> integer(const std::string& key, int min, int max) const {
    if (!m_body.contains(key) || m_body[key].is_null()) {
      return std::nullopt;
    }
    if (!m_body[key].is_number_integer() || m_body[key].get<std::int64_t>() < min ||
        m_body[key].get<std::int64_t>() > max) {
      throw HttpError(400, fmt::format("\"{}\" must be a whole number from {} to {}", key, min, max));
    }
    return static_cast<int>(m_body[key].get<std::int64_t>());
  }

 private:
  const json& m_body;
};

std::string branch_name_field(const Fields& fields, const std::string& key) {
  auto name = fields.required_text(key);
  if (auto valid = branch::validate_branch_name(name); !valid) {
    throw HttpError(400, valid.error());
  }
  return name;
}

struct Connected {
  pg::ConnInfo source;
  pg::ConnInfo target;  // a maintenance database on the target server
  bool is_local_target = false;

  std::vector<std::string> secrets() const {
    std::vector<std::string> known;
    for (const auto* info : {&source, &target}) {
      if (auto password = info->get("password"); password && !password->empty()) {
        known.push_back(*password);
      }
    }
    return known;
  }
  json to_json() const {
    return {{"source", source.display()},
            {"target", target.display()},
            {"target_is_local", is_local_target}};
  }
};


}  // namespace

class Server::Impl {
 public:
  explicit Impl(ServerOptions options);
  ~Impl() { stop(); }

  int port() const { return m_port; }
  const std::string& token() const { return m_token; }
  std::string url() const {
    const auto host = m_options.host.find(':') != std::string::npos ? "[" + m_options.host + "]"
                                                                     : m_options.host;
    return fmt::format("http://{}:{}/?token={}", host, m_port, m_token);
  }
  bool run() { return m_http.listen_after_bind(); }
  void stop();

 private:
  using Handler = std::function<json(const json& body, httplib::Response& response)>;
  using Query = std::function<json(const httplib::Request& request, httplib::Response& response)>;

  void log(std::string_view line) const {
    if (m_options.log) {
      m_options.log(pg::redact(line, secrets()));
    }
  }
  std::vector<std::string> secrets() const {
    const std::lock_guard lock(m_mutex);
    return m_connection ? m_connection->secrets() : std::vector<std::string>{};
  }
  std::string cookie_name() const { return fmt::format("pgimport_token_{}", m_port); }

  httplib::Server::HandlerResponse guard(const httplib::Request& request,
                                         httplib::Response& response);
  void reply(httplib::Response& response, int status, json body) const;
  void fail(httplib::Response& response, const std::exception_ptr& error) const;
  void get(const std::string& path, Query handler);
  void post(const std::string& path, Handler handler);
  void routes();

  Connected connection() const;
  std::shared_ptr<ImportJob> job() const {
    const std::lock_guard lock(m_mutex);
    return m_job;
  }
  json state() const;
  json connect(const json& body);
  json check(const json& body);
  json start_import(const json& body, httplib::Response& response);
  void stream_events(const httplib::Request& request, httplib::Response& response);
  json branches() const;
  json change_branch(const std::string& action, const json& body);
  json verify(const json& body) const;

  const ServerOptions m_options;
  const std::string m_token;
  httplib::Server m_http;
  int m_port = 0;
  std::atomic<bool> m_is_stopping{false};
  mutable std::mutex m_mutex;  // Guards everything below.
  std::optional<Connected> m_connection;
  std::shared_ptr<ImportJob> m_job;
  std::uint64_t m_next_job_id = 1;
};

Server::Impl::Impl(ServerOptions options)
    : m_options(std::move(options)),
      m_token(m_options.token.empty() ? random_token() : m_options.token) {
  m_http.new_task_queue = [] { return new httplib::ThreadPool(16); };
  m_http.set_payload_max_length(k_max_body_bytes);
  m_http.set_default_headers({{"Cache-Control", "no-store"},
                              {"X-Content-Type-Options", "nosniff"},
                              {"X-Frame-Options", "DENY"},
                              {"Referrer-Policy", "no-referrer"},
                              {"Content-Security-Policy",
                               "default-src 'self'; frame-ancestors 'none'; form-action 'none'"}});
  m_http.set_pre_routing_handler(
      [this](const httplib::Request& request, httplib::Response& response) {
        return guard(request, response);
      });
  m_http.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    // The path only: the query may hold the token.
    log(fmt::format("{} {} {}", request.method, request.path, response.status));
  });
  m_http.set_error_handler([this](const httplib::Request&, httplib::Response& response) {
    if (response.body.empty()) {
      reply(response, response.status,
            {{"error", response.status == 404 ? "no such page or endpoint" : "request refused"}});
    }
  });
  m_http.set_exception_handler(
      [this](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
        fail(response, error);
      });
  routes();
  m_port = m_options.port == 0 ? m_http.bind_to_any_port(m_options.host)
                               : (m_http.bind_to_port(m_options.host, m_options.port) ? m_options.port : -1);
  if (m_port <= 0) {
    throw std::runtime_error(fmt::format("cannot listen on {}:{} (address in use, or not an address "
                                         "of this machine)", m_options.host, m_options.port));
  }
}

void Server::Impl::stop() {
  if (m_is_stopping.exchange(true)) {
    return;
  }
  if (auto running = job()) {
    running->cancel();
    running->wake_all();
  }
  m_http.stop();
  // Waits for a cancelled import to mark its branch failed and close its sessions.
  std::shared_ptr<ImportJob> last;
  {
    const std::lock_guard lock(m_mutex);
    last = std::move(m_job);
  }
  last.reset();
}

httplib::Server::HandlerResponse Server::Impl::guard(const httplib::Request& request,
                                                     httplib::Response& response) {
  using Outcome = httplib::Server::HandlerResponse;
  const auto host_header = request.get_header_value("Host");
  if (is_loopback(m_options.host)) {
    // DNS rebinding: a page from elsewhere that resolves its name to 127.0.0.1 still sends
    // its own name as Host.
    const auto port = fmt::format(":{}", m_port);
    const bool is_ours = host_header == "127.0.0.1" + port || host_header == "localhost" + port ||
                         host_header == "[::1]" + port || host_header == m_options.host + port;
    if (!is_ours) {
      reply(response, 403, {{"error", "this server answers only to its own loopback address"},
                            {"hint", "open the URL that `pgimport serve` printed"}});
      return Outcome::Handled;
    }
  }
  if (request.has_header("Origin") && request.get_header_value("Origin") != "http://" + host_header) {
    reply(response, 403, {{"error", "requests from other origins are refused"}});
    return Outcome::Handled;
  }
  if (request.get_header_value("Sec-Fetch-Site") == "cross-site") {
    reply(response, 403, {{"error", "requests from other sites are refused"}});
    return Outcome::Handled;
  }
  const auto authorization = request.get_header_value("Authorization");
  const bool by_header = authorization.starts_with("Bearer ") &&
                         same_secret(std::string_view(authorization).substr(7), m_token);
  const bool by_query = same_secret(request.get_param_value("token"), m_token);
  const bool by_cookie = same_secret(cookie_value(request, cookie_name()), m_token);
  if (!by_header && !by_query && !by_cookie) {
    reply(response, 401, {{"error", "missing or wrong access token"},
                          {"hint", "open the URL that `pgimport serve` printed (it carries the "
                                   "token), or send `Authorization: Bearer TOKEN`"}});
    return Outcome::Handled;
  }
  if (by_query && request.method == "GET" && (request.path == "/" || request.path == "/index.html")) {
    // The printed URL: keep the token in a cookie the page's scripts cannot read, and take
    // it out of the address bar (and so out of the browser's history).
    response.set_header("Set-Cookie", fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict",
                                                  cookie_name(), m_token));
    response.set_redirect("/", 303);
    return Outcome::Handled;
  }
  return Outcome::Unhandled;
}

void Server::Impl::reply(httplib::Response& response, int status, json body) const {
  scrub(body, secrets());
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

void Server::Impl::fail(httplib::Response& response, const std::exception_ptr& error) const {
  try {
    std::rethrow_exception(error);
  } catch (const HttpError& refused) {
    json body{{"error", refused.what()}};
    if (!refused.hint().empty()) {
      body["hint"] = refused.hint();
    }
    reply(response, refused.status(), body);
  } catch (const branch::BranchError& refused) {
    reply(response, 409, {{"error", refused.what()}});
  } catch (const pg::ConnectError& failed) {
    reply(response, 502, {{"error", failed.failure().message}, {"hint", failed.failure().hint}});
  } catch (const pg::Error& failed) {
    reply(response, 502, {{"error", failed.what()}});
  } catch (const std::exception& failed) {
    reply(response, 500, {{"error", failed.what()}});
  } catch (...) {
    reply(response, 500, {{"error", "unexpected error"}});
  }
}

void Server::Impl::get(const std::string& path, Query handler) {
  m_http.Get(path, [this, handler = std::move(handler)](const httplib::Request& request,
                                                         httplib::Response& response) {
    try {
      reply(response, response.status == -1 ? 200 : response.status, handler(request, response));
    } catch (...) {
      fail(response, std::current_exception());
    }
  });
}

void Server::Impl::post(const std::string& path, Handler handler) {
  m_http.Post(path, [this, handler = std::move(handler)](const httplib::Request& request,
                                                          httplib::Response& response) {
    try {
      // Only JSON: an HTML form (another site's, or a forged one) cannot send it.
      const auto type = request.get_header_value("Content-Type");
      if (!type.starts_with("application/json")) {
        throw HttpError(415, "send a JSON body with Content-Type: application/json");
      }
      const auto body = request.body.empty() ? json::object()
                                             : json::parse(request.body, nullptr, false);
      if (body.is_discarded() || !body.is_object()) {
        throw HttpError(400, "the body is not a JSON object");
      }
      response.status = 200;
      auto answer = handler(body, response);
      reply(response, response.status, std::move(answer));
    } catch (...) {
      fail(response, std::current_exception());
    }
  });
}

void Server::Impl::routes() {
  for (const auto& asset : web_assets()) {
    const auto serve = [&asset](const httplib::Request&, httplib::Response& response) {
      response.set_content(std::string(asset.content), std::string(asset.content_type).c_str());
    };
    m_http.Get(std::string(asset.path), serve);
    if (asset.path == "/index.html") {
      m_http.Get("/", serve);
    }
  }
  get("/api/state", [this](const httplib::Request&, httplib::Response&) { return state(); });
  post("/api/connect", [this](const json& body, httplib::Response&) { return connect(body); });
  post("/api/check", [this](const json& body, httplib::Response&) { return check(body); });
  post("/api/import", [this](const json& body, httplib::Response& response) {
    return start_import(body, response);
  });
  get("/api/import", [this](const httplib::Request&, httplib::Response&) {
    auto current = job();
    if (!current) {
      throw HttpError(404, "no import has been started");
    }
    return current->status_json();
  });
  m_http.Get("/api/import/events", [this](const httplib::Request& request, httplib::Response& response) {
    try {
      stream_events(request, response);
    } catch (...) {
      fail(response, std::current_exception());
    }
  });
  post("/api/import/cancel", [this](const json& body, httplib::Response& response) {
    Fields(body, {});
    auto current = job();
    if (!current || !current->cancel()) {
      throw HttpError(409, "no import is running");
    }
    response.status = 202;
    return current->status_json();
  });
  get("/api/branches", [this](const httplib::Request&, httplib::Response&) { return branches(); });
  for (const std::string action : {"promote", "rename", "delete"}) {
    post("/api/branches/" + action, [this, action](const json& body, httplib::Response&) {
      return change_branch(action, body);
    });
  }
  post("/api/verify", [this](const json& body, httplib::Response&) { return verify(body); });
}

Connected Server::Impl::connection() const {
  const std::lock_guard lock(m_mutex);
  if (!m_connection) {
    throw HttpError(409, "not connected", "POST /api/connect with the source (and target) first");
  }
  return *m_connection;
}

json Server::Impl::state() const {
  const std::lock_guard lock(m_mutex);
  return {{"version", PGIMPORT_VERSION},
          {"connection", m_connection ? m_connection->to_json() : json(nullptr)},
          {"import", m_job ? m_job->status_json() : json(nullptr)}};
}

json Server::Impl::connect(const json& body) {
  const Fields fields(body, {"source", "target"});
  const auto source_text = fields.required_text("source");
  const auto target_text = fields.text("target").value_or("");
  auto source = pg::ConnInfo::parse(source_text);
  if (!source) {
    throw HttpError(400, "source: " + pg::redact(source.error()));
  }
  Connected connected{.source = *source};
  if (target_text.empty()) {
    // No target: the local PostgreSQL that pgimport runs (started here if needed).
    auto instance = cluster::LocalInstance::select(0, m_options.pg_bin_dirs);
    connected.target = instance.ensure_running();
    connected.is_local_target = true;
  } else {
    auto target = pg::ConnInfo::parse(target_text);
    if (!target) {
      throw HttpError(400, "target: " + pg::redact(target.error()));
    }
    connected.target = target->get("dbname") ? *target : target->with_database("postgres");
  }
  log(fmt::format("connected: {} into {}", connected.source.display(), connected.target.display()));
  const std::lock_guard lock(m_mutex);
  m_connection = connected;
  return connected.to_json();
}

json Server::Impl::check(const json& body) {
  const Fields fields(body, {"max_size"});
  const auto connected = connection();
  check::CheckInputs inputs{.source = connected.source, .target = connected.target};
  if (auto max_size = fields.text("max_size"); max_size && !max_size->empty()) {
    inputs.max_size_bytes = util::parse_size(*max_size);
    if (!inputs.max_size_bytes) {
      throw HttpError(400, "\"max_size\" must be a size such as 10GB");
    }
  }
  inputs.pg_bin_dirs = m_options.pg_bin_dirs;
  const auto report = check::run_checks(inputs);
  auto answer = check::to_json(report);
  answer["source"] = connected.source.display();
  answer["target"] = connected.target.display();
  log(fmt::format("checks: {}", report.has_failures() ? "something failed" : "nothing failed"));
  return answer;
}

json Server::Impl::start_import(const json& body, httplib::Response& response) {
  const Fields fields(body, {"branch", "jobs", "keep_owners", "keep_privileges", "verify",
                             "drop_on_failure"});
  pipeline::ImportSettings settings;
  if (auto name = fields.text("branch"); name && !name->empty()) {
    if (auto valid = branch::validate_branch_name(*name); !valid) {
      throw HttpError(400, valid.error());
    }
    settings.branch_name = *name;
  }
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  settings.jobs = fields.integer("jobs", 1, k_max_jobs).value_or(std::min(cores, 4));
  settings.index_jobs = settings.jobs;
  settings.keep_owners = fields.flag("keep_owners");
  settings.keep_privileges = fields.flag("keep_privileges");
  settings.drop_on_failure = fields.flag("drop_on_failure");
  const auto level = fields.text("verify").value_or("counts");
  if (level != "none" && level != "counts" && level != "full") {
    throw HttpError(400, "\"verify\" must be none, counts or full");
  }
  settings.verify = level == "none"   ? pipeline::VerifyLevel::none
                    : level == "full" ? pipeline::VerifyLevel::full
                                      : pipeline::VerifyLevel::counts;
  settings.pg_bin_dirs = m_options.pg_bin_dirs;
  const auto connected = connection();
  settings.source = connected.source;
  settings.target = connected.target;

  const std::lock_guard lock(m_mutex);
  if (m_is_stopping) {
    throw HttpError(503, "the server is stopping");
  }
  if (m_job && m_job->is_running()) {
    throw HttpError(409,
                    fmt::format("an import is already running (import {}): pgimport serve runs one "
                                "import at a time and does not queue them",
                                m_job->id()),
                    "wait for it to finish, or cancel it");
  }
  m_job.reset();  // the previous, finished one
  m_job = std::make_shared<ImportJob>(m_next_job_id++, std::move(settings),
                                      [this](std::string_view line) { log(line); });
  response.status = 202;
  return m_job->status_json();
}

// Server-sent events: every event of the import from `after` on (a reloaded page replays them
// all), then live ones, with a progress sample at least every half second, until the summary.
void Server::Impl::stream_events(const httplib::Request& request, httplib::Response& response) {
  auto current = job();
  if (!current) {
    throw HttpError(404, "no import has been started");
  }
  std::uint64_t after = 0;
  const auto resume = request.has_header("Last-Event-ID") ? request.get_header_value("Last-Event-ID")
                                                          : request.get_param_value("after");
  if (!resume.empty()) {
    try {
      after = std::stoull(resume);
    } catch (const std::exception&) {
      throw HttpError(400, "\"after\" must be an event number");
    }
  }
  const auto secrets_now = secrets();
  response.set_chunked_content_provider(
      "text/event-stream",
      [this, current, after, secrets_now](std::size_t, httplib::DataSink& sink) mutable {
        if (m_is_stopping) {
          sink.done();
          return true;
        }
        const auto batch = current->events_after(after, 500ms);
        std::string text;
        for (auto event : batch.events) {
          after = event["seq"].get<std::uint64_t>();
          scrub(event, secrets_now);
          text += fmt::format("id: {}\ndata: {}\n\n", after, event.dump());
        }
        text += fmt::format("data: {}\n\n", current->progress_json().dump());
        if (!sink.write(text.data(), text.size())) {
          return false;
        }
        if (batch.is_finished) {
          sink.done();
        }
        return true;
      });
}

json Server::Impl::branches() const {
  const auto connected = connection();
  auto target = branch::open_maintenance(connected.target, {});
  auto list = json::array();
  for (const auto& info : branch::list_branches(target)) {
    list.push_back(branch_json(info));
  }
  return {{"target", connected.target.display()}, {"branches", list}};
}

json Server::Impl::change_branch(const std::string& action, const json& body) {
  const auto connected = connection();
  if (action == "promote") {
    const Fields fields(body, {"branch", "as", "force"});
    const auto name = branch_name_field(fields, "branch");
    const auto as = branch_name_field(fields, "as");
    auto target = branch::open_maintenance(connected.target, {name, as});
    const auto aside = branch::promote_branch(target, name, as, fields.flag("force"));
    log(fmt::format("promoted {} to {}", name, as));
    return {{"branch", name}, {"as", as}, {"previous", aside.empty() ? json(nullptr) : json(aside)},
            {"url", connected.target.with_database(as).display()}};
  }
  const Fields fields(body, action == "rename" ? std::initializer_list<std::string_view>{"branch", "name"}
                                               : std::initializer_list<std::string_view>{"branch"});
  const auto name = branch_name_field(fields, "branch");
  const auto new_name = action == "rename" ? branch_name_field(fields, "name") : std::string();
  auto target = branch::open_maintenance(connected.target, {name, new_name});
  if (const auto status = branch::read_status(target, name);
      status && status->status == branch::Status::importing) {
    if (auto current = job(); current && current->is_running()) {
      throw HttpError(409, fmt::format("branch \"{}\" is being imported right now", name),
                      "cancel the import first");
    }
  }
  if (action == "rename") {
    branch::rename_branch(target, name, new_name);
    log(fmt::format("renamed {} to {}", name, new_name));
    return {{"branch", name}, {"name", new_name},
            {"url", connected.target.with_database(new_name).display()}};
  }
  branch::drop_branch(target, name);
  log(fmt::format("deleted {}", name));
  return {{"branch", name}, {"deleted", true}};
}

json Server::Impl::verify(const json& body) const {
  const Fields fields(body, {"branch", "level"});
  const auto name = branch_name_field(fields, "branch");
  const auto level = fields.text("level").value_or("counts");
  if (level != "counts" && level != "full") {
    throw HttpError(400, "\"level\" must be counts or full");
  }
  const auto connected = connection();
  verify::VerifyInputs inputs{.source = connected.source,
                              .branch = connected.target.with_database(name),
                              .level = level == "full" ? verify::Level::full : verify::Level::counts};
  auto answer = verify::to_json(verify::verify_branch(inputs));
  answer["branch"] = name;
  return answer;
}

Server::Server(ServerOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {}
Server::~Server() = default;
int Server::port() const { return m_impl->port(); }
const std::string& Server::token() const { return m_impl->token(); }
std::string Server::url() const { return m_impl->url(); }
bool Server::run() { return m_impl->run(); }
void Server::stop() { m_impl->stop(); }

}  // namespace pgimport::http
