#include "graph/temporal.h"

#include <boost/graph/dijkstra_shortest_paths_no_color_map.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace dossier {
namespace {

constexpr int64_t kInf = std::numeric_limits<int64_t>::max();

// A distance is (t << 1) | moved: t is the arrival day (negated when searching backwards in
// time), moved is 0 only at the start, where no event has been taken yet (so neither strictness
// nor the maximum gap applies to the first event).
int64_t distanceOf(int64_t t, bool moved) {
  return t * 2 + (moved ? 1 : 0);
}
int64_t timeOf(int64_t distance) {
  return distance >> 1;  // arithmetic shift: floor division, also for negative days
}
bool movedOf(int64_t distance) {
  return (distance & 1) != 0;
}

// The weight of an edge is its day, in the search's time direction.
struct EdgeTime {
  int64_t day;
};

struct TimeWeightMap {
  const StoreGraph* graph;
  bool backwards;
  using key_type = uint32_t;
  using value_type = EdgeTime;
  using reference = EdgeTime;
  using category = boost::readable_property_map_tag;
};
EdgeTime get(const TimeWeightMap& m, uint32_t e) {
  const int64_t d = m.graph->edge(e).day;
  return {m.backwards ? -d : d};
}

struct TimeCompare {
  bool operator()(int64_t a, int64_t b) const { return a < b; }
  // Dijkstra's negative-weight check: a day is never a negative weight here.
  bool operator()(EdgeTime, int64_t) const { return false; }
};

// The heart of every mode: the arrival after taking an edge, or infinity when its day breaks
// the ordering rules.
struct TimeCombine {
  bool strict;
  int32_t maxGap;
  int64_t operator()(int64_t distance, EdgeTime w) const {
    if (distance == kInf) return kInf;
    const int64_t t = timeOf(distance);
    if (!movedOf(distance)) return w.day < t ? kInf : distanceOf(w.day, true);
    if (strict ? w.day <= t : w.day < t) return kInf;
    if (maxGap >= 0 && w.day - t > maxGap) return kInf;
    return distanceOf(w.day, true);
  }
};

// Distances by vertex, growing as the graph does; unknown vertices are at infinity.
struct DistanceMap {
  std::vector<int64_t>* values;
  using key_type = uint32_t;
  using value_type = int64_t;
  using reference = int64_t;
  using category = boost::read_write_property_map_tag;
};
int64_t get(const DistanceMap& m, uint32_t v) {
  return v < m.values->size() ? (*m.values)[v] : kInf;
}
void put(const DistanceMap& m, uint32_t v, int64_t d) {
  if (v >= m.values->size()) m.values->resize(v + 1, kInf);
  (*m.values)[v] = d;
}

struct Stop {};
constexpr uint32_t kNoEdge = std::numeric_limits<uint32_t>::max();

// Records the edge that last improved each vertex, and stops when `stop` says so.
class JourneyVisitor : public boost::default_dijkstra_visitor {
 public:
  JourneyVisitor(std::vector<uint32_t>& via, const std::function<bool(uint32_t)>& stop)
      : via_(via), stop_(stop) {}
  void edge_relaxed(uint32_t e, const StoreGraph& g) {
    const uint32_t v = g.edge(e).to;
    if (v >= via_.size()) via_.resize(v + 1, kNoEdge);
    via_[v] = e;
  }
  void examine_vertex(uint32_t v, const StoreGraph&) {
    if (stop_ && stop_(v)) throw Stop{};
  }

 private:
  std::vector<uint32_t>& via_;
  const std::function<bool(uint32_t)>& stop_;
};

enum class States { plain, arrivalDay, hops };

struct Search {
  StoreGraph graph;
  std::vector<int64_t> distance;
  std::vector<uint32_t> via;
  uint32_t start = 0;

  Search(const Store& store, const EdgeFilter& filter, Traverse direction)
      : graph(store, filter, direction) {}

