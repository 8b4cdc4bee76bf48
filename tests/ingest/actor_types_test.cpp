// The types and countries the extractor gives actors it finds from the text alone: names that
// follow a vendor's naming scheme, organisations by the last word of their name, people by role.
#include <catch2/catch.hpp>

#include "ingest/dictionary.h"
#include "ingest/extractor.h"

using namespace dossier;

namespace {

// The entity at `side` ("actor" or "target") of the only event of `text`.
Entity only(const std::string& text, bool actor) {
  static const Dictionary dict = Dictionary::builtin();
  Article a;
  a.text = text;
  a.published = "2024-05-16";
  const auto events = Extractor(dict).extract(a);
  REQUIRE(events.size() == 1);
  return actor ? events[0].actor : events[0].target;
}

}  // namespace

TEST_CASE("organisations are typed by the last word of their name") {
  const Entity county = only("Licking County was hit by ransomware.", false);
  CHECK(county.type == "government");
  CHECK(county.sector == "GOV");
  const Entity hospital = only("Hackers breached Hancock Regional Hospital.", false);
  CHECK(hospital.type == "health");
  const Entity bank = only("Hackers stole customer data from Equity Bank.", false);
  CHECK(bank.type == "finance");
}

TEST_CASE("group names that follow a naming scheme are groups of the state it implies") {
  const Entity typhoon = only("Flax Typhoon hacked Taiwanese universities.", true);
  CHECK(typhoon.type == "apt");
  CHECK(typhoon.country == "CHN");
  const Entity cluster = only("UNC6293 targeted a British researcher.", true);
  CHECK(cluster.type == "apt");
  CHECK(cluster.country.empty());
}

TEST_CASE("a person named after a role takes the role's country and sector") {
  const Entity giles = only("Hackers targeted British journalist Jane Smith.", false);
  CHECK(giles.id == "N.jane-smith");
  CHECK(giles.type == "person");
  CHECK(giles.country == "GBR");
  CHECK(giles.sector == "MED");
}

TEST_CASE("a generic party is named by its class and by the noun the text uses") {
  const Entity coders = only("Hackers tricked developers into installing a backdoor.", false);
  CHECK(coders.id == "ANY.BUS");
  CHECK(coders.name == "unidentified companies (developers)");
  const Entity firms = only("Hackers tricked companies into installing a backdoor.", false);
  CHECK(firms.name == "unidentified companies");
}
