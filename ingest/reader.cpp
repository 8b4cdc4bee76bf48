#include "ingest/reader.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ingest/dates.h"
#include "ingest/text.h"

namespace dossier {
namespace {

namespace fs = std::filesystem;

std::string fileDate(const fs::path& p) {
  std::error_code ec;
  auto ft = fs::last_write_time(p, ec);
  auto now = std::chrono::system_clock::now();
  auto when = ec ? now : std::chrono::file_clock::to_sys(ft);
  auto days = std::chrono::floor<std::chrono::days>(when);
  return daysToIso(static_cast<int32_t>(days.time_since_epoch().count()));
}

std::string todayIso() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return daysToIso(static_cast<int32_t>(days.time_since_epoch().count()));
}

// Builds a plain-text article from the whole content of one input.
void plainArticle(const std::string& name, std::string content, const std::string& mtimeDate,
                  const ReaderOptions& o, const ArticleHandler& onArticle,
                  const ProblemHandler& onProblem) {
  if (auto problem = textProblem(content); !problem.empty()) {
    onProblem({name, 0, problem});
    return;
  }
  Article a;
  a.url = o.url;
  // A first line that is a date dates the article and is not part of its text.
  size_t nl = content.find('\n');
  std::string_view first = std::string_view(content).substr(0, nl);
  if (auto d = parseDateLine(first)) {
    a.published = *d;
    a.publishedFrom = DateSource::firstLine;
    content.erase(0, nl == std::string::npos ? content.size() : nl + 1);
  }
  if (!o.published.empty()) {
    a.published = o.published;
    a.publishedFrom = DateSource::given;
  } else if (a.published.empty()) {
    a.published = mtimeDate;
    a.publishedFrom = DateSource::fileTime;
  }
  if (!o.title.empty()) {
    a.title = o.title;
  } else {
    size_t start = content.find_first_not_of(" \t\r\n");
    if (start != std::string::npos) {
      size_t end = content.find('\n', start);
      std::string line = text::squeeze(std::string_view(content).substr(
          start, end == std::string::npos ? content.npos : end - start));
      if (!line.empty() && line.size() <= 200 &&
          std::string_view(".!?\"").find(line.back()) == std::string_view::npos)
        a.title = line;
    }
  }
  a.text = std::move(content);
  if (a.text.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
    onProblem({name, 0, "file has no text besides its date line"});
    return;
  }
  onArticle(std::move(a));
}

std::string jsonString(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

void jsonLines(const std::string& name, std::istream& in, const std::string& mtimeDate,
               const ReaderOptions& o, const ArticleHandler& onArticle,
               const ProblemHandler& onProblem) {
  std::string line;
  size_t lineNo = 0;
  size_t articles = 0;
  bool anyContent = false;
  while (std::getline(in, line)) {
    ++lineNo;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    anyContent = true;
    if (line.size() > o.maxArticleBytes) {
      onProblem({name, lineNo,
                 fmt::format("line is {} bytes, over the {} byte limit", line.size(),
                             o.maxArticleBytes)});
      continue;
    }
    if (auto bad = text::invalidUtf8At(line)) {
      onProblem({name, lineNo, fmt::format("invalid UTF-8 at byte {}", *bad + 1)});
      continue;
    }
    nlohmann::json obj;
    try {
      obj = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      // nlohmann says "[json.exception.parse_error.101] parse error at line 1, column 40: why";
      // keep "why" and say where in this line.
      std::string why = e.what();
      if (auto colon = why.find(": ", why.find("column")); colon != std::string::npos)
        why = why.substr(colon + 2);
      onProblem({name, lineNo, fmt::format("malformed JSON at byte {}: {}", e.byte, why)});
      continue;
    }
    if (!obj.is_object()) {
      onProblem({name, lineNo, "expected a JSON object with a \"text\" field"});
      continue;
    }
    auto textIt = obj.find("text");
    if (textIt == obj.end() || !textIt->is_string()) {
      onProblem({name, lineNo, "no \"text\" field (a string) in this article"});
      continue;
    }
    Article a;
    a.text = textIt->get<std::string>();
    if (a.text.find_first_not_of(" \t\r\n\f\v") == std::string::npos) {
      onProblem({name, lineNo, "\"text\" is empty"});
      continue;
    }
    a.url = jsonString(obj, "url");
    a.title = jsonString(obj, "title");
    a.publisher = jsonString(obj, "publisher");
    std::string published = jsonString(obj, "published");
    if (published.empty()) published = jsonString(obj, "date");
    if (!o.published.empty()) {
      a.published = o.published;
    } else if (!published.empty()) {
      auto d = parseDateLine(published);
      if (!d) {
        onProblem({name, lineNo, fmt::format("\"published\" is not a date: '{}'", published)});
        continue;
      }
      a.published = *d;
    } else {
      a.published = mtimeDate;
      a.publishedFrom = DateSource::fileTime;
    }
    ++articles;
    onArticle(std::move(a));
  }
  if (!anyContent) onProblem({name, 0, "file is empty"});
}

void readFile(const fs::path& path, const std::string& name, const ReaderOptions& o,
              const ArticleHandler& onArticle, const ProblemHandler& onProblem) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    onProblem({name, 0, "cannot open file"});
    return;
  }
  const std::string mtime = fileDate(path);
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  if (ext == ".jsonl" || ext == ".ndjson") {
    // Binary content is refused before line parsing would report every line of it.
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    if (text::looksBinary(head)) {
      onProblem({name, 0, "binary file, not JSON Lines text"});
      return;
    }
    in.clear();
    in.seekg(0);
    jsonLines(name, in, mtime, o, onArticle, onProblem);
    return;
  }
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (!ec && size > o.maxArticleBytes) {
    onProblem({name, 0,
               fmt::format("file is {} bytes, over the {} byte limit for one article", size,
                           o.maxArticleBytes)});
    return;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  plainArticle(name, buf.str(), mtime, o, onArticle, onProblem);
}

}  // namespace

