#include "tools/dossier/graph_commands.h"

#include <spdlog/spdlog.h>

#include <fmt/format.h>
#include <algorithm>
#include <stdexcept>
#include <unordered_map>

#include "graph/snapshot.h"
#include "graph/temporal.h"
#include "query/rows.h"
#include "schema/error.h"
#include "tools/dossier/cli_support.h"
#include "tools/dossier/huge_heap.h"

namespace dossier {
namespace {

// Entity records by id, read once per query.
class Names {
 public:
  explicit Names(const Store& store) : store_(store) {}
  const StoredEntity& entity(const std::string& id) {
    auto it = entities_.find(id);
    if (it != entities_.end()) return it->second;
    auto e = store_.entity(id);
    return entities_.emplace(id, e ? *e : StoredEntity{id, id, "", "", "", {}, "", ""})
        .first->second;
  }
  const std::string& operator()(const std::string& id) { return entity(id).name; }
  // Reads the entities of `ids` not read yet, in one batch.
  void prefetch(const std::vector<std::string>& ids) {
    std::vector<std::string> missing;
    for (const auto& id : ids)
      if (!entities_.count(id)) missing.push_back(id);
    auto found = store_.entities(missing);
    for (size_t i = 0; i < missing.size(); ++i)
      entities_.emplace(missing[i],
                        found[i] ? std::move(*found[i])
                                 : StoredEntity{missing[i], missing[i], "", "", "", {}, "", ""});
  }

 private:
  const Store& store_;
  std::unordered_map<std::string, StoredEntity> entities_;
};

const std::vector<Column> kEventColumns = {
    {"date"},  {"actor"},  {"actor_name"},  {"action"},         {"code"},
    {"label"}, {"target"}, {"target_name"}, {"mentions", true}, {"event"}};

std::vector<std::string> eventCells(const EventEdge& e, Names& names) {
  const std::string actor(e.actorId), target(e.targetId);
  return {daysToIso(e.day),
          actor,
          names(actor),
          std::string(e.cls),
          std::string(e.code),
          std::string(e.label),
          target,
          names(target),
          std::to_string(e.mentions),
          std::string(e.eventId)};
}

std::unique_ptr<Store> openForQueries(const std::string& db) {
  reserveHugePageHeap(64 << 20);  // a query process: one query, then exit
  return Store::open(db, {.readOnly = true});
}

TemporalOptions temporalOptions(const PathOptions& p) {
  TemporalOptions t;
  t.strict = p.strict;
  t.maxGap = p.maxGap;
  t.direction = p.direction;
  if (!p.start.empty()) t.startDay = firstDayOf(p.start);
  return t;
}

}  // namespace

int neighboursCommand(const GraphQueryOptions& o, const std::string& entity, uint32_t hops,
                      Traverse direction, bool withEvents, std::ostream& out) {
  return reportingErrors([&] {
    auto store = openForQueries(o.db);
    const EdgeFilter filter = toEdgeFilter(o.filter);
    const std::string start = resolveEntity(*store, entity);
    withEvents = withEvents && o.format != Format::csv;
    const auto n = neighbourhood(*store, start, hops, direction, filter, withEvents);
    Names names(*store);
    std::vector<std::string> ids;
    for (const auto& m : n.members) ids.push_back(m.entityId);
    names.prefetch(ids);
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : n.members) {
      const StoredEntity& e = names.entity(m.entityId);
      rows.push_back({m.entityId, e.name, e.type, std::to_string(m.hops)});
    }
    writeRows(o.format, out, {{"entity"}, {"name"}, {"type"}, {"hops", true}}, rows, "entities");
    if (!withEvents) return 0;
    if (o.format == Format::table) out << '\n';
    std::vector<std::vector<std::string>> events;
    for (const auto& e : eventEdges(*store, n.edges)) events.push_back(eventCells(e, names));
    writeRows(o.format, out, kEventColumns, events, "connecting events");
    return 0;
  });
}

