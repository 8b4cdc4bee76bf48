// The dossier store: articles, entities, events and mentions in RocksDB, with the time-ordered
// adjacency indexes that queries and traversals scan.
//
// Column families (values are Cap'n Proto messages from schema/records.capnp):
//   articles  articleId -> Article        entities  entityId -> Entity
//   events    eventId   -> Event          mentions  see graph/keys.h -> Mention
//   aliases, out, in, by_action, by_day: indexes (graph/keys.h)
//   feeds  feed URL -> FeedState        seen  feed item key -> article id, and
//                                             "s:" article id NUL url -> "" (further sources)
//   meta: schema version and counters
//
// Guarantees: commitArticle() writes one article with all its entities, events, mentions,
// index entries and counters in a single WriteBatch, so a crash (even kill -9) leaves either
// the whole article or none of it. Committing an article whose id is already stored changes
// nothing. The same event from two articles is one event with two mentions.
//
// Threading: one Store per process may write; RocksDB's lock file refuses a second writer.
// All methods may be called from several threads, but commitArticle() calls must not overlap
// (the caller serialises them); read-only stores may be shared freely.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/feed_state.h"
#include "schema/model.h"

namespace rocksdb {
class Iterator;
}

namespace dossier {

inline constexpr uint32_t kSchemaVersion = 1;

struct StoreOptions {
  bool readOnly = false;        // queries open read-only; a missing store is then an error
  bool createIfMissing = true;  // ignored when readOnly
  // For a process that bulk-imports (importMentions, then finishImport) and exits: background
  // compactions stay off while it runs; finishImport() compacts what queries scan. Each
  // importMentions() call returns once its chunk is encoded; the chunk's files are written and
  // ingested on another thread while the caller reads the next chunk, and are in the store when
  // the next importMentions() or finishImport() returns (which rethrow a failure to store them).
  bool bulkImport = false;
};

struct StoredArticle {
  Article article;
  int64_t ingestedAt = 0;
  std::vector<std::string> eventIds;
};

struct StoredEntity {
  std::string id, name, type, country, sector;
  std::vector<std::string> aliases;
  std::string firstSeen, lastSeen;
};

struct StoredEvent {
  std::string id, actorId, targetId, cls, code, label, verb, date, precision;
  uint32_t mentionCount = 0;
  uint32_t sourceCount = 0;
  double confidence = 0;
};

struct StoredMention {
  std::string eventId, articleId;
  uint32_t sentenceIndex = 0;
  std::string sentence;
  uint32_t begin = 0, end = 0;
  std::string pattern, verb;
  double confidence = 0;
};

struct CommitResult {
  bool stored = false;   // false: the article was already in the store and nothing changed
  size_t events = 0;     // events this article mentions
  size_t newEvents = 0;  // of which were not in the store before
};

struct StoreCounts {
  uint64_t articles = 0, entities = 0, events = 0, mentions = 0;
  std::map<std::string, uint64_t> eventsByClass;
  std::string firstDate, lastDate;  // of events, empty when there are none
};

// Which adjacency index to scan around an entity.
enum class Direction { out, in };

// Called for each index entry in day order; return false to stop the scan.
using EventVisitor = std::function<bool(std::string_view eventId, int32_t day)>;

// One adjacency-index entry as traversals read it, without decoding the event record. The
// views point into the scan's buffers: valid only during the visitor call.
struct EdgeEntry {
  std::string_view eventId;
  int32_t day = 0;
  std::string_view actorId, targetId;
  std::string_view cls, code, label;  // action class, CAMEO code (may be empty), label
  uint32_t mentions = 0;              // the event's mention count
};
using EdgeVisitor = std::function<bool(const EdgeEntry&)>;

// Events of pre-coded data sets (GDELT, ICEWS, tab-separated files) stored in bulk: each row is
// an event with one mention by a source (a pseudo article: the GDELT source URL, the ICEWS
// story, the imported file). Dedup is the same as commitArticle()'s: a mention already stored
// (same event, source and row/sentence) changes nothing; the same event from another source is
// one event with one more mention.
struct ImportedMention {
  std::shared_ptr<const Article> source;  // id set, text empty; shared by the source's rows
  ExtractedEvent event;  // sentenceIndex: the row (line, sentence number, event id) in the source
};

struct ImportCounts {
  size_t rows = 0;        // mentions offered
  size_t mentions = 0;    // new mentions stored
  size_t newEvents = 0;   // of which created an event
  size_t duplicates = 0;  // mentions already stored: nothing changed
};

// The id of an imported event. Rows without a CAMEO code (ICEWS18's labels only) keep their
// label in the id, so that two events differing only by label stay two events; otherwise the
// same id as eventId(), so the same event extracted from text and imported is one event.
std::string importedEventId(const ExtractedEvent& e);

// Iterators kept between scans: a traversal that scans many index ranges passes one cursor to
// each scan and pays for creating RocksDB iterators once. Owned by one thread; must not outlive
// the Store it was used with.
class ScanCursor {
 public:
  ScanCursor();
  ~ScanCursor();
  ScanCursor(const ScanCursor&) = delete;
  ScanCursor& operator=(const ScanCursor&) = delete;

