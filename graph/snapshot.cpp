#include "graph/snapshot.h"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/page_rank.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace dossier {
namespace {

// The cache file: the magic, the store's change counter and the event count (u64 each), then
// the arrays of GraphSnapshot::Arrays in their order, each as its element count (u64) and its
// elements, padded with zeros to a multiple of 8 bytes, so that every array of a mapped file is
// aligned. Native byte order: the file is a cache of this machine's store.
constexpr char kMagic[8] = {'D', 'S', 'N', 'A', 'P', '0', '0', '3'};

class Writer {
 public:
  void u64(uint64_t v) { append(&v, sizeof v); }
  template <typename T>
  void array(const std::vector<T>& v) {
    u64(v.size());
    append(v.data(), v.size() * sizeof(T));
    bytes_.resize((bytes_.size() + 7) / 8 * 8, '\0');
  }
  std::vector<char>& bytes() { return bytes_; }

 private:
  void append(const void* p, size_t n) {
    const char* c = static_cast<const char*>(p);
    bytes_.insert(bytes_.end(), c, c + n);
  }
  std::vector<char> bytes_;
};

class Reader {
 public:
  explicit Reader(std::span<const char> bytes) : bytes_(bytes) {}
  bool u64(uint64_t& v) {
    if (bytes_.size() - pos_ < sizeof v) return false;
    std::memcpy(&v, bytes_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return true;
  }
  template <typename T>
  bool array(std::span<const T>& out) {
    uint64_t n = 0;
    if (!u64(n) || n > (bytes_.size() - pos_) / sizeof(T)) return false;
    out = {reinterpret_cast<const T*>(bytes_.data() + pos_), n};
    pos_ += (n * sizeof(T) + 7) / 8 * 8;
    return pos_ <= bytes_.size();
  }

 private:
  std::span<const char> bytes_;
  size_t pos_ = 0;
};

// Offsets of `count` ranges: starting at 0, ending at `total`, never decreasing at the ends.
bool offsetsFit(std::span<const uint64_t> offsets, uint64_t count, uint64_t total) {
  return offsets.size() == count + 1 && offsets.front() == 0 && offsets.back() == total;
}

using Csr = boost::compressed_sparse_row_graph<boost::directedS>;

}  // namespace

// A snapshot being built: the arrays as vectors.
struct GraphSnapshot::Built {
  std::vector<uint64_t> nameOffsets{0};
  std::vector<char> nameBytes;
  std::vector<uint32_t> nameOrder;
  std::vector<uint64_t> outOffsets;
  std::vector<uint32_t> outTargets, linkEvents;
  std::vector<uint64_t> dayOffsets{0};
  std::vector<int32_t> linkDays;
  std::vector<uint64_t> inOffsets;
  std::vector<uint32_t> inSources;
  std::vector<uint64_t> inLinks;
};

std::optional<uint32_t> GraphSnapshot::find(std::string_view entityId) const {
  auto it = std::lower_bound(a_.nameOrder.begin(), a_.nameOrder.end(), entityId,
                             [&](uint32_t e, std::string_view id) { return name(e) < id; });
  if (it == a_.nameOrder.end() || name(*it) != entityId) return std::nullopt;
  return *it;
}

GraphSnapshot GraphSnapshot::fromEdges(const Store& store, const EdgeFilter* filter) {
  Built b;
  uint64_t eventCount = 0;
  std::unordered_map<std::string, uint32_t> byName;
  auto intern = [&](std::string_view name) {
    auto [it, fresh] =
        byName.try_emplace(std::string(name), static_cast<uint32_t>(b.nameOffsets.size() - 1));
    if (fresh) {
      b.nameBytes.insert(b.nameBytes.end(), name.begin(), name.end());
      b.nameOffsets.push_back(b.nameBytes.size());
    }
    return it->second;
  };
  // The out index is sorted by actor: its events arrive one actor at a time, so only one
  // actor's (target, day) pairs are held at once. Each actor's links are appended as a block;
  // blocks are put in entity order at the end.
  struct Block {
    uint32_t source;
    uint64_t firstLink, linkCount;
  };
  std::vector<Block> blocks;
  std::vector<uint32_t> targets, events;
  std::vector<uint64_t> dayOffsets{0};
  std::vector<int32_t> days;
  std::vector<std::pair<uint32_t, int32_t>> pending;  // the current actor's (target, day)
  std::string actor;
  auto flush = [&] {
    if (pending.empty()) return;
    std::sort(pending.begin(), pending.end());
    const uint64_t first = targets.size();
    for (size_t i = 0; i < pending.size(); ++i) {
      const auto [target, day] = pending[i];
      if (i == 0 || target != pending[i - 1].first) {
        if (i != 0) dayOffsets.push_back(days.size());
        targets.push_back(target);
        events.push_back(0);
      }
      ++events.back();
      if (i == 0 || pending[i - 1] != pending[i]) days.push_back(day);
    }
    dayOffsets.push_back(days.size());
    blocks.push_back({intern(actor), first, targets.size() - first});
    pending.clear();
  };
  store.scanAllEdges([&](const EdgeEntry& e) {
    if (filter != nullptr && !filter->accepts(e)) return true;
    if (e.actorId != actor) {
      flush();
      actor.assign(e.actorId);
      intern(actor);  // actors are numbered before their targets, as they are met
    }
    pending.emplace_back(intern(e.targetId), e.day);
    ++eventCount;
    return true;
  });
  flush();
  byName.clear();
  const uint32_t n = static_cast<uint32_t>(b.nameOffsets.size() - 1);
  std::stable_sort(blocks.begin(), blocks.end(),
                   [](const Block& x, const Block& y) { return x.source < y.source; });
  b.outOffsets.assign(n + 1, 0);
  for (const Block& k : blocks) b.outOffsets[k.source + 1] += k.linkCount;
  for (uint32_t u = 0; u < n; ++u) b.outOffsets[u + 1] += b.outOffsets[u];
  b.outTargets.reserve(targets.size());
  b.linkEvents.reserve(targets.size());
  b.dayOffsets.reserve(targets.size() + 1);
  b.linkDays.reserve(days.size());
  for (const Block& k : blocks) {
    for (uint64_t i = k.firstLink; i < k.firstLink + k.linkCount; ++i) {
      b.outTargets.push_back(targets[i]);
      b.linkEvents.push_back(events[i]);
      b.linkDays.insert(b.linkDays.end(), days.begin() + static_cast<ptrdiff_t>(dayOffsets[i]),
                        days.begin() + static_cast<ptrdiff_t>(dayOffsets[i + 1]));
      b.dayOffsets.push_back(b.linkDays.size());
    }
  }
  // The in-links, each naming its out-link (so that both directions share the days).
  b.inOffsets.assign(n + 1, 0);
  for (uint32_t t : b.outTargets) ++b.inOffsets[t + 1];
  for (uint32_t u = 0; u < n; ++u) b.inOffsets[u + 1] += b.inOffsets[u];
  b.inSources.assign(b.outTargets.size(), 0);
  b.inLinks.assign(b.outTargets.size(), 0);
  std::vector<uint64_t> fill(b.inOffsets.begin(), b.inOffsets.end() - 1);
  for (uint32_t u = 0; u < n; ++u) {
    for (uint64_t i = b.outOffsets[u]; i < b.outOffsets[u + 1]; ++i) {
      const uint64_t slot = fill[b.outTargets[i]]++;
      b.inSources[slot] = u;
      b.inLinks[slot] = i;
    }
  }
  b.nameOrder.resize(n);
  for (uint32_t i = 0; i < n; ++i) b.nameOrder[i] = i;
  auto nameOf = [&](uint32_t e) {
    return std::string_view(b.nameBytes.data() + b.nameOffsets[e],
                            b.nameOffsets[e + 1] - b.nameOffsets[e]);
  };
  std::sort(b.nameOrder.begin(), b.nameOrder.end(),
            [&](uint32_t x, uint32_t y) { return nameOf(x) < nameOf(y); });

  Writer w;
  w.bytes().insert(w.bytes().end(), kMagic, kMagic + 8);
  w.u64(store.changeCounter());
  w.u64(eventCount);
  w.array(b.nameOffsets);
  w.array(b.nameBytes);
  w.array(b.nameOrder);
  w.array(b.outOffsets);
  w.array(b.outTargets);
  w.array(b.linkEvents);
  w.array(b.dayOffsets);
  w.array(b.linkDays);
  w.array(b.inOffsets);
  w.array(b.inSources);
  w.array(b.inLinks);
  b = Built{};  // the arrays now live in the file's image only
  // Held as u64s: the image's arrays are then aligned in memory as in a mapped file.
  auto image = std::make_shared<std::vector<uint64_t>>((w.bytes().size() + 7) / 8);
  std::memcpy(image->data(), w.bytes().data(), w.bytes().size());
  const size_t size = w.bytes().size();
  w = Writer{};
  GraphSnapshot s;
  const std::span<const char> bytes(reinterpret_cast<const char*>(image->data()), size);
  if (!s.attach(bytes, store.changeCounter())) throw std::logic_error("snapshot: bad image");
  s.storage_ = std::shared_ptr<const void>(image, image->data());  // owns the vector
  s.imageSize_ = size;
  return s;
}

bool GraphSnapshot::attach(std::span<const char> bytes, uint64_t counter) {
  if (bytes.size() < 24 || std::memcmp(bytes.data(), kMagic, 8) != 0) return false;
  Reader r(bytes.subspan(8));
  Arrays a;
  if (!r.u64(counter_) || counter_ != counter || !r.u64(events_)) return false;
  if (!r.array(a.nameOffsets) || !r.array(a.nameBytes) || !r.array(a.nameOrder) ||
      !r.array(a.outOffsets) || !r.array(a.outTargets) || !r.array(a.linkEvents) ||
      !r.array(a.dayOffsets) || !r.array(a.linkDays) || !r.array(a.inOffsets) ||
      !r.array(a.inSources) || !r.array(a.inLinks))
    return false;
  // Sizes and ends only: checking every element would read the whole file at each open. The
  // file is written whole and renamed into place, never edited.
  if (a.outOffsets.empty()) return false;
  const uint64_t n = a.outOffsets.size() - 1, links = a.outTargets.size();
  if (!offsetsFit(a.nameOffsets, n, a.nameBytes.size()) || a.nameOrder.size() != n ||
      !offsetsFit(a.outOffsets, n, links) || a.linkEvents.size() != links ||
      !offsetsFit(a.dayOffsets, links, a.linkDays.size()) || !offsetsFit(a.inOffsets, n, links) ||
      a.inSources.size() != links || a.inLinks.size() != links)
    return false;
  a_ = a;
  return true;
}

GraphSnapshot GraphSnapshot::build(const Store& store, const EdgeFilter& filter) {
  return fromEdges(store, &filter);
}

GraphSnapshot GraphSnapshot::load(const Store& store) {
  const std::string path = (std::filesystem::path(store.dir()) / "graph.snapshot").string();
  const uint64_t counter = store.changeCounter();
  if (const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    struct stat st {};
    void* map = MAP_FAILED;
    if (::fstat(fd, &st) == 0 && st.st_size > 0)
      map = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map != MAP_FAILED) {
      const size_t size = static_cast<size_t>(st.st_size);
      std::shared_ptr<const void> mapping(
          map, [size](const void* p) { ::munmap(const_cast<void*>(p), size); });
      GraphSnapshot s;
      if (s.attach({static_cast<const char*>(map), size}, counter)) {
        s.storage_ = std::move(mapping);
        s.mapped_ = true;
        return s;
      }
    }
  }
  GraphSnapshot s = fromEdges(store, nullptr);
  // Cache the image: written whole to a temporary file, then renamed over the old one (which
  // other processes may still have mapped: they keep the old file).
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return s;  // not writable: the snapshot is simply not cached
    out.write(static_cast<const char*>(s.storage_.get()),
              static_cast<std::streamsize>(s.imageSize_));
    if (!out) {
      out.close();
      std::remove(tmp.c_str());
      return s;
    }
  }
  std::rename(tmp.c_str(), path.c_str());
  return s;
}

