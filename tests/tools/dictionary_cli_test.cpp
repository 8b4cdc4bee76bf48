// Local dictionaries, `dossier dict check` and `dossier recode`, through the binary.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support.h"

using dossier::test::runDossier;
using dossier::test::TempDir;
using dossier::test::writeFile;

TEST_CASE("dict check names the file and line of a bad entry") {
  TempDir dir;
  auto r = runDossier("dict check", dir);
  CHECK(r.exitCode == 0);
  CHECK_THAT(r.out, Catch::Contains("dictionaries ok"));
  writeFile(dir / "groups.local.tsv",
            "# local groups\nGROUP.TEST_CREW\tINT\tcybercrime\tTest Crew\tTest Crew|TC-99\n");
  writeFile(dir / "verbs.bad.tsv", "# bad\n\nx\tgossip\t\t\tgossiped\t\n");
  writeFile(dir / "weird.tsv", "a\tb\n");
  r = runDossier("dict check " + (dir / "groups.local.tsv") + " " + (dir / "verbs.bad.tsv") + " " +
                     (dir / "weird.tsv"),
                 dir);
  CHECK(r.exitCode == 1);
  CHECK_THAT(r.out, Catch::Contains("groups.local.tsv: ok, 1 entries"));
  CHECK_THAT(r.err, Catch::Contains("verbs.bad.tsv:3: unknown action class 'gossip'"));
  CHECK_THAT(r.err, Catch::Contains("weird.tsv: unknown kind of dictionary"));
  // An id the shipped dictionaries already use is refused.
  writeFile(dir / "countries.dup.tsv", "CHN\tChina\t\t\t\n");
  r = runDossier("dict check " + (dir / "countries.dup.tsv"), dir);
  CHECK(r.exitCode == 1);
  CHECK_THAT(r.err, Catch::Contains("countries.dup.tsv:1: duplicate id 'CHN'"));
}

TEST_CASE(
    "local dictionaries from --dict and DOSSIER_DICT, and recode applies them to stored articles") {
  TempDir dir;
  const std::string text =
      "2024-05-16\nThe Quokka Collective breached Ruritania's tax office on Monday.\n";
  writeFile(dir / "a.txt", text);
  auto r = runDossier("ingest --db " + (dir / "db") + " " + (dir / "a.txt"), dir);
  REQUIRE(r.exitCode == 0);
  auto events = runDossier("events --format jsonl --db " + (dir / "db"), dir);
  CHECK(events.out.find("GROUP.QUOKKA") == std::string::npos);

  std::filesystem::create_directories(dir.path() / "local");
  writeFile(dir / "local/groups.local.tsv",
            "GROUP.QUOKKA\tINT\tcybercrime\tQuokka Collective\tQuokka Collective\n");
  writeFile(dir / "local/countries.local.tsv", "XRU\tRuritania\tRuritania\tRuritanian\tStrelsau\n");
  r = runDossier("extract --format jsonl --dict " + (dir / "local") + " " + (dir / "a.txt"), dir);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.out, Catch::Contains("\"GROUP.QUOKKA\"") && Catch::Contains("\"XRU\""));
  r = runDossier("extract --format jsonl " + (dir / "a.txt"), dir);
  CHECK(r.out.find("GROUP.QUOKKA") == std::string::npos);

  // The environment variable works like --dict.
  const std::string env = "DOSSIER_DICT=" + (dir / "local") + " ";
  const std::string cmd = env + std::string(DOSSIER_BIN) + " recode --db " + (dir / "db") + " >" +
                          (dir / "out") + " 2>&1";
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK_THAT(dossier::test::readFile(dir / "out"), Catch::Contains("recoded 1 articles"));
  events = runDossier("events --format jsonl --actor GROUP.QUOKKA --db " + (dir / "db"), dir);
  REQUIRE(events.exitCode == 0);
  auto e = nlohmann::json::parse(events.out.substr(0, events.out.find('\n')));
  CHECK(e["target"]["id"] == "XRU");
  CHECK(e["action"]["class"] == "breach");
  CHECK(e["date"] == "2024-05-13");

  r = runDossier(
      "ingest --dict " + (dir / "nowhere") + " --db " + (dir / "db") + " " + (dir / "a.txt"), dir);
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("not a directory of dictionaries"));
}
