// Traversals that ignore time order: neighbourhoods and shortest paths in the filtered graph.
// Both run BGL's breadth_first_visit over a StoreGraph, so the filter is honoured during the
// search (an edge the filter refuses is never followed), and only visited entities' index
// ranges are read. Thread safety: as the Store (read-only stores may be shared).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/edge_filter.h"
#include "graph/store.h"
#include "graph/store_graph.h"

namespace dossier {

// One event of a result, oriented as stored (actor -> target).
struct ResultEdge {
  std::string actorId, targetId, eventId;
  int32_t day = 0;
};

struct Neighbourhood {
  struct Member {
    std::string entityId;
    uint32_t hops = 0;  // fewest filtered edges from the start
  };
  std::vector<Member> members;    // without the start, nearest first
  std::vector<ResultEdge> edges;  // every filtered event between the start and members, or
                                  // between members, that the traversal followed (hops <= N)
};

// The entities within `hops` filtered edges of `startId` (excluded even when a walk returns to
// it). `withEdges` false skips collecting the connecting events.
Neighbourhood neighbourhood(const Store& store, const std::string& startId, uint32_t hops,
                            Traverse direction, const EdgeFilter& filter, bool withEdges = true);

// A path with the fewest filtered edges from `fromId` to `toId`; nullopt when there is none.
// An empty path when fromId == toId.
std::optional<std::vector<ResultEdge>> shortestPath(const Store& store, const std::string& fromId,
                                                    const std::string& toId, Traverse direction,
                                                    const EdgeFilter& filter);

// The stored orientation of a traversed edge.
ResultEdge orient(const StoreGraph& g, const GraphEdge& e);

}  // namespace dossier
