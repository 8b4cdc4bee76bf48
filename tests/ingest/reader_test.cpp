#include <catch2/catch.hpp>

#include "ingest/reader.h"
#include "tests/support.h"

using namespace dossier;
using dossier::test::TempDir;
using dossier::test::writeFile;

namespace {
struct Collected {
  std::vector<Article> articles;
  std::vector<InputProblem> problems;
};
Collected readAll(const std::string& path, ReaderOptions o = {}) {
  Collected c;
  readArticles(
      path, o, [&](Article&& a) { c.articles.push_back(std::move(a)); },
      [&](const InputProblem& p) { c.problems.push_back(p); });
  return c;
}
}  // namespace

TEST_CASE("plain text: the first line may carry the date, else --published, else file time") {
  TempDir dir;
  writeFile(dir / "dated.txt",
            "Published: 2024-02-08\nGermany expels Russian diplomats\n\nBody text.");
  auto c = readAll(dir / "dated.txt");
  REQUIRE(c.articles.size() == 1);
  CHECK(c.articles[0].published == "2024-02-08");
  CHECK(c.articles[0].publishedFrom == DateSource::firstLine);
  CHECK(c.articles[0].title == "Germany expels Russian diplomats");
  CHECK(c.articles[0].text.find("Published") == std::string::npos);

  writeFile(dir / "undated.txt", "Russia denied the accusation.");
  c = readAll(dir / "undated.txt");
  REQUIRE(c.articles.size() == 1);
  CHECK(c.articles[0].publishedFrom == DateSource::fileTime);
  CHECK(c.articles[0].published.size() == 10);

  ReaderOptions o;
  o.published = "2020-01-02";
  o.url = "https://example.org/a";
  c = readAll(dir / "undated.txt", o);
  REQUIRE(c.articles.size() == 1);
  CHECK(c.articles[0].published == "2020-01-02");
  CHECK(c.articles[0].publishedFrom == DateSource::given);
  CHECK(c.articles[0].url == "https://example.org/a");
}

TEST_CASE("JSON Lines: one article per line, problems named by line") {
  TempDir dir;
  writeFile(dir / "a.jsonl",
            "{\"url\":\"https://e.org/"
            "1\",\"title\":\"T1\",\"published\":\"2024-02-08\",\"text\":\"One.\"}\n"
            "\n"
            "{\"url\":\"https://e.org/2\",\"text\":\"Two.\"\n"
            "{\"url\":\"https://e.org/3\",\"title\":\"no text\"}\n"
            "[1,2]\n"
            "{\"url\":\"https://e.org/4\",\"date\":\"2019-03-01\",\"text\":\"Four.\"}\n"
            "{\"text\":\"Bad date.\",\"published\":\"someday\"}\n");
  auto c = readAll(dir / "a.jsonl");
  REQUIRE(c.articles.size() == 2);
  CHECK(c.articles[0].title == "T1");
  CHECK(c.articles[1].published == "2019-03-01");
  REQUIRE(c.problems.size() == 4);
  CHECK(c.problems[0].line == 3);
  CHECK_THAT(c.problems[0].describe(), Catch::StartsWith(dir / "a.jsonl:3: malformed JSON"));
  CHECK(c.problems[1].line == 4);
  CHECK_THAT(c.problems[1].message, Catch::Contains("no \"text\""));
  CHECK(c.problems[2].line == 5);
  CHECK(c.problems[3].line == 7);
}

TEST_CASE("bad inputs: empty, binary, invalid UTF-8, missing file") {
  TempDir dir;
  writeFile(dir / "empty.txt", "  \n\n");
  writeFile(dir / "binary.txt", std::string("\x7f"
                                            "ELF\x02\x01\x01\0\0\0\0\0",
                                            12));
  writeFile(dir / "latin1.txt", "Caf\xe9 au lait.");
  writeFile(dir / "empty.jsonl", "");
  writeFile(dir / "binary.jsonl", std::string("{\0\0\0", 4));
  struct Case {
    std::string file, problem;
  } cases[] = {{"empty.txt", "file is empty"},
               {"binary.txt", "binary"},
               {"latin1.txt", "invalid UTF-8 at byte 4"},
               {"empty.jsonl", "file is empty"},
               {"binary.jsonl", "binary"},
               {"missing.txt", "no such file"}};
  for (const auto& k : cases) {
    INFO(k.file);
    auto c = readAll(dir / k.file);
    CHECK(c.articles.empty());
    REQUIRE(c.problems.size() == 1);
    CHECK_THAT(c.problems[0].describe(),
               Catch::StartsWith(dir / k.file) && Catch::Contains(k.problem));
  }
}

TEST_CASE("a directory is read file by file and a bad file does not stop the others") {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "in" / "sub");
  std::filesystem::create_directories(dir.path() / "in" / ".hidden");
  writeFile(dir / "in/a.txt", "2024-01-01\nFirst article.");
  writeFile(dir / "in/b.txt", "");
  writeFile(dir / "in/sub/c.jsonl", "{\"text\":\"Third.\",\"published\":\"2024-01-03\"}\n");
  writeFile(dir / "in/.hidden/d.txt", "Not read.");
  auto c = readAll(dir / "in");
  CHECK(c.articles.size() == 2);
  CHECK(c.problems.size() == 1);
}
