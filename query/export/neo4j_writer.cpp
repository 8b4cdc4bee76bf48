// Neo4j admin-import CSV (neo4j-admin database import full): a nodes file and a relationships
// file with typed headers. Every field is quoted; line breaks inside values become spaces, so
// the default (single-line) import settings read it. Node labels are `Entity` plus the entity
// type in PascalCase (`Entity;Country`); relationship types are the action class in upper case
// (`ACCUSE`). Dates are Neo4j `date` values (YYYY-MM-DD).
#include <fmt/format.h>

#include <cctype>

#include "query/export/buffered_output.h"
#include "query/export/escape.h"
#include "query/export/writers.h"

namespace dossier::exporting {
namespace {

// An identifier made of ASCII letters, digits and '_' only, so it needs no backquotes in
// Cypher: "state body" -> "StateBody" (upper: "STATE_BODY"). Empty when nothing is left.
std::string identifier(std::string_view s, bool upper) {
  std::string out;
  bool startWord = true;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 0x80) {
      if (upper) {
        if (startWord && !out.empty()) out += '_';
        out += static_cast<char>(std::toupper(u));
      } else {
        out += static_cast<char>(startWord ? std::toupper(u) : u);
      }
      startWord = false;
    } else {
      startWord = true;
    }
  }
  if (!out.empty() && std::isdigit(static_cast<unsigned char>(out[0])))
    out.insert(out.begin(), '_');  // (insert(0, "_") trips a GCC 12 -Wrestrict false positive)
  return out;
}

class Neo4jWriter : public GraphWriter {
 public:
  Neo4jWriter(std::ostream& nodes, std::ostream& relationships)
      : nodes_(nodes), relationships_(relationships) {}

  void begin() override {
    nodes_.text() += "entityId:ID,name,type,country,sector,:LABEL\n";
    relationships_.text() +=
        ":START_ID,:END_ID,:TYPE,eventId,date:date,action,code,label,mentions:int,"
        "confidence:double,sourceUrl\n";
  }

  void node(const ExportNode& n) override {
    std::string& o = nodes_.text();
    appendCsv(o, n.id);
    o += ',';
    appendCsv(o, n.name);
    o += ',';
    appendCsv(o, n.type);
    o += ',';
    appendCsv(o, n.country);
    o += ',';
    appendCsv(o, n.sector);
    o += ',';
    const std::string type = identifier(n.type, false);
    appendCsv(o, type.empty() || type == "Entity" ? "Entity" : "Entity;" + type);
    o += '\n';
    nodes_.flushIfFull();
  }

  void edge(const ExportEdge& e) override {
    std::string& o = relationships_.text();
    appendCsv(o, e.actorId);
    o += ',';
    appendCsv(o, e.targetId);
    o += ',';
    const std::string type = identifier(e.cls, true);
    appendCsv(o, type.empty() ? "EVENT" : type);
    o += ',';
    appendCsv(o, e.eventId);
    o += ',';
    o += e.date;  // YYYY-MM-DD: never needs quoting
    o += ',';
    appendCsv(o, e.cls);
    o += ',';
    appendCsv(o, e.code);
    o += ',';
    appendCsv(o, e.label);
    o += fmt::format(",{},", e.mentions);
    if (e.confidence) o += formatConfidence(*e.confidence);
    o += ',';
    appendCsv(o, e.sourceUrl);
    o += '\n';
    relationships_.flushIfFull();
  }

  void finish(const ExportSummary&) override {
    nodes_.flush();
    relationships_.flush();
  }

 private:
  BufferedOutput nodes_, relationships_;
};

}  // namespace

std::unique_ptr<GraphWriter> makeNeo4jCsvWriter(std::ostream& nodes, std::ostream& relationships) {
  return std::make_unique<Neo4jWriter>(nodes, relationships);
}

}  // namespace dossier::exporting
