#include "tools/dossier/feed_commands.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <fstream>
#include <sstream>

#include "graph/store.h"
#include "ingest/extractor.h"
#include "ingest/feeds/opml.h"
#include "ingest/feeds/poller.h"
#include "ingest/feeds/schedule.h"
#include "ingest/feeds/scheduler.h"
#include "ingest/text.h"
#include "schema/error.h"
#include "tools/dossier/cli_support.h"
#include "tools/dossier/commands.h"

namespace dossier {
namespace {

// The store seen through what feed polling needs.
class StoreFeeds final : public feeds::FeedStore {
 public:
  explicit StoreFeeds(Store& store) : store_(store) {}
  std::vector<FeedState> feeds() const override { return store_.feeds(); }
  std::optional<FeedState> feed(std::string_view url) const override { return store_.feed(url); }
  void putFeed(const FeedState& feed) override { store_.putFeed(feed); }
  bool removeFeed(std::string_view url) override { return store_.removeFeed(url); }
  std::optional<std::string> seenItem(std::string_view key) const override {
    return store_.seenItem(key);
  }
  bool commitArticle(const Article& article, const std::vector<ExtractedEvent>& events,
                     const std::vector<std::string>& seenKeys) override {
    return store_.commitArticle(article, events, seenKeys).stored;
  }

 private:
  Store& store_;
};

int64_t unixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string isoTime(int64_t t) {
  if (t == 0) return "never";
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string jsonEscape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20)
          out += fmt::format("\\u{:04x}", c);
        else
          out.push_back(ch);
    }
  }
  return out;
}

bool isHttpUrl(std::string_view url) {
  return (url.starts_with("http://") || url.starts_with("https://")) && url.size() > 8 &&
         url.find_first_of(" \t\n") == std::string_view::npos;
}

std::string summaryLine(const feeds::FeedResult& r) {
  if (r.interrupted)
    return fmt::format("stopped {}: interrupted after {} new articles", r.url, r.stored);
  if (!r.ok) return fmt::format("FAILED  {}: {}", r.url, r.error);
  if (r.notModified) return fmt::format("ok      {}: not modified (304)", r.url);
  std::string line = fmt::format("ok      {}: {} items, {} new, {} already seen", r.url, r.items,
                                 r.stored, r.seen);
  if (r.duplicates > 0) line += fmt::format(", {} duplicates", r.duplicates);
  if (r.skipped > 0) line += fmt::format(", {} skipped", r.skipped);
  if (r.pagesFetched > 0) line += fmt::format(", {} pages fetched", r.pagesFetched);
  return line;
}

}  // namespace

int feedsAddCommand(const std::string& db, const FeedAddOptions& options, std::ostream& out) {
  if (!isHttpUrl(options.url)) {
    spdlog::error("'{}' is not an http(s) URL", options.url);
    return 2;
  }
  const auto every = feeds::parseDuration(options.every);
  if (!every) {
    spdlog::error("--every '{}' is not a duration of at least a minute: use 90s, 15m, 2h or 1d",
                  options.every);
    return 2;
  }
  return reportingErrors([&] {
    auto store = Store::open(db);
    if (store->feed(options.url)) {
      spdlog::error("{}: already subscribed", options.url);
      return 2;
    }
    FeedState f;
    f.url = options.url;
    f.name = options.name;
    f.tags = options.tags;
    f.everySeconds = *every;
    f.addedAt = unixNow();
    f.nextDue = 0;  // due at once
    store->putFeed(f);
    out << fmt::format("added {} (every {})\n", f.url, feeds::formatDuration(f.everySeconds));
    return 0;
  });
}