int pathCommand(const GraphQueryOptions& o, const std::string& from, const std::string& to,
                const PathOptions& p, std::ostream& out) {
  return reportingErrors([&] {
    auto store = openForQueries(o.db);
    const EdgeFilter filter = toEdgeFilter(o.filter);
    const std::string a = resolveEntity(*store, from), b = resolveEntity(*store, to);
    std::optional<std::vector<ResultEdge>> path;
    if (p.mode == "shortest") {
      path = shortestPath(*store, a, b, p.direction, filter);
    } else {
      const TemporalOptions t = temporalOptions(p);
      TemporalMode mode;
      if (p.mode == "earliest-arrival")
        mode = TemporalMode::earliestArrival;
      else if (p.mode == "latest-departure")
        mode = TemporalMode::latestDeparture;
      else if (p.mode == "fastest")
        mode = TemporalMode::fastest;
      else if (p.mode == "min-hop")
        mode = TemporalMode::minHop;
      else
        throw QueryError(fmt::format(
            "unknown --mode '{}': shortest, earliest-arrival, latest-departure, fastest or "
            "min-hop",
            p.mode));
      path = temporalPath(*store, a, b, mode, t, filter);
    }
    if (!path) {
      if (o.format == Format::table) out << fmt::format("no path from {} to {}\n", a, b);
      return 0;
    }
    Names names(*store);
    std::vector<std::vector<std::string>> rows;
    size_t step = 0;
    for (const auto& e : eventEdges(*store, *path)) {
      auto cells = eventCells(e, names);
      cells.insert(cells.begin(), std::to_string(++step));
      rows.push_back(std::move(cells));
    }
    std::vector<Column> columns = kEventColumns;
    columns.insert(columns.begin(), Column{"step", true});
    writeRows(o.format, out, columns, rows, "steps");
    return 0;
  });
}

int reachCommand(const GraphQueryOptions& o, const std::string& from, const PathOptions& p,
                 std::ostream& out) {
  return reportingErrors([&] {
    auto store = openForQueries(o.db);
    const EdgeFilter filter = toEdgeFilter(o.filter);
    const std::string a = resolveEntity(*store, from);
    const TemporalOptions t = temporalOptions(p);
    std::optional<GraphSnapshot> snapshot;
    if (StoreGraph::snapshotCanServe(filter)) snapshot = GraphSnapshot::load(*store);
    auto arrivals = earliestArrivals(*store, a, t, filter, snapshot ? &*snapshot : nullptr);
    std::sort(arrivals.begin(), arrivals.end(), [](const Arrival& x, const Arrival& y) {
      return x.day != y.day ? x.day < y.day : x.entityId < y.entityId;
    });
    Names names(*store);
    std::vector<std::string> ids;
    for (const auto& r : arrivals) ids.push_back(r.entityId);
    names.prefetch(ids);
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : arrivals) {
      const StoredEntity& e = names.entity(r.entityId);
      rows.push_back({r.entityId, e.name, e.type, daysToIso(r.day)});
    }
    writeRows(o.format, out, {{"entity"}, {"name"}, {"type"}, {"arrival"}}, rows, "entities");
    return 0;
  });
}

int timelineCommand(const GraphQueryOptions& o, const std::string& entity,
                    const std::optional<std::string>& other, std::ostream& out) {
  return reportingErrors([&] {
    auto store = openForQueries(o.db);
    const EdgeFilter filter = toEdgeFilter(o.filter);
    const std::string a = resolveEntity(*store, entity);
    std::optional<std::string> b;
    if (other) b = resolveEntity(*store, *other);
    Names names(*store);
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : timeline(*store, a, b, filter)) rows.push_back(eventCells(e, names));
    writeRows(o.format, out, kEventColumns, rows, "events");
    return 0;
  });
}

int whoCommand(const GraphQueryOptions& o, const std::string& action, const std::string& by,
               size_t top, std::ostream& out) {
  return reportingErrors([&] {
    auto store = openForQueries(o.db);
    GraphFilter f = o.filter;
    f.actions.insert(f.actions.begin(), action);
    const EdgeFilter filter = toEdgeFilter(f);
    Period period = Period::all;
    if (by == "month")
      period = Period::month;
    else if (by == "quarter")
      period = Period::quarter;
    else if (by == "year")
      period = Period::year;
    else if (!by.empty())
      throw QueryError(fmt::format("--by '{}': use month, quarter or year", by));
    Names names(*store);
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : who(*store, filter, period, top))
      rows.push_back({r.period, r.actorId, names(r.actorId), r.targetId, names(r.targetId),
                      std::to_string(r.events)});
    writeRows(
        o.format, out,
        {{"period"}, {"actor"}, {"actor_name"}, {"target"}, {"target_name"}, {"events", true}},
        rows, "pairs");
    return 0;
  });
}

