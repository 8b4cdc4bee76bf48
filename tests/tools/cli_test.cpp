// End-to-end through the dossier binary: what a user types, what a user sees.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "tests/support.h"

using dossier::test::runDossier;
using dossier::test::TempDir;
using dossier::test::writeFile;

namespace {

const char* kArticle =
    "Germany expelled two Russian diplomats on Tuesday, accusing Moscow of running a spy ring in "
    "Berlin.\n"
    "Russia denied the accusation and said it would respond. Separately, Dutch police arrested a "
    "man\n"
    "suspected of passing secrets to China in 2023, prosecutors said.\n";

std::vector<nlohmann::json> jsonLines(const std::string& s) {
  std::vector<nlohmann::json> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

size_t lineCount(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

TEST_CASE("ingest then events: the jsonl contract") {
  TempDir dir;
  writeFile(dir / "a.txt", kArticle);
  auto r = runDossier("ingest --db " + (dir / "db") +
                          " --published 2024-05-16 --url https://example.org/a " + (dir / "a.txt"),
                      dir);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.out, Catch::Contains("1 read, 1 new, 0 already stored, 0 failed"));

  r = runDossier("events --format jsonl --db " + (dir / "db"), dir);
  REQUIRE(r.exitCode == 0);
  auto events = jsonLines(r.out);
  REQUIRE(events.size() >= 2);
  for (const auto& e : events) {
    INFO(e.dump());
    for (const char* key : {"id", "date", "date_precision", "actor", "action", "target", "mentions",
                            "sources", "confidence"})
      CHECK(e.contains(key));
    for (const char* key : {"id", "name", "type", "country"}) {
      CHECK(e["actor"].contains(key));
      CHECK(e["target"].contains(key));
    }
    for (const char* key : {"class", "code", "label", "verb"}) CHECK(e["action"].contains(key));
    CHECK(std::regex_match(e["date"].get<std::string>(), std::regex(R"(\d{4}(-\d{2}(-\d{2})?)?)")));
    CHECK((e["action"]["code"].is_null() || e["action"]["code"].is_string()));
    REQUIRE(e["sources"].size() >= 1);
    CHECK(e["sources"][0]["url"] == "https://example.org/a");
    CHECK(e["sources"][0]["published"] == "2024-05-16");
    CHECK_FALSE(e["sources"][0]["sentence"].get<std::string>().empty());
    CHECK(e["confidence"].get<double>() > 0);
  }
  // Germany accused Russia of espionage, dated by "on Tuesday" before publication.
  bool accusation = false;
  for (const auto& e : events)
    accusation |= e["actor"]["id"] == "DEU" && e["target"]["id"] == "RUS" &&
                  e["action"]["code"] == "1125" && e["date"] == "2024-05-14" &&
                  e["date_precision"] == "day";
  CHECK(accusation);

  // Filters
  r = runDossier("events --format jsonl --action accuse --db " + (dir / "db"), dir);
  for (const auto& e : jsonLines(r.out)) CHECK(e["action"]["class"] == "accuse");
  r = runDossier("events --format jsonl --actor Germany --db " + (dir / "db"), dir);
  REQUIRE(r.exitCode == 0);
  for (const auto& e : jsonLines(r.out)) CHECK(e["actor"]["id"] == "DEU");
  r = runDossier("events --format jsonl --target russia --action 17 --db " + (dir / "db"), dir);
  for (const auto& e : jsonLines(r.out))
    CHECK(e["action"]["code"].get<std::string>().starts_with("17"));
  r = runDossier("events --format jsonl --since 2024-05-15 --db " + (dir / "db"), dir);
  for (const auto& e : jsonLines(r.out)) CHECK(e["date"].get<std::string>() >= "2024-05-15");
  r = runDossier("events --format jsonl --until 2024-05 --limit 1 --db " + (dir / "db"), dir);
  CHECK(jsonLines(r.out).size() == 1);
  r = runDossier("events --format csv --db " + (dir / "db"), dir);
  CHECK_THAT(r.out, Catch::StartsWith("id,date,date_precision,actor_id"));
  CHECK(lineCount(r.out) == events.size() + 1);
  r = runDossier("events --db " + (dir / "db"), dir);
  CHECK_THAT(r.out, Catch::Contains("Germany") && Catch::Contains("events)"));

  // Re-ingesting changes nothing.
  r = runDossier("ingest --db " + (dir / "db") +
                     " --published 2024-05-16 --url https://example.org/a " + (dir / "a.txt"),
                 dir);
  CHECK(r.exitCode == 0);
  CHECK_THAT(r.out, Catch::Contains("1 read, 0 new, 1 already stored"));
  r = runDossier("events --format jsonl --db " + (dir / "db"), dir);
  CHECK(jsonLines(r.out) == events);
}

TEST_CASE("bad input: one clear line each, non-zero exit, nothing lost, the rest goes through") {
  TempDir dir;
  writeFile(dir / "first.txt", kArticle);
  REQUIRE(runDossier(
              "ingest --db " + (dir / "db") + " --published 2024-05-16 " + (dir / "first.txt"), dir)
              .exitCode == 0);
  auto before = runDossier("stats --format jsonl --db " + (dir / "db"), dir);
  auto beforeStats = nlohmann::json::parse(before.out);

  writeFile(dir / "empty.txt", "");
  writeFile(dir / "binary.txt", std::string("\x7f"
                                            "ELF\x02\x01\x01\0\0\0\0\0\x03\0>\0",
                                            16));
  writeFile(dir / "latin1.txt", "Germany expelled French diplomats in Caf\xe9.\n");
  writeFile(dir / "batch.jsonl",
            "{\"url\":\"https://example.org/1\",\"published\":\"2024-03-01\",\"text\":\"France "
            "accused Iran of espionage.\"}\n"
            "{\"url\":\"https://example.org/2\",\"text\": oops}\n"
            "{\"url\":\"https://example.org/3\",\"published\":\"2024-03-02\"}\n"
            "{\"url\":\"https://example.org/4\",\"published\":\"2024-03-03\",\"text\":\"Japan "
            "sanctioned North Korea.\"}\n");
  writeFile(dir / "good.txt", "2024-04-01\nPoland expelled a Russian diplomat.\n");
  auto r = runDossier("ingest --db " + (dir / "db") + " " + (dir / "empty.txt") + " " +
                          (dir / "binary.txt") + " " + (dir / "latin1.txt") + " " +
                          (dir / "batch.jsonl") + " " + (dir / "good.txt"),
                      dir);
  CHECK(r.exitCode == 1);
  INFO(r.err);
  CHECK(lineCount(r.err) == 5);
  CHECK_THAT(r.err, Catch::Contains("dossier: " + (dir / "empty.txt") + ": file is empty"));
  CHECK_THAT(r.err, Catch::Contains("dossier: " + (dir / "binary.txt") + ": binary file"));
  CHECK_THAT(r.err,
             Catch::Contains("dossier: " + (dir / "latin1.txt") + ": invalid UTF-8 at byte 41"));
  CHECK_THAT(r.err, Catch::Contains("dossier: " + (dir / "batch.jsonl") + ":2: malformed JSON"));
  CHECK_THAT(r.err, Catch::Contains("dossier: " + (dir / "batch.jsonl") + ":3: no \"text\" field"));
  CHECK_THAT(r.out, Catch::Contains("3 read, 3 new, 0 already stored, 5 failed"));

  auto after =
      nlohmann::json::parse(runDossier("stats --format jsonl --db " + (dir / "db"), dir).out);
  CHECK(after["articles"].get<int>() == beforeStats["articles"].get<int>() + 3);
  CHECK(after["events"].get<int>() > beforeStats["events"].get<int>());
  auto events = jsonLines(runDossier("events --format jsonl --db " + (dir / "db"), dir).out);
  bool poland = false, japan = false;
  for (const auto& e : events) {
    poland |= e["actor"]["id"] == "POL" && e["date"] == "2024-04-01";
    japan |= e["actor"]["id"] == "JPN" && e["target"]["id"] == "PRK";
  }
  CHECK(poland);
  CHECK(japan);
}

TEST_CASE("stdin, directories, and the file-time fallback") {
  TempDir dir;
  auto r = runDossier("ingest --db " + (dir / "db") + " --published 2024-01-10 - < /dev/null", dir);
  CHECK(r.exitCode == 1);
  CHECK_THAT(r.err, Catch::Contains("dossier: -: file is empty"));
  writeFile(dir / "in.txt", "Canada expelled an Indian diplomat.");
  r = runDossier("ingest --db " + (dir / "db") + " --published 2024-01-10 - < " + (dir / "in.txt"),
                 dir);
  CHECK(r.exitCode == 0);
  std::filesystem::create_directories(dir.path() / "articles");
  writeFile(dir / "articles/one.txt", "Iran accused Israel of sabotage.");
  r = runDossier("ingest --db " + (dir / "db") + " " + (dir / "articles"), dir);
  CHECK(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("modification time"));
  auto stats =
      nlohmann::json::parse(runDossier("stats --format jsonl --db " + (dir / "db"), dir).out);
  CHECK(stats["articles"] == 2);
  CHECK(stats["events_by_class"]["expel"] == 1);
  CHECK(stats["events_by_class"]["accuse"] == 1);
}

TEST_CASE("usage mistakes and help") {
  TempDir dir;
  auto r = runDossier("--help", dir);
  CHECK(r.exitCode == 0);
  CHECK_THAT(r.out, Catch::Contains("ingest") && Catch::Contains("events") &&
                        Catch::Contains("stats") && Catch::Contains("Examples"));
  for (const char* cmd : {"ingest", "events", "stats"}) {
    r = runDossier(std::string(cmd) + " --help", dir);
    CHECK(r.exitCode == 0);
    CHECK_THAT(r.out, Catch::Contains("dossier " + std::string(cmd) + " --db"));
  }
  r = runDossier("events --db " + (dir / "none"), dir);
  CHECK(r.exitCode == 1);
  CHECK_THAT(r.err, Catch::Contains("no dossier store"));
  writeFile(dir / "a.txt", kArticle);
  runDossier("ingest --published 2024-05-16 --db " + (dir / "db") + " " + (dir / "a.txt"), dir);
  r = runDossier("events --actor Atlantis --db " + (dir / "db"), dir);
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("no entity named 'Atlantis'"));
  r = runDossier("events --action gossip --db " + (dir / "db"), dir);
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown action 'gossip'"));
  r = runDossier("events --since 2024-13 --db " + (dir / "db"), dir);
  CHECK(r.exitCode == 2);
  r = runDossier("ingest --published yesterday --db " + (dir / "db") + " " + (dir / "a.txt"), dir);
  CHECK(r.exitCode == 2);
  r = runDossier("frobnicate", dir);
  CHECK(r.exitCode == 2);
}
