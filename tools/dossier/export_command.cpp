#include "tools/dossier/export_command.h"

#include <spdlog/spdlog.h>

#include "query/events.h"
#include "schema/error.h"
#include "tools/dossier/cli_support.h"

namespace dossier {

int exportCommand(const ExportCommandOptions& o, std::ostream& standardOutput) {
  return reportingErrors([&] {
    auto store = Store::open(o.db, {.readOnly = true});
    ExportRequest request = o.request;
    request.maxEdges = o.maxEdges                       ? *o.maxEdges
                       : o.format == ExportFormat::html ? kHtmlDefaultMaxEdges
                                                        : 0;
    const ExportSummary s = exportToPath(*store, request, o.format, o.output, standardOutput);
    const std::string where = o.format == ExportFormat::neo4j
                                  ? o.output + "/nodes.csv and " + o.output + "/relationships.csv"
                                  : (o.output == "-" ? std::string("standard output") : o.output);
    spdlog::info("exported {} entities and {} events as {} to {}", s.nodes, s.edges,
                 exportFormatName(o.format), where);
    if (s.truncated)
      spdlog::warn(
          "stopped after {} events (--max-edges; html exports stop at {} unless told otherwise): "
          "narrow the export with filters or --around, or raise --max-edges",
          s.edges, kHtmlDefaultMaxEdges);
    return 0;
  });
}

}  // namespace dossier
