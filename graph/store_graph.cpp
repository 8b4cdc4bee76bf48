#include "graph/store_graph.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <thread>
#include <tuple>

namespace dossier {

namespace {
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
}

StoreGraph::vertex_descriptor StoreGraph::vertex(std::string_view entityId, int64_t state) {
  return vertexOf(internEntity(entityId), state);
}

StoreGraph::vertex_descriptor StoreGraph::vertexOf(uint32_t entity, int64_t state) {
  auto add = [&] {
    entity_.push_back(entity);
    state_.push_back(state);
    range_.emplace_back(0, 0);
    expanded_.push_back(0);
    return static_cast<uint32_t>(entity_.size() - 1);
  };
  if (state == kNoState) {
    uint32_t& v = plainVertex_[entity];
    if (v == kNone) v = add();
    return v;
  }
  const uint64_t key = static_cast<uint64_t>(entity) << 32 | static_cast<uint32_t>(state);
  auto [sv, added] = stateVertex_.try_emplace(key, 0);
  if (added) sv->second = add();
  return sv->second;
}

uint32_t StoreGraph::internEntity(std::string_view name) {
  const uint64_t h64 = std::hash<std::string_view>{}(name);
  const uint32_t h = static_cast<uint32_t>(h64 ^ (h64 >> 32));
  size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.entityPlusOne == 0) {
      const uint32_t entity = static_cast<uint32_t>(entityNames_.size());
      entityNames_.emplace_back(name);
      plainVertex_.push_back(std::numeric_limits<uint32_t>::max());
      slot = {h, entity + 1};
      if (entityNames_.size() * 2 > slots_.size()) {  // keep the table at most half full
        std::vector<Slot> old(slots_.size() * 2);
        old.swap(slots_);
        mask = slots_.size() - 1;
        for (const Slot& s : old) {
          if (s.entityPlusOne == 0) continue;
          size_t j = s.hash & mask;
          while (slots_[j].entityPlusOne != 0) j = (j + 1) & mask;
          slots_[j] = s;
        }
      }
      return entity;
    }
    if (slot.hash == h && entityNames_[slot.entityPlusOne - 1] == name)
      return slot.entityPlusOne - 1;
  }
}

std::pair<StoreGraph::out_edge_iterator, StoreGraph::out_edge_iterator> StoreGraph::outEdges(
    vertex_descriptor u) {
  if (!expanded_[u]) {
    expanded_[u] = 1;
    const uint32_t first = static_cast<uint32_t>(edges_.size());
    if (u < fetchedSlot_.size() && fetchedSlot_[u] != kNone) {
      takeFetched(u);
    } else if (!expandable_ || expandable_(u)) {
      if (direction_ != Traverse::in) scan(u, Direction::out);
      if (direction_ != Traverse::out) scan(u, Direction::in);
    }
    range_[u] = {first, static_cast<uint32_t>(edges_.size())};
  }
  return {out_edge_iterator(range_[u].first), out_edge_iterator(range_[u].second)};
}

std::pair<int32_t, int32_t> StoreGraph::daysOf(vertex_descriptor u) const {
  int32_t from = filter_.fromDay, to = filter_.toDay;
  if (expansion_.dayRange) {
    auto [a, b] = expansion_.dayRange(u);
    from = std::max(from, a);
    to = std::min(to, b);
  }
  return {from, to};
}

template <typename Visit>
void StoreGraph::readIndex(const std::string& entity, Direction dir, int32_t from, int32_t to,
                           ScanCursor& cursor, Visit&& visit) const {
  auto accepted = [&](const EdgeEntry& e) { return filter_.accepts(e) ? visit(e) : true; };
  // Out-edges filtered by classes only: the out_class index holds exactly those.
  const bool classesOnly =
      dir == Direction::out && !filter_.actions.empty() &&
      std::none_of(filter_.actions.begin(), filter_.actions.end(), EdgeFilter::isCode);
  if (classesOnly) {
    for (const auto& cls : filter_.actions)
      store_.scanOutEdgesOfClass(entity, cls, from, to, accepted, &cursor);
  } else {
    store_.scanEdges(dir, entity, from, to, accepted, &cursor);
  }
}

void StoreGraph::addEdge(vertex_descriptor u, Direction dir, std::string_view other, int32_t day,
                         std::string_view eventId, bool firstOnly) {
  int64_t next = kNoState;
  if (expansion_.nextState) {
    next = expansion_.nextState(u, day);
    if (next == kSkip) return;
  }
  GraphEdge g;
  g.from = u;
  g.to = vertex(other, next);
  if (firstOnly) {
    if (seenInScan_.size() <= g.to) seenInScan_.resize(g.to + 1, 0);
    if (seenInScan_[g.to] == scanNumber_) return;
    seenInScan_[g.to] = scanNumber_;
  }
  g.day = day;
  g.reversed = dir == Direction::in;
  std::memcpy(g.eventId.data(), eventId.data(), std::min<size_t>(16, eventId.size()));
  edges_.push_back(g);
}

void StoreGraph::scan(vertex_descriptor u, Direction dir) {
  const std::string entity = entityOf(u);  // a copy: vertex() below may grow entityNames_
  const auto [from, to] = daysOf(u);
  if (from > to) return;
  ++scanNumber_;
  const bool firstOnly = expansion_.firstEdgePerTarget && !expansion_.nextState;
  if (snapshot_ != nullptr) {
    scanSnapshot(u, dir, from, to, firstOnly);
    return;
  }
  readIndex(entity, dir, from, to, cursor_, [&](const EdgeEntry& e) {
    addEdge(u, dir, dir == Direction::out ? e.targetId : e.actorId, e.day, e.eventId, firstOnly);
    return true;
  });
}

