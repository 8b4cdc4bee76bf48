#include "query/graph_queries.h"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstring>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "schema/model.h"

namespace dossier {
namespace {

// Rows of a result as they are read: their strings copied into one buffer, which the rows then
// share, so that collecting, ordering and returning them allocates nothing per row.
class EdgeRows {
 public:
  EdgeRows() {
    text_->reserve(16 << 10);
    pending_.reserve(256);
  }

  void add(const EdgeEntry& e) {
    const std::string_view values[kFields] = {e.eventId, e.actorId, e.targetId,
                                              e.cls,     e.code,    e.label};
    Pending p{e.day, e.mentions, {}};
    p.at[0] = static_cast<uint32_t>(text_->size());
    for (size_t i = 0; i < kFields; ++i)
      p.at[i + 1] = p.at[i] + static_cast<uint32_t>(values[i].size());
    const size_t end = p.at[kFields];
    // (resize_and_overwrite reserves exactly what it is asked for: grow geometrically here.)
    if (end > text_->capacity()) text_->reserve(std::max(end, 2 * text_->capacity()));
    text_->resize_and_overwrite(end, [&](char* buffer, size_t size) {
      for (size_t i = 0; i < kFields; ++i)
        std::memcpy(buffer + p.at[i], values[i].data(), values[i].size());
      return size;
    });
    pending_.push_back(p);
  }
  size_t size() const { return pending_.size(); }

  // Puts rows added in runs, each in day order (rows [runEnds[i-1], runEnds[i])), into timeline
  // order: by day, then label, actor, target, event id. Merging the runs and sorting within
  // each day is linear for the usual few events a day.
  void orderAsTimeline(const std::vector<size_t>& runEnds) {
    auto byDay = [](const Pending& a, const Pending& b) { return a.day < b.day; };
    auto at = [&](size_t i) { return pending_.begin() + static_cast<std::ptrdiff_t>(i); };
    for (size_t r = 1; r < runEnds.size(); ++r)
      std::inplace_merge(pending_.begin(), at(runEnds[r - 1]), at(runEnds[r]), byDay);
    auto sameDayOrder = [&](const Pending& a, const Pending& b) {
      for (size_t f : {kLabel, kActor, kTarget, kEventId}) {
        const int c = field(a, f).compare(field(b, f));
        if (c != 0) return c < 0;
      }
      return false;
    };
    for (auto day = pending_.begin(); day != pending_.end();) {
      auto next = day + 1;
      while (next != pending_.end() && next->day == day->day) ++next;
      if (next - day > 1) std::sort(day, next, sameDayOrder);
      day = next;
    }
  }

  // The rows in their current order. Call once, after the last add().
  std::vector<EventEdge> take() && {
    std::vector<EventEdge> rows(pending_.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      const Pending& p = pending_[r];
      EventEdge& row = rows[r];
      std::string_view* fields[kFields] = {&row.eventId, &row.actorId, &row.targetId,
                                           &row.cls,     &row.code,    &row.label};
      for (size_t i = 0; i < kFields; ++i) *fields[i] = field(p, i);
      row.day = p.day;
      row.mentions = p.mentions;
      row.text = text_;
    }
    return rows;
  }

