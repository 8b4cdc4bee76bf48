#include "graph/traversal.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/property_map/vector_property_map.hpp>

#include <algorithm>
#include <deque>

namespace dossier {
namespace {

struct TargetFound {};

using ColorMap = boost::vector_property_map<boost::default_color_type>;

// Records the depth of each discovered vertex and the tree edge that reached it.
class DepthRecorder : public boost::default_bfs_visitor {
 public:
  DepthRecorder(std::vector<uint32_t>& depth, std::vector<uint32_t>& via, uint32_t stopAt)
      : depth_(depth), via_(via), stopAt_(stopAt) {}
  void tree_edge(uint32_t e, const StoreGraph& g) {
    const GraphEdge& edge = g.edge(e);
    if (depth_.size() <= edge.to) {
      depth_.resize(edge.to + 1, 0);
      via_.resize(edge.to + 1, kNone);
    }
    depth_[edge.to] = depth_[edge.from] + 1;
    via_[edge.to] = e;
    if (edge.to == stopAt_) throw TargetFound{};
    if (prefetchInto_ != nullptr && depth_[edge.to] < prefetchBelow_) {
      if (levels_.size() <= depth_[edge.to]) levels_.resize(depth_[edge.to] + 1);
      levels_[depth_[edge.to]].push_back(edge.to);
    }
  }
  // A level is wholly discovered when its first vertex is examined: its vertices' edges are
  // then read ahead together (StoreGraph::prefetch), when they will be expanded.
  void examine_vertex(uint32_t v, const StoreGraph&) {
    if (prefetchInto_ == nullptr || v >= depth_.size() || depth_[v] == level_) return;
    level_ = depth_[v];
    if (level_ < levels_.size()) prefetchInto_->prefetch(levels_[level_]);
  }
  // Prefetches each level of vertices at depths below `depth` into `g`.
  void prefetchLevels(StoreGraph& g, uint32_t depth) {
    prefetchInto_ = &g;
    prefetchBelow_ = depth;
  }
  static constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

 private:
  std::vector<uint32_t>& depth_;
  std::vector<uint32_t>& via_;
  uint32_t stopAt_;
  StoreGraph* prefetchInto_ = nullptr;
  uint32_t prefetchBelow_ = 0, level_ = 0;
  std::vector<std::vector<uint32_t>> levels_;  // by depth: the vertices discovered there
};

}  // namespace

ResultEdge orient(const StoreGraph& g, const GraphEdge& e) {
  const std::string& from = g.entityOf(e.from);
  const std::string& to = g.entityOf(e.to);
  return e.reversed ? ResultEdge{to, from, e.event(), e.day}
                    : ResultEdge{from, to, e.event(), e.day};
}

Neighbourhood neighbourhood(const Store& store, const std::string& startId, uint32_t hops,
                            Traverse direction, const EdgeFilter& filter, bool withEdges) {
  StoreGraph g(store, filter, direction);
  const uint32_t start = g.vertex(startId);
  std::vector<uint32_t> depth(1, 0), via(1, DepthRecorder::kNone);
  g.setExpandable([&](uint32_t v) { return v < depth.size() && depth[v] < hops; });
  if (!withEdges) {
    StoreGraph::Expansion firstOnly;
    firstOnly.firstEdgePerTarget = true;  // membership needs one edge per target
    g.setExpansion(std::move(firstOnly));
  }
  ColorMap color;
  boost::queue<uint32_t, std::deque<uint32_t>> queue;
  DepthRecorder recorder(depth, via, boost::graph_traits<StoreGraph>::null_vertex());
  recorder.prefetchLevels(g, hops);
  boost::breadth_first_visit(g, start, queue, recorder, color);

  Neighbourhood result;
  for (uint32_t v = 0; v < g.vertexCount(); ++v) {
    if (v == start || v >= depth.size() || depth[v] == 0) continue;
    result.members.push_back({g.entityOf(v), depth[v]});
  }
  std::stable_sort(result.members.begin(), result.members.end(),
                   [](const auto& a, const auto& b) { return a.hops < b.hops; });
  if (withEdges) {
    for (const GraphEdge& e : g.edges()) result.edges.push_back(orient(g, e));
  }
  return result;
}

std::optional<std::vector<ResultEdge>> shortestPath(const Store& store, const std::string& fromId,
                                                    const std::string& toId, Traverse direction,
                                                    const EdgeFilter& filter) {
  if (fromId == toId) return std::vector<ResultEdge>{};
  StoreGraph g(store, filter, direction);
  const uint32_t from = g.vertex(fromId);
  const uint32_t to = g.vertex(toId);
  std::vector<uint32_t> depth(2, 0), via(2, DepthRecorder::kNone);
  ColorMap color;
  boost::queue<uint32_t, std::deque<uint32_t>> queue;
  DepthRecorder recorder(depth, via, to);
  try {
    boost::breadth_first_visit(g, from, queue, recorder, color);
    return std::nullopt;
  } catch (const TargetFound&) {
  }
  std::vector<ResultEdge> path;
  for (uint32_t v = to; v != from; v = g.edge(via[v]).from)
    path.push_back(orient(g, g.edge(via[v])));
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace dossier
