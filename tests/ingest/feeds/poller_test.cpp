// The poller against a fake HTTP client and an in-memory store: incremental reads, conditional
// requests, stops in the middle of a pass, near-duplicates, per-host limits and backoff.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "ingest/dictionary.h"
#include "ingest/extractor.h"
#include "ingest/feeds/poller.h"
#include "ingest/feeds/scheduler.h"

using namespace dossier;
using namespace dossier::feeds;

namespace {

class FakeHttp final : public HttpClient {
 public:
  std::map<std::string, HttpResponse> responses;  // by URL
  std::function<void(const HttpRequest&)> onRequest;
  std::chrono::milliseconds latency{0};

  std::expected<HttpResponse, std::string> get(const HttpRequest& request) override {
    {
      std::lock_guard lock(mutex_);
      requests.push_back(request);
      const int now = ++active_;
      maxActive = std::max(maxActive, now);
    }
    if (onRequest) onRequest(request);
    if (latency.count() > 0) std::this_thread::sleep_for(latency);
    std::lock_guard lock(mutex_);
    --active_;
    auto it = responses.find(request.url);
    if (it == responses.end()) return std::unexpected(std::string("connection refused"));
    HttpResponse r = it->second;
    if (!request.etag.empty() && request.etag == r.etag) {
      r.status = 304;
      r.body.clear();
    }
    r.effectiveUrl = request.url;
    return r;
  }

  std::vector<HttpRequest> requests;
  int maxActive = 0;

 private:
  std::mutex mutex_;
  int active_ = 0;
};

class MemoryStore final : public FeedStore {
 public:
  std::map<std::string, FeedState> feedStates;
  std::map<std::string, std::string> seen;
  std::map<std::string, Article> articles;
  size_t putFeedCalls = 0;

  std::vector<FeedState> feeds() const override {
    std::vector<FeedState> out;
    for (const auto& [url, f] : feedStates) out.push_back(f);
    return out;
  }
  std::optional<FeedState> feed(std::string_view url) const override {
    auto it = feedStates.find(std::string(url));
    if (it == feedStates.end()) return std::nullopt;
    return it->second;
  }
  void putFeed(const FeedState& f) override {
    ++putFeedCalls;
    feedStates[f.url] = f;
  }
  bool removeFeed(std::string_view url) override { return feedStates.erase(std::string(url)) > 0; }
  std::optional<std::string> seenItem(std::string_view key) const override {
    std::lock_guard lock(mutex_);
    auto it = seen.find(std::string(key));
    if (it == seen.end()) return std::nullopt;
    return it->second;
  }
  bool commitArticle(const Article& a, const std::vector<ExtractedEvent>&,
                     const std::vector<std::string>& keys) override {
    std::lock_guard lock(mutex_);
    for (const auto& k : keys) seen[k] = a.id;
    return articles.emplace(a.id, a).second;
  }

 private:
  mutable std::mutex mutex_;  // workers read `seen` while the polling thread commits
};

std::string rssOf(const std::string& base, int items, int from = 0) {
  std::string body = "<rss version=\"2.0\"><channel><title>Fake</title>";
  for (int i = from; i < from + items; ++i)
    body += fmt::format(
        "<item><title>Item {0}</title><link>{1}/a/{0}</link><description>Germany accused "
        "Russia of spying, report {0} says.</description></item>",
        i, base);
  return body + "</channel></rss>";
}

HttpResponse ok(std::string body, std::string contentType, std::string etag = "") {
  HttpResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.contentType = std::move(contentType);
  r.etag = std::move(etag);
  return r;
}

FeedState feedAt(const std::string& url) {
  FeedState f;
  f.url = url;
  f.everySeconds = 3600;
  return f;
}

struct Fixture {
  Dictionary dictionary = Dictionary::builtin();
  Extractor extractor{dictionary};
  FakeHttp http;
  MemoryStore store;
  PollOptions options;
  Fixture() { options.fetchPages = false; }
  PollSummary poll(int64_t now = 1'700'000'000) {
    return pollFeeds(store, http, extractor, options, now);
  }
};

}  // namespace

