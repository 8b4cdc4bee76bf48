// Readers of article inputs: plain-text files, JSON Lines files, directories and stdin.
//
// Inputs are streamed: a JSONL file is read line by line, a directory file by file, so memory
// is bounded by the largest single article. A bad input never stops the others: each problem
// is reported once through `onProblem` with the file (and line for JSONL) it concerns.
// Not thread-safe per call; separate calls are independent.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "schema/model.h"

namespace dossier {

struct ReaderOptions {
  std::string published;  // --published: overrides dates found in the inputs
  std::string url;        // --url / --title: for a single plain-text article
  std::string title;
  size_t maxArticleBytes = 16u << 20;  // larger articles are refused
};

struct InputProblem {
  std::string file;  // as given on the command line ("-" for stdin)
  size_t line = 0;   // 1-based line for JSONL, else 0
  std::string message;
  // "file:line: message" or "file: message".
  std::string describe() const;
};

using ArticleHandler = std::function<void(Article&&)>;
using ProblemHandler = std::function<void(const InputProblem&)>;

// Reads every article of `path`: a file (".jsonl" files are JSON Lines, others plain text), a
// directory (every regular, non-hidden file below it, in name order), or "-" (stdin: JSON Lines
// when it starts with '{', else one plain-text article). Articles come out with id unset.
//
// Plain text: the first line may carry the publication date ("2024-02-07", "Published: Feb 7,
// 2024"); otherwise --published, otherwise the file's modification time (DateSource::fileTime).
// A short first line without final punctuation is taken as the title.
// JSON Lines: {"url","title","published" (or "date"),"text","publisher"}; "text" is required.
void readArticles(const std::string& path, const ReaderOptions& options,
                  const ArticleHandler& onArticle, const ProblemHandler& onProblem);

// Checks one article text: empty, binary or invalid UTF-8 gives the problem, else "".
std::string textProblem(std::string_view text);

}  // namespace dossier
