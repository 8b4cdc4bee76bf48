#include "query/export/export.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "graph/traversal.h"
#include "query/events.h"
#include "query/export/writers.h"
#include "schema/error.h"

namespace dossier {
namespace {

constexpr std::string_view kFormatNames[] = {"gexf",       "graphml", "dot", "cytoscape",
                                             "graphology", "neo4j",   "html"};

// What a whole-store scan reads with an edge, so that no lookup per edge is needed.
struct EdgeRecord {
  double confidence = 0;
  std::string_view firstArticleId;
};
using RecordVisitor = std::function<bool(const EdgeEntry&, const EdgeRecord*)>;

// The edges an export keeps, in a repeatable order: the neighbourhood's events with --around;
// the action index for one selective action; else one sequential pass over the event records
// (and their first mentions), which costs no seek per edge.
class EdgeSource {
 public:
  EdgeSource(const Store& store, const ExportRequest& request)
      : store_(store), filter_(toEdgeFilter(request.filter)) {
    if (request.around.empty()) return;
    start_ = resolveEntity(store, request.around);
    Neighbourhood n = neighbourhood(store, *start_, request.hops, request.direction, filter_, true);
    // The traversal may report an event from both of its ends: keep each event once.
    std::vector<ResultEdge> edges = std::move(n.edges);
    std::sort(edges.begin(), edges.end(), [](const ResultEdge& a, const ResultEdge& b) {
      return std::tie(a.day, a.eventId) < std::tie(b.day, b.eventId);
    });
    edges.erase(std::unique(edges.begin(), edges.end(),
                            [](const ResultEdge& a, const ResultEdge& b) {
                              return a.eventId == b.eventId;
                            }),
                edges.end());
    around_ = eventEdges(store, edges);
  }

  // The start entity of --around, which is exported even without edges.
  const std::optional<std::string>& start() const { return start_; }

  // Calls `visit` for each kept edge until it returns false; the record is set when the scan
  // read it (else null: look it up). `withRecords` false: the caller needs the edge only.
  void forEach(bool withRecords, const RecordVisitor& visit) const {
    if (start_) {
      for (const EventEdge& e : around_) {
        EdgeEntry entry{e.eventId, e.day,  e.actorId, e.targetId,
                        e.cls,     e.code, e.label,   e.mentions};
        if (!visit(entry, nullptr)) return;
      }
      return;
    }
    if (selectiveAction()) {
      const std::string& key = filter_.actions.front();
      store_.scanActionEdges(
          key, EdgeFilter::isCode(key), filter_.fromDay, filter_.toDay,
          [&](const EdgeEntry& e) { return !filter_.accepts(e) || visit(e, nullptr); });
      return;
    }
    store_.scanEventRecords(withRecords, [&](const StoredEvent& ev, std::string_view article) {
      EdgeEntry e{ev.id, 0, ev.actorId, ev.targetId, ev.cls, ev.code, ev.label, ev.mentionCount};
      if (!isoToDays(ev.date, e.day) || !filter_.accepts(e)) return true;
      const EdgeRecord record{ev.confidence, article};
      return visit(e, &record);
    });
  }

 private:
  // Whether the action index is the cheaper read: one action, and (for a class, whose count the
  // store keeps) less than a tenth of the events, as each edge read from an index then costs a
  // lookup of its record, about ten times a sequential read. A code prefix is taken as selective.
  bool selectiveAction() const {
    if (filter_.actions.size() != 1) return false;
    const std::string& key = filter_.actions.front();
    if (EdgeFilter::isCode(key)) return true;
    const StoreCounts counts = store_.counts();
    const auto it = counts.eventsByClass.find(key);
    return it == counts.eventsByClass.end() || it->second * 10 < counts.events;
  }

  const Store& store_;
  EdgeFilter filter_;
  std::optional<std::string> start_;
  std::vector<EventEdge> around_;
};

// Confidence, first source URL and evidence of event edges, read per edge. Source articles are
// cached (a bounded map: cleared when full), as many events share a few sources.
class EdgeDetails {
 public:
  EdgeDetails(const Store& store, size_t evidence) : store_(store), evidence_(evidence) {}

