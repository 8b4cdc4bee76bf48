// What feed polling needs from the store, as an interface: ingest does not depend on graph/.
// tools/dossier adapts graph::Store to it; tests may use a fake.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/feed_state.h"
#include "schema/model.h"

namespace dossier::feeds {

// Thread safety: implementations are called from the polling thread only (one writer).
class FeedStore {
 public:
  virtual ~FeedStore() = default;
  virtual std::vector<FeedState> feeds() const = 0;
  virtual std::optional<FeedState> feed(std::string_view url) const = 0;
  // Replaces the state of `feed.url`, durably.
  virtual void putFeed(const FeedState& feed) = 0;
  virtual bool removeFeed(std::string_view url) = 0;
  // The article id a feed item key was stored as, if any.
  virtual std::optional<std::string> seenItem(std::string_view itemKey) const = 0;
  // Stores the article (id set) with its events and records `seenKeys` as seen, all in one
  // atomic write. When the article is already stored only the keys are recorded, and
  // `article.url` as a further source of it when the URL differs. Returns whether the article
  // was new. Throws dossier::Error when the write fails.
  virtual bool commitArticle(const Article& article, const std::vector<ExtractedEvent>& events,
                             const std::vector<std::string>& seenKeys) = 0;
};

}  // namespace dossier::feeds
