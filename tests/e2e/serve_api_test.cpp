// The JSON API of `pgimport serve`, driven as curl would drive it: requests without the token,
// from another origin or host, or with malformed JSON get 4xx and change nothing; a whole
// connect / check / import / events / branches / verify round against a real cluster leaves
// no password in any response or log line.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/server.hpp"
#include "support/test_cluster.hpp"

namespace pgimport {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::TestCluster;

class ServeApi : public ::testing::Test {
 protected:
  void SetUp() override {
    m_server = std::make_unique<http::Server>(http::ServerOptions{
        .log = [this](std::string_view line) {
          const std::lock_guard lock(m_mutex);
          m_log += std::string(line) + "\n";
        }});
    m_thread = std::jthread([this] { m_server->run(); });
    m_client = std::make_unique<httplib::Client>("127.0.0.1", m_server->port());
    m_client->set_read_timeout(120, 0);
  }
  void TearDown() override {
    m_server->stop();
    m_thread.join();
  }

  httplib::Headers auth(httplib::Headers extra = {}) const {
    extra.emplace("Authorization", "Bearer " + m_server->token());
    return extra;
  }
  // A POST with the token; the body is sent as it is (it may be malformed on purpose).
  httplib::Result post(const std::string& path, const std::string& body,
                       httplib::Headers headers = {}, const std::string& type = "application/json") {
    auto result = m_client->Post(path.c_str(), auth(std::move(headers)), body, type.c_str());
    record(result);
    return result;
  }
  httplib::Result get(const std::string& path) {
    auto result = m_client->Get(path.c_str(), auth());
    record(result);
    return result;
  }
  json state() {
    auto result = get("/api/state");
    EXPECT_EQ(result->status, 200);
    return json::parse(result->body);
  }
  void record(const httplib::Result& result) {
    if (result) {
      m_bodies += result->body + "\n";
    }
  }
  std::string log() {
    const std::lock_guard lock(m_mutex);
    return m_log;
  }

  std::unique_ptr<http::Server> m_server;
  std::jthread m_thread;
  std::unique_ptr<httplib::Client> m_client;
  std::string m_bodies;  // every response body, for the password proof
  std::mutex m_mutex;
  std::string m_log;
};

TEST_F(ServeApi, RequestsWithoutTheRightTokenAreRefusedAndChangeNothing) {
  const std::string body = R"({"source":"postgresql://alice@127.0.0.1:1/shop","target":"postgresql://a@127.0.0.1:1/postgres"})";
  auto missing = m_client->Post("/api/connect", body, "application/json");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 401);
  EXPECT_NE(missing->body.find("access token"), std::string::npos) << missing->body;
  auto wrong = m_client->Post("/api/connect", {{"Authorization", "Bearer 0123"}}, body, "application/json");
  EXPECT_EQ(wrong->status, 401);
  auto page = m_client->Get("/");
  EXPECT_EQ(page->status, 401);
  EXPECT_EQ(m_client->Get("/api/branches")->status, 401);
  EXPECT_EQ(m_client->Post("/api/import", "{}", "application/json")->status, 401);
  EXPECT_TRUE(state()["connection"].is_null());
  EXPECT_TRUE(state()["import"].is_null());
}

TEST_F(ServeApi, ThePrintedUrlSetsACookieThatCarriesTheTokenFromThenOn) {
  EXPECT_NE(m_server->url().find("127.0.0.1"), std::string::npos);
  auto first = m_client->Get(("/?token=" + m_server->token()).c_str());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 303);
  EXPECT_EQ(first->get_header_value("Location"), "/");
  const auto cookie = first->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  auto page = m_client->Get("/", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("pgimport"), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);
}

