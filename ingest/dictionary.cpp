#include "ingest/dictionary.h"

#include <fmt/format.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/builtin_dict.h"
#include "ingest/text.h"

namespace dossier {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t p = s.find(sep, start);
    out.emplace_back(s.substr(start, p == std::string_view::npos ? s.npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

std::vector<std::string> alternatives(std::string_view column) {
  std::vector<std::string> out;
  for (auto& v : split(column, '|')) {
    std::string t = text::squeeze(v);
    if (!t.empty()) out.push_back(std::move(t));
  }
  return out;
}

// Calls row(lineNumber, columns) for every entry line of a TSV dictionary with `columns` columns.
template <typename Row>
size_t forEachRow(std::string_view file, std::string_view text, size_t columns, Row&& row) {
  size_t rows = 0;
  size_t lineNo = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    auto cols = split(line, '\t');
    // The last column of the pattern files is optional.
    if (columns == 7 && cols.size() == 6) cols.emplace_back();
    if (cols.size() != columns)
      throw DictionaryError(fmt::format("{}:{}: expected {} tab-separated columns, found {}", file,
                                        lineNo, columns, cols.size()));
    if (auto bad = text::invalidUtf8At(line))
      throw DictionaryError(
          fmt::format("{}:{}: invalid UTF-8 at column {}", file, lineNo, *bad + 1));
    row(lineNo, cols);
    ++rows;
  }
  return rows;
}

void require(bool ok, std::string_view file, size_t line, std::string_view problem) {
  if (!ok) throw DictionaryError(fmt::format("{}:{}: {}", file, line, problem));
}

bool validId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
  });
}

}  // namespace

Dictionary Dictionary::builtin() {
  Dictionary d;
  d.addCountries("ingest/dict/countries.tsv", builtin_dict::kCountries);
  d.addAgencies("ingest/dict/agencies.tsv", builtin_dict::kAgencies);
  d.addAgencies("ingest/dict/groups.tsv", builtin_dict::kGroups);
  d.addAgencies("ingest/dict/companies.tsv", builtin_dict::kCompanies);
  d.addAgents("ingest/dict/agents.tsv", builtin_dict::kAgents);
  d.addVerbs("ingest/dict/verbs.tsv", builtin_dict::kVerbs);
  d.addNouns("ingest/dict/nouns.tsv", builtin_dict::kNouns);
  d.addNaming("ingest/dict/naming.tsv", builtin_dict::kNaming);
  return d;
}

size_t Dictionary::addEntity(Entity e, std::string_view file, size_t line) {
  require(validId(e.id), file, line, fmt::format("id '{}' must be A-Z, 0-9, '.' or '_'", e.id));
  require(!e.name.empty(), file, line, "empty name");
  require(!entityById_.contains(e.id), file, line, fmt::format("duplicate id '{}'", e.id));
  entityById_[e.id] = entities_.size();
  entities_.push_back(std::move(e));
  return entities_.size() - 1;
}

void Dictionary::addPhrase(std::string_view phrase, size_t entity, PhraseKind kind) {
  auto tokens = text::tokenize(phrase);
  std::vector<std::string> words;
  for (const auto& t : tokens) words.emplace_back(t.text);
  if (!words.empty() && (words.front() == "the" || words.front() == "The") && words.size() > 1)
    words.erase(words.begin());
  if (words.empty()) return;
  auto& bucket = actorPhrases_.bucket(words.front());
  for (const auto& p : bucket)
    if (p.tokens == words && p.entity == entity) return;
  bucket.push_back({std::move(words), entity, kind});
  std::stable_sort(bucket.begin(), bucket.end(), [](const ActorPhrase& a, const ActorPhrase& b) {
    return a.tokens.size() > b.tokens.size();
  });
}

size_t Dictionary::addCountries(std::string_view file, std::string_view text) {
  return forEachRow(file, text, 5, [&](size_t line, const std::vector<std::string>& c) {
    Entity e{c[0], text::squeeze(c[1]), "country", c[0], "", ""};
    size_t idx = addEntity(e, file, line);
    addPhrase(e.name, idx, PhraseKind::name);
    for (const auto& n : alternatives(c[2])) addPhrase(n, idx, PhraseKind::name);
    auto dems = alternatives(c[3]);
    for (const auto& n : dems) addPhrase(n, idx, PhraseKind::demonym);
    if (!dems.empty()) demonyms_[e.id] = dems.front();
    for (const auto& n : alternatives(c[4])) addPhrase(n, idx, PhraseKind::seat);
  });
}

