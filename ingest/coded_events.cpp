#include "ingest/coded_events.h"

#include <zlib.h>

#include <fmt/format.h>
#include <filesystem>
#include <unordered_map>

#include "ingest/cameo_classes.h"
#include "schema/error.h"

namespace dossier {
namespace {

// Lines of a plain or gzip file (zlib reads both), without their line ends.
class LineReader {
 public:
  explicit LineReader(const std::string& path) : path_(path) {
    file_ = gzopen(path.c_str(), "rb");
    if (file_ == nullptr) throw Error(fmt::format("{}: cannot open", path));
    gzbuffer(file_, 1 << 17);
  }
  ~LineReader() {
    if (file_ != nullptr) gzclose(file_);
  }
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // False at the end of the file. The view stays valid until the next call.
  bool next(std::string_view& line) {
    for (;;) {
      const size_t nl = buffer_.find('\n', pos_);
      if (nl != std::string::npos) {
        line = std::string_view(buffer_).substr(pos_, nl - pos_);
        pos_ = nl + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return true;
      }
      buffer_.erase(0, pos_);
      pos_ = 0;
      if (eof_) {
        if (buffer_.empty()) return false;
        line = buffer_;
        pos_ = buffer_.size();
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        return true;
      }
      const size_t old = buffer_.size();
      buffer_.resize(old + (1 << 18));
      const int n = gzread(file_, buffer_.data() + old, 1 << 18);
      if (n < 0) {
        int code = 0;
        throw Error(fmt::format("{}: read failed: {}", path_, gzerror(file_, &code)));
      }
      buffer_.resize(old + static_cast<size_t>(n));
      if (n == 0) eof_ = true;
    }
  }

 private:
  std::string path_;
  gzFile file_ = nullptr;
  std::string buffer_;
  size_t pos_ = 0;
  bool eof_ = false;
};

void splitTabs(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return;
    start = tab + 1;
  }
}

bool validDay(std::string_view iso) {
  int32_t d = 0;
  return iso.size() == 10 && iso[4] == '-' && iso[7] == '-' && isoToDays(iso, d);
}

// "20191024" -> "2019-10-24"; empty when not a date.
std::string compactToIso(std::string_view s) {
  if (s.size() < 8) return {};
  std::string iso = fmt::format("{}-{}-{}", s.substr(0, 4), s.substr(4, 2), s.substr(6, 2));
  return validDay(iso) ? iso : std::string();
}

Entity actor(std::string_view id, std::string_view name, std::string_view type) {
  Entity e;
  e.id = std::string(id);
  e.name = std::string(name.empty() ? id : name);
  e.type = std::string(type);
  return e;
}

struct Reader {
  const std::string& path;
  const std::function<void(CodedEvent&&)>& emit;
  const std::function<void(const CodedProblem&)>& problem;
  CodedReadCounts counts;
  size_t line = 0;

  void bad(std::string text) {
    ++counts.malformed;
    problem(CodedProblem{path, line, std::move(text)});
  }