 private:
  static constexpr size_t kFields = 6;
  static constexpr size_t kEventId = 0, kActor = 1, kTarget = 2, kLabel = 5;  // class 3, code 4
  struct Pending {
    int32_t day;
    uint32_t mentions;
    uint32_t at[kFields + 1];  // field f is text_[at[f], at[f + 1])
  };
  std::string_view field(const Pending& p, size_t f) const {
    return std::string_view(text_->data() + p.at[f], p.at[f + 1] - p.at[f]);
  }
  std::shared_ptr<std::string> text_ = std::make_shared<std::string>();
  std::vector<Pending> pending_;
};

std::string periodOf(int32_t day, Period p) {
  if (p == Period::all) return {};
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  switch (p) {
    case Period::month:
      return fmt::format("{:04}-{:02}", y, m);
    case Period::quarter:
      return fmt::format("{:04}-Q{}", y, (m - 1) / 3 + 1);
    case Period::year:
      return fmt::format("{:04}", y);
    case Period::all:
      break;
  }
  return {};
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool filterIsEmpty(const EdgeFilter& f) {
  return f.actions.empty() && f.labelPrefix.empty() && f.minMentions == 0 &&
         f.fromDay == std::numeric_limits<int32_t>::min() &&
         f.toDay == std::numeric_limits<int32_t>::max();
}

EdgeFilter toEdgeFilter(const GraphFilter& f) {
  EdgeFilter out;
  for (const auto& a : f.actions) {
    if (!EdgeFilter::isCode(a) && !isActionClass(a)) {
      std::string classes;
      for (auto c : kActionClasses) classes += fmt::format("{}{}", classes.empty() ? "" : ", ", c);
      throw QueryError(
          fmt::format("unknown action '{}': give a CAMEO code (112) or a class: {}", a, classes));
    }
    out.actions.push_back(a);
  }
  out.labelPrefix = f.labelPrefix;
  if (!f.since.empty()) out.fromDay = firstDayOf(f.since);
  if (!f.until.empty()) out.toDay = lastDayOf(f.until);
  if (out.fromDay > out.toDay)
    throw QueryError(fmt::format("--since {} is after --until {}", f.since, f.until));
  out.minMentions = f.minMentions;
  return out;
}

std::vector<EventEdge> timeline(const Store& store, const std::string& entityId,
                                const std::optional<std::string>& otherId,
                                const EdgeFilter& filter) {
  EdgeRows collected;
  std::vector<size_t> runEnds;  // each scan reads a run of rows in day order
  ScanCursor cursor;
  auto collect = [&](const EdgeEntry& e) {
    if (filter.accepts(e)) collected.add(e);
    return true;
  };
  if (otherId) {
    store.scanPair(entityId, *otherId, filter.fromDay, filter.toDay, collect, &cursor);
    runEnds.push_back(collected.size());
    if (*otherId != entityId)
      store.scanPair(*otherId, entityId, filter.fromDay, filter.toDay, collect, &cursor);
  } else {
    store.scanEdges(Direction::out, entityId, filter.fromDay, filter.toDay, collect, &cursor);
    runEnds.push_back(collected.size());
    store.scanEdges(
        Direction::in, entityId, filter.fromDay, filter.toDay,
        [&](const EdgeEntry& e) {
          // A self-loop was read as an out-edge already.
          return e.actorId == e.targetId ? true : collect(e);
        },
        &cursor);
  }
  runEnds.push_back(collected.size());
  collected.orderAsTimeline(runEnds);
  return std::move(collected).take();
}

std::vector<WhoRow> who(const Store& store, const EdgeFilter& filter, Period period, size_t top) {
  if (filter.actions.empty()) throw QueryError("who: name an action (a class or a CAMEO code)");
  struct Key {
    std::string period, actor, target;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<std::string>{}(k.actor) * 31 ^ std::hash<std::string>{}(k.target) * 7 ^
             std::hash<std::string>{}(k.period);
    }
  };
  std::unordered_map<Key, uint64_t, KeyHash> counts;
  std::unordered_set<std::string> seen;  // an event matching two of the actions counts once
  const bool several = filter.actions.size() > 1;
  Key key;
  for (const auto& action : filter.actions) {
    store.scanActionEdges(action, EdgeFilter::isCode(action), filter.fromDay, filter.toDay,
                          [&](const EdgeEntry& e) {
                            if (!filter.accepts(e)) return true;
                            if (several && !seen.emplace(e.eventId).second) return true;
                            key.period = periodOf(e.day, period);
                            key.actor.assign(e.actorId);
                            key.target.assign(e.targetId);
                            ++counts[key];
                            return true;
                          });
  }
  std::vector<WhoRow> rows;
  rows.reserve(counts.size());
  for (auto& [k, n] : counts) rows.push_back({k.period, k.actor, k.target, n});
  auto order = [](const WhoRow& a, const WhoRow& b) {
    if (a.period != b.period) return a.period < b.period;
    if (a.events != b.events) return a.events > b.events;
    return std::tie(a.actorId, a.targetId) < std::tie(b.actorId, b.targetId);
  };
  if (top > 0 && period == Period::all && rows.size() > top) {
    std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(top), rows.end(),
                      order);
    rows.resize(top);
    return rows;
  }
  std::sort(rows.begin(), rows.end(), order);
  if (top == 0) return rows;
  std::vector<WhoRow> kept;
  size_t inPeriod = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    inPeriod = (i > 0 && rows[i].period == rows[i - 1].period) ? inPeriod + 1 : 0;
    if (inPeriod < top) kept.push_back(rows[i]);  // a copy: the next row compares with this one
  }
  return kept;
}

