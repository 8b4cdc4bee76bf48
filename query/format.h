// Output formats of query results: an aligned table for people, JSON Lines and CSV for programs.
// The jsonl shape of an event is a public contract (README, "Output"): fields are added, never
// renamed or removed. Writers stream: memory does not grow with the number of rows.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "graph/store.h"
#include "query/events.h"

namespace dossier {

enum class Format { table, jsonl, csv };

// "table", "jsonl", "csv"; nullopt for anything else.
std::optional<Format> parseFormat(const std::string& name);

class EventWriter {
 public:
  virtual ~EventWriter() = default;
  virtual void write(const EventRow& row) = 0;
  // Writes what a format needs at the end (the table's row count); call once.
  virtual void finish() {}
};

// The writer keeps a reference to `out`, which must outlive it.
std::unique_ptr<EventWriter> makeEventWriter(Format format, std::ostream& out);

// The jsonl object of one event (without a trailing newline).
std::string eventJson(const EventRow& row);

void writeStats(const StoreCounts& counts, Format format, std::ostream& out);

// RFC 4180 quoting of one CSV field.
std::string csvField(std::string_view value);

}  // namespace dossier
