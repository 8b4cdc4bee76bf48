#include "tools/dossier/import_command.h"

#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fmt/format.h>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <thread>

#include "graph/store.h"
#include "schema/error.h"
#include "tools/dossier/cli_support.h"
#include "tools/dossier/huge_heap.h"

namespace dossier {
namespace {

constexpr size_t kBatchRows = 100000;

}  // namespace

int importCommand(const ImportOptions& options, std::ostream& out) {
  const auto start = std::chrono::steady_clock::now();
  // Every chunk allocates and frees a few hundred MB of small records: keeping freed memory in
  // the process (rather than returning it to the system and faulting it in again for the next
  // chunk) saves a third of the import's time, and backing it with huge pages most of the
  // remaining page faults (180,000 for ICEWS18).
  reserveHugePageHeap(size_t{1} << 30, /*oneArena=*/true);
  std::unique_ptr<Store> store;
  try {
    store = Store::open(options.db, {.bulkImport = true});
  } catch (const Error& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  const bool progress = options.progress && isatty(STDERR_FILENO);
  CodedReadCounts read;
  size_t unreadable = 0;
  BoundedQueue<std::vector<ImportedMention>> queue(2);  // at most two chunks wait
  std::exception_ptr readerError;
  std::thread reader([&] {
    try {
      std::vector<ImportedMention> chunk;
      chunk.reserve(kBatchRows);
      for (const auto& path : options.paths) {
        try {
          auto c = readCodedEvents(
              path, options.format,
              [&](CodedEvent&& e) {
                chunk.push_back(ImportedMention{std::move(e.source), std::move(e.event)});
                if (chunk.size() >= kBatchRows) {
                  queue.push(std::move(chunk));
                  chunk = {};
                  chunk.reserve(kBatchRows);
                }
              },
              [&](const CodedProblem& p) {
                if (progress) std::fputs("\r\033[K", stderr);
                spdlog::error("{}", p.describe());
              });
          read.rows += c.rows;
          read.events += c.events;
          read.skipped += c.skipped;
          read.malformed += c.malformed;
        } catch (const Error& e) {
          spdlog::error("{}", e.what());
          ++unreadable;
        }
      }
      if (!chunk.empty()) queue.push(std::move(chunk));
    } catch (...) {
      readerError = std::current_exception();
    }
    queue.finish();
  });

  ImportCounts stored;
  auto lastProgress = start;
  try {
    while (auto chunk = queue.pop()) {
      auto c = store->importMentions(*chunk);
      stored.rows += c.rows;
      stored.mentions += c.mentions;
      stored.newEvents += c.newEvents;
      stored.duplicates += c.duplicates;
      const auto now = std::chrono::steady_clock::now();
      if (progress && now - lastProgress > std::chrono::milliseconds(200)) {
        lastProgress = now;
        const double s = std::chrono::duration<double>(now - start).count();
        std::fprintf(stderr, "\r\033[Kimport: %zu rows stored, %.0f rows/s", stored.rows,
                     static_cast<double>(stored.rows) / s);
      }
    }
    const auto compactStart = std::chrono::steady_clock::now();
    store->finishImport();
    spdlog::debug(
        "compaction {:.2f} s",
        std::chrono::duration<double>(std::chrono::steady_clock::now() - compactStart).count());
  } catch (const Error& e) {
    queue.close();
    while (queue.pop()) {
    }
    reader.join();
    if (progress) std::fputs("\r\033[K", stderr);
    spdlog::error("{}", e.what());
    return 1;
  }
  reader.join();
  if (progress) std::fputs("\r\033[K", stderr);
  if (readerError) {
    try {
      std::rethrow_exception(readerError);
    } catch (const std::exception& e) {
      spdlog::error("{}", e.what());
      return 1;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out << fmt::format(
      "rows: {} read, {} malformed, {} without actor or target; mentions: {} new, {} already "
      "stored; events: {} new; {:.2f} s\n",
      read.rows, read.malformed, read.skipped, stored.mentions, stored.duplicates, stored.newEvents,
      seconds);
  return read.malformed > 0 || unreadable > 0 ? 1 : 0;
}

}  // namespace dossier
