#include "query/events.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <limits>
#include <unordered_map>

namespace dossier {
namespace {

bool allDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

}  // namespace

int32_t firstDayOf(const std::string& iso) {
  int32_t d = 0;
  if (!isoToDays(iso, d))
    throw QueryError(fmt::format("'{}' is not a date: use YYYY, YYYY-MM or YYYY-MM-DD", iso));
  return d;
}

int32_t lastDayOf(const std::string& iso) {
  using namespace std::chrono;
  int32_t d = firstDayOf(iso);
  if (iso.size() == 10) return d;
  year_month_day ymd{sys_days{days{d}}};
  if (iso.size() == 4)
    return static_cast<int32_t>(sys_days{ymd.year() / December / 31}.time_since_epoch().count());
  return static_cast<int32_t>(sys_days{ymd.year() / ymd.month() / last}.time_since_epoch().count());
}

std::string resolveEntity(const Store& store, const std::string& name) {
  if (store.entity(name)) return name;
  auto ids = store.entitiesByAlias(name);
  if (ids.size() == 1) return ids.front();
  if (ids.empty()) {
    // Ids are upper case: "chn" means CHN.
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    if (store.entity(upper)) return upper;
    throw QueryError(fmt::format("no entity named '{}' in {} (try an id such as CHN or USA.FBI)",
                                 name, store.dir()));
  }
  std::string list;
  for (const auto& id : ids) {
    auto e = store.entity(id);
    list += fmt::format("\n  {}  {} ({})", id, e ? e->name : "?", e ? e->type : "?");
  }
  throw QueryError(
      fmt::format("'{}' names {} entities; say which by id:{}", name, ids.size(), list));
}

EventRow rowFromExtracted(const Article& article, const ExtractedEvent& e) {
  EventRow r;
  r.event = {eventId(e),
             e.actor.id,
             e.target.id,
             e.action.cls,
             e.action.code,
             e.action.label,
             e.action.verb,
             e.date,
             e.precision,
             1,
             1,
             e.confidence};
  auto entity = [](const Entity& x) {
    return StoredEntity{x.id, x.name, x.type, x.country, x.sector, {}, "", ""};
  };
  r.actor = entity(e.actor);
  r.target = entity(e.target);
  r.actorAlias = e.actor.alias;
  r.targetAlias = e.target.alias;
  r.sources.push_back({article.id,
                       article.url,
                       article.title,
                       article.published,
                       e.sentence,
                       e.pattern,
                       e.confidence,
                       {}});
  r.hasEvidence = true;
  r.sentenceIndex = e.sentenceIndex;
  r.begin = e.begin;
  r.end = e.end;
  return r;
}

void queryEvents(const Store& store, const EventFilter& f,
                 const std::function<bool(const EventRow&)>& emit) {
  const std::string actorId = f.actor.empty() ? "" : resolveEntity(store, f.actor);
  const std::string targetId = f.target.empty() ? "" : resolveEntity(store, f.target);
  const bool actionIsCode = allDigits(f.action);
  if (!f.action.empty() && !actionIsCode && !isActionClass(f.action)) {
    std::string classes;
    for (auto c : kActionClasses) classes += fmt::format("{}{}", classes.empty() ? "" : ", ", c);
    throw QueryError(fmt::format("unknown action '{}': give a CAMEO code (112) or a class: {}",
                                 f.action, classes));
  }
  const int32_t from = f.since.empty() ? std::numeric_limits<int32_t>::min() : firstDayOf(f.since);
  const int32_t to = f.until.empty() ? std::numeric_limits<int32_t>::max() : lastDayOf(f.until);
  if (from > to) throw QueryError(fmt::format("--since {} is after --until {}", f.since, f.until));

  std::unordered_map<std::string, StoredEntity> entities;  // cache for this query
  auto entity = [&](const std::string& id) -> const StoredEntity& {
    auto it = entities.find(id);
    if (it != entities.end()) return it->second;
    auto e = store.entity(id);
    StoredEntity value = e ? *e : StoredEntity{id, id, "unknown", "", "", {}, "", ""};
    if (entities.size() > 100000) entities.clear();  // bound memory on huge result sets
    return entities.emplace(id, std::move(value)).first->second;
  };

  size_t emitted = 0;
  auto visit = [&](std::string_view eventId, int32_t) {
    auto ev = store.event(eventId);
    if (!ev) return true;  // index entry without event: never written by commitArticle
    if (!actorId.empty() && ev->actorId != actorId) return true;
    if (!targetId.empty() && ev->targetId != targetId) return true;
    if (!f.action.empty()) {
      if (actionIsCode ? !ev->code.starts_with(f.action) : ev->cls != f.action) return true;
    }
    EventRow row;
    row.actor = entity(ev->actorId);
    row.target = entity(ev->targetId);
    for (auto& m : store.mentions(ev->id)) {
      Source s;
      s.articleId = m.articleId;
      if (auto a = store.article(m.articleId, false)) {
        s.url = a->article.url;
        s.title = a->article.title;
        s.published = a->article.published;
        s.alsoAt = store.otherSources(m.articleId);
      }
      s.sentence = std::move(m.sentence);
      s.pattern = std::move(m.pattern);
      s.confidence = m.confidence;
      row.sources.push_back(std::move(s));
    }
    row.event = std::move(*ev);
    if (!emit(row)) return false;
    return !(f.limit > 0 && ++emitted >= f.limit);
  };

  if (!actorId.empty()) {
    store.scanAdjacency(Direction::out, actorId, from, to, visit);
  } else if (!targetId.empty()) {
    store.scanAdjacency(Direction::in, targetId, from, to, visit);
  } else if (!f.action.empty()) {
    store.scanAction(f.action, actionIsCode, from, to, visit);
  } else {
    store.scanDays(from, to, visit);
  }
}

}  // namespace dossier
