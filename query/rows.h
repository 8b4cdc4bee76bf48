// Writing the rows of the graph queries: an aligned table for people, JSON Lines (one object
// per row, keyed by the column names) and CSV (RFC 4180, with a header) for programs.
// Columns marked numeric are JSON numbers; empty cells of other columns are JSON null.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "query/format.h"

namespace dossier {

struct Column {
  std::string name;
  bool numeric = false;
};

// Writes `rows` (each as many cells as `columns`) to `out`. A table ends with a row count line
// naming `what` ("3 entities"); an empty table says so.
void writeRows(Format format, std::ostream& out, const std::vector<Column>& columns,
               const std::vector<std::vector<std::string>>& rows, const std::string& what);

}  // namespace dossier