TEST_CASE("Poller: new items are stored once; the next pass is conditional and stores nothing") {
  Fixture f;
  f.http.responses["https://a.example/rss"] =
      ok(rssOf("https://a.example", 5), "application/rss+xml", "\"v1\"");
  f.store.putFeed(feedAt("https://a.example/rss"));
  auto first = f.poll();
  REQUIRE(first.feeds.size() == 1);
  CHECK(first.feeds[0].ok);
  CHECK(first.stored == 5);
  CHECK(f.store.articles.size() == 5);
  CHECK(f.store.feedStates["https://a.example/rss"].etag == "\"v1\"");
  CHECK(f.store.feedStates["https://a.example/rss"].itemsStored == 5);

  auto second = f.poll(1'700'000'000 + 7200);
  CHECK(second.feeds[0].notModified);
  CHECK(second.stored == 0);
  CHECK(f.http.requests.back().etag == "\"v1\"");

  // The feed changes: only the new items are read.
  f.http.responses["https://a.example/rss"] =
      ok(rssOf("https://a.example", 7), "application/rss+xml", "\"v2\"");
  auto third = f.poll(1'700'000'000 + 14400);
  CHECK(third.feeds[0].seen == 5);
  CHECK(third.stored == 2);
  CHECK(f.store.articles.size() == 7);
}

TEST_CASE("Poller: a stop mid-feed keeps the feed state; the next pass stores the rest once") {
  Fixture f;
  f.options.fetchPages = true;
  f.options.workers = 1;
  std::atomic<bool> stop{false};
  f.options.stop = &stop;
  f.http.responses["https://a.example/rss"] =
      ok(rssOf("https://a.example", 10), "application/rss+xml", "\"v1\"");
  for (int i = 0; i < 10; ++i)
    f.http.responses[fmt::format("https://a.example/a/{}", i)] =
        ok(fmt::format(
               "<article><p>Germany expelled two Russian diplomats on Tuesday, accusing Moscow of "
               "running a spy ring, page {}.</p></article>",
               i),
           "text/html");
  int pages = 0;
  f.http.onRequest = [&](const HttpRequest& r) {
    if (r.url.find("/a/") != std::string::npos && ++pages == 4) stop = true;
  };
  f.store.putFeed(feedAt("https://a.example/rss"));
  const size_t putsBefore = f.store.putFeedCalls;
  auto first = f.poll();
  CHECK(first.interrupted);
  CHECK(f.store.articles.size() == 4);  // the article in hand was finished
  CHECK(f.store.putFeedCalls == putsBefore);
  CHECK(f.store.feedStates["https://a.example/rss"].etag.empty());

  stop = false;
  f.http.onRequest = nullptr;
  auto second = f.poll();
  CHECK_FALSE(second.interrupted);
  CHECK(second.feeds[0].seen == 4);
  CHECK(second.stored == 6);
  CHECK(f.store.articles.size() == 10);
  CHECK(f.store.articles.begin()->second.text.find("Germany expelled") != std::string::npos);
}

TEST_CASE("Poller: linked pages are read only when they are HTML; items keep their summary") {
  Fixture f;
  f.options.fetchPages = true;
  f.http.responses["https://a.example/rss"] =
      ok(rssOf("https://a.example", 3), "application/rss+xml");
  const std::string story =
      "<html><body><nav>Home</nav><p>Germany expelled two Russian diplomats on Tuesday, "
      "accusing Moscow of espionage.</p></body></html>";
  f.http.responses["https://a.example/a/0"] = ok(story, "text/html; charset=utf-8");
  f.http.responses["https://a.example/a/1"] = ok("%PDF-1.4 ...", "application/pdf");
  HttpResponse gone;
  gone.status = 404;
  f.http.responses["https://a.example/a/2"] = gone;
  f.store.putFeed(feedAt("https://a.example/rss"));
  auto s = f.poll();
  CHECK(s.stored == 3);
  CHECK(s.feeds[0].pagesFetched == 1);
  std::map<std::string, std::string> textByUrl;
  for (const auto& [id, a] : f.store.articles) textByUrl[a.url] = a.text;
  CHECK(textByUrl["https://a.example/a/0"] ==
        "Germany expelled two Russian diplomats on Tuesday, accusing Moscow of espionage.");
  CHECK(textByUrl["https://a.example/a/1"] == "Germany accused Russia of spying, report 1 says.");
  CHECK(textByUrl["https://a.example/a/2"] == "Germany accused Russia of spying, report 2 says.");
  // Page requests ask for HTML with the per-page size limit.
  for (const auto& r : f.http.requests)
    if (r.url.find("/a/") != std::string::npos) CHECK(r.maxBytes == f.options.maxPageBytes);
}

TEST_CASE("Poller: near-duplicate stories under two URLs are one article") {
  Fixture f;
  std::string lede;
  for (int i = 0; i < 60; ++i) lede += fmt::format("word{} ", i);
  const std::string body = fmt::format(
      "<rss xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
      "<item><link>https://a.example/x</link><content:encoded>{0} Copyright A.</content:encoded>"
      "</item><item><link>https://b.example/y</link><content:encoded>{0} Read more at B."
      "</content:encoded></item></channel></rss>",
      lede);
  f.http.responses["https://a.example/rss"] = ok(body, "application/rss+xml");
  f.store.putFeed(feedAt("https://a.example/rss"));
  auto s = f.poll();
  CHECK(s.stored == 1);
  CHECK(s.feeds[0].duplicates == 1);
  CHECK(f.store.articles.size() == 1);
  FeedItem b;
  b.url = "https://b.example/y";
  CHECK(f.store.seen.at(itemKeys(b)[0]) == f.store.articles.begin()->first);
}

TEST_CASE("Poller: at most perHost requests at a time to one host") {
  Fixture f;
  f.options.workers = 8;
  f.options.perHost = 2;
  f.http.latency = std::chrono::milliseconds(5);
  for (int n = 0; n < 12; ++n) {
    const std::string url = fmt::format("https://same.example/feed{}", n);
    f.http.responses[url] = ok(rssOf("https://same.example/" + std::to_string(n), 1), "text/xml");
    f.store.putFeed(feedAt(url));
  }
  auto s = f.poll();
  CHECK(s.feeds.size() == 12);
  CHECK(s.failed == 0);
  CHECK(f.http.maxActive <= 2);
}

TEST_CASE("Poller: a failing feed backs off, a due-only pass skips it, success resets it") {
  Fixture f;
  f.options.dueOnly = true;
  HttpResponse error;
  error.status = 503;
  f.http.responses["https://a.example/rss"] = error;
  f.store.putFeed(feedAt("https://a.example/rss"));
  const int64_t t0 = 1'700'000'000;
  auto s = f.poll(t0);
  CHECK(s.failed == 1);
  CHECK(s.feeds[0].error == "HTTP 503");
  CHECK(f.store.feedStates["https://a.example/rss"].nextDue == t0 + 3600);
  CHECK(f.poll(t0 + 60).feeds.empty());  // not due
  f.poll(t0 + 3600);
  CHECK(f.store.feedStates["https://a.example/rss"].consecutiveErrors == 2);
  CHECK(f.store.feedStates["https://a.example/rss"].nextDue == t0 + 3600 + 7200);
  f.http.responses["https://a.example/rss"] = ok(rssOf("https://a.example", 1), "text/xml");
  s = f.poll(t0 + 3600 + 7200);
  CHECK(s.failed == 0);
  const auto& st = f.store.feedStates["https://a.example/rss"];
  CHECK(st.consecutiveErrors == 0);
  CHECK(st.lastError.empty());
  CHECK(st.lastSuccess == t0 + 3600 + 7200);
}

namespace {

// Time that passes only when the scheduler sleeps; it stops after `until`.
class FakeClock final : public Clock {
 public:
  FakeClock(int64_t start, int64_t until, std::atomic<bool>& stop)
      : now_(start), until_(until), stop_(stop) {}
  int64_t now() override { return now_; }
  void sleepUntil(int64_t t, const std::atomic<bool>&) override {
    sleeps.push_back(t - now_);
    now_ = std::max(now_, t);
    if (now_ >= until_) stop_ = true;
  }
  std::vector<int64_t> sleeps;

 private:
  int64_t now_, until_;
  std::atomic<bool>& stop_;
};

}  // namespace

TEST_CASE("Scheduler: over a day each feed is polled at its interval with jitter") {
  Fixture f;
  const int64_t t0 = 1'700'000'000;
  for (auto [url, every] : {std::pair<std::string, uint32_t>{"https://a.example/hourly", 3600},
                            {"https://b.example/six-hourly", 6 * 3600},
                            {"https://c.example/broken", 3600}}) {
    if (url.find("broken") == std::string::npos)
      f.http.responses[url] = ok(rssOf(url, 2), "application/rss+xml", "\"same\"");
    auto state = feedAt(url);
    state.everySeconds = every;
    f.store.putFeed(state);
  }
  std::atomic<bool> stop{false};
  FakeClock clock(t0, t0 + 86400, stop);
  SchedulerOptions options;
  options.poll = f.options;
  size_t passes = 0;
  options.onPass = [&](const PollSummary&) { ++passes; };
  runScheduler(f.store, f.http, f.extractor, clock, options, stop);
  std::map<std::string, int> polls;
  for (const auto& r : f.http.requests) ++polls[r.url];
  // Every hour plus up to 6 minutes of jitter: 22 to 24 polls in a day.
  CHECK(polls["https://a.example/hourly"] >= 22);
  CHECK(polls["https://a.example/hourly"] <= 24);
  CHECK(polls["https://b.example/six-hourly"] >= 4);
  CHECK(polls["https://b.example/six-hourly"] <= 5);
  // Failing: after 1, 2, 4, 8 hours: 5 polls by the end of the day (at 0, 1, 3, 7, 15 h).
  CHECK(polls["https://c.example/broken"] == 5);
  CHECK(f.store.articles.size() == 4);
  CHECK(f.store.feedStates["https://c.example/broken"].consecutiveErrors == 5);
  REQUIRE_FALSE(clock.sleeps.empty());
  CHECK(*std::min_element(clock.sleeps.begin(), clock.sleeps.end()) >= 1);
  CHECK(*std::max_element(clock.sleeps.begin(), clock.sleeps.end()) <= 60);
  CHECK(passes >= 27);
}

TEST_CASE("Poller: an item without a date is dated the day it is polled and flagged as a guess") {
  Fixture f;
  f.http.responses["https://d.example/rss"] =
      ok("<rss version=\"2.0\"><channel><title>D</title>"
         "<item><title>Dated</title><link>https://d.example/1</link>"
         "<pubDate>Tue, 06 Feb 2024 10:00:00 GMT</pubDate>"
         "<description>Germany accused Russia of spying.</description></item>"
         "<item><title>Undated</title><link>https://d.example/2</link>"
         "<description>France accused Iran of spying.</description></item>"
         "</channel></rss>",
         "application/rss+xml");
  f.store.putFeed(feedAt("https://d.example/rss"));
  f.poll(1'700'000'000);  // 2023-11-14
  std::map<std::string, Article> byUrl;
  for (const auto& [id, a] : f.store.articles) byUrl[a.url] = a;
  REQUIRE(byUrl.size() == 2);
  CHECK(byUrl["https://d.example/1"].published == "2024-02-06");
  CHECK(byUrl["https://d.example/1"].publishedFrom == DateSource::given);
  CHECK(byUrl["https://d.example/2"].published == "2023-11-14");
  CHECK(byUrl["https://d.example/2"].publishedFrom == DateSource::polled);
}
