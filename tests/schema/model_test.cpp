#include <catch2/catch.hpp>

#include "schema/model.h"

using namespace dossier;

TEST_CASE("stableHash is fixed forever: stored ids depend on it") {
  CHECK(stableHash("") == stableHash(""));
  CHECK(stableHash("a") != stableHash("b"));
  CHECK(stableHash("abc").size() == 16);
  // Pinned value: changing the hash would orphan every stored id.
  CHECK(stableHash("dossier") == "a597b668644a185e");
}

TEST_CASE("canonical URLs: one page linked two ways has one id") {
  CHECK(canonicalUrl("HTTPS://Example.ORG/News/A?utm_source=x#top") ==
        "https://example.org/News/A");
  CHECK(canonicalUrl("https://example.org/a/") == "https://example.org/a");
  CHECK(canonicalUrl("https://example.org/a?id=3&utm_medium=rss") == "https://example.org/a?id=3");
  Article a, b;
  a.url = "https://example.org/x?utm_campaign=1";
  b.url = "https://EXAMPLE.org/x";
  CHECK(articleId(a) == articleId(b));
}

TEST_CASE("articles without URL are identified by normalised text") {
  Article a, b, c;
  a.text = "Germany  expelled\ntwo diplomats.";
  b.text = "germany expelled two diplomats.  ";
  c.text = "France expelled two diplomats.";
  CHECK(articleId(a) == articleId(b));
  CHECK(articleId(a) != articleId(c));
}

TEST_CASE("ISO date prefixes convert to days and back") {
  int32_t d = 0;
  REQUIRE(isoToDays("1970-01-01", d));
  CHECK(d == 0);
  REQUIRE(isoToDays("2024-02-29", d));
  CHECK(daysToIso(d) == "2024-02-29");
  REQUIRE(isoToDays("2019", d));
  CHECK(daysToIso(d) == "2019-01-01");
  REQUIRE(isoToDays("2023-09", d));
  CHECK(daysToIso(d) == "2023-09-01");
  REQUIRE(isoToDays("1969-12-31", d));
  CHECK(d == -1);
  CHECK_FALSE(isoToDays("2023-02-30", d));
  CHECK_FALSE(isoToDays("2023-13", d));
  CHECK_FALSE(isoToDays("20230", d));
  CHECK_FALSE(isoToDays("yesterday", d));
}

TEST_CASE("event ids depend on actor, action, target and date only") {
  ExtractedEvent a;
  a.actor.id = "DEU";
  a.target.id = "RUS";
  a.action = {"expel", "174", "Expel", "expelled"};
  a.date = "2024-05-14";
  ExtractedEvent b = a;
  b.sentence = "another sentence";
  b.action.verb = "kicked out";
  b.confidence = 0.1;
  CHECK(eventId(a) == eventId(b));
  b.date = "2024-05-15";
  CHECK(eventId(a) != eventId(b));
}
