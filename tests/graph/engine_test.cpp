#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <rocksdb/db.h>

#include "graph/snapshot.h"
#include "graph/temporal.h"
#include "graph/traversal.h"
#include "query/graph_queries.h"
#include "tests/graph/graph_fixture.h"

using namespace dossier;
using namespace dossier::test;

namespace {

std::map<std::string, uint32_t> members(const Neighbourhood& n) {
  std::map<std::string, uint32_t> m;
  for (const auto& x : n.members) m[x.entityId] = x.hops;
  return m;
}

// "A>B>D": the entities a path along the events visits.
std::string route(const std::vector<ResultEdge>& path, const std::string& from) {
  std::string r = from;
  for (const auto& e : path) r += ">" + e.targetId;
  return r;
}

std::map<std::string, int32_t> arrivals(const std::vector<Arrival>& a) {
  std::map<std::string, int32_t> m;
  for (const auto& x : a) m[x.entityId] = x.day;
  return m;
}

EdgeFilter accusations() {
  EdgeFilter f;
  f.actions = {"accuse"};
  return f;
}

}  // namespace

TEST_CASE("neighbourhood: hops, direction, and filters applied at every hop") {
  FixtureStore fx;
  const Store& s = *fx.store;
  CHECK(members(neighbourhood(s, "A", 1, Traverse::out, {})) ==
        std::map<std::string, uint32_t>{{"B", 1}, {"C", 1}});
  CHECK(members(neighbourhood(s, "A", 2, Traverse::out, {})) ==
        std::map<std::string, uint32_t>{{"B", 1}, {"C", 1}, {"D", 2}});
  // Accusations only: C is two hops away (A accuse B accuse C), D is three.
  CHECK(members(neighbourhood(s, "A", 2, Traverse::out, accusations())) ==
        std::map<std::string, uint32_t>{{"B", 1}, {"C", 2}});
  CHECK(members(neighbourhood(s, "D", 1, Traverse::in, {})) ==
        std::map<std::string, uint32_t>{{"B", 1}, {"C", 1}});
  CHECK(members(neighbourhood(s, "D", 1, Traverse::both, {})) ==
        std::map<std::string, uint32_t>{{"B", 1}, {"C", 1}, {"E", 1}});
  EdgeFilter fromJan4;
  fromJan4.fromDay = jan(4);
  // From the 4th: A's accusation of B on the 15th and its statement on C on the 5th; of B's
  // and C's events only C's statement on D on the 10th.
  CHECK(members(neighbourhood(s, "A", 2, Traverse::out, fromJan4)) ==
        std::map<std::string, uint32_t>{{"B", 1}, {"C", 1}, {"D", 2}});
  fromJan4.actions = {"accuse"};
  CHECK(members(neighbourhood(s, "A", 2, Traverse::out, fromJan4)) ==
        std::map<std::string, uint32_t>{{"B", 1}});
  // The start is not its own neighbour, even when a walk returns to it.
  auto back = neighbourhood(s, "B", 2, Traverse::both, {});
  CHECK(members(back).count("B") == 0);
  CHECK(members(back).count("A") == 1);
  // The connecting events: A's three out-events at one hop.
  auto withEdges = neighbourhood(s, "A", 1, Traverse::out, {});
  CHECK(withEdges.edges.size() == 3);
  for (const auto& e : withEdges.edges) CHECK(e.actorId == "A");
}