std::vector<EventEdge> eventEdges(const Store& store, const std::vector<ResultEdge>& edges) {
  EdgeRows rows;
  for (const auto& e : edges) {
    EdgeEntry entry;
    entry.eventId = e.eventId;
    entry.actorId = e.actorId;
    entry.targetId = e.targetId;
    entry.day = e.day;
    const auto ev = store.event(e.eventId);
    if (ev) {
      entry.cls = ev->cls;
      entry.code = ev->code;
      entry.label = ev->label;
      entry.mentions = ev->mentionCount;
    }
    rows.add(entry);
  }
  return std::move(rows).take();
}

uint64_t eventCount(const Store& store, const std::string& entityId) {
  uint64_t n = 0;
  const auto lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
  store.scanAdjacency(Direction::out, entityId, lo, hi,
                      [&](std::string_view, int32_t) { return ++n, true; });
  store.scanAdjacency(Direction::in, entityId, lo, hi,
                      [&](std::string_view, int32_t) { return ++n, true; });
  return n;
}

std::vector<EntityMatch> searchEntities(const Store& store, const std::string& search,
                                        size_t limit) {
  const std::string needle = lower(search);
  std::vector<EntityMatch> out;
  store.scanEntities([&](const StoredEntity& e) {
    bool match = lower(e.id).find(needle) != std::string::npos ||
                 lower(e.name).find(needle) != std::string::npos;
    for (const auto& a : e.aliases)
      if (!match && lower(a).find(needle) != std::string::npos) match = true;
    if (match) out.push_back({e, 0});
    return limit == 0 || out.size() < limit;
  });
  for (auto& m : out) m.events = eventCount(store, m.entity.id);
  std::sort(out.begin(), out.end(), [](const EntityMatch& a, const EntityMatch& b) {
    return a.events != b.events ? a.events > b.events : a.entity.id < b.entity.id;
  });
  return out;
}

std::vector<RankedEntity> topEntities(const Store& store, const EdgeFilter& filter, Ranking ranking,
                                      const std::string& type, size_t top) {
  const GraphSnapshot snapshot =
      filterIsEmpty(filter) ? GraphSnapshot::load(store) : GraphSnapshot::build(store, filter);
  std::vector<double> score;
  if (ranking == Ranking::degree) {
    for (uint64_t d : snapshot.degrees()) score.push_back(static_cast<double>(d));
  } else if (ranking == Ranking::pagerank) {
    score = snapshot.pageRank();
  } else {
    score = snapshot.betweenness();
  }
  std::vector<uint32_t> order(snapshot.entityCount());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return score[a] != score[b] ? score[a] > score[b] : snapshot.name(a) < snapshot.name(b);
  });
  std::vector<RankedEntity> out;
  for (uint32_t i : order) {
    if (top > 0 && out.size() >= top) break;
    if (!type.empty()) {
      auto e = store.entity(snapshot.name(i));
      if (!e || e->type != type) continue;
    }
    out.push_back({std::string(snapshot.name(i)), score[i]});
  }
  return out;
}

}  // namespace dossier
