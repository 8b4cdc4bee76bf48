// The event extractor: article text in, coded events out, each with its evidence.
//
//   sentences -> tokens -> actor mentions (gazetteer phrases, composite "<country> <sector>")
//   -> verb triggers (pattern dictionary) -> roles (active, passive "by", participle clauses,
//   coordination, negation) -> date (dates.h) -> events
//
// Thread safety: an Extractor is immutable after construction; extract() may run on many
// threads at once. It holds a reference to the Dictionary, which must outlive it.
#pragma once

#include <string>
#include <vector>

#include "ingest/dictionary.h"
#include "schema/model.h"

namespace dossier {

class Extractor {
 public:
  explicit Extractor(const Dictionary& dictionary) : dict_(dictionary) {}

  // Events of one article; `article.published` ("YYYY-MM-DD") anchors relative dates.
  // Evidence: sentence 0 is the title (offsets 0, 0) unless the text starts with it;
  // sentences 1.. are those of the text, with their byte offsets.
  std::vector<ExtractedEvent> extract(const Article& article) const;

 private:
  const Dictionary& dict_;
};

}  // namespace dossier
