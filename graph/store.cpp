#include "graph/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <future>
#include <map>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "graph/codec.h"
#include "graph/keys.h"
#include "records.capnp.h"
#include "schema/error.h"

namespace dossier {
namespace {

enum Family : size_t {
  kDefault,
  kArticles,
  kEntities,
  kAliases,
  kEvents,
  kMentions,
  kOut,
  kIn,
  kByAction,
  kByDay,
  kFeeds,
  kSeen,
  kMeta,
  kPairs,
  kOutClass,
  kFamilyCount
};
static_assert(kFamilyCount <= 16, "ScanCursor holds 16 iterators");

constexpr const char* kFamilyNames[kFamilyCount] = {
    "default",   "articles", "entities", "aliases", "events", "mentions", "out",      "in",
    "by_action", "by_day",   "feeds",    "seen",    "meta",   "pairs",    "out_class"};

constexpr const char* kSchemaKey = "schema_version";

// In the `seen` family, beside the item keys: "s:" article id NUL url -> "" for each further
// URL an article was found under.
std::string sourceKey(std::string_view articleId, std::string_view url) {
  std::string key = "s:";
  key.append(articleId);
  key.push_back('\0');
  key.append(url);
  return key;
}

// Records are small: a 512-byte first segment (the default is 8 KiB) keeps encoding cheap.
constexpr unsigned kFirstSegmentWords = 64;

std::string counterKey(std::string_view name) {
  return fmt::format("n:{}", name);
}
std::string classCounterKey(std::string_view cls) {
  return fmt::format("c:{}", cls);
}

uint64_t decodeU64(std::string_view v) {
  uint64_t n = 0;
  for (size_t i = 0; i < v.size() && i < 8; ++i) n = n << 8 | static_cast<unsigned char>(v[i]);
  return n;
}

std::string encodeU64(uint64_t n) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, n >>= 8) s[i] = static_cast<char>(n & 0xff);
  return s;
}

StoredEvent decodeEvent(std::string_view bytes) {
  codec::AlignedReader reader(bytes);
  auto e = reader.root<records::Event>();
  StoredEvent out;
  out.id = codec::str(e.getId());
  out.actorId = codec::str(e.getActorId());
  out.targetId = codec::str(e.getTargetId());
  out.cls = codec::str(e.getActionClass());
  out.code = codec::str(e.getCode());
  out.label = codec::str(e.getLabel());
  out.verb = codec::str(e.getVerb());
  out.date = codec::str(e.getDate());
  out.precision = codec::str(e.getPrecision());
  out.mentionCount = e.getMentionCount();
  out.sourceCount = e.getSourceCount();
  out.confidence = e.getConfidence();
  return out;
}

std::string encodeEvent(const StoredEvent& in) {
  capnp::MallocMessageBuilder message(kFirstSegmentWords);
  auto e = message.initRoot<records::Event>();
  e.setId(in.id);
  e.setActorId(in.actorId);
  e.setTargetId(in.targetId);
  e.setActionClass(in.cls);
  e.setCode(in.code);
  e.setLabel(in.label);
  e.setVerb(in.verb);
  e.setDate(in.date);
  e.setPrecision(in.precision);
  e.setMentionCount(in.mentionCount);
  e.setSourceCount(in.sourceCount);
  e.setConfidence(in.confidence);
  return codec::toBytes(message);
}

StoredEntity decodeEntity(std::string_view bytes) {
  codec::AlignedReader reader(bytes);
  auto e = reader.root<records::Entity>();
  StoredEntity out;
  out.id = codec::str(e.getId());
  out.name = codec::str(e.getName());
  out.type = codec::str(e.getType());
  out.country = codec::str(e.getCountry());
  out.sector = codec::str(e.getSector());
  for (auto a : e.getAliases()) out.aliases.push_back(codec::str(a));
  out.firstSeen = codec::str(e.getFirstSeen());
  out.lastSeen = codec::str(e.getLastSeen());
  return out;
}

std::string encodeEntity(const StoredEntity& in) {
  capnp::MallocMessageBuilder message(kFirstSegmentWords);
  auto e = message.initRoot<records::Entity>();
  e.setId(in.id);
  e.setName(in.name);
  e.setType(in.type);
  e.setCountry(in.country);
  e.setSector(in.sector);
  auto aliases = e.initAliases(static_cast<unsigned>(in.aliases.size()));
  for (size_t i = 0; i < in.aliases.size(); ++i)
    aliases.set(static_cast<unsigned>(i), in.aliases[i]);
  e.setFirstSeen(in.firstSeen);
  e.setLastSeen(in.lastSeen);
  return codec::toBytes(message);
}

records::Article::DateSource toRecord(DateSource s) {
  switch (s) {
    case DateSource::firstLine:
      return records::Article::DateSource::FIRST_LINE;
    case DateSource::fileTime:
      return records::Article::DateSource::FILE_TIME;
    case DateSource::polled:
      return records::Article::DateSource::POLLED;
    case DateSource::given:
      break;
  }
  return records::Article::DateSource::GIVEN;
}

DateSource fromRecord(records::Article::DateSource s) {
  switch (s) {
    case records::Article::DateSource::FIRST_LINE:
      return DateSource::firstLine;
    case records::Article::DateSource::FILE_TIME:
      return DateSource::fileTime;
    case records::Article::DateSource::POLLED:
      return DateSource::polled;
    default:
      return DateSource::given;
  }
}

std::string encodeArticle(const Article& a, int64_t ingestedAt,
                          const std::vector<std::string>& eventIds) {
  capnp::MallocMessageBuilder message(kFirstSegmentWords);
  auto r = message.initRoot<records::Article>();
  r.setId(a.id);
  r.setUrl(a.url);
  r.setTitle(a.title);
  r.setPublisher(a.publisher);
  r.setPublished(a.published);
  r.setPublishedFrom(toRecord(a.publishedFrom));
  r.setText(a.text);
  r.setIngestedAt(ingestedAt);
  auto ids = r.initEventIds(static_cast<unsigned>(eventIds.size()));
  for (size_t i = 0; i < eventIds.size(); ++i) ids.set(static_cast<unsigned>(i), eventIds[i]);
  return codec::toBytes(message);
}

std::string encodeMention(const ExtractedEvent& e, std::string_view eventId,
                          std::string_view articleId) {
  capnp::MallocMessageBuilder message(kFirstSegmentWords);
  auto m = message.initRoot<records::Mention>();
  m.setEventId(std::string(eventId));
  m.setArticleId(std::string(articleId));
  m.setSentenceIndex(e.sentenceIndex);
  m.setSentence(e.sentence);
  m.setBegin(e.begin);
  m.setEnd(e.end);
  m.setPattern(e.pattern);
  m.setVerb(e.action.verb);
  m.setConfidence(e.confidence);
  return codec::toBytes(message);
}

