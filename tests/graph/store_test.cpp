#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include "graph/store.h"
#include "schema/error.h"
#include "tests/support.h"

using namespace dossier;
using dossier::test::TempDir;

namespace {

Entity country(const std::string& id, const std::string& name) {
  return Entity{id, name, "country", id, "", name};
}

ExtractedEvent accusation(const std::string& date, uint32_t sentence = 0) {
  ExtractedEvent e;
  e.actor = country("NLD", "Netherlands");
  e.target = country("CHN", "China");
  e.action = {"accuse", "1125", "Accuse of espionage, treason", "accused"};
  e.date = date;
  e.precision = "day";
  e.sentence = "The Netherlands accused China of espionage.";
  e.sentenceIndex = sentence;
  e.pattern = "accuse.espionage:active";
  e.confidence = 0.7;
  return e;
}

Article article(const std::string& url, const std::string& text = "text") {
  Article a;
  a.url = url;
  a.title = "Title of " + url;
  a.published = "2024-02-08";
  a.text = text;
  a.id = articleId(a);
  return a;
}

}  // namespace

TEST_CASE("store round trip: article, entities, event, mention, indexes") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  auto a = article("https://example.org/1", "The Netherlands accused China of espionage.");
  auto r = store->commitArticle(a, {accusation("2024-02-07")});
  CHECK(r.stored);
  CHECK(r.events == 1);
  CHECK(r.newEvents == 1);

  auto stored = store->article(a.id);
  REQUIRE(stored);
  CHECK(stored->article.url == a.url);
  CHECK(stored->article.text == a.text);
  CHECK(stored->article.published == "2024-02-08");
  REQUIRE(stored->eventIds.size() == 1);

  auto ev = store->event(stored->eventIds[0]);
  REQUIRE(ev);
  CHECK(ev->actorId == "NLD");
  CHECK(ev->targetId == "CHN");
  CHECK(ev->code == "1125");
  CHECK(ev->date == "2024-02-07");
  CHECK(ev->mentionCount == 1);
  CHECK(ev->sourceCount == 1);

  auto nld = store->entity("NLD");
  REQUIRE(nld);
  CHECK(nld->name == "Netherlands");
  CHECK(nld->firstSeen == "2024-02-07");
  CHECK(store->entitiesByAlias("netherlands") == std::vector<std::string>{"NLD"});

  auto ms = store->mentions(ev->id);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].articleId == a.id);
  CHECK(ms[0].pattern == "accuse.espionage:active");

  int32_t day = 0;
  REQUIRE(isoToDays("2024-02-07", day));
  std::vector<std::string> out, in, byClass, byCode, byDay;
  auto collect = [](std::vector<std::string>& v) {
    return [&v](std::string_view id, int32_t) {
      v.emplace_back(id);
      return true;
    };
  };
  store->scanAdjacency(Direction::out, "NLD", day, day, collect(out));
  store->scanAdjacency(Direction::in, "CHN", day - 10, day + 10, collect(in));
  store->scanAction("accuse", false, day, day, collect(byClass));
  store->scanAction("11", true, day, day, collect(byCode));
  store->scanDays(day, day, collect(byDay));
  for (auto* v : {&out, &in, &byClass, &byCode, &byDay})
    CHECK(*v == std::vector<std::string>{ev->id});
  std::vector<std::string> none;
  store->scanAdjacency(Direction::out, "NLD", day + 1, day + 100, collect(none));
  store->scanAdjacency(Direction::out, "CHN", day, day, collect(none));  // CHN is only a target
  store->scanAction("17", true, day, day, collect(none));
  CHECK(none.empty());

  auto c = store->counts();
  CHECK(c.articles == 1);
  CHECK(c.entities == 2);
  CHECK(c.events == 1);
  CHECK(c.mentions == 1);
  CHECK(c.eventsByClass["accuse"] == 1);
  CHECK(c.firstDate == "2024-02-07");
  CHECK(c.lastDate == "2024-02-07");
}

TEST_CASE("re-committing the same article changes nothing") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  auto a = article("https://example.org/1");
  REQUIRE(store->commitArticle(a, {accusation("2024-02-07")}).stored);
  auto before = store->counts();
  auto again = store->commitArticle(a, {accusation("2024-02-07"), accusation("2024-02-06")});
  CHECK_FALSE(again.stored);
  auto after = store->counts();
  CHECK(after.events == before.events);
  CHECK(after.mentions == before.mentions);
  CHECK(after.articles == 1);
  auto ev = store->event(eventId(accusation("2024-02-07")));
  REQUIRE(ev);
  CHECK(ev->mentionCount == 1);
}