  void event(std::shared_ptr<const Article> source, ExtractedEvent&& e) {
    ++counts.events;
    emit(CodedEvent{std::move(source), std::move(e)});
  }
};

ExtractedEvent baseEvent(Entity&& a, Entity&& t, std::string_view cls, std::string_view code,
                         std::string_view label, std::string date) {
  ExtractedEvent e;
  e.actor = std::move(a);
  e.target = std::move(t);
  e.action.cls = std::string(cls);
  e.action.code = std::string(code);
  e.action.label = std::string(label);
  // No verb: the rows were coded by another system, and the label says what the verb would.
  e.date = std::move(date);
  e.precision = "day";
  e.pattern = "import";
  e.confidence = 0.8;
  return e;
}

void readTsv(Reader& r, LineReader& in) {
  std::string_view text;
  std::vector<std::string> f;
  std::string why;
  auto source = std::make_shared<Article>();
  const std::string name = std::filesystem::path(r.path).filename().string();
  source->id = stableHash("import\n" + name);
  source->url = "file:" + name;
  source->title = name;
  source->publisher = "imported file";
  bool header = true;
  while (in.next(text)) {
    ++r.line;
    if (header) {
      header = false;
      if (text.starts_with("source\trelation\ttarget\tdate")) continue;
      r.bad("no header: expected source<TAB>relation<TAB>target<TAB>date");
      return;
    }
    if (text.empty()) continue;
    ++r.counts.rows;
    if (!splitQuotedTsv(text, f, why)) {
      r.bad(why);
      continue;
    }
    if (f.size() != 4) {
      r.bad(fmt::format("{} fields, expected 4 (source, relation, target, date)", f.size()));
      continue;
    }
    if (f[0].empty() || f[2].empty()) {
      r.bad("empty source or target");
      continue;
    }
    if (f[1].empty()) {
      r.bad("empty relation");
      continue;
    }
    if (!validDay(f[3])) {
      r.bad(fmt::format("date '{}' is not YYYY-MM-DD", f[3]));
      continue;
    }
    auto e = baseEvent(actor(f[0], f[0], "actor"), actor(f[2], f[2], "actor"),
                       classOfCameoLabel(f[1]), "", f[1], f[3]);
    e.sentenceIndex = static_cast<uint32_t>(r.line);  // the source is the file: file:line
    r.event(source, std::move(e));
  }
}

void readIcews(Reader& r, LineReader& in) {
  std::string_view text;
  std::vector<std::string_view> f;
  std::unordered_map<std::string, std::shared_ptr<const Article>> stories;
  bool header = true;
  while (in.next(text)) {
    ++r.line;
    if (header) {
      header = false;
      if (text.starts_with("Event ID\tEvent Date\tSource Name")) continue;
    }
    if (text.empty()) continue;
    ++r.counts.rows;
    splitTabs(text, f);
    if (f.size() != 20) {
      r.bad(fmt::format("{} fields, expected the 20 ICEWS columns", f.size()));
      continue;
    }
    // 0 Event ID 1 Event Date 2 Source Name 3 Source Sectors 4 Source Country 5 Event Text
    // 6 CAMEO Code 8 Target Name 9 Target Sectors 10 Target Country 11 Story ID
    // 12 Sentence Number 13 Publisher
    if (!validDay(f[1])) {
      r.bad(fmt::format("date '{}' is not YYYY-MM-DD", f[1]));
      continue;
    }
    if (f[2].empty() || f[8].empty()) {
      ++r.counts.skipped;
      continue;
    }
    if (f[6].empty() || f[6].find_first_not_of("0123456789") != std::string_view::npos) {
      r.bad(fmt::format("CAMEO code '{}' is not a code", f[6]));
      continue;
    }
    auto type = [](std::string_view name, std::string_view country) {
      return name == country ? "country" : "actor";
    };
    const std::string storyId(f[11]);
    auto found = stories.find(storyId);
    if (found == stories.end()) {
      if (stories.size() > 100000) stories.clear();  // bound memory: a story's rows are close
      auto a = std::make_shared<Article>();
      a->id = stableHash("icews-story\n" + storyId);
      a->url = "icews:story/" + storyId;
      a->title = "ICEWS story " + storyId;
      a->publisher = std::string(f[13]);
      a->published = std::string(f[1]);
      found = stories.emplace(storyId, std::move(a)).first;
    }
    auto source = found->second;
    auto e = baseEvent(actor(f[2], f[2], type(f[2], f[4])), actor(f[8], f[8], type(f[8], f[10])),
                       classOfCameoCode(f[6]), f[6], f[5], std::string(f[1]));
    e.actor.sector = std::string(f[3].substr(0, f[3].find(',')));
    e.target.sector = std::string(f[9].substr(0, f[9].find(',')));
    uint32_t sentence = 0;
    for (char c : f[12])
      if (c >= '0' && c <= '9') sentence = sentence * 10 + static_cast<uint32_t>(c - '0');
    e.sentenceIndex = sentence;
    e.sentence =
        fmt::format("ICEWS event {}, sentence {}: {} / {} / {}", f[0], f[12], f[2], f[5], f[8]);
    r.event(std::move(source), std::move(e));
  }
}

void readGdelt(Reader& r, LineReader& in, bool v2) {
  std::string_view text;
  std::vector<std::string_view> f;
  while (in.next(text)) {
    ++r.line;
    if (text.empty()) continue;
    ++r.counts.rows;
    splitTabs(text, f);
    const bool ok = v2 ? f.size() == 61 : (f.size() == 58 || f.size() == 57);
    if (!ok) {
      r.bad(fmt::format("{} fields, expected {}", f.size(),
                        v2 ? "61 (GDELT 2.0)" : "57 or 58 (GDELT 1.0)"));
      continue;
    }
    const std::string date = compactToIso(f[1]);
    if (date.empty()) {
      r.bad(fmt::format("SQLDATE '{}' is not YYYYMMDD", f[1]));
      continue;
    }
    if (f[5].empty() || f[15].empty()) {
      ++r.counts.skipped;
      continue;
    }
    const std::string_view code = f[26];
    if (code.empty() || code.find_first_not_of("0123456789") != std::string_view::npos) {
      r.bad(fmt::format("EventCode '{}' is not a CAMEO code", code));
      continue;
    }
    const std::string_view url = f.size() == 61 ? f[60] : f.size() == 58 ? f[57] : "";
    auto a = std::make_shared<Article>();
    if (!url.empty()) {
      a->url = std::string(url);
      a->id = articleId(*a);
    } else {
      a->url = fmt::format("gdelt:event/{}", f[0]);
      a->id = stableHash(fmt::format("gdelt-event\n{}", f[0]));
    }
    a->publisher = "GDELT";
    a->published = compactToIso(v2 ? f[59] : f[56]);
    auto type = [](std::string_view t) { return t.empty() ? std::string_view("actor") : t; };
    auto e = baseEvent(actor(f[5], f[6], type(f[12])), actor(f[15], f[16], type(f[22])),
                       classOfCameoCode(code), code, "", date);
    e.actor.country = std::string(f[7]);
    e.target.country = std::string(f[17]);
    uint64_t gid = 0;
    for (char c : f[0])
      if (c >= '0' && c <= '9') gid = gid * 10 + static_cast<uint64_t>(c - '0');
    e.sentenceIndex = static_cast<uint32_t>(gid);
    e.sentence = fmt::format("GDELT event {}", f[0]);
    r.event(std::move(a), std::move(e));
  }
}

}  // namespace

