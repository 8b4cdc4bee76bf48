#include "ingest/extractor.h"

#include <algorithm>
#include <array>
#include <optional>

#include "ingest/dates.h"
#include "ingest/text.h"

namespace dossier {
namespace {

using text::Token;

// An actor mention: tokens [begin, end) of a sentence refer to `entity`.
struct ActorMention {
  size_t begin = 0;
  size_t end = 0;
  Entity entity;
  bool weak = false;  // a bare demonym ("Chinese"): the country, by inference
};

bool isOneOf(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

bool isPossessive(std::string_view w) {
  return w == "'s" || w == "'S" || w == "\xe2\x80\x99s";
}

// Words between a country and a sector noun that keep the composite together:
// "Chinese state-backed hackers", "Russian military intelligence", "North Korean government".
bool isModifier(std::string_view w) {
  if (w.empty() || !std::islower(static_cast<unsigned char>(w[0]))) return false;
  if (w.find('-') != std::string_view::npos) return true;  // state-backed, state-sponsored
  return isOneOf(w, {"state", "foreign", "military", "national", "federal", "cyber", "top",
                     "senior", "secret", "domestic", "civilian", "former", "local", "regional",
                     "counterintelligence", "naval", "defence", "defense", "interior"});
}

// Tokens that end the object phrase of a verb: the target must come before them.
bool isObjectBarrier(std::string_view w) {
  return isOneOf(w, {",",
                     ";",
                     ":",
                     "(",
                     ")",
                     "who",
                     "which",
                     "that",
                     "whom",
                     "whose",
                     "suspected",
                     "accused",
                     "alleged",
                     "after",
                     "before",
                     "because",
                     "since",
                     "while",
                     "when",
                     "but",
                     "said",
                     "says",
                     "for",
                     "with",
                     "over",
                     "amid",
                     "by",
                     "as",
                     "if",
                     "and",
                     "or",
                     "\"",
                     "\xe2\x80\x9c",
                     "\xe2\x80\x9d",
                     "-",
                     "--",
                     "\xe2\x80\x94",
                     "\xe2\x80\x93"});
}

bool isDeterminer(std::string_view w) {
  return isOneOf(w, {"a", "an", "the", "two", "three", "four", "five", "several", "some", "its",
                     "their", "his", "her", "other", "another", "more", "many", "dozens", "of"});
}

bool isNegation(std::string_view w) {
  return isOneOf(w, {"not", "n't", "never", "no", "neither", "nor", "cannot", "didn't", "doesn't",
                     "don't", "won't", "wasn't", "weren't", "hasn't", "haven't", "hadn't"});
}

bool isBeAuxiliary(std::string_view w) {
  return isOneOf(w, {"was", "were", "been", "being", "is", "are", "be", "get", "got", "gets"});
}

bool isParticiple(std::string_view w) {
  return w.ends_with("ed") || isOneOf(w, {"hit", "caught", "held", "sentenced", "brought"});
}

class SentenceCoder {
 public:
  SentenceCoder(const Dictionary& dict, const std::vector<Token>& tokens)
      : dict_(dict), t_(tokens), lower_(tokens.size()) {
    for (size_t i = 0; i < t_.size(); ++i) lower_[i] = text::lower(t_[i].text);
    findMentions();
  }

  const std::vector<ActorMention>& mentions() const { return mentions_; }

  // Token index -> mention index covering it.
  std::optional<size_t> mentionAt(size_t token) const {
    for (size_t m = 0; m < mentions_.size(); ++m)
      if (mentions_[m].begin <= token && token < mentions_[m].end) return m;
    return std::nullopt;
  }

  const std::string& lower(size_t i) const { return lower_[i]; }
  std::string_view word(size_t i) const { return i < t_.size() ? t_[i].text : std::string_view(); }
  size_t size() const { return t_.size(); }

  // The mention ending nearest before token `i`, with the mentions coordinated with it
  // ("Germany and France"); empty when none is within `maxGap` tokens.
  std::vector<size_t> leftGroup(size_t i, size_t maxGap) const {
    std::vector<size_t> group;
    for (size_t m = mentions_.size(); m-- > 0;) {
      if (mentions_[m].end <= i) {
        if (i - mentions_[m].end > maxGap) break;
        group.push_back(m);
        while (m > 0 && coordinated(mentions_[m - 1].end, mentions_[m].begin)) group.push_back(--m);
        break;
      }
    }
    return group;
  }

  // The first mention starting after token `i` before any barrier and within `maxGap` tokens,
  // with the mentions coordinated with it ("sanctioned Russia and Iran").
  std::vector<size_t> rightGroup(size_t i, size_t maxGap, bool allowBy = false) const {
    std::vector<size_t> group;
    for (size_t k = i + 1; k < t_.size() && k <= i + 1 + maxGap; ++k) {
      if (auto m = mentionAt(k)) {
        group.push_back(*m);
        size_t cur = *m;
        while (cur + 1 < mentions_.size() &&
               coordinated(mentions_[cur].end, mentions_[cur + 1].begin))
          group.push_back(++cur);
        return group;
      }
      if (isObjectBarrier(lower_[k]) && !(allowBy && lower_[k] == "by")) break;
      if (dict_.verbPatterns(lower_[k])) break;  // another event's verb
    }
    return group;
  }

 private:
  // Two mentions are one group when only a conjunction or comma, and perhaps a determiner,
  // stands between them: "Iran and North Korea", "a Russian spy and a Belarusian spy".
  bool coordinated(size_t gapBegin, size_t gapEnd) const {
    if (gapEnd <= gapBegin || gapEnd - gapBegin > 3) return false;
    bool joiner = false;
    for (size_t k = gapBegin; k < gapEnd; ++k) {
      const std::string& w = lower_[k];
      if (w == "and" || w == "or" || w == "&" || w == ",")
        joiner = true;
      else if (!isDeterminer(w))
        return false;
    }
    return joiner;
  }

  // Longest gazetteer phrase starting at token i: (phrase, length).
  std::optional<std::pair<const ActorPhrase*, size_t>> phraseAt(size_t i) const {
    const auto* candidates = dict_.actorPhrases(t_[i].text);
    if (candidates == nullptr) return std::nullopt;
    for (const ActorPhrase& p : *candidates) {
      if (i + p.tokens.size() > t_.size()) continue;
      bool ok = true;
      for (size_t k = 1; k < p.tokens.size() && ok; ++k) ok = t_[i + k].text == p.tokens[k];
      // A phrase must end at a word boundary: "US" in "US-based" is a different token anyway.
      if (ok) return std::make_pair(&p, p.tokens.size());
    }
    return std::nullopt;
  }

  std::optional<std::pair<size_t, size_t>> agentAt(size_t i) const {
    if (i >= t_.size()) return std::nullopt;
    const auto* candidates = dict_.agentPhrases(lower_[i]);
    if (candidates == nullptr) return std::nullopt;
    for (const AgentPhrase& p : *candidates) {
      if (i + p.tokens.size() > t_.size()) continue;
      bool ok = true;
      for (size_t k = 1; k < p.tokens.size() && ok; ++k) ok = lower_[i + k] == p.tokens[k];
      if (ok) return std::make_pair(p.agent, p.tokens.size());
    }
    return std::nullopt;
  }

  Entity composite(const Entity& country, size_t agentIndex, std::string_view alias) const {
    const Agent& a = dict_.agents()[agentIndex];
    // A composite that the dictionary knows by the same id ("NLD.MIL") is that entity.
    if (auto known = dict_.entityIndex(country.id + "." + a.code)) {
      Entity e = dict_.entities()[*known];
      e.alias = std::string(alias);
      return e;
    }
    Entity e;
    e.id = country.id + "." + a.code;
    e.name = dict_.demonym(country.id) + " " + a.label;
    e.type = a.type;
    e.country = country.id;
    e.sector = a.code;
    e.alias = std::string(alias);
    return e;
  }

  std::string surface(size_t begin, size_t end) const {
    if (begin >= end) return {};
    size_t b = t_[begin].begin;
    size_t e = t_[end - 1].begin + t_[end - 1].text.size();
    // Tokens are views into one sentence: rebuild the span from the first token's base.
    return text::squeeze(std::string_view(t_[begin].text.data(), e - b));
  }

  void findMentions() {
    size_t i = 0;
    while (i < t_.size()) {
      if (!t_[i].word) {
        ++i;
        continue;
      }
      auto match = phraseAt(i);
      if (!match) {
        ++i;
        continue;
      }
      const ActorPhrase& phrase = *match->first;
      const Entity& base = dict_.entities()[phrase.entity];
      size_t j = i + match->second;
      if (base.type != "country") {
        Entity e = base;
        e.alias = surface(i, j);
        mentions_.push_back({i, j, std::move(e), false});
        i = j;
        continue;
      }
      // A country: maybe the owner of an agency ("China's Ministry of State Security",
      // "Russian GRU") or of a sector ("Dutch police", "Chinese state-backed hackers").
      size_t k = j;
      const bool possessive = k < t_.size() && isPossessive(t_[k].text);
      if (possessive) ++k;
      if (k < t_.size() && t_[k].word) {
        if (auto agency = phraseAt(k)) {
          const Entity& owned = dict_.entities()[agency->first->entity];
          if (owned.type != "country" && (owned.country == base.id || owned.country.empty())) {
            Entity e = owned;
            e.alias = surface(k, k + agency->second);
            mentions_.push_back({i, k + agency->second, std::move(e), false});
            i = k + agency->second;
            continue;
          }
        }
      }
      size_t m = k;
      while (m < t_.size() && m < k + 2 && isModifier(lower_[m]) && !agentAt(m)) ++m;
      if (auto agent = agentAt(m)) {
        size_t end = m + agent->second;
        // The last noun of a compound is its head: "state hackers", "military intelligence".
        for (int extra = 0; extra < 2; ++extra) {
          auto next = agentAt(end);
          if (!next) break;
          agent = next;
          end += next->second;
        }
        // "Russian and Belarusian officials": the sector distributes over bare demonyms
        // coordinated before it.
        for (size_t p = mentions_.size(); p-- > 0;) {
          ActorMention& prev = mentions_[p];
          const size_t gapEnd = p + 1 < mentions_.size() ? mentions_[p + 1].begin : i;
          if (!prev.weak || !coordinated(prev.end, gapEnd)) break;
          prev.entity = composite(prev.entity, agent->first, prev.entity.alias);
          prev.weak = false;
        }
        mentions_.push_back({i, end, composite(base, agent->first, surface(i, end)), false});
        i = end;
        continue;
      }
      Entity e = base;
      e.alias = surface(i, j);
      const bool weak = phrase.kind == PhraseKind::demonym;
      mentions_.push_back({i, possessive ? j + 1 : j, std::move(e), weak});
      i = possessive ? j + 1 : j;
    }
  }

  const Dictionary& dict_;
  const std::vector<Token>& t_;
  std::vector<std::string> lower_;
  std::vector<ActorMention> mentions_;
};

struct Trigger {
  size_t token = 0;
  const VerbPattern* pattern = nullptr;
};

const VerbPattern* choosePattern(const Dictionary& dict, const SentenceCoder& s, size_t i) {
  const auto* candidates = dict.verbPatterns(s.lower(i));
  if (candidates == nullptr) return nullptr;
  const VerbPattern* general = nullptr;
  for (size_t idx : *candidates) {
    const VerbPattern& p = dict.patterns()[idx];
    if (p.context.empty()) {
      if (general == nullptr) general = &p;
      continue;
    }
    for (size_t k = i + 1; k < s.size(); ++k)
      if (std::find(p.context.begin(), p.context.end(), s.lower(k)) != p.context.end()) return &p;
  }
  return general;
}

double clamp(double v) {
  return std::max(0.1, std::min(0.95, v));
}

}  // namespace

std::vector<ExtractedEvent> Extractor::extract(const Article& article) const {
  std::vector<ExtractedEvent> events;
  const std::string_view text = article.text;
  const auto sentences = text::splitSentences(text);
  for (size_t si = 0; si < sentences.size(); ++si) {
    const auto& span = sentences[si];
    const std::string_view sentence = text.substr(span.begin, span.end - span.begin);
    const auto tokens = text::tokenize(sentence);
    SentenceCoder s(dict_, tokens);
    if (s.mentions().empty()) continue;
    const auto dates = findDates(tokens, article.published);
    // The date of an event is the date expression nearest its verb ("said on Tuesday that
    // hackers breached the network last year": last year).
    auto dateNear = [&](size_t token) -> ResolvedDate {
      const DateMention* best = nullptr;
      size_t bestDistance = 0;
      for (const auto& d : dates) {
        size_t distance = d.token > token ? d.token - token : token - d.token + 1;
        if (best == nullptr || distance < bestDistance) {
          best = &d;
          bestDistance = distance;
        }
      }
      return best ? best->date : ResolvedDate{article.published, "reported"};
    };
    size_t lastTrigger = 0;
    std::vector<size_t> lastActors;

    for (size_t i = 0; i < s.size(); ++i) {
      if (!tokens[i].word || s.mentionAt(i)) continue;
      const VerbPattern* pattern = choosePattern(dict_, s, i);
      if (pattern == nullptr) continue;

      // Negation in the verb group: "did not arrest", "has never been charged".
      bool negated = false;
      for (size_t k = i; k-- > 0 && i - k <= 3;) {
        if (s.lower(k) == "," || s.mentionAt(k)) break;
        if (isNegation(s.lower(k))) negated = true;
      }
      if (negated) continue;

      // Voice: "was arrested by X" (passive), ", accusing X" (participle clause), else active.
      size_t back = i;
      while (back > 0 && (s.lower(back - 1).ends_with("ly") || s.lower(back - 1) == "also" ||
                          s.lower(back - 1) == "reportedly"))
        --back;
      const bool passive = back > 0 && isBeAuxiliary(s.lower(back - 1)) && isParticiple(s.lower(i));
      const bool participle = s.lower(i).ends_with("ing") && i > 0 && s.lower(i - 1) == ",";

      std::vector<size_t> actors, targets;
      std::string voice;
      double confidence = 0.75;
      if (passive) {
        voice = "passive";
        targets = s.leftGroup(back - 1, 12);
        size_t by = i + 1;
        while (by < s.size() && by <= i + 4 && s.lower(by) != "by") ++by;
        if (by < s.size() && s.lower(by) == "by") actors = s.rightGroup(by, 3);
        confidence = 0.7;
      } else if (participle) {
        voice = "participle";
        for (size_t m = 0; m < s.mentions().size(); ++m)
          if (s.mentions()[m].end <= i) {
            actors.push_back(m);
            break;
          }
        targets = s.rightGroup(i, 6);
        confidence = 0.6;
      } else if (!lastActors.empty() && i > 0 &&
                 (s.lower(i - 1) == "and" || s.lower(i - 1) == "or") && lastTrigger < i) {
        // Conjoined verbs share their subject: "X sanctioned Y and accused Z".
        voice = "conjoined";
        actors = lastActors;
        targets = s.rightGroup(i, 6);
        confidence = 0.7;
      } else {
        voice = "active";
        actors = s.leftGroup(i, 20);
        // "denied the allegations by Australia": the accuser follows "by".
        targets = s.rightGroup(i, 6, pattern->cls == "deny" || pattern->cls == "reject");
        if (!actors.empty() && i - s.mentions()[actors.front()].end > 6) confidence -= 0.15;
      }
      // A denial answers the accusation against the denier: "Russia denied the accusation",
      // "Russia rejected the allegations".
      std::optional<Entity> repliedTo;
      if (targets.empty() && (pattern->cls == "deny" || pattern->cls == "reject") &&
          !actors.empty()) {
        const std::string& denier = s.mentions()[actors.front()].entity.id;
        for (auto it = events.rbegin(); it != events.rend(); ++it) {
          if (it->action.cls == "accuse" && it->target.id == denier) {
            repliedTo = it->actor;
            break;
          }
        }
        if (repliedTo) {
          voice = "reply";
          confidence = 0.5;
        }
      }
      if (!actors.empty()) {
        lastTrigger = i;
        lastActors = actors;
      }
      if (actors.empty() || (targets.empty() && !repliedTo)) continue;
      const ResolvedDate date = dateNear(i);

      auto emit = [&](const ActorMention& actor, const Entity& target, bool targetWeak) {
        if (actor.entity.id == target.id) return;
        ExtractedEvent e;
        e.actor = actor.entity;
        e.target = target;
        e.action = {pattern->cls, pattern->code, pattern->label, std::string(tokens[i].text)};
        e.date = date.iso;
        e.precision = date.precision;
        e.sentence = text::squeeze(sentence);
        e.sentenceIndex = static_cast<uint32_t>(si);
        e.begin = static_cast<uint32_t>(span.begin);
        e.end = static_cast<uint32_t>(span.end);
        e.pattern = pattern->id + ":" + voice;
        e.confidence = clamp(confidence - (actor.weak ? 0.1 : 0.0) - (targetWeak ? 0.1 : 0.0));
        events.push_back(std::move(e));
      };
      for (size_t a : actors) {
        if (repliedTo) {
          emit(s.mentions()[a], *repliedTo, false);
          continue;
        }
        for (size_t t : targets)
          emit(s.mentions()[a], s.mentions()[t].entity, s.mentions()[t].weak);
      }
    }
  }
  // An undated mention ("reported") of an event the article also dates (a headline, a summary)
  // is the same event: keep only the dated one.
  std::vector<ExtractedEvent> kept;
  for (const auto& e : events) {
    const bool datedElsewhere =
        e.precision == "reported" &&
        std::any_of(events.begin(), events.end(), [&](const ExtractedEvent& other) {
          return other.precision != "reported" && other.actor.id == e.actor.id &&
                 other.target.id == e.target.id && other.action.cls == e.action.cls;
        });
    if (!datedElsewhere) kept.push_back(e);
  }
  return kept;
}

}  // namespace dossier
