// GEXF 1.3 (http://gexf.net/1.3), dynamic: every edge is an event whose start and end are its
// date (timeformat="date"), so Gephi's timeline plays the graph over time. Parallel edges keep
// their own ids (the event ids) and a `kind` (the action class). Valid against the GEXF 1.3
// schema (gexf.xsd).
#include <fmt/format.h>

#include "query/export/buffered_output.h"
#include "query/export/escape.h"
#include "query/export/writers.h"

namespace dossier::exporting {
namespace {

class GexfWriter : public GraphWriter {
 public:
  explicit GexfWriter(std::ostream& out) : out_(out) {}

  void begin() override {
    out_.text() +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
        "  <meta>\n"
        "    <creator>dossier</creator>\n"
        "    <description>Events (actor -&gt; target) exported from a dossier store; each edge "
        "is one event, dated by start and end</description>\n"
        "  </meta>\n"
        "  <graph mode=\"dynamic\" timeformat=\"date\" defaultedgetype=\"directed\">\n"
        "    <attributes class=\"node\" mode=\"static\">\n"
        "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
        "      <attribute id=\"country\" title=\"country\" type=\"string\"/>\n"
        "      <attribute id=\"sector\" title=\"sector\" type=\"string\"/>\n"
        "    </attributes>\n"
        "    <attributes class=\"edge\" mode=\"static\">\n"
        "      <attribute id=\"action\" title=\"action\" type=\"string\"/>\n"
        "      <attribute id=\"code\" title=\"code\" type=\"string\"/>\n"
        "      <attribute id=\"date\" title=\"date\" type=\"string\"/>\n"
        "      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n"
        "      <attribute id=\"confidence\" title=\"confidence\" type=\"double\"/>\n"
        "      <attribute id=\"source_url\" title=\"source_url\" type=\"string\"/>\n"
        "    </attributes>\n"
        "    <nodes>\n";
  }

  void node(const ExportNode& n) override {
    std::string& o = out_.text();
    o += "      <node id=\"";
    appendXml(o, n.id);
    o += "\" label=\"";
    appendXml(o, n.name);
    o += "\"";
    if (n.type.empty() && n.country.empty() && n.sector.empty()) {
      o += "/>\n";
    } else {
      o += ">\n        <attvalues>\n";
      value(o, "type", n.type);
      value(o, "country", n.country);
      value(o, "sector", n.sector);
      o += "        </attvalues>\n      </node>\n";
    }
    out_.flushIfFull();
  }

  void edge(const ExportEdge& e) override {
    std::string& o = out_.text();
    if (!inEdges_) {
      o += "    </nodes>\n    <edges>\n";
      inEdges_ = true;
    }
    o += "      <edge id=\"";
    appendXml(o, e.eventId);
    o += "\" source=\"";
    appendXml(o, e.actorId);
    o += "\" target=\"";
    appendXml(o, e.targetId);
    o += "\" label=\"";
    appendXml(o, e.label.empty() ? e.cls : e.label);
    o += "\" kind=\"";
    appendXml(o, e.cls);
    o += fmt::format("\" weight=\"{}\" start=\"{}\" end=\"{}\">\n        <attvalues>\n", e.mentions,
                     e.date, e.date);
    value(o, "action", e.cls);
    value(o, "code", e.code);
    value(o, "date", e.date);
    value(o, "mentions", std::to_string(e.mentions));
    if (e.confidence) value(o, "confidence", formatConfidence(*e.confidence));
    value(o, "source_url", e.sourceUrl);
    o += "        </attvalues>\n      </edge>\n";
    out_.flushIfFull();
  }

  void finish(const ExportSummary&) override {
    out_.text() += inEdges_ ? "    </edges>\n" : "    </nodes>\n    <edges>\n    </edges>\n";
    out_.text() += "  </graph>\n</gexf>\n";
    out_.flush();
  }

 private:
  static void value(std::string& o, std::string_view id, std::string_view v) {
    if (v.empty()) return;
    o += "          <attvalue for=\"";
    o += id;
    o += "\" value=\"";
    appendXml(o, v);
    o += "\"/>\n";
  }

  BufferedOutput out_;
  bool inEdges_ = false;
};

}  // namespace

std::unique_ptr<GraphWriter> makeGexfWriter(std::ostream& out) {
  return std::make_unique<GexfWriter>(out);
}

}  // namespace dossier::exporting