size_t Dictionary::addAgencies(std::string_view file, std::string_view text) {
  return forEachRow(file, text, 5, [&](size_t line, const std::vector<std::string>& c) {
    Entity e{c[0], text::squeeze(c[3]), text::squeeze(c[2]), c[1] == "INT" ? "" : c[1], "", ""};
    require(!e.type.empty(), file, line, "empty type");
    size_t idx = addEntity(e, file, line);
    addPhrase(e.name, idx, PhraseKind::name);
    for (const auto& n : alternatives(c[4])) {
      addPhrase(n, idx, PhraseKind::name);
      // "Lockbit", "Solarwinds", "Linkedin": news often capitalises only the first letter of a
      // one-word name written in camel case; that spelling names the same entity, unless it is
      // another's.
      const bool camel =
          n.size() > 2 && n.find(' ') == std::string::npos && n[0] >= 'A' && n[0] <= 'Z' &&
          std::any_of(n.begin() + 1, n.end() - 1, [](char ch) { return ch >= 'a' && ch <= 'z'; }) &&
          std::any_of(n.begin() + 2, n.end(), [&](char ch) { return ch >= 'A' && ch <= 'Z'; });
      if (!camel) continue;
      std::string plain = n.substr(0, 1) + text::lower(std::string_view(n).substr(1));
      if (const auto* taken = actorPhrases_.find(plain);
          taken && std::any_of(taken->begin(), taken->end(),
                               [&](const ActorPhrase& p) { return p.tokens.size() == 1; }))
        continue;
      addPhrase(plain, idx, PhraseKind::name);
    }
  });
}

namespace {

std::vector<std::string> lowerTokens(std::string_view phrase) {
  std::vector<std::string> words;
  for (const auto& t : text::tokenize(phrase)) words.push_back(text::lower(t.text));
  return words;
}

template <typename Phrase>
void addSorted(std::vector<Phrase>& bucket, Phrase phrase) {
  bucket.push_back(std::move(phrase));
  std::stable_sort(bucket.begin(), bucket.end(), [](const Phrase& a, const Phrase& b) {
    return a.tokens.size() > b.tokens.size();
  });
}

}  // namespace

size_t Dictionary::addAgents(std::string_view file, std::string_view text) {
  return forEachRow(file, text, 5, [&](size_t line, const std::vector<std::string>& c) {
    require(validId(c[0]), file, line, fmt::format("agent code '{}' must be A-Z or 0-9", c[0]));
    require(!c[1].empty() && !c[2].empty(), file, line, "empty type or label");
    size_t idx = agents_.size();
    agents_.push_back({c[0], c[1], c[2]});
    for (const auto& noun : alternatives(c[3])) {
      auto words = lowerTokens(noun);
      if (!words.empty()) addSorted(agentPhrases_.bucket(words.front()), AgentPhrase{words, idx});
    }
    for (const auto& noun : alternatives(c[4])) {
      auto words = lowerTokens(noun);
      if (words.empty()) continue;
      addSorted(aloneAgentPhrases_.bucket(words.front()), AgentPhrase{words, idx});
      auto& withCountry = agentPhrases_.bucket(words.front());
      if (std::none_of(withCountry.begin(), withCountry.end(),
                       [&](const AgentPhrase& p) { return p.tokens == words; }))
        addSorted(withCountry, AgentPhrase{words, idx});
    }
  });
}

size_t Dictionary::addPatterns(std::string_view file, std::string_view text, bool nominal) {
  return forEachRow(file, text, 7, [&](size_t line, const std::vector<std::string>& c) {
    require(!c[0].empty() && !c[1].empty(), file, line, "empty pattern id or class");
    require(c[2].empty() || std::all_of(c[2].begin(), c[2].end(), ::isdigit), file, line,
            fmt::format("CAMEO code '{}' must be digits", c[2]));
    require(c[2].empty() == c[3].empty(), file, line,
            "a CAMEO code needs its label and vice versa");
    require(isActionClass(c[1]), file, line, fmt::format("unknown action class '{}'", c[1]));
    auto forms = alternatives(c[4]);
    require(!forms.empty(), file, line, "no forms");
    require(c[6].empty() || c[6] == "actor" || c[6] == "target" || c[6] == "impersonated", file,
            line, fmt::format("subject '{}' must be actor, target or impersonated", c[6]));
    VerbPattern p{c[0], c[1], c[2], c[3], {}, nominal, c[6] == "target", c[6] == "impersonated"};
    for (const auto& r : alternatives(c[5])) p.context.push_back(text::lower(r));
    size_t idx = patterns_.size();
    patterns_.push_back(std::move(p));
    for (const auto& f : forms) {
      auto words = lowerTokens(f);
      if (!words.empty()) addSorted(triggers_.bucket(words.front()), TriggerPhrase{words, idx});
    }
  });
}

size_t Dictionary::addVerbs(std::string_view file, std::string_view text) {
  return addPatterns(file, text, false);
}
size_t Dictionary::addNouns(std::string_view file, std::string_view text) {
  return addPatterns(file, text, true);
}