std::string InputProblem::describe() const {
  if (line > 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}: {}", file, message);
}

std::string textProblem(std::string_view content) {
  if (content.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos) return "file is empty";
  if (text::looksBinary(content)) return "binary file, not text";
  if (auto bad = text::invalidUtf8At(content))
    return fmt::format("invalid UTF-8 at byte {}", *bad + 1);
  return {};
}

void readArticles(const std::string& path, const ReaderOptions& o, const ArticleHandler& onArticle,
                  const ProblemHandler& onProblem) {
  if (path == "-") {
    // JSON Lines stream line by line, however long; plain text is one article, read up to the
    // size limit.
    std::istream& in = std::cin;
    while (in && std::isspace(in.peek()) != 0) in.get();
    if (in.peek() == '{') {
      jsonLines(path, in, todayIso(), o, onArticle, onProblem);
      return;
    }
    std::string content;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      content.append(buffer, static_cast<size_t>(in.gcount()));
      if (content.size() > o.maxArticleBytes) {
        onProblem(
            {path, 0,
             fmt::format("input is over the {} byte limit for one article", o.maxArticleBytes)});
        return;
      }
    }
    plainArticle(path, std::move(content), todayIso(), o, onArticle, onProblem);
    return;
  }
  std::error_code ec;
  fs::path p(path);
  auto status = fs::status(p, ec);
  if (ec || !fs::exists(status)) {
    onProblem({path, 0, "no such file or directory"});
    return;
  }
  if (fs::is_directory(status)) {
    std::vector<fs::path> files;
    for (auto it =
             fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) readFile(f, f.string(), o, onArticle, onProblem);
    return;
  }
  readFile(p, path, o, onArticle, onProblem);
}

}  // namespace dossier
