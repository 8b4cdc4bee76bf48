#include "tools/dossier/commands.h"

#include <spdlog/spdlog.h>

#include <fmt/format.h>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <optional>
#include <thread>

#include "graph/store.h"
#include "ingest/extractor.h"
#include "schema/error.h"
#include "tools/dossier/cli_support.h"

namespace dossier {
namespace {}  // namespace

Dictionary loadDictionary(const std::vector<std::string>& dirs) {
  Dictionary d = Dictionary::builtin();
  if (const char* env = std::getenv("DOSSIER_DICT"); env != nullptr && *env != '\0') {
    std::string_view list(env);
    while (!list.empty()) {
      const size_t colon = list.find(':');
      const std::string dir(list.substr(0, colon));
      if (!dir.empty()) d.addDirectory(dir);
      if (colon == std::string_view::npos) break;
      list.remove_prefix(colon + 1);
    }
  }
  for (const auto& dir : dirs) d.addDirectory(dir);
  return d;
}

namespace {

struct Extracted {
  Article article;
  std::vector<ExtractedEvent> events;
};

}  // namespace

IngestSummary ingestArticles(const IngestOptions& options, const Dictionary& dictionary) {
  const auto start = std::chrono::steady_clock::now();
  auto store = Store::open(options.db);
  const Extractor extractor(dictionary);
  IngestSummary summary;
  std::atomic<size_t> read{0}, already{0}, failed{0};
  BoundedQueue<Extracted> queue(64);
  std::exception_ptr producerError;

  // Reading, parsing and extraction run on their own thread; commits stay on this one (one
  // writer, one WriteBatch per article, in input order).
  std::thread producer([&] {
    try {
      for (const auto& path : options.paths) {
        readArticles(
            path, options.reader,
            [&](Article&& article) {
              ++read;
              article.id = articleId(article);
              if (store->hasArticle(article.id)) {
                ++already;
                return;
              }
              if (article.publishedFrom == DateSource::fileTime)
                spdlog::warn(
                    "{}: no publication date in the text; dated {} from the file's modification "
                    "time (use --published)",
                    path, article.published);
              auto events = extractor.extract(article);
              queue.push(Extracted{std::move(article), std::move(events)});
            },
            [&](const InputProblem& p) {
              ++failed;
              spdlog::error("{}", p.describe());
            });
      }
    } catch (...) {
      producerError = std::current_exception();
    }
    queue.finish();
  });
  try {
    while (auto item = queue.pop()) {
      auto result = store->commitArticle(item->article, item->events);
      if (result.stored) {
        ++summary.stored;
        summary.events += result.events;
        summary.newEvents += result.newEvents;
      } else {
        ++already;  // the same article twice in this run
      }
    }
  } catch (...) {
    queue.close();
    while (queue.pop()) {
    }
    producer.join();
    throw;
  }
  producer.join();
  if (producerError) std::rethrow_exception(producerError);
  summary.read = read;
  summary.already = already;
  summary.failed = failed;
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
  return reportingErrors([&] {
    const auto s = ingestArticles(options, loadDictionary(options.dictDirs));
    out << fmt::format(
        "articles: {} read, {} new, {} already stored, {} failed; events: {} stored ({} new); "
        "{:.2f} s\n",
        s.read, s.stored, s.already, s.failed, s.events, s.newEvents, s.seconds);
    return s.failed > 0 ? 1 : 0;
  });
}

int extractCommand(const IngestOptions& options, Format format, std::ostream& out) {
  if (!publishedIsValid(options.reader)) return 2;
  return reportingErrors([&] {
    const auto dictionary = loadDictionary(options.dictDirs);
    const Extractor extractor(dictionary);
    auto writer = makeEventWriter(format, out);
    size_t failed = 0;
    for (const auto& path : options.paths) {
      readArticles(
          path, options.reader,
          [&](Article&& article) {
            article.id = articleId(article);
            for (const auto& e : extractor.extract(article))
              writer->write(rowFromExtracted(article, e));
          },
          [&](const InputProblem& p) {
            ++failed;
            spdlog::error("{}", p.describe());
          });
    }
    writer->finish();
    return failed > 0 ? 1 : 0;
  });
}

int eventsCommand(const std::string& db, const EventFilter& filter, Format format,
                  std::ostream& out) {
  return reportingErrors([&] {
    auto store = Store::open(db, {.readOnly = true});
    auto writer = makeEventWriter(format, out);
    queryEvents(*store, filter, [&](const EventRow& row) {
      writer->write(row);
      return static_cast<bool>(out);
    });
    writer->finish();
    return 0;
  });
}

int statsCommand(const std::string& db, Format format, std::ostream& out) {
  return reportingErrors([&] {
    auto store = Store::open(db, {.readOnly = true});
    writeStats(store->counts(), format, out);
    return 0;
  });
}

}  // namespace dossier

namespace dossier {

int recodeCommand(const std::string& db, const std::vector<std::string>& dictDirs,
                  std::ostream& out) {
  const auto start = std::chrono::steady_clock::now();
  return reportingErrors([&] {
    const auto dictionary = loadDictionary(dictDirs);
    const Extractor extractor(dictionary);
    auto store = Store::open(db, {.readOnly = false, .createIfMissing = false});
    const auto before = store->counts();
    size_t articles = 0;
    // The scan reads a snapshot: recoding an article does not disturb it.
    store->scanArticles([&](const StoredArticle& header) {
      auto full = store->article(header.article.id);
      if (!full) return true;
      store->recodeArticle(full->article.id, extractor.extract(full->article));
      ++articles;
      return true;
    });
    const auto after = store->counts();
    out << fmt::format(
        "recoded {} articles; events {} -> {}, mentions {} -> {}; {:.2f} s\n", articles,
        before.events, after.events, before.mentions, after.mentions,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return 0;
  });
}

int dictCheckCommand(const std::vector<std::string>& files,
                     const std::vector<std::string>& dictDirs, std::ostream& out) {
  if (files.empty()) {
    const int code = reportingErrors([&] {
      const auto d = loadDictionary(dictDirs);
      out << fmt::format("dictionaries ok: {} entities, {} sector nouns, {} patterns\n",
                         d.entities().size(), d.agents().size(), d.patterns().size());
      return 0;
    });
    return code == 0 ? 0 : 1;  // a bad dictionary is what this command reports: exit 1
  }
  int failed = 0;
  for (const auto& file : files) {
    try {
      Dictionary d = Dictionary::builtin();  // ids must not clash with the shipped ones
      const size_t n = d.addFile(file);
      out << fmt::format("{}: ok, {} entries\n", file, n);
    } catch (const DictionaryError& e) {
      spdlog::error("{}", e.what());
      ++failed;
    }
  }
  return failed > 0 ? 1 : 0;
}

}  // namespace dossier
