#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>

#include "tests/support.h"

using dossier::test::runDossier;
using dossier::test::TempDir;
using dossier::test::writeFile;

namespace {

// The graph of tests/graph/graph_fixture.h as a file for `dossier import`.
std::string fixtureFile(const TempDir& dir) {
  const std::string path = dir / "fixture.tsv";
  writeFile(
      path,
      "source\trelation\ttarget\tdate\n"
      "A\tAccuse\tB\t2024-01-01\nB\tAccuse\tC\t2024-01-03\nA\tMake statement\tC\t2024-01-05\n"
      "C\tAccuse\tD\t2024-01-02\nC\tMake statement\tD\t2024-01-10\n"
      "B\tMake statement\tD\t2024-01-03\nD\tAccuse\tE\t2024-01-03\n"
      "D\tMake statement\tE\t2024-01-12\nE\tMake statement\tF\t2024-01-20\n"
      "A\tAccuse\tB\t2024-01-15\nParis\tAccuse\tA\t2024-01-01\nPARIS\tAccuse\tA\t2024-01-01\n");
  return path;
}

std::vector<nlohmann::json> lines(const std::string& out) {
  std::vector<nlohmann::json> v;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) v.push_back(nlohmann::json::parse(line));
  return v;
}

}  // namespace

TEST_CASE("graph commands end to end: neighbours, path, timeline, who, explain") {
  TempDir dir;
  const std::string db = dir / "db";
  REQUIRE(runDossier("import --db " + db + " --format tsv " + fixtureFile(dir), dir).exitCode == 0);

  auto n = runDossier("neighbours --db " + db + " A --hops 2 --action accuse --format jsonl", dir);
  REQUIRE(n.exitCode == 0);
  std::map<std::string, int> hops;
  size_t events = 0;
  for (auto& j : lines(n.out)) {
    if (j.contains("hops"))
      hops[j["entity"]] = j["hops"];
    else
      ++events;
  }
  CHECK(hops == std::map<std::string, int>{{"B", 1}, {"C", 2}});
  CHECK(events == 3);  // A->B twice, B->C

  auto p = runDossier("path --db " + db + " A D --action accuse --format csv", dir);
  REQUIRE(p.exitCode == 0);
  CHECK(std::count(p.out.begin(), p.out.end(), '\n') == 4);  // header and 3 steps

  auto strict =
      runDossier("path --db " + db + " A E --mode earliest-arrival --strict --format jsonl", dir);
  REQUIRE(strict.exitCode == 0);
  auto steps = lines(strict.out);
  REQUIRE(!steps.empty());
  CHECK(steps.back()["date"] == "2024-01-12");

  auto gap = runDossier("path --db " + db + " A F --mode earliest-arrival --max-gap 7", dir);
  CHECK(gap.exitCode == 0);
  CHECK(gap.out.find("no path from A to F") != std::string::npos);

  // Earliest arrival at every entity: from the snapshot with a date filter, from the store's
  // indexes with a class filter; the same answers as the fixture's known ones.
  auto arrivals = [&](const std::string& args) {
    auto r = runDossier("reach --db " + db + " A --format jsonl " + args, dir);
    REQUIRE(r.exitCode == 0);
    std::vector<std::pair<std::string, std::string>> v;
    for (auto& j : lines(r.out)) v.emplace_back(j["entity"], j["arrival"]);
    return v;
  };
  using Arrivals = std::vector<std::pair<std::string, std::string>>;
  CHECK(arrivals("") == Arrivals{{"B", "2024-01-01"},
                                 {"C", "2024-01-03"},
                                 {"D", "2024-01-03"},
                                 {"E", "2024-01-03"},
                                 {"F", "2024-01-20"}});
  CHECK(arrivals("--since 2024-01-04") == Arrivals{{"C", "2024-01-05"},
                                                   {"D", "2024-01-10"},
                                                   {"E", "2024-01-12"},
                                                   {"B", "2024-01-15"},
                                                   {"F", "2024-01-20"}});
  CHECK(arrivals("--strict --start 2024-01-02")[0] ==
        std::pair<std::string, std::string>{"C", "2024-01-05"});
  CHECK(arrivals("--action accuse") == Arrivals{{"B", "2024-01-01"}, {"C", "2024-01-03"}});
  CHECK(arrivals("--direction in") == Arrivals{{"PARIS", "2024-01-01"}, {"Paris", "2024-01-01"}});

  auto t = runDossier("timeline --db " + db + " C D --format jsonl", dir);
  REQUIRE(t.exitCode == 0);
  auto rows = lines(t.out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["date"] == "2024-01-02");

  auto w = runDossier("who --db " + db + " accuse --by month --top 1 --format jsonl", dir);
  REQUIRE(w.exitCode == 0);
  auto who = lines(w.out);
  REQUIRE(who.size() == 1);
  CHECK(who[0]["actor"] == "A");
  CHECK(who[0]["events"] == 2);

  auto x = runDossier("explain --db " + db + " " + rows[0]["event"].get<std::string>(), dir);
  REQUIRE(x.exitCode == 0);
  CHECK(x.out.find("row 5 of fixture.tsv") != std::string::npos);

  auto top = runDossier("top --db " + db + " --limit 1 --format csv", dir);
  REQUIRE(top.exitCode == 0);
  CHECK(top.out.find(",A,") != std::string::npos);  // A and D tie at 5 events: by id
}

TEST_CASE("graph commands: ambiguous and unknown names, empty results") {
  TempDir dir;
  const std::string db = dir / "db";
  REQUIRE(runDossier("import --db " + db + " --format tsv " + fixtureFile(dir), dir).exitCode == 0);
  auto ambiguous = runDossier("timeline --db " + db + " paris", dir);
  CHECK(ambiguous.exitCode == 2);
  CHECK(ambiguous.err.find("'paris' names 2 entities") != std::string::npos);
  CHECK(ambiguous.err.find("PARIS") != std::string::npos);
  auto exact = runDossier("timeline --db " + db + " PARIS --format csv", dir);
  CHECK(exact.exitCode == 0);
  auto unknown = runDossier("neighbours --db " + db + " Atlantis", dir);
  CHECK(unknown.exitCode == 2);
  auto empty = runDossier("neighbours --db " + db + " F", dir);
  CHECK(empty.exitCode == 0);
  CHECK(empty.out.find("no entities") != std::string::npos);
  auto none = runDossier("who --db " + db + " accuse --since 2025 --format jsonl", dir);
  CHECK(none.exitCode == 0);
  CHECK(none.out.empty());
  auto badAction = runDossier("who --db " + db + " gossip", dir);
  CHECK(badAction.exitCode == 2);
}
