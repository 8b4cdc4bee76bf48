// A small hand-made event graph with known answers, shared by the graph and query tests.
//
//   day (2024-01-..)  event
//   01  A accuse B            03  B accuse C          03  B statement D
//   02  C accuse D            05  A statement C       10  C statement D
//   03  D accuse E            12  D statement E       20  E statement F
//   15  A accuse B (a second accusation of B, for counts)
//
// Time-respecting facts: from A on 01-01 the earliest arrivals are B 01, C 03, D 03, E 03,
// F 20; strictly later events only: E 12 (D accuse E on 03 is the day A->B->D arrives at D).
// With at most 8 days between events, F is reached only by A-C(05)-D(10)-E(12)-F(20): the
// earliest arrival at D (03) is too early to go on. Filtered to accusations, A reaches D only
// through B and C (3 events), and E in 4.
#pragma once

#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "graph/store.h"
#include "tests/support.h"

namespace dossier::test {

inline ImportedMention edge(const std::string& actor, const std::string& cls,
                            const std::string& target, int day, uint32_t row) {
  static auto source = [] {
    auto a = std::make_shared<Article>();
    a->id = stableHash("fixture");
    a->url = "file:fixture.tsv";
    a->title = "fixture.tsv";
    return a;
  }();
  ImportedMention m;
  m.source = source;
  m.event.actor = Entity{actor, actor, "actor", "", "", actor};
  m.event.target = Entity{target, target, "actor", "", "", target};
  m.event.action.cls = cls;
  m.event.action.label = cls == "accuse" ? "Accuse" : "Make statement";
  m.event.date = fmt::format("2024-01-{:02}", day);
  m.event.precision = "day";
  m.event.sentenceIndex = row;
  m.event.pattern = "import";
  m.event.confidence = 0.8;
  return m;
}

inline std::vector<ImportedMention> fixtureEdges() {
  return {edge("A", "accuse", "B", 1, 1),     edge("B", "accuse", "C", 3, 2),
          edge("A", "statement", "C", 5, 3),  edge("C", "accuse", "D", 2, 4),
          edge("C", "statement", "D", 10, 5), edge("B", "statement", "D", 3, 6),
          edge("D", "accuse", "E", 3, 7),     edge("D", "statement", "E", 12, 8),
          edge("E", "statement", "F", 20, 9), edge("A", "accuse", "B", 15, 10)};
}

// A store holding the fixture graph, in a temporary directory.
struct FixtureStore {
  TempDir dir;
  std::unique_ptr<Store> store;
  FixtureStore() {
    store = Store::open(dir / "db");
    store->importMentions(fixtureEdges());
    store->finishImport();
  }
};

inline int32_t jan(int day) {
  int32_t d = 0;
  isoToDays(fmt::format("2024-01-{:02}", day), d);
  return d;
}

}  // namespace dossier::test