 private:
  friend class Store;
  std::unique_ptr<rocksdb::Iterator> iterators_[16];  // by column family
};

class Store {
 public:
  // Opens (and unless read-only, creates) the store at `dir`. Throws dossier::Error with a
  // message naming `dir` when it cannot be opened, is locked by another writer, or was written
  // with another schema version.
  static std::unique_ptr<Store> open(const std::string& dir, const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Stores `article` (whose id must be set) and its events atomically. Throws dossier::Error
  // on a write failure, in which case nothing of the article is stored.
  CommitResult commitArticle(const Article& article, const std::vector<ExtractedEvent>& events);
  // As above, and records each of `seenKeys` (feed item keys: GUID or canonical URL hashes) as
  // seen, pointing to the article, in the same WriteBatch. When the article is already stored,
  // only the seen keys are written (one small batch), with `article.url` as another source of
  // the stored article when it differs from the stored URL (the same story under two URLs).
  CommitResult commitArticle(const Article& article, const std::vector<ExtractedEvent>& events,
                             const std::vector<std::string>& seenKeys);

  // Replaces the events of a stored article with `events` (re-extraction after the
  // dictionaries changed), in one WriteBatch: the article's old mentions go (an event left
  // without mentions goes with its index entries), the new ones are added as commitArticle
  // adds them. Throws dossier::Error when the article is not stored or the write fails.
  CommitResult recodeArticle(std::string_view articleId, const std::vector<ExtractedEvent>& events);

  bool hasArticle(std::string_view articleId) const;
  // `withText` false skips copying the article text (for listing sources).
  std::optional<StoredArticle> article(std::string_view articleId, bool withText = true) const;
  std::optional<StoredEntity> entity(std::string_view entityId) const;
  std::optional<StoredEvent> event(std::string_view eventId) const;
  // Several entities in one pass (one iterator, ids sought in key order): for results listing
  // many. In the order of `ids`; nullopt for an unknown id.
  std::vector<std::optional<StoredEntity>> entities(const std::vector<std::string>& ids) const;
  std::vector<StoredMention> mentions(std::string_view eventId) const;
  // Every stored article in id order, without its text; return false to stop. A full scan:
  // for maintenance (recoding, integrity checks), never for answering queries.
  void scanArticles(const std::function<bool(const StoredArticle&)>& visit) const;

  // Entity ids whose alias (normalised with normaliseAlias) is `name`; several when an alias
  // is shared, none when unknown.
  std::vector<std::string> entitiesByAlias(std::string_view name) const;

  // Index scans over [fromDay, toDay], inclusive, in day order.
  void scanAdjacency(Direction dir, std::string_view entityId, int32_t fromDay, int32_t toDay,
                     const EventVisitor& visit) const;
  // `key` is an action class ("accuse") or, with `isCode`, a CAMEO code prefix ("11" matches
  // 112 and 1125).
  void scanAction(std::string_view key, bool isCode, int32_t fromDay, int32_t toDay,
                  const EventVisitor& visit) const;
  void scanDays(int32_t fromDay, int32_t toDay, const EventVisitor& visit) const;

  // Feed subscriptions and their polling state (column family `feeds`, keyed by URL). putFeed
  // replaces the state of `feed.url`, synced to disk; removeFeed returns false when unknown.
  // Write methods throw dossier::Error on a read-only store or a failed write.
  std::optional<FeedState> feed(std::string_view url) const;
  std::vector<FeedState> feeds() const;  // in URL order
  void putFeed(const FeedState& feed);
  bool removeFeed(std::string_view url);
  // The article id a feed item key was stored as (column family `seen`), if any.
  std::optional<std::string> seenItem(std::string_view itemKey) const;
  // The further URLs the stored article was found under (see commitArticle), in URL order.
  std::vector<std::string> otherSources(std::string_view articleId) const;

  // Adjacency scans with the edge values (see EdgeEntry), in day order over [fromDay, toDay].
  // Each call seeks once and reads only the entries it visits.
  void scanEdges(Direction dir, std::string_view entityId, int32_t fromDay, int32_t toDay,
                 const EdgeVisitor& visit, ScanCursor* cursor = nullptr) const;
  // Out-edges of one action class only (the out_class index): an action-filtered traversal
  // reads the edges it may use and no others.
  void scanOutEdgesOfClass(std::string_view entityId, std::string_view cls, int32_t fromDay,
                           int32_t toDay, const EdgeVisitor& visit,
                           ScanCursor* cursor = nullptr) const;
  // Events from `actorId` to `targetId` only, in day order (the pairs index).
  void scanPair(std::string_view actorId, std::string_view targetId, int32_t fromDay, int32_t toDay,
                const EdgeVisitor& visit, ScanCursor* cursor = nullptr) const;
  // As scanAction(), with the edge values.
  void scanActionEdges(std::string_view key, bool isCode, int32_t fromDay, int32_t toDay,
                       const EdgeVisitor& visit) const;
  // Every event's edge, in actor order (the whole out index): for whole-graph snapshots only,
  // never for answering a neighbourhood, path or timeline query.
  void scanAllEdges(const EdgeVisitor& visit) const;
  // Every entity id with its record, in id order; return false to stop. A full scan of the
  // entities family (for search and snapshots), never of events.
  void scanEntities(const std::function<bool(const StoredEntity&)>& visit) const;

  // Every event record in event id order, with the article id of its first mention (empty when
  // it has none, or when `withFirstSource` is false): one sequential pass over the events family
  // and, beside it, the mentions family, without a seek per event. Return false to stop. A full
  // scan: for whole-store exports, never for answering queries.
  void scanEventRecords(
      bool withFirstSource,
      const std::function<bool(const StoredEvent&, std::string_view firstArticleId)>& visit) const;

  // Grows with every write that changes the store (commit, recode, import); a cached snapshot
  // built at one value is current while the value is unchanged.
  uint64_t changeCounter() const;

  // Stores `rows` as sorted SST files, one per column family, ingested in one atomic step (no
  // write-ahead log, no memtable): atomic per call; an interrupted import is resumed by
  // importing again (rows already stored are duplicates). With StoreOptions::bulkImport the
  // files are written and ingested in the background (see there). Not to be mixed with
  // concurrent commitArticle() calls. Throws dossier::Error on a write failure or an invalid
  // date (validate rows before).
  ImportCounts importMentions(const std::vector<ImportedMention>& rows);
  // Waits for the last chunk, then merges each index family's chunks into one sorted file of
  // the last level, for fast reads.
  void finishImport();

  // Maintained counters; constant time, never a full scan.
  StoreCounts counts() const;

  const std::string& dir() const;

  struct Impl;  // private to store.cpp

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  // Opens `dir` (creating the RocksDB files when options allow) without the atomic creation.
  static std::unique_ptr<Store> openExisting(const std::string& dir, const StoreOptions& options);
  std::unique_ptr<Impl> impl_;
};

// Case-folded, whitespace-collapsed form used as alias key ("  the  Kremlin" -> "the kremlin").
std::string normaliseAlias(std::string_view name);

}  // namespace dossier