int topCommand(const GraphQueryOptions& o, const std::string& by, const std::string& type,
               size_t limit, std::ostream& out) {
  return reportingErrors([&] {
    auto store = openForQueries(o.db);
    const EdgeFilter filter = toEdgeFilter(o.filter);
    Ranking ranking = Ranking::degree;
    if (by == "pagerank")
      ranking = Ranking::pagerank;
    else if (by == "betweenness")
      ranking = Ranking::betweenness;
    else if (by != "degree")
      throw QueryError(fmt::format("--by '{}': use degree, pagerank or betweenness", by));
    Names names(*store);
    std::vector<std::vector<std::string>> rows;
    size_t rank = 0;
    for (const auto& r : topEntities(*store, filter, ranking, type, limit)) {
      rows.push_back({std::to_string(++rank), r.entityId, names(r.entityId),
                      ranking == Ranking::degree ? fmt::format("{:.0f}", r.score)
                                                 : fmt::format("{:.6g}", r.score)});
    }
    writeRows(o.format, out, {{"rank", true}, {"entity"}, {"name"}, {by, true}}, rows, "entities");
    return 0;
  });
}

int entitiesCommand(const std::string& db, const std::string& search, size_t limit, Format format,
                    std::ostream& out) {
  return reportingErrors([&] {
    auto store = openForQueries(db);
    std::vector<std::vector<std::string>> rows;
    for (const auto& m : searchEntities(*store, search, limit)) {
      std::string aliases;
      for (const auto& a : m.entity.aliases)
        if (a != m.entity.name) aliases += (aliases.empty() ? "" : "; ") + a;
      rows.push_back(
          {m.entity.id, m.entity.name, m.entity.type, aliases, std::to_string(m.events)});
    }
    writeRows(format, out, {{"entity"}, {"name"}, {"type"}, {"aliases"}, {"events", true}}, rows,
              "entities");
    return 0;
  });
}

int explainCommand(const std::string& db, const std::string& eventId, Format format,
                   std::ostream& out) {
  return reportingErrors([&] {
    auto store = openForQueries(db);
    auto ev = store->event(eventId);
    if (!ev)
      throw QueryError(
          fmt::format("no event {} in {} (ids are the `event` column of queries)", eventId, db));
    EventRow row;
    auto entity = [&](const std::string& id) {
      auto e = store->entity(id);
      return e ? *e : StoredEntity{id, id, "unknown", "", "", {}, "", ""};
    };
    row.actor = entity(ev->actorId);
    row.target = entity(ev->targetId);
    for (auto& m : store->mentions(ev->id)) {
      Source s;
      s.articleId = m.articleId;
      if (auto a = store->article(m.articleId, false)) {
        s.url = a->article.url;
        s.title = a->article.title;
        s.published = a->article.published;
      }
      // Imported rows have no sentence: the row of the source file stands for it.
      s.sentence = m.sentence.empty() ? fmt::format("row {} of {}", m.sentenceIndex, s.title)
                                      : std::move(m.sentence);
      s.pattern = std::move(m.pattern);
      s.confidence = m.confidence;
      row.sources.push_back(std::move(s));
    }
    row.event = std::move(*ev);
    if (format == Format::table) {
      const auto& e = row.event;
      out << fmt::format("event {}: {} ({}) {} {} ({}) on {}, {} mention(s) from {} source(s)\n\n",
                         e.id, row.actor.name, row.actor.id,
                         e.label.empty() ? e.cls : e.label + " [" + e.cls + "]", row.target.name,
                         row.target.id, e.date, e.mentionCount, e.sourceCount);
      std::vector<std::vector<std::string>> rows;
      for (const auto& s : row.sources) rows.push_back({s.published, s.url, s.title, s.sentence});
      writeRows(format, out, {{"published"}, {"url"}, {"title"}, {"sentence"}}, rows, "sources");
      return 0;
    }
    auto writer = makeEventWriter(format, out);
    writer->write(row);
    writer->finish();
    return 0;
  });
}

}  // namespace dossier
