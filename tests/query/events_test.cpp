#include <catch2/catch.hpp>

// Designated initializers name only the filter fields a case sets; the rest keep their defaults.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include <nlohmann/json.hpp>
#include <sstream>

#include "query/events.h"
#include "query/format.h"
#include "tests/support.h"

using namespace dossier;
using dossier::test::TempDir;

namespace {

ExtractedEvent event(const std::string& actor, const std::string& cls, const std::string& code,
                     const std::string& target, const std::string& date) {
  ExtractedEvent e;
  e.actor = Entity{actor, actor + " name", "country", actor, "", actor + " alias"};
  e.target = Entity{target, target + " name", "country", target, "", target + " alias"};
  e.action = {cls, code, code.empty() ? "" : "label " + code, cls + "ed"};
  e.date = date;
  e.precision = "day";
  e.sentence = actor + " " + cls + " " + target + ", \"quoted\".";
  e.pattern = cls + ":active";
  e.confidence = 0.6;
  return e;
}

std::vector<std::string> ids(const Store& s, const EventFilter& f) {
  std::vector<std::string> out;
  queryEvents(s, f, [&](const EventRow& r) {
    out.push_back(r.event.actorId + ">" + r.event.cls + ">" + r.event.targetId + "@" +
                  r.event.date);
    return true;
  });
  return out;
}

}  // namespace

TEST_CASE("events queries use each index with date ranges and limits") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  Article a;
  a.url = "https://example.org/q";
  a.published = "2024-06-01";
  a.text = "x";
  a.id = articleId(a);
  store->commitArticle(a, {event("DEU", "accuse", "112", "RUS", "2024-01-05"),
                           event("DEU", "expel", "174", "RUS", "2024-02-05"),
                           event("FRA", "accuse", "1125", "RUS", "2024-03-05"),
                           event("RUS", "cyberattack", "", "DEU", "2023-12-31")});
  CHECK(ids(*store, {}) ==
        std::vector<std::string>{"RUS>cyberattack>DEU@2023-12-31", "DEU>accuse>RUS@2024-01-05",
                                 "DEU>expel>RUS@2024-02-05", "FRA>accuse>RUS@2024-03-05"});
  CHECK(ids(*store, {.actor = "DEU"}) ==
        std::vector<std::string>{"DEU>accuse>RUS@2024-01-05", "DEU>expel>RUS@2024-02-05"});
  CHECK(ids(*store, {.actor = "deu alias", .action = "expel"}) ==
        std::vector<std::string>{"DEU>expel>RUS@2024-02-05"});
  CHECK(ids(*store, {.target = "RUS", .since = "2024-02"}).size() == 2);
  CHECK(ids(*store, {.action = "11"}).size() == 2);
  CHECK(ids(*store, {.action = "1125"}) == std::vector<std::string>{"FRA>accuse>RUS@2024-03-05"});
  CHECK(ids(*store, {.action = "cyberattack"}).size() == 1);
  CHECK(ids(*store, {.until = "2023"}) ==
        std::vector<std::string>{"RUS>cyberattack>DEU@2023-12-31"});
  CHECK(ids(*store, {.since = "2024-01", .until = "2024-02"}).size() == 2);
  CHECK(ids(*store, {.limit = 3}).size() == 3);
  CHECK(ids(*store, {.actor = "DEU", .target = "FRA"}).empty());
  CHECK_THROWS_AS(ids(*store, {.actor = "Atlantis"}), QueryError);
  CHECK_THROWS_AS(ids(*store, {.action = "gossip"}), QueryError);
  CHECK_THROWS_AS(ids(*store, {.since = "2024-05", .until = "2024-04"}), QueryError);
}

TEST_CASE("jsonl rows carry entities and sources and csv quotes text") {
  TempDir dir;
  auto store = Store::open(dir / "db");
  Article a;
  a.url = "https://example.org/q";
  a.title = "A \"title\"";
  a.published = "2024-06-01";
  a.text = "x";
  a.id = articleId(a);
  store->commitArticle(a, {event("RUS", "cyberattack", "", "DEU", "2023-12-31")});
  std::ostringstream jsonl, csv;
  auto jw = makeEventWriter(Format::jsonl, jsonl);
  auto cw = makeEventWriter(Format::csv, csv);
  queryEvents(*store, {}, [&](const EventRow& r) {
    jw->write(r);
    cw->write(r);
    return true;
  });
  auto j = nlohmann::json::parse(jsonl.str());
  CHECK(j["action"]["code"].is_null());
  CHECK(j["action"]["class"] == "cyberattack");
  CHECK(j["actor"]["name"] == "RUS name");
  CHECK(j["sources"][0]["title"] == "A \"title\"");
  CHECK(j["sources"][0]["sentence"] == "RUS cyberattack DEU, \"quoted\".");
  CHECK_THAT(csv.str(), Catch::Contains("\"RUS cyberattack DEU, \"\"quoted\"\".\""));
  CHECK(csvField("plain") == "plain");
  CHECK(csvField("a,b") == "\"a,b\"");
}
