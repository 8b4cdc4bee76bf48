// The exporters of query/export: every format escapes hostile text, filters and --around restrict
// the graph, an empty result is a valid empty graph, and --max-edges stops the export. Reading
// the files back with networkx, Graphviz, xmllint, Python's csv and a headless browser is done by
// the scripts of tests/query/export/ (ctest names export_*).
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <sys/stat.h>

#include <set>
#include <sstream>
#include <thread>

#include "query/export/escape.h"
#include "query/export/export.h"
#include "schema/error.h"
#include "tests/graph/graph_fixture.h"
#include "tests/support.h"

using namespace dossier;
using dossier::test::FixtureStore;
using dossier::test::TempDir;
using dossier::test::writeFile;

namespace {

// Text an article could carry that must never become markup or syntax in any format.
const std::string kHostileName = "Evil \"Corp\" <b>&amp;</b>, 'x'; \\ ";
const std::string kHostileSentence =
    "Officials said </script><img src=x onerror=alert(1)> and \"><img src=x onerror=alert(2)> "
    "were found\x01 on the \\ server,\nthen left.";
const std::string kHostileUrl = "https://example.org/a?q=\"><script>alert(3)</script>";

// A store with one event whose actor name, label, sentence and source URL are hostile.
struct HostileStore {
  TempDir dir;
  std::unique_ptr<Store> store;
  HostileStore() {
    store = Store::open(dir / "db");
    Article a;
    a.url = kHostileUrl;
    a.title = "</title><script>alert(4)</script>";
    a.published = "2024-02-08";
    a.text = kHostileSentence;
    a.id = articleId(a);
    ExtractedEvent e;
    e.actor = Entity{"N.evil", kHostileName, "organisation", "", "", kHostileName};
    e.target = Entity{"CHN", "China", "country", "CHN", "", "China"};
    e.action = {"accuse", "112", "Accuse </script> \"of\" <espionage>", "accused"};
    e.date = "2024-02-07";
    e.precision = "day";
    e.sentence = kHostileSentence;
    e.pattern = "accuse:active";
    e.confidence = 0.75;
    store->commitArticle(a, {e});
  }
};

// The names of what a writer was given, for tests of what an export holds.
class RecordingWriter : public GraphWriter {
 public:
  std::vector<std::string> nodes, edges;
  size_t evidence = 0;
  std::vector<ExportEvidence> lastEvidence;
  void node(const ExportNode& n) override { nodes.push_back(n.id); }
  void edge(const ExportEdge& e) override {
    edges.push_back(std::string(e.actorId) + ">" + std::string(e.targetId) + "@" +
                    std::string(e.date));
    if (e.evidence) lastEvidence = *e.evidence;
  }
  void finish(const ExportSummary&) override {}
  size_t evidencePerEvent() const override { return evidence; }
};

std::string exportText(const Store& store, ExportFormat format, const ExportRequest& r = {}) {
  std::ostringstream out;
  auto writer = makeGraphWriter(format, out);
  exportGraph(store, r, *writer);
  return out.str();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("export escaping: XML drops illegal characters and escapes markup") {
  std::string out;
  exporting::appendXml(out, "a<b>&\"'\x01\x1f\t\xef\xbf\xbe\xff z");
  CHECK(out == "a&lt;b&gt;&amp;&quot;&apos;&#9;\xef\xbf\xbd z");
}

TEST_CASE("export escaping: JSON for a script element hides every angle bracket") {
  std::string out;
  exporting::appendJson(out, "</script><!--\xe2\x80\xa8\x01\"\\", true);
  CHECK(out == "\"\\u003c/script\\u003e\\u003c!--\\u2028\\u0001\\\"\\\\\"");
  out.clear();
  exporting::appendJson(out, "<a>", false);
  CHECK(out == "\"<a>\"");
}

TEST_CASE("export escaping: DOT quoting and CSV quoting") {
  std::string dot;
  exporting::appendDot(dot, "say \"hi\" \\ now\nnext\x01");
  CHECK(dot == "\"say \\\"hi\\\" \\\\ now\\nnext\"");
  std::string csv;
  exporting::appendCsv(csv, "a \"b\", c\nd");
  CHECK(csv == "\"a \"\"b\"\", c d\"");
}

TEST_CASE("export GEXF and GraphML keep hostile text as text") {
  HostileStore h;
  for (auto format : {ExportFormat::gexf, ExportFormat::graphml}) {
    const std::string text = exportText(*h.store, format);
    pugi::xml_document doc;
    REQUIRE(doc.load_string(text.c_str()));
    CHECK(text.find("<img") == std::string::npos);
    CHECK(text.find("<script") == std::string::npos);
    if (format == ExportFormat::gexf) {
      auto node = doc.select_node("//node[@id='N.evil']").node();
      CHECK(std::string(node.attribute("label").value()) == kHostileName);
      auto edge = doc.select_node("//edge").node();
      CHECK(std::string(edge.attribute("label").value()) == "Accuse </script> \"of\" <espionage>");
      CHECK(std::string(edge.attribute("start").value()) == "2024-02-07");
      auto url = edge.select_node(".//attvalue[@for='source_url']").node();
      CHECK(std::string(url.attribute("value").value()) == kHostileUrl);
    } else {
      auto name = doc.select_node("//node[@id='N.evil']/data[@key='d0']").node();
      CHECK(std::string(name.text().get()) == kHostileName);
    }
  }
}

TEST_CASE("export DOT quotes every identifier and label") {
  HostileStore h;
  const std::string text = exportText(*h.store, ExportFormat::dot);
  CHECK(text.find(
            "\"N.evil\" [label=\"Evil \\\"Corp\\\" <b>&amp;</b>, 'x'; \\\\ \\n(organisation)\"") !=
        std::string::npos);
  CHECK(text.find("\"N.evil\" -> \"CHN\" [label=\"2024-02-07 Accuse </script> \\\"of\\\" "
                  "<espionage>\"") != std::string::npos);
  CHECK(text.find('\x01') == std::string::npos);
}

TEST_CASE("export Cytoscape.js and graphology JSON read back unchanged") {
  HostileStore h;
  auto cy = nlohmann::json::parse(exportText(*h.store, ExportFormat::cytoscape));
  REQUIRE(cy["elements"]["nodes"].size() == 2);
  REQUIRE(cy["elements"]["edges"].size() == 1);
  const auto& cyEdge = cy["elements"]["edges"][0]["data"];
  CHECK(cyEdge["source"] == "N.evil");
  CHECK(cyEdge["sourceUrl"] == kHostileUrl);
  CHECK(cyEdge["code"] == "112");
  CHECK(cyEdge["mentions"] == 1);
  CHECK(cyEdge["confidence"] == Approx(0.75));
  bool named = false;
  for (const auto& n : cy["elements"]["nodes"]) named |= n["data"]["name"] == kHostileName;
  CHECK(named);

  auto g = nlohmann::json::parse(exportText(*h.store, ExportFormat::graphology));
  CHECK(g["options"]["multi"] == true);
  CHECK(g["options"]["type"] == "directed");
  REQUIRE(g["edges"].size() == 1);
  CHECK(g["edges"][0]["attributes"]["label"] == "Accuse </script> \"of\" <espionage>");
  CHECK(g["nodes"][0]["attributes"].contains("x"));
}

TEST_CASE("export Neo4j CSV quotes fields and keeps one record per line") {
  HostileStore h;
  std::ostringstream nodes, relationships;
  auto writer = makeNeo4jWriter(nodes, relationships);
  exportGraph(*h.store, {}, *writer);
  CHECK(nodes.str() ==
        "entityId:ID,name,type,country,sector,:LABEL\n"
        "\"CHN\",\"China\",\"country\",\"CHN\",\"\",\"Entity;Country\"\n"
        "\"N.evil\",\"Evil \"\"Corp\"\" <b>&amp;</b>, 'x'; \\ \",\"organisation\",\"\",\"\","
        "\"Entity;Organisation\"\n");
  const std::string r = relationships.str();
  CHECK(count(r, "\n") == 2);
  CHECK(r.starts_with(":START_ID,:END_ID,:TYPE,eventId,date:date,"));
  CHECK(r.find("\"N.evil\",\"CHN\",\"ACCUSE\",") != std::string::npos);
  CHECK(r.find(
            ",2024-02-07,\"accuse\",\"112\",\"Accuse </script> \"\"of\"\" <espionage>\",1,0.75,") !=
        std::string::npos);
}

TEST_CASE("export HTML: article text never becomes markup") {
  HostileStore h;
  if (!htmlViewerAvailable()) {
    std::ostringstream out;
    CHECK_THROWS_AS(makeGraphWriter(ExportFormat::html, out), Error);
    WARN("HTML viewer not built: " << htmlViewerUnavailableReason());
    return;
  }
  const std::string html = exportText(*h.store, ExportFormat::html);
  // Four script elements (cytoscape, data, meta, viewer) and nothing else closes one.
  CHECK(count(html, "<script") == 4);
  CHECK(count(html, "</script>") == 4);
  CHECK(html.find("<img") == std::string::npos);
  const std::string open = "<script type=\"application/json\" id=\"dossier-data\">";
  const size_t begin = html.find(open) + open.size();
  const size_t end = html.find("</script>", begin);
  auto data = nlohmann::json::parse(html.substr(begin, end - begin));
  REQUIRE(data["edges"].size() == 1);
  const auto& ev = data["edges"][0]["ev"][0];
  CHECK(ev["sentence"] == kHostileSentence);  // JSON keeps even the control character
  CHECK(ev["url"] == kHostileUrl);
  CHECK(ev["published"] == "2024-02-08");
  CHECK(html.find("The Cytoscape Consortium") != std::string::npos);  // the licence comment
}

TEST_CASE("export filters restrict the exported graph") {
  FixtureStore f;
  RecordingWriter all;
  CHECK(exportGraph(*f.store, {}, all).edges == 10);
  CHECK(all.nodes == std::vector<std::string>{"A", "B", "C", "D", "E", "F"});

  ExportRequest accuse;
  accuse.filter.actions = {"accuse"};
  RecordingWriter w;
  auto s = exportGraph(*f.store, accuse, w);
  CHECK(s.edges == 5);
  CHECK(w.nodes == std::vector<std::string>{"A", "B", "C", "D", "E"});

  ExportRequest window;
  window.filter.since = "2024-01-10";
  window.filter.until = "2024-01-15";
  RecordingWriter ww;
  exportGraph(*f.store, window, ww);
  CHECK(std::multiset<std::string>(ww.edges.begin(), ww.edges.end()) ==
        std::multiset<std::string>{"C>D@2024-01-10", "D>E@2024-01-12", "A>B@2024-01-15"});

  ExportRequest label;
  label.filter.labelPrefix = "Make";
  label.filter.actions = {"statement", "accuse"};
  RecordingWriter wl;
  CHECK(exportGraph(*f.store, label, wl).edges == 5);

  ExportRequest bad;
  bad.filter.actions = {"nonsense"};
  RecordingWriter wb;
  CHECK_THROWS_AS(exportGraph(*f.store, bad, wb), QueryError);
}

TEST_CASE("export around an entity keeps its neighbourhood only") {
  FixtureStore f;
  ExportRequest r;
  r.around = "A";
  r.hops = 1;
  RecordingWriter w;
  exportGraph(*f.store, r, w);
  CHECK(w.nodes == std::vector<std::string>{"A", "B", "C"});
  CHECK(std::multiset<std::string>(w.edges.begin(), w.edges.end()) ==
        std::multiset<std::string>{"A>B@2024-01-01", "A>B@2024-01-15", "A>C@2024-01-05"});

  r.hops = 2;
  r.filter.actions = {"accuse"};
  RecordingWriter w2;
  exportGraph(*f.store, r, w2);
  INFO(fmt::format("{}", fmt::join(w2.edges, " ")));
  CHECK(w2.nodes == std::vector<std::string>{"A", "B", "C"});
  CHECK(w2.edges.size() == 3);

  r.around = "nobody";
  RecordingWriter w3;
  CHECK_THROWS_AS(exportGraph(*f.store, r, w3), QueryError);
}

TEST_CASE("export of an empty result is a valid empty graph in every format") {
  FixtureStore f;
  ExportRequest none;
  none.filter.since = "2030";
  for (auto format : {ExportFormat::gexf, ExportFormat::graphml}) {
    pugi::xml_document doc;
    const std::string text = exportText(*f.store, format, none);
    REQUIRE(doc.load_string(text.c_str()));
    CHECK(doc.select_nodes("//node").empty());
    CHECK(doc.select_nodes("//edge").empty());
  }
  CHECK(exportText(*f.store, ExportFormat::dot, none).ends_with("}\n"));
  auto cy = nlohmann::json::parse(exportText(*f.store, ExportFormat::cytoscape, none));
  CHECK(cy["elements"]["nodes"].empty());
  CHECK(cy["elements"]["edges"].empty());
  auto g = nlohmann::json::parse(exportText(*f.store, ExportFormat::graphology, none));
  CHECK(g["nodes"].empty());
  CHECK(g["edges"].empty());
  std::ostringstream nodes, relationships;
  auto neo = makeNeo4jWriter(nodes, relationships);
  exportGraph(*f.store, none, *neo);
  CHECK(count(nodes.str(), "\n") == 1);
  CHECK(count(relationships.str(), "\n") == 1);
  if (htmlViewerAvailable()) {
    const std::string html = exportText(*f.store, ExportFormat::html, none);
    const std::string open = "id=\"dossier-data\">";
    const size_t begin = html.find(open) + open.size();
    auto data = nlohmann::json::parse(html.substr(begin, html.find("</script>", begin) - begin));
    CHECK(data["nodes"].empty());
    CHECK(data["edges"].empty());
  }
}

TEST_CASE("export stops at max edges and says so") {
  FixtureStore f;
  ExportRequest r;
  r.maxEdges = 3;
  RecordingWriter w;
  auto s = exportGraph(*f.store, r, w);
  CHECK(s.truncated);
  CHECK(s.edges == 3);
  CHECK(w.edges.size() == 3);
  std::set<std::string> ends;
  for (const auto& e : w.edges) {
    ends.insert(e.substr(0, e.find('>')));
    ends.insert(e.substr(e.find('>') + 1, e.find('@') - e.find('>') - 1));
  }
  CHECK(std::set<std::string>(w.nodes.begin(), w.nodes.end()) == ends);
  r.maxEdges = 10;
  RecordingWriter all;
  CHECK_FALSE(exportGraph(*f.store, r, all).truncated);
}

TEST_CASE("export evidence carries sentences and sources for the HTML viewer") {
  HostileStore h;
  RecordingWriter w;
  w.evidence = 3;
  exportGraph(*h.store, {}, w);
  REQUIRE(w.lastEvidence.size() == 1);
  CHECK(w.lastEvidence[0].sentence == kHostileSentence);
  CHECK(w.lastEvidence[0].url == kHostileUrl);
}

TEST_CASE("export to a path writes the file atomically and neo4j to a directory") {
  FixtureStore f;
  std::ostringstream unused;
  const std::string gexf = f.dir / "out.gexf";
  exportToPath(*f.store, {}, ExportFormat::gexf, gexf, unused);
  CHECK(std::filesystem::exists(gexf));
  CHECK_FALSE(std::filesystem::exists(gexf + ".partial"));
  const std::string neo = f.dir / "neo4j";
  auto s = exportToPath(*f.store, {}, ExportFormat::neo4j, neo, unused);
  CHECK(s.nodes == 6);
  CHECK(std::filesystem::exists(neo + "/nodes.csv"));
  CHECK(std::filesystem::exists(neo + "/relationships.csv"));
  CHECK(unused.str().empty());
}

TEST_CASE("export by a CAMEO code prefix reads the action index with the same details") {
  HostileStore h;
  ExportRequest r;
  r.filter.actions = {"11"};
  auto cy = nlohmann::json::parse(exportText(*h.store, ExportFormat::cytoscape, r));
  REQUIRE(cy["elements"]["edges"].size() == 1);
  const auto& e = cy["elements"]["edges"][0]["data"];
  CHECK(e["confidence"] == Approx(0.75));
  CHECK(e["sourceUrl"] == kHostileUrl);
  CHECK(e["date"] == "2024-02-07");
  r.filter.actions = {"17"};
  auto none = nlohmann::json::parse(exportText(*h.store, ExportFormat::cytoscape, r));
  CHECK(none["elements"]["nodes"].empty());
  CHECK(none["elements"]["edges"].empty());
}

TEST_CASE("export command: standard output and exit codes and the summary line") {
  FixtureStore f;
  const std::string db = f.dir / "db";
  f.store.reset();  // the command opens the store itself
  auto out = dossier::test::runDossier("export --db " + db + " --format gexf -o -", f.dir);
  CHECK(out.exitCode == 0);
  CHECK(out.out.starts_with("<?xml"));
  CHECK(out.err.find("exported 6 entities and 10 events as gexf to standard output") !=
        std::string::npos);
  auto unknown =
      dossier::test::runDossier("export --db " + db + " --format dot --around Nobody -o -", f.dir);
  CHECK(unknown.exitCode == 2);
  CHECK(unknown.out.empty());
  auto neo = dossier::test::runDossier("export --db " + db + " --format neo4j -o -", f.dir);
  CHECK(neo.exitCode == 2);
  auto missing = dossier::test::runDossier(
      "export --db " + (f.dir / "nothing") + " --format gexf -o " + (f.dir / "x.gexf"), f.dir);
  CHECK(missing.exitCode == 1);
  CHECK_FALSE(std::filesystem::exists(f.dir / "x.gexf"));
}

TEST_CASE("export writes through symbolic links and into FIFOs instead of replacing them") {
  FixtureStore f;
  std::ostringstream unused;
  const std::string real = f.dir / "real.dot";
  const std::string link = f.dir / "link.dot";
  writeFile(real, "old");
  std::filesystem::create_symlink(real, link);
  exportToPath(*f.store, {}, ExportFormat::dot, link, unused);
  CHECK(std::filesystem::is_symlink(link));
  CHECK(dossier::test::readFile(real).starts_with("// Events exported"));

  // A FIFO stands for devices (/dev/null, /dev/stdout): renaming a file over it would replace it.
  const std::string fifo = f.dir / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string read;
  std::thread reader([&] { read = dossier::test::readFile(fifo); });
  exportToPath(*f.store, {}, ExportFormat::dot, fifo, unused);
  reader.join();
  CHECK(read.ends_with("}\n"));
  CHECK(std::filesystem::is_fifo(fifo));
}