int32_t GraphSnapshot::hops(uint32_t from, uint32_t to) const {
  if (from == to) return 0;
  if (markF_.size() != entityCount()) {
    markF_.assign(entityCount(), 0);
    markB_.assign(entityCount(), 0);
    distF_.assign(entityCount(), 0);
    distB_.assign(entityCount(), 0);
    generation_ = 0;
  }
  if (++generation_ == 0) {  // wrapped: clear the marks once
    std::fill(markF_.begin(), markF_.end(), 0);
    std::fill(markB_.begin(), markB_.end(), 0);
    generation_ = 1;
  }
  const uint32_t g = generation_;
  std::vector<uint32_t> frontF{from}, frontB{to}, next;
  markF_[from] = g;
  distF_[from] = 0;
  markB_[to] = g;
  distB_[to] = 0;
  uint64_t workF = a_.outOffsets[from + 1] - a_.outOffsets[from];
  uint64_t workB = a_.inOffsets[to + 1] - a_.inOffsets[to];
  while (!frontF.empty() && !frontB.empty()) {
    // Expand the side with less work ahead, one whole level, then stop at the first meeting.
    const bool forward = workF <= workB;
    auto& front = forward ? frontF : frontB;
    auto& mark = forward ? markF_ : markB_;
    auto& dist = forward ? distF_ : distB_;
    const auto& otherMark = forward ? markB_ : markF_;
    const auto& otherDist = forward ? distB_ : distF_;
    const auto offsets = forward ? a_.outOffsets : a_.inOffsets;
    const auto links = forward ? a_.outTargets : a_.inSources;
    int32_t best = -1;
    uint64_t work = 0;
    next.clear();
    for (uint32_t u : front) {
      for (uint64_t i = offsets[u]; i < offsets[u + 1]; ++i) {
        const uint32_t w = links[i];
        if (otherMark[w] == g) {
          const int32_t d = static_cast<int32_t>(dist[u] + 1 + otherDist[w]);
          if (best < 0 || d < best) best = d;
        }
        if (mark[w] == g) continue;
        mark[w] = g;
        dist[w] = dist[u] + 1;
        next.push_back(w);
        work += offsets[w + 1] - offsets[w];
      }
    }
    if (best >= 0) return best;
    front.swap(next);
    (forward ? workF : workB) = work;
  }
  return -1;
}

