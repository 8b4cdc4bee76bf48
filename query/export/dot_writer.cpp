// Graphviz DOT: a digraph whose nodes are labelled with the entity's name (and type), and whose
// edges, one per event, are labelled "DATE label". Every ID and value is a quoted string, so
// any text renders as text. Further attributes (event, action, code, mentions) are kept for
// tools that read them; Graphviz ignores attributes it does not know.
#include <fmt/format.h>

#include "query/export/buffered_output.h"
#include "query/export/escape.h"
#include "query/export/writers.h"

namespace dossier::exporting {
namespace {

class DotWriter : public GraphWriter {
 public:
  explicit DotWriter(std::ostream& out) : out_(out) {}

  void begin() override {
    out_.text() +=
        "// Events exported from a dossier store: one edge per event (actor -> target).\n"
        "digraph dossier {\n"
        "  graph [overlap=false, splines=true];\n"
        "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  }

  void node(const ExportNode& n) override {
    std::string& o = out_.text();
    o += "  ";
    appendDot(o, n.id);
    o += " [label=";
    appendDot(o, n.type.empty() ? n.name : n.name + "\n(" + n.type + ")");
    attribute(o, "type", n.type);
    attribute(o, "country", n.country);
    o += "];\n";
    out_.flushIfFull();
  }

  void edge(const ExportEdge& e) override {
    std::string& o = out_.text();
    o += "  ";
    appendDot(o, e.actorId);
    o += " -> ";
    appendDot(o, e.targetId);
    o += " [label=";
    std::string label(e.date);
    label += ' ';
    label += e.label.empty() ? e.cls : e.label;
    appendDot(o, label);
    attribute(o, "id", e.eventId);
    attribute(o, "action", e.cls);
    attribute(o, "code", e.code);
    attribute(o, "date", e.date);
    o += fmt::format(", mentions={}", e.mentions);
    o += "];\n";
    out_.flushIfFull();
  }

  void finish(const ExportSummary&) override {
    out_.text() += "}\n";
    out_.flush();
  }

 private:
  static void attribute(std::string& o, std::string_view name, std::string_view v) {
    if (v.empty()) return;
    o += ", ";
    o += name;
    o += '=';
    appendDot(o, v);
  }

  BufferedOutput out_;
};

}  // namespace

std::unique_ptr<GraphWriter> makeDotWriter(std::ostream& out) {
  return std::make_unique<DotWriter>(out);
}

}  // namespace dossier::exporting
