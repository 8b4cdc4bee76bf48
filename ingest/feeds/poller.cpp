#include "ingest/feeds/poller.h"

#include <spdlog/spdlog.h>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

#include "ingest/feeds/charset.h"
#include "ingest/feeds/feed_parser.h"
#include "ingest/feeds/html_text.h"
#include "ingest/feeds/schedule.h"
#include "ingest/feeds/url.h"
#include "ingest/reader.h"
#include "schema/error.h"

namespace dossier::feeds {
namespace {

// At most `limit` requests at a time to each host.
class HostLimiter {
 public:
  explicit HostLimiter(int limit) : limit_(std::max(limit, 1)) {}
  void acquire(const std::string& host) {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return active_[host] < limit_; });
    ++active_[host];
  }
  void release(const std::string& host) {
    std::lock_guard lock(mutex_);
    if (--active_[host] == 0) active_.erase(host);
    freed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  std::map<std::string, int> active_;
  int limit_;
};

// What workers hand to the storing thread, in order per feed.
struct ArticleToStore {
  size_t feed = 0;
  Article article;
  std::vector<ExtractedEvent> events;
  std::vector<std::string> seenKeys;
  bool duplicate = false;  // known text: only the keys are recorded
};
struct FeedFinished {
  size_t feed = 0;
  FeedState state;
  FeedResult result;
};
using Work = std::variant<ArticleToStore, FeedFinished>;

class WorkQueue {
 public:
  explicit WorkQueue(size_t capacity) : capacity_(capacity) {}
  void push(Work w) {
    std::unique_lock lock(mutex_);
    notFull_.wait(lock, [&] { return items_.size() < capacity_; });
    items_.push_back(std::move(w));
    notEmpty_.notify_one();
  }
  std::optional<Work> pop() {
    std::unique_lock lock(mutex_);
    notEmpty_.wait(lock, [&] { return !items_.empty() || producers_ == 0; });
    if (items_.empty()) return std::nullopt;
    Work w = std::move(items_.front());
    items_.pop_front();
    notFull_.notify_one();
    return w;
  }
  void setProducers(int n) {
    std::lock_guard lock(mutex_);
    producers_ = n;
  }
  void producerDone() {
    std::lock_guard lock(mutex_);
    --producers_;
    notEmpty_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable notFull_, notEmpty_;
  std::deque<Work> items_;
  size_t capacity_;
  int producers_ = 0;
};

std::string isoDay(int64_t unixSeconds) {
  const std::time_t t = static_cast<std::time_t>(unixSeconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

bool isHtml(std::string_view contentType) {
  std::string low(contentType.substr(0, contentType.find(';')));
  std::transform(low.begin(), low.end(), low.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!low.empty() && low.back() == ' ') low.pop_back();
  return low == "text/html" || low == "application/xhtml+xml";
}

bool stopping(const PollOptions& o) {
  return o.stop != nullptr && o.stop->load();
}

class FeedWorker {
 public:
  FeedWorker(FeedStore& store, HttpClient& http, const Extractor& extractor,
             const PollOptions& options, HostLimiter& hosts, WorkQueue& queue, int64_t now)
      : store_(store),
        http_(http),
        extractor_(extractor),
        options_(options),
        hosts_(hosts),
        queue_(queue),
        now_(now) {}

  // Fetches and reads feed `index`; pushes its new articles, then its finished state. The
  // seen checks read the store from this thread: RocksDB reads are thread-safe.
  void poll(size_t index, FeedState state) {
    FeedResult result;
    result.url = state.url;
    result.name = state.name.empty() ? state.title : state.name;
    state.lastPoll = now_;
    auto response = fetch({state.url, state.etag, state.lastModified,
                           "application/rss+xml, application/atom+xml, application/feed+json, "
                           "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"});
    if (!response && stopping(options_)) {
      result.interrupted = true;  // cancelled by the stop: neither a failure nor a success
      queue_.push(FeedFinished{index, std::move(state), std::move(result)});
      return;
    }
    if (!response) return fail(index, std::move(state), std::move(result), response.error());
    result.status = response->status;
    if (response->status == 304) {
      result.notModified = true;
      return succeed(index, std::move(state), std::move(result));
    }
    if (response->status < 200 || response->status >= 300)
      return fail(index, std::move(state), std::move(result),
                  fmt::format("HTTP {}", response->status));
    auto feed = parseFeed(response->body, response->contentType, response->effectiveUrl);
    if (!feed) return fail(index, std::move(state), std::move(result), feed.error());
    if (!feed->title.empty()) state.title = feed->title;
    if (result.name.empty()) result.name = state.title;
    result.items = feed->items.size();
    const std::string publisher = state.name.empty() ? state.title : state.name;
    for (size_t i = 0; i < feed->items.size(); ++i) {
      // The item in hand is finished (its page fetch may be cut short by the stop).
      if (stopping(options_)) {
        result.interrupted = true;
        break;
      }
      readItem(index, feed->items[i], i + 1, publisher, result);
    }
    if (result.interrupted) {
      // The validators are not kept: the next pass reads the feed again and skips what was
      // stored.
      queue_.push(FeedFinished{index, std::move(state), std::move(result)});
      return;
    }
    state.etag = response->etag;
    state.lastModified = response->lastModified;
    succeed(index, std::move(state), std::move(result));
  }

 private:
  std::expected<HttpResponse, std::string> fetch(const HttpRequest& request) {
    const std::string host = hostOf(request.url);
    hosts_.acquire(host);
    auto response = http_.get(request);
    hosts_.release(host);
    return response;
  }

  void succeed(size_t index, FeedState state, FeedResult result) {
    result.ok = true;
    state.lastSuccess = now_;
    state.consecutiveErrors = 0;
    state.lastError.clear();
    state.nextDue = nextDueAfterSuccess(state, now_);
    queue_.push(FeedFinished{index, std::move(state), std::move(result)});
  }

  void fail(size_t index, FeedState state, FeedResult result, std::string error) {
    result.ok = false;
    result.error = std::move(error);
    state.consecutiveErrors++;
    state.lastError = result.error;
    state.nextDue = nextDueAfterFailure(state, now_);
    queue_.push(FeedFinished{index, std::move(state), std::move(result)});
  }

  // The main text of the page at `url`, or "" when it cannot be had (not HTML, too large,
  // an HTTP error): the item then keeps its summary.
  std::string pageText(const std::string& url, FeedResult& result) {
    auto response =
        fetch({url, "", "", "text/html, application/xhtml+xml;q=0.9", options_.maxPageBytes});
    if (!response) {
      if (!stopping(options_))
        spdlog::warn("{}: linked page {}: {}", result.url, url, response.error());
      return "";
    }
    if (response->status != 200) {
      spdlog::warn("{}: linked page {}: HTTP {}", result.url, url, response->status);
      return "";
    }
    if (!isHtml(response->contentType)) return "";
    ++result.pagesFetched;
    auto text = toUtf8(response->body, charsetOfContentType(response->contentType));
    if (!text) return "";
    return mainArticleText(*text);
  }

  // `position`: 1-based, to name items that have neither link nor GUID.
  void readItem(size_t index, const FeedItem& item, size_t position, const std::string& publisher,
                FeedResult& result) {
    std::vector<std::string> keys = itemKeys(item);
    for (const auto& key : keys)
      if (store_.seenItem(key)) {
        ++result.seen;
        return;
      }
    std::string text = item.content;
    if (text.empty() && options_.fetchPages && !item.url.empty()) {
      std::string page = pageText(item.url, result);
      if (page.size() > item.summary.size()) text = std::move(page);
    }
    if (text.empty()) text = item.summary;
    if (text.empty()) text = item.title;
    const std::string where = !item.url.empty()    ? item.url
                              : !item.guid.empty() ? item.guid
                                                   : fmt::format("item {}", position);
    if (text.empty()) {
      ++result.skipped;
      spdlog::warn("{}: {} has no title or text", result.url, where);
      return;
    }
    if (auto problem = textProblem(text); !problem.empty()) {
      ++result.skipped;
      spdlog::warn("{}: {}: {}", result.url, where, problem);
      return;
    }
    Article article;
    article.url = item.url;
    article.title = item.title;
    article.publisher = publisher;
    article.published = item.published.empty() ? isoDay(now_) : item.published;
    article.publishedFrom = item.published.empty() ? DateSource::polled : DateSource::given;
    if (item.published.empty())
      spdlog::warn("{}: {} has no date; dated {}, the day it was polled", result.url, where,
                   article.published);
    article.text = std::move(text);
    article.id = articleId(article);
    ArticleToStore work;
    work.feed = index;
    if (const std::string tk = textKey(article.text); !tk.empty()) {
      keys.push_back(tk);
      // The same story under another URL: one article, this item's keys recorded as seen.
      if (auto existing = store_.seenItem(tk); existing && *existing != article.id)
        work.duplicate = true;
    }
    if (!work.duplicate) work.events = extractor_.extract(article);
    work.article = std::move(article);
    work.seenKeys = std::move(keys);
    queue_.push(std::move(work));
  }

  FeedStore& store_;
  HttpClient& http_;
  const Extractor& extractor_;
  const PollOptions& options_;
  HostLimiter& hosts_;
  WorkQueue& queue_;
  int64_t now_;
};

}  // namespace

std::vector<std::string> itemKeys(const FeedItem& item) {
  std::vector<std::string> keys;
  if (!item.guid.empty()) keys.push_back("g:" + stableHash(item.guid));
  if (!item.url.empty()) keys.push_back("u:" + stableHash(canonicalUrl(item.url)));
  if (keys.empty()) keys.push_back("t:" + stableHash(item.title + "\n" + item.summary));
  return keys;
}

std::string textKey(std::string_view text) {
  // News copies of one story share their lede and differ in what surrounds it (bylines at
  // the end, "read more" lines): the first words identify the story.
  constexpr size_t kLedeWords = 50;
  std::string norm;
  size_t words = 0;
  bool inWord = false;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c >= 0x80) {
      if (!inWord && !norm.empty()) norm.push_back(' ');
      if (!inWord && ++words > kLedeWords) break;
      inWord = true;
      norm.push_back(static_cast<char>(std::tolower(c)));
    } else {
      inWord = false;
    }
  }
  if (words < kLedeWords) return "";
  if (words > kLedeWords) norm.pop_back();  // the space before the next word
  return "x:" + stableHash(norm);
}

PollSummary pollFeeds(FeedStore& store, HttpClient& http, const Extractor& extractor,
                      const PollOptions& options, int64_t now) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<FeedState> feeds;
  for (auto& f : store.feeds()) {
    if (options.dueOnly && f.nextDue > now) continue;
    if (!options.only.empty() &&
        std::find(options.only.begin(), options.only.end(), f.url) == options.only.end())
      continue;
    feeds.push_back(std::move(f));
  }
  // Due longest ago first.
  std::stable_sort(feeds.begin(), feeds.end(),
                   [](const FeedState& a, const FeedState& b) { return a.nextDue < b.nextDue; });