TEST_F(ServeApi, RequestsFromAnotherOriginOrHostAreRefusedAndChangeNothing) {
  const std::string body = R"({"source":"postgresql://alice@127.0.0.1:1/shop","target":"postgresql://a@127.0.0.1:1/postgres"})";
  auto other_origin = post("/api/connect", body, {{"Origin", "http://evil.example"}});
  EXPECT_EQ(other_origin->status, 403);
  EXPECT_NE(other_origin->body.find("other origins"), std::string::npos);
  auto null_origin = post("/api/connect", body, {{"Origin", "null"}});
  EXPECT_EQ(null_origin->status, 403);
  auto rebound = post("/api/connect", body, {{"Host", "evil.example:" + std::to_string(m_server->port())}});
  EXPECT_EQ(rebound->status, 403);
  auto cross_site = post("/api/connect", body, {{"Sec-Fetch-Site", "cross-site"}});
  EXPECT_EQ(cross_site->status, 403);
  EXPECT_TRUE(state()["connection"].is_null());
  // The page's own origin is welcome.
  auto same = post("/api/connect", body,
                   {{"Origin", "http://127.0.0.1:" + std::to_string(m_server->port())}});
  EXPECT_EQ(same->status, 200) << same->body;
  EXPECT_EQ(state()["connection"]["source"], "postgresql://alice@127.0.0.1:1/shop");
}