TEST_CASE("neighbourhood: a wide level read ahead on two threads gives the same answer") {
  // A hub accuses 40 entities; each makes two statements on leaves and is accused by one more
  // entity. Level 1 has 40 vertices: their edges are read ahead together (StoreGraph::prefetch).
  TempDir dir;
  auto store = Store::open(dir / "db");
  std::vector<ImportedMention> events;
  uint32_t row = 0;
  std::map<std::string, uint32_t> out2, both2, accusedBoth;
  for (int i = 0; i < 40; ++i) {
    const std::string spoke = fmt::format("S{:02}", i);
    events.push_back(edge("H", "accuse", spoke, 1 + i % 10, ++row));
    events.push_back(edge(spoke, "statement", fmt::format("L{:02}a", i), 5, ++row));
    events.push_back(edge(spoke, "statement", fmt::format("L{:02}b", i), 25, ++row));
    events.push_back(edge(fmt::format("X{:02}", i), "accuse", spoke, 3, ++row));
    out2[spoke] = both2[spoke] = accusedBoth[spoke] = 1;
    out2[fmt::format("L{:02}a", i)] = out2[fmt::format("L{:02}b", i)] = 2;
    both2[fmt::format("L{:02}a", i)] = both2[fmt::format("L{:02}b", i)] = 2;
    both2[fmt::format("X{:02}", i)] = accusedBoth[fmt::format("X{:02}", i)] = 2;
  }
  store->importMentions(events);
  store->finishImport();
  CHECK(members(neighbourhood(*store, "H", 2, Traverse::out, {})) == out2);
  CHECK(members(neighbourhood(*store, "H", 2, Traverse::both, {})) == both2);
  CHECK(members(neighbourhood(*store, "H", 2, Traverse::both, accusations())) == accusedBoth);
  // Each spoke's events until the 20th: the first leaf only.
  EdgeFilter until20;
  until20.toDay = jan(20);
  auto early = members(neighbourhood(*store, "H", 2, Traverse::out, until20));
  CHECK(early.size() == 80);
  CHECK(early.count("L07a") == 1);
  CHECK(early.count("L07b") == 0);
  // With the connecting events: the hub's 40 and the spokes' 80, each once, read in index order.
  auto withEdges = neighbourhood(*store, "H", 2, Traverse::out, {}, true);
  CHECK(withEdges.edges.size() == 120);
  std::set<std::string> ids;
  for (const auto& e : withEdges.edges) ids.insert(e.eventId);
  CHECK(ids.size() == 120);
  auto bothEdges = neighbourhood(*store, "H", 2, Traverse::both, {}, true);
  CHECK(bothEdges.edges.size() == 200);  // the hub's 40, and 4 of each spoke (2 in, 2 out)
  for (const auto& e : bothEdges.edges) CHECK(e.actorId != e.targetId);
}

TEST_CASE("neighbourhood of an entity with no events, or an unknown one, is empty") {
  FixtureStore fx;
  CHECK(neighbourhood(*fx.store, "F", 2, Traverse::out, {}).members.empty());
  CHECK(neighbourhood(*fx.store, "nobody", 2, Traverse::both, {}).members.empty());
}

TEST_CASE("shortest paths honour the filter during the search") {
  FixtureStore fx;
  const Store& s = *fx.store;
  auto any = shortestPath(s, "A", "D", Traverse::out, {});
  REQUIRE(any);
  CHECK(any->size() == 2);
  // Filtering the unfiltered answer would leave nothing; searching the filtered graph finds
  // the longer path of accusations.
  auto accused = shortestPath(s, "A", "D", Traverse::out, accusations());
  REQUIRE(accused);
  CHECK(route(*accused, "A") == "A>B>C>D");
  auto toE = shortestPath(s, "A", "E", Traverse::out, accusations());
  REQUIRE(toE);
  CHECK(toE->size() == 4);
  CHECK_FALSE(shortestPath(s, "E", "A", Traverse::out, {}));
  auto against = shortestPath(s, "E", "A", Traverse::in, {});
  REQUIRE(against);
  CHECK(against->size() == 3);
  CHECK(shortestPath(s, "A", "A", Traverse::out, {})->empty());
}

TEST_CASE("earliest arrival: non-strict chains events of one day, strict does not") {
  FixtureStore fx;
  const Store& s = *fx.store;
  TemporalOptions o;
  o.startDay = jan(1);
  CHECK(arrivals(earliestArrivals(s, "A", o, {})) ==
        std::map<std::string, int32_t>{
            {"B", jan(1)}, {"C", jan(3)}, {"D", jan(3)}, {"E", jan(3)}, {"F", jan(20)}});
  auto path = temporalPath(s, "A", "E", TemporalMode::earliestArrival, o, {});
  REQUIRE(path);
  CHECK(route(*path, "A") == "A>B>D>E");
  CHECK(path->back().day == jan(3));

  o.strict = true;
  auto strict = arrivals(earliestArrivals(s, "A", o, {}));
  CHECK(strict["D"] == jan(3));
  CHECK(strict["E"] == jan(12));
  auto strictPath = temporalPath(s, "A", "E", TemporalMode::earliestArrival, o, {});
  REQUIRE(strictPath);
  CHECK(strictPath->back().day == jan(12));
  for (size_t i = 1; i < strictPath->size(); ++i)
    CHECK((*strictPath)[i].day > (*strictPath)[i - 1].day);
}

