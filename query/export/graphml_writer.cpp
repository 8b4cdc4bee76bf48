// GraphML (http://graphml.graphdrawing.org/) with typed keys (attr.type): entities as nodes,
// events as directed edges with the event id as edge id, so parallel edges stay distinct.
#include <fmt/format.h>

#include "query/export/buffered_output.h"
#include "query/export/escape.h"
#include "query/export/writers.h"

namespace dossier::exporting {
namespace {

class GraphmlWriter : public GraphWriter {
 public:
  explicit GraphmlWriter(std::ostream& out) : out_(out) {}

  void begin() override {
    out_.text() +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
        "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
        "  <key id=\"d0\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
        "  <key id=\"d1\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
        "  <key id=\"d2\" for=\"node\" attr.name=\"country\" attr.type=\"string\"/>\n"
        "  <key id=\"d3\" for=\"node\" attr.name=\"sector\" attr.type=\"string\"/>\n"
        "  <key id=\"d4\" for=\"edge\" attr.name=\"action\" attr.type=\"string\"/>\n"
        "  <key id=\"d5\" for=\"edge\" attr.name=\"code\" attr.type=\"string\"/>\n"
        "  <key id=\"d6\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n"
        "  <key id=\"d7\" for=\"edge\" attr.name=\"date\" attr.type=\"string\"/>\n"
        "  <key id=\"d8\" for=\"edge\" attr.name=\"mentions\" attr.type=\"int\"/>\n"
        "  <key id=\"d9\" for=\"edge\" attr.name=\"confidence\" attr.type=\"double\"/>\n"
        "  <key id=\"d10\" for=\"edge\" attr.name=\"source_url\" attr.type=\"string\"/>\n"
        "  <graph id=\"dossier\" edgedefault=\"directed\">\n";
  }

  void node(const ExportNode& n) override {
    std::string& o = out_.text();
    o += "    <node id=\"";
    appendXml(o, n.id);
    o += "\">\n";
    data(o, "d0", n.name);
    data(o, "d1", n.type);
    data(o, "d2", n.country);
    data(o, "d3", n.sector);
    o += "    </node>\n";
    out_.flushIfFull();
  }

  void edge(const ExportEdge& e) override {
    std::string& o = out_.text();
    o += "    <edge id=\"";
    appendXml(o, e.eventId);
    o += "\" source=\"";
    appendXml(o, e.actorId);
    o += "\" target=\"";
    appendXml(o, e.targetId);
    o += "\">\n";
    data(o, "d4", e.cls);
    data(o, "d5", e.code);
    data(o, "d6", e.label);
    data(o, "d7", e.date);
    data(o, "d8", std::to_string(e.mentions));
    if (e.confidence) data(o, "d9", formatConfidence(*e.confidence));
    data(o, "d10", e.sourceUrl);
    o += "    </edge>\n";
    out_.flushIfFull();
  }

  void finish(const ExportSummary&) override {
    out_.text() += "  </graph>\n</graphml>\n";
    out_.flush();
  }

 private:
  static void data(std::string& o, std::string_view key, std::string_view v) {
    if (v.empty()) return;
    o += "      <data key=\"";
    o += key;
    o += "\">";
    appendXml(o, v);
    o += "</data>\n";
  }

  BufferedOutput out_;
};

}  // namespace

std::unique_ptr<GraphWriter> makeGraphmlWriter(std::ostream& out) {
  return std::make_unique<GraphmlWriter>(out);
}

}  // namespace dossier::exporting
