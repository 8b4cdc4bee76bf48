#include "graph/store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <unordered_map>

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
  kFamilyCount
};

constexpr const char* kFamilyNames[kFamilyCount] = {
    "default", "articles",  "entities", "aliases", "events", "mentions", "out",
    "in",      "by_action", "by_day",   "feeds",   "seen",   "meta"};

constexpr const char* kSchemaKey = "schema_version";

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
  capnp::MallocMessageBuilder message;
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
  capnp::MallocMessageBuilder message;
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
    default:
      return DateSource::given;
  }
}

std::string encodeArticle(const Article& a, int64_t ingestedAt,
                          const std::vector<std::string>& eventIds) {
  capnp::MallocMessageBuilder message;
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
  capnp::MallocMessageBuilder message;
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

  ~Impl() {
    for (auto* h : cf) {
      if (h != nullptr && db) db->DestroyColumnFamilyHandle(h);
    }
  }

  std::optional<std::string> get(Family f, std::string_view key) const {
    std::string value;
    auto s = db->Get(rocksdb::ReadOptions(), cf[f], slice(key), &value);
    if (s.IsNotFound()) return std::nullopt;
    if (!s.ok()) throw Error(fmt::format("{}: read failed: {}", dir, s.ToString()));
    return value;
  }

  // Visits keys starting with `prefix` from `start` (>= prefix) on; stops when visit returns false.
  template <typename Visit>
  void scan(Family f, std::string_view prefix, std::string_view start, Visit&& visit) const {
    rocksdb::ReadOptions ro;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cf[f]));
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
Store::~Store() = default;

const std::string& Store::dir() const {
  return impl_->dir;
}

