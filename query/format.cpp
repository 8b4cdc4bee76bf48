#include "query/format.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace dossier {
namespace {

using Json = nlohmann::ordered_json;

Json orNull(const std::string& s) {
  return s.empty() ? Json(nullptr) : Json(s);
}

Json entityJson(const StoredEntity& e) {
  Json j;
  j["id"] = e.id;
  j["name"] = e.name;
  j["type"] = e.type;
  j["country"] = orNull(e.country);
  if (!e.sector.empty()) j["sector"] = e.sector;
  return j;
}

// Cuts `s` to at most `width` display columns, on a UTF-8 boundary, marking the cut with "~".
std::string fit(std::string_view s, size_t width) {
  size_t cols = 0, i = 0;
  while (i < s.size()) {
    size_t len = 1;
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xf0)
      len = 4;
    else if (c >= 0xe0)
      len = 3;
    else if (c >= 0xc0)
      len = 2;
    if (cols + 1 > width) break;
    i += len;
    ++cols;
  }
  std::string out(s.substr(0, i));
  if (i < s.size() && !out.empty()) {
    // Replace the last character by the cut marker.
    size_t back = out.size() - 1;
    while (back > 0 && (static_cast<unsigned char>(out[back]) & 0xc0) == 0x80) --back;
    out.resize(back);
    out += '~';
  }
  return out + std::string(width > cols ? width - std::min(width, cols) : 0, ' ');
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// A name as a table shows it: an agency's country is not always in its name.
std::string displayName(const StoredEntity& e) {
  if (e.type == "country" || e.country.empty() || e.id.starts_with(e.country + ".") == false)
    return e.name;
  return e.name + " (" + e.country + ")";
}

class TableWriter : public EventWriter {
 public:
  explicit TableWriter(std::ostream& out) : out_(out) {}
  void write(const EventRow& r) override {
    if (rows_++ == 0)
      out_ << fit("DATE", 10) << "  " << fit("ACTOR", 34) << "  " << fit("ACTION", 18) << "  "
           << fit("TARGET", 34) << "  MENT  CONF\n";
    std::string action = r.event.cls + (r.event.code.empty() ? "" : " " + r.event.code);
    out_ << fit(r.event.date, 10) << "  " << fit(displayName(r.actor), 34) << "  "
         << fit(action, 18) << "  " << fit(displayName(r.target), 34) << "  "
         << fmt::format("{:>4}  {:.2f}", r.event.mentionCount, r.event.confidence) << '\n';
    // Fresh extractions explain themselves: the pattern that fired, and the sentence.
    if (r.hasEvidence && !r.sources.empty())
      out_ << "            " << r.sources.front().pattern << ": "
           << trimmed(fit(r.sources.front().sentence, 140)) << '\n';
  }
  void finish() override { out_ << fmt::format("({} event{})\n", rows_, rows_ == 1 ? "" : "s"); }

 private:
  std::ostream& out_;
  size_t rows_ = 0;
};

class JsonlWriter : public EventWriter {
 public:
  explicit JsonlWriter(std::ostream& out) : out_(out) {}
  void write(const EventRow& r) override { out_ << eventJson(r) << '\n'; }

 private:
  std::ostream& out_;
};

class CsvWriter : public EventWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out) {
    out_
        << "id,date,date_precision,actor_id,actor,actor_type,actor_country,action_class,code,label,"
           "verb,target_id,target,target_type,target_country,mentions,sources,confidence,url,"
           "sentence\r\n";
  }
  void write(const EventRow& r) override {
    const Source* first = r.sources.empty() ? nullptr : &r.sources.front();
    const std::string fields[] = {r.event.id,
                                  r.event.date,
                                  r.event.precision,
                                  r.actor.id,
                                  r.actor.name,
                                  r.actor.type,
                                  r.actor.country,
                                  r.event.cls,
                                  r.event.code,
                                  r.event.label,
                                  r.event.verb,
                                  r.target.id,
                                  r.target.name,
                                  r.target.type,
                                  r.target.country,
                                  std::to_string(r.event.mentionCount),
                                  std::to_string(r.event.sourceCount),
                                  fmt::format("{:.3f}", r.event.confidence),
                                  first ? first->url : "",
                                  first ? first->sentence : ""};
    bool firstField = true;
    for (const auto& f : fields) {
      if (!firstField) out_ << ',';
      firstField = false;
      out_ << csvField(f);
    }
    out_ << "\r\n";
  }

 private:
  std::ostream& out_;
};

}  // namespace