  // Runs from `fromId` at `startTime` (in the search's time direction) until `stop` returns
  // true for a vertex about to be expanded, or everything reachable was reached.
  void run(const std::string& fromId, int64_t startTime, bool backwards, States states,
           const TemporalOptions& o, const std::function<bool(uint32_t)>& stop) {
    start = graph.vertex(fromId, states == States::hops ? 0 : kNoState);
    DistanceMap dist{&distance};
    put(dist, start, distanceOf(startTime, false));
    StoreGraph::Expansion expansion;
    // Read only the days an edge from `v` may have: from its arrival on (up to the gap).
    expansion.dayRange = [this, backwards, o](uint32_t v) {
      const int64_t d = get(DistanceMap{&distance}, v);
      int64_t lo = timeOf(d), hi = kInf / 4;
      if (movedOf(d)) {
        if (o.strict) ++lo;
        if (o.maxGap >= 0) hi = timeOf(d) + o.maxGap;
      }
      auto clamp = [](int64_t x) {
        return static_cast<int32_t>(std::clamp<int64_t>(x, std::numeric_limits<int32_t>::min(),
                                                        std::numeric_limits<int32_t>::max()));
      };
      return backwards ? std::pair{clamp(-hi), clamp(-lo)} : std::pair{clamp(lo), clamp(hi)};
    };
    // Edges are read in day order: in a plain search the first edge to a target is its best.
    expansion.firstEdgePerTarget = states == States::plain && !backwards;
    if (states == States::arrivalDay) {
      expansion.nextState = [](uint32_t, int32_t day) { return int64_t{day}; };
    } else if (states == States::hops) {
      expansion.nextState = [this, o](uint32_t from, int32_t) {
        const int64_t h = graph.stateOf(from) + 1;
        return h > static_cast<int64_t>(o.maxHops) ? StoreGraph::kSkip : h;
      };
    }
    graph.setExpansion(std::move(expansion));
    JourneyVisitor visitor(via, stop);
    try {
      boost::dijkstra_shortest_paths_no_color_map_no_init(
          graph, start, boost::dummy_property_map(), dist, TimeWeightMap{&graph, backwards},
          boost::identity_property_map(), TimeCompare{}, TimeCombine{o.strict, o.maxGap}, kInf,
          distanceOf(startTime, false), visitor);
    } catch (const Stop&) {
    }
  }

  bool reached(uint32_t v) const { return v < distance.size() && distance[v] != kInf; }

  // The journey that reached `v`, from the start, in the order its events happened.
  std::vector<ResultEdge> journeyTo(uint32_t v, bool backwards) const {
    std::vector<ResultEdge> path;
    while (v != start && v < via.size() && via[v] != kNoEdge) {
      const GraphEdge& e = graph.edge(via[v]);
      path.push_back(orient(graph, e));
      v = e.from;
    }
    if (!backwards) std::reverse(path.begin(), path.end());
    return path;
  }
};

std::optional<std::vector<ResultEdge>> earliestTo(const Store& store, const std::string& fromId,
                                                  const std::string& toId, const TemporalOptions& o,
                                                  const EdgeFilter& filter, int64_t startDay) {
  const States states = o.maxGap >= 0 ? States::arrivalDay : States::plain;
  Search s(store, filter, o.direction);
  std::optional<uint32_t> found;
  std::function<bool(uint32_t)> stop = [&](uint32_t v) {
    if (s.graph.entityOf(v) != toId || v == s.start) return false;
    found = v;
    return true;
  };
  s.run(fromId, startDay, false, states, o, stop);
  if (!found) return std::nullopt;
  return s.journeyTo(*found, false);
}

}  // namespace

