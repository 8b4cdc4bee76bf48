// The actors an article has named so far, for coreference: what "he", "it", "they", "the
// company", "the hackers" and "the researchers" refer to, and the kinds of the names it
// introduced. Private to ingest/ (the extractor).
// One per article; not thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/mentions.h"
#include "ingest/roles.h"
#include "ingest/text.h"
#include "ingest/words.h"
#include "schema/model.h"

namespace dossier {

// The actors of an article so far, most recent last: what "he", "it", "the company" refer to.
class Discourse {
 public:
  void add(const Entity& e) {
    if (e.id.empty() || e.id == kUnknownActorId) return;
    if (isOnePerson(e) && e.type != "person") return remember(people_, e);
    // Generic actors are no antecedents of "it" or "the company" ("the company" is not
    // "companies"); attackers and plural victims are antecedents of "they": "Hackers broke in.
    // They stole ..." (the hackers), "Hospitals were hit. They paid ..." (the hospitals).
    if (e.id.starts_with("ANY.") && e.sector != "HAC") return addPlural(e);
    remember(recent_, e);
  }

  // An organisation that reported or attributed something: what "the researchers" refers to.
  void addSource(const Entity& e) {
    if (!isCompanyType(e.type) || e.id.starts_with("ANY.")) return;
    if (!sources_.empty() && sources_.back().entity.id == e.id) return;
    remember(sources_, e);
  }

  // "SecurityScorecard researchers": researchers named after an organisation the article has
  // named are that organisation's.
  std::optional<Entity> researchersOf(const ActorMention& m) const {
    if (m.kind != MentionKind::generic || m.entity.sector != "RES") return std::nullopt;
    const std::string alias = text::lower(m.entity.alias);
    const size_t space = alias.find_last_of(' ');
    if (space == std::string::npos || space == 0) return std::nullopt;
    const std::string_view owner = std::string_view(alias).substr(0, space);
    for (const auto* list : {&sources_, &recent_})
      for (auto it = list->rbegin(); it != list->rend(); ++it)
        if (isCompanyType(it->entity.type) || it->entity.id.starts_with("N."))
          if (text::lower(it->entity.name) == owner) return it->entity;
    return std::nullopt;
  }

  // "According to data released by NCC Group, ... Researchers have determined that": bare
  // researchers, right after an organisation was quoted, are that organisation's.
  std::optional<Entity> quotedResearchers(const ActorMention& m) const {
    if (m.kind != MentionKind::generic || m.definite || m.entity.sector != "RES" ||
        sources_.empty() ||
        !words::isOneOf(text::lower(m.entity.alias), {"researchers", "security researchers"}))
      return std::nullopt;
    return sources_.back().entity;
  }

  // A generic actor other than attackers ("users", "Dutch hospitals"): an antecedent of "they"
  // only, when its phrase is plural.
  void addPlural(const Entity& e) {
    if (e.id.empty() || e.id == kUnknownActorId) return;
    if (isPluralNoun(e.alias))
      remember(plural_, e);
    else if (isOnePerson(e))
      remember(people_, e);
  }

  // The entity a pronoun or a definite generic noun ("the company") refers to, if any.
  std::optional<Entity> resolve(const ActorMention& m) const {
    const std::string w = text::lower(m.entity.alias);
    auto latest = [&](auto&& fits) -> std::optional<Entity> {
      for (auto it = recent_.rbegin(); it != recent_.rend(); ++it)
        if (fits(it->entity)) return it->entity;
      return std::nullopt;
    };
    if (m.kind == MentionKind::pronoun) {
      // he, him, she: the person named last, or a lone attacker ("the attacker ... he").
      if (w == "he" || w == "him" || w == "she") {
        const Remembered* best = nullptr;
        for (auto it = recent_.rbegin(); it != recent_.rend() && !best; ++it)
          if (isOnePerson(it->entity) ||
              (it->entity.id.starts_with("ANY.") && it->entity.sector == "HAC" &&
               !isPluralNoun(it->entity.alias)))
            best = &*it;
        // "a Russian national ... charged him", "a man ... he": one unnamed person.
        if (!people_.empty() && (best == nullptr || people_.back().order > best->order))
          best = &people_.back();
        if (best == nullptr) return std::nullopt;
        return best->entity;
      }
      if (w == "it")
        return latest([](const Entity& e) { return e.type != "person" && e.type != "country"; });
      // they, them: a named group before generic attackers ("the hackers") or plural victims
      // ("the users"), of which the one named last.
      if (auto named =
              latest([](const Entity& e) { return isGroupType(e) && !e.id.starts_with("ANY."); }))
        return named;
      const Remembered* best = nullptr;
      for (auto it = recent_.rbegin(); it != recent_.rend() && !best; ++it)
        if (isGroupType(it->entity)) best = &*it;
      if (!plural_.empty() && (best == nullptr || plural_.back().order > best->order))
        best = &plural_.back();
      if (best == nullptr) return std::nullopt;
      return best->entity;
    }
    // "the researchers said": the organisation last quoted as a source of the article, before
    // any other (a capitalised malware or campaign name is no source of research).
    if (m.entity.sector == "RES" && !sources_.empty()) return sources_.back().entity;
    if (m.entity.sector == "BUS" || m.entity.sector == "RES")
      return latest([](const Entity& e) { return isCompanyType(e.type); });
    // "the hackers", "the attackers": the attackers last named, before generic ones ("Russian
    // hackers targeted him ... the hackers then compromised his account": the Russian hackers).
    if (m.entity.sector == "HAC") {
      if (auto named = latest([](const Entity& e) { return isGroupType(e) && e.id != "ANY.HAC"; }))
        return named;
      return latest([](const Entity& e) { return isGroupType(e); });
    }
    if (m.entity.sector == "GOV")  // "the agency", "the ministry": the body last named
      return latest([](const Entity& e) {
        return words::isOneOf(
            e.type, {"intelligence", "security", "police", "ministry", "cyber", "prosecutor",
                     "court", "government", "legislature", "igo", "military"});
      });
    return std::nullopt;
  }

