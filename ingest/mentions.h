// Actor mentions of one sentence: the spans of tokens that name an actor, and the entity each
// names. Private to ingest/ (the extractor and its tests).
//
// Mentions come, in order of precedence, from
//   - the dictionaries: countries, seats of government, agencies, threat-actor groups and
//     companies ("Beijing", "the FBI", "Fancy Bear", "Microsoft");
//   - composites of a country and a sector noun ("Dutch police", "China's hackers"), or of a
//     country and a name ("Russian President Vladimir Putin");
//   - sector nouns that stand alone ("hackers", "the company", "users"): generic actors;
//   - proper names not in the dictionaries ("Catalan Police Union", "Dickson Yeo"), found from
//     capitalisation, typed person or organization from titles and suffixes;
//   - pronouns ("he", "they", "it"), which name no entity until coreference resolves them.
// Thread safety: immutable after construction.
#pragma once

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ingest/dictionary.h"
#include "ingest/text.h"
#include "schema/model.h"

namespace dossier {

enum class MentionKind { dictionary, composite, generic, name, pronoun };

struct ActorMention {
  size_t begin = 0;  // tokens [begin, end) of the sentence
  size_t end = 0;
  Entity entity;  // empty id for an unresolved pronoun
  MentionKind kind = MentionKind::dictionary;
  bool weak = false;      // a bare demonym ("Chinese"): the country, by inference
  bool definite = false;  // "the company", "the agency": may refer to an earlier actor
};

// The id of the actor of an event whose actor the text does not name ("was hacked").
inline constexpr const char* kUnknownActorId = "UNKNOWN";
Entity unknownActor();

// True for the hostile kinds of actor: hackers, threat-actor groups, intelligence services,
// militaries. A possessor of this kind is the author of an attack ("Russia's cyberattack"),
// any other the victim ("Equifax's breach").
bool isHostile(const Entity& e);

class SentenceMentions {
 public:
  // `tokens` must outlive this object. `dictionary` too.
  SentenceMentions(const Dictionary& dictionary, const std::vector<text::Token>& tokens);

  const std::vector<ActorMention>& mentions() const { return mentions_; }
  std::vector<ActorMention>& mentions() { return mentions_; }
  // Adds a name mention of `entity` over tokens [begin, end), which no mention may cover yet
  // (returns false, adding nothing, if one does): a name the article has introduced before
  // ("Baratov" at the start of a sentence, after "Karim Baratov, 22,").
  bool addName(size_t begin, size_t end, const Entity& entity);
  std::optional<size_t> mentionAt(size_t token) const;

  size_t size() const { return tokens_.size(); }
  const std::string& lower(size_t i) const { return lower_[i]; }
  std::string_view word(size_t i) const;
  const text::Token& token(size_t i) const { return tokens_[i]; }
  // True when token i starts a verb form of the pattern dictionary ("accused", "hacked").
  bool verbAt(size_t i) const { return verbAt_[i]; }
  // The trigger phrases (verb and noun forms) starting at token i, or null.
  const std::vector<TriggerPhrase>* triggersAt(size_t i) const { return triggersAt_[i]; }
  // True when some token starts a trigger phrase.
  bool hasTriggers() const {
    return std::any_of(triggersAt_.begin(), triggersAt_.end(),
                       [](auto* p) { return p != nullptr; });
  }

  // Makes generic mention `m` ("its defence ministry") the sector of country `countryId`.
  void giveCountry(size_t m, const std::string& countryId);

  // The mention ending nearest before token `i` (within `maxGap` tokens), with the mentions
  // coordinated with it ("Germany and France"); empty when there is none.
  std::vector<size_t> leftGroup(size_t i, size_t maxGap) const;
  // The first mention after token `i` within `maxGap` tokens and before any barrier (a clause
  // boundary, another verb), with the mentions coordinated with it ("Russia and Iran").
  // `allowBy`: "by" is not a barrier ("the allegations by Australia").
  std::vector<size_t> rightGroup(size_t i, size_t maxGap, bool allowBy = false) const;

 private:
  void findMentions();
  std::optional<std::pair<const ActorPhrase*, size_t>> phraseAt(size_t i) const;
  std::optional<std::pair<size_t, size_t>> agentAt(size_t i, bool alone) const;
  size_t nameEnd(size_t i) const;  // end of a proper-name chunk starting at i, or i
  Entity composite(const Entity& country, size_t agentIndex, std::string_view alias) const;
  Entity named(size_t begin, size_t end, const std::string& country) const;
  // The generic actor of sector noun `agentIndex` at tokens [head, end), modified by the
  // tokens [start, head): "ANY.HAC" (unidentified hackers), "ANY.SYS.developer-systems".
  Entity generic(size_t agentIndex, size_t start, size_t head, size_t end) const;
  bool isNominalModifier(size_t token) const;
  // The length of a dictionary phrase at `i` that phraseAt() declined (a shared alias the
  // sentence does not settle), or 0.
  size_t sharedAliasAt(size_t i) const;
  // A country in a compound token: "China-linked", "Iran-backed" (a one-token phrase).
  std::optional<std::pair<const ActorPhrase*, size_t>> linkedCountryAt(size_t i) const;
  void mergeAppositions();
  void dropQuotedTitles();
  void typeMalwareNames();
  void typePeopleByFate();
  void mergeOwners();
  std::string surface(size_t begin, size_t end) const;
  bool coordinated(size_t gapBegin, size_t gapEnd) const;

  const Dictionary& dict_;
  const std::vector<text::Token>& tokens_;
  std::vector<std::string> lower_;
  std::vector<bool> verbAt_;
  std::vector<int> mentionOf_;  // token -> mention index, -1 when none
  // Dictionary candidates starting at each token, looked up once.
  std::vector<const std::vector<ActorPhrase>*> actorsAt_;
  std::vector<const std::vector<AgentPhrase>*> agentsAt_, aloneAt_;
  std::vector<const std::vector<TriggerPhrase>*> triggersAt_;
  bool titleCase_ = false;  // a headline in Title Case: capitals say nothing about names
  std::set<std::string> countriesHere_;  // ids of the countries the sentence names
  std::vector<ActorMention> mentions_;
};

}  // namespace dossier
