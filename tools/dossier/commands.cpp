#include "tools/dossier/commands.h"

#include <spdlog/spdlog.h>

#include <fmt/format.h>
#include <chrono>

#include "graph/store.h"
#include "ingest/extractor.h"
#include "schema/error.h"

namespace dossier {

IngestSummary ingestArticles(const IngestOptions& options, const Dictionary& dictionary) {
  const auto start = std::chrono::steady_clock::now();
  auto store = Store::open(options.db);
  Extractor extractor(dictionary);
  IngestSummary summary;
  auto onProblem = [&](const InputProblem& p) {
    ++summary.failed;
    spdlog::error("{}", p.describe());
  };
  for (const auto& path : options.paths) {
    readArticles(
        path, options.reader,
        [&](Article&& article) {
          ++summary.read;
          article.id = articleId(article);
          if (store->hasArticle(article.id)) {
            ++summary.already;
            return;
          }
          if (article.publishedFrom == DateSource::fileTime)
            spdlog::warn(
                "{}: no publication date in the text; dated {} from the file's modification time "
                "(use --published)",
                path, article.published);
          auto events = extractor.extract(article);
          auto result = store->commitArticle(article, events);
          if (result.stored) {
            ++summary.stored;
            summary.events += result.events;
            summary.newEvents += result.newEvents;
          } else {
            ++summary.already;
          }
        },
        onProblem);
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

namespace {

// --published must be a full date: relative dates resolve against it.
bool publishedIsValid(const ReaderOptions& o) {
  int32_t d = 0;
  if (o.published.empty() || (o.published.size() == 10 && isoToDays(o.published, d))) return true;
  spdlog::error("--published '{}' is not a date: use YYYY-MM-DD", o.published);
  return false;
}

}  // namespace

int ingestCommand(const IngestOptions& options, std::ostream& out) {
  if (!publishedIsValid(options.reader)) return 2;
  const auto dictionary = Dictionary::builtin();
  IngestSummary s;
  try {
    s = ingestArticles(options, dictionary);
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  out << fmt::format(
      "articles: {} read, {} new, {} already stored, {} failed; events: {} stored ({} new); {:.2f} "
      "s\n",
      s.read, s.stored, s.already, s.failed, s.events, s.newEvents, s.seconds);
  return s.failed > 0 ? 1 : 0;
}

int extractCommand(const IngestOptions& options, Format format, std::ostream& out) {
  if (!publishedIsValid(options.reader)) return 2;
  const auto dictionary = Dictionary::builtin();
  const Extractor extractor(dictionary);
  auto writer = makeEventWriter(format, out);
  size_t failed = 0;
  for (const auto& path : options.paths) {
    readArticles(
        path, options.reader,
        [&](Article&& article) {
          article.id = articleId(article);
          for (const auto& e : extractor.extract(article)) writer->write(rowFromExtracted(article, e));
        },
        [&](const InputProblem& p) {
          ++failed;
          spdlog::error("{}", p.describe());
        });
  }
  writer->finish();
  return failed > 0 ? 1 : 0;
}

int eventsCommand(const std::string& db, const EventFilter& filter, Format format,
                  std::ostream& out) {
  try {
    auto store = Store::open(db, {.readOnly = true});
    auto writer = makeEventWriter(format, out);
    queryEvents(*store, filter, [&](const EventRow& row) {
      writer->write(row);
      return static_cast<bool>(out);
    });
    writer->finish();
  } catch (const QueryError& e) {
    spdlog::error("{}", e.what());
    return 2;
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}

int statsCommand(const std::string& db, Format format, std::ostream& out) {
  try {
    auto store = Store::open(db, {.readOnly = true});
    writeStats(store->counts(), format, out);
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}

}  // namespace dossier
