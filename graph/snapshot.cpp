#include "graph/snapshot.h"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/page_rank.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace dossier {
namespace {

constexpr char kMagic[8] = {'D', 'S', 'N', 'A', 'P', '0', '0', '2'};

template <typename T>
void writeVector(std::ofstream& out, const std::vector<T>& v) {
  const uint64_t n = v.size();
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T)));
}

template <typename T>
bool readVector(std::ifstream& in, std::vector<T>& v) {
  uint64_t n = 0;
  if (!in.read(reinterpret_cast<char*>(&n), sizeof n) || n > (uint64_t{1} << 40)) return false;
  v.resize(n);
  return static_cast<bool>(
      in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(n * sizeof(T))));
}

using Csr = boost::compressed_sparse_row_graph<boost::directedS>;

}  // namespace

std::optional<uint32_t> GraphSnapshot::find(const std::string& entityId) const {
  auto it = byName_.find(entityId);
  if (it == byName_.end()) return std::nullopt;
  return it->second;
}

GraphSnapshot GraphSnapshot::fromEdges(const Store& store, const EdgeFilter* filter) {
  GraphSnapshot s;
  s.counter_ = store.changeCounter();
  auto intern = [&](std::string_view name) {
    auto [it, fresh] =
        s.byName_.try_emplace(std::string(name), static_cast<uint32_t>(s.names_.size()));
    if (fresh) s.names_.emplace_back(name);
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
    ++s.events_;
    return true;
  });
  flush();
  const uint32_t n = s.entityCount();
  std::sort(blocks.begin(), blocks.end(),
            [](const Block& a, const Block& b) { return a.source < b.source; });
  s.outOffsets_.assign(n + 1, 0);
  for (const Block& b : blocks) s.outOffsets_[b.source + 1] += b.linkCount;
  for (uint32_t u = 0; u < n; ++u) s.outOffsets_[u + 1] += s.outOffsets_[u];
  s.outTargets_.reserve(targets.size());
  s.linkEvents_.reserve(targets.size());
  s.dayOffsets_.reserve(targets.size() + 1);
  s.dayOffsets_.push_back(0);
  s.linkDays_.reserve(days.size());
  for (const Block& b : blocks) {
    for (uint64_t i = b.firstLink; i < b.firstLink + b.linkCount; ++i) {
      s.outTargets_.push_back(targets[i]);
      s.linkEvents_.push_back(events[i]);
      s.linkDays_.insert(s.linkDays_.end(), days.begin() + static_cast<ptrdiff_t>(dayOffsets[i]),
                         days.begin() + static_cast<ptrdiff_t>(dayOffsets[i + 1]));
      s.dayOffsets_.push_back(s.linkDays_.size());
    }
  }
  s.index();
  return s;
}

// Derives the in-links (and the scratch sizes) from the out-links.
void GraphSnapshot::index() {
  const uint32_t n = entityCount();
  if (byName_.empty())
    for (uint32_t i = 0; i < n; ++i) byName_.emplace(names_[i], i);
  inOffsets_.assign(n + 1, 0);
  for (uint32_t t : outTargets_) ++inOffsets_[t + 1];
  for (uint32_t u = 0; u < n; ++u) inOffsets_[u + 1] += inOffsets_[u];
  inSources_.assign(outTargets_.size(), 0);
  inLinks_.assign(outTargets_.size(), 0);
  std::vector<uint64_t> fill(inOffsets_.begin(), inOffsets_.end() - 1);
  for (uint32_t u = 0; u < n; ++u) {
    for (uint64_t i = outOffsets_[u]; i < outOffsets_[u + 1]; ++i) {
      const uint64_t slot = fill[outTargets_[i]]++;
      inSources_[slot] = u;
      inLinks_[slot] = i;
    }
  }
  markF_.assign(n, 0);
  markB_.assign(n, 0);
  distF_.assign(n, 0);
  distB_.assign(n, 0);
}

GraphSnapshot GraphSnapshot::build(const Store& store, const EdgeFilter& filter) {
  return fromEdges(store, &filter);
}

GraphSnapshot GraphSnapshot::load(const Store& store) {
  const std::string path = (std::filesystem::path(store.dir()) / "graph.snapshot").string();
  GraphSnapshot s;
  const uint64_t counter = store.changeCounter();
  if (s.read(path, counter)) return s;
  s = fromEdges(store, nullptr);
  s.write(path);
  return s;
}

