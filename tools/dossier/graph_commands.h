// The graph commands of the `dossier` CLI (neighbours, path, timeline, who, top, entities,
// explain) as library functions, like commands.h: main.cpp parses arguments into these, tests
// call them. Each returns the exit code: 0 success (also for an empty result), 1 store failure,
// 2 a mistake the user can fix (unknown or ambiguous entity, bad filter, bad date).
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "graph/store_graph.h"
#include "query/format.h"
#include "query/graph_queries.h"

namespace dossier {

struct GraphQueryOptions {
  std::string db;
  GraphFilter filter;
  Format format = Format::table;
};

// Entities within `hops`, then (table and jsonl, unless `withEvents` is false) the events that
// connect them. CSV has one header: entity rows only.
int neighboursCommand(const GraphQueryOptions& o, const std::string& entity, uint32_t hops,
                      Traverse direction, bool withEvents, std::ostream& out);

struct PathOptions {
  std::string mode = "shortest";  // shortest|earliest-arrival|latest-departure|fastest|min-hop
  bool strict = false;
  int32_t maxGap = -1;  // days; -1: any
  std::string start;    // ISO date: the journey starts on or after it
  Traverse direction = Traverse::out;
};

int pathCommand(const GraphQueryOptions& o, const std::string& from, const std::string& to,
                const PathOptions& path, std::ostream& out);

// Every entity a time-respecting journey from `from` reaches, with its earliest arrival day,
// in arrival order (`path.mode` is not used). Reads the cached whole-graph snapshot when the
// filter is on dates alone, the store's indexes otherwise.
int reachCommand(const GraphQueryOptions& o, const std::string& from, const PathOptions& path,
                 std::ostream& out);

int timelineCommand(const GraphQueryOptions& o, const std::string& entity,
                    const std::optional<std::string>& other, std::ostream& out);

// `by`: "" (whole range), month, quarter or year.
int whoCommand(const GraphQueryOptions& o, const std::string& action, const std::string& by,
               size_t top, std::ostream& out);

// `by`: degree, pagerank or betweenness.
int topCommand(const GraphQueryOptions& o, const std::string& by, const std::string& type,
               size_t limit, std::ostream& out);

int entitiesCommand(const std::string& db, const std::string& search, size_t limit, Format format,
                    std::ostream& out);

int explainCommand(const std::string& db, const std::string& eventId, Format format,
                   std::ostream& out);

}  // namespace dossier