rocksdb::Slice slice(std::string_view s) {
  return rocksdb::Slice(s.data(), s.size());
}
std::string_view view(const rocksdb::Slice& s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace

std::string normaliseAlias(std::string_view name) {
  std::string out;
  bool space = false;
  for (unsigned char c : name) {
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

struct Store::Impl {
  std::string dir;
  bool readOnly = false;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cf;
  rocksdb::Options options;                             // of the database
  std::vector<rocksdb::ColumnFamilyOptions> cfOptions;  // by Family
  uint64_t importFiles = 0;                             // SST files written by this process
  // Entities and sources seen by importMentions() in this process, so that each is written
  // once per batch rather than once per row.
  std::unordered_map<std::string, StoredEntity> importedEntities;
  std::unordered_set<std::string> importedSources;
  // For an import into an empty store: hashes of the mention keys and event ids imported so far
  // by this process. A key whose hash is absent cannot be in the store, so the reads that
  // dedup rows are skipped for all rows but the rare hash hits. 16 bytes per row.
  bool importIntoEmpty = false;
  bool bulkImport = false;  // StoreOptions::bulkImport
  bool importStarted = false;
  std::unordered_set<uint64_t> importedMentionHashes, importedEventHashes;
  // SortedBatches (store.cpp), used by turns: with bulkImport, one chunk's files are written
  // and ingested on another thread (pendingIngest) while the next chunk is encoded.
  std::shared_ptr<void> importBatches[2];
  size_t nextBatch = 0;
  std::future<void> pendingIngest;

  // Waits until the chunk being ingested is in the store; rethrows its failure. Called before
  // reading anything an earlier chunk of this import may have written.
  void waitForIngest() {
    if (!pendingIngest.valid()) return;
    std::future<void> pending = std::move(pendingIngest);
    pending.get();
  }

  ~Impl() {
    if (pendingIngest.valid()) pendingIngest.wait();
    for (auto* h : cf) {
      if (h != nullptr && db) db->DestroyColumnFamilyHandle(h);
    }
  }

  // Reads of a read-only store (queries) use the mapped files directly: no copy into the block
  // cache and no block checksums, since a query reads many blocks once. A corrupt block still
  // fails the writer's reads and compactions.
  // Point reads (records, which are compressed) do fill the cache: a block of records is
  // decompressed once.
  rocksdb::ReadOptions readOptions(bool scan = true) const {
    rocksdb::ReadOptions ro;
    ro.verify_checksums = !readOnly;
    ro.fill_cache = !readOnly || !scan;
    ro.ignore_range_deletions = true;  // the store never writes range deletions
    return ro;
  }

  std::optional<std::string> get(Family f, std::string_view key) const {
    if (cf[f] == nullptr) return std::nullopt;  // a family this (older) store lacks
    std::string value;
    auto s = db->Get(readOptions(false), cf[f], slice(key), &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) throw Error(fmt::format("{}: read failed: {}", dir, s.ToString()));
    return value;
  }

  // Visits keys starting with `prefix` from `start` (>= prefix) on; stops when visit returns false.
  template <typename Visit>
  void scan(Family f, std::string_view prefix, std::string_view start, Visit&& visit,
            ScanCursor* cursor = nullptr) const {
    if (cf[f] == nullptr) return;  // a family this (older) store lacks
    std::unique_ptr<rocksdb::Iterator> own;
    rocksdb::Iterator* it = nullptr;
    if (cursor != nullptr) {
      auto& slot = cursor->iterators_[static_cast<size_t>(f)];
      if (!slot) slot.reset(db->NewIterator(readOptions(), cf[f]));
      it = slot.get();
    } else {
      own.reset(db->NewIterator(readOptions(), cf[f]));
      it = own.get();
    }
    for (it->Seek(slice(start)); it->Valid(); it->Next()) {
      auto key = view(it->key());
      if (!key.starts_with(prefix)) break;
      if (!visit(key, view(it->value()))) break;
    }
    if (!it->status().ok())
      throw Error(fmt::format("{}: scan failed: {}", dir, it->status().ToString()));
  }

  uint64_t counter(std::string_view key) const {
    auto v = get(kMeta, key);
    return v ? decodeU64(*v) : 0;
  }

  template <typename Visit>
  void scanDatedValues(Family f, std::string_view prefix, int32_t fromDay, int32_t toDay,
                       Visit&& visit, ScanCursor* cursor = nullptr) const {
    std::string start(prefix);
    keys::appendU32(start, keys::biasDay(fromDay));
    const uint32_t last = keys::biasDay(toDay);
    scan(
        f, prefix, start,
        [&](std::string_view key, std::string_view value) {
          if (key.size() < prefix.size() + 4) return true;
          uint32_t biased = keys::readU32(key, prefix.size());
          if (biased > last) return false;
          return visit(key.substr(prefix.size() + 4), keys::unbiasDay(biased), value);
        },
        cursor);
  }

  void scanDated(Family f, std::string_view prefix, int32_t fromDay, int32_t toDay,
                 const EventVisitor& visit) const {
    std::string start(prefix);
    keys::appendU32(start, keys::biasDay(fromDay));
    const uint32_t last = keys::biasDay(toDay);
    scan(f, prefix, start, [&](std::string_view key, std::string_view) {
      if (key.size() < prefix.size() + 4) return true;
      uint32_t biased = keys::readU32(key, prefix.size());
      if (biased > last) return false;
      return visit(key.substr(prefix.size() + 4), keys::unbiasDay(biased));
    });
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ScanCursor::ScanCursor() = default;
ScanCursor::~ScanCursor() = default;
Store::~Store() = default;

const std::string& Store::dir() const {
  return impl_->dir;
}

std::unique_ptr<Store> Store::open(const std::string& dir, const StoreOptions& options) {
  namespace fs = std::filesystem;
  const bool exists = fs::exists(fs::path(dir) / "CURRENT");
  if (!exists && (options.readOnly || !options.createIfMissing))
    throw Error(
        fmt::format("{}: no dossier store here (run `dossier ingest --db {}` first)", dir, dir));
  if (!exists) {
    // Created whole or not at all: built beside `dir` with every column family and the schema
    // version, then renamed into place, so that a crash never leaves half a store.
    const fs::path target = fs::absolute(fs::path(dir));
    const fs::path building = target.parent_path() / (target.filename().string() + ".creating");
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    fs::remove_all(building, ec);
    {
      StoreOptions fresh;
      fresh.createIfMissing = true;
      auto created = openExisting(building.string(), fresh);
    }
    fs::rename(building, target, ec);
    if (ec) throw Error(fmt::format("{}: cannot create store: {}", dir, ec.message()));
  }
  return openExisting(dir, options);
}

std::unique_ptr<Store> Store::openExisting(const std::string& dir, const StoreOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->readOnly = options.readOnly;
  impl->bulkImport = options.bulkImport;

  rocksdb::Options dbOptions;
  dbOptions.create_if_missing = true;
  dbOptions.create_missing_column_families = true;
  if (!options.readOnly) dbOptions.IncreaseParallelism(2);  // flushes and compactions
  dbOptions.max_open_files = 512;
  // RocksDB opens up to a quarter of its table cache's files (at most 16 per column family)
  // while it opens the store, reading and checksumming each one's index and Bloom filter: for a
  // query, most of those are families it never reads (opening the store cost 400 page faults
  // and 15 ms). A read-only store keeps 14 files open (max_open_files less the 10 RocksDB keeps
  // for itself), so it opens 3 at start and the others when first read.
  if (options.readOnly) dbOptions.max_open_files = 24;
  // Queries map the files rather than copying blocks out of them: a fresh process reads its
  // index ranges straight from the page cache.
  if (options.readOnly) dbOptions.allow_mmap_reads = true;
  // A query process opens the store once and reads little: no statistics pass over the files
  // and no size checks at open, which would touch every file before the first answer.
  if (options.readOnly) {
    dbOptions.skip_stats_update_on_db_open = true;
    dbOptions.skip_checking_sst_file_sizes_on_db_open = true;
    dbOptions.max_file_opening_threads = 1;  // (16 threads started to open a dozen files)
  }
  // Index families are scanned by every traversal: stored uncompressed, so a scan is a copy
  // out of the block cache. Records are read by key: compressed, behind a Bloom filter.
  auto cache = rocksdb::NewLRUCache(256 << 20);
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (size_t f = 0; f < kFamilyCount; ++f) {
    rocksdb::ColumnFamilyOptions cfo;
    rocksdb::BlockBasedTableOptions table;
    table.block_cache = cache;
    const bool index =
        f == kOut || f == kIn || f == kPairs || f == kByAction || f == kByDay || f == kAliases;
    if (index) {
      cfo.compression = rocksdb::kNoCompression;
      table.block_size = 16 << 10;
    } else {
      // Entities are small and every query names its rows from them: kept uncompressed too.
      if (f == kEntities) cfo.compression = rocksdb::kNoCompression;
      table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    }
    cfo.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    if (options.bulkImport) {
      // Chunks land in level 0 as overlapping files; compacting them as they come would
      // rewrite the growing store once per chunk. finishImport() compacts once instead.
      cfo.disable_auto_compactions = true;
      cfo.level0_slowdown_writes_trigger = 1 << 20;
      cfo.level0_stop_writes_trigger = 1 << 20;
    }
    families.emplace_back(kFamilyNames[f], cfo);
    impl->cfOptions.push_back(cfo);
  }
  impl->options = dbOptions;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.readOnly) {
    // A store written by an older build may lack the newer index families: open those it
    // has; scans of a missing family find nothing (`dossier recode` adds them).
    std::vector<std::string> present;
    rocksdb::DB::ListColumnFamilies(dbOptions, dir, &present);
    std::vector<rocksdb::ColumnFamilyDescriptor> existing;
    std::vector<size_t> which;
    for (size_t f = 0; f < families.size(); ++f) {
      if (present.empty() ||
          std::find(present.begin(), present.end(), families[f].name) != present.end()) {
        existing.push_back(families[f]);
        which.push_back(f);
      }
    }
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    s = rocksdb::DB::OpenForReadOnly(dbOptions, dir, existing, &handles, &raw);
    impl->cf.assign(kFamilyCount, nullptr);
    for (size_t i = 0; i < handles.size() && i < which.size(); ++i) impl->cf[which[i]] = handles[i];
  } else {
    s = rocksdb::DB::Open(dbOptions, dir, families, &impl->cf, &raw);
  }
  if (!s.ok()) {
    std::string why = s.ToString();
    if (why.find("lock") != std::string::npos)
      why = "locked by another dossier process writing to it";
    throw Error(fmt::format("{}: cannot open store: {}", dir, why));
  }
  impl->db.reset(raw);

  auto version = impl->get(kMeta, kSchemaKey);
  if (!version) {
    // A store killed while being created has no version yet, and no articles either: it is
    // an empty store, which the next writer finishes creating.
    bool empty = true;
    impl->scan(kArticles, "", "",
               [&](std::string_view, std::string_view) { return empty = false; });
    if (!empty) throw Error(fmt::format("{}: not a dossier store (no schema version)", dir));
    if (options.readOnly) return std::unique_ptr<Store>(new Store(std::move(impl)));
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = impl->db->Put(wo, impl->cf[kMeta], kSchemaKey, std::to_string(kSchemaVersion));
    if (!s.ok()) throw Error(fmt::format("{}: cannot write schema version: {}", dir, s.ToString()));
  } else if (*version != std::to_string(kSchemaVersion)) {
    throw Error(fmt::format("{}: store has schema version {}, this dossier reads version {}", dir,
                            *version, kSchemaVersion));
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

namespace {

// Every index key of `e`, with its family.
std::vector<std::pair<Family, std::string>> indexKeys(const StoredEvent& e) {
  int32_t day = 0;
  isoToDays(e.date, day);
  std::vector<std::pair<Family, std::string>> out;
  out.reserve(6);
  out.emplace_back(kOut, keys::dated(e.actorId, day, e.id));
  out.emplace_back(kIn, keys::dated(e.targetId, day, e.id));
  std::string pair = keys::pair(e.actorId, e.targetId);
  keys::appendU32(pair, keys::biasDay(day));
  pair.append(e.id);
  out.emplace_back(kPairs, std::move(pair));
  out.emplace_back(kOutClass, keys::dated(keys::group(e.actorId) + e.cls, day, e.id));
  out.emplace_back(kByAction, keys::dated("c:" + e.cls, day, e.id));
  if (!e.code.empty()) out.emplace_back(kByAction, keys::dated("k:" + e.code, day, e.id));
  out.emplace_back(kByDay, keys::byDay(day, e.id));
  return out;
}

// Puts the index entries of `e` (overwriting older values: the mention count changes).
template <typename Batch>
void putIndexEntries(Batch& batch, const Store::Impl& d, const StoredEvent& e) {
  const std::string value =
      keys::edgeValue(e.actorId, e.targetId, e.cls, e.code, e.label, e.mentionCount);
  for (const auto& [family, key] : indexKeys(e))
    batch.Put(d.cf[family], key, family == kByDay ? rocksdb::Slice() : slice(value));
}

}  // namespace

// The writes of one article, gathered into one WriteBatch: mentions added or removed, and the
// events, entities, indexes and counters they change. Reads see the store before the batch;
// state touched by the batch is kept here so that later steps see earlier ones.
class ArticleWriter {
 public:
  ArticleWriter(Store::Impl& d) : d_(d) {}

  // Removes every mention of `articleId` from `eventIds`; an event left without mentions is
  // removed with its index entries.
  void removeMentions(const std::string& articleId, const std::vector<std::string>& eventIds) {
    for (const auto& id : eventIds) {
      EventState* ev = load(id);
      if (ev == nullptr) continue;
      const std::string prefix = keys::group(id) + articleId + std::string(1, '\0');
      uint32_t removed = 0;
      d_.scan(kMentions, prefix, prefix, [&](std::string_view key, std::string_view) {
        batch_.Delete(d_.cf[kMentions], slice(key));
        ++removed;
        return true;
      });
      if (removed == 0) continue;
      counters_[counterKey("mentions")] -= removed;
      ev->event.mentionCount -= std::min(ev->event.mentionCount, removed);
      if (ev->event.sourceCount > 0) --ev->event.sourceCount;
      if (ev->event.mentionCount == 0) {
        setIndexed(*ev, false);
      } else {
        // Confidence from the mentions that remain.
        double c = 0;
        d_.scan(kMentions, keys::group(id), keys::group(id),
                [&](std::string_view key, std::string_view value) {
                  if (key.starts_with(prefix)) return true;
                  codec::AlignedReader reader(value);
                  c = 1.0 - (1.0 - c) * (1.0 - reader.root<records::Mention>().getConfidence());
                  return true;
                });
        ev->event.confidence = std::min(0.99, c);
      }
      ev->dirty = true;
    }
  }

  // Adds the mention of `e` by `articleId`. Throws Error for a date that is not ISO 8601.
  void addMention(const std::string& articleId, const ExtractedEvent& e) {
    int32_t day = 0;
    if (!isoToDays(e.date, day))
      throw Error(fmt::format("event date '{}' is not ISO 8601", e.date));
    const std::string id = eventId(e);
    const std::string mkey = keys::mention(id, articleId, e.sentenceIndex);
    if (!mentionKeys_.insert(mkey).second) return;  // same event twice in one sentence
    EventState* ev = load(id);
    if (ev == nullptr) {
      EventState fresh;
      fresh.event.id = id;
      fresh.event.actorId = e.actor.id;
      fresh.event.targetId = e.target.id;
      fresh.event.cls = e.action.cls;
      fresh.event.code = e.action.code;
      fresh.event.label = e.action.label;
      fresh.event.verb = e.action.verb;
      fresh.event.date = e.date;
      fresh.event.precision = e.precision;
      fresh.wasStored = false;
      fresh.indexed = false;
      ev = &events_.emplace(id, std::move(fresh)).first->second;
    }
    if (!ev->indexed) setIndexed(*ev, true);
    if (!ev->mentionedHere) {
      ev->mentionedHere = true;
      ev->event.sourceCount++;
      order_.push_back(id);
    }
    ev->event.mentionCount++;
    // Independent sources raise confidence (noisy-or), never to certainty.
    ev->event.confidence =
        std::min(0.99, 1.0 - (1.0 - ev->event.confidence) * (1.0 - e.confidence));
    ev->dirty = true;
    batch_.Put(d_.cf[kMentions], mkey, encodeMention(e, id, articleId));
    counters_[counterKey("mentions")] += 1;
    touchEntity(e.actor, e.date);
    touchEntity(e.target, e.date);
  }

  // Records feed item keys as seen, pointing to `articleId`, with the rest of the batch.
  void addSeen(const std::vector<std::string>& seenKeys, const std::string& articleId) {
    for (const auto& key : seenKeys) batch_.Put(d_.cf[kSeen], key, articleId);
  }

  // Records `url` as another source of the stored article `articleId` (the same story
  // published under another URL).
  void addSource(const std::string& articleId, const std::string& url) {
    batch_.Put(d_.cf[kSeen], sourceKey(articleId, url), "");
  }

  // Writes only what was added with addSeen (the article is already stored).
  void writeSeenOnly() {
    auto s = d_.db->Write(rocksdb::WriteOptions(), &batch_);
    if (!s.ok()) throw Error(fmt::format("{}: write failed: {}", d_.dir, s.ToString()));
  }

  // Writes everything with the article record; `newArticle` counts it as one more article.
  void write(const Article& article, bool newArticle) {
    for (auto& [id, ev] : events_) {
      if (!ev.dirty) continue;
      if (ev.indexed) {
        batch_.Put(d_.cf[kEvents], id, encodeEvent(ev.event));
        putIndexEntries(batch_, d_, ev.event);
      } else {
        batch_.Delete(d_.cf[kEvents], id);
      }
    }
    for (const auto& [id, entity] : entities_)
      batch_.Put(d_.cf[kEntities], id, encodeEntity(entity));
    if (newArticle) counters_[counterKey("articles")] += 1;
    counters_[counterKey("changes")] += 1;
    for (const auto& [key, delta] : counters_) {
      if (delta == 0) continue;
      const int64_t value = static_cast<int64_t>(d_.counter(key)) + delta;
      batch_.Put(d_.cf[kMeta], key, encodeU64(static_cast<uint64_t>(std::max<int64_t>(0, value))));
    }
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    batch_.Put(d_.cf[kArticles], article.id, encodeArticle(article, now, order_));
    auto s = d_.db->Write(rocksdb::WriteOptions(), &batch_);
    if (!s.ok()) throw Error(fmt::format("{}: write failed: {}", d_.dir, s.ToString()));
  }

  size_t eventsMentioned() const { return order_.size(); }
  size_t eventsCreated() const {
    return static_cast<size_t>(
        std::count_if(order_.begin(), order_.end(),
                      [&](const std::string& id) { return !events_.at(id).wasStored; }));
  }

 private:
  struct EventState {
    StoredEvent event;
    bool wasStored = true;  // in the store before this batch
    bool indexed = true;    // has its event record and index entries after this batch
    bool dirty = false;
    bool mentionedHere = false;  // mentioned by the article being written
  };

  EventState* load(const std::string& id) {
    if (auto it = events_.find(id); it != events_.end()) return &it->second;
    auto bytes = d_.get(kEvents, id);
    if (!bytes) return nullptr;
    EventState st;
    st.event = decodeEvent(*bytes);
    return &events_.emplace(id, std::move(st)).first->second;
  }

  // Counts the event in or out; removing it deletes its index entries, adding it leaves them to
  // write(), which puts them with the event's final mention count.
  void setIndexed(EventState& ev, bool on) {
    if (!on) {
      for (const auto& [family, key] : indexKeys(ev.event)) batch_.Delete(d_.cf[family], key);
    }
    const int delta = on ? 1 : -1;
    counters_[counterKey("events")] += delta;
    counters_[classCounterKey(ev.event.cls)] += delta;
    ev.indexed = on;
    ev.dirty = true;
  }

  void touchEntity(const Entity& e, const std::string& date) {
    auto it = entities_.find(e.id);
    if (it == entities_.end()) {
      StoredEntity stored;
      if (auto bytes = d_.get(kEntities, e.id)) {
        stored = decodeEntity(*bytes);
      } else {
        stored = {e.id, e.name, e.type, e.country, e.sector, {e.name}, date, date};
        counters_[counterKey("entities")] += 1;
        // The canonical name finds the entity even when the text used another form
        // ("--actor Russia" after "Moscow said").
        batch_.Put(d_.cf[kAliases], keys::alias(normaliseAlias(e.name), e.id), "");
      }
      it = entities_.emplace(e.id, std::move(stored)).first;
    }
    StoredEntity& s = it->second;
    std::string alias = e.alias.empty() ? e.name : e.alias;
    if (std::find(s.aliases.begin(), s.aliases.end(), alias) == s.aliases.end()) {
      s.aliases.push_back(alias);
      batch_.Put(d_.cf[kAliases], keys::alias(normaliseAlias(alias), e.id), "");
    }
    if (s.firstSeen.empty() || date < s.firstSeen) s.firstSeen = date;
    if (s.lastSeen.empty() || date > s.lastSeen) s.lastSeen = date;
  }

  Store::Impl& d_;
  rocksdb::WriteBatch batch_;
  std::unordered_map<std::string, EventState> events_;
  std::unordered_map<std::string, StoredEntity> entities_;
  std::map<std::string, int64_t> counters_;
  std::unordered_set<std::string> mentionKeys_;
  std::vector<std::string> order_;  // events the article mentions, in first-mention order
};

CommitResult Store::commitArticle(const Article& article,
                                  const std::vector<ExtractedEvent>& events) {
  Impl& d = *impl_;
  if (d.readOnly) throw Error(fmt::format("{}: store is open read-only", d.dir));
  if (article.id.empty()) throw Error("commitArticle: article has no id");
  CommitResult result;
  if (hasArticle(article.id)) return result;
  ArticleWriter writer(d);
  for (const ExtractedEvent& e : events) writer.addMention(article.id, e);
  writer.write(article, true);
  result.stored = true;
  result.events = writer.eventsMentioned();
  result.newEvents = writer.eventsCreated();
  return result;
}

CommitResult Store::commitArticle(const Article& article, const std::vector<ExtractedEvent>& events,
                                  const std::vector<std::string>& seenKeys) {
  Impl& d = *impl_;
  if (d.readOnly) throw Error(fmt::format("{}: store is open read-only", d.dir));
  if (article.id.empty()) throw Error("commitArticle: article has no id");
  CommitResult result;
  ArticleWriter writer(d);
  writer.addSeen(seenKeys, article.id);
  if (auto stored = this->article(article.id, false)) {
    const bool otherUrl = !article.url.empty() && stored->article.url != article.url;
    if (otherUrl) writer.addSource(article.id, article.url);
    if (!seenKeys.empty() || otherUrl) writer.writeSeenOnly();
    return result;
  }
  for (const ExtractedEvent& e : events) writer.addMention(article.id, e);
  writer.write(article, true);
  result.stored = true;
  result.events = writer.eventsMentioned();
  result.newEvents = writer.eventsCreated();
  return result;
}

CommitResult Store::recodeArticle(std::string_view articleId,
                                  const std::vector<ExtractedEvent>& events) {
  Impl& d = *impl_;
  if (d.readOnly) throw Error(fmt::format("{}: store is open read-only", d.dir));
  auto stored = article(articleId);
  if (!stored) throw Error(fmt::format("{}: no article {}", d.dir, articleId));
  ArticleWriter writer(d);
  writer.removeMentions(stored->article.id, stored->eventIds);
  for (const ExtractedEvent& e : events) writer.addMention(stored->article.id, e);
  writer.write(stored->article, false);
  CommitResult result;
  result.stored = true;
  result.events = writer.eventsMentioned();
  result.newEvents = writer.eventsCreated();
  return result;
}

bool Store::hasArticle(std::string_view articleId) const {
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->cf[kArticles], slice(articleId), &value);
  if (s.IsNotFound()) return false;
  if (!s.ok()) throw Error(fmt::format("{}: read failed: {}", impl_->dir, s.ToString()));
  return true;
}

namespace {
StoredArticle decodeArticle(std::string_view bytes, bool withText) {
  codec::AlignedReader reader(bytes);
  auto r = reader.root<records::Article>();
  StoredArticle out;
  out.article.id = codec::str(r.getId());
  out.article.url = codec::str(r.getUrl());
  out.article.title = codec::str(r.getTitle());
  out.article.publisher = codec::str(r.getPublisher());
  out.article.published = codec::str(r.getPublished());
  out.article.publishedFrom = fromRecord(r.getPublishedFrom());
  if (withText) out.article.text = codec::str(r.getText());
  out.ingestedAt = r.getIngestedAt();
  for (auto id : r.getEventIds()) out.eventIds.push_back(codec::str(id));
  return out;
}
}  // namespace

std::optional<StoredArticle> Store::article(std::string_view articleId, bool withText) const {
  auto bytes = impl_->get(kArticles, articleId);
  if (!bytes) return std::nullopt;
  return decodeArticle(*bytes, withText);
}

void Store::scanArticles(const std::function<bool(const StoredArticle&)>& visit) const {
  impl_->scan(kArticles, "", "", [&](std::string_view, std::string_view value) {
    return visit(decodeArticle(value, false));
  });
}

std::optional<StoredEntity> Store::entity(std::string_view entityId) const {
  auto bytes = impl_->get(kEntities, entityId);
  if (!bytes) return std::nullopt;
  return decodeEntity(*bytes);
}

std::vector<std::optional<StoredEntity>> Store::entities(
    const std::vector<std::string>& ids) const {
  const Impl& d = *impl_;
  std::vector<std::optional<StoredEntity>> out(ids.size());
  if (ids.empty() || d.cf[kEntities] == nullptr) return out;
  // One iterator seeking the ids in key order, reading the mapped blocks in place: a third of
  // the instructions of a MultiGet of the same ids (which sorts them, probes a Bloom filter and
  // copies each value).
  std::vector<uint32_t> order(ids.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return ids[a] < ids[b]; });
  std::unique_ptr<rocksdb::Iterator> it(d.db->NewIterator(d.readOptions(), d.cf[kEntities]));
  for (uint32_t i : order) {
    const std::string& id = ids[i];
    if (!it->Valid() || view(it->key()) != id) it->Seek(slice(id));
    if (it->Valid() && view(it->key()) == id) out[i] = decodeEntity(view(it->value()));
  }
  if (!it->status().ok())
    throw Error(fmt::format("{}: read failed: {}", d.dir, it->status().ToString()));
  return out;
}

std::optional<StoredEvent> Store::event(std::string_view eventId) const {
  auto bytes = impl_->get(kEvents, eventId);
  if (!bytes) return std::nullopt;
  return decodeEvent(*bytes);
}

std::vector<StoredMention> Store::mentions(std::string_view eventId) const {
  std::vector<StoredMention> out;
  const std::string prefix = keys::group(eventId);
  impl_->scan(kMentions, prefix, prefix, [&](std::string_view, std::string_view value) {
    codec::AlignedReader reader(value);
    auto m = reader.root<records::Mention>();
    StoredMention sm;
    sm.eventId = codec::str(m.getEventId());
    sm.articleId = codec::str(m.getArticleId());
    sm.sentenceIndex = m.getSentenceIndex();
    sm.sentence = codec::str(m.getSentence());
    sm.begin = m.getBegin();
    sm.end = m.getEnd();
    sm.pattern = codec::str(m.getPattern());
    sm.verb = codec::str(m.getVerb());
    sm.confidence = m.getConfidence();
    out.push_back(std::move(sm));
    return true;
  });
  return out;
}

std::vector<std::string> Store::entitiesByAlias(std::string_view name) const {
  std::vector<std::string> ids;
  const std::string prefix = keys::group(normaliseAlias(name));
  impl_->scan(kAliases, prefix, prefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key.substr(prefix.size()));
    return true;
  });
  return ids;
}

void Store::scanAdjacency(Direction dir, std::string_view entityId, int32_t fromDay, int32_t toDay,
                          const EventVisitor& visit) const {
  impl_->scanDated(dir == Direction::out ? kOut : kIn, keys::group(entityId), fromDay, toDay,
                   visit);
}

void Store::scanAction(std::string_view key, bool isCode, int32_t fromDay, int32_t toDay,
                       const EventVisitor& visit) const {
  if (!isCode) {
    impl_->scanDated(kByAction, keys::group("c:" + std::string(key)), fromDay, toDay, visit);
    return;
  }
  // A code prefix spans several codes ("11" -> 110, 111, 112, 1125): each is its own dated run.
  const std::string prefix = "k:" + std::string(key);
  std::vector<std::string> codes;
  std::string seek = prefix;
  for (;;) {
    std::optional<std::string> found;
    impl_->scan(kByAction, prefix, seek, [&](std::string_view k, std::string_view) {
      found = std::string(k.substr(0, k.find('\0')));
      return false;
    });
    if (!found) break;
    codes.push_back(*found);
    seek = *found;
    seek.push_back('\x01');  // past every key of this code
  }
  for (const auto& code : codes) {
    bool stopped = false;
    impl_->scanDated(kByAction, keys::group(code), fromDay, toDay,
                     [&](std::string_view id, int32_t day) {
                       if (!visit(id, day)) stopped = true;
                       return !stopped;
                     });
    if (stopped) return;
  }
}

void Store::scanDays(int32_t fromDay, int32_t toDay, const EventVisitor& visit) const {
  impl_->scanDated(kByDay, "", fromDay, toDay, visit);
}

namespace {

std::string encodeFeed(const FeedState& f) {
  capnp::MallocMessageBuilder message;
  auto r = message.initRoot<records::FeedState>();
  r.setUrl(f.url);
  r.setName(f.name);
  auto tags = r.initTags(static_cast<unsigned>(f.tags.size()));
  for (size_t i = 0; i < f.tags.size(); ++i) tags.set(static_cast<unsigned>(i), f.tags[i]);
  r.setEverySeconds(f.everySeconds);
  r.setEtag(f.etag);
  r.setLastModified(f.lastModified);
  r.setAddedAt(f.addedAt);
  r.setLastPoll(f.lastPoll);
  r.setLastSuccess(f.lastSuccess);
  r.setNextDue(f.nextDue);
  r.setItemsStored(f.itemsStored);
  r.setConsecutiveErrors(f.consecutiveErrors);
  r.setLastError(f.lastError);
  r.setTitle(f.title);
  return codec::toBytes(message);
}

FeedState decodeFeed(std::string_view bytes) {
  codec::AlignedReader reader(bytes);
  auto r = reader.root<records::FeedState>();
  FeedState f;
  f.url = codec::str(r.getUrl());
  f.name = codec::str(r.getName());
  for (auto t : r.getTags()) f.tags.push_back(codec::str(t));
  f.everySeconds = r.getEverySeconds();
  f.etag = codec::str(r.getEtag());
  f.lastModified = codec::str(r.getLastModified());
  f.addedAt = r.getAddedAt();
  f.lastPoll = r.getLastPoll();
  f.lastSuccess = r.getLastSuccess();
  f.nextDue = r.getNextDue();
  f.itemsStored = r.getItemsStored();
  f.consecutiveErrors = r.getConsecutiveErrors();
  f.lastError = codec::str(r.getLastError());
  f.title = codec::str(r.getTitle());
  return f;
}

}  // namespace

std::optional<FeedState> Store::feed(std::string_view url) const {
  auto bytes = impl_->get(kFeeds, url);
  if (!bytes) return std::nullopt;
  return decodeFeed(*bytes);
}

std::vector<FeedState> Store::feeds() const {
  std::vector<FeedState> out;
  impl_->scan(kFeeds, "", "", [&](std::string_view, std::string_view value) {
    out.push_back(decodeFeed(value));
    return true;
  });
  return out;
}

void Store::putFeed(const FeedState& feed) {
  Impl& d = *impl_;
  if (d.readOnly) throw Error(fmt::format("{}: store is open read-only", d.dir));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = d.db->Put(wo, d.cf[kFeeds], slice(feed.url), encodeFeed(feed));
  if (!s.ok()) throw Error(fmt::format("{}: write failed: {}", d.dir, s.ToString()));
}

bool Store::removeFeed(std::string_view url) {
  Impl& d = *impl_;
  if (d.readOnly) throw Error(fmt::format("{}: store is open read-only", d.dir));
  if (!d.get(kFeeds, url)) return false;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto s = d.db->Delete(wo, d.cf[kFeeds], slice(url));
  if (!s.ok()) throw Error(fmt::format("{}: write failed: {}", d.dir, s.ToString()));
  return true;
}

std::optional<std::string> Store::seenItem(std::string_view itemKey) const {
  return impl_->get(kSeen, itemKey);
}

std::vector<std::string> Store::otherSources(std::string_view articleId) const {
  std::vector<std::string> urls;
  const std::string prefix = sourceKey(articleId, "");
  impl_->scan(kSeen, prefix, prefix, [&](std::string_view key, std::string_view) {
    urls.emplace_back(key.substr(prefix.size()));
    return true;
  });
  return urls;
}

StoreCounts Store::counts() const {
  const Impl& d = *impl_;
  StoreCounts c;
  c.articles = d.counter(counterKey("articles"));
  c.entities = d.counter(counterKey("entities"));
  c.events = d.counter(counterKey("events"));
  c.mentions = d.counter(counterKey("mentions"));
  d.scan(kMeta, "c:", "c:", [&](std::string_view key, std::string_view value) {
    c.eventsByClass[std::string(key.substr(2))] = decodeU64(value);
    return true;
  });
  std::unique_ptr<rocksdb::Iterator> it(d.db->NewIterator(rocksdb::ReadOptions(), d.cf[kByDay]));
  it->SeekToFirst();
  if (it->Valid() && it->key().size() >= 4)
    c.firstDate = daysToIso(keys::unbiasDay(keys::readU32(view(it->key()), 0)));
  it->SeekToLast();
  if (it->Valid() && it->key().size() >= 4)
    c.lastDate = daysToIso(keys::unbiasDay(keys::readU32(view(it->key()), 0)));
  return c;
}

namespace {

// The edge of an index entry; legacy values (see graph/keys.h) are completed from the event.
bool toEdge(const Store& store, std::string_view eventId, int32_t day, std::string_view value,
            const EdgeVisitor& visit) {
  keys::EdgeFields f;
  EdgeEntry e;
  e.eventId = eventId;
  e.day = day;
  if (keys::decodeEdgeValue(value, f)) {
    e.actorId = f.actorId;
    e.targetId = f.targetId;
    e.cls = f.cls;
    e.code = f.code;
    e.label = f.label;
    e.mentions = f.mentions;
    return visit(e);
  }
  auto ev = store.event(eventId);
  if (!ev) return true;
  e.actorId = ev->actorId;
  e.targetId = ev->targetId;
  e.cls = ev->cls;
  e.code = ev->code;
  e.label = ev->label;
  e.mentions = ev->mentionCount;
  return visit(e);
}

}  // namespace

void Store::scanEdges(Direction dir, std::string_view entityId, int32_t fromDay, int32_t toDay,
                      const EdgeVisitor& visit, ScanCursor* cursor) const {
  impl_->scanDatedValues(
      dir == Direction::out ? kOut : kIn, keys::group(entityId), fromDay, toDay,
      [&](std::string_view id, int32_t day, std::string_view value) {
        return toEdge(*this, id, day, value, visit);
      },
      cursor);
}

void Store::scanOutEdgesOfClass(std::string_view entityId, std::string_view cls, int32_t fromDay,
                                int32_t toDay, const EdgeVisitor& visit, ScanCursor* cursor) const {
  if (impl_->cf[kOutClass] == nullptr) {  // an older store: the out index, filtered
    scanEdges(
        Direction::out, entityId, fromDay, toDay,
        [&](const EdgeEntry& e) { return e.cls == cls ? visit(e) : true; }, cursor);
    return;
  }
  impl_->scanDatedValues(
      kOutClass, keys::group(keys::group(entityId) + std::string(cls)), fromDay, toDay,
      [&](std::string_view id, int32_t day, std::string_view value) {
        return toEdge(*this, id, day, value, visit);
      },
      cursor);
}

void Store::scanPair(std::string_view actorId, std::string_view targetId, int32_t fromDay,
                     int32_t toDay, const EdgeVisitor& visit, ScanCursor* cursor) const {
  if (impl_->cf[kPairs] == nullptr) {  // an older store: the actor's out index, filtered
    scanEdges(
        Direction::out, actorId, fromDay, toDay,
        [&](const EdgeEntry& e) { return e.targetId == targetId ? visit(e) : true; }, cursor);
    return;
  }
  impl_->scanDatedValues(
      kPairs, keys::pair(actorId, targetId), fromDay, toDay,
      [&](std::string_view id, int32_t day, std::string_view value) {
        return toEdge(*this, id, day, value, visit);
      },
      cursor);
}

void Store::scanActionEdges(std::string_view key, bool isCode, int32_t fromDay, int32_t toDay,
                            const EdgeVisitor& visit) const {
  auto each = [&](std::string_view id, int32_t day, std::string_view value) {
    return toEdge(*this, id, day, value, visit);
  };
  if (!isCode) {
    impl_->scanDatedValues(kByAction, keys::group("c:" + std::string(key)), fromDay, toDay, each);
    return;
  }
  const std::string prefix = "k:" + std::string(key);
  std::string seek = prefix;
  for (;;) {
    std::optional<std::string> code;
    impl_->scan(kByAction, prefix, seek, [&](std::string_view k, std::string_view) {
      code = std::string(k.substr(0, k.find('\0')));
      return false;
    });
    if (!code) return;
    bool stopped = false;
    impl_->scanDatedValues(kByAction, keys::group(*code), fromDay, toDay,
                           [&](std::string_view id, int32_t day, std::string_view value) {
                             if (!each(id, day, value)) stopped = true;
                             return !stopped;
                           });
    if (stopped) return;
    seek = *code;
    seek.push_back('\x01');
  }
}

void Store::scanAllEdges(const EdgeVisitor& visit) const {
  impl_->scan(kOut, "", "", [&](std::string_view key, std::string_view value) {
    const size_t nul = key.find('\0');
    if (nul == std::string_view::npos || key.size() < nul + 5) return true;
    const int32_t day = keys::unbiasDay(keys::readU32(key, nul + 1));
    return toEdge(*this, key.substr(nul + 5), day, value, visit);
  });
}

void Store::scanEntities(const std::function<bool(const StoredEntity&)>& visit) const {
  impl_->scan(kEntities, "", "",
              [&](std::string_view, std::string_view value) { return visit(decodeEntity(value)); });
}

void Store::scanEventRecords(
    bool withFirstSource,
    const std::function<bool(const StoredEvent&, std::string_view)>& visit) const {
  if (!withFirstSource || impl_->cf[kMentions] == nullptr) {
    impl_->scan(kEvents, "", "", [&](std::string_view, std::string_view value) {
      return visit(decodeEvent(value), std::string_view());
    });
    return;
  }
  // Mention keys start with the event id and a NUL (keys::group), so both families are in the
  // same order: the mentions iterator only ever moves forward.
  std::unique_ptr<rocksdb::Iterator> mentions(
      impl_->db->NewIterator(impl_->readOptions(), impl_->cf[kMentions]));
  mentions->SeekToFirst();
  std::string prefix, articleId;
  impl_->scan(kEvents, "", "", [&](std::string_view eventId, std::string_view value) {
    prefix = keys::group(eventId);
    while (mentions->Valid() && view(mentions->key()) < std::string_view(prefix)) mentions->Next();
    articleId.clear();
    if (mentions->Valid() && view(mentions->key()).starts_with(prefix)) {
      codec::AlignedReader reader(view(mentions->value()));
      articleId = codec::str(reader.root<records::Mention>().getArticleId());
    }
    return visit(decodeEvent(value), articleId);
  });
  if (!mentions->status().ok())
    throw Error(fmt::format("{}: scan failed: {}", impl_->dir, mentions->status().ToString()));
}

uint64_t Store::changeCounter() const {
  return impl_->counter(counterKey("changes"));
}

std::string importedEventId(const ExtractedEvent& e) {
  if (!e.action.code.empty() || e.action.label.empty()) return eventId(e);
  return stableHash(fmt::format("{}\n{}\n\n{}\n{}\nlabel:{}", e.actor.id, e.action.cls, e.target.id,
                                e.date, e.action.label));
}

namespace {

// The writes of one import chunk, sorted per family into SST files and ingested in one atomic
// step: no memtable, no write-ahead log. A key written twice keeps its last value.
class SortedBatch {
 public:
  explicit SortedBatch(Store::Impl& d) : d_(d), families_(kFamilyCount) {}

  void Put(rocksdb::ColumnFamilyHandle* cf, const rocksdb::Slice& key,
           const rocksdb::Slice& value) {
    for (size_t f = 0; f < kFamilyCount; ++f) {
      if (d_.cf[f] != cf) continue;
      Family& fam = families_[f];
      fam.entries.push_back({fam.bytes.size(), static_cast<uint32_t>(key.size()),
                             static_cast<uint32_t>(value.size())});
      fam.bytes.append(key.data(), key.size());
      fam.bytes.append(value.data(), value.size());
      return;
    }
  }

  void ingest() {
    namespace fs = std::filesystem;
    const fs::path tmp = fs::path(d_.dir) / "import.tmp";
    std::error_code ec;
    fs::create_directories(tmp, ec);
    // Families are sorted and written independently: two threads share them.
    std::vector<size_t> todo;
    for (size_t f = 0; f < kFamilyCount; ++f)
      if (!families_[f].entries.empty()) todo.push_back(f);
    std::vector<std::string> files(kFamilyCount), failures(kFamilyCount);
    const uint64_t batchNumber = d_.importFiles++;
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < todo.size(); i = next++) {
        const size_t f = todo[i];
        files[f] = (tmp / fmt::format("{}-{}.sst", batchNumber, kFamilyNames[f])).string();
        failures[f] = writeFamily(f, files[f]);
      }
    };
    std::thread helper(work);
    work();
    helper.join();
    std::vector<rocksdb::IngestExternalFileArg> args;
    for (size_t f : todo) {
      if (!failures[f].empty())
        throw Error(fmt::format("{}: import failed: {}", d_.dir, failures[f]));
      rocksdb::IngestExternalFileArg arg;
      arg.column_family = d_.cf[f];
      arg.external_files.push_back(files[f]);
      arg.options.move_files = true;
      args.push_back(std::move(arg));
    }
    if (!args.empty()) check(d_.db->IngestExternalFiles(args), "ingest");
    fs::remove_all(tmp, ec);
  }

  // Sorts family `f`'s writes and writes them to `file`; the error, or "" on success. Clears the
  // family (keeping its memory for the next chunk).
  std::string writeFamily(size_t f, const std::string& file) {
    Family& fam = families_[f];
    const std::string& bytes = fam.bytes;
    auto key = [&](const Entry& e) { return std::string_view(bytes).substr(e.offset, e.keySize); };
    // Of two writes of one key, the later one (at the larger offset) sorts later.
    std::sort(fam.entries.begin(), fam.entries.end(), [&](const Entry& a, const Entry& b) {
      const int c = key(a).compare(key(b));
      return c != 0 ? c < 0 : a.offset < b.offset;
    });
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(),
                                  rocksdb::Options(d_.options, d_.cfOptions[f]), d_.cf[f]);
    auto s = writer.Open(file);
    const auto& v = fam.entries;
    for (size_t i = 0; s.ok() && i < v.size(); ++i) {
      if (i + 1 < v.size() && key(v[i + 1]) == key(v[i])) continue;  // the last write wins
      const std::string_view k = key(v[i]);
      const std::string_view value =
          std::string_view(bytes).substr(v[i].offset + v[i].keySize, v[i].valueSize);
      s = writer.Put(rocksdb::Slice(k.data(), k.size()),
                     rocksdb::Slice(value.data(), value.size()));
    }
    if (s.ok()) s = writer.Finish();
    fam.bytes.clear();
    fam.entries.clear();
    return s.ok() ? std::string() : s.ToString();
  }

 private:
  struct Entry {
    size_t offset;  // of the key in `bytes`; the value follows it
    uint32_t keySize, valueSize;
  };
  struct Family {
    std::string bytes;
    std::vector<Entry> entries;
  };
  void check(const rocksdb::Status& s, const char* what) {
    if (!s.ok()) throw Error(fmt::format("{}: import failed ({}): {}", d_.dir, what, s.ToString()));
  }
  Store::Impl& d_;
  std::vector<Family> families_;
};

}  // namespace