void StoreGraph::prefetch(const std::vector<vertex_descriptor>& vertices) {
  if (snapshot_ != nullptr) return;  // arrays: nothing to gain
  std::vector<uint32_t> tasks;
  for (uint32_t v : vertices) {
    if (expanded_[v] || (v < fetchedSlot_.size() && fetchedSlot_[v] != kNone)) continue;
    tasks.push_back(v);
  }
  constexpr size_t kWorthAThread = 16;  // fewer vertices: starting a thread costs more
  if (tasks.size() < kWorthAThread) return;
  if (fetchedSlot_.size() < vertexCount()) fetchedSlot_.resize(vertexCount(), kNone);
  std::vector<Fetched> fetched(tasks.size());
  for (size_t i = 0; i < tasks.size(); ++i) {
    fetched[i].entity = entityOf(tasks[i]);
    std::tie(fetched[i].from, fetched[i].to) = daysOf(tasks[i]);
  }
  // Each thread reads every other vertex's ranges with its own iterators; only the reading
  // (index blocks, value decoding, the filter) runs here: interning stays on this thread.
  auto read = [&](size_t first) {
    ScanCursor cursor;
    for (size_t i = first; i < fetched.size(); i += 2) {
      Fetched& f = fetched[i];
      if (f.from > f.to) continue;
      for (Direction dir : {Direction::out, Direction::in}) {
        if ((dir == Direction::out ? Traverse::in : Traverse::out) == direction_) continue;
        readIndex(f.entity, dir, f.from, f.to, cursor, [&](const EdgeEntry& e) {
          const std::string_view other = dir == Direction::out ? e.targetId : e.actorId;
          FetchedEdge r;
          r.nameBegin = static_cast<uint32_t>(f.names.size());
          r.nameSize = static_cast<uint32_t>(other.size());
          r.day = e.day;
          r.reversed = dir == Direction::in;
          std::memcpy(r.eventId.data(), e.eventId.data(), std::min<size_t>(16, e.eventId.size()));
          f.names.append(other);
          f.edges.push_back(r);
          return true;
        });
      }
    }
  };
  std::exception_ptr failure;
  std::thread helper([&] {
    try {
      read(1);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  try {
    read(0);
  } catch (...) {
    helper.join();
    throw;
  }
  helper.join();
  if (failure) std::rethrow_exception(failure);
  for (size_t i = 0; i < tasks.size(); ++i) {
    fetchedSlot_[tasks[i]] = static_cast<uint32_t>(fetched_.size());
    fetched_.push_back(std::move(fetched[i]));
  }
}

void StoreGraph::takeFetched(vertex_descriptor u) {
  Fetched f = std::move(fetched_[fetchedSlot_[u]]);
  fetchedSlot_[u] = kNone;
  if (f.from > f.to) return;
  const bool firstOnly = expansion_.firstEdgePerTarget && !expansion_.nextState;
  bool reversed = false;
  ++scanNumber_;
  for (const FetchedEdge& r : f.edges) {
    if (r.reversed != reversed) {  // the in-edges follow the out-edges: a second scan
      reversed = r.reversed;
      ++scanNumber_;
    }
    addEdge(u, r.reversed ? Direction::in : Direction::out,
            std::string_view(f.names).substr(r.nameBegin, r.nameSize), r.day,
            std::string_view(r.eventId.data(), r.eventId.size()), firstOnly);
  }
}

void StoreGraph::scanSnapshot(vertex_descriptor u, Direction dir, int32_t from, int32_t to,
                              bool firstOnly) {
  if (fromSnapshot_.empty()) fromSnapshot_.assign(snapshot_->entityCount(), kNone);
  const uint32_t entity = entity_[u];
  if (toSnapshot_.size() <= entity) toSnapshot_.resize(entityNames_.size(), kNone);
  if (toSnapshot_[entity] == kNone) {
    const auto found = snapshot_->find(entityOf(u));
    if (!found) return;
    toSnapshot_[entity] = *found;
  }
  const std::optional<uint32_t> self = toSnapshot_[entity];
  const bool out = dir == Direction::out;
  const uint64_t begin = out ? snapshot_->outBegin(*self) : snapshot_->inBegin(*self);
  const uint64_t end = out ? snapshot_->outEnd(*self) : snapshot_->inEnd(*self);
  for (uint64_t i = begin; i < end; ++i) {
    const uint64_t link = out ? i : snapshot_->inLink(i);
    const auto days = snapshot_->linkDays(link);
    auto day = std::lower_bound(days.begin(), days.end(), from);
    if (day == days.end() || *day > to) continue;
    const uint32_t other = out ? snapshot_->linkTarget(link) : snapshot_->inSource(i);
    uint32_t& mapped = fromSnapshot_[other];
    if (mapped == kNone) {
      mapped = internEntity(snapshot_->name(other));
      if (toSnapshot_.size() <= mapped) toSnapshot_.resize(entityNames_.size(), kNone);
      toSnapshot_[mapped] = other;
    }
    // A link is one target: its earliest usable day is the only edge a first-edge search needs.
    for (; day != days.end() && *day <= to; ++day) {
      int64_t next = kNoState;
      if (expansion_.nextState) {
        next = expansion_.nextState(u, *day);
        if (next == kSkip) continue;
      }
      GraphEdge g;
      g.from = u;
      g.to = vertexOf(mapped, next);
      g.day = *day;
      g.reversed = !out;
      edges_.push_back(g);
      if (firstOnly) break;
    }
  }
}

}  // namespace dossier
