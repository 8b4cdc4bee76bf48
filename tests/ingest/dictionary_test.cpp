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
