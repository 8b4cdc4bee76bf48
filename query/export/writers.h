// Private to query/export: one factory per format (each in its own <format>_writer.cpp). The
// public entry points are makeGraphWriter() and makeNeo4jWriter() of query/export/export.h.
#pragma once

#include <memory>
#include <ostream>

#include "query/export/export.h"

namespace dossier::exporting {

std::unique_ptr<GraphWriter> makeGexfWriter(std::ostream& out);
std::unique_ptr<GraphWriter> makeGraphmlWriter(std::ostream& out);
std::unique_ptr<GraphWriter> makeDotWriter(std::ostream& out);
std::unique_ptr<GraphWriter> makeCytoscapeWriter(std::ostream& out);
std::unique_ptr<GraphWriter> makeGraphologyWriter(std::ostream& out);
std::unique_ptr<GraphWriter> makeNeo4jCsvWriter(std::ostream& nodes, std::ostream& relationships);
std::unique_ptr<GraphWriter> makeHtmlWriter(std::ostream& out);

// "0.8" style: shortest round-trip-ish text of a confidence in [0, 1].
std::string formatConfidence(double value);

}  // namespace dossier::exporting
