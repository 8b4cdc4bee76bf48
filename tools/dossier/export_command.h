// `dossier export`: the filtered graph, or an entity's neighbourhood, to a file for Gephi
// (GEXF), yEd and networkx (GraphML), Graphviz (DOT), Cytoscape (Cytoscape.js JSON), Sigma.js
// (graphology JSON), Neo4j (admin-import CSV) or a browser (self-contained HTML). A library
// function like commands.h: main.cpp parses arguments into it, tests call it. Returns the exit
// code: 0 success (also for an empty graph), 1 store or output failure (or an HTML viewer
// missing from this build), 2 a mistake the user can fix (unknown entity, bad filter).
#pragma once

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

#include "query/export/export.h"

namespace dossier {

struct ExportCommandOptions {
  std::string db;
  ExportFormat format = ExportFormat::gexf;
  ExportRequest request;
  std::string output = "-";  // a file, "-" for standard output; neo4j: a directory
  // At most this many events; unset: all, except html (kHtmlDefaultMaxEdges), which a browser
  // must lay out. 0: all.
  std::optional<size_t> maxEdges;
};

inline constexpr size_t kHtmlDefaultMaxEdges = 5000;

// Writes the export; one summary line (entities, events, where) goes to the log (stderr).
int exportCommand(const ExportCommandOptions& options, std::ostream& standardOutput);

}  // namespace dossier