int feedsListCommand(const std::string& db, Format format, std::ostream& out) {
  return reportingErrors([&] {
    auto store = Store::open(db, {.readOnly = true});
    const auto all = store->feeds();
    if (format == Format::jsonl) {
      for (const auto& f : all) {
        std::string tags;
        for (const auto& t : f.tags) tags += (tags.empty() ? "\"" : ",\"") + jsonEscape(t) + "\"";
        out << fmt::format(
            "{{\"url\":\"{}\",\"name\":\"{}\",\"title\":\"{}\",\"tags\":[{}],\"every\":\"{}\","
            "\"last_poll\":\"{}\",\"last_success\":\"{}\",\"items_stored\":{},"
            "\"consecutive_errors\":{},\"last_error\":\"{}\",\"next_due\":\"{}\"}}\n",
            jsonEscape(f.url), jsonEscape(f.name), jsonEscape(f.title), tags,
            feeds::formatDuration(f.everySeconds), isoTime(f.lastPoll), isoTime(f.lastSuccess),
            f.itemsStored, f.consecutiveErrors, jsonEscape(f.lastError),
            f.nextDue == 0 ? std::string("now") : isoTime(f.nextDue));
      }
      return 0;
    }
    if (format == Format::csv) {
      out << "url,name,every,last_poll,last_success,items_stored,consecutive_errors,next_due,"
             "last_error\n";
      for (const auto& f : all)
        out << fmt::format("{},{},{},{},{},{},{},{},{}\n", csvField(f.url), csvField(f.name),
                           feeds::formatDuration(f.everySeconds), isoTime(f.lastPoll),
                           isoTime(f.lastSuccess), f.itemsStored, f.consecutiveErrors,
                           f.nextDue == 0 ? std::string("now") : isoTime(f.nextDue),
                           csvField(f.lastError));
      return 0;
    }
    out << fmt::format("{:<20} {:<20} {:<20} {:>6} {:>6} {:<20} {:>5} {}\n", "last poll",
                       "last success", "next due", "items", "errors", "name", "every", "url");
    for (const auto& f : all) {
      std::string name = f.name.empty() ? f.title : f.name;
      if (name.size() > 20) {
        size_t cut = 19;
        while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xc0) == 0x80) --cut;
        name = name.substr(0, cut) + "~";
      }
      out << fmt::format("{:<20} {:<20} {:<20} {:>6} {:>6} {:<20} {:>5} {}\n", isoTime(f.lastPoll),
                         isoTime(f.lastSuccess),
                         f.nextDue == 0 ? std::string("now") : isoTime(f.nextDue), f.itemsStored,
                         f.consecutiveErrors, name, feeds::formatDuration(f.everySeconds), f.url);
      if (!f.lastError.empty()) out << fmt::format("    last error: {}\n", f.lastError);
    }
    out << fmt::format("{} feeds\n", all.size());
    return 0;
  });
}

int feedsRemoveCommand(const std::string& db, const std::string& urlOrName, std::ostream& out) {
  return reportingErrors([&] {
    auto store = Store::open(db, {.readOnly = false, .createIfMissing = false});
    if (store->removeFeed(urlOrName)) {
      out << fmt::format("removed {}\n", urlOrName);
      return 0;
    }
    std::vector<std::string> matches;
    for (const auto& f : store->feeds())
      if (!f.name.empty() && text::lower(f.name) == text::lower(urlOrName))
        matches.push_back(f.url);
    if (matches.empty()) {
      spdlog::error("no feed with URL or name '{}' (see `dossier feeds list`)", urlOrName);
      return 2;
    }
    if (matches.size() > 1) {
      spdlog::error("'{}' names {} feeds: remove one by URL ({})", urlOrName, matches.size(),
                    fmt::join(matches, ", "));
      return 2;
    }
    store->removeFeed(matches.front());
    out << fmt::format("removed {}\n", matches.front());
    return 0;
  });
}

