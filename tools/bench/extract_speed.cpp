// Extraction throughput on one core: MB/s of article text through Extractor::extract, with
// the articles already in memory (no I/O, no storage). Prints the median of RUNS passes.
// usage: bench_extract ARTICLES.jsonl [RUNS]
#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <vector>

#include "ingest/dictionary.h"
#include "ingest/extractor.h"
#include "ingest/reader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} ARTICLES.jsonl [RUNS]\n", argv[0]);
    return 2;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<dossier::Article> articles;
  dossier::readArticles(
      argv[1], {}, [&](dossier::Article&& a) { articles.push_back(std::move(a)); },
      [](const dossier::InputProblem& p) { fmt::print(stderr, "{}\n", p.describe()); });
  size_t bytes = 0;
  for (const auto& a : articles) bytes += a.text.size();
  const auto loadStart = std::chrono::steady_clock::now();
  const auto dictionary = dossier::Dictionary::builtin();
  const double loadSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStart).count();
  const dossier::Extractor extractor(dictionary);
  // CPU time of this thread, besides the wall clock: on a machine doing other work the wall
  // clock also counts the time this thread waited for a core.
  auto cpuSeconds = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
  };
  std::vector<double> seconds, cpu;
  size_t events = 0;
  for (int r = 0; r < runs; ++r) {
    events = 0;
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = cpuSeconds();
    for (const auto& a : articles) events += extractor.extract(a).size();
    cpu.push_back(cpuSeconds() - cpuStart);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu.begin(), cpu.end());
  const double t = seconds[seconds.size() / 2];
  const double best = seconds.front();
  fmt::print("extract: {} articles, {:.2f} MB of text, {} events; {} runs on one core\n",
             articles.size(), bytes / 1e6, events, runs);
  fmt::print(
      "  median {:.3f} s = {:.1f} MB/s, {:.0f} articles/s; best {:.1f} MB/s (dictionaries load in "
      "{:.0f} ms)\n",
      t, bytes / 1e6 / t, articles.size() / t, bytes / 1e6 / best, loadSeconds * 1000);
  fmt::print("  thread CPU time: median {:.3f} s = {:.1f} MB/s per core\n", cpu[cpu.size() / 2],
             bytes / 1e6 / cpu[cpu.size() / 2]);
  return 0;
}
