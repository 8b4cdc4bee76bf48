// graphology's serialisation format (https://graphology.github.io/serialization.html), which
// Sigma.js renders: a directed multigraph; nodes keyed by entity id, edges by event id. Nodes get
// a starting position (x, y from a hash of the id) and a size, which Sigma requires; run a
// layout (ForceAtlas2) for a readable picture. The entity type is `entityType`, as Sigma reads
// `type` as the name of a rendering program.
#include <fmt/format.h>

#include "query/export/buffered_output.h"
#include "query/export/json_fields.h"
#include "query/export/writers.h"

namespace dossier::exporting {
namespace {

// A position in [0, 1000) from a stable hash of `id`.
std::pair<unsigned, unsigned> position(std::string_view id) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
  h ^= h >> 29;
  return {static_cast<unsigned>(h % 1000), static_cast<unsigned>((h >> 32) % 1000)};
}

class GraphologyWriter : public GraphWriter {
 public:
  explicit GraphologyWriter(std::ostream& out) : out_(out) {}

  void begin() override {
    out_.text() +=
        "{\"attributes\":{\"name\":\"dossier export\"},"
        "\"options\":{\"type\":\"directed\",\"multi\":true,\"allowSelfLoops\":true},"
        "\"nodes\":[";
  }

  void node(const ExportNode& n) override {
    std::string& o = out_.text();
    o += first_ ? "\n" : ",\n";
    first_ = false;
    o += "{\"key\":";
    appendJson(o, n.id);
    o += ",\"attributes\":{";
    appendStringMember(o, "label", n.name, false, false, true);
    appendStringMember(o, "entityType", n.type);
    appendStringMember(o, "country", n.country);
    appendStringMember(o, "sector", n.sector);
    const auto [x, y] = position(n.id);
    o += fmt::format(",\"x\":{},\"y\":{},\"size\":4", x, y);
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
    o += "{\"key\":";
    appendJson(o, e.eventId);
    o += ",\"source\":";
    appendJson(o, e.actorId);
    o += ",\"target\":";
    appendJson(o, e.targetId);
    o += ",\"attributes\":{";
    appendStringMember(o, "label", e.label.empty() ? e.cls : e.label, false, false, true);
    appendStringMember(o, "action", e.cls, false, false);
    appendStringMember(o, "code", e.code);
    appendStringMember(o, "date", e.date, false, false);
    appendNumberMember(o, "mentions", std::to_string(e.mentions));
    if (e.confidence) appendNumberMember(o, "confidence", formatConfidence(*e.confidence));
    appendStringMember(o, "sourceUrl", e.sourceUrl);
    o += "}}";
    out_.flushIfFull();
  }

  void finish(const ExportSummary&) override {
    out_.text() += inEdges_ ? "\n]}\n" : "\n],\"edges\":[]}\n";
    out_.flush();
  }

 private:
  BufferedOutput out_;
  bool first_ = true, inEdges_ = false;
};

}  // namespace

std::unique_ptr<GraphWriter> makeGraphologyWriter(std::ostream& out) {
  return std::make_unique<GraphologyWriter>(out);
}

}  // namespace dossier::exporting
