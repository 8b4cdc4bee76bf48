// Cytoscape.js JSON ({"elements":{"nodes":[...],"edges":[...]}}), which Cytoscape desktop also
// imports (File > Import > Network from File, .cyjs). Each element's fields are in `data`; an
// edge's `source` and `target` are entity ids, its id the event id, `sourceUrl` the first source.
#include <fmt/format.h>

#include "query/export/buffered_output.h"
#include "query/export/json_fields.h"
#include "query/export/writers.h"

namespace dossier::exporting {
namespace {

class CytoscapeWriter : public GraphWriter {
 public:
  explicit CytoscapeWriter(std::ostream& out) : out_(out) {}

  void begin() override {
    out_.text() +=
        "{\"format_version\":\"1.0\",\"generated_by\":\"dossier\",\"elements\":{\"nodes\":[";
  }

  void node(const ExportNode& n) override {
    std::string& o = out_.text();
    o += first_ ? "\n" : ",\n";
    first_ = false;
    o += "{\"data\":{";
    appendStringMember(o, "id", n.id, false, false, true);
    appendStringMember(o, "name", n.name, false, false);
    appendStringMember(o, "type", n.type);
    appendStringMember(o, "country", n.country);
    appendStringMember(o, "sector", n.sector);
    o += "}}";
    out_.flushIfFull();
  }

  void edge(const ExportEdge& e) override {
    std::string& o = out_.text();
    if (!inEdges_) {
      o += "\n],\"edges\":[";
      inEdges_ = true;
      first_ = true;
    }
    o += first_ ? "\n" : ",\n";
    first_ = false;
    o += "{\"data\":{";
    appendStringMember(o, "id", e.eventId, false, false, true);
    appendStringMember(o, "source", e.actorId, false, false);
    appendStringMember(o, "target", e.targetId, false, false);
    appendStringMember(o, "action", e.cls, false, false);
    appendStringMember(o, "code", e.code);
    appendStringMember(o, "label", e.label);
    appendStringMember(o, "date", e.date, false, false);
    appendNumberMember(o, "mentions", std::to_string(e.mentions));
    if (e.confidence) appendNumberMember(o, "confidence", formatConfidence(*e.confidence));
    appendStringMember(o, "sourceUrl", e.sourceUrl);
    o += "}}";
    out_.flushIfFull();
  }

  void finish(const ExportSummary&) override {
    out_.text() += inEdges_ ? "\n]}}\n" : "\n],\"edges\":[]}}\n";
    out_.flush();
  }

 private:
  BufferedOutput out_;
  bool first_ = true, inEdges_ = false;
};

}  // namespace

std::unique_ptr<GraphWriter> makeCytoscapeWriter(std::ostream& out) {
  return std::make_unique<CytoscapeWriter>(out);
}

}  // namespace dossier::exporting