std::optional<std::vector<ResultEdge>> temporalPath(const Store& store, const std::string& fromId,
                                                    const std::string& toId, TemporalMode mode,
                                                    const TemporalOptions& o,
                                                    const EdgeFilter& filter) {
  if (fromId == toId) return std::vector<ResultEdge>{};
  const int64_t startDay = std::max<int64_t>(o.startDay, filter.fromDay);
  switch (mode) {
    case TemporalMode::earliestArrival:
      return earliestTo(store, fromId, toId, o, filter, startDay);

    case TemporalMode::latestDeparture: {
      // Backwards from the target over edges against their direction, days negated: the
      // earliest "arrival" at the source in negated time is its latest departure.
      TemporalOptions back = o;
      back.direction = o.direction == Traverse::out  ? Traverse::in
                       : o.direction == Traverse::in ? Traverse::out
                                                     : Traverse::both;
      const States states = o.maxGap >= 0 ? States::arrivalDay : States::plain;
      EdgeFilter f = filter;
      f.fromDay = static_cast<int32_t>(startDay);
      Search s(store, f, back.direction);
      std::optional<uint32_t> found;
      std::function<bool(uint32_t)> stop = [&](uint32_t v) {
        if (s.graph.entityOf(v) != fromId || v == s.start) return false;
        found = v;
        return true;
      };
      s.run(toId, -static_cast<int64_t>(filter.toDay), true, states, back, stop);
      if (!found) return std::nullopt;
      return s.journeyTo(*found, true);
    }

    case TemporalMode::fastest: {
      // The fastest journey leaves on one of the source's departure days: from each, the
      // earliest arrival; the shortest duration wins (ties: the earliest departure).
      std::set<int32_t> departures;
      auto collect = [&](const EdgeEntry& e) {
        if (filter.accepts(e)) departures.insert(e.day);
        return true;
      };
      const int32_t from = static_cast<int32_t>(startDay);
      if (o.direction != Traverse::in)
        store.scanEdges(Direction::out, fromId, from, filter.toDay, collect);
      if (o.direction != Traverse::out)
        store.scanEdges(Direction::in, fromId, from, filter.toDay, collect);
      std::optional<std::vector<ResultEdge>> best;
      int64_t bestDuration = kInf;
      for (int32_t t : departures) {
        auto journey = earliestTo(store, fromId, toId, o, filter, t);
        if (!journey) break;  // nothing later can arrive either
        const int64_t duration = int64_t{journey->back().day} - journey->front().day;
        if (duration < bestDuration) {
          bestDuration = duration;
          best = std::move(journey);
        }
      }
      return best;
    }

    case TemporalMode::minHop: {
      if (o.maxGap >= 0)
        throw std::invalid_argument("--mode min-hop does not combine with --max-gap");
      Search s(store, filter, o.direction);
      // A state (entity, h) popped after (entity, h' <= h) arrived no earlier with no fewer
      // hops: it is dominated and not expanded.
      std::unordered_map<uint32_t, int64_t> fewestHops;
      s.graph.setExpandable([&](uint32_t v) {
        const uint32_t entity = s.graph.entityIndex(v);
        auto [it, fresh] = fewestHops.try_emplace(entity, s.graph.stateOf(v));
        if (!fresh && it->second <= s.graph.stateOf(v)) return false;
        it->second = s.graph.stateOf(v);
        return true;
      });
      s.run(fromId, startDay, false, States::hops, o, {});
      std::optional<uint32_t> best;
      for (uint32_t v = 0; v < s.graph.vertexCount(); ++v) {
        if (v == s.start || s.graph.entityOf(v) != toId || !s.reached(v)) continue;
        if (!best || s.graph.stateOf(v) < s.graph.stateOf(*best) ||
            (s.graph.stateOf(v) == s.graph.stateOf(*best) && s.distance[v] < s.distance[*best]))
          best = v;
      }
      if (!best) return std::nullopt;
      return s.journeyTo(*best, false);
    }
  }
  return std::nullopt;
}

std::vector<Arrival> earliestArrivals(const Store& store, const std::string& fromId,
                                      const TemporalOptions& o, const EdgeFilter& filter,
                                      const GraphSnapshot* snapshot) {
  const States states = o.maxGap >= 0 ? States::arrivalDay : States::plain;
  Search s(store, filter, o.direction);
  if (snapshot != nullptr && snapshot->changeCounter() == store.changeCounter() &&
      StoreGraph::snapshotCanServe(filter))
    s.graph.useSnapshot(snapshot);
  s.run(fromId, std::max<int64_t>(o.startDay, filter.fromDay), false, states, o, {});
  std::vector<int64_t> best(s.graph.entityCount(), kInf);
  for (uint32_t v = 0; v < s.graph.vertexCount(); ++v) {
    if (!s.reached(v) || !movedOf(s.distance[v])) continue;
    auto& b = best[s.graph.entityIndex(v)];
    b = std::min(b, timeOf(s.distance[v]));
  }
  const uint32_t startEntity = s.graph.entityIndex(s.start);
  std::vector<Arrival> out;
  for (uint32_t e = 0; e < best.size(); ++e) {
    if (e == startEntity || best[e] == kInf) continue;
    out.push_back({s.graph.entityName(e), static_cast<int32_t>(best[e])});
  }
  return out;
}

}  // namespace dossier
