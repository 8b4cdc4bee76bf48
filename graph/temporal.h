// Time-respecting paths (Wu et al., "Path Problems in Temporal Graphs", PVLDB 2014): journeys
// whose events follow one another in time, each no earlier than the previous one (with
// `strict`: later), and, with a maximum gap, no more than that many days after it.
//
// All modes run one search: BGL's dijkstra_shortest_paths_no_color_map_no_init over a
// StoreGraph, with arrival days as distances and a `combine` that accepts an edge only when its
// day respects the ordering (see temporal.cpp). The modes differ only in what they minimise:
//   earliest-arrival  the arrival day at the target
//   latest-departure  the departure day from the source, maximised (the same search backwards
//                     in time from the target, over in-edges, with days negated)
//   fastest           arrival minus departure (the earliest-arrival search from each departure
//                     day of the source)
//   min-hop           the number of events (search states are (entity, hops))
// With a maximum gap, arriving earlier is no longer always better, so states become (entity,
// arrival day) and the search is exact at the cost of more states.
// Thread safety: as the Store.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "graph/edge_filter.h"
#include "graph/snapshot.h"
#include "graph/store.h"
#include "graph/store_graph.h"
#include "graph/traversal.h"

namespace dossier {

enum class TemporalMode { earliestArrival, latestDeparture, fastest, minHop };

struct TemporalOptions {
  bool strict = false;  // each event later than the previous one, not merely no earlier
  int32_t maxGap = -1;  // days allowed between consecutive events; -1: any
  // The journey starts at this day: its first event is on it or later. Default: any day.
  int32_t startDay = std::numeric_limits<int32_t>::min();
  uint32_t maxHops = 64;  // min-hop: longest journey searched
  Traverse direction = Traverse::out;
};

// A journey from `fromId` to `toId` optimal for `mode`; nullopt when there is none. Throws
// std::invalid_argument for min-hop with a maximum gap (not supported).
std::optional<std::vector<ResultEdge>> temporalPath(const Store& store, const std::string& fromId,
                                                    const std::string& toId, TemporalMode mode,
                                                    const TemporalOptions& options,
                                                    const EdgeFilter& filter);

struct Arrival {
  std::string entityId;
  int32_t day = 0;
};

// The earliest arrival day at every entity some journey from `fromId` reaches (the start
// excluded), in no particular order. Such a search usually reaches most of the graph: given a
// `snapshot` of the store (GraphSnapshot::load) it reads the snapshot's links and days instead
// of the indexes, when the filter is on dates alone and the snapshot is current (same change
// counter); otherwise, or with no snapshot, it reads the store. Both give the same answer.
std::vector<Arrival> earliestArrivals(const Store& store, const std::string& fromId,
                                      const TemporalOptions& options, const EdgeFilter& filter,
                                      const GraphSnapshot* snapshot = nullptr);

}  // namespace dossier