std::optional<CodedFormat> parseCodedFormat(std::string_view name) {
  if (name == "gdelt1") return CodedFormat::gdelt1;
  if (name == "gdelt2") return CodedFormat::gdelt2;
  if (name == "icews") return CodedFormat::icews;
  if (name == "tsv") return CodedFormat::tsv;
  return std::nullopt;
}

std::string CodedProblem::describe() const {
  return fmt::format("{}:{}: {}", file, line, problem);
}

bool splitQuotedTsv(std::string_view line, std::vector<std::string>& fields, std::string& why) {
  fields.clear();
  size_t i = 0;
  for (;;) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) {
          why = "unterminated quoted field";
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(line[i++]);
      }
      if (i < line.size() && line[i] != '\t') {
        why = "text after the closing quote of a field";
        return false;
      }
    } else {
      const size_t tab = line.find('\t', i);
      const size_t end = tab == std::string_view::npos ? line.size() : tab;
      field.assign(line.substr(i, end - i));
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return true;
    ++i;  // the TAB
    if (i == line.size()) {
      fields.emplace_back();
      return true;
    }
  }
}

CodedReadCounts readCodedEvents(const std::string& path, CodedFormat format,
                                const std::function<void(CodedEvent&&)>& emit,
                                const std::function<void(const CodedProblem&)>& problem) {
  LineReader in(path);
  Reader r{path, emit, problem, {}, 0};
  switch (format) {
    case CodedFormat::tsv:
      readTsv(r, in);
      break;
    case CodedFormat::icews:
      readIcews(r, in);
      break;
    case CodedFormat::gdelt1:
      readGdelt(r, in, false);
      break;
    case CodedFormat::gdelt2:
      readGdelt(r, in, true);
      break;
  }
  return r.counts;
}

}  // namespace dossier