int feedsImportOpmlCommand(const std::string& db, const std::string& file, const std::string& every,
                           std::ostream& out) {
  const auto interval = feeds::parseDuration(every);
  if (!interval) {
    spdlog::error("--every '{}' is not a duration of at least a minute: use 90s, 15m, 2h or 1d",
                  every);
    return 2;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    spdlog::error("{}: cannot read the file", file);
    return 1;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto doc = feeds::parseOpml(bytes.str());
  if (!doc) {
    spdlog::error("{}: {}", file, doc.error());
    return 1;
  }
  for (const auto& p : doc->problems) spdlog::error("{}:{}: {}", file, p.line, p.message);
  return reportingErrors([&] {
    auto store = Store::open(db);
    size_t added = 0, already = 0;
    const int64_t now = unixNow();
    for (const auto& f : doc->feeds) {
      if (store->feed(f.url)) {
        ++already;
        continue;
      }
      FeedState state;
      state.url = f.url;
      state.name = f.name;
      state.tags = f.tags;
      state.everySeconds = *interval;
      state.addedAt = now;
      store->putFeed(state);
      ++added;
    }
    out << fmt::format("{}: {} feeds added, {} already subscribed, {} problems\n", file, added,
                       already, doc->problems.size());
    return doc->problems.empty() ? 0 : 1;
  });
}

namespace {

std::atomic<bool> stopRequested{false};

extern "C" void onStopSignal(int) {
  stopRequested.store(true);
}

// SIGTERM and SIGINT set stopRequested: the poll finishes the article in hand and returns.
void stopOnSignals() {
  stopRequested.store(false);
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

feeds::PollOptions pollOptionsOf(const FeedPollOptions& o) {
  feeds::PollOptions p;
  p.dueOnly = o.dueOnly;
  p.workers = o.workers;
  p.perHost = o.perHost;
  p.fetchPages = o.fetchPages;
  return p;
}

}  // namespace

int feedsPollCommand(const FeedPollOptions& options, std::ostream& out) {
  return reportingErrors([&] {
    const auto dictionary = loadDictionary(options.dictDirs);
    const Extractor extractor(dictionary);
    auto store = Store::open(options.db, {.readOnly = false, .createIfMissing = false});
    StoreFeeds feedStore(*store);
    stopOnSignals();
    auto httpOptions = options.http;
    httpOptions.cancel = &stopRequested;
    auto http = feeds::makeCurlClient(httpOptions);
    auto poll = pollOptionsOf(options);
    poll.stop = &stopRequested;
    const bool progress = isatty(STDERR_FILENO) == 1;
    poll.onFeedDone = [&](const feeds::FeedResult& r, size_t done, size_t total) {
      if (!r.ok) spdlog::error("{}: {}", r.url, r.error);
      if (progress) {
        fmt::print(stderr, "\r\033[Kpolling feeds: {}/{} done", done, total);
        if (done == total) fmt::print(stderr, "\r\033[K");
        std::fflush(stderr);
      }
    };
    auto summary = feeds::pollFeeds(feedStore, *http, extractor, poll, unixNow());
    std::sort(summary.feeds.begin(), summary.feeds.end(),
              [](const auto& a, const auto& b) { return a.url < b.url; });
    for (const auto& r : summary.feeds) out << summaryLine(r) << '\n';
    out << fmt::format("feeds: {} polled, {} failed; articles: {} stored; {:.2f} s{}\n",
                       summary.feeds.size(), summary.failed, summary.stored, summary.seconds,
                       summary.interrupted ? "; interrupted" : "");
    return summary.failed > 0 || summary.interrupted ? 1 : 0;
  });
}

namespace {

class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string escaped =
        jsonEscape(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

}  // namespace

void configureLogging(const std::string& logFile, bool json) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (!logFile.empty()) {
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(logFile));
    } catch (const spdlog::spdlog_ex& e) {
      throw Error(fmt::format("{}: cannot open the log file: {}", logFile, e.what()));
    }
  }
  auto logger = std::make_shared<spdlog::logger>("dossier", sinks.begin(), sinks.end());
  if (json) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonMessageFlag>('*').set_pattern(
        "{\"time\":\"%Y-%m-%dT%H:%M:%S.%eZ\",\"level\":\"%l\",\"message\":\"%*\"}");
    logger->set_formatter(std::move(formatter));
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S%z dossier %l: %v");
  }
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

int watchCommand(const WatchOptions& options, std::ostream& out) {
  try {
    configureLogging(options.logFile, options.jsonLogs);
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return 2;
  }
  stopOnSignals();
  return reportingErrors([&] {
    const auto dictionary = loadDictionary(options.poll.dictDirs);
    const Extractor extractor(dictionary);
    auto store = Store::open(options.poll.db, {.readOnly = false, .createIfMissing = false});
    StoreFeeds feedStore(*store);
    auto httpOptions = options.poll.http;
    httpOptions.cancel = &stopRequested;
    auto http = feeds::makeCurlClient(httpOptions);
    feeds::SchedulerOptions scheduler;
    scheduler.poll = pollOptionsOf(options.poll);
    scheduler.poll.onFeedDone = [&](const feeds::FeedResult& r, size_t, size_t) {
      if (r.ok)
        spdlog::info("{}", summaryLine(r));
      else if (!r.interrupted)
        spdlog::error("{}: {}", r.url, r.error);
    };
    scheduler.maxSleepSeconds = options.maxSleepSeconds;
    scheduler.passes = options.passes;
    scheduler.onPass = [](const feeds::PollSummary& s) {
      spdlog::info("pass: {} feeds polled, {} failed, {} articles stored, {:.2f} s", s.feeds.size(),
                   s.failed, s.stored, s.seconds);
    };
    spdlog::info("watching {} feeds in {}", store->feeds().size(), options.poll.db);
    feeds::runScheduler(feedStore, *http, extractor, feeds::systemClock(), scheduler,
                        stopRequested);
    spdlog::info("stopped");
    out.flush();
    return 0;
  });
}

}  // namespace dossier