ImportCounts Store::importMentions(const std::vector<ImportedMention>& rows) {
  Impl& d = *impl_;
  if (d.readOnly) throw Error(fmt::format("{}: store is open read-only", d.dir));
  ImportCounts counts;
  auto& slot = d.importBatches[d.nextBatch];
  if (!slot) slot = std::make_shared<SortedBatch>(d);
  SortedBatch& batch = *static_cast<SortedBatch*>(slot.get());
  // The events this batch touches, with the mentions it adds to each (source, row): the
  // duplicate and source checks of a row look there, not in sets of every key of the batch.
  struct BatchEvent {
    StoredEvent event;
    bool isNew = false;
    std::vector<std::pair<std::string_view, uint32_t>> mentions;  // views into `rows`
  };
  std::unordered_map<std::string, BatchEvent> events;
  events.reserve(rows.size());
  std::unordered_set<std::string> dirtyEntities;
  std::map<std::string, int64_t> counters;

  if (!d.importStarted) {
    d.importStarted = true;
    if (!d.bulkImport) {
      // Chunks land in level 0 as overlapping files; compacting them as they come would
      // rewrite the growing store once per chunk. finishImport() compacts once instead.
      for (auto* h : d.cf) {
        auto st = d.db->SetOptions(h, {{"disable_auto_compactions", "true"},
                                       {"level0_slowdown_writes_trigger", "100000"},
                                       {"level0_stop_writes_trigger", "100000"}});
        if (!st.ok()) throw Error(fmt::format("{}: cannot set options: {}", d.dir, st.ToString()));
      }
    }
    d.importIntoEmpty =
        d.counter(counterKey("events")) == 0 && d.counter(counterKey("mentions")) == 0;
  }
  auto hash64 = [](std::string_view k) { return std::hash<std::string_view>{}(k); };
  // Whether `key` may be stored: always when the import did not start from an empty store.
  auto mayBeStored = [&](std::unordered_set<uint64_t>& seen, std::string_view key) {
    if (!d.importIntoEmpty) return true;
    return !seen.insert(hash64(key)).second;
  };

  auto touchEntity = [&](const Entity& e, const std::string& date) {
    auto it = d.importedEntities.find(e.id);
    if (it == d.importedEntities.end()) {
      if (auto bytes = d.get(kEntities, e.id)) {
        it = d.importedEntities.emplace(e.id, decodeEntity(*bytes)).first;
      } else {
        StoredEntity fresh{e.id, e.name, e.type, e.country, e.sector, {e.name}, date, date};
        it = d.importedEntities.emplace(e.id, std::move(fresh)).first;
        counters[counterKey("entities")] += 1;
        batch.Put(d.cf[kAliases], keys::alias(normaliseAlias(e.name), e.id), "");
        dirtyEntities.insert(e.id);
      }
    }
    StoredEntity& s = it->second;
    if (date < s.firstSeen) s.firstSeen = date, dirtyEntities.insert(e.id);
    if (date > s.lastSeen) s.lastSeen = date, dirtyEntities.insert(e.id);
  };

  for (const ImportedMention& row : rows) {
    ++counts.rows;
    const ExtractedEvent& e = row.event;
    int32_t day = 0;
    if (!isoToDays(e.date, day))
      throw Error(fmt::format("event date '{}' is not ISO 8601", e.date));
    const std::string id = importedEventId(e);
    const std::string& source = row.source->id;
    std::string mkey = keys::mention(id, source, e.sentenceIndex);
    auto it = events.find(id);
    const bool inBatch =
        it != events.end() && std::find(it->second.mentions.begin(), it->second.mentions.end(),
                                        std::pair<std::string_view, uint32_t>(
                                            source, e.sentenceIndex)) != it->second.mentions.end();
    // Keys that an earlier chunk of this import may have written are read once it is stored;
    // entities and sources not met yet by this import are not among them.
    if (inBatch || (mayBeStored(d.importedMentionHashes, mkey) &&
                    (d.waitForIngest(), d.get(kMentions, mkey)))) {
      ++counts.duplicates;
      continue;
    }
    if (it == events.end()) {
      BatchEvent fresh;
      std::optional<std::string> bytes;
      if (mayBeStored(d.importedEventHashes, id)) {
        d.waitForIngest();
        bytes = d.get(kEvents, id);
      }
      if (bytes) {
        fresh.event = decodeEvent(*bytes);
      } else {
        fresh.event = {id,
                       e.actor.id,
                       e.target.id,
                       e.action.cls,
                       e.action.code,
                       e.action.label,
                       e.action.verb,
                       e.date,
                       e.precision,
                       0,
                       0,
                       0};
        fresh.isNew = true;
        ++counts.newEvents;
        counters[counterKey("events")] += 1;
        counters[classCounterKey(e.action.cls)] += 1;
      }
      it = events.emplace(id, std::move(fresh)).first;
    }
    BatchEvent& be = it->second;
    StoredEvent& ev = be.event;
    ev.mentionCount += 1;
    // One more source unless this source already mentions the event (in this batch or before).
    bool known = std::any_of(be.mentions.begin(), be.mentions.end(),
                             [&](const auto& m) { return m.first == source; });
    if (!known && !be.isNew) {
      const std::string sourcePrefix = keys::group(id) + source + std::string(1, '\0');
      d.waitForIngest();
      d.scan(kMentions, sourcePrefix, sourcePrefix,
             [&](std::string_view, std::string_view) { return known = true, false; });
    }
    if (!known) ev.sourceCount += 1;
    be.mentions.emplace_back(source, e.sentenceIndex);
    ev.confidence = std::min(0.99, 1.0 - (1.0 - ev.confidence) * (1.0 - e.confidence));
    batch.Put(d.cf[kMentions], mkey, encodeMention(e, id, source));
    counters[counterKey("mentions")] += 1;
    ++counts.mentions;
    if (!d.importedSources.count(source)) {
      if (!d.get(kArticles, source)) {
        batch.Put(d.cf[kArticles], source, encodeArticle(*row.source, 0, {}));
        counters[counterKey("articles")] += 1;
      }
      d.importedSources.insert(source);
    }
    touchEntity(e.actor, e.date);
    touchEntity(e.target, e.date);
  }
  for (const auto& [id, be] : events) {
    batch.Put(d.cf[kEvents], id, encodeEvent(be.event));
    putIndexEntries(batch, d, be.event);
  }
  for (const auto& id : dirtyEntities)
    batch.Put(d.cf[kEntities], id, encodeEntity(d.importedEntities.at(id)));
  if (counts.mentions > 0) counters[counterKey("changes")] += 1;
  d.waitForIngest();  // the counters as the previous chunk left them
  for (const auto& [key, delta] : counters) {
    const int64_t value = static_cast<int64_t>(d.counter(key)) + delta;
    batch.Put(d.cf[kMeta], key, encodeU64(static_cast<uint64_t>(std::max<int64_t>(0, value))));
  }
  if (d.bulkImport) {
    // The next chunk is encoded while this one is sorted, written and ingested.
    d.pendingIngest = std::async(std::launch::async, [&batch] { batch.ingest(); });
    d.nextBatch ^= 1;
  } else {
    batch.ingest();
  }
  return counts;
}

