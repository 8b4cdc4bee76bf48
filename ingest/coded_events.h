// Readers of pre-coded event data sets: GDELT 1.0 and 2.0 event exports, ICEWS coded-event
// files, and `source<TAB>relation<TAB>target<TAB>date` files (ICEWS18 and the like). Each row
// becomes one event with one mention by a source, ready for Store::importMentions():
//
//   format   entity id (= name unless noted)       action                 source (pseudo article)
//   gdelt1/2 Actor1Code/Actor2Code, named by        EventCode -> class     SOURCEURL (the article
//   id
//            Actor1Name/Actor2Name                  (label left empty)     of that URL), else the
//                                                                          GLOBALEVENTID
//   icews    Source Name / Target Name, verbatim    CAMEO Code -> class,   the Story ID; mention =
//                                                   Event Text as label    Sentence Number
//   tsv      source / target, verbatim (CSV-style   relation label -> class the file (by name);
//            quotes decoded, case kept)             label kept verbatim    mention = line number
//
// Files may be plain or gzip. Rows without an actor or a target (GDELT one-sided events) are
// skipped and counted; malformed rows are reported with their line and never stop the rest.
// Stateless: the functions may run on several threads for different files.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/model.h"

namespace dossier {

enum class CodedFormat { gdelt1, gdelt2, icews, tsv };

// "gdelt1", "gdelt2", "icews", "tsv"; nullopt for anything else.
std::optional<CodedFormat> parseCodedFormat(std::string_view name);

struct CodedEvent {
  std::shared_ptr<const Article> source;  // shared by the rows of one source
  ExtractedEvent event;                   // sentenceIndex: the row within the source
};

struct CodedProblem {
  std::string file;
  size_t line = 0;
  std::string problem;
  std::string describe() const;  // "FILE:LINE: problem"
};

struct CodedReadCounts {
  size_t rows = 0;       // data rows read
  size_t events = 0;     // rows turned into events
  size_t skipped = 0;    // rows without an actor or a target
  size_t malformed = 0;  // rows reported as problems
};

// Reads every row of `path`. Throws dossier::Error when the file cannot be read or is not gzip
// or text; a bad row is reported through `problem` and reading goes on.
CodedReadCounts readCodedEvents(const std::string& path, CodedFormat format,
                                const std::function<void(CodedEvent&&)>& emit,
                                const std::function<void(const CodedProblem&)>& problem);

// Splits one line of a TAB-separated file with CSV quoting: a field that starts with '"' is
// quoted, '""' inside stands for '"'. False (with `why` set) for an unterminated quote or text
// after a closing quote.
bool splitQuotedTsv(std::string_view line, std::vector<std::string>& fields, std::string& why);

}  // namespace dossier
