// The commands of the `dossier` CLI as library functions: main.cpp parses arguments into these
// option structs, tests call the functions directly. Each returns the process exit code:
//   0 success, 1 some input was refused or the store failed (after doing all it could),
//   2 a usage mistake (bad option value, unknown entity).
// Results go to `out`; problems are logged to stderr through spdlog, one line each.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "ingest/dictionary.h"
#include "ingest/reader.h"
#include "query/events.h"
#include "query/format.h"

namespace dossier {

struct IngestOptions {
  std::string db;
  std::vector<std::string> paths;
  ReaderOptions reader;
  std::vector<std::string> dictDirs;  // --dict: local dictionaries on top of the shipped ones
};

// The shipped dictionaries, then those of the directories in $DOSSIER_DICT (colon-separated),
// then those of `dirs`. Throws DictionaryError naming the file and line of a bad entry.
Dictionary loadDictionary(const std::vector<std::string>& dirs);

struct IngestSummary {
  size_t read = 0;     // articles read from the inputs
  size_t stored = 0;   // new articles stored
  size_t already = 0;  // articles already in the store (nothing changed)
  size_t failed = 0;   // inputs or articles refused
  size_t events = 0;   // event mentions stored from the new articles
  size_t newEvents = 0;
  double seconds = 0;
};

// Reads, extracts and stores every article of `options.paths`; one WriteBatch per article.
// Bad inputs are logged and counted, never stop the rest. Throws dossier::Error only when the
// store cannot be opened or written.
IngestSummary ingestArticles(const IngestOptions& options, const Dictionary& dictionary);

int ingestCommand(const IngestOptions& options, std::ostream& out);
// Prints the events of the articles of `options.paths` without storing them, with the pattern
// and evidence of each (table or jsonl). Bad inputs are reported like ingest does.
int extractCommand(const IngestOptions& options, Format format, std::ostream& out);
int eventsCommand(const std::string& db, const EventFilter& filter, Format format,
                  std::ostream& out);
int statsCommand(const std::string& db, Format format, std::ostream& out);

// Re-extracts every stored article with the current dictionaries and replaces its events,
// one WriteBatch per article.
int recodeCommand(const std::string& db, const std::vector<std::string>& dictDirs,
                  std::ostream& out);

// Validates dictionary files (each on top of the shipped dictionaries), or with no files the
// shipped dictionaries and those of $DOSSIER_DICT and `dictDirs`. One line per file.
int dictCheckCommand(const std::vector<std::string>& files,
                     const std::vector<std::string>& dictDirs, std::ostream& out);

}  // namespace dossier