void Store::finishImport() {
  Impl& d = *impl_;
  if (d.readOnly) return;
  d.waitForIngest();
  if (!d.importStarted) return;
  // Chunks were ingested as overlapping files; one compaction per family leaves each a single
  // sorted run, so that a traversal's seek reads one file rather than one per chunk. The
  // families are compacted on two threads.
  // The families that traversals scan, and the small entity families every query reads names
  // from; events and mentions are read by key through Bloom filters, for which a few
  // overlapping files cost little, and are left to background compaction.
  std::vector<Family> order = {kPairs, kOut, kIn, kByAction, kOutClass, kEntities, kAliases};
  // Each family's files are merged in one pass into one file of the last level: CompactRange
  // would instead push them down level by level (the ingested chunks sit on several levels),
  // rewriting the family once per level.
  std::atomic<size_t> next{0};
  std::vector<std::string> failures(order.size());
  auto work = [&] {
    for (size_t i = next++; i < order.size(); i = next++) {
      rocksdb::ColumnFamilyMetaData meta;
      d.db->GetColumnFamilyMetaData(d.cf[order[i]], &meta);
      std::vector<std::string> files;
      for (const auto& level : meta.levels)
        for (const auto& file : level.files) files.push_back(file.name);
      const int last = static_cast<int>(meta.levels.size()) - 1;
      if (files.empty() || (files.size() == 1 && meta.levels[last].files.size() == 1)) continue;
      rocksdb::CompactionOptions co;
      co.compression = rocksdb::kDisableCompressionOption;  // the family's own
      auto st = d.db->CompactFiles(co, d.cf[order[i]], files, last);
      if (!st.ok()) failures[i] = st.ToString();
    }
  };
  std::thread helper(work);
  work();
  helper.join();
  for (auto* h : d.cf) {
    rocksdb::ColumnFamilyOptions defaults;
    d.db->SetOptions(
        h, {{"disable_auto_compactions", "false"},
            {"level0_slowdown_writes_trigger",
             std::to_string(defaults.level0_slowdown_writes_trigger)},
            {"level0_stop_writes_trigger", std::to_string(defaults.level0_stop_writes_trigger)}});
  }
  for (const auto& f : failures)
    if (!f.empty()) throw Error(fmt::format("{}: compaction failed: {}", d.dir, f));
  d.importedEntities.clear();
  d.importedSources.clear();
  d.importedMentionHashes.clear();
  d.importedEventHashes.clear();
  d.importBatches[0].reset();
  d.importBatches[1].reset();
  d.nextBatch = 0;
  d.importStarted = false;
}

}  // namespace dossier
