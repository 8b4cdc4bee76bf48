// One polling pass over the subscribed feeds: fetch each feed (conditionally), read its items,
// skip those already seen, fetch the linked page when an item carries only a summary, extract
// events and store each article in one atomic write with the item keys it answers to.
//
// Guarantees: an item's seen keys are written in the same WriteBatch as its article, and a
// feed's state (validators, counters, next due time) only after all its articles are stored;
// killed at any moment, the next pass stores each item exactly once. A feed that fails (network,
// HTTP status, malformed document) gets its error and a backoff; the others are not disturbed.
//
// Threading: feeds are fetched and extracted on `workers` threads, at most `perHost` requests
// at a time to any one host; every store call happens on the calling thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ingest/extractor.h"
#include "ingest/feeds/feed_parser.h"
#include "ingest/feeds/feed_store.h"
#include "ingest/feeds/http_client.h"

namespace dossier::feeds {

struct FeedResult {
  std::string url;
  std::string name;
  bool ok = false;
  std::string error;         // one line when !ok: "HTTP 404", "line 3: malformed XML: ..."
  long status = 0;           // HTTP status of the feed request, 0 when none came back
  bool notModified = false;  // 304: nothing to read
  size_t items = 0;          // items in the feed document
  size_t seen = 0;           // of which were already stored
  size_t stored = 0;         // new articles stored
  size_t duplicates = 0;     // new items whose text was already stored under another URL
  size_t skipped = 0;        // items without any text, or whose text was refused
  size_t pagesFetched = 0;   // linked pages fetched for summary-only items
  bool interrupted = false;  // the pass stopped before this feed was finished
};

struct PollSummary {
  std::vector<FeedResult> feeds;  // in the order the feeds finished
  size_t stored = 0;
  size_t failed = 0;
  bool interrupted = false;
  double seconds = 0;
};

struct PollOptions {
  bool dueOnly = false;           // only feeds whose next due time has come
  std::vector<std::string> only;  // when not empty: only these feed URLs
  int workers = 8;
  int perHost = 4;
  bool fetchPages = true;  // fetch linked pages of summary-only items
  size_t maxPageBytes = 2u << 20;
  // When set and true: finish the article in hand, store what was read and return. Give the
  // HttpClient the same flag (HttpOptions::cancel) so that requests in flight end at once.
  const std::atomic<bool>* stop = nullptr;
  std::function<void(const FeedResult&, size_t done, size_t total)> onFeedDone;  // progress
};

// Polls the feeds of `store` at time `now` (unix seconds). Throws dossier::Error only when the
// store cannot be written; everything else is a per-feed error in the summary.
PollSummary pollFeeds(FeedStore& store, HttpClient& http, const Extractor& extractor,
                      const PollOptions& options, int64_t now);

// The keys an item is known by in the `seen` family: "g:" + hash of its GUID, "u:" + hash of
// its canonical URL, and when it has neither, "t:" + hash of its title and summary.
std::vector<std::string> itemKeys(const FeedItem& item);

// The key of an article's text for near-duplicate detection: "x:" + hash of the first 50
// words of the text, case-folded, punctuation dropped. Empty for texts under 50 words.
std::string textKey(std::string_view text);

}  // namespace dossier::feeds
