// The dictionaries the extractor codes with: countries, organisations (agencies, threat-actor
// groups, companies), sector nouns ("agents"), and verb and noun patterns. They are line-oriented,
// tab-separated text files (ingest/dict/*.tsv, whose headers document each column); the shipped
// files are compiled into the binary, and further files can be added on top.
//
// Errors: every add*() call validates its text and throws DictionaryError naming the file and
// line of the first problem; entries before it stay loaded. Lookups never throw.
// Thread safety: a fully loaded Dictionary is immutable and may be shared by threads.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "schema/model.h"

namespace dossier {

class DictionaryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// How a gazetteer phrase refers to its entity.
enum class PhraseKind {
  name,     // "China", "Federal Bureau of Investigation"
  demonym,  // "Chinese": a modifier of the country ("Chinese hackers")
  seat,     // "Beijing", "the Kremlin": the government, by its seat
};

struct ActorPhrase {
  std::vector<std::string> tokens;  // exact-case tokens, leading "the" removed
  size_t entity = 0;                // index into Dictionary::entities()
  PhraseKind kind = PhraseKind::name;
};

struct Agent {
  std::string code;   // COP, GOV, SPY, ...
  std::string type;   // entity type of the composite actor
  std::string label;  // "police": the composite is named "<demonym> <label>"
};

struct AgentPhrase {
  std::vector<std::string> tokens;  // lower-case
  size_t agent = 0;
};

// A verb or noun pattern: its forms mean an action of class `cls`.
struct VerbPattern {
  std::string id, cls, code, label;
  std::vector<std::string> context;  // lower-case words, any of which must follow the form
  bool nominal = false;              // from nouns.tsv: "a data breach", "the ransomware attack"
  bool subjectIsTarget = false;      // "the hospital paid the ransom": the subject is the victim
  bool objectImpersonated = false;   // "posing as Netflix": the object is no party to the event
};

// A vendor's scheme for naming threat-actor groups (naming.tsv): what a name the other
// dictionaries do not know says about the group it names.
struct GroupNaming {
  enum class Form { number, last, first };
  Form form = Form::number;
  std::string affix;    // case-sensitive
  std::string country;  // ISO alpha-3, empty for none
  std::string type;     // apt, cybercrime, hacktivist
};

struct TriggerPhrase {
  std::vector<std::string> tokens;  // lower-case
  size_t pattern = 0;               // index into Dictionary::patterns()
};

// Hash maps keyed by std::string that can be searched with a std::string_view (no copy).
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;

// A map from a token to the phrases it starts, with a filter on the token's first two bytes
// that answers most misses without hashing (most tokens of a text start no phrase).
template <typename Phrase>
class PhraseIndex {
 public:
  std::vector<Phrase>& bucket(const std::string& first) {
    seen_[key(first)] = true;
    return map_[first];
  }
  const std::vector<Phrase>* find(std::string_view first) const {
    if (first.empty() || !seen_[key(first)]) return nullptr;
    auto it = map_.find(first);
    return it == map_.end() ? nullptr : &it->second;
  }

 private:
  // A cheap filter before the hash map: most words start no phrase, and their length, first
  // two and last two bytes tell so without hashing the whole word.
  static size_t key(std::string_view s) {
    const auto at = [&](size_t i) { return static_cast<size_t>(static_cast<unsigned char>(s[i])); };
    const size_t n = s.size();
    size_t h = n * 0x9E3779B1u;
    h ^= at(0) * 0x85EBCA77u;
    h ^= at(n > 1 ? 1 : 0) * 0xC2B2AE3Du;
    h ^= at(n - 1) * 0x27D4EB2Fu;
    h ^= at(n > 2 ? n - 2 : 0) * 0x165667B1u;
    return (h ^ (h >> 15)) & ((size_t{1} << 20) - 1);
  }
  StringMap<std::vector<Phrase>> map_;
  std::vector<bool> seen_ = std::vector<bool>(size_t{1} << 20, false);
};

class Dictionary {
 public:
  // The dictionaries shipped in ingest/dict/, compiled into the program.
  static Dictionary builtin();

  // Each adds the entries of one file of its kind and returns how many; `file` names it in
  // error messages.
  size_t addCountries(std::string_view file, std::string_view text);
  // Organisations: agencies.tsv, groups.tsv and companies.tsv share this format.
  size_t addAgencies(std::string_view file, std::string_view text);
  size_t addAgents(std::string_view file, std::string_view text);
  size_t addVerbs(std::string_view file, std::string_view text);
  size_t addNouns(std::string_view file, std::string_view text);
  size_t addNaming(std::string_view file, std::string_view text);

  // Adds a dictionary file, its kind named by the first part of its file name (countries,
  // agencies, groups, companies, agents, verbs, nouns, naming: "groups.local.tsv" is a groups
  // file).
  // Returns the entries added. Throws DictionaryError for an unreadable file, an unknown kind,
  // or a bad entry (naming file and line).
  size_t addFile(const std::string& path);
  // Adds every *.tsv file of `dir`, in name order. Throws DictionaryError.
  size_t addDirectory(const std::string& dir);

  const std::vector<Entity>& entities() const { return entities_; }
  const std::vector<Agent>& agents() const { return agents_; }
  const std::vector<VerbPattern>& patterns() const { return patterns_; }
  std::optional<size_t> entityIndex(std::string_view id) const;
  std::optional<size_t> agentIndex(std::string_view code) const;
  // The first demonym of a country ("Dutch" for NLD), or its name when it has none.
  std::string demonym(std::string_view countryId) const;

  // The naming scheme a name of `words` (exact case) follows, if any: "UNC6293", "Volt
  // Typhoon", "BRONZE PRESIDENT". Later rules win over earlier ones.
  const GroupNaming* groupNaming(const std::vector<std::string_view>& words) const;

  // Candidate phrases starting with `token` (exact case), longest first.
  const std::vector<ActorPhrase>* actorPhrases(std::string_view token) const;
  // Candidate agent phrases starting with `lowerToken`, longest first: all sector nouns, or
  // (`alone`) only those that name an actor without a country ("hackers", "users").
  const std::vector<AgentPhrase>* agentPhrases(std::string_view lowerToken,
                                               bool alone = false) const;
  // Candidate trigger phrases (verb and noun forms) starting with `lowerToken`, longest first.
  const std::vector<TriggerPhrase>* triggerPhrases(std::string_view lowerToken) const;

 private:
  void addPhrase(std::string_view phrase, size_t entity, PhraseKind kind);
  size_t addPatterns(std::string_view file, std::string_view text, bool nominal);
  size_t addEntity(Entity e, std::string_view file, size_t line);

  std::vector<Entity> entities_;
  StringMap<size_t> entityById_;
  StringMap<std::string> demonyms_;
  PhraseIndex<ActorPhrase> actorPhrases_;
  std::vector<Agent> agents_;
  PhraseIndex<AgentPhrase> agentPhrases_;
  PhraseIndex<AgentPhrase> aloneAgentPhrases_;
  std::vector<VerbPattern> patterns_;
  PhraseIndex<TriggerPhrase> triggers_;
  std::vector<GroupNaming> namings_;
};

}  // namespace dossier
