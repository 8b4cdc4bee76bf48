// The front doors of the graph queries: what the CLI commands (neighbours, path, timeline, who,
// top, entities, explain) and the benchmark call. Names given by a user are resolved here
// (resolveEntity: id, canonical name or unambiguous alias); filters are validated here and
// turned into an EdgeFilter that the engine (graph/) applies during traversals.
// Errors a user can fix throw QueryError; store failures throw dossier::Error.
// Thread safety: as the Store (read-only stores may be shared).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/edge_filter.h"
#include "graph/snapshot.h"
#include "graph/store.h"
#include "graph/temporal.h"
#include "graph/traversal.h"
#include "query/events.h"

namespace dossier {

// The filters every graph query takes (--action, --label, --since, --until, --min-mentions).
struct GraphFilter {
  std::vector<std::string> actions;  // classes ("accuse") or CAMEO code prefixes ("112")
  std::string labelPrefix;           // case-sensitive prefix of the action label ("Accuse")
  std::string since, until;          // ISO date prefixes, inclusive
  uint32_t minMentions = 0;
};

// Validates `f` (unknown class, bad date, since after until: QueryError).
EdgeFilter toEdgeFilter(const GraphFilter& f);

// One event as the graph queries report it: its edge, without its sources (see explain()).
// The strings are views into `text`, which the rows of one result share (one allocation for
// all of them rather than several per row): they stay valid as long as any copy of the row
// does.
struct EventEdge {
  std::string_view eventId, actorId, targetId, cls, code, label;
  int32_t day = 0;
  uint32_t mentions = 0;
  std::shared_ptr<const std::string> text;
};

// The events of `entityId` (as actor or target), or with `otherId` those between the two
// (either direction), in date order; ties by label, actor, target. Reads only the entity's
// index ranges (the pairs index with two entities).
std::vector<EventEdge> timeline(const Store& store, const std::string& entityId,
                                const std::optional<std::string>& otherId,
                                const EdgeFilter& filter);

enum class Period { all, month, quarter, year };

struct WhoRow {
  std::string period;  // "2018-04", "2018-Q2", "2018", or "" for Period::all
  std::string actorId, targetId;
  uint64_t events = 0;
};

// Who did the filter's actions to whom: events counted per period and (actor, target), the
// `top` largest counts of each period (0: all), by count descending, then actor, then target.
// The filter must name at least one action (its index is scanned over the date range only).
std::vector<WhoRow> who(const Store& store, const EdgeFilter& filter, Period period, size_t top);

// Events and entities with a stored edge: the events of `ids` fetched from the store.
std::vector<EventEdge> eventEdges(const Store& store, const std::vector<ResultEdge>& edges);

struct EntityMatch {
  StoredEntity entity;
  uint64_t events = 0;  // as actor plus as target
};

// Entities whose id, name or an alias contains `search` (case-insensitive), with their event
// counts; at most `limit`. Scans the entities family, never the events.
std::vector<EntityMatch> searchEntities(const Store& store, const std::string& search,
                                        size_t limit);

// Number of stored events an entity took part in (two index range counts).
uint64_t eventCount(const Store& store, const std::string& entityId);

struct RankedEntity {
  std::string entityId;
  double score = 0;
};

enum class Ranking { degree, pagerank, betweenness };

// The `top` entities by `ranking` in the filtered graph: the cached snapshot when the filter is
// empty, else a snapshot of the filtered graph. `type` (if not empty) keeps entities of that
// type only.
std::vector<RankedEntity> topEntities(const Store& store, const EdgeFilter& filter, Ranking ranking,
                                      const std::string& type, size_t top);

bool filterIsEmpty(const EdgeFilter& f);

}  // namespace dossier
