// Exporting the filtered event graph to visualisation and graph tools: GEXF 1.3 (dynamic, for
// Gephi's timeline), GraphML, Graphviz DOT, Cytoscape.js JSON, graphology JSON (Sigma.js),
// Neo4j admin-import CSV and a self-contained offline HTML viewer.
//
// Nodes are entities, edges are events (one edge per event, oriented actor -> target, its id the
// event id; parallel edges are kept). The graph is the whole store restricted by a GraphFilter,
// or the neighbourhood of one entity (--around, --hops) under that filter.
//
// Streaming: exportGraph() reads the edges twice. The first pass collects the ids of the
// entities the kept edges touch; their records are then written (read in batches of 512); the
// second pass writes each edge as it is read. A whole-store export reads the event records and
// their first mentions in one sequential pass (Store::scanEventRecords); one selective action
// reads the action index and looks each edge's record up; --around exports the neighbourhood's
// events. What stays in memory: one string per exported entity (entities are far fewer than
// events), a bounded cache of source articles (URL, title, date), and with --around the
// neighbourhood's edge list (bounded by what the traversal visits). Memory does not grow with
// the number of exported edges otherwise.
//
// Errors: a mistake the user can fix (unknown entity, bad filter, unknown format) throws
// QueryError; a store or output failure throws dossier::Error. Thread safety: as the Store (a
// read-only store may be shared); a GraphWriter is used by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/store.h"
#include "graph/store_graph.h"
#include "query/graph_queries.h"

namespace dossier {

enum class ExportFormat { gexf, graphml, dot, cytoscape, graphology, neo4j, html };

// "gexf", "graphml", "dot", "cytoscape", "graphology", "neo4j", "html"; nullopt otherwise.
std::optional<ExportFormat> parseExportFormat(std::string_view name);
std::string_view exportFormatName(ExportFormat format);

struct ExportRequest {
  GraphFilter filter;
  std::string around;  // entity id, name or unambiguous alias; empty: the whole filtered graph
  uint32_t hops = 1;   // with `around`
  Traverse direction = Traverse::both;  // with `around`
  size_t maxEdges = 0;  // 0: every edge; else the export stops after this many (and says so)
};

struct ExportNode {
  std::string id, name, type, country, sector;
};

// A source of an event, for writers that embed evidence (the HTML viewer).
struct ExportEvidence {
  std::string sentence;  // the evidence sentence; for imported rows "row N of FILE"
  std::string url, title, published;
};

// One event edge. The views are valid only during GraphWriter::edge().
struct ExportEdge {
  std::string_view eventId, actorId, targetId;
  std::string_view cls, code, label;  // action class, CAMEO code (may be empty), label
  std::string_view date;              // YYYY-MM-DD
  uint32_t mentions = 0;
  std::optional<double> confidence;  // the stored event's, when there is one
  std::string_view sourceUrl;        // of the first mention's source; may be empty
  const std::vector<ExportEvidence>* evidence = nullptr;  // set for writers that want it
};

struct ExportSummary {
  size_t nodes = 0, edges = 0;
  bool truncated = false;  // maxEdges stopped the export
};

// One output format. exportGraph() calls begin(), node() for each node (in id order), edge() for
// each edge, then finish(); writers emit their output as they are called.
class GraphWriter {
 public:
  virtual ~GraphWriter() = default;
  virtual void begin() {}
  virtual void node(const ExportNode& node) = 0;
  virtual void edge(const ExportEdge& edge) = 0;
  virtual void finish(const ExportSummary& summary) = 0;
  // How many sources (sentence, URL) per event edge() should carry; 0: none (the default).
  virtual size_t evidencePerEvent() const { return 0; }
};

// Runs the export into `writer`; returns what was written. Throws as described above.
ExportSummary exportGraph(const Store& store, const ExportRequest& request, GraphWriter& writer);

// The writer of a one-file format (every format but neo4j); keeps a reference to `out`, which
// must outlive it. `html` throws dossier::Error when this build has no viewer (see
// htmlViewerAvailable()).
std::unique_ptr<GraphWriter> makeGraphWriter(ExportFormat format, std::ostream& out);

// Neo4j admin-import CSV: nodes (header `entityId:ID,name,type,country,sector,:LABEL`) and
// relationships (`:START_ID,:END_ID,:TYPE,eventId,date:date,...`) into two streams.
std::unique_ptr<GraphWriter> makeNeo4jWriter(std::ostream& nodes, std::ostream& relationships);

// Whether the HTML viewer (cytoscape.js bundled at build time) is part of this build, and if not,
// why: one sentence saying how to get it.
bool htmlViewerAvailable();
std::string htmlViewerUnavailableReason();

// The file(s) a format writes for `path`: neo4j writes PATH/nodes.csv and
// PATH/relationships.csv (PATH is created as a directory when missing); the others write PATH,
// or standard output for "-". A new or regular file is written as PATH.partial and renamed when
// complete; a device, FIFO or symbolic link is written in place. Throws dossier::Error when a
// file cannot be written.
ExportSummary exportToPath(const Store& store, const ExportRequest& request, ExportFormat format,
                           const std::string& path, std::ostream& standardOutput);

}  // namespace dossier