 private:
  struct Remembered {
    Entity entity;
    size_t order = 0;  // when it was named: later is larger
  };

  void remember(std::vector<Remembered>& list, const Entity& e) {
    list.push_back({e, ++named_});
    if (list.size() > 64) list.erase(list.begin());
  }

  // "users", "hospitals", "people", "staff": a noun phrase that names several.
  static bool isPluralNoun(const std::string& phrase) {
    const std::string w = text::lower(phrase.substr(phrase.find_last_of(' ') + 1));
    if (words::isOneOf(w, {"people", "staff", "police", "personnel", "children", "media"}))
      return true;
    return w.size() > 3 && w.back() == 's' && !w.ends_with("ss") && !w.ends_with("us");
  }

  // A named person, or one unnamed person by role: "a Russian national", "a former soldier".
  static bool isOnePerson(const Entity& e) {
    if (e.type == "person") return true;
    if (e.alias.empty()) return false;
    const std::string head = text::lower(e.alias.substr(e.alias.find_last_of(' ') + 1));
    return words::isOneOf(
        head, {"man",         "woman",         "national",   "citizen",    "resident",  "engineer",
               "businessman", "businesswoman", "contractor", "employee",   "student",   "scientist",
               "researcher",  "expert",        "analyst",    "journalist", "reporter",  "diplomat",
               "soldier",     "officer",       "sailor",     "activist",   "dissident", "official",
               "individual",  "person"});
  }

  std::vector<Remembered> recent_;   // named actors and attackers
  std::vector<Remembered> people_;   // unnamed single people
  std::vector<Remembered> plural_;   // generic plural actors other than attackers
  std::vector<Remembered> sources_;  // organisations quoted as sources
  size_t named_ = 0;
};

// The names an article has shown to be a person, an attacker or malware, which keep that kind
// in its later sentences: "Karim Baratov, 22, ... Baratov broke into", "a hacker known as
// Cipher0007 ... Cipher0007 stole", "The Dark Overlord (TDO) ... TDO leaked". A person's
// surname alone, and a one-word short name introduced beside a name, are that entity.
class KnownNames {
 public:
  // Gives the sentence's names their known kinds (adding a mention for a known one-word name
  // the sentence reader did not take for a name, as at the start of a sentence), then
  // remembers the names it shows to be people, attackers or malware.
  void apply(SentenceMentions& s) {
    for (size_t k = 0; k < s.size() && !byKey_.empty(); ++k) {
      const text::Token& t = s.token(k);
      if (!t.word || s.mentionAt(k) || !(t.text[0] >= 'A' && t.text[0] <= 'Z')) continue;
      if (auto it = byKey_.find(key(s.lower(k))); it != byKey_.end())
        s.addName(k, k + 1, it->second);
    }
    for (auto& m : s.mentions()) {
      if (m.entity.id.empty() || m.entity.id.starts_with("ANY.")) continue;
      if ((m.kind == MentionKind::name || isGroupType(m.entity)) &&
          (m.entity.type == "person" || m.entity.type == "malware" || isHostile(m.entity))) {
        remember(m.entity);
        continue;
      }
      if (!m.entity.id.starts_with("N.")) continue;
      if (auto it = byKey_.find(m.entity.id); it != byKey_.end()) {
        std::string alias = std::move(m.entity.alias);
        m.entity = it->second;
        m.entity.alias = std::move(alias);
      }
    }
  }

 private:
  // Names found in the text have ids "N." and their slug; one word's slug is the word in
  // lower case.
  const std::string& key(std::string_view lowerWord) {
    key_.assign("N.");
    key_ += lowerWord;
    return key_;
  }

  void remember(const Entity& e) {
    if (e.id.starts_with("N.")) byKey_[e.id] = e;
    const std::string& name = e.name;
    if (e.type == "person" && name.find(' ') != std::string::npos)
      byKey_[key(text::lower(std::string_view(name).substr(name.rfind(' ') + 1)))] = e;
    // "The Dark Overlord (TDO) ... TDO leaked": the short name introduced beside it.
    if (e.alias.find(' ') == std::string::npos && e.alias != name)
      byKey_[key(text::lower(e.alias))] = e;
  }

  std::unordered_map<std::string, Entity> byKey_;  // by id, surname or short name
  std::string key_;                                // reused for lookups
};

}  // namespace dossier
