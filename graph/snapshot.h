// A compressed snapshot of the whole graph, for whole-graph algorithms (rankings, all-pairs
// style shortest paths, reachability in time from one entity to all others): entities numbered
// 0..n-1, the distinct directed links between them in both directions (CSR arrays), the number
// of events behind each link and the distinct days of those events, in order.
//
// load() reuses the snapshot cached beside the store (DIR/graph.snapshot) when it was built at
// the store's current change counter, and otherwise rebuilds it with one scan of the out index
// and rewrites the cache (atomically; a store on a read-only file system just is not cached).
// Neighbourhood, path and timeline queries never use it: they read the store's indexes (the
// one exception is earliestArrivals() over the whole graph, see temporal.h).
// A loaded snapshot is immutable: its const methods may be called from several threads.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/edge_filter.h"
#include "graph/store.h"

namespace dossier {

class GraphSnapshot {
 public:
  static GraphSnapshot load(const Store& store);
  // A snapshot of the filtered graph, built by scanning the whole out index (not cached).
  static GraphSnapshot build(const Store& store, const EdgeFilter& filter);

  uint32_t entityCount() const { return static_cast<uint32_t>(names_.size()); }
  uint64_t linkCount() const { return outTargets_.size(); }
  uint64_t eventCount() const { return events_; }
  const std::string& name(uint32_t entity) const { return names_[entity]; }
  std::optional<uint32_t> find(const std::string& entityId) const;
  uint64_t changeCounter() const { return counter_; }

  // Out-links of `u` are the indexes [outBegin(u), outEnd(u)); in-links of `v` the indexes
  // [inBegin(v), inEnd(v)), each naming an out-link through inLink().
  uint64_t outBegin(uint32_t u) const { return outOffsets_[u]; }
  uint64_t outEnd(uint32_t u) const { return outOffsets_[u + 1]; }
  uint32_t linkTarget(uint64_t link) const { return outTargets_[link]; }
  uint64_t inBegin(uint32_t v) const { return inOffsets_[v]; }
  uint64_t inEnd(uint32_t v) const { return inOffsets_[v + 1]; }
  uint32_t inSource(uint64_t in) const { return inSources_[in]; }
  uint64_t inLink(uint64_t in) const { return inLinks_[in]; }
  // The distinct days of the events behind an out-link, ascending.
  std::span<const int32_t> linkDays(uint64_t link) const {
    return {linkDays_.data() + dayOffsets_[link], linkDays_.data() + dayOffsets_[link + 1]};
  }

  // Fewest links from `from` to `to` (bidirectional breadth-first search); -1 when none.
  // Not thread-safe for one snapshot (it reuses scratch arrays): one caller at a time.
  int32_t hops(uint32_t from, uint32_t to) const;

  // Events an entity took part in, as actor plus as target.
  std::vector<uint64_t> degrees() const;
  // Boost.Graph page_rank over the links (damping 0.85, 20 iterations).
  std::vector<double> pageRank() const;
  // Boost.Graph brandes_betweenness_centrality over the links: exact, O(entities x links).
  std::vector<double> betweenness() const;

 private:
  void index();
  bool read(const std::string& path, uint64_t counter);
  void write(const std::string& path) const;
  static GraphSnapshot fromEdges(const Store& store, const EdgeFilter* filter);

  uint64_t counter_ = 0, events_ = 0;
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t> byName_;
  // Links sorted by source: outOffsets_[u]..outOffsets_[u+1] index outTargets_/linkEvents_.
  std::vector<uint64_t> outOffsets_;
  std::vector<uint32_t> outTargets_, linkEvents_;
  std::vector<uint64_t> inOffsets_;
  std::vector<uint32_t> inSources_;
  std::vector<uint64_t> inLinks_;  // by in-link: its out-link
  // By out-link: linkDays_[dayOffsets_[i]..dayOffsets_[i+1]) are its days.
  std::vector<uint64_t> dayOffsets_;
  std::vector<int32_t> linkDays_;
  // Scratch of hops(): visit marks by generation.
  mutable std::vector<uint32_t> markF_, markB_, distF_, distB_;
  mutable uint32_t generation_ = 0;
};

}  // namespace dossier