std::optional<Format> parseFormat(const std::string& name) {
  if (name == "table") return Format::table;
  if (name == "jsonl") return Format::jsonl;
  if (name == "csv") return Format::csv;
  return std::nullopt;
}

std::string csvField(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string eventJson(const EventRow& r) {
  Json j;
  j["id"] = r.event.id;
  j["date"] = r.event.date;
  j["date_precision"] = r.event.precision;
  j["actor"] = entityJson(r.actor);
  if (!r.actorAlias.empty()) j["actor"]["alias"] = r.actorAlias;
  Json action;
  action["class"] = r.event.cls;
  action["code"] = orNull(r.event.code);
  action["label"] = r.event.label.empty() ? Json(r.event.cls) : Json(r.event.label);
  action["verb"] = r.event.verb;
  j["action"] = std::move(action);
  j["target"] = entityJson(r.target);
  if (!r.targetAlias.empty()) j["target"]["alias"] = r.targetAlias;
  j["mentions"] = r.event.mentionCount;
  Json sources = Json::array();
  for (const auto& s : r.sources) {
    Json src;
    src["url"] = orNull(s.url);
    src["title"] = s.title;
    src["published"] = s.published;
    src["sentence"] = s.sentence;
    src["pattern"] = s.pattern;
    src["article_id"] = s.articleId;
    if (!s.alsoAt.empty()) src["also_at"] = s.alsoAt;
    sources.push_back(std::move(src));
  }
  j["sources"] = std::move(sources);
  j["confidence"] = std::round(r.event.confidence * 1000.0) / 1000.0;
  if (r.hasEvidence) {
    Json evidence;
    evidence["sentence_index"] = r.sentenceIndex;
    evidence["begin"] = r.begin;
    evidence["end"] = r.end;
    j["evidence"] = std::move(evidence);
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::unique_ptr<EventWriter> makeEventWriter(Format format, std::ostream& out) {
  switch (format) {
    case Format::jsonl:
      return std::make_unique<JsonlWriter>(out);
    case Format::csv:
      return std::make_unique<CsvWriter>(out);
    case Format::table:
      break;
  }
  return std::make_unique<TableWriter>(out);
}

void writeStats(const StoreCounts& c, Format format, std::ostream& out) {
  if (format == Format::jsonl) {
    Json j;
    j["articles"] = c.articles;
    j["entities"] = c.entities;
    j["events"] = c.events;
    j["mentions"] = c.mentions;
    j["events_by_class"] = Json::object();
    for (const auto& [cls, n] : c.eventsByClass) j["events_by_class"][cls] = n;
    j["first_date"] = orNull(c.firstDate);
    j["last_date"] = orNull(c.lastDate);
    out << j.dump() << '\n';
    return;
  }
  if (format == Format::csv) {
    out << "metric,value\r\n";
    out << "articles," << c.articles << "\r\nentities," << c.entities << "\r\nevents," << c.events
        << "\r\nmentions," << c.mentions << "\r\n";
    for (const auto& [cls, n] : c.eventsByClass)
      out << "events." << csvField(cls) << ',' << n << "\r\n";
    out << "first_date," << c.firstDate << "\r\nlast_date," << c.lastDate << "\r\n";
    return;
  }
  out << fmt::format("articles   {:>10}\nentities   {:>10}\nevents     {:>10}\nmentions   {:>10}\n",
                     c.articles, c.entities, c.events, c.mentions);
  out << fmt::format("dates      {} .. {}\n", c.firstDate.empty() ? "-" : c.firstDate,
                     c.lastDate.empty() ? "-" : c.lastDate);
  if (!c.eventsByClass.empty()) out << "events by action class:\n";
  for (const auto& [cls, n] : c.eventsByClass) out << fmt::format("  {:<16}{:>10}\n", cls, n);
}

}  // namespace dossier
