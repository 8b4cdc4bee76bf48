#include "graph/store_graph.h"

#include <algorithm>
#include <cstring>

namespace dossier {

StoreGraph::vertex_descriptor StoreGraph::vertex(std::string_view entityId, int64_t state) {
  auto [it, fresh] =
      entityIndex_.try_emplace(std::string(entityId), static_cast<uint32_t>(entityNames_.size()));
  if (fresh) entityNames_.emplace_back(entityId);
  const uint32_t entity = it->second;
  const uint64_t key =
      static_cast<uint64_t>(entity) << 33 |
      (state == kNoState ? uint64_t{1} << 32 : static_cast<uint64_t>(static_cast<uint32_t>(state)));
  auto [sv, added] = stateVertex_.try_emplace(key, static_cast<uint32_t>(entity_.size()));
  if (added) {
    entity_.push_back(entity);
    state_.push_back(state);
    range_.emplace_back(0, 0);
    expanded_.push_back(0);
  }
  return sv->second;
}

std::pair<StoreGraph::out_edge_iterator, StoreGraph::out_edge_iterator> StoreGraph::outEdges(
    vertex_descriptor u) {
  if (!expanded_[u]) {
    expanded_[u] = 1;
    const uint32_t first = static_cast<uint32_t>(edges_.size());
    if (!expandable_ || expandable_(u)) {
      if (direction_ != Traverse::in) scan(u, Direction::out);
      if (direction_ != Traverse::out) scan(u, Direction::in);
    }
    range_[u] = {first, static_cast<uint32_t>(edges_.size())};
  }
  return {out_edge_iterator(range_[u].first), out_edge_iterator(range_[u].second)};
}

void StoreGraph::scan(vertex_descriptor u, Direction dir) {
  const std::string entity = entityOf(u);  // a copy: vertex() below may grow entityNames_
  int32_t from = filter_.fromDay, to = filter_.toDay;
  if (expansion_.dayRange) {
    auto [a, b] = expansion_.dayRange(u);
    from = std::max(from, a);
    to = std::min(to, b);
  }
  if (from > to) return;
  auto visit = [&](const EdgeEntry& e) {
    if (!filter_.accepts(e)) return true;
    int64_t next = kNoState;
    if (expansion_.nextState) {
      next = expansion_.nextState(u, e.day);
      if (next == kSkip) return true;
    }
    GraphEdge g;
    g.from = u;
    g.to = vertex(dir == Direction::out ? e.targetId : e.actorId, next);
    g.day = e.day;
    g.reversed = dir == Direction::in;
    std::memcpy(g.eventId.data(), e.eventId.data(), std::min<size_t>(16, e.eventId.size()));
    edges_.push_back(g);
    return true;
  };
  // Out-edges filtered by classes only: the out_class index holds exactly those.
  const bool classesOnly =
      dir == Direction::out && !filter_.actions.empty() &&
      std::none_of(filter_.actions.begin(), filter_.actions.end(), EdgeFilter::isCode);
  if (classesOnly) {
    for (const auto& cls : filter_.actions)
      store_.scanOutEdgesOfClass(entity, cls, from, to, visit);
  } else {
    store_.scanEdges(dir, entity, from, to, visit);
  }
}

}  // namespace dossier
