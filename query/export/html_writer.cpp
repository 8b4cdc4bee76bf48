// The self-contained HTML viewer: one file holding cytoscape.js, the viewer's script and style,
// and the exported graph as JSON in a <script type="application/json"> element, streamed as
// edges are scanned. Every string of the data is JSON-escaped for a script element (< > & as
// \u003c \u003e \u0026), so no text from an article can end the element or become markup; the
// viewer inserts text with textContent only. A Content-Security-Policy forbids any network
// access: the page works offline and fetches nothing.
#include <fmt/format.h>

#include "query/export/buffered_output.h"
#include "query/export/json_fields.h"
#include "query/export/viewer_assets.h"
#include "query/export/writers.h"
#include "schema/error.h"

namespace dossier {

bool htmlViewerAvailable() {
  return exporting::kViewerAvailable;
}

std::string htmlViewerUnavailableReason() {
  return std::string(exporting::kViewerUnavailableReason);
}

namespace exporting {
namespace {

constexpr std::string_view kPageStart = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dossier">
<title>dossier export</title>
<style>
)html";

constexpr std::string_view kBody = R"html(</style>
</head>
<body>
<header>
  <h1>dossier export</h1>
  <span class="counts" id="counts"></span>
  <input type="search" id="search" placeholder="Search entities (Enter selects)" aria-label="Search entities">
  <span class="timeline">
    <label for="from">From</label><input type="range" id="from" min="0" max="0" value="0"><output id="from-date"></output>
    <label for="to">to</label><input type="range" id="to" min="0" max="0" value="0"><output id="to-date"></output>
  </span>
  <span class="counts" id="visible"></span>
  <span class="note" id="note"></span>
</header>
<div id="cy"></div>
<aside id="details"></aside>
<script>
)html";

class HtmlWriter : public GraphWriter {
 public:
  explicit HtmlWriter(std::ostream& out) : out_(out) {}

  void begin() override {
    std::string& o = out_.text();
    o += kPageStart;
    o += kViewerCss;
    o += kBody;
    out_.flush();
    o += kCytoscapeJs;
    out_.flush();
    o += "\n</script>\n<script type=\"application/json\" id=\"dossier-data\">{\"nodes\":[";
  }

  void node(const ExportNode& n) override {
    std::string& o = out_.text();
    o += first_ ? "\n{" : ",\n{";
    first_ = false;
    appendStringMember(o, "id", n.id, true, false, true);
    appendStringMember(o, "name", n.name, true, false);
    appendStringMember(o, "type", n.type, true);
    appendStringMember(o, "country", n.country, true);
    appendStringMember(o, "sector", n.sector, true);
    o += '}';
    out_.flushIfFull();
  }

  void edge(const ExportEdge& e) override {
    std::string& o = out_.text();
    if (!inEdges_) {
      o += "],\n\"edges\":[";
      inEdges_ = true;
      first_ = true;
    }
    o += first_ ? "\n{" : ",\n{";
    first_ = false;
    appendStringMember(o, "id", e.eventId, true, false, true);
    appendStringMember(o, "s", e.actorId, true, false);
    appendStringMember(o, "t", e.targetId, true, false);
    appendStringMember(o, "date", e.date, true, false);
    appendStringMember(o, "cls", e.cls, true, false);
    appendStringMember(o, "code", e.code, true);
    appendStringMember(o, "label", e.label, true);
    appendNumberMember(o, "m", std::to_string(e.mentions));
    if (e.confidence) appendNumberMember(o, "conf", formatConfidence(*e.confidence));
    o += ",\"ev\":[";
    if (e.evidence) {
      bool firstSource = true;
      for (const ExportEvidence& s : *e.evidence) {
        o += firstSource ? "{" : ",{";
        firstSource = false;
        appendStringMember(o, "sentence", s.sentence, true, false, true);
        appendStringMember(o, "url", s.url, true);
        appendStringMember(o, "title", s.title, true);
        appendStringMember(o, "published", s.published, true);
        o += '}';
      }
    }
    o += "]}";
    out_.flushIfFull();
  }

  void finish(const ExportSummary& summary) override {
    std::string& o = out_.text();
    o += inEdges_ ? "\n]}" : "],\n\"edges\":[]}";
    o += fmt::format(
        "</script>\n<script type=\"application/json\" id=\"dossier-meta\">"
        "{{\"nodes\":{},\"edges\":{},\"truncated\":{}}}</script>\n<script>\n",
        summary.nodes, summary.edges, summary.truncated);
    o += kViewerJs;
    o += "\n</script>\n</body>\n</html>\n";
    out_.flush();
  }

  size_t evidencePerEvent() const override { return kEvidencePerEvent; }

 private:
  static constexpr size_t kEvidencePerEvent = 3;
  BufferedOutput out_;
  bool first_ = true, inEdges_ = false;
};

}  // namespace

std::unique_ptr<GraphWriter> makeHtmlWriter(std::ostream& out) {
  if (!kViewerAvailable) throw Error(std::string(kViewerUnavailableReason));
  return std::make_unique<HtmlWriter>(out);
}

}  // namespace exporting
}  // namespace dossier
