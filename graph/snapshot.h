// A compressed snapshot of the whole graph, for whole-graph algorithms (rankings, all-pairs
// style shortest paths, reachability in time from one entity to all others): entities numbered
// 0..n-1, the distinct directed links between them in both directions (CSR arrays), the number
// of events behind each link and the distinct days of those events, in order.
//
// load() maps the snapshot cached beside the store (DIR/graph.snapshot) when it was built at
// the store's current change counter: its arrays are used in place, so opening costs no copy
// and the process's memory holds only the pages an algorithm touches. Otherwise it rebuilds the
// snapshot with one scan of the out index (holding one actor's events at a time) and rewrites
// the cache (atomically; a store on a read-only file system just is not cached, and the
// snapshot stays in memory). A cache file that is truncated or not a snapshot is rebuilt.
// Neighbourhood, path and timeline queries never use it: they read the store's indexes (the
// one exception is earliestArrivals() over the whole graph, see temporal.h).
// A snapshot is immutable: its const methods may be called from several threads, except
// hops(). Copies share the arrays.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/edge_filter.h"
#include "graph/store.h"

namespace dossier {

class GraphSnapshot {
 public:
  static GraphSnapshot load(const Store& store);
  // A snapshot of the filtered graph, built by scanning the whole out index (not cached).
  static GraphSnapshot build(const Store& store, const EdgeFilter& filter);

  uint32_t entityCount() const { return static_cast<uint32_t>(a_.outOffsets.size() - 1); }
  uint64_t linkCount() const { return a_.outTargets.size(); }
  uint64_t eventCount() const { return events_; }
  std::string_view name(uint32_t entity) const {
    return {a_.nameBytes.data() + a_.nameOffsets[entity],
            a_.nameOffsets[entity + 1] - a_.nameOffsets[entity]};
  }
  // The entity with this id (binary search over the names in order).
  std::optional<uint32_t> find(std::string_view entityId) const;
  uint64_t changeCounter() const { return counter_; }
  // True when the arrays are mapped from the cache file rather than held in memory.
  bool mapped() const { return mapped_; }

  // Out-links of `u` are the indexes [outBegin(u), outEnd(u)); in-links of `v` the indexes
  // [inBegin(v), inEnd(v)), each naming an out-link through inLink().
  uint64_t outBegin(uint32_t u) const { return a_.outOffsets[u]; }
  uint64_t outEnd(uint32_t u) const { return a_.outOffsets[u + 1]; }
  uint32_t linkTarget(uint64_t link) const { return a_.outTargets[link]; }
  uint64_t inBegin(uint32_t v) const { return a_.inOffsets[v]; }
  uint64_t inEnd(uint32_t v) const { return a_.inOffsets[v + 1]; }
  uint32_t inSource(uint64_t in) const { return a_.inSources[in]; }
  uint64_t inLink(uint64_t in) const { return a_.inLinks[in]; }
  // The distinct days of the events behind an out-link, ascending.
  std::span<const int32_t> linkDays(uint64_t link) const {
    return a_.linkDays.subspan(a_.dayOffsets[link], a_.dayOffsets[link + 1] - a_.dayOffsets[link]);
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
  // The arrays, in the order the cache file holds them (see snapshot.cpp).
  struct Arrays {
    std::span<const uint64_t> nameOffsets;  // entity i's id: nameBytes[off[i], off[i+1])
    std::span<const char> nameBytes;
    std::span<const uint32_t> nameOrder;  // entities sorted by id
    // Links sorted by source: outOffsets[u]..outOffsets[u+1] index outTargets/linkEvents.
    std::span<const uint64_t> outOffsets;
    std::span<const uint32_t> outTargets, linkEvents;
    // By out-link: linkDays[dayOffsets[i]..dayOffsets[i+1]) are its days.
    std::span<const uint64_t> dayOffsets;
    std::span<const int32_t> linkDays;
    std::span<const uint64_t> inOffsets;
    std::span<const uint32_t> inSources;
    std::span<const uint64_t> inLinks;  // by in-link: its out-link
  };
  struct Built;
  static GraphSnapshot fromEdges(const Store& store, const EdgeFilter* filter);
  // Points the arrays into `bytes` (a cache file's contents, mapped or in memory); false when
  // they are not a consistent snapshot.
  bool attach(std::span<const char> bytes, uint64_t counter);

  uint64_t counter_ = 0, events_ = 0;
  bool mapped_ = false;
  Arrays a_;
  std::shared_ptr<const void> storage_;  // what the arrays point into: a mapping or a buffer
  size_t imageSize_ = 0;                 // bytes of the buffer of a snapshot just built
  // Scratch of hops(): visit marks by generation, allocated on first use.
  mutable std::vector<uint32_t> markF_, markB_, distF_, distB_;
  mutable uint32_t generation_ = 0;
};

}  // namespace dossier
