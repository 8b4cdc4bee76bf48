// Runs the table-driven extraction cases of tests/ingest/cases/*.cases (format in README.md
// there): each case is a short text, its publication date and the exact set of events the
// extractor must code from it.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "ingest/extractor.h"

using namespace dossier;

namespace {

struct Case {
  std::string file;
  size_t line = 0;
  std::string published;
  std::string title;
  std::string text;
  std::multiset<std::string> expected;
};

std::vector<Case> loadCases() {
  std::vector<Case> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& f :
       std::filesystem::directory_iterator(DOSSIER_SOURCE_DIR "/tests/ingest/cases"))
    if (f.path().extension() == ".cases") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string line, published = "2024-05-16", title;
    size_t lineNo = 0;
    while (std::getline(in, line)) {
      ++lineNo;
      if (line.empty() || line[0] == '#') continue;
      if (line.starts_with("published:")) {
        published = line.substr(line.find_first_not_of(' ', 10));
      } else if (line.starts_with("title: ")) {
        title = line.substr(7);
      } else if (line.starts_with("> ")) {
        if (!cases.empty() && cases.back().file == path.filename() && cases.back().text.empty())
          FAIL(fmt::format("{}:{}: case has no text", path.string(), lineNo));
        cases.push_back({path.filename().string(), lineNo, published, title, line.substr(2), {}});
        title.clear();
      } else if (line.starts_with("= ")) {
        REQUIRE_FALSE(cases.empty());
        if (line != "= none") cases.back().expected.insert(line.substr(2));
      } else if (line == "+" || line.starts_with("+ ")) {
        REQUIRE_FALSE(cases.empty());
        cases.back().text += '\n';  // a further line
        cases.back().text += std::string_view(line).substr(std::min<size_t>(2, line.size()));
      } else {
        FAIL(fmt::format("{}:{}: cannot read '{}'", path.string(), lineNo, line));
      }
    }
  }
  return cases;
}

std::string describe(const ExtractedEvent& e) {
  std::string action = e.action.cls + (e.action.code.empty() ? "" : "/" + e.action.code);
  return fmt::format("{} {} {} {}", e.actor.id, action, e.target.id, e.date);
}

}  // namespace

TEST_CASE("extraction cases (tests/ingest/cases)") {
  const auto dictionary = Dictionary::builtin();
  const Extractor extractor(dictionary);
  const auto cases = loadCases();
  REQUIRE(cases.size() >= 30);
  size_t passed = 0;
  for (const auto& c : cases) {
    Article a;
    a.text = c.text;
    a.title = c.title;
    a.published = c.published;
    std::multiset<std::string> got;
    std::set<std::string> seen;
    for (const auto& e : extractor.extract(a)) {
      auto d = describe(e);
      if (seen.insert(d).second) got.insert(d);
    }
    std::string gotList, wantList;
    for (const auto& g : got) gotList += "\n    " + g;
    for (const auto& w : c.expected) wantList += "\n    " + w;
    INFO(fmt::format("{}:{}: {}\n  expected:{}\n  got:{}", c.file, c.line, c.text,
                     wantList.empty() ? " none" : wantList, gotList.empty() ? " none" : gotList));
    CHECK(got == c.expected);
    if (got == c.expected) ++passed;
  }
  WARN(fmt::format("{} of {} extraction cases pass", passed, cases.size()));
}