TEST_F(ServeApi, MalformedRequestsAreRefusedWithAClearMessageAndChangeNothing) {
  EXPECT_EQ(post("/api/connect", "{\"source\": ")->status, 400);
  EXPECT_EQ(post("/api/connect", "[1, 2]")->status, 400);
  EXPECT_EQ(post("/api/connect", "source=x", {}, "application/x-www-form-urlencoded")->status, 415);
  EXPECT_EQ(post("/api/connect", "{\"source\": 42}")->status, 400);
  auto unknown = post("/api/connect", R"({"source":"host=x","sauce":1})");
  EXPECT_EQ(unknown->status, 400);
  EXPECT_NE(unknown->body.find("unknown field \\\"sauce\\\""), std::string::npos) << unknown->body;
  EXPECT_EQ(post("/api/connect", R"({"source":"postgresql://[bad"})")->status, 400);
  EXPECT_TRUE(state()["connection"].is_null());

  auto not_connected = post("/api/import", "{}");
  EXPECT_EQ(not_connected->status, 409);
  EXPECT_NE(not_connected->body.find("not connected"), std::string::npos);
  ASSERT_EQ(post("/api/connect", R"({"source":"postgresql://a@127.0.0.1:1/shop","target":"postgresql://b@127.0.0.1:1/x"})")->status, 200);
  EXPECT_EQ(post("/api/import", R"({"jobs": 0})")->status, 400);
  EXPECT_EQ(post("/api/import", R"({"jobs": "4"})")->status, 400);
  EXPECT_EQ(post("/api/import", R"({"verify": "some"})")->status, 400);
  EXPECT_EQ(post("/api/import", R"({"branch": "template1"})")->status, 400);
  EXPECT_EQ(post("/api/import", "{oops}")->status, 400);
  EXPECT_EQ(post("/api/branches/delete", R"({"branch": ""})")->status, 400);
  EXPECT_EQ(post("/api/import/cancel", "{}")->status, 409);
  EXPECT_TRUE(state()["import"].is_null());
  EXPECT_EQ(get("/api/nothing")->status, 404);
}

// Reads the whole event stream of the current import (it ends after the summary).
std::vector<json> read_events(httplib::Client& client, const httplib::Headers& headers,
                              std::string& raw) {
  std::vector<json> events;
  auto result = client.Get("/api/import/events", headers, [&](const char* data, std::size_t size) {
    raw.append(data, size);
    return true;
  });
  EXPECT_TRUE(result);
  for (std::size_t start = 0; (start = raw.find("data: ", start)) != std::string::npos;) {
    const auto end = raw.find('\n', start);
    events.push_back(json::parse(raw.substr(start + 6, end - start - 6)));
    start = end;
  }
  return events;
}

TEST_F(ServeApi, AWholeRoundLeavesNoPasswordInAnyResponseOrLogLine) {
  PGIMPORT_SHARED_CLUSTER(cluster, 15);
  cluster->recreate_database("api_shop");
  cluster->execute("api_shop", "CREATE TABLE items (id int PRIMARY KEY, name text);"
                               "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 500) g;");
  for (const auto* name : {"api_branch", "api_renamed"}) {
    cluster->execute("postgres", std::string("DROP DATABASE IF EXISTS ") + name);
  }
  const std::string wrong_password = "wrong-Secret-4711";
  auto bad_source = cluster->url("api_shop");
  bad_source.replace(bad_source.find(cluster->password()), cluster->password().size(), wrong_password);

  // A wrong password: the check fails, naming neither password.
  json connect{{"source", bad_source}, {"target", cluster->url()}};
  ASSERT_EQ(post("/api/connect", connect.dump())->status, 200);
  auto failed = json::parse(post("/api/check", "{}")->body);
  EXPECT_FALSE(failed["ok"].get<bool>()) << failed.dump();

  connect["source"] = cluster->url("api_shop");
  auto connected = post("/api/connect", connect.dump());
  ASSERT_EQ(connected->status, 200);
  EXPECT_EQ(json::parse(connected->body)["source"],
            "postgresql://postgres@127.0.0.1:" + std::to_string(cluster->port()) + "/api_shop?sslmode=disable");
  auto checked = json::parse(post("/api/check", "{}")->body);
  EXPECT_TRUE(checked["ok"].get<bool>()) << checked.dump();

  auto started = post("/api/import", R"({"branch":"api_branch","jobs":2,"verify":"full"})");
  ASSERT_EQ(started->status, 202) << started->body;
  std::string raw;
  const auto events = read_events(*m_client, auth(), raw);
  m_bodies += raw;
  ASSERT_FALSE(events.empty());
  const auto summary = json::parse(get("/api/import")->body)["summary"];
  ASSERT_EQ(summary["outcome"], "complete") << summary.dump();
  EXPECT_TRUE(summary["verification"]["differences"].empty());
  EXPECT_EQ(summary["rows"], 500);
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const json& event) {
    return event.value("event", "") == "summary";
  }));
  EXPECT_TRUE(std::any_of(events.begin(), events.end(), [](const json& event) {
    return event.value("event", "") == "table_done" && event.value("table", "") == "public.items";
  }));
  // A reload replays from the start; Last-Event-ID resumes after what it saw.
  std::string resumed;
  int last_seq = 0;
  for (const auto& event : events) {
    last_seq = std::max(last_seq, event.value("seq", 0));
  }
  auto after = auth({{"Last-Event-ID", std::to_string(last_seq - 1)}});
  const auto tail = read_events(*m_client, after, resumed);
  m_bodies += resumed;
  EXPECT_EQ(tail.front()["event"], "summary");
  EXPECT_EQ(tail.front()["seq"], last_seq);

  auto listed = json::parse(get("/api/branches")->body);
  EXPECT_TRUE(std::any_of(listed["branches"].begin(), listed["branches"].end(), [](const json& info) {
    return info["name"] == "api_branch" && info["status"] == "complete";
  })) << listed.dump();
  auto verified = post("/api/verify", R"({"branch":"api_branch","level":"full"})");
  ASSERT_EQ(verified->status, 200) << verified->body;
  EXPECT_TRUE(json::parse(verified->body)["differences"].empty());
  auto renamed = post("/api/branches/rename", R"({"branch":"api_branch","name":"api_renamed"})");
  ASSERT_EQ(renamed->status, 200) << renamed->body;
  EXPECT_TRUE(cluster->database_exists("api_renamed"));
  auto refused = post("/api/branches/delete", R"({"branch":"postgres"})");
  EXPECT_EQ(refused->status, 400) << refused->body;
  auto not_branch = post("/api/branches/delete", R"({"branch":"api_shop"})");
  EXPECT_EQ(not_branch->status, 409) << not_branch->body;
  EXPECT_TRUE(cluster->database_exists("api_shop"));
  ASSERT_EQ(post("/api/branches/delete", R"({"branch":"api_renamed"})")->status, 200);
  EXPECT_FALSE(cluster->database_exists("api_renamed"));
  m_bodies += get("/api/state")->body;

  for (const auto& secret : {cluster->password(), wrong_password}) {
    EXPECT_EQ(m_bodies.find(secret), std::string::npos) << "a password in a response";
    EXPECT_EQ(log().find(secret), std::string::npos) << "a password in the log";
  }
  EXPECT_NE(log().find("POST /api/import 202"), std::string::npos) << log();
}

}  // namespace
}  // namespace pgimport
