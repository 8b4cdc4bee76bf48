// `dossier feeds ...` and `dossier watch` end to end against the loopback feed server:
// subscriptions, polling, conditional requests, faults, duplicates, signals and kill -9.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <chrono>
#include <sstream>
#include <thread>

#include "graph/store.h"
#include "tests/feeds/feed_server.h"
#include "tests/support.h"

using namespace dossier;
using dossier::test::FeedServer;
using dossier::test::runDossier;
using dossier::test::TempDir;

namespace {

uint64_t storedArticles(const std::string& db) {
  return Store::open(db, {.readOnly = true})->counts().articles;
}

// Quick failures for the faults: short timeouts, one retry, small limits.
const char* kFastPoll = "--timeout 1 --connect-timeout 1 --retries 1 --backoff-ms 20";

void addFeed(const TempDir& tmp, const std::string& db, const std::string& url) {
  auto r = runDossier(fmt::format("feeds add --db {} '{}'", db, url), tmp);
  REQUIRE(r.exitCode == 0);
}

// Subscribes to all of `urls` in one command (through an OPML file).
void subscribe(const TempDir& tmp, const std::string& db, const std::vector<std::string>& urls) {
  std::string opml = "<opml version=\"2.0\"><body>\n";
  for (const auto& url : urls) {
    std::string escaped;
    for (char c : url) escaped += c == '&' ? std::string("&amp;") : std::string(1, c);
    opml += "<outline type=\"rss\" text=\"\" xmlUrl=\"" + escaped + "\"/>\n";
  }
  test::writeFile(tmp / "subscribe.opml", opml + "</body></opml>\n");
  auto r = runDossier(fmt::format("feeds import-opml --db {} {}", db, tmp / "subscribe.opml"), tmp);
  REQUIRE(r.exitCode == 0);
}

std::string lineFor(const std::string& out, const std::string& url) {
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (line.find(url + ":") != std::string::npos) return line;
  return "";
}

pid_t startDossier(const std::vector<std::string>& args) {
  pid_t pid = fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(DOSSIER_BIN));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(DOSSIER_BIN, argv.data());
    _exit(127);
  }
  return pid;
}

