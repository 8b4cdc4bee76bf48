// `dossier import`: pre-coded event data sets (GDELT, ICEWS, tab-separated) into a store.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "ingest/coded_events.h"

namespace dossier {

struct ImportOptions {
  std::string db;
  CodedFormat format = CodedFormat::tsv;
  std::vector<std::string> paths;
  bool progress = true;  // a progress line on stderr when stderr is a terminal
};

// Reads every file (plain or gzip) on one thread and stores its rows on this one, in bulk
// WriteBatches. Malformed rows are logged as `FILE:LINE: problem` and skipped; the exit code is
// then 1 (after everything else was stored). An unreadable file is logged and skipped (exit 1).
// The summary goes to `out`.
int importCommand(const ImportOptions& options, std::ostream& out);

}  // namespace dossier