std::vector<uint64_t> GraphSnapshot::degrees() const {
  std::vector<uint64_t> d(entityCount(), 0);
  for (uint32_t u = 0; u < entityCount(); ++u) {
    for (uint64_t i = a_.outOffsets[u]; i < a_.outOffsets[u + 1]; ++i) {
      d[u] += a_.linkEvents[i];
      d[a_.outTargets[i]] += a_.linkEvents[i];
    }
  }
  return d;
}

namespace {
Csr toCsr(uint32_t n, std::span<const uint64_t> offsets, std::span<const uint32_t> targets) {
  std::vector<std::pair<uint32_t, uint32_t>> links;
  links.reserve(targets.size());
  for (uint32_t u = 0; u < n; ++u)
    for (uint64_t i = offsets[u]; i < offsets[u + 1]; ++i) links.emplace_back(u, targets[i]);
  return Csr(boost::edges_are_sorted, links.begin(), links.end(), n);
}
}  // namespace

std::vector<double> GraphSnapshot::pageRank() const {
  const Csr g = toCsr(entityCount(), a_.outOffsets, a_.outTargets);
  std::vector<double> rank(entityCount(), 0.0);
  boost::graph::page_rank(
      g, boost::make_iterator_property_map(rank.begin(), get(boost::vertex_index, g)),
      boost::graph::n_iterations(20), 0.85, entityCount());
  return rank;
}

std::vector<double> GraphSnapshot::betweenness() const {
  const Csr g = toCsr(entityCount(), a_.outOffsets, a_.outTargets);
  std::vector<double> centrality(entityCount(), 0.0);
  boost::brandes_betweenness_centrality(
      g, boost::make_iterator_property_map(centrality.begin(), get(boost::vertex_index, g)));
  return centrality;
}

}  // namespace dossier