  void load(std::string_view eventId, const EdgeRecord* record, ExportEdge& edge) {
    evidenceRows_.clear();
    url_.clear();
    edge.confidence.reset();
    edge.evidence = nullptr;
    if (record && evidence_ == 0) {
      // Everything is at hand but the source's URL (cached: sources are shared).
      edge.confidence = record->confidence;
      if (!record->firstArticleId.empty()) url_ = article(std::string(record->firstArticleId)).url;
      edge.sourceUrl = url_;
      return;
    }
    const std::string id(eventId);
    if (record)
      edge.confidence = record->confidence;
    else if (auto ev = store_.event(id))
      edge.confidence = ev->confidence;
    const auto mentions = store_.mentions(id);
    for (const StoredMention& m : mentions) {
      const SourceArticle& a = article(m.articleId);
      if (url_.empty()) url_ = a.url;
      if (evidenceRows_.size() >= evidence_) {
        if (!url_.empty()) break;
        continue;
      }
      ExportEvidence ev;
      ev.sentence =
          m.sentence.empty() ? fmt::format("row {} of {}", m.sentenceIndex, a.title) : m.sentence;
      ev.url = a.url;
      ev.title = a.title;
      ev.published = a.published;
      evidenceRows_.push_back(std::move(ev));
    }
    edge.sourceUrl = url_;
    edge.evidence = evidence_ ? &evidenceRows_ : nullptr;
  }

 private:
  struct SourceArticle {
    std::string url, title, published;
  };
  const SourceArticle& article(const std::string& articleId) {
    auto it = articles_.find(articleId);
    if (it != articles_.end()) return it->second;
    if (articles_.size() >= kMaxCached) articles_.clear();
    SourceArticle s;
    if (auto a = store_.article(articleId, false)) {
      s.url = std::move(a->article.url);
      s.title = std::move(a->article.title);
      s.published = std::move(a->article.published);
    }
    return articles_.emplace(articleId, std::move(s)).first->second;
  }

