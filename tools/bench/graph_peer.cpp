// The dossier peer of the graph benchmark (../shared/bench/peers, "Adding a peer"): imports the
// ICEWS18-style TSV with `dossier import`'s code, then times Q1-Q6 (queries.md) in this process
// through the library calls the CLI commands make, and writes the answers and RESULT.json.
//
//   bench_graph_peer DATA.tsv.gz PAIRS.tsv PARAMS.json ANSWER_DIR RESULT.json [STORE_DIR]
//
// With DOSSIER_BENCH_REUSE=1 and an existing STORE_DIR the import is skipped (load_ms then
// covers only opening the store).
//
// STORE_DIR (default: a fresh temporary directory, removed at the end) holds the store. Timed
// runs: 1 warm-up and $PEERS_REPEATS (default 5). Every run must give the warm-up's answer.
#include <nlohmann/json.hpp>

#include <fmt/format.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "graph/snapshot.h"
#include "graph/store.h"
#include "query/events.h"
#include "query/graph_queries.h"
#include "tools/dossier/import_command.h"

using namespace dossier;
using Rows = std::vector<std::string>;

namespace {

double msSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

double threadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

int32_t day(const std::string& iso) {
  int32_t d = 0;
  if (!isoToDays(iso, d)) throw std::runtime_error("bad date " + iso);
  return d;
}

// Times `query`, which returns the complete answer materialised in C++ (a vector of structs),
// as the other peers' timed regions end with a list in their host language. `toRows` turns an
// answer into the lines of the answer file after the clock has stopped (queries.md §3).
template <typename Answer>
nlohmann::json timeQuery(const std::string& name, const std::function<Answer()>& query,
                         const std::function<Rows(const Answer&)>& toRows,
                         const std::string& answerDir, int repeats) {
  // DOSSIER_BENCH_ONLY=Q6 (or "Q1 Q6"): time only these queries (development runs).
  if (const char* only = std::getenv("DOSSIER_BENCH_ONLY");
      only != nullptr && std::string(only).find(name) == std::string::npos)
    return {{"status", "n/a"}, {"note", "skipped by DOSSIER_BENCH_ONLY"}};
  const Rows answer = toRows(query());  // warm-up
  std::vector<double> runs, cpu;
  // Each run's answer is kept and checked after the last run, so that formatting and freeing
  // answers between runs (work outside the timed region) leaves nothing for the next run to
  // clean up.
  std::vector<Answer> answers;
  answers.reserve(static_cast<size_t>(repeats));
  for (int i = 0; i < repeats; ++i) {
    const auto t = std::chrono::steady_clock::now();
    const double c0 = threadCpuMs();
    Answer again = query();
    runs.push_back(msSince(t));
    cpu.push_back(threadCpuMs() - c0);
    answers.push_back(std::move(again));
  }
  for (const Answer& again : answers)
    if (toRows(again) != answer)
      throw std::runtime_error(name + ": a timed run changed the answer");
  std::ofstream out(answerDir + "/" + name + ".tsv", std::ios::binary);
  for (const auto& row : answer) out << row << '\n';
  std::vector<double> sorted = runs;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted.size() % 2
                            ? sorted[sorted.size() / 2]
                            : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
  std::sort(cpu.begin(), cpu.end());
  // CPU time of the thread too: on a busy machine it says more about the code than wall time.
  std::cerr << fmt::format(
      "{}: median {:.3f} ms, min {:.3f} ms (thread CPU: min {:.3f} ms), {} rows\n", name, median,
      sorted.front(), cpu.front(), answer.size());
  return {{"status", "ok"},
          {"runs_ms", runs},
          {"median_ms", median},
          {"min_ms", sorted.front()},
          {"rows", answer.size()}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::cerr << "usage: bench_graph_peer DATA PAIRS PARAMS ANSWER_DIR RESULT.json [STORE_DIR]\n";
    return 2;
  }
  const std::string data = argv[1], pairsFile = argv[2], paramsFile = argv[3], answerDir = argv[4],
                    resultFile = argv[5];
  namespace fs = std::filesystem;
  const bool tempStore = argc < 7;
  const std::string storeDir =
      tempStore ? (fs::temp_directory_path() / fmt::format("dossier-bench-{}", ::getpid())).string()
                : argv[6];
  const int repeats = std::getenv("PEERS_REPEATS") ? std::atoi(std::getenv("PEERS_REPEATS")) : 5;
  fs::create_directories(answerDir);
  nlohmann::json params;
  std::ifstream(paramsFile) >> params;

  try {
    // Load: `dossier import --format tsv` into a fresh store, then open it as queries do.
    // DOSSIER_BENCH_REUSE=1 with a STORE_DIR: query the store already there (development runs).
    const bool reuse = !tempStore && std::getenv("DOSSIER_BENCH_REUSE") != nullptr &&
                       fs::exists(fs::path(storeDir) / "CURRENT");
    if (!reuse) fs::remove_all(storeDir);
    const auto loadStart = std::chrono::steady_clock::now();
    ImportOptions import;
    import.db = storeDir;
    import.format = CodedFormat::tsv;
    import.paths = {data};
    import.progress = false;
    std::ostringstream summary;
    if (!reuse && importCommand(import, summary) != 0) throw std::runtime_error("import failed");
    auto store = Store::open(storeDir, {.readOnly = true});
    const double loadMs = msSince(loadStart);
    std::cerr << "load: " << summary.str();

    nlohmann::json queries;
    using Members = std::vector<Neighbourhood::Member>;
    const std::function<Rows(const Members&)> memberRows = [](const Members& members) {
      Rows rows;
      for (const auto& m : members) rows.push_back(m.entityId);
      return rows;
    };
    {  // Q1: 1..2 hops out of `start`, every edge in the window.
      const auto& p = params["Q1"];
      GraphFilter f;
      f.since = p["date_from"];
      f.until = p["date_to"];
      queries["Q1"] = timeQuery<Members>(
          "Q1",
          [&] {
            return neighbourhood(*store, resolveEntity(*store, p["start"]), p["max_hops"],
                                 Traverse::out, toEdgeFilter(f), false)
                .members;
          },
          memberRows, answerDir, repeats);
    }
    {  // Q2: 1..2 hops out of `start`, every edge's label starting with the prefix.
      const auto& p = params["Q2"];
      GraphFilter f;
      f.actions = {"accuse"};
      f.labelPrefix = p["relation_prefix"];
      queries["Q2"] = timeQuery<Members>(
          "Q2",
          [&] {
            return neighbourhood(*store, resolveEntity(*store, p["start"]), p["max_hops"],
                                 Traverse::out, toEdgeFilter(f), false)
                .members;
          },
          memberRows, answerDir, repeats);
    }
    {  // Q3: fewest edges for each pair, on the cached whole-graph snapshot.
      std::vector<std::pair<std::string, std::string>> pairs;
      std::ifstream in(pairsFile);
      std::string line;
      while (std::getline(in, line)) {
        const size_t tab = line.find('\t');
        if (tab != std::string::npos) pairs.emplace_back(line.substr(0, tab), line.substr(tab + 1));
      }
      const auto snapshot = GraphSnapshot::load(*store);
      using Hops = std::vector<int32_t>;  // by pair, -1: unreachable
      queries["Q3"] = timeQuery<Hops>(
          "Q3",
          [&] {
            Hops hops;
            hops.reserve(pairs.size());
            for (const auto& [s, t] : pairs) {
              auto a = snapshot.find(s), b = snapshot.find(t);
              hops.push_back(a && b ? snapshot.hops(*a, *b) : -1);
            }
            return hops;
          },
          [&](const Hops& hops) {
            Rows rows;
            for (size_t i = 0; i < pairs.size(); ++i)
              rows.push_back(fmt::format("{}\t{}\t{}", pairs[i].first, pairs[i].second, hops[i]));
            return rows;
          },
          answerDir, repeats);
    }
    {  // Q4: earliest arrival from `start`, non-strict, from t0.
      const auto& p = params["Q4"];
      TemporalOptions o;
      o.startDay = day(p["t0"]);
      using Arrivals = std::vector<Arrival>;
      // As for Q3: the cached snapshot is loaded once, as a query server or the CLI does.
      const auto snapshot = GraphSnapshot::load(*store);
      queries["Q4"] = timeQuery<Arrivals>(
          "Q4",
          [&] {
            return earliestArrivals(*store, resolveEntity(*store, p["start"]), o, EdgeFilter{},
                                    &snapshot);
          },
          [](const Arrivals& arrivals) {
            Rows rows;
            for (const auto& a : arrivals)
              rows.push_back(fmt::format("{}\t{}", a.entityId, daysToIso(a.day)));
            return rows;
          },
          answerDir, repeats);
    }
    {  // Q5: who accused whom in the window, top 20.
      const auto& p = params["Q5"];
      GraphFilter f;
      f.actions = {"accuse"};
      f.labelPrefix = p["relation_prefix"];
      f.since = p["date_from"];
      f.until = p["date_to"];
      const size_t limit = p["limit"];
      using Pairs = std::vector<WhoRow>;
      queries["Q5"] = timeQuery<Pairs>(
          "Q5", [&] { return who(*store, toEdgeFilter(f), Period::all, limit); },
          [](const Pairs& pairs) {
            Rows rows;
            for (const auto& r : pairs)
              rows.push_back(fmt::format("{}\t{}\t{}", r.actorId, r.targetId, r.events));
            return rows;
          },
          answerDir, repeats);
    }
    {  // Q6: the events between two entities, in date order.
      const auto& p = params["Q6"];
      const std::string a = p["a"], b = p["b"];
      using Events = std::vector<EventEdge>;
      queries["Q6"] = timeQuery<Events>(
          "Q6",
          [&] {
            return timeline(*store, resolveEntity(*store, a), resolveEntity(*store, b),
                            EdgeFilter{});
          },
          [](const Events& events) {
            Rows rows;
            for (const auto& e : events)
              rows.push_back(
                  fmt::format("{}\t{}\t{}\t{}", daysToIso(e.day), e.actorId, e.label, e.targetId));
            return rows;
          },
          answerDir, repeats);
    }
    nlohmann::json result = {
        {"peer", "dossier"},
        {"version", "dossier " DOSSIER_VERSION " (RocksDB store, in-process)"},
        {"load_ms", loadMs},
        {"queries", queries},
        {"notes",
         {{"load", "dossier import --format tsv into a fresh store, then a read-only open"},
          {"Q3", "bidirectional BFS on the cached CSR snapshot of the store"},
          {"Q4",
           "the time-respecting search over the links and days of the cached snapshot (loaded "
           "before timing, as for Q3)"},
          {"Q1,Q2,Q6",
           "traversals over the RocksDB adjacency indexes; a neighbourhood reads each "
           "breadth-first level's ranges on two threads"},
          {"timed region",
           "query and its complete answer as C++ structs (entity names, days, labels); the "
           "answer file's lines are formatted after the clock stops, as in the other peers"}}}};
    std::ofstream(resultFile) << result.dump(1) << '\n';
  } catch (const std::exception& e) {
    std::cerr << "bench_graph_peer: " << e.what() << '\n';
    if (tempStore) fs::remove_all(storeDir);
    return 1;
  }
  if (tempStore) fs::remove_all(storeDir);
  return 0;
}
