#include <catch2/catch.hpp>

#include "ingest/dictionary.h"

using namespace dossier;

TEST_CASE("the shipped dictionaries load and cover countries, agencies and verbs") {
  auto d = Dictionary::builtin();
  CHECK(d.entities().size() > 400);
  for (const char* id : {"CHN", "USA", "RUS", "GBR", "NLD", "IRN", "PRK", "USA.FBI", "GBR.GCHQ",
                         "RUS.FSB", "CHN.MSS"}) {
    INFO(id);
    CHECK(d.entityIndex(id));
  }
  CHECK(d.actorPhrases("Kremlin"));
  CHECK(d.actorPhrases("Beijing"));
  CHECK(d.demonym("NLD") == "Dutch");
  for (const char* verb : {"accused", "denied", "warned", "arrested", "detained", "charged",
                           "indicted", "sentenced", "expelled", "sanctioned", "hacked", "spied"}) {
    INFO(verb);
    CHECK(d.triggerPhrases(verb));
  }
}

TEST_CASE("dictionary errors name the file and line") {
  Dictionary d;
  CHECK_THROWS_WITH(d.addCountries("extra.tsv", "# comment\nCHN\tChina\tPRC\n"),
                    "extra.tsv:2: expected 5 tab-separated columns, found 3");
  CHECK_THROWS_WITH(d.addVerbs("v.tsv", "x\taccuse\t11a\tAccuse\taccused\t\n"),
                    Catch::StartsWith("v.tsv:1: CAMEO code '11a'"));
  CHECK_THROWS_WITH(d.addAgencies("a.tsv", "usa.fbi\tUSA\tpolice\tFBI\tF.B.I.\n"),
                    Catch::StartsWith("a.tsv:1: id 'usa.fbi'"));
  d.addCountries("c.tsv", "CHN\tChina\tPRC\tChinese\tBeijing\n");
  CHECK_THROWS_WITH(d.addCountries("c2.tsv", "\nCHN\tChina\t\t\t\n"),
                    "c2.tsv:2: duplicate id 'CHN'");
}

TEST_CASE("group naming schemes type names the dictionaries do not know") {
  auto d = Dictionary::builtin();
  auto naming = [&](std::vector<std::string_view> words) { return d.groupNaming(words); };
  REQUIRE(naming({"UNC6293"}));
  CHECK(naming({"UNC6293"})->type == "apt");
  CHECK(naming({"UNC6293"})->country.empty());
  REQUIRE(naming({"UAC-0226"}));
  REQUIRE(naming({"Storm-2035"}));
  REQUIRE(naming({"Linen", "Typhoon"}));
  CHECK(naming({"Linen", "Typhoon"})->country == "CHN");
  REQUIRE(naming({"Charming", "Kitten"}));
  CHECK(naming({"Charming", "Kitten"})->country == "IRN");
  REQUIRE(naming({"Scattered", "Spider"}));
  CHECK(naming({"Scattered", "Spider"})->type == "cybercrime");
  REQUIRE(naming({"BRONZE", "PRESIDENT"}));
  CHECK(naming({"BRONZE", "PRESIDENT"})->country == "CHN");
  CHECK_FALSE(naming({"UNC"}));            // no number
  CHECK_FALSE(naming({"TA1"}));            // one digit is too few
  CHECK_FALSE(naming({"UNCLE42"}));        // not the affix and a number
  CHECK_FALSE(naming({"teddy", "Bear"}));  // not a capitalised name
  CHECK_FALSE(naming({"Bronze", "Age"}));  // the element is written in capitals

  Dictionary bad;
  CHECK_THROWS_WITH(bad.addNaming("naming.local.tsv", "suffix\tOwl\tXXX\tapt\tV\n"),
                    Catch::StartsWith("naming.local.tsv:1: form 'suffix'"));
  CHECK_THROWS_WITH(bad.addNaming("n.tsv", "last\tOwl\tOWLS\tapt\tV\n"),
                    Catch::StartsWith("n.tsv:1: country 'OWLS'"));
  CHECK_THROWS_WITH(bad.addNaming("n.tsv", "last\tOwl\tINT\tbirds\tV\n"),
                    Catch::StartsWith("n.tsv:1: type 'birds'"));
}