// Waits at most `seconds` for `pid`; -1 when it did not end (it is then killed).
int waitExit(pid_t pid, int seconds) {
  for (int i = 0; i < seconds * 20; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

template <typename Condition>
bool waitFor(Condition&& condition, int seconds) {
  for (int i = 0; i < seconds * 50; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("feeds add, list, remove and import-opml keep the subscriptions in the store") {
  TempDir tmp;
  const std::string db = tmp / "db";
  auto r = runDossier(
      fmt::format("feeds add --db {} https://a.example/feed --name Alpha --every 30m --tag apt",
                  db),
      tmp);
  REQUIRE(r.exitCode == 0);
  CHECK(r.out == "added https://a.example/feed (every 30m)\n");
  CHECK(runDossier(fmt::format("feeds add --db {} https://a.example/feed", db), tmp).exitCode == 2);
  CHECK(runDossier(fmt::format("feeds add --db {} ftp://a.example/feed", db), tmp).exitCode == 2);
  auto badEvery =
      runDossier(fmt::format("feeds add --db {} https://b.example/ --every 5s", db), tmp);
  CHECK(badEvery.exitCode == 2);
  CHECK(badEvery.err.find("--every '5s'") != std::string::npos);

  const std::string opml = tmp / "subs.opml";
  test::writeFile(opml, R"(<?xml version="1.0"?>
<opml version="2.0"><body>
<outline text="News"><outline text="B" type="rss" xmlUrl="https://b.example/rss"/>
<outline text="Broken" type="rss"/>
<outline text="A again" type="rss" xmlUrl="https://a.example/feed"/></outline>
</body></opml>
)");
  r = runDossier(fmt::format("feeds import-opml --db {} {}", db, opml), tmp);
  CHECK(r.exitCode == 1);
  CHECK(r.out == opml + ": 1 feeds added, 1 already subscribed, 1 problems\n");
  CHECK(r.err.find(opml + ":4: <outline> has no xmlUrl attribute") != std::string::npos);

  r = runDossier(fmt::format("feeds list --db {} --format jsonl", db), tmp);
  REQUIRE(r.exitCode == 0);
  std::istringstream lines(r.out);
  std::string line;
  std::vector<nlohmann::json> feeds;
  while (std::getline(lines, line)) feeds.push_back(nlohmann::json::parse(line));
  REQUIRE(feeds.size() == 2);
  CHECK(feeds[0]["url"] == "https://a.example/feed");
  CHECK(feeds[0]["name"] == "Alpha");
  CHECK(feeds[0]["every"] == "30m");
  CHECK(feeds[0]["tags"] == nlohmann::json::array({"apt"}));
  CHECK(feeds[0]["last_poll"] == "never");
  CHECK(feeds[0]["next_due"] == "now");
  CHECK(feeds[1]["tags"] == nlohmann::json::array({"News"}));

  CHECK(runDossier(fmt::format("feeds remove --db {} alpha", db), tmp).out ==
        "removed https://a.example/feed\n");
  CHECK(runDossier(fmt::format("feeds remove --db {} https://b.example/rss", db), tmp).exitCode ==
        0);
  CHECK(runDossier(fmt::format("feeds remove --db {} nothing", db), tmp).exitCode == 2);
  r = runDossier(fmt::format("feeds list --db {}", db), tmp);
  CHECK(r.out.find("0 feeds") != std::string::npos);
}

TEST_CASE("feeds poll stores each item once, and the second poll is conditional only") {
  FeedServer server;
  TempDir tmp;
  const std::string db = tmp / "db";
  for (int n = 1; n <= 3; ++n)
    addFeed(tmp, db, server.url(fmt::format("/feeds/{}.xml?items=4", n)));
  auto r = runDossier(fmt::format("feeds poll --db {} {}", db, kFastPoll), tmp);
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(storedArticles(db) == 12);
  CHECK(lineFor(r.out, server.url("/feeds/2.xml?items=4")) ==
        "ok      " + server.url("/feeds/2.xml?items=4") +
            ": 4 items, 4 new, 0 already seen, 4 pages fetched");
  CHECK(r.out.find("feeds: 3 polled, 0 failed; articles: 12 stored") != std::string::npos);
  // Summary-only items took the text of their linked page, without its navigation or scripts.
  auto store = Store::open(db, {.readOnly = true});
  Article probe;
  probe.url = server.url("/pages/1/0.html");
  auto stored = store->article(articleId(probe));
  REQUIRE(stored);
  CHECK(stored->article.text.find("on Tuesday, officials said in report 1-0") != std::string::npos);
  CHECK(stored->article.text.find("Home") == std::string::npos);
  CHECK(stored->article.text.find("tracking") == std::string::npos);
  CHECK(stored->article.published == "2024-02-06");
  CHECK(stored->article.publisher == "Loopback feed 1");
  store.reset();

  const auto before = server.stats();
  r = runDossier(fmt::format("feeds poll --db {} {}", db, kFastPoll), tmp);
  REQUIRE(r.exitCode == 0);
  const auto after = server.stats();
  CHECK(after["requests"].get<int>() - before["requests"].get<int>() == 3);
  CHECK(after["conditional"].get<int>() - before["conditional"].get<int>() == 3);
  CHECK(r.out.find("not modified (304)") != std::string::npos);
  CHECK(r.out.find("articles: 0 stored") != std::string::npos);
  CHECK(storedArticles(db) == 12);

  // --due-only: nothing is due right after a poll.
  r = runDossier(fmt::format("feeds poll --db {} --due-only", db), tmp);
  CHECK(r.exitCode == 0);
  CHECK(r.out.find("feeds: 0 polled") != std::string::npos);
  r = runDossier(fmt::format("feeds list --db {}", db), tmp);
  CHECK(r.out.find("3 feeds") != std::string::npos);
  CHECK(r.out.find("never") == std::string::npos);
}

TEST_CASE("feeds poll: every fault ends in its own error and disturbs nothing else") {
  FeedServer server;
  TempDir tmp;
  const std::string db = tmp / "db";
  const std::vector<std::pair<std::string, std::string>> faults = {
      {"/status/404", "HTTP 404"},
      {"/status/500", "HTTP 500"},
      {"/stall", "timed out after 1000 ms"},
      {"/loop", "more than 5 redirects"},
      {"/huge", "response larger than 1000000 bytes"},
      {"/bomb", "response larger than 1000000 bytes"},
      {"/malformed.xml", "line 3: malformed XML: Start-end tags mismatch"},
      {"/status/200", "not a feed: the server sent an HTML page (text/html)"}};
  std::vector<std::string> urls;
  for (const auto& [path, error] : faults) urls.push_back(server.url(path));
  for (const char* path :
       {"/feeds/7.xml?items=3", "/wrong-charset.xml", "/nolinks.xml", "/flaky.xml", "/gzip.xml"})
    urls.push_back(server.url(path));
  subscribe(tmp, db, urls);
  auto r = runDossier(fmt::format("feeds poll --db {} {} --max-bytes 1000000", db, kFastPoll), tmp);
  INFO(r.out << r.err);
  CHECK(r.exitCode == 1);
  for (const auto& [path, error] : faults) {
    CHECK(lineFor(r.out, server.url(path)) == "FAILED  " + server.url(path) + ": " + error);
    CHECK(r.err.find(server.url(path) + ": " + error) != std::string::npos);
  }
  CHECK(lineFor(r.out, server.url("/feeds/7.xml?items=3")).starts_with("ok "));
  // A Latin-1 feed declared as UTF-8 is read; items without links or dates are stored.
  CHECK(lineFor(r.out, server.url("/wrong-charset.xml")).starts_with("ok "));
  CHECK(lineFor(r.out, server.url("/nolinks.xml")) ==
        "ok      " + server.url("/nolinks.xml") + ": 3 items, 2 new, 0 already seen, 1 skipped");
  CHECK(r.err.find(server.url("/nolinks.xml") + ": item 3 has no title or text") !=
        std::string::npos);
  // A 500 is retried.
  CHECK(lineFor(r.out, server.url("/flaky.xml")).starts_with("ok "));
  // gzip content encoding is asked for and decoded.
  CHECK(lineFor(r.out, server.url("/gzip.xml"))
            .starts_with("ok      " + server.url("/gzip.xml") + ": 2 items, 2 new"));
  CHECK(r.out.find("8 failed; articles: 10 stored") != std::string::npos);
  // Every request named the tool.
  const auto stats = server.stats();
  for (const auto& agent : stats["user_agents"])
    CHECK(agent.get<std::string>().starts_with("dossier/"));

  auto store = Store::open(db, {.readOnly = true});
  auto state = store->feed(server.url("/status/404"));
  REQUIRE(state);
  CHECK(state->consecutiveErrors == 1);
  CHECK(state->lastError == "HTTP 404");
  CHECK(state->lastSuccess == 0);
  CHECK(state->nextDue > state->lastPoll);
  auto good = store->feed(server.url("/feeds/7.xml?items=3"));
  REQUIRE(good);
  CHECK(good->itemsStored == 3);
  CHECK(good->consecutiveErrors == 0);
  CHECK(good->etag == "\"feed-7-3\"");
  auto latin = store->feed(server.url("/wrong-charset.xml"));
  REQUIRE(latin);
  CHECK(latin->title == "Caf\xc3\xa9 news");
  store.reset();

  // A second failure doubles the wait.
  r = runDossier(fmt::format("feeds poll --db {} --timeout 1 --retries 0 --max-bytes 1000000", db),
                 tmp);
  store = Store::open(db, {.readOnly = true});
  state = store->feed(server.url("/status/404"));
  CHECK(state->consecutiveErrors == 2);
  CHECK(state->nextDue - state->lastPoll == 2 * 3600);
  CHECK(store->counts().articles == 10);
}

TEST_CASE("feeds poll: one story under two URLs is one article") {
  FeedServer server;
  TempDir tmp;
  const std::string db = tmp / "db";
  addFeed(tmp, db, server.url("/dup.xml"));
  auto r = runDossier(fmt::format("feeds poll --db {}", db), tmp);
  INFO(r.out << r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(lineFor(r.out, server.url("/dup.xml")) ==
        "ok      " + server.url("/dup.xml") + ": 2 items, 1 new, 0 already seen, 1 duplicates");
  CHECK(storedArticles(db) == 1);
  {
    // One article with two sources.
    auto store = Store::open(db, {.readOnly = true});
    Article first;
    first.url = server.url("/story-a");
    auto stored = store->article(articleId(first), false);
    REQUIRE(stored);
    CHECK(store->otherSources(stored->article.id) ==
          std::vector<std::string>{server.url("/story-b")});
  }
  // The events of the story name both URLs.
  auto events = runDossier(fmt::format("events --db {} --format jsonl", db), tmp);
  REQUIRE(events.exitCode == 0);
  REQUIRE_FALSE(events.out.empty());
  CHECK(events.out.find("\"also_at\":[\"" + server.url("/story-b") + "\"]") != std::string::npos);
  // Both URLs are known: a later poll reads neither again.
  r = runDossier(fmt::format("feeds poll --db {}", db), tmp);
  CHECK(lineFor(r.out, server.url("/dup.xml")) ==
        "ok      " + server.url("/dup.xml") + ": 2 items, 0 new, 2 already seen");
}

TEST_CASE("watch polls due feeds, logs JSON lines to its log file and stops on SIGTERM") {
  FeedServer server;
  TempDir tmp;
  const std::string db = tmp / "db";
  const std::string log = tmp / "watch.log";
  // A feed that stalls: its request is in flight (30 s timeout) when SIGTERM comes.
  subscribe(tmp, db, {server.url("/feeds/3.xml?items=5"), server.url("/stall")});
  const pid_t pid = startDossier({"watch", "--db", db, "--log-file", log, "--log-format", "json"});
  const bool polled = waitFor(
      [&] {
        return test::readFile(log).find("/feeds/3.xml?items=5: 5 items, 5 new") !=
               std::string::npos;
      },
      20);
  CHECK(polled);
  kill(pid, SIGTERM);
  CHECK(waitExit(pid, 5) == 0);
  std::istringstream lines(test::readFile(log));
  std::string line;
  size_t count = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    INFO(line);
    REQUIRE_FALSE(j.is_discarded());
    CHECK(j.contains("time"));
    CHECK(j.contains("level"));
    CHECK(j.contains("message"));
    ++count;
  }
  CHECK(count >= 3);
  CHECK(test::readFile(log).find("\"message\":\"stopped\"") != std::string::npos);
  CHECK(storedArticles(db) == 5);
  // The stalled feed was interrupted, not failed: its state is untouched.
  auto stalled = Store::open(db, {.readOnly = true})->feed(server.url("/stall"));
  REQUIRE(stalled);
  CHECK(stalled->consecutiveErrors == 0);
  CHECK(stalled->lastPoll == 0);
}

TEST_CASE("watch killed with SIGKILL mid-poll: the next poll stores each item exactly once") {
  FeedServer server;
  TempDir tmp;
  const std::string db = tmp / "db";
  std::vector<std::string> urls;
  for (int n = 1; n <= 6; ++n)
    urls.push_back(server.url(fmt::format("/feeds/{}.xml?items=20&delay=20", n)));
  subscribe(tmp, db, urls);
  // One request at a time, pages of 20 ms: the kill lands in the middle of the pass.
  const pid_t pid = startDossier({"watch", "--db", db, "--workers", "1", "--per-host", "1"});
  const bool started = waitFor([&] { return server.requests("/pages") >= 30; }, 30);
  CHECK(started);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  const uint64_t partial = storedArticles(db);
  CHECK(partial < 120);
  auto r = runDossier(fmt::format("feeds poll --db {}", db), tmp);
  INFO(r.out << r.err);
  CHECK(r.exitCode == 0);
  CHECK(storedArticles(db) == 120);
  CHECK(r.out.find(fmt::format("articles: {} stored", 120 - partial)) != std::string::npos);
  r = runDossier(fmt::format("feeds poll --db {}", db), tmp);
  CHECK(r.out.find("articles: 0 stored") != std::string::npos);
  CHECK(storedArticles(db) == 120);
}

TEST_CASE("feeds poll stops on SIGINT without waiting for a stalled request") {
  FeedServer server;
  TempDir tmp;
  const std::string db = tmp / "db";
  subscribe(tmp, db, {server.url("/stall"), server.url("/feeds/5.xml?items=2")});
  const pid_t pid = startDossier({"feeds", "poll", "--db", db});  // 30 s timeout
  CHECK(waitFor([&] { return server.requests("/stall") >= 1; }, 20));
  kill(pid, SIGINT);
  CHECK(waitExit(pid, 5) == 1);
  auto store = Store::open(db, {.readOnly = true});
  auto stalled = store->feed(server.url("/stall"));
  REQUIRE(stalled);
  CHECK(stalled->consecutiveErrors == 0);  // interrupted, not failed
}