TEST_CASE("the same event from two articles is one event with two mentions") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  store->commitArticle(article("https://example.org/1"), {accusation("2024-02-07")});
  auto r = store->commitArticle(article("https://example.org/2"), {accusation("2024-02-07")});
  CHECK(r.stored);
  CHECK(r.newEvents == 0);
  auto ev = store->event(eventId(accusation("2024-02-07")));
  REQUIRE(ev);
  CHECK(ev->mentionCount == 2);
  CHECK(ev->sourceCount == 2);
  CHECK(ev->confidence > 0.7);  // two independent reports raise confidence
  CHECK(ev->confidence < 1.0);
  CHECK(store->mentions(ev->id).size() == 2);
  auto c = store->counts();
  CHECK(c.events == 1);
  CHECK(c.mentions == 2);
  CHECK(c.articles == 2);
  int32_t day = 0;
  isoToDays("2024-02-07", day);
  size_t indexed = 0;
  store->scanDays(day, day, [&](std::string_view, int32_t) { return ++indexed, true; });
  CHECK(indexed == 1);  // indexes hold the event once
}

TEST_CASE("two sentences of one article reporting one event: one source, two mentions") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  auto r = store->commitArticle(
      article("https://example.org/1"),
      {accusation("2024-02-07", 0), accusation("2024-02-07", 3), accusation("2024-02-07", 3)});
  CHECK(r.events == 1);
  auto ev = store->event(eventId(accusation("2024-02-07")));
  REQUIRE(ev);
  CHECK(ev->mentionCount == 2);
  CHECK(ev->sourceCount == 1);
}

TEST_CASE("an article that fails half-way leaves nothing behind") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  store->commitArticle(article("https://example.org/1"), {accusation("2024-02-07")});
  auto before = store->counts();
  auto bad = accusation("not a date");
  auto a = article("https://example.org/2");
  CHECK_THROWS_AS(store->commitArticle(a, {accusation("2024-03-01"), bad}), Error);
  CHECK_FALSE(store->hasArticle(a.id));
  CHECK_FALSE(store->event(eventId(accusation("2024-03-01"))));
  auto after = store->counts();
  CHECK(after.articles == before.articles);
  CHECK(after.events == before.events);
  CHECK(after.mentions == before.mentions);
}

TEST_CASE("a store survives reopening, and read-only opens refuse writes") {
  TempDir dir;
  {
    auto store = Store::open(dir / "db");
    store->commitArticle(article("https://example.org/1"), {accusation("2024-02-07")});
  }
  auto ro = Store::open(dir / "db", {.readOnly = true});
  CHECK(ro->counts().events == 1);
  CHECK_THROWS_AS(ro->commitArticle(article("https://example.org/2"), {}), Error);
}

namespace {
// Sets (or with an empty value deletes) the schema version behind the store's back.
void setSchemaVersion(const std::string& dir, const std::string& value) {
  rocksdb::Options options;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  std::vector<std::string> names;
  REQUIRE(rocksdb::DB::ListColumnFamilies(options, dir, &names).ok());
  for (const auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  REQUIRE(rocksdb::DB::Open(options, dir, families, &handles, &db).ok());
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] != "meta") continue;
    if (value.empty())
      db->Delete(rocksdb::WriteOptions(), handles[i], "schema_version");
    else
      db->Put(rocksdb::WriteOptions(), handles[i], "schema_version", value);
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}
}  // namespace

TEST_CASE("a store killed while being created reads as empty and is finished by the next writer") {
  TempDir dir;
  { Store::open(dir / "db"); }
  setSchemaVersion(dir / "db", "");
  CHECK(Store::open(dir / "db", {.readOnly = true})->counts().articles == 0);
  { Store::open(dir / "db"); }
  CHECK_NOTHROW(Store::open(dir / "db", {.readOnly = true}));
}

TEST_CASE("opening fails clearly: missing store, wrong schema version") {
  TempDir dir;
  CHECK_THROWS_WITH(Store::open(dir / "nothing", {.readOnly = true}),
                    Catch::Contains("no dossier store"));
  { Store::open(dir / "db"); }
  setSchemaVersion(dir / "db", "999");
  CHECK_THROWS_WITH(Store::open(dir / "db"), Catch::Contains("schema version 999"));
}

TEST_CASE("a second writer is refused while the first holds the store") {
  TempDir dir;
  auto first = Store::open(dir / "db");
  CHECK_THROWS_WITH(Store::open(dir / "db"), Catch::Contains("locked"));
}