  PollSummary summary;
  HostLimiter hosts(options.perHost);
  WorkQueue queue(256);
  std::atomic<size_t> next{0};
  const int workers = static_cast<int>(std::clamp<size_t>(
      static_cast<size_t>(std::max(options.workers, 1)), 1, std::max<size_t>(feeds.size(), 1)));
  queue.setProducers(workers);
  std::vector<std::thread> threads;
  std::mutex errorMutex;
  std::exception_ptr workerError;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      FeedWorker worker(store, http, extractor, options, hosts, queue, now);
      try {
        for (size_t i = next++; i < feeds.size() && !stopping(options); i = next++)
          worker.poll(i, feeds[i]);
      } catch (...) {
        std::lock_guard lock(errorMutex);
        if (!workerError) workerError = std::current_exception();
      }
      queue.producerDone();
    });
  }

  struct Tally {
    size_t stored = 0, duplicates = 0;
  };
  std::vector<Tally> tally(feeds.size());
  std::exception_ptr storeError;
  size_t done = 0;
  while (auto work = queue.pop()) {
    if (storeError) continue;  // drain so that workers can finish
    try {
      if (auto* a = std::get_if<ArticleToStore>(&*work)) {
        // Checked again here, in commit order: two items of this pass may tell one story.
        for (const auto& key : a->seenKeys) {
          if (!key.starts_with("x:")) continue;
          if (auto existing = store.seenItem(key); existing && *existing != a->article.id) {
            a->article.id = *existing;  // recorded with this item's URL as a further source
            a->events.clear();
            a->duplicate = true;
          }
        }
        const bool stored = store.commitArticle(a->article, a->events, a->seenKeys);
        if (stored) ++tally[a->feed].stored;
        if (a->duplicate) ++tally[a->feed].duplicates;
        continue;
      }
      auto& f = std::get<FeedFinished>(*work);
      f.result.stored = tally[f.feed].stored;
      f.result.duplicates = tally[f.feed].duplicates;
      f.state.itemsStored += tally[f.feed].stored;
      if (!f.result.interrupted) store.putFeed(f.state);
      if (!f.result.ok) ++summary.failed;
      summary.stored += f.result.stored;
      if (f.result.interrupted) summary.interrupted = true;
      ++done;
      if (options.onFeedDone) options.onFeedDone(f.result, done, feeds.size());
      summary.feeds.push_back(std::move(f.result));
    } catch (...) {
      storeError = std::current_exception();
    }
  }
  for (auto& t : threads) t.join();
  if (storeError) std::rethrow_exception(storeError);
  if (workerError) std::rethrow_exception(workerError);
  if (stopping(options)) summary.interrupted = true;
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace dossier::feeds
