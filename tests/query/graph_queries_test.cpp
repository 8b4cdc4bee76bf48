#include <catch2/catch.hpp>

#include "query/graph_queries.h"
#include "tests/graph/graph_fixture.h"

using namespace dossier;
using namespace dossier::test;

TEST_CASE("timeline: one entity's events, or those between two, in date order") {
  FixtureStore fx;
  auto b = timeline(*fx.store, "B", std::nullopt, {});
  REQUIRE(b.size() == 4);
  CHECK(b[0].day == jan(1));
  CHECK(b[1].day == jan(3));
  CHECK(b[1].label == "Accuse");  // same day: by label
  CHECK(b[2].label == "Make statement");
  CHECK(b[3].day == jan(15));
  auto cd = timeline(*fx.store, "C", std::string("D"), {});
  REQUIRE(cd.size() == 2);
  CHECK(cd[0].day == jan(2));
  CHECK(cd[1].day == jan(10));
  CHECK(timeline(*fx.store, "D", std::string("C"), {}).size() == 2);  // either direction
  EdgeFilter late;
  late.fromDay = jan(20);
  CHECK(timeline(*fx.store, "B", std::nullopt, late).empty());
}

TEST_CASE("who did what to whom, counted and ranked, per period") {
  FixtureStore fx;
  EdgeFilter f;
  f.actions = {"accuse"};
  auto rows = who(*fx.store, f, Period::all, 0);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].actorId == "A");
  CHECK(rows[0].targetId == "B");
  CHECK(rows[0].events == 2);
  CHECK(rows[1].actorId == "B");  // ties by actor
  CHECK(rows[3].actorId == "D");
  CHECK(who(*fx.store, f, Period::all, 2).size() == 2);
  auto monthly = who(*fx.store, f, Period::month, 1);
  REQUIRE(monthly.size() == 1);
  CHECK(monthly[0].period == "2024-01");
  CHECK(who(*fx.store, f, Period::quarter, 0)[0].period == "2024-Q1");
  f.labelPrefix = "Accuse of";
  CHECK(who(*fx.store, f, Period::all, 0).empty());
  f.labelPrefix = "Acc";
  CHECK(who(*fx.store, f, Period::all, 0).size() == 4);
  CHECK_THROWS_AS(who(*fx.store, EdgeFilter{}, Period::all, 0), QueryError);
}

TEST_CASE("filters are validated") {
  GraphFilter f;
  f.actions = {"gossip"};
  CHECK_THROWS_AS(toEdgeFilter(f), QueryError);
  f.actions = {"accuse", "112"};
  f.since = "2024-02";
  f.until = "2024-01";
  CHECK_THROWS_AS(toEdgeFilter(f), QueryError);
  f.until = "2024";
  auto e = toEdgeFilter(f);
  CHECK(e.actions.size() == 2);
  CHECK(e.toDay - e.fromDay == 334);  // Feb 1 .. Dec 31 of a leap year
}

TEST_CASE("entities are named by id, canonical name or unambiguous alias") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  store->importMentions(
      {edge("Paris", "accuse", "PARIS", 1, 1), edge("Lyon", "accuse", "Paris", 2, 2)});
  store->finishImport();
  CHECK(resolveEntity(*store, "Paris") == "Paris");  // exact id, case kept
  CHECK(resolveEntity(*store, "lyon") == "Lyon");    // alias, case-insensitive
  try {
    resolveEntity(*store, "paris");
    FAIL("an ambiguous name must not resolve");
  } catch (const QueryError& e) {
    const std::string what = e.what();
    CHECK(what.find("2 entities") != std::string::npos);
    CHECK(what.find("PARIS") != std::string::npos);
  }
  CHECK_THROWS_AS(resolveEntity(*store, "Marseille"), QueryError);
  auto found = searchEntities(*store, "par", 0);
  REQUIRE(found.size() == 2);
  CHECK(found[0].entity.id == "Paris");  // two events before one
  CHECK(found[0].events == 2);
}

TEST_CASE("top entities by degree, in the whole and the filtered graph") {
  FixtureStore fx;
  auto top = topEntities(*fx.store, {}, Ranking::degree, "", 3);
  REQUIRE(top.size() == 3);
  CHECK(top[0].entityId == "D");
  CHECK(top[0].score == 5);
  CHECK(top[1].entityId == "B");  // B and C tie at 4: by id
  CHECK(top[2].entityId == "C");
  EdgeFilter f;
  f.actions = {"accuse"};
  auto accused = topEntities(*fx.store, f, Ranking::degree, "", 1);
  REQUIRE(accused.size() == 1);
  CHECK(accused[0].entityId == "B");  // A accuse B twice, B accuse C
  CHECK(topEntities(*fx.store, {}, Ranking::degree, "country", 0).empty());
}

TEST_CASE("timeline rows: both directions merged, same-day ties ordered, rows outlive the result") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  // Same day, both directions, labels and actors tying in every way the order names.
  std::vector<ImportedMention> rows = {
      edge("Y", "statement", "X", 4, 1), edge("X", "statement", "Y", 4, 2),
      edge("X", "accuse", "Y", 4, 3),    edge("Y", "accuse", "X", 2, 4),
      edge("X", "accuse", "Y", 6, 5),    edge("Y", "accuse", "X", 6, 6)};
  store->importMentions(rows);
  store->finishImport();
  EventEdge kept;
  {
    const auto t = timeline(*store, "X", std::string("Y"), {});
    std::vector<std::string> order;
    for (const auto& e : t)
      order.push_back(
          fmt::format("{} {} {} {}", e.day - jan(1) + 1, e.actorId, e.label, e.targetId));
    CHECK(order == std::vector<std::string>{"2 Y Accuse X", "4 X Accuse Y", "4 X Make statement Y",
                                            "4 Y Make statement X", "6 X Accuse Y",
                                            "6 Y Accuse X"});
    CHECK(timeline(*store, "Y", std::nullopt, {}).size() == 6);
    kept = t[1];
  }
  // A row's strings live as long as the row, not the vector it came in.
  CHECK(kept.actorId == "X");
  CHECK(kept.label == "Accuse");
  CHECK(kept.eventId.size() == 16);
}

TEST_CASE("entities of a result: in the order asked, unknown ids empty") {
  FixtureStore fx;
  const auto found = fx.store->entities({"E", "nobody", "A", "E", "C"});
  REQUIRE(found.size() == 5);
  CHECK(found[0]->id == "E");
  CHECK_FALSE(found[1]);
  CHECK(found[2]->id == "A");
  CHECK(found[3]->id == "E");
  CHECK(found[4]->name == "C");
}