TEST_CASE("a shared alias keeps both entities apart") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  ExtractedEvent e = accusation("2024-02-07");
  e.actor = Entity{"KOR.NIS", "National Intelligence Service", "intelligence", "KOR", "", "NIS"};
  e.target = Entity{"GRC.NIS", "National Intelligence Service", "intelligence", "GRC", "", "NIS"};
  store->commitArticle(article("https://example.org/1"), {e});
  auto ids = store->entitiesByAlias("NIS");
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"GRC.NIS", "KOR.NIS"});
}

TEST_CASE("recoding an article replaces its events atomically") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  auto a = article("https://example.org/1");
  auto b = article("https://example.org/2");
  store->commitArticle(a, {accusation("2024-02-07"), accusation("2024-02-01", 1)});
  store->commitArticle(b, {accusation("2024-02-07")});
  const auto before = store->counts();

  SECTION("the same events again change nothing") {
    store->recodeArticle(a.id, {accusation("2024-02-07"), accusation("2024-02-01", 1)});
    auto after = store->counts();
    CHECK(after.events == before.events);
    CHECK(after.mentions == before.mentions);
    CHECK(after.articles == before.articles);
    auto ev = store->event(eventId(accusation("2024-02-07")));
    REQUIRE(ev);
    CHECK(ev->mentionCount == 2);
    CHECK(ev->sourceCount == 2);
  }
  SECTION("an event no article reports any more goes, with its index entries") {
    ExtractedEvent other = accusation("2024-03-03");
    other.action = {"expel", "174", "Expel or deport individuals", "expelled"};
    store->recodeArticle(a.id, {other});
    auto after = store->counts();
    CHECK(after.events == before.events);  // one gone, one new
    CHECK(after.mentions == before.mentions - 1);
    CHECK(after.eventsByClass["expel"] == 1);
    CHECK(after.eventsByClass["accuse"] == 1);
    CHECK_FALSE(store->event(eventId(accusation("2024-02-01", 1))));
    int32_t day = 0;
    isoToDays("2024-02-01", day);
    size_t indexed = 0;
    store->scanDays(day, day, [&](std::string_view, int32_t) { return ++indexed, true; });
    CHECK(indexed == 0);
    // The event b still reports keeps b's mention only.
    auto shared = store->event(eventId(accusation("2024-02-07")));
    REQUIRE(shared);
    CHECK(shared->mentionCount == 1);
    CHECK(shared->sourceCount == 1);
    REQUIRE(store->mentions(shared->id).size() == 1);
    CHECK(store->mentions(shared->id)[0].articleId == b.id);
    auto recoded = store->article(a.id);
    REQUIRE(recoded);
    CHECK(recoded->eventIds == std::vector<std::string>{eventId(other)});
  }
  SECTION("recoding to nothing leaves the article without events") {
    store->recodeArticle(a.id, {});
    CHECK(store->counts().events == 1);
    CHECK(store->article(a.id)->eventIds.empty());
  }
  CHECK_THROWS_AS(store->recodeArticle("0000000000000000", {}), Error);
}

TEST_CASE("an entity is found by its canonical name even when the text used another form") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  ExtractedEvent e = accusation("2024-02-07");
  e.actor.alias = "The Hague";
  store->commitArticle(article("https://example.org/1"), {e});
  CHECK(store->entitiesByAlias("Netherlands") == std::vector<std::string>{"NLD"});
  CHECK(store->entitiesByAlias("the hague") == std::vector<std::string>{"NLD"});
  auto nld = store->entity("NLD");
  REQUIRE(nld);
  CHECK(nld->aliases == std::vector<std::string>{"Netherlands", "The Hague"});
}

TEST_CASE("store scans event records in id order with their first source") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  auto a = article("https://example.org/1");
  auto b = article("https://example.org/2");
  store->commitArticle(a, {accusation("2024-02-07"), accusation("2024-02-06")});
  store->commitArticle(b, {accusation("2024-02-07")});
  std::vector<std::string> ids;
  std::map<std::string, std::string> first;
  store->scanEventRecords(true, [&](const StoredEvent& e, std::string_view articleId) {
    ids.push_back(e.id);
    first[e.id] = std::string(articleId);
    return true;
  });
  REQUIRE(ids.size() == 2);
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  for (const auto& id : ids) {
    // The first mention in key order: the smaller article id of those that report it.
    std::string expected;
    for (const auto& m : store->mentions(id))
      if (expected.empty() || m.articleId < expected) expected = m.articleId;
    CHECK(first[id] == expected);
  }
  size_t seen = 0;
  store->scanEventRecords(false, [&](const StoredEvent&, std::string_view articleId) {
    CHECK(articleId.empty());
    return ++seen < 1;  // stops when asked
  });
  CHECK(seen == 1);
}