TEST_CASE("a start date: journeys begin on or after it") {
  FixtureStore fx;
  TemporalOptions o;
  o.startDay = jan(4);
  auto a = arrivals(earliestArrivals(*fx.store, "A", o, {}));
  CHECK(a.count("B") == 1);  // the second accusation, on the 15th
  CHECK(a["B"] == jan(15));
  CHECK(a["C"] == jan(5));
  CHECK(a["D"] == jan(10));
}

TEST_CASE("a maximum gap between events needs arrivals later than the earliest") {
  FixtureStore fx;
  const Store& s = *fx.store;
  TemporalOptions o;
  o.maxGap = 8;
  auto path = temporalPath(s, "A", "F", TemporalMode::earliestArrival, o, {});
  REQUIRE(path);
  CHECK(path->back().day == jan(20));
  for (size_t i = 1; i < path->size(); ++i) CHECK((*path)[i].day - (*path)[i - 1].day <= 8);
  CHECK(arrivals(earliestArrivals(s, "A", o, {}))["F"] == jan(20));
  o.maxGap = 7;
  CHECK_FALSE(temporalPath(s, "A", "F", TemporalMode::earliestArrival, o, {}));
  CHECK(arrivals(earliestArrivals(s, "A", o, {})).count("F") == 0);
}

TEST_CASE("latest departure, fastest and min-hop journeys") {
  FixtureStore fx;
  const Store& s = *fx.store;
  TemporalOptions o;
  auto latest = temporalPath(s, "A", "E", TemporalMode::latestDeparture, o, {});
  REQUIRE(latest);
  CHECK(latest->front().actorId == "A");
  CHECK(latest->front().day == jan(5));
  CHECK(latest->back().targetId == "E");

  auto fastest = temporalPath(s, "A", "E", TemporalMode::fastest, o, {});
  REQUIRE(fastest);
  CHECK(fastest->back().day - fastest->front().day == 2);

  auto fewest = temporalPath(s, "A", "E", TemporalMode::minHop, o, {});
  REQUIRE(fewest);
  CHECK(fewest->size() == 3);
  // Accusations only, in time order: A-B(01) B-C(03) C-D(02) breaks the order: no journey.
  CHECK_FALSE(temporalPath(s, "A", "E", TemporalMode::minHop, o, accusations()));
  o.maxGap = 3;
  CHECK_THROWS_AS(temporalPath(s, "A", "E", TemporalMode::minHop, o, {}), std::invalid_argument);
}

TEST_CASE("no journey backwards in time; unknown entities reach nothing") {
  FixtureStore fx;
  TemporalOptions o;
  CHECK_FALSE(temporalPath(*fx.store, "F", "A", TemporalMode::earliestArrival, o, {}));
  CHECK(earliestArrivals(*fx.store, "nobody", o, {}).empty());
}

