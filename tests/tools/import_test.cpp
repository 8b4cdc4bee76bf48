#include <catch2/catch.hpp>

#include <zlib.h>

#include <sstream>

#include "graph/store.h"
#include "ingest/coded_events.h"
#include "query/graph_queries.h"
#include "tests/support.h"
#include "tools/dossier/import_command.h"

using namespace dossier;
using dossier::test::runDossier;
using dossier::test::TempDir;
using dossier::test::writeFile;

namespace {

const char* kTsv =
    "source\trelation\ttarget\tdate\n"
    "\"Nicholas \"\"Nick\"\" Xenophon\"\tAccuse of crime, corruption\tMalcolm "
    "Turnbull\t2018-02-01\n"
    "Malcolm Turnbull\tMake statement\tAustralia\t2018-02-02\n"
    "only\tthree fields\n"
    "Malcolm Turnbull\tMake statement\tAustralia\t2018-02-31\n"
    "malcolm turnbull\tArrest, detain, or charge with legal action\tAustralia\t2018-02-03\n";

void writeGzip(const std::string& path, const std::string& text) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
}

}  // namespace

TEST_CASE("quoted TSV fields are decoded CSV-style") {
  std::vector<std::string> f;
  std::string why;
  REQUIRE(splitQuotedTsv("\"a \"\"b\"\" c\"\tplain \"x\"\t\t\"\"", f, why));
  CHECK(f == std::vector<std::string>{"a \"b\" c", "plain \"x\"", "", ""});
  CHECK_FALSE(splitQuotedTsv("\"open\tx", f, why));
  CHECK(why == "unterminated quoted field");
  CHECK_FALSE(splitQuotedTsv("\"a\"b\tx", f, why));
}

TEST_CASE("import of a TSV: exact names, labels kept, bad rows reported by line") {
  TempDir dir;
  const std::string file = dir / "events.tsv.gz";
  writeGzip(file, kTsv);
  auto r = runDossier("import --db " + (dir / "db") + " --format tsv " + file, dir);
  CHECK(r.exitCode == 1);  // two malformed rows, the rest stored
  CHECK(r.err.find(file + ":4: 2 fields") != std::string::npos);
  CHECK(r.err.find(file + ":5: date '2018-02-31'") != std::string::npos);
  CHECK(r.out.find("3 new") != std::string::npos);

  auto store = Store::open(dir / "db", {.readOnly = true});
  auto nick = store->entity("Nicholas \"Nick\" Xenophon");
  REQUIRE(nick);
  CHECK(nick->name == "Nicholas \"Nick\" Xenophon");
  // Case is part of the identity: two entities, and their shared alias is ambiguous.
  CHECK(store->entity("Malcolm Turnbull"));
  CHECK(store->entity("malcolm turnbull"));
  CHECK_THROWS_AS(resolveEntity(*store, "MALCOLM TURNBULL"), QueryError);
  auto events = timeline(*store, "Malcolm Turnbull", std::nullopt, {});
  REQUIRE(events.size() == 2);
  CHECK(events[0].label == "Accuse of crime, corruption");
  CHECK(events[0].cls == "accuse");
  CHECK(events[1].cls == "statement");
  CHECK(timeline(*store, "malcolm turnbull", std::nullopt, {})[0].cls == "arrest");
  // Each event traces back to its file and line.
  auto mentions = store->mentions(events[0].eventId);
  REQUIRE(mentions.size() == 1);
  CHECK(mentions[0].sentenceIndex == 2);
  CHECK(store->article(mentions[0].articleId, false)->article.url == "file:events.tsv.gz");
}

TEST_CASE("importing the same file twice changes nothing") {
  TempDir dir;
  const std::string file = dir / "events.tsv";
  writeFile(file,
            "source\trelation\ttarget\tdate\nA\tAccuse\tB\t2018-01-01\nB\tReject\tA\t2018-01-02\n");
  ImportOptions o;
  o.db = dir / "db";
  o.paths = {file};
  o.progress = false;
  std::ostringstream first, second;
  REQUIRE(importCommand(o, first) == 0);
  const auto before = Store::open(o.db, {.readOnly = true})->counts();
  REQUIRE(importCommand(o, second) == 0);
  CHECK(second.str().find("0 new, 2 already stored") != std::string::npos);
  const auto after = Store::open(o.db, {.readOnly = true})->counts();
  CHECK(after.events == before.events);
  CHECK(after.mentions == before.mentions);
  CHECK(after.events == 2);
}

