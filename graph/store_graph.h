// A Boost.Graph view of the store: the IncidenceGraph concept over the RocksDB adjacency
// indexes, so that BGL algorithms (breadth_first_visit, dijkstra_shortest_paths_no_init) run on
// the stored graph directly. Nothing is loaded up front: out_edges(u) scans u's index range,
// restricted by the EdgeFilter, the first time u is expanded; vertices are interned as they are
// met. Memory grows with what a traversal touches, never with the store.
//
// A vertex is a state: an entity, optionally paired with a number (the arrival day or the hop
// count of a time-respecting search, see StateKey). Edges are numbered in the order they were
// read; the numbers index edges(), which keeps what results need (ends, day, event id).
//
// Not thread-safe: one StoreGraph per traversal. The Store must outlive it.
#pragma once

#include <boost/graph/graph_traits.hpp>
#include <boost/iterator/counting_iterator.hpp>
#include <boost/property_map/property_map.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "graph/edge_filter.h"
#include "graph/snapshot.h"
#include "graph/store.h"

namespace dossier {

// Which way edges are followed: along the events (actor -> target), against them, or both.
enum class Traverse { out, in, both };

// An edge read from the index, as traversed: `from` is the vertex that was expanded.
struct GraphEdge {
  uint32_t from = 0, to = 0;  // vertices
  int32_t day = 0;
  bool reversed = false;  // followed against the event's direction
  std::array<char, 16> eventId{};

  std::string event() const { return std::string(eventId.data(), eventId.size()); }
};

// The extra half of a vertex. kNone: the vertex is just the entity.
inline constexpr int64_t kNoState = std::numeric_limits<int64_t>::min();

class StoreGraph {
 public:
  using vertex_descriptor = uint32_t;
  using edge_descriptor = uint32_t;
  using out_edge_iterator = boost::counting_iterator<uint32_t>;
  using directed_category = boost::directed_tag;
  using edge_parallel_category = boost::allow_parallel_edge_tag;
  struct traversal_category : boost::incidence_graph_tag {};
  using degree_size_type = uint32_t;
  using vertices_size_type = uint32_t;
  using edges_size_type = uint32_t;
  using vertex_iterator = void;
  using edge_iterator = void;
  using adjacency_iterator = void;
  using in_edge_iterator = void;

  // How a search expands a vertex: which days of its index range to read (so that a
  // time-respecting search seeks straight to the vertex's arrival day), and which state the
  // target of each edge gets: kNoState for plain entity vertices, a number for (entity, number)
  // states, or kSkip to drop the edge.
  static constexpr int64_t kSkip = std::numeric_limits<int64_t>::max();
  struct Expansion {
    // Days to read around vertex `v` (inclusive), intersected with the filter's range.
    std::function<std::pair<int32_t, int32_t>(uint32_t v)> dayRange;
    std::function<int64_t(uint32_t fromVertex, int32_t day)> nextState;
    // Keep only the first (earliest) edge to each target per expansion: for searches where a
    // later parallel edge can never do better (plain BFS membership, plain earliest arrival).
    bool firstEdgePerTarget = false;
  };

  StoreGraph(const Store& store, EdgeFilter filter, Traverse direction)
      : store_(store), filter_(std::move(filter)), direction_(direction) {}

  void setExpansion(Expansion e) { expansion_ = std::move(e); }
  // Reads edges from `snapshot` (which must outlive the graph and match the store) instead of
  // the store's indexes: a search over most of the graph then reads arrays, not index blocks.
  // Only for filters on dates alone (the snapshot keeps no classes, labels or mention counts),
  // and only for searches that report days and ends but no events: edges read from a snapshot
  // carry no event id. Call before the first expansion.
  void useSnapshot(const GraphSnapshot* snapshot) { snapshot_ = snapshot; }
  static bool snapshotCanServe(const EdgeFilter& f) {
    return f.actions.empty() && f.labelPrefix.empty() && f.minMentions == 0;
  }

  // Reads ahead the edges of vertices the search will expand next (a breadth-first level), on
  // two threads: their later outEdges() take the edges from there, in the same order as
  // reading them then would. Only for vertices the expandable function accepts (it is not
  // asked again for them), and not with a nextState that depends on other vertices' state.
  // Does nothing for a few vertices, where a thread costs more than it saves.
  void prefetch(const std::vector<vertex_descriptor>& vertices);

  // Vertices for which this returns false are not expanded (depth limits).
  void setExpandable(std::function<bool(vertex_descriptor)> f) { expandable_ = std::move(f); }

  // The vertex of an entity (in state `state`), interned on first use.
  vertex_descriptor vertex(std::string_view entityId, int64_t state = kNoState);
  const std::string& entityOf(vertex_descriptor v) const { return entityNames_[entity_[v]]; }
  uint32_t entityIndex(vertex_descriptor v) const { return entity_[v]; }
  int64_t stateOf(vertex_descriptor v) const { return state_[v]; }
  uint32_t vertexCount() const { return static_cast<uint32_t>(entity_.size()); }
  uint32_t entityCount() const { return static_cast<uint32_t>(entityNames_.size()); }
  const std::string& entityName(uint32_t entityIndex) const { return entityNames_[entityIndex]; }