TEST_CASE("earliest arrivals read from the snapshot equal those read from the store") {
  // A random multigraph: 12 entities, 160 events over 28 days, with parallel events on one day.
  TempDir dir;
  auto store = Store::open(dir / "db");
  std::vector<ImportedMention> events;
  std::vector<std::tuple<int, int, int>> plain;  // (actor, target, day)
  uint32_t seed = 7;
  auto next = [&](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  for (uint32_t row = 1; row <= 160; ++row) {
    const int a = static_cast<int>(next(12)), t = static_cast<int>(next(12)),
              day = 1 + static_cast<int>(next(28));
    if (a == t) continue;
    const std::string cls = next(3) == 0 ? "accuse" : "statement";
    events.push_back(edge(fmt::format("N{}", a), cls, fmt::format("N{}", t), day, row));
    plain.emplace_back(a, t, day);
  }
  store->importMentions(events);
  store->finishImport();
  const auto snapshot = GraphSnapshot::load(*store);

  // The reference: day by day, a breadth-first closure over that day's events (non-strict).
  auto reference = [&](int from, int fromDay) {
    std::map<std::string, int32_t> arrival;
    std::vector<bool> reached(12, false);
    reached[from] = true;
    for (int day = fromDay; day <= 28; ++day) {
      for (bool grew = true; grew;) {
        grew = false;
        for (auto [a, t, d] : plain) {
          if (d != day || !reached[a] || reached[t]) continue;
          reached[t] = true;
          arrival[fmt::format("N{}", t)] = jan(day);
          grew = true;
        }
      }
    }
    return arrival;
  };
  for (int from = 0; from < 12; ++from) {
    const std::string id = fmt::format("N{}", from);
    for (int start : {1, 9, 20}) {
      TemporalOptions o;
      o.startDay = jan(start);
      const auto expected = reference(from, start);
      CHECK(arrivals(earliestArrivals(*store, id, o, {})) == expected);
      CHECK(arrivals(earliestArrivals(*store, id, o, {}, &snapshot)) == expected);
      for (bool strict : {false, true}) {
        for (int gap : {-1, 0, 3}) {
          for (Traverse direction : {Traverse::out, Traverse::in, Traverse::both}) {
            o.strict = strict;
            o.maxGap = gap;
            o.direction = direction;
            EdgeFilter until;
            until.toDay = jan(24);
            INFO(id << " from day " << start << (strict ? " strict" : "") << " gap " << gap);
            CHECK(arrivals(earliestArrivals(*store, id, o, until, &snapshot)) ==
                  arrivals(earliestArrivals(*store, id, o, until)));
            // A filter the snapshot cannot apply: the store answers.
            CHECK(arrivals(earliestArrivals(*store, id, o, accusations(), &snapshot)) ==
                  arrivals(earliestArrivals(*store, id, o, accusations())));
          }
        }
      }
    }
  }
  // Each link keeps its distinct days in order.
  const uint32_t a = *snapshot.find("N0");
  for (uint64_t link = snapshot.outBegin(a); link < snapshot.outEnd(a); ++link) {
    const auto days = snapshot.linkDays(link);
    CHECK(!days.empty());
    CHECK(std::adjacent_find(days.begin(), days.end(), std::greater_equal<int32_t>()) ==
          days.end());
  }
}

TEST_CASE("the whole-graph snapshot: hops, degrees, ranks, and its cache") {
  FixtureStore fx;
  const Store& s = *fx.store;
  auto snap = GraphSnapshot::load(s);
  CHECK(std::filesystem::exists(fx.dir / "db/graph.snapshot"));
  CHECK(snap.entityCount() == 6);
  CHECK(snap.eventCount() == 10);
  auto id = [&](const char* n) { return *snap.find(n); };
  CHECK(snap.hops(id("A"), id("E")) == 3);
  CHECK(snap.hops(id("A"), id("D")) == 2);
  CHECK(snap.hops(id("E"), id("A")) == -1);
  CHECK(snap.hops(id("A"), id("A")) == 0);
  auto degrees = snap.degrees();
  CHECK(degrees[id("D")] == 5);
  CHECK(degrees[id("A")] == 3);
  auto rank = snap.pageRank();
  CHECK(rank[id("F")] > rank[id("A")]);  // everything flows towards F
  auto between = snap.betweenness();
  CHECK(between[id("D")] > between[id("A")]);

  // Reloaded from the cache while the store is unchanged; rebuilt after a change.
  auto again = GraphSnapshot::load(s);
  CHECK_FALSE(snap.mapped());
  CHECK(again.mapped());  // the cache file, used in place
  CHECK(again.changeCounter() == snap.changeCounter());
  CHECK(again.hops(*again.find("A"), *again.find("E")) == 3);
  CHECK(again.degrees() == snap.degrees());
  CHECK_FALSE(again.find("nobody"));
  for (uint32_t e = 0; e < snap.entityCount(); ++e) CHECK(*again.find(snap.name(e)) == e);
  {  // A truncated cache file is not used: the snapshot is rebuilt and the file rewritten.
    const auto file = fx.dir / "db/graph.snapshot";
    const auto size = std::filesystem::file_size(file);
    std::filesystem::resize_file(file, size - 9);
    auto rebuilt = GraphSnapshot::load(s);
    CHECK_FALSE(rebuilt.mapped());
    CHECK(rebuilt.degrees() == snap.degrees());
    CHECK(std::filesystem::file_size(file) == size);
    std::filesystem::resize_file(file, 20);
    CHECK_FALSE(GraphSnapshot::load(s).mapped());
    CHECK(GraphSnapshot::load(s).mapped());
  }
  fx.store->importMentions({edge("A", "accuse", "E", 25, 11)});
  auto changed = GraphSnapshot::load(*fx.store);
  CHECK(changed.changeCounter() != snap.changeCounter());
  CHECK(changed.hops(*changed.find("A"), *changed.find("E")) == 1);
}

TEST_CASE("a store without the newer index families opens read-only and answers the same") {
  TempDir dir;
  {
    auto store = Store::open(dir / "db");
    store->importMentions(fixtureEdges());
    store->finishImport();
  }
  {  // As a store written before the pairs and out_class families existed.
    rocksdb::Options options;
    std::vector<std::string> names;
    REQUIRE(rocksdb::DB::ListColumnFamilies(options, dir / "db", &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(options, dir / "db", families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    for (auto* h : handles) {
      if (h->GetName() == "pairs" || h->GetName() == "out_class") {
        REQUIRE(db->DropColumnFamily(h).ok());
      }
      db->DestroyColumnFamilyHandle(h);
    }
  }
  auto store = Store::open(dir / "db", {.readOnly = true});
  CHECK(members(neighbourhood(*store, "A", 1, Traverse::out, {})).size() == 2);
  CHECK(members(neighbourhood(*store, "A", 2, Traverse::out, accusations())) ==
        std::map<std::string, uint32_t>{{"B", 1}, {"C", 2}});
  CHECK(timeline(*store, "C", std::string("D"), {}).size() == 2);
}

TEST_CASE("bulk import dedups like ingest: same row once, same event from two sources twice") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  auto row = edge("A", "accuse", "B", 1, 7);
  auto otherSource = row;
  auto other = std::make_shared<Article>();
  other->id = stableHash("another file");
  other->url = "file:another.tsv";
  otherSource.source = other;
  auto c = store->importMentions({row, row, otherSource});
  CHECK(c.mentions == 2);
  CHECK(c.duplicates == 1);
  CHECK(c.newEvents == 1);
  auto again = store->importMentions({row});  // a later chunk or a second import
  CHECK(again.duplicates == 1);
  auto sameSourceOtherRow = row;
  sameSourceOtherRow.event.sentenceIndex = 8;
  CHECK(store->importMentions({sameSourceOtherRow}).mentions == 1);
  store->finishImport();
  auto events = timeline(*store, "A", std::nullopt, {});
  REQUIRE(events.size() == 1);
  auto ev = store->event(events[0].eventId);
  REQUIRE(ev);
  CHECK(ev->mentionCount == 3);
  CHECK(ev->sourceCount == 2);
  CHECK(events[0].mentions == 3);  // the index entries follow the mention count
  CHECK(store->counts().events == 1);
  CHECK(store->counts().mentions == 3);
  CHECK(store->counts().articles == 2);
}

TEST_CASE("a bulk import in chunks stores what one plain import stores") {
  // The bulk path ingests each chunk on another thread while the next is encoded, and merges
  // each index family's chunks in one compaction: same counts, same answers.
  TempDir plainDir, bulkDir;
  const auto rows = fixtureEdges();
  auto plain = Store::open(plainDir / "db");
  plain->importMentions(rows);
  plain->finishImport();
  {
    auto bulk = Store::open(bulkDir / "db", {.bulkImport = true});
    for (size_t i = 0; i < rows.size(); i += 3) {
      const auto end = rows.begin() + static_cast<std::ptrdiff_t>(std::min(i + 3, rows.size()));
      bulk->importMentions({rows.begin() + static_cast<std::ptrdiff_t>(i), end});
    }
    // A row already stored by an earlier chunk is a duplicate, whether or not that chunk has
    // reached the store yet.
    CHECK(bulk->importMentions({rows[0]}).duplicates == 1);
    bulk->finishImport();
  }
  auto bulk = Store::open(bulkDir / "db", {.readOnly = true});
  const auto a = plain->counts(), b = bulk->counts();
  CHECK(b.events == a.events);
  CHECK(b.mentions == a.mentions);
  CHECK(b.entities == a.entities);
  CHECK(b.eventsByClass == a.eventsByClass);
  CHECK(b.firstDate == a.firstDate);
  CHECK(b.lastDate == a.lastDate);
  auto rowsOf = [](const std::vector<EventEdge>& events) {
    std::vector<std::string> out;
    for (const auto& e : events)
      out.push_back(fmt::format("{} {} {} {} {} {}", e.day, e.actorId, e.label, e.targetId,
                                e.eventId, e.mentions));
    return out;
  };
  for (const char* entity : {"A", "B", "C", "D", "E", "F"})
    CHECK(rowsOf(timeline(*bulk, entity, std::nullopt, {})) ==
          rowsOf(timeline(*plain, entity, std::nullopt, {})));
  auto members = [](const Neighbourhood& n) {
    std::vector<std::string> out;
    for (const auto& m : n.members) out.push_back(fmt::format("{}:{}", m.entityId, m.hops));
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(members(neighbourhood(*bulk, "A", 2, Traverse::out, {})) ==
        members(neighbourhood(*plain, "A", 2, Traverse::out, {})));
}