bool GraphSnapshot::read(const std::string& path, uint64_t counter) {
  std::ifstream in(path, std::ios::binary);
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0) return false;
  if (!in.read(reinterpret_cast<char*>(&counter_), sizeof counter_) || counter_ != counter)
    return false;
  if (!in.read(reinterpret_cast<char*>(&events_), sizeof events_)) return false;
  std::vector<uint32_t> nameSizes;
  std::vector<char> nameBytes;
  if (!readVector(in, nameSizes) || !readVector(in, nameBytes) || !readVector(in, outOffsets_) ||
      !readVector(in, outTargets_) || !readVector(in, linkEvents_) ||
      !readVector(in, dayOffsets_) || !readVector(in, linkDays_))
    return false;
  names_.clear();
  names_.reserve(nameSizes.size());
  size_t pos = 0;
  for (uint32_t size : nameSizes) {
    if (pos + size > nameBytes.size()) return false;
    names_.emplace_back(nameBytes.data() + pos, size);
    pos += size;
  }
  if (outOffsets_.size() != names_.size() + 1 || outTargets_.size() != linkEvents_.size() ||
      dayOffsets_.size() != outTargets_.size() + 1 || dayOffsets_.back() != linkDays_.size() ||
      outOffsets_.back() != outTargets_.size())
    return false;
  for (size_t u = 0; u + 1 < outOffsets_.size(); ++u)
    if (outOffsets_[u] > outOffsets_[u + 1]) return false;
  for (size_t i = 0; i + 1 < dayOffsets_.size(); ++i)
    if (dayOffsets_[i] > dayOffsets_[i + 1]) return false;
  for (uint32_t t : outTargets_)
    if (t >= names_.size()) return false;
  byName_.clear();
  index();
  return true;
}

void GraphSnapshot::write(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return;  // not writable: the snapshot is simply not cached
    out.write(kMagic, 8);
    out.write(reinterpret_cast<const char*>(&counter_), sizeof counter_);
    out.write(reinterpret_cast<const char*>(&events_), sizeof events_);
    std::vector<uint32_t> nameSizes;
    std::vector<char> nameBytes;
    for (const auto& n : names_) {
      nameSizes.push_back(static_cast<uint32_t>(n.size()));
      nameBytes.insert(nameBytes.end(), n.begin(), n.end());
    }
    writeVector(out, nameSizes);
    writeVector(out, nameBytes);
    writeVector(out, outOffsets_);
    writeVector(out, outTargets_);
    writeVector(out, linkEvents_);
    writeVector(out, dayOffsets_);
    writeVector(out, linkDays_);
    if (!out) {
      std::remove(tmp.c_str());
      return;
    }
  }
  std::rename(tmp.c_str(), path.c_str());
}

int32_t GraphSnapshot::hops(uint32_t from, uint32_t to) const {
  if (from == to) return 0;
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
  uint64_t workF = outOffsets_[from + 1] - outOffsets_[from];
  uint64_t workB = inOffsets_[to + 1] - inOffsets_[to];
  while (!frontF.empty() && !frontB.empty()) {
    // Expand the side with less work ahead, one whole level, then stop at the first meeting.
    const bool forward = workF <= workB;
    auto& front = forward ? frontF : frontB;
    auto& mark = forward ? markF_ : markB_;
    auto& dist = forward ? distF_ : distB_;
    const auto& otherMark = forward ? markB_ : markF_;
    const auto& otherDist = forward ? distB_ : distF_;
    const auto& offsets = forward ? outOffsets_ : inOffsets_;
    const auto& links = forward ? outTargets_ : inSources_;
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
    for (uint64_t i = outOffsets_[u]; i < outOffsets_[u + 1]; ++i) {
      d[u] += linkEvents_[i];
      d[outTargets_[i]] += linkEvents_[i];
    }
  }
  return d;
}

namespace {
Csr toCsr(uint32_t n, const std::vector<uint64_t>& offsets, const std::vector<uint32_t>& targets) {
  std::vector<std::pair<uint32_t, uint32_t>> links;
  links.reserve(targets.size());
  for (uint32_t u = 0; u < n; ++u)
    for (uint64_t i = offsets[u]; i < offsets[u + 1]; ++i) links.emplace_back(u, targets[i]);
  return Csr(boost::edges_are_sorted, links.begin(), links.end(), n);
}
}  // namespace

std::vector<double> GraphSnapshot::pageRank() const {
  const Csr g = toCsr(entityCount(), outOffsets_, outTargets_);
  std::vector<double> rank(entityCount(), 0.0);
  boost::graph::page_rank(
      g, boost::make_iterator_property_map(rank.begin(), get(boost::vertex_index, g)),
      boost::graph::n_iterations(20), 0.85, entityCount());
  return rank;
}

std::vector<double> GraphSnapshot::betweenness() const {
  const Csr g = toCsr(entityCount(), outOffsets_, outTargets_);
  std::vector<double> centrality(entityCount(), 0.0);
  boost::brandes_betweenness_centrality(
      g, boost::make_iterator_property_map(centrality.begin(), get(boost::vertex_index, g)));
  return centrality;
}

}  // namespace dossier