TEST_CASE("a file without the header is refused with its line") {
  TempDir dir;
  writeFile(dir / "x.tsv", "A\tAccuse\tB\t2018-01-01\n");
  auto r = runDossier("import --db " + (dir / "db") + " --format tsv " + (dir / "x.tsv"), dir);
  CHECK(r.exitCode == 1);
  CHECK(r.err.find("x.tsv:1: no header") != std::string::npos);
  auto missing =
      runDossier("import --db " + (dir / "db") + " --format tsv " + (dir / "none.tsv"), dir);
  CHECK(missing.exitCode == 1);
  CHECK(missing.err.find("none.tsv: cannot open") != std::string::npos);
}

TEST_CASE("ICEWS and GDELT rows: codes to classes, sources kept") {
  TempDir dir;
  // ICEWS: 20 columns with a header; the story is the source.
  writeFile(dir / "icews.tab",
            "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
            "CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\t"
            "Sentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\n"
            "1\t2018-06-01\tGermany\t\tGermany\tAccuse of espionage, treason\t1125\t-2\tRussia\t\t"
            "Russia\t4711\t2\tReuters\t\t\t\tGermany\t0\t0\n"
            "2\t2018-06-01\tPolice (Poland)\tPolice\tPoland\tArrest, detain, or charge with legal "
            "action\t173\t-5\tCitizen (Poland)\t\tPoland\t4712\t1\tPAP\t\t\t\tPoland\t0\t0\n");
  std::vector<CodedEvent> icews;
  std::vector<CodedProblem> problems;
  auto counts = readCodedEvents(
      dir / "icews.tab", CodedFormat::icews, [&](CodedEvent&& e) { icews.push_back(std::move(e)); },
      [&](const CodedProblem& p) { problems.push_back(p); });
  CHECK(problems.empty());
  CHECK(counts.events == 2);
  REQUIRE(icews.size() == 2);
  CHECK(icews[0].event.action.cls == "accuse");
  CHECK(icews[0].event.action.code == "1125");
  CHECK(icews[0].event.actor.type == "country");
  CHECK(icews[0].source->url == "icews:story/4711");
  CHECK(icews[1].event.action.cls == "arrest");
  CHECK(icews[1].event.actor.sector == "Police");

  // GDELT 2.0: 61 columns, no header; the SOURCEURL is the source. A one-sided event is skipped.
  auto gdeltRow = [](const std::string& a1, const std::string& a2, const std::string& code) {
    std::vector<std::string> c(61);
    c[0] = "900";
    c[1] = "20191024";
    c[5] = a1;
    c[6] = a1 == "USA" ? "UNITED STATES" : a1;
    c[15] = a2;
    c[16] = a2;
    c[26] = code;
    c[59] = "20191024143000";
    c[60] = "https://example.org/story";
    std::string line;
    for (size_t i = 0; i < c.size(); ++i) line += (i ? "\t" : "") + c[i];
    return line + "\n";
  };
  writeFile(dir / "g.CSV", gdeltRow("USA", "CHN", "112") + gdeltRow("USA", "", "010") +
                               gdeltRow("USA", "RUS", "17x"));
  std::vector<CodedEvent> gdelt;
  problems.clear();
  counts = readCodedEvents(
      dir / "g.CSV", CodedFormat::gdelt2, [&](CodedEvent&& e) { gdelt.push_back(std::move(e)); },
      [&](const CodedProblem& p) { problems.push_back(p); });
  REQUIRE(gdelt.size() == 1);
  CHECK(gdelt[0].event.actor.id == "USA");
  CHECK(gdelt[0].event.actor.name == "UNITED STATES");
  CHECK(gdelt[0].event.action.cls == "accuse");
  CHECK(gdelt[0].event.date == "2019-10-24");
  CHECK(gdelt[0].source->url == "https://example.org/story");
  CHECK(counts.skipped == 1);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].line == 3);
  CHECK(problems[0].describe().find("EventCode '17x'") != std::string::npos);
}