size_t Dictionary::addNaming(std::string_view file, std::string_view text) {
  return forEachRow(file, text, 5, [&](size_t line, const std::vector<std::string>& c) {
    GroupNaming n;
    if (c[0] == "number")
      n.form = GroupNaming::Form::number;
    else if (c[0] == "last")
      n.form = GroupNaming::Form::last;
    else if (c[0] == "first")
      n.form = GroupNaming::Form::first;
    else
      require(false, file, line, fmt::format("form '{}' must be number, last or first", c[0]));
    n.affix = text::squeeze(c[1]);
    require(!n.affix.empty() && n.affix.find(' ') == std::string::npos, file, line,
            "the affix must be one word");
    require(c[2] == "INT" || (c[2].size() == 3 && validId(c[2])), file, line,
            fmt::format("country '{}' must be an ISO alpha-3 code or INT", c[2]));
    n.country = c[2] == "INT" ? "" : c[2];
    require(c[3] == "apt" || c[3] == "cybercrime" || c[3] == "hacktivist", file, line,
            fmt::format("type '{}' must be apt, cybercrime or hacktivist", c[3]));
    n.type = c[3];
    namings_.push_back(std::move(n));
  });
}

namespace {

bool capitalised(std::string_view w) {
  return !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
}

bool allCapitals(std::string_view w) {
  return w.size() >= 3 &&
         std::all_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

const GroupNaming* Dictionary::groupNaming(const std::vector<std::string_view>& words) const {
  for (auto it = namings_.rbegin(); it != namings_.rend(); ++it) {
    const GroupNaming& n = *it;
    switch (n.form) {
      case GroupNaming::Form::number: {
        if (words.size() != 1 || !words[0].starts_with(n.affix)) break;
        std::string_view rest = words[0].substr(n.affix.size());
        if (!rest.empty() && rest.front() == '-') rest.remove_prefix(1);
        if (rest.size() >= 2 && rest.size() <= 5 &&
            std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
          return &n;
        break;
      }
      case GroupNaming::Form::last:
        if (words.size() >= 2 && words.size() <= 3 && words.back() == n.affix &&
            std::all_of(words.begin(), words.end(), capitalised))
          return &n;
        break;
      case GroupNaming::Form::first:
        if (words.size() == 2 && words[0] == n.affix && allCapitals(words[1])) return &n;
        break;
    }
  }
  return nullptr;
}

size_t Dictionary::addFile(const std::string& path) {
  namespace fs = std::filesystem;
  const std::string name = fs::path(path).filename().string();
  const std::string kind = name.substr(0, name.find('.'));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DictionaryError(fmt::format("{}: cannot read dictionary file", path));
  std::ostringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  if (kind == "countries") return addCountries(path, text);
  if (kind == "agencies" || kind == "groups" || kind == "companies") return addAgencies(path, text);
  if (kind == "agents") return addAgents(path, text);
  if (kind == "verbs") return addVerbs(path, text);
  if (kind == "nouns") return addNouns(path, text);
  if (kind == "naming") return addNaming(path, text);
  throw DictionaryError(fmt::format(
      "{}: unknown kind of dictionary '{}': name the file countries, agencies, groups, companies, "
      "agents, verbs, nouns or naming (e.g. groups.local.tsv)",
      path, kind));
}

size_t Dictionary::addDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw DictionaryError(fmt::format("{}: not a directory of dictionaries", dir));
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(dir, ec))
    if (f.is_regular_file() && f.path().extension() == ".tsv") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  size_t n = 0;
  for (const auto& f : files) n += addFile(f.string());
  return n;
}

std::optional<size_t> Dictionary::entityIndex(std::string_view id) const {
  auto it = entityById_.find(id);
  if (it == entityById_.end()) return std::nullopt;
  return it->second;
}

std::optional<size_t> Dictionary::agentIndex(std::string_view code) const {
  for (size_t i = 0; i < agents_.size(); ++i)
    if (agents_[i].code == code) return i;
  return std::nullopt;
}

std::string Dictionary::demonym(std::string_view countryId) const {
  auto it = demonyms_.find(countryId);
  if (it != demonyms_.end()) return it->second;
  auto idx = entityIndex(countryId);
  return idx ? entities_[*idx].name : std::string(countryId);
}

const std::vector<ActorPhrase>* Dictionary::actorPhrases(std::string_view token) const {
  return actorPhrases_.find(token);
}

const std::vector<AgentPhrase>* Dictionary::agentPhrases(std::string_view lowerToken,
                                                         bool alone) const {
  return alone ? aloneAgentPhrases_.find(lowerToken) : agentPhrases_.find(lowerToken);
}

const std::vector<TriggerPhrase>* Dictionary::triggerPhrases(std::string_view lowerToken) const {
  return triggers_.find(lowerToken);
}

}  // namespace dossier
