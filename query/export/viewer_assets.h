// Private to query/export: the HTML viewer's assets, compiled in from a source file generated at
// build time by query/export/viewer/embed.cmake (cytoscape.js from npm, with its licence as a
// leading comment, and the viewer's own script and style sheet). When the build found no
// cytoscape (npm missing or offline), kViewerAvailable is false and the reason says how to fix it.
#pragma once

#include <string_view>

namespace dossier::exporting {

extern const bool kViewerAvailable;
extern const std::string_view kViewerUnavailableReason;
extern const std::string_view kCytoscapeJs;
extern const std::string_view kViewerJs;
extern const std::string_view kViewerCss;

}  // namespace dossier::exporting
