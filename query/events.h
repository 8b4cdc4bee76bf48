// The events query: stored events matching a filter, joined with their entities and sources.
//
// The query scans the most selective index the filter allows (the actor's out-edges, the
// target's in-edges, the action index, else the day index) over the filter's date range only,
// so its cost grows with the events it returns, not with the store.
// Thread safety: as the Store it reads (read-only stores may be shared).
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/store.h"

namespace dossier {

// A mistake in a query a user can fix: unknown entity, ambiguous name, bad date, unknown action.
// The message reads like advice.
class QueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EventFilter {
  std::string actor;  // entity id, canonical name or unambiguous alias; empty: any
  std::string target;
  std::string action;  // action class ("accuse") or CAMEO code prefix ("112", "11")
  std::string since;   // ISO date prefix, inclusive ("2024", "2024-02", "2024-02-07")
  std::string until;   // ISO date prefix, inclusive to the end of its period
  size_t limit = 0;    // 0: no limit
};

struct Source {
  std::string articleId, url, title, published, sentence, pattern;
  double confidence = 0;
  std::vector<std::string> alsoAt;  // further URLs the same story was found under (feeds)
};

struct EventRow {
  StoredEvent event;
  StoredEntity actor;
  StoredEntity target;
  std::vector<Source> sources;
  // Set only for events fresh from the extractor (`dossier extract`): the surface forms of both
  // ends in the text, and where the evidence sentence sits in the article.
  std::string actorAlias, targetAlias;
  bool hasEvidence = false;
  uint32_t sentenceIndex = 0, begin = 0, end = 0;
};

// The row of an event extracted from `article` but not stored: one mention, one source.
EventRow rowFromExtracted(const Article& article, const ExtractedEvent& event);

// Resolves an entity named on the command line: exact id, else alias (case-insensitive).
// Throws QueryError when unknown, or when ambiguous (listing the candidates).
std::string resolveEntity(const Store& store, const std::string& name);

// Calls `emit` for each event matching `filter`, in date order per index scanned, at most
// filter.limit times; stops early when `emit` returns false. Throws QueryError for a filter
// that cannot be satisfied as written (see EventFilter), dossier::Error for store failures.
void queryEvents(const Store& store, const EventFilter& filter,
                 const std::function<bool(const EventRow&)>& emit);

// Day range of ISO prefixes: "2024" -> [2024-01-01, 2024-12-31]. Throws QueryError.
int32_t firstDayOf(const std::string& isoPrefix);
int32_t lastDayOf(const std::string& isoPrefix);

}  // namespace dossier