  // Reads u's edges on first call; later calls return the same range.
  std::pair<out_edge_iterator, out_edge_iterator> outEdges(vertex_descriptor u);
  const GraphEdge& edge(edge_descriptor e) const { return edges_[e]; }
  const std::vector<GraphEdge>& edges() const { return edges_; }
  const EdgeFilter& filter() const { return filter_; }

 private:
  void scan(vertex_descriptor u, Direction dir);
  std::pair<int32_t, int32_t> daysOf(vertex_descriptor u) const;
  template <typename Visit>
  void readIndex(const std::string& entity, Direction dir, int32_t from, int32_t to,
                 ScanCursor& cursor, Visit&& visit) const;
  void addEdge(vertex_descriptor u, Direction dir, std::string_view other, int32_t day,
               std::string_view eventId, bool firstOnly);
  void takeFetched(vertex_descriptor u);
  void scanSnapshot(vertex_descriptor u, Direction dir, int32_t from, int32_t to, bool firstOnly);
  vertex_descriptor vertexOf(uint32_t entity, int64_t state);

  const Store& store_;
  EdgeFilter filter_;
  Traverse direction_;
  Expansion expansion_;
  std::function<bool(vertex_descriptor)> expandable_;
  // Entity names interned in an open-addressing table (hash, index + 1): every edge a traversal
  // reads looks its target up here, so the lookup is kept to one cache line in most cases.
  uint32_t internEntity(std::string_view name);
  struct Slot {
    uint32_t hash = 0;
    uint32_t entityPlusOne = 0;  // 0: empty
  };
  ScanCursor cursor_;
  std::vector<std::string> entityNames_;
  std::vector<Slot> slots_ = std::vector<Slot>(1024);
  std::vector<uint32_t> plainVertex_;  // by entity: its kNoState vertex, or kNone
  std::vector<uint32_t> seenInScan_;   // by vertex: the scan that last reached it
  uint32_t scanNumber_ = 0;
  std::vector<uint32_t> entity_;                        // by vertex
  std::vector<int64_t> state_;                          // by vertex
  std::unordered_map<uint64_t, uint32_t> stateVertex_;  // (entity, state) -> vertex
  std::vector<std::pair<uint32_t, uint32_t>> range_;    // by vertex: edges [first, second)
  std::vector<char> expanded_;                          // by vertex
  std::vector<GraphEdge> edges_;
  // Edges read ahead by prefetch(): the other ends' ids in `names`, out-edges before in-edges.
  struct FetchedEdge {
    uint32_t nameBegin = 0, nameSize = 0;
    int32_t day = 0;
    bool reversed = false;
    std::array<char, 16> eventId{};
  };
  struct Fetched {
    std::string entity;
    int32_t from = 0, to = 0;
    std::string names;
    std::vector<FetchedEdge> edges;
  };
  std::vector<Fetched> fetched_;
  std::vector<uint32_t> fetchedSlot_;  // by vertex: its index in fetched_, or kNone
  const GraphSnapshot* snapshot_ = nullptr;
  std::vector<uint32_t> fromSnapshot_;  // by snapshot entity: its entity here, or kNone
  std::vector<uint32_t> toSnapshot_;    // by entity: its snapshot entity, or kNone
};

// BGL free functions (found by argument-dependent lookup).
inline std::pair<StoreGraph::out_edge_iterator, StoreGraph::out_edge_iterator> out_edges(
    StoreGraph::vertex_descriptor u, StoreGraph& g) {
  return g.outEdges(u);
}
inline std::pair<StoreGraph::out_edge_iterator, StoreGraph::out_edge_iterator> out_edges(
    StoreGraph::vertex_descriptor u, const StoreGraph& g) {
  return const_cast<StoreGraph&>(g).outEdges(u);  // expansion is a cache: logically const
}
inline uint32_t out_degree(StoreGraph::vertex_descriptor u, const StoreGraph& g) {
  auto [b, e] = out_edges(u, g);
  return static_cast<uint32_t>(e - b);
}
inline uint32_t source(StoreGraph::edge_descriptor e, const StoreGraph& g) {
  return g.edge(e).from;
}
inline uint32_t target(StoreGraph::edge_descriptor e, const StoreGraph& g) {
  return g.edge(e).to;
}

// The day of an edge, as a readable property map (the weight of time-respecting searches).
struct EdgeDayMap {
  const StoreGraph* graph;
  using key_type = uint32_t;
  using value_type = int32_t;
  using reference = int32_t;
  using category = boost::readable_property_map_tag;
};
inline int32_t get(const EdgeDayMap& m, uint32_t e) {
  return m.graph->edge(e).day;
}

}  // namespace dossier

namespace boost {
template <>
struct graph_traits<dossier::StoreGraph> {
  using G = dossier::StoreGraph;
  using vertex_descriptor = G::vertex_descriptor;
  using edge_descriptor = G::edge_descriptor;
  using out_edge_iterator = G::out_edge_iterator;
  using directed_category = G::directed_category;
  using edge_parallel_category = G::edge_parallel_category;
  using traversal_category = G::traversal_category;
  using degree_size_type = G::degree_size_type;
  using vertices_size_type = G::vertices_size_type;
  using edges_size_type = G::edges_size_type;
  static vertex_descriptor null_vertex() { return std::numeric_limits<uint32_t>::max(); }
};
}  // namespace boost