  static constexpr size_t kMaxCached = 4096;
  const Store& store_;
  size_t evidence_;
  std::unordered_map<std::string, SourceArticle> articles_;
  std::vector<ExportEvidence> evidenceRows_;
  std::string url_;
};

void writeNodes(const Store& store, std::vector<std::string> ids, GraphWriter& writer) {
  std::sort(ids.begin(), ids.end());
  constexpr size_t kBatch = 512;
  for (size_t at = 0; at < ids.size(); at += kBatch) {
    std::vector<std::string> batch(ids.begin() + at,
                                   ids.begin() + std::min(ids.size(), at + kBatch));
    auto found = store.entities(batch);
    for (size_t i = 0; i < batch.size(); ++i) {
      ExportNode n;
      n.id = batch[i];
      if (found[i]) {
        n.name = std::move(found[i]->name);
        n.type = std::move(found[i]->type);
        n.country = std::move(found[i]->country);
        n.sector = std::move(found[i]->sector);
      }
      if (n.name.empty()) n.name = n.id;
      writer.node(n);
    }
  }
}

}  // namespace

std::optional<ExportFormat> parseExportFormat(std::string_view name) {
  for (size_t i = 0; i < std::size(kFormatNames); ++i)
    if (kFormatNames[i] == name) return static_cast<ExportFormat>(i);
  return std::nullopt;
}

std::string_view exportFormatName(ExportFormat format) {
  return kFormatNames[static_cast<size_t>(format)];
}

ExportSummary exportGraph(const Store& store, const ExportRequest& request, GraphWriter& writer) {
  const EdgeSource source(store, request);
  const size_t cap = request.maxEdges ? request.maxEdges : SIZE_MAX;
  ExportSummary summary;

  // Pass 1: the entities the kept edges touch.
  std::unordered_set<std::string> entities;
  if (source.start()) entities.insert(*source.start());
  size_t kept = 0;
  source.forEach(false, [&](const EdgeEntry& e, const EdgeRecord*) {
    if (kept == cap) {
      summary.truncated = true;
      return false;
    }
    ++kept;
    if (!entities.contains(std::string(e.actorId))) entities.emplace(e.actorId);
    if (!entities.contains(std::string(e.targetId))) entities.emplace(e.targetId);
    return true;
  });

  writer.begin();
  summary.nodes = entities.size();
  writeNodes(store, std::vector<std::string>(entities.begin(), entities.end()), writer);

  // Pass 2: the edges, written as they are scanned. An edge stored between the two passes (by a
  // concurrent writer) whose ends were not seen is skipped, so every edge has its nodes.
  EdgeDetails details(store, writer.evidencePerEvent());
  std::string key;
  source.forEach(true, [&](const EdgeEntry& e, const EdgeRecord* record) {
    if (summary.edges == kept) return false;
    key.assign(e.actorId);
    if (!entities.contains(key)) return true;
    key.assign(e.targetId);
    if (!entities.contains(key)) return true;
    const std::string date = daysToIso(e.day);
    ExportEdge edge;
    edge.eventId = e.eventId;
    edge.actorId = e.actorId;
    edge.targetId = e.targetId;
    edge.cls = e.cls;
    edge.code = e.code;
    edge.label = e.label;
    edge.date = date;
    edge.mentions = e.mentions;
    details.load(e.eventId, record, edge);
    writer.edge(edge);
    ++summary.edges;
    return true;
  });
  writer.finish(summary);
  return summary;
}

std::unique_ptr<GraphWriter> makeGraphWriter(ExportFormat format, std::ostream& out) {
  switch (format) {
    case ExportFormat::gexf:
      return exporting::makeGexfWriter(out);
    case ExportFormat::graphml:
      return exporting::makeGraphmlWriter(out);
    case ExportFormat::dot:
      return exporting::makeDotWriter(out);
    case ExportFormat::cytoscape:
      return exporting::makeCytoscapeWriter(out);
    case ExportFormat::graphology:
      return exporting::makeGraphologyWriter(out);
    case ExportFormat::html:
      return exporting::makeHtmlWriter(out);
    case ExportFormat::neo4j:
      break;
  }
  throw QueryError("neo4j export writes two files: use makeNeo4jWriter");
}

std::unique_ptr<GraphWriter> makeNeo4jWriter(std::ostream& nodes, std::ostream& relationships) {
  return exporting::makeNeo4jCsvWriter(nodes, relationships);
}

namespace {

// A new or regular file is written under a temporary name and renamed into place when
// complete, so a failed export never leaves a truncated file that looks whole. Anything else
// (a device such as /dev/null or /dev/stdout, a FIFO, a symbolic link) is written in place:
// renaming over it would replace it.
class OutputFile {
 public:
  explicit OutputFile(std::string path) : path_(std::move(path)) {
    std::error_code ec;
    const auto link = std::filesystem::symlink_status(path_, ec);
    const bool inPlace =
        !ec && std::filesystem::exists(link) &&
        (std::filesystem::is_symlink(link) || !std::filesystem::is_regular_file(link));
    if (!inPlace) partial_ = path_ + ".partial";
    const std::string& target = inPlace ? path_ : partial_;
    out_.open(target, std::ios::binary | std::ios::trunc);
    if (!out_) throw Error(fmt::format("cannot write {}", target));
  }
  ~OutputFile() {
    if (!done_ && !partial_.empty()) {
      out_.close();
      std::error_code ec;
      std::filesystem::remove(partial_, ec);
    }
  }
  std::ostream& stream() { return out_; }
  void commit() {
    out_.close();
    if (!out_) throw Error(fmt::format("cannot write {}", partial_.empty() ? path_ : partial_));
    if (!partial_.empty()) {
      std::error_code ec;
      std::filesystem::rename(partial_, path_, ec);
      if (ec) throw Error(fmt::format("cannot rename {} to {}: {}", partial_, path_, ec.message()));
    }
    done_ = true;
  }

 private:
  std::string path_, partial_;  // partial_: empty when writing in place
  std::ofstream out_;
  bool done_ = false;
};

}  // namespace

ExportSummary exportToPath(const Store& store, const ExportRequest& request, ExportFormat format,
                           const std::string& path, std::ostream& standardOutput) {
  if (format == ExportFormat::html && !htmlViewerAvailable())
    throw Error(htmlViewerUnavailableReason());
  if (format == ExportFormat::neo4j) {
    if (path == "-") throw QueryError("neo4j export writes two files: -o takes a directory");
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) throw Error(fmt::format("cannot create directory {}: {}", path, ec.message()));
    OutputFile nodes((std::filesystem::path(path) / "nodes.csv").string());
    OutputFile relationships((std::filesystem::path(path) / "relationships.csv").string());
    auto writer = makeNeo4jWriter(nodes.stream(), relationships.stream());
    const ExportSummary summary = exportGraph(store, request, *writer);
    nodes.commit();
    relationships.commit();
    return summary;
  }
  if (path == "-") {
    auto writer = makeGraphWriter(format, standardOutput);
    const ExportSummary summary = exportGraph(store, request, *writer);
    standardOutput.flush();
    return summary;
  }
  OutputFile file(path);
  auto writer = makeGraphWriter(format, file.stream());
  const ExportSummary summary = exportGraph(store, request, *writer);
  file.commit();
  return summary;
}

namespace exporting {

std::string formatConfidence(double value) {
  return fmt::format("{:.4g}", value);
}

}  // namespace exporting
}  // namespace dossier