std::unique_ptr<Store> Store::open(const std::string& dir, const StoreOptions& options) {
  namespace fs = std::filesystem;
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->readOnly = options.readOnly;
  const bool exists = fs::exists(fs::path(dir) / "CURRENT");
  if (!exists && (options.readOnly || !options.createIfMissing))
    throw Error(
        fmt::format("{}: no dossier store here (run `dossier ingest --db {}` first)", dir, dir));

  rocksdb::Options dbOptions;
  dbOptions.create_if_missing = true;
  dbOptions.create_missing_column_families = true;
  dbOptions.IncreaseParallelism(2);
  dbOptions.max_open_files = 512;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : kFamilyNames) {
    rocksdb::ColumnFamilyOptions cfo;
    families.emplace_back(name, cfo);
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options.readOnly) {
    s = rocksdb::DB::OpenForReadOnly(dbOptions, dir, families, &impl->cf, &raw);
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
    if (options.readOnly)
      throw Error(fmt::format("{}: not a dossier store (no schema version)", dir));
    bool empty = true;
    impl->scan(kArticles, "", "",
               [&](std::string_view, std::string_view) { return empty = false; });
    if (!empty) throw Error(fmt::format("{}: not a dossier store (no schema version)", dir));
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

CommitResult Store::commitArticle(const Article& article,
                                  const std::vector<ExtractedEvent>& events) {
  Impl& d = *impl_;
  if (d.readOnly) throw Error(fmt::format("{}: store is open read-only", d.dir));
  if (article.id.empty()) throw Error("commitArticle: article has no id");
  CommitResult result;
  if (hasArticle(article.id)) return result;

  rocksdb::WriteBatch batch;
  std::unordered_map<std::string, StoredEvent> touchedEvents;  // id -> state after this article
  std::unordered_map<std::string, bool> eventIsNew;
  std::unordered_map<std::string, StoredEntity> touchedEntities;
  std::unordered_map<std::string, bool> entityIsNew;
  std::unordered_map<std::string, uint64_t> classDelta;
  std::vector<std::string> eventOrder;
  std::unordered_map<std::string, bool> mentionKeys;
  uint64_t newMentions = 0;

  auto touchEntity = [&](const Entity& e, const std::string& date) {
    auto it = touchedEntities.find(e.id);
    if (it == touchedEntities.end()) {
      StoredEntity stored;
      if (auto bytes = d.get(kEntities, e.id)) {
        stored = decodeEntity(*bytes);
        entityIsNew[e.id] = false;
      } else {
        stored = {e.id, e.name, e.type, e.country, e.sector, {}, date, date};
        entityIsNew[e.id] = true;
      }
      it = touchedEntities.emplace(e.id, std::move(stored)).first;
    }
    StoredEntity& s = it->second;
    std::string alias = e.alias.empty() ? e.name : e.alias;
    if (std::find(s.aliases.begin(), s.aliases.end(), alias) == s.aliases.end()) {
      s.aliases.push_back(alias);
      batch.Put(d.cf[kAliases], keys::alias(normaliseAlias(alias), e.id), "");
    }
    if (s.firstSeen.empty() || date < s.firstSeen) s.firstSeen = date;
    if (s.lastSeen.empty() || date > s.lastSeen) s.lastSeen = date;
  };

  for (const ExtractedEvent& e : events) {
    int32_t day = 0;
    if (!isoToDays(e.date, day))
      throw Error(fmt::format("event date '{}' is not ISO 8601", e.date));
    const std::string id = eventId(e);
    const std::string mkey = keys::mention(id, article.id, e.sentenceIndex);
    if (mentionKeys.contains(mkey)) continue;  // same event twice in one sentence
    mentionKeys[mkey] = true;

    auto it = touchedEvents.find(id);
    if (it == touchedEvents.end()) {
      StoredEvent stored;
      if (auto bytes = d.get(kEvents, id)) {
        stored = decodeEvent(*bytes);
        eventIsNew[id] = false;
      } else {
        stored.id = id;
        stored.actorId = e.actor.id;
        stored.targetId = e.target.id;
        stored.cls = e.action.cls;
        stored.code = e.action.code;
        stored.label = e.action.label;
        stored.verb = e.action.verb;
        stored.date = e.date;
        stored.precision = e.precision;
        eventIsNew[id] = true;
        batch.Put(d.cf[kOut], keys::dated(e.actor.id, day, id), e.target.id);
        batch.Put(d.cf[kIn], keys::dated(e.target.id, day, id), e.actor.id);
        batch.Put(d.cf[kByAction], keys::dated("c:" + e.action.cls, day, id), "");
        if (!e.action.code.empty())
          batch.Put(d.cf[kByAction], keys::dated("k:" + e.action.code, day, id), "");
        batch.Put(d.cf[kByDay], keys::byDay(day, id), "");
        classDelta[e.action.cls]++;
      }
      stored.sourceCount++;  // first mention of this event in this article
      it = touchedEvents.emplace(id, std::move(stored)).first;
      eventOrder.push_back(id);
    }
    StoredEvent& s = it->second;
    s.mentionCount++;
    // Independent sources raise confidence (noisy-or), never to certainty.
    s.confidence = std::min(0.99, 1.0 - (1.0 - s.confidence) * (1.0 - e.confidence));
    batch.Put(d.cf[kMentions], mkey, encodeMention(e, id, article.id));
    ++newMentions;
    touchEntity(e.actor, e.date);
    touchEntity(e.target, e.date);
  }

  for (const auto& id : eventOrder) {
    batch.Put(d.cf[kEvents], id, encodeEvent(touchedEvents[id]));
    if (eventIsNew[id]) ++result.newEvents;
  }
  uint64_t newEntities = 0;
  for (const auto& [id, entity] : touchedEntities) {
    batch.Put(d.cf[kEntities], id, encodeEntity(entity));
    if (entityIsNew[id]) ++newEntities;
  }
  auto bump = [&](const std::string& key, uint64_t delta) {
    if (delta > 0) batch.Put(d.cf[kMeta], key, encodeU64(d.counter(key) + delta));
  };
  bump(counterKey("articles"), 1);
  bump(counterKey("events"), result.newEvents);
  bump(counterKey("entities"), newEntities);
  bump(counterKey("mentions"), newMentions);
  for (const auto& [cls, delta] : classDelta) bump(classCounterKey(cls), delta);

  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  batch.Put(d.cf[kArticles], article.id, encodeArticle(article, now, eventOrder));

  auto s = d.db->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) throw Error(fmt::format("{}: write failed: {}", d.dir, s.ToString()));
  result.stored = true;
  result.events = eventOrder.size();
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

}  // namespace dossier
