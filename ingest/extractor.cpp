#include "ingest/extractor.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include "ingest/dates.h"
#include "ingest/discourse.h"
#include "ingest/mentions.h"
#include "ingest/roles.h"
#include "ingest/text.h"
#include "ingest/words.h"

namespace dossier {
namespace {

using words::isOneOf;
using words::WordSet;

// A modal or an enabling verb shortly before the verb: "could steal", "allows an attacker to
// access" describe what may happen, not what happened.
bool irrealis(const SentenceMentions& s, size_t i) {
  for (size_t k = i; k-- > 0 && i - k <= 6;) {
    const std::string& w = s.lower(k);
    if (w == "," || w == ";" || s.verbAt(k)) return false;
    if (isOneOf(w, {"could", "would", "might", "may", "can", "allow", "allows", "allowing",
                    "enable", "enables", "enabling", "let", "lets", "potentially"}))
      return true;
  }
  return false;
}

// What is only possible, intended, advised or refused did not happen: "may sanction",
// "refused to expel", "is considering sanctions", "should install", "no evidence that hackers
// stole". Looks back over the verb group, not across a clause.
bool unrealised(const SentenceMentions& s, size_t i) {
  static const WordSet kModal{"may",      "might",    "could",       "would",
                              "should",   "must",     "considering", "considers",
                              "consider", "weighing", "mulling",     "contemplating"};
  static const WordSet kIntent{"refused",   "refuses",  "refusing", "declined",   "declines",
                               "failed",    "fails",    "plans",    "planned",    "planning",
                               "plan",      "wants",    "want",     "seeks",      "sought",
                               "aims",      "aimed",    "intends",  "intended",   "vowed",
                               "vows",      "promised", "promises", "threatened", "threatening",
                               "threatens", "urged",    "urges",    "asked",      "called"};
  for (size_t k = i; k-- > 0 && i - k <= 4;) {
    const std::string& w = s.lower(k);
    if (w == "," || w == ";" || s.mentionAt(k)) break;
    if (kModal.contains(w)) return true;
    // "refused to expel", "plans to sanction", "urged Germany to expel" is not checked here.
    if (w == "to" && k > 0 && kIntent.contains(s.lower(k - 1))) return true;
    // "how to fix them", "ways to steal": advice and possibilities.
    if (w == "to" && k > 0 &&
        isOneOf(s.lower(k - 1),
                {"how", "way", "ways", "easier", "easy", "hard", "harder", "able", "unable",
                 "likely", "expected", "poised", "set", "going", "about"}))
      return true;
  }
  // "groups may pose as hacktivists while targeting X": a participle clause shares the modality
  // of the clause it depends on.
  if (i > 1 && s.lower(i).ends_with("ing") &&
      isOneOf(s.lower(i - 1), {"while", "when", "by", "after", "before", "without"}))
    for (size_t k = i - 1; k-- > 0 && i - k <= 16;) {
      const std::string& w = s.lower(k);
      if (w == "," || w == ";") break;
      if (isOneOf(w, {"may", "might", "could", "would", "should", "must"})) return true;
    }
  // "no evidence that ...", "no sign of ...": the clause after it is denied.
  for (size_t k = i; k-- > 1 && i - k <= 12;) {
    if (isOneOf(s.lower(k), {"evidence", "sign", "signs", "indication", "proof"}) &&
        isOneOf(s.lower(k - 1), {"no", "little", "any"}))
      return true;
  }
  return false;
}

// Light verbs before a nominal trigger give their subject a role: "X suffered a breach" (X is
// the target), "X launched an attack" (X is the actor), "researchers found a flaw" (actor).
enum class LightRole { none, actor, target };

LightRole lightVerbRole(const std::string& cls, std::string_view verb) {
  const bool disclose = isOneOf(
      verb, {"disclosed", "discloses", "disclose", "reported", "reports", "report", "revealed",
             "reveals", "confirmed", "confirms", "announced", "announces", "detected", "detects"});
  if (cls == "vulnerability") {
    if (disclose ||
        isOneOf(verb, {"found", "finds", "find", "discovered", "discovers", "discover",
                       "identified", "identifies", "uncovered", "spotted", "published"}))
      return LightRole::actor;
    // "Citrix users hit by an exploited zero-day", "servers vulnerable to a flaw": who the
    // flaw exposes.
    if (isOneOf(verb, {"hit", "affected", "impacted", "exposed", "faced", "faces", "vulnerable",
                       "confront", "confronts", "confronted", "susceptible"}))
      return LightRole::target;
    return LightRole::none;
  }
  if (cls == "patch") {
    if (isOneOf(verb, {"released", "releases", "release", "issued", "issues", "issue", "pushed",
                       "shipped", "published", "rolled", "deployed", "announced", "offers",
                       "offered", "provided", "delivered"}))
      return LightRole::actor;
    return LightRole::none;
  }
  if (disclose || isOneOf(verb, {"suffered", "suffers", "suffer", "experienced", "experiences",
                                 "faced", "faces", "notified", "investigating", "investigated",
                                 "hit", "victim", "fell", "targeted", "affected", "impacted"}))
    return LightRole::target;
  // "employees received phishing emails", "a user opened the malicious attachment".
  if (cls == "phishing" && isOneOf(verb, {"received", "receive", "receives", "receiving", "got",
                                          "opened", "opens", "clicked", "clicks"}))
    return LightRole::target;
  if (isOneOf(verb,
              {"launched", "launches", "launch",       "carried",     "conducted",   "conducts",
               "conduct",  "staged",   "orchestrated", "mounted",     "perpetrated", "claimed",
               "claims",   "deployed", "deploys",      "used",        "uses",        "use",
               "sent",     "sends",    "behind",       "responsible", "ran",         "runs",
               "run",      "operated", "operates",     "undertaken",  "orchestrated"}))
    return LightRole::actor;
  return LightRole::none;
}

struct Trigger {
  const VerbPattern* pattern = nullptr;
  size_t length = 0;  // tokens
};

// The pattern at token i: the longest form, and among patterns sharing it the one whose context
// words follow. Nominal patterns are preferred after a determiner or possessive ("a breach"),
// verbal ones elsewhere.
// How far after a verb its context words may stand ("fixed a bug", "stole the personal data of").
constexpr size_t kContextWindow = 12;

std::optional<Trigger> triggerAt(const Dictionary& dict, const SentenceMentions& s, size_t i) {
  const auto* phrases = s.triggersAt(i);
  if (phrases == nullptr) return std::nullopt;
  const bool nounPosition =
      i > 0 && (words::isNounOpener(s.lower(i - 1)) || s.mentionAt(i - 1).has_value());
  std::optional<Trigger> best;
  int bestScore = -1;
  for (const TriggerPhrase& p : *phrases) {
    const size_t n = p.tokens.size();
    if (i + n > s.size()) continue;
    bool match = true;
    for (size_t k = 1; k < n && match; ++k) match = s.lower(i + k) == p.tokens[k];
    if (!match) continue;
    const VerbPattern& pattern = dict.patterns()[p.pattern];
    bool contextOk = pattern.context.empty();
    // In the passive the object comes first: "customer data was compromised".
    size_t from = i + n;
    for (size_t b = i; b-- > 0 && i - b <= 3;) {
      if (words::isBeAuxiliary(s.lower(b))) {
        from = 0;
        break;
      }
      if (!s.lower(b).ends_with("ly") && !isOneOf(s.lower(b), {"been", "also", "not"})) break;
    }
    for (size_t k = from; k < s.size() && k < i + n + kContextWindow && !contextOk; ++k)
      contextOk = std::find(pattern.context.begin(), pattern.context.end(), s.lower(k)) !=
                  pattern.context.end();
    // An attacker as the subject says what "targeted" means: "hackers targeting a researcher".
    // Not for abuse of a product, which says an attack only with the payload it carries
    // ("abused SS7 to redirect messages" vs "abusing ConnectWise to embed malicious code").
    if (!contextOk && pattern.cls == "cyberattack" && pattern.id != "cyberattack.abuse" && i > 0)
      if (const auto group = s.leftGroup(i, 1); !group.empty()) {
        const Entity& subject = s.mentions()[group.front()].entity;
        contextOk = isHostile(subject) &&
                    (subject.sector == "HAC" ||
                     isOneOf(subject.type, {"apt", "ransomware", "cybercrime", "hacktivist"}));
      }
    // "a campaign targeting military entities": a participle describing a campaign of
    // intrusions is an attack whatever its object.
    if (!contextOk && pattern.id == "cyberattack.target" && i > 0 && s.lower(i).ends_with("ing"))
      contextOk =
          isOneOf(s.lower(i - 1), {"campaign", "campaigns", "operation", "operations", "activity",
                                   "intrusions", "espionage", "cyberespionage"});
    // "Scammers sent emails to customers": messages an attacker sends are lures.
    if (!contextOk && pattern.id == "phishing.send" && i > 0)
      if (const auto group = s.leftGroup(i, 1); !group.empty()) {
        const Entity& subject = s.mentions()[group.front()].entity;
        if (subject.sector == "HAC" ||
            isOneOf(subject.type, {"apt", "ransomware", "cybercrime", "hacktivist"}))
          for (size_t k = i + n; k < s.size() && k < i + n + 4 && !contextOk; ++k)
            contextOk = isOneOf(s.lower(k), {"email", "emails", "e-mails", "messages", "texts",
                                             "sms", "links", "attachments"});
      }
    if (!contextOk) continue;
    // "psychological tricks", "their lures": a verb's -s form after a possessive pronoun or an
    // -ical adjective is a plural noun, not the verb.
    if (!pattern.nominal && n == 1 && i > 0 && s.lower(i).ends_with("s") &&
        (isOneOf(s.lower(i - 1), {"its", "their", "his", "her", "our", "your"}) ||
         s.lower(i - 1).ends_with("ical")))
      continue;
    // Longer forms first; then the part of speech the position asks for; then specific context.
    int score = static_cast<int>(n) * 8 + (pattern.nominal == nounPosition ? 4 : 0) +
                (pattern.context.empty() ? 0 : 2) + (pattern.nominal ? 0 : 1);
    if (score > bestScore) {
      bestScore = score;
      best = Trigger{&pattern, n};
    }
  }
  return best;
}

// True when token k is a participle describing a following act noun ("an actively exploited
// zero-day", "by newly leaked data breaches"), not a verb of its own: it follows a determiner,
// an adverb or a preposition, and an event noun comes next.
bool adjectivalParticiple(const Dictionary& dict, const SentenceMentions& s, size_t k) {
  const std::string& w = s.lower(k);
  if (k == 0 || k + 1 >= s.size() || !s.verbAt(k)) return false;
  const std::string& before = s.lower(k - 1);
  // A gerund compounded with an act noun: "a remote hijacking vulnerability", "the boot hacking
  // exploit" (but "attackers exploiting flaws", "are exploiting flaws" are verbs).
  if (w.ends_with("ing")) {
    // "NSA hacking tools", "Russian hacking forums": the head of a compound is no act.
    if (isOneOf(s.lower(k + 1),
                {"tool",       "tools",       "forum",       "forums",     "group",      "groups",
                 "crew",       "crews",       "team",        "teams",      "community",  "magazine",
                 "consultant", "consultants", "skills",      "technique",  "techniques", "method",
                 "methods",    "contest",     "competition", "conference", "scene",      "ring",
                 "spree",      "attempt",     "attempts",    "kit",        "kits",       "software",
                 "utility",    "service",     "services",    "suite",      "framework"}))
      return true;
    const auto noun = triggerAt(dict, s, k + 1);
    // "a DLL hijacking vulnerability": an attack verb naming a kind of flaw.
    if (const auto self = triggerAt(dict, s, k);
        self && noun && noun->pattern->nominal && noun->pattern->cls == "vulnerability" &&
        isOneOf(self->pattern->cls, {"breach", "cyberattack"}))
      return true;
    return noun && noun->pattern->nominal && !s.mentionAt(k - 1) && s.token(k - 1).word &&
           !s.verbAt(k - 1) && !before.ends_with("ly") && !words::isBeAuxiliary(before) &&
           !isOneOf(before, {"has", "have", "had", "to", "of", "for", "by", "in", "from", "with",
                             "and", "or", "while", "after", "before", "without"});
  }
  if (!(w.ends_with("ed") || w.ends_with("en"))) return false;
  // "the network includes infected IoT devices": what a whole includes is a thing described.
  if (isOneOf(before, {"include", "includes", "included", "including", "contain", "contains",
                       "contained", "containing", "comprise", "comprises", "comprising"}) &&
      s.token(k + 1).word && !s.verbAt(k + 1))
    return true;
  if (!(words::isDeterminer(before) || before.ends_with("ly") ||
        isOneOf(before, {"by", "with", "from", "in", "via", "through", "for", "on"})))
    return false;
  for (size_t n = k + 1; n < s.size() && n <= k + 2; ++n) {
    if (s.mentionAt(n) || !s.token(n).word) return false;
    if (const auto noun = triggerAt(dict, s, n); noun && noun->pattern->nominal) return true;
    if (!words::isModifier(s.lower(n))) return false;
  }
  return false;
}

// Compounds that tie an actor to a state: "China-linked", "Iran-backed".
constexpr std::string_view kLinkSuffixes[] = {
    "-linked", "-backed", "-sponsored", "-nexus", "-aligned", "-affiliated", "-tied", "-connected"};

double clamp(double v) {
  return std::max(0.1, std::min(0.95, v));
}

// Verbs by which a source reports or attributes: "Mandiant said", "researchers found",
// "Google attributed the campaign to".
bool isReportingVerb(std::string_view w) {
  static const WordSet kReportingVerbs{
      "said",      "says",       "say",      "reported",   "reports",    "warned",
      "warns",     "found",      "finds",    "discovered", "observed",   "assessed",
      "assesses",  "believes",   "believe",  "noted",      "notes",      "wrote",
      "writes",    "revealed",   "reveals",  "detailed",   "details",    "documented",
      "uncovered", "identified", "tracked",  "tracks",     "attributed", "attributes",
      "linked",    "links",      "tied",     "determined", "concluded",  "claimed",
      "claims",    "confirmed",  "confirms", "stated",     "explained",  "told",
      "added",     "alleged",    "alleges",  "disclosed",  "discloses",  "blamed",
      "spotted",   "detected",   "uncovers", "published",  "according",  "point",
      "points",    "pointed",    "show",     "shows",      "showed",     "suggest",
      "suggests",  "suggested",  "indicate", "indicates",  "indicated"};
  return kReportingVerbs.contains(w);
}

// The speakers before a reporting verb: the nearest mention, and those joined to it by "and"
// ("Germany and France said"), but not the end of a list in a quote ("... and East Asia,"
// SecurityScorecard said) nor anything inside the quote the verb reports.
std::vector<size_t> speakers(const SentenceMentions& s, size_t r) {
  auto isQuote = [&](size_t k) {
    return isOneOf(s.lower(k), {"\"", "\xe2\x80\x9d", "\xe2\x80\x9c", "''"});
  };
  std::vector<size_t> group = s.leftGroup(r, 4);  // nearest first
  // "Giles, who is also a fellow at Chatham House, told ...": the speaker is the one the
  // relative clause describes, not a mention inside it.
  if (!group.empty() && r > 0 && s.lower(r - 1) == ",")
    for (size_t k = s.mentions()[group.front()].begin; k-- > 1 && r - k <= 30;) {
      if (isQuote(k)) break;
      if (isOneOf(s.lower(k), {"who", "which"}) && s.lower(k - 1) == ",") {
        if (auto owner = s.leftGroup(k - 1, 1); !owner.empty()) group = std::move(owner);
        break;
      }
    }
  if (group.empty()) return group;
  std::reverse(group.begin(), group.end());
  const auto& mentions = s.mentions();
  auto quoteBetween = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k)
      if (isQuote(k)) return true;
    return false;
  };
  std::vector<size_t> out;
  for (size_t n = group.size(); n-- > 0;) {
    const size_t m = group[n];
    if (out.empty()) {
      if (quoteBetween(mentions[m].end, r)) return {};
    } else {
      bool joined = false;
      for (size_t k = mentions[m].end; k < mentions[out.back()].begin; ++k)
        joined = joined || isOneOf(s.lower(k), {"and", "&"});
      if (!joined) break;
    }
    out.push_back(m);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// The subject before token i: the nearest mention group, but past a place that locates an
// earlier mention ("Cass Regional Medical Center in Harrisonville, Missouri, reported ...",
// "police in Rotterdam arrested ...": the center, the police).
std::vector<size_t> subjectBefore(const SentenceMentions& s, size_t i, size_t maxGap) {
  std::vector<size_t> group = s.leftGroup(i, maxGap);
  const auto& mentions = s.mentions();
  while (!group.empty()) {
    // The earliest mention of the group, and back over ", Missouri," style continuations.
    size_t first = *std::min_element(group.begin(), group.end());
    size_t k = mentions[first].begin;
    while (k >= 2 && s.lower(k - 1) == "," && s.mentionAt(k - 2)) {
      first = *s.mentionAt(k - 2);
      k = mentions[first].begin;
    }
    if (k < 1 || !isOneOf(s.lower(k - 1), {"in", "at", "near", "outside", "from", "across",
                                           "throughout", "within"}))
      break;
    const Entity& place = mentions[first].entity;
    const auto owner = k >= 2 ? s.mentionAt(k - 2) : std::nullopt;
    // "In India, we have seen ...", "readers in the UK alerted us": a place is no subject.
    if (!owner) {
      if (place.type == "country" && mentions[first].weak == false &&
          isOneOf(s.lower(k - 1), {"in", "at", "near", "across", "throughout", "within"}))
        return {};
      break;
    }
    if (!isOneOf(s.lower(k - 1), {"in", "at", "near", "outside"})) break;
    if (!(place.type == "country" || place.type == "named" || place.id.empty())) break;
    // ("Hackers in China": the country says more than "hackers" alone.)
    if (place.type == "country" && mentions[*owner].entity.id.starts_with("ANY.")) break;
    group = {*owner};
  }
  return group;
}

// Whether a mention is the speaker of a statement: "Simmons said", "Palani Bala, Arctos' CTO,
// claims".
bool speaks(const SentenceMentions& s, const ActorMention& m) {
  static const WordSet kSpeech{"said",  "says",   "told",    "tells",     "claims", "claimed",
                               "added", "adds",   "noted",   "explained", "wrote",  "stated",
                               "asked", "warned", "replied", "insisted",  "argued"};
  size_t k = m.end;
  // Over a comma or an apposition after a name: "Palani Bala, Arctos' CTO, claims".
  if (k + 1 < s.size() && s.lower(k) == "," &&
      (m.entity.type == "person" || m.kind == MentionKind::name)) {
    size_t close = k + 1;
    while (close < s.size() && close <= k + 7 && s.lower(close) != ",") ++close;
    k = close < s.size() && close <= k + 7 ? close + 1 : k + 1;
  }
  return k < s.size() && kSpeech.contains(s.lower(k));
}

// A title without the site's name that pages append to it: "Hackers hit X - Help Net
// Security", "Y patched | ZDNet", "Z – Naked Security": the last part after a spaced dash or bar
// when it is short and not the headline's main part.
std::string_view headline(std::string_view title) {
  for (std::string_view sep : {" | ", " - ", " \xe2\x80\x93 ", " \xe2\x80\x94 "}) {
    const size_t at = title.rfind(sep);
    if (at == std::string_view::npos || at < 12) continue;
    const std::string_view tail = title.substr(at + sep.size());
    if (tail.empty() || tail.size() > 40 || std::count(tail.begin(), tail.end(), ' ') > 3) continue;
    return title.substr(0, at);
  }
  return title;
}

}  // namespace

// Where an event was read (sentence, offsets, pattern) and when it happened.
void setEvidence(ExtractedEvent& e, std::string_view sentence, size_t sentenceIndex,
                 const text::Sentence& span, const ResolvedDate& date, std::string pattern) {
  e.date = date.iso;
  e.precision = date.precision;
  e.sentence = text::squeeze(sentence);
  e.sentenceIndex = static_cast<uint32_t>(sentenceIndex);
  e.begin = static_cast<uint32_t>(span.begin);
  e.end = static_cast<uint32_t>(span.end);
  e.pattern = std::move(pattern);
}

// Attribution: a source that reports an attack by a named attacker accuses the attacker
// ("Dutch intelligence agencies said Chinese state-backed cyberspies gained access to ...",
// "Google attributed the campaign to APT29", "according to Proofpoint, TA423 targeted ...").
// Every source that may report is appended to `reporters`, attribution or not.
template <typename DateNear>
void attributeIn(const SentenceMentions& s, const std::vector<text::Token>& tokens,
                 std::string_view sentence, const text::Sentence& span, size_t si,
                 const DateNear& dateNear, size_t firstEvent,
                 const std::vector<Entity>& unprovenActors, std::vector<ExtractedEvent>& events,
                 std::vector<Entity>& reporters) {
  const auto& mentions = s.mentions();
  for (size_t r = 0; r < s.size(); ++r) {
    if (!isReportingVerb(s.lower(r)) || s.mentionAt(r)) continue;
    std::vector<size_t> sources;
    if (s.lower(r) == "according" && r + 1 < s.size() && s.lower(r + 1) == "to") {
      sources = s.rightGroup(r + 1, 3);
      // "according to data released by NCC Group", "according to a report published by X".
      for (size_t k = r + 2; sources.empty() && k + 1 < s.size() && k <= r + 6; ++k)
        if (s.lower(k) == "by" &&
            isOneOf(s.lower(k - 1),
                    {"released", "published", "compiled", "gathered", "issued", "collected",
                     "conducted", "shared", "provided", "report", "study", "analysis", "research",
                     "survey", "findings", "post", "advisory", "data"}))
          sources = s.rightGroup(k, 3);
    } else if (r + 1 < s.size() && s.lower(r + 1) == "by")  // "first documented by Unit 42"
      sources = s.rightGroup(r + 1, 4);
    else
      sources = speakers(s, r);
    if (sources.empty() && r > 0 && s.lower(r - 1) == ",")
      sources = s.rightGroup(r, 2);  // ", said Google"
    // "The campaign was attributed to Mustang Panda by IBM X-Force": the source follows "by".
    if (sources.empty() && r > 0 && words::isBeAuxiliary(s.lower(r - 1)) &&
        isOneOf(s.lower(r), {"attributed", "linked", "tied", "blamed", "pinned", "traced"}))
      for (size_t k = r + 2; k < s.size() && k <= r + 12; ++k) {
        if (s.lower(k) != "by") continue;
        sources = s.rightGroup(k, 4);
        break;
      }
    std::vector<Entity> accused;
    auto add = [&](const Entity& e) {
      if (canBeAccused(e) && std::none_of(accused.begin(), accused.end(),
                                          [&](const Entity& a) { return a.id == e.id; }))
        accused.push_back(e);
    };
    // The attackers of the sentence's attacks: "said Russia hacked ...", "said hackers linked
    // to Beijing breached ...".
    for (size_t k = firstEvent; k < events.size(); ++k) {
      if (!isAttack(events[k].action.cls)) continue;
      const Entity& attacker = events[k].actor;
      if (attacker.id.empty() || attacker.id == kUnknownActorId || attacker.id.starts_with("ANY."))
        continue;
      if (std::none_of(accused.begin(), accused.end(),
                       [&](const Entity& a) { return a.id == attacker.id; }))
        accused.push_back(attacker);
    }
    for (const Entity& subject : unprovenActors)
      if (std::none_of(accused.begin(), accused.end(),
                       [&](const Entity& a) { return a.id == subject.id; }))
        accused.push_back(subject);
    // Attackers the source names: "SecurityScorecard said a China-linked threat group controls
    // the network", "Mandiant said APT29 was behind it".
    // (A warning about an attacker is a warning, already coded as one.)
    if (!isOneOf(s.lower(r), {"warned", "warns"}))
      for (const auto& m : mentions) add(m.entity);
    // "attributed the campaign to APT29", "linked the intrusions to China".
    for (size_t k = r + 1; k < s.size() && k <= r + 10; ++k) {
      if (s.lower(k) != "to") continue;
      for (size_t m : s.rightGroup(k, 3)) {
        const Entity& e = mentions[m].entity;
        // A state or its services may be named as the culprit: "attributed the attacks to
        // Russia's GRU".
        const bool state = isOneOf(e.type, {"country", "intelligence", "military"});
        if ((canBeAccused(e) ||
             (state && isOneOf(s.lower(r), {"attributed", "linked", "tied", "blamed"}))) &&
            std::none_of(accused.begin(), accused.end(),
                         [&](const Entity& a) { return a.id == e.id; }))
          accused.push_back(e);
      }
      break;
    }
    // A reported clause after the verb ("said [that] hackers broke in in 2018") starts at its
    // own verb: its dates are the act's, not the report's ("said in a report released Monday").
    size_t reported = SIZE_MAX;
    // "activity which it said is the work of a group active from late 2024": a clause whose
    // subject went before the verb starts right after it.
    if (r + 1 < s.size() && isOneOf(s.lower(r + 1), {"is", "are", "was", "were", "has", "have",
                                                     "had", "will", "would", "could", "may"}))
      reported = r + 1;
    for (size_t k = r + 1; k < s.size() && k <= r + 3 && reported == SIZE_MAX; ++k) {
      if (const auto m = s.mentionAt(k)) {  // the reported clause's subject
        reported = mentions[*m].end;
        break;
      }
      if (!isOneOf(s.lower(k), {"that", "the", "a", "an"})) break;
    }
    const size_t beforeVerb = events.size();
    for (size_t src : sources) {
      const Entity& source = mentions[src].entity;
      if (!canReport(source)) continue;
      reporters.push_back(source);
      for (const Entity& target : accused) {
        if (target.id == source.id) continue;
        // "\"An indictment by the DOJ assessed that TA423 ...,\" researchers said": the
        // researchers quote the DOJ's attribution, they do not make one of their own.
        if (std::any_of(events.begin() + static_cast<std::ptrdiff_t>(firstEvent),
                        events.begin() + static_cast<std::ptrdiff_t>(beforeVerb),
                        [&](const ExtractedEvent& e) {
                          return e.action.cls == "accuse" && e.actor.id != source.id &&
                                 e.target.id == target.id;
                        }))
          continue;
        // "The Czech Republic blamed APT31": the accusation is already coded from its verb.
        if (std::any_of(events.begin() + static_cast<std::ptrdiff_t>(firstEvent), events.end(),
                        [&](const ExtractedEvent& e) {
                          return e.action.cls == "accuse" && e.actor.id == source.id &&
                                 e.target.id == target.id;
                        }))
          continue;
        ExtractedEvent e;
        e.actor = source;
        e.target = target;
        e.action = {"accuse", "112", "Accuse, not specified below", std::string(tokens[r].text)};
        setEvidence(e, sentence, si, span, dateNear(r, reported), "accuse.attribution:report");
        e.confidence = 0.55;
        events.push_back(std::move(e));
      }
    }
  }
}

std::vector<ExtractedEvent> Extractor::extract(const Article& article) const {
  std::vector<ExtractedEvent> events;
  Discourse discourse;
  KnownNames knownNames;
  const std::string_view text = article.text;
  // Sentence 0 is the title (when it is not the text's first line), then the text's sentences.
  std::vector<std::pair<std::string_view, text::Sentence>> units;
  const std::string_view title = headline(article.title);
  const bool titleInText = text.substr(text.find_first_not_of(" \t\r\n") == std::string_view::npos
                                           ? 0
                                           : text.find_first_not_of(" \t\r\n"))
                               .starts_with(title);
  units.emplace_back(titleInText ? std::string_view() : title, text::Sentence{0, 0});
  for (const auto& span : text::splitSentences(text))
    units.emplace_back(text.substr(span.begin, span.end - span.begin), span);
  for (size_t si = 0; si < units.size(); ++si) {
    const auto& [sentence, span] = units[si];
    if (sentence.empty()) continue;
    const auto tokens = text::tokenize(sentence);
    SentenceMentions s(dict_, tokens);
    if (s.mentions().empty() && !s.hasTriggers()) continue;

    knownNames.apply(s);
    // Coreference: pronouns and "the company" take the entity they refer to: first an actor
    // named earlier in the same sentence ("LockBit said it had breached Boeing"), then one of
    // the sentences before.
    for (size_t mi = 0; mi < s.mentions().size(); ++mi) {
      auto& m = s.mentions()[mi];
      auto researchers = discourse.researchersOf(m);
      if (!researchers) researchers = discourse.quotedResearchers(m);
      if (const auto& e = researchers) {
        std::string alias = m.entity.alias;
        m.entity = *e;
        m.entity.alias = alias;
        continue;
      }
      if (m.kind != MentionKind::pronoun && !(m.kind == MentionKind::generic && m.definite))
        continue;
      if (m.kind == MentionKind::pronoun && mi > 0) {
        Discourse sentenceSoFar;
        for (size_t o = 0; o < mi; ++o)
          if (s.mentions()[o].kind != MentionKind::pronoun)
            sentenceSoFar.add(s.mentions()[o].entity);
        if (auto e = sentenceSoFar.resolve(m)) {
          std::string alias = m.entity.alias;
          m.entity = *e;
          m.entity.alias = alias;
          continue;
        }
      }
      if (auto e = discourse.resolve(m)) {
        std::string alias = m.entity.alias;
        m.entity = *e;
        m.entity.alias = alias;
      }
    }
    // "The Netherlands said hackers targeted its defence ministry": "its" is the subject's.
    for (size_t m = 0; m < s.mentions().size(); ++m) {
      const ActorMention& g = s.mentions()[m];
      if (g.kind != MentionKind::generic || g.begin == 0 ||
          !isOneOf(s.lower(g.begin - 1), {"its", "their"}))
        continue;
      // "Hancock Health said hackers breached its network": the systems are the owner's, and
      // what befalls them befalls the owner (the subject, else the article's last organisation).
      if (g.entity.sector == "SYS") {
        std::optional<Entity> owner;
        for (size_t o = 0; o < m && !owner; ++o) {
          const Entity& e = s.mentions()[o].entity;
          if (!e.id.empty() && !e.id.starts_with("ANY.") && e.id != kUnknownActorId &&
              !isHostile(e) && e.type != "person")
            owner = e;
        }
        if (!owner && s.lower(g.begin - 1) == "its") {
          ActorMention it;
          it.kind = MentionKind::pronoun;
          it.entity.alias = "it";
          owner = discourse.resolve(it);
        }
        if (owner && !isHostile(*owner)) {
          std::string alias = g.entity.alias;
          s.mentions()[m].entity = *owner;
          s.mentions()[m].entity.alias = alias;
          s.mentions()[m].kind = MentionKind::dictionary;
        }
        continue;
      }
      for (size_t o = 0; o < m; ++o) {
        const Entity& owner = s.mentions()[o].entity;
        if (owner.type == "country" || (!owner.country.empty() && owner.type != "person")) {
          s.giveCountry(m, owner.type == "country" ? owner.id : owner.country);
          break;
        }
      }
    }
    for (const auto& m : s.mentions()) {
      if (m.kind == MentionKind::pronoun) continue;
      if (m.kind != MentionKind::generic || m.entity.sector == "HAC")
        discourse.add(m.entity);
      else
        discourse.addPlural(m.entity);
    }

    std::optional<std::vector<DateMention>> datesFound;  // found when the first event needs them
    // The date of an event is the date expression nearest its verb ("said on Tuesday that
    // hackers breached the network last year": last year).
    // Dates at or after `before` are not considered (a report's date is not that of the act
    // it reports: "said hackers broke in in 2018").
    auto dateNear = [&](size_t token, size_t before = SIZE_MAX) -> ResolvedDate {
      if (!datesFound) datesFound = findDates(tokens, article.published);
      const auto& dates = *datesFound;
      const DateMention* best = nullptr;
      size_t bestDistance = 0;
      for (const auto& d : dates) {
        if (d.token >= before) continue;
        size_t distance = d.token > token ? d.token - token : token - d.token + 1;
        if (best == nullptr || distance < bestDistance) {
          best = &d;
          bestDistance = distance;
        }
      }
      return best ? best->date : ResolvedDate{article.published, "reported"};
    };
    const auto& mentions = s.mentions();
    auto usable = [&](const std::vector<size_t>& group) {
      std::vector<size_t> out;
      for (size_t m : group)
        if (!mentions[m].entity.id.empty()) out.push_back(m);
      return out;
    };

    size_t lastTrigger = 0;
    // Names the sentence makes the subject of an attack without showing them attackers: what a
    // source says of them is still attributed to them ("Arctic Wolf said GIFTEDCROOK steals").
    std::vector<Entity> unprovenActors;
    std::vector<size_t> lastActors, lastTargets;
    std::vector<bool> impersonated(s.mentions().size(), false);  // "posing as Netflix"
    std::optional<size_t> lastVerbEnd;            // last token of the latest verb trigger
    bool lastVerbCyber = false;                   // and whether it is a cyber verb
    size_t nextTrigger = 0;                       // first token after the latest trigger
    std::vector<bool> consumed(s.size(), false);  // instruments folded into an earlier event
    const size_t sentenceEvents = events.size();
    for (size_t i = 0; i < s.size(); ++i) {
      if (!tokens[i].word) continue;
      if (auto m = s.mentionAt(i); m && mentions[*m].kind != MentionKind::generic) continue;
      auto trigger = triggerAt(dict_, s, i);
      if (!trigger) continue;
      const VerbPattern* pattern = trigger->pattern;
      const size_t last = i + trigger->length - 1;   // last token of the trigger
      if (nextTrigger > i || consumed[i]) continue;  // inside a trigger before, or its instrument
      // "the most prolific ransomware gang", "a phishing group": the trigger word only
      // describes an actor, it reports no act.
      if (auto m = s.mentionAt(i); m && mentions[*m].end > last + 1) continue;
      nextTrigger = last + 1;
      // "targeted Israeli academics with phishing emails", "hit the city with ransomware": the
      // instrument names the kind of attack, and is no event of its own.
      const VerbPattern* codedAs = pattern;  // the pattern whose class and code the event gets
      // "the attack", "this incident": the article's latest attack, in its class.
      if (pattern->id.ends_with(".anaphor")) {
        if (i == 0 || !isOneOf(s.lower(i - 1), {"the", "this", "that", "these", "those"})) continue;
        const auto latest = std::find_if(events.rbegin(), events.rend(),
                                         [](const auto& e) { return isAttack(e.action.cls); });
        // "the hacking of the SPD": a hack whose victim follows is no reference back.
        const bool ownVictim =
            isOneOf(s.lower(i), {"hacking", "hack", "hacks", "intrusion", "intrusions"}) &&
            last + 2 < s.size() && isOneOf(s.lower(last + 1), {"of", "into", "on", "at"}) &&
            s.mentionAt(last + 2 + (words::isDeterminer(s.lower(last + 2)) ? 1 : 0));
        if (latest == events.rend() && !ownVictim) continue;
        const std::string cls = ownVictim ? std::string("breach") : latest->action.cls;
        const auto& patterns = dict_.patterns();
        const auto noun = std::find_if(patterns.begin(), patterns.end(), [&](const auto& p) {
          return p.nominal && p.cls == cls && !p.id.ends_with(".anaphor");
        });
        if (noun == patterns.end()) continue;
        codedAs = &*noun;
      }
      // "hacked with ransomware", "compromised the network with ransomware": an intrusion made
      // with ransomware is a ransomware attack.
      const bool breachVerb = !pattern->nominal && pattern->cls == "breach";
      if (!pattern->nominal && (pattern->cls == "cyberattack" || breachVerb)) {
        // "targeted by an email scam": in the passive, an act after "by" is the instrument too.
        const bool passiveVerb = i > 0 && words::isBeAuxiliary(s.lower(i - 1));
        for (size_t k = last + 1; k + 1 < s.size() && k <= last + 10; ++k) {
          if (s.lower(k) != "with" && !(passiveVerb && s.lower(k) == "by")) continue;
          for (size_t n = k + 1; n < s.size() && n <= k + 3; ++n) {
            auto instrument = triggerAt(dict_, s, n);
            if (instrument && instrument->pattern->nominal &&
                (breachVerb
                     ? instrument->pattern->cls == "ransomware"
                     : isOneOf(instrument->pattern->cls, {"phishing", "ransomware", "breach"}))) {
              codedAs = instrument->pattern;
              for (size_t c = n; c < n + instrument->length; ++c) consumed[c] = true;
              break;
            }
          }
          break;
        }
      }
      const bool cyber = isCyber(codedAs->cls);

      // Negation in the verb group: "did not arrest", "has never been charged".
      bool negated = false;
      for (size_t k = i; k-- > 0 && i - k <= 3;) {
        if (s.lower(k) == "," || s.mentionAt(k)) break;
        if (words::isNegation(s.lower(k))) negated = true;
      }
      // "no client data was compromised", "none of the records were stolen": a passive whose
      // subject is nothing.
      for (size_t a = i; !negated && a-- > 0 && i - a <= 3;) {
        if (!words::isBeAuxiliary(s.lower(a))) continue;
        while (a > 0 && isOneOf(s.lower(a - 1), {"has", "have", "had", "was", "were", "been"})) --a;
        // The subject's determiner: "no" before its noun, or "none" before its "of".
        // ("no risk of data being stolen" negates the risk, not the theft.)
        bool pastOf = false;
        for (size_t k = a; k-- > 0 && a - k <= 7 && !negated;) {
          if (!s.token(k).word || s.verbAt(k) || isOneOf(s.lower(k), {"to", "that", "than"})) break;
          if (s.lower(k) == "of") {
            negated = k > 0 && s.lower(k - 1) == "none";
            pastOf = true;
          } else if (!pastOf && isOneOf(s.lower(k), {"no", "none"})) {
            negated = true;
          }
        }
        break;
      }
      if (negated) continue;
      if (isOneOf(pattern->cls, {"breach", "cyberattack", "phishing", "ransomware"}) &&
          irrealis(s, i))
        continue;
      // "could be exploited" is how a vulnerability is reported; elsewhere the unrealised is no
      // event.
      if (pattern->cls != "vulnerability" && unrealised(s, i)) continue;
      // "the group claims to be using a million proxies": a claim about what one does, not a
      // disguise (unless it claims an affiliation: "claimed to be working for Microsoft").
      if (pattern->id == "phishing.impersonate" && s.lower(last).starts_with("be") &&
          last + 1 < s.size() && s.lower(last + 1).ends_with("ing") &&
          !isOneOf(s.lower(last + 1),
                   {"working", "calling", "representing", "acting", "writing", "speaking"}))
        continue;
      // "accused China of hacking", "charged with spying", "suspected of spying for Iran": a
      // gerund after "of", "with" or "for" names the act, it does not report it.
      if (!pattern->nominal && i > 0 && isOneOf(s.lower(i - 1), {"of", "with", "for"}) &&
          s.lower(i).ends_with("ing"))
        continue;
      // "the leak sites of ransomware gangs": a place named after what is published there.
      if (pattern->cls == "breach" && last + 1 < s.size() &&
          isOneOf(s.lower(last + 1), {"site", "sites", "blog", "blogs"}))
        continue;
      // "detecting hacking", "preventing phishing": a gerund right after another is its object,
      // the kind of act it is about.
      if (!pattern->nominal && i > 0 && s.lower(i).ends_with("ing") &&
          s.lower(i - 1).ends_with("ing") && s.verbAt(i - 1))
        continue;
      // "email addresses", "their updates": a plural noun spelled like a verb.
      if (!pattern->nominal && i > 0 && s.lower(i).ends_with("s") &&
          (words::isDeterminer(s.lower(i - 1)) || words::isPossessive(s.token(i - 1).text) ||
           isOneOf(s.lower(i - 1), {"email", "e-mail", "ip", "mac", "mailing", "home", "web",
                                    "physical", "postal", "wallet", "bitcoin"})))
        continue;
      // "names, addresses, phone numbers": an item of a list of nouns.
      if (!pattern->nominal && i > 0 && i + 1 < s.size() && s.lower(i).ends_with("s") &&
          isOneOf(s.lower(i - 1), {",", "and", "or"}) &&
          isOneOf(s.lower(i + 1), {",", "and", "or", ".", ";", ")"}))
        continue;
      // "a spy on the payroll", "an attack", "their scam": after an article or a possessive
      // pronoun a verb form is a noun.
      if (!pattern->nominal && i > 0 &&
          isOneOf(s.lower(i - 1), {"a", "an", "its", "their", "his", "her", "our", "your", "my"}))
        continue;
      // "the target computer", "the update process": a bare verb form between "the" and a noun
      // is a noun modifier.
      if (!pattern->nominal && trigger->length == 1 && i > 0 && i + 1 < s.size() &&
          s.lower(i - 1) == "the" && !s.lower(i).ends_with("ed") && !s.lower(i).ends_with("en") &&
          !s.lower(i).ends_with("ing") && !s.lower(i).ends_with("s") && s.token(i + 1).word &&
          s.token(i + 1).text[0] >= 'a' && s.token(i + 1).text[0] <= 'z' && !s.verbAt(i + 1) &&
          !words::isObjectBarrier(s.lower(i + 1)) && !words::isBeAuxiliary(s.lower(i + 1)) &&
          !isOneOf(s.lower(i + 1), {"and", "or", "of", "to", "in", "on", "for", "with", "from",
                                    "by", "that", "which", "has", "have", "had", "as", "at"}))
        continue;
      // "the stolen files", "the compromised accounts": a participle used as an adjective.
      if (!pattern->nominal && i > 0 && words::isDeterminer(s.lower(i - 1)) &&
          (s.lower(i).ends_with("ed") || s.lower(i).ends_with("en") || s.lower(i).ends_with("ing")))
        continue;

      // "an actively exploited zero-day", "hit by a leaked exploit": a participle before the
      // noun it describes; the noun is the event.
      if (!pattern->nominal && trigger->length == 1 &&
          (adjectivalParticiple(dict_, s, i) ||
           (!s.verbAt(i) && (s.lower(i).ends_with("ed") || s.lower(i).ends_with("en")))))
        continue;  // (a participle the sentence reader already took for an adjective)
      std::vector<size_t> actors, targets;
      std::string voice;
      double confidence = 0.75;
      // "found a flaw in Windows", "patched a bug in Exchange": a noun that is the object of a
      // cyber verb is part of that verb's event, not an event of its own.
      if (pattern->nominal && lastVerbEnd && lastVerbCyber && i > *lastVerbEnd &&
          i - *lastVerbEnd <= 6) {
        bool object = true;
        for (size_t k = *lastVerbEnd + 1; k < i && object; ++k)
          object =
              words::isNounOpener(s.lower(k)) || words::isModifier(s.lower(k)) ||
              s.lower(k).ends_with("ly") || adjectivalParticiple(dict_, s, k) ||
              (s.mentionAt(k) && mentions[*s.mentionAt(k)].end == i) ||  // "a Chrome flaw"
              (s.token(k).word && !s.verbAt(k) && !s.mentionAt(k) && s.token(k).text[0] >= 'a' &&
               s.token(k).text[0] <= 'z' && !words::isObjectBarrier(s.lower(k)) &&
               !isOneOf(s.lower(k), {"and", "or", "but", "to", "in", "on", "for", "with", "from",
                                     "by", "after", "before", "as"}));
        if (object) continue;
      }
      // "accused China of espionage against ...": the noun is what the accusation says, and
      // the accusation is the event.
      if (pattern->nominal && i > 0) {
        size_t o = i;
        // Back over the noun's modifiers: "of a sweeping cyber-espionage campaign".
        while (o > 0 && i - o < 3 && !isOneOf(s.lower(o - 1), {"of", "for"}) && !s.verbAt(o - 1) &&
               !s.mentionAt(o - 1) && s.token(o - 1).word && s.word(o - 1)[0] >= 'a' &&
               s.word(o - 1)[0] <= 'z')
          --o;
        if (o > 0 && isOneOf(s.lower(o - 1), {"of", "for"})) {
          bool accusation = false;
          for (size_t k = 0; k + 1 < o && !accusation; ++k)
            if (const auto t = triggerAt(dict_, s, k);
                t &&
                isOneOf(t->pattern->cls, {"accuse", "charge", "convict", "sentence", "arrest"}))
              accusation = true;
            else if (isOneOf(s.lower(k), {"blamed", "blames", "blame", "attributed", "attributes",
                                          "pinned", "credited"}))
              accusation = true;
          if (accusation || (o >= 2 && isOneOf(s.lower(o - 2), {"suspected", "accused", "charged",
                                                                "convicted", "guilty"})))
            continue;
        }
      }
      if (pattern->nominal) {
        voice = "noun";
        confidence = 0.65;
        // After the noun: "attack on X", "breach at X", "flaw in X", "by X", "from X".
        for (size_t k = last + 1; k < s.size() && k <= last + 8; ++k) {
          const std::string& w = s.lower(k);
          if (actors.empty() &&
              (w == "by" || (w == "from" && pattern->cls != "breach" && k <= last + 4)))
            actors = usable(s.rightGroup(k, 3));
          else if (k > last + 4 && !s.mentionAt(k) &&
                   !isOneOf(w, {"was", "were", "is", "been", "carried", "out", "conducted",
                                "launched", "claimed", "perpetrated", "orchestrated", "staged"}))
            break;  // past the noun phrase, only "... was carried out by X" is read
          else if ((words::isBeAuxiliary(w) || isOneOf(w, {"has", "have", "had"})) &&
                   k + 1 < s.size() &&
                   !isOneOf(s.lower(k + 1),
                            {"carried", "conducted", "launched", "claimed", "perpetrated",
                             "orchestrated", "staged", "by", "been", "being", "available", "now"}))
            break;  // "the ransomware is advertised on forums": another clause
          else if (targets.empty() &&
                   isOneOf(w, {"on", "against", "at", "targeting", "of", "in", "affecting",
                               "hitting", "into", "to", "for", "impacting", "from"}))
            targets = usable(s.rightGroup(k, 3));
          if (words::isObjectBarrier(w) && w != "by") break;
        }
        // Before the noun: a possessor or a name ("Equifax's breach", "the Yahoo breach"),
        // then a light verb ("X suffered a breach", "X launched an attack").
        size_t k = i;
        while (k > 0 && i - k < 4 && !s.mentionAt(k - 1) && words::isNounOpener(s.lower(k - 1)))
          --k;
        if (k > 0) {
          auto owner = s.mentionAt(k - 1);
          // "the Locky ransomware", "a WannaCry attack": a name right before the noun names the
          // malware or the campaign, not a party to it.
          if (owner && k == i && mentions[*owner].kind == MentionKind::name &&
              isOneOf(pattern->cls, {"ransomware", "cyberattack", "phishing"}))
            owner.reset();
          if (owner && !mentions[*owner].entity.id.empty()) {
            // "a North Korea-linked supply chain attack": the linked state ran it.
            const std::string ownerWords = text::lower(mentions[*owner].entity.alias);
            const bool linked =
                std::any_of(std::begin(kLinkSuffixes), std::end(kLinkSuffixes),
                            [&](std::string_view suffix) { return ownerWords.ends_with(suffix); });
            const bool hostile = isHostile(mentions[*owner].entity) || linked;
            const bool authored =
                isOneOf(pattern->cls, {"cyberattack", "spy", "phishing", "ransomware"});
            if ((hostile && authored) || pattern->cls == "patch") {
              if (actors.empty()) actors = {*owner};
            } else if (targets.empty()) {
              targets = {*owner};
            }
            k = mentions[*owner].begin;
          }
        }
        size_t v = k;
        while (v > 0 && i - v < 7 && (!s.verbAt(v - 1) || adjectivalParticiple(dict_, s, v - 1)) &&
               !s.mentionAt(v - 1) &&
               lightVerbRole(pattern->cls, s.lower(v - 1)) == LightRole::none &&
               !isOneOf(s.lower(v - 1),
                        {"attributed", "linked", "tied", "connected", "pinned", "blamed"}) &&
               (!words::isObjectBarrier(s.lower(v - 1)) || s.lower(v - 1) == "by" ||
                (s.lower(v - 1) == "with" && v >= 2 &&
                 isOneOf(s.lower(v - 2),
                         {"hit", "struck", "infected", "attacked"}))))  // "was hit by a"
          --v;
        // "Black Basta hit Ascension with ransomware": the attacker hit the victim with it.
        if (v == k && k >= 3 && s.lower(k - 1) == "with" && isAttack(pattern->cls)) {
          if (auto victim = s.mentionAt(k - 2)) {
            const size_t verb = mentions[*victim].begin;
            if (verb > 0 &&
                isOneOf(s.lower(verb - 1), {"hit", "hits", "struck", "strikes", "targeted",
                                            "targets", "attacked", "infected", "infects"})) {
              if (targets.empty()) targets = {*victim};
              if (actors.empty()) actors = usable(s.leftGroup(verb - 1, 8));
            }
          }
        }
        // "X has been attributed to a campaign": X ran it; "Y attributed the campaign to X":
        // X ran it, and Y is the one who says so (coded as an accusation by attribution).
        if (v > 0 && isOneOf(s.lower(v - 1),
                             {"attributed", "linked", "tied", "connected", "pinned", "blamed"})) {
          const bool passive = v >= 2 && (words::isBeAuxiliary(s.lower(v - 2)) ||
                                          (v >= 3 && words::isBeAuxiliary(s.lower(v - 3))));
          if (passive) {
            size_t w = v - 1;
            while (w > 0 && (words::isBeAuxiliary(s.lower(w - 1)) ||
                             isOneOf(s.lower(w - 1), {"has", "have", "had", "also", "publicly"})))
              --w;
            if (actors.empty()) actors = usable(s.leftGroup(w, 8));
          } else {
            for (size_t k2 = last + 1; k2 < s.size() && k2 <= last + 8; ++k2)
              if (s.lower(k2) == "to") {
                actors = usable(s.rightGroup(k2, 3));
                if (!actors.empty())
                  targets.erase(std::remove(targets.begin(), targets.end(), actors.front()),
                                targets.end());
                break;
              }
          }
          v = 0;  // roles settled
        }
        if (v > 0) {
          const LightRole role = lightVerbRole(pattern->cls, s.lower(v - 1));
          std::vector<size_t> subject;
          if (role != LightRole::none) {
            // "was hit by a ransomware attack": the subject precedes the auxiliaries.
            size_t w = v - 1;
            while (w > 0 && (words::isBeAuxiliary(s.lower(w - 1)) ||
                             isOneOf(s.lower(w - 1), {"has", "have", "had", "also", "recently"})))
              --w;
            subject = usable(subjectBefore(s, w, 8));
          }
          if (role == LightRole::actor && actors.empty()) actors = subject;
          if (role == LightRole::target && targets.empty()) targets = subject;
        }
        // "A phishing campaign targeted Ukrainian agencies": the noun is the subject of a verb
        // of attack whose object is the target.
        if (targets.empty() && last + 1 < s.size() &&
            isOneOf(s.lower(last + 1),
                    {"targeted", "targets", "targeting", "hit", "hits", "struck", "affected",
                     "affects", "impacted", "compromised", "crippled", "disrupted", "infected",
                     "paralyzed", "paralysed"}))
          targets = usable(s.rightGroup(last + 1, 6));
      } else {
        // Voice: "was arrested by X" (passive), ", accusing X" (participle clause), else active.
        size_t back = i;
        while (back > 0 && (s.lower(back - 1).ends_with("ly") || s.lower(back - 1) == "also" ||
                            s.lower(back - 1) == "reportedly"))
          --back;
        const bool passive = back > 0 && words::isBeAuxiliary(s.lower(back - 1)) &&
                             words::isParticiple(s.lower(last));
        const bool participle = s.lower(i).ends_with("ing") && i > 0 && s.lower(i - 1) == ",";
        // "The bait is targeted messages": a participle before a plural noun describes it.
        if (passive && trigger->length == 1 && last + 1 < s.size() && s.token(last + 1).word &&
            !s.mentionAt(last + 1) && !s.verbAt(last + 1)) {
          const std::string& next = s.lower(last + 1);
          if (next.size() > 3 && next.ends_with("s") && !next.ends_with("ss") &&
              !next.ends_with("us") && !next.ends_with("ys") && s.token(last + 1).text[0] >= 'a' &&
              s.token(last + 1).text[0] <= 'z' &&
              !isOneOf(next, {"this", "thus", "always", "perhaps", "towards", "afterwards",
                              "across", "less", "unless", "its", "his", "hers", "ours", "yours"}))
            continue;
        }
        if (passive) {
          voice = "passive";
          targets = usable(s.leftGroup(back - 1, 12));
          size_t by = last + 1;
          while (by < s.size() && by <= last + 4 && s.lower(by) != "by") ++by;
          if (by < s.size() && s.lower(by) == "by") actors = usable(s.rightGroup(by, 3));
          confidence = 0.7;
          // "data was stolen from Equifax": the victim follows "from".
          if (pattern->cls == "breach" && targets.empty()) {
            for (size_t k = last + 1; k < s.size() && k <= last + 4; ++k)
              if (s.lower(k) == "from") targets = usable(s.rightGroup(k, 3));
          }
          // "phishing emails were sent to employees": the recipients follow "to".
          if (pattern->cls == "phishing" && targets.empty()) {
            for (size_t k = last + 1; k < s.size() && k <= last + 3; ++k)
              if (s.lower(k) == "to") {
                targets = usable(s.rightGroup(k, 3));
                break;
              }
          }
        } else if (participle) {
          voice = "participle";
          for (size_t m = 0; m < mentions.size(); ++m)
            if (mentions[m].end <= i && !mentions[m].entity.id.empty()) {
              actors.push_back(m);
              break;
            }
          targets = usable(s.rightGroup(last, 6));
          confidence = 0.6;
        } else if (!lastActors.empty() && i > 0 &&
                   (s.lower(i - 1) == "and" || s.lower(i - 1) == "or") && lastTrigger < i) {
          // Conjoined verbs share their subject: "X sanctioned Y and accused Z".
          voice = "conjoined";
          actors = lastActors;
          targets = usable(s.rightGroup(last, 6));
          if (targets.empty() && cyber)
            targets = lastTargets;  // "locked X's systems and demanded a ransom"
          confidence = 0.7;
        } else {
          voice = "active";
          actors = usable(subjectBefore(s, i, 20));
          // The party someone poses as is not the one acting: look past it.
          if (!actors.empty() && impersonated[actors.front()]) {
            actors.clear();
            for (size_t m = mentions.size(); m-- > 0;)
              if (mentions[m].end <= i && !impersonated[m] && !mentions[m].entity.id.empty()) {
                actors = {m};
                break;
              }
          }
          // "Unknown hackers distributed a fake app to steal credentials": the subject of an
          // infinitive of attack is the hostile actor of the clause, not the nearest noun.
          if (i > 0 && s.lower(i - 1) == "to" && isAttack(pattern->cls)) {
            // (Not the speaker of the sentence: "Dutch intelligence said Russian hackers tried
            // to break in".)
            bool found = false;
            for (size_t m = 0; m < mentions.size() && mentions[m].end <= i; ++m)
              if (!mentions[m].entity.id.empty() && isHostile(mentions[m].entity) &&
                  !cannotAttack(mentions[m].entity) &&
                  !(mentions[m].end < s.size() && isReportingVerb(s.lower(mentions[m].end)))) {
                actors = {m};
                found = true;
                break;
              }
            // "Dark Caracal uses trojanized apps to lure users": whoever uses the means.
            for (size_t k = i - 1; !found && k-- > 0 && i - k <= 14;) {
              if (!isOneOf(s.lower(k),
                           {"uses", "used", "using", "use", "leverages", "leveraged", "leveraging",
                            "employs", "employed", "deploys", "deployed", "relies", "relied"}))
                continue;
              const auto user = usable(subjectBefore(s, k, 4));
              if (!user.empty() && !cannotAttack(mentions[user.front()].entity)) actors = user;
              break;
            }
          }
          // "denied the allegations by Australia": the accuser follows "by".
          targets =
              usable(s.rightGroup(last, 6, pattern->cls == "deny" || pattern->cls == "reject"));
          if (!actors.empty() && i - mentions[actors.front()].end > 6) confidence -= 0.15;
          // "Elasticsearch servers exposed 1 million records", "the app leaked user data": who
          // exposes data, unless an attacker, is the one breached.
          if (pattern->cls == "breach" && !actors.empty() &&
              isOneOf(s.lower(i), {"expose", "exposes", "exposed", "exposing", "leak", "leaks",
                                   "leaked", "leaking"}) &&
              !isHostile(mentions[actors.front()].entity)) {
            targets.insert(targets.begin(), actors.begin(), actors.end());
            actors.clear();
          }
          // "ESEA hacked, 1.5 million records leaked", "Racing Site Hacked With Ransomware": a
          // headline drops the auxiliary of the passive. A participle right after a subject that
          // is no attacker, with no object, is one.
          if (isAttack(pattern->cls) && targets.empty() && !actors.empty() &&
              mentions[actors.front()].end == i && words::isParticiple(s.lower(last)) &&
              !isHostile(mentions[actors.front()].entity) &&
              (last + 1 == s.size() ||
               isOneOf(s.lower(last + 1), {",", ":", ";", "with", "by", "in", "after", "via", "-",
                                           "\xe2\x80\x93", "\xe2\x80\x94", "."}))) {
            voice = "passive";
            targets = actors;
            actors.clear();
            if (last + 1 < s.size() && s.lower(last + 1) == "by")
              actors = usable(s.rightGroup(last + 1, 3));
          }
          if (pattern->subjectIsTarget) {
            // "the hospital paid the ransom to the hackers": the subject is the victim.
            targets = actors;
            actors.clear();
            for (size_t k = last + 1; k < s.size() && k <= last + 8; ++k)
              if (s.lower(k) == "to") {
                actors = usable(s.rightGroup(k, 3));
                break;
              }
            // "paying the crooks": whom the victim pays is the attacker.
            if (actors.empty())
              for (size_t m : usable(s.rightGroup(last, 3)))
                if (isHostile(mentions[m].entity) && !cannotAttack(mentions[m].entity)) {
                  actors = {m};
                  break;
                }
          }
          // "warned that Iran's hackers ...", "warns of Chinese espionage": what is warned about.
          if (targets.empty() && pattern->cls == "warn") {
            for (size_t k = last + 1; k < s.size() && k <= last + 4; ++k) {
              if (!isOneOf(s.lower(k), {"that", "of", "about", "against"})) continue;
              for (size_t j = k + 1; j < s.size() && j <= k + 12; ++j)
                if (auto m = s.mentionAt(j); m && !mentions[*m].entity.id.empty()) {
                  targets = {*m};
                  break;
                }
              break;
            }
          }
          // "\"Hospitals must prepare for attacks,\" HHS warned": a warning after the quote it
          // reports is about the threat the quote names, else to the party it addresses.
          if (targets.empty() && pattern->cls == "warn" && !actors.empty()) {
            const size_t speaker = mentions[actors.front()].begin;
            std::optional<size_t> quoteEnd;
            // Back over "the" and the speaker's owners ("HHS' Administration for ...").
            for (size_t k = speaker, words = 0; k > 0 && words < 3 && !quoteEnd;) {
              if (auto owner = s.mentionAt(k - 1)) {
                k = mentions[*owner].begin;
                continue;
              }
              --k;
              ++words;
              if (isOneOf(s.lower(k), {"\"", "\xe2\x80\x9d", "''"})) quoteEnd = k;
            }
            if (quoteEnd) {
              std::optional<size_t> hostile, addressed;
              for (size_t m = 0; m < mentions.size() && mentions[m].end <= *quoteEnd; ++m) {
                const Entity& e = mentions[m].entity;
                if (e.id.empty() || e.id == mentions[actors.front()].entity.id) continue;
                if (isHostile(e) && !hostile) hostile = m;
                if (!isHostile(e) && !addressed) addressed = m;
              }
              if (hostile || addressed) targets = {hostile ? *hostile : *addressed};
            }
          }
          // "stole data from Equifax", "patched a flaw in Windows": the victim or product.
          // What is taken or demanded is taken from its victim, however long the list of what
          // is taken: "stole names, addresses and phone numbers from 2 million users".
          if (targets.empty() && (pattern->cls == "breach" || pattern->cls == "ransomware")) {
            for (size_t k = last + 1; k < s.size() && k <= last + 14; ++k) {
              if (words::isObjectBarrier(s.lower(k)) &&
                  !isOneOf(s.lower(k), {",", "and", "or", "for", "with", "over"}))
                break;
              if (s.lower(k) == "to") break;
              if (s.lower(k) == "from") {
                targets = usable(s.rightGroup(k, 3));
                break;
              }
            }
          }
          if (targets.empty() && cyber) {
            for (size_t k = last + 1; k < s.size() && k <= last + 6; ++k) {
              if (isOneOf(s.lower(k), {"from", "in", "of", "on", "at", "against", "affecting"}) ||
                  (s.lower(k) == "for" && pattern->cls == "patch")) {
                targets = usable(s.rightGroup(k, 3));
                break;
              }
              // "released a fix for X": a verb form after an article is a noun, not a verb.
              if (words::isObjectBarrier(s.lower(k)) ||
                  (s.verbAt(k) && !words::isNounOpener(s.lower(k - 1)) &&
                   !adjectivalParticiple(dict_, s, k)))
                break;
            }
          }
        }
        if (pattern->objectImpersonated) {
          for (size_t t : targets) impersonated[t] = true;
          targets.clear();
        }
        if (!actors.empty()) {
          lastTrigger = i;
          lastActors = actors;
          lastTargets = targets;
        }
        lastVerbEnd = last;
        lastVerbCyber = cyber;
      }

      // A denial answers the accusation against the denier: "Russia denied the accusation",
      // "Russia rejected the allegations".
      // "China denied it": a pronoun object is the accusation itself. A country answers for its
      // own bodies and nationals ("Taiwan accused Chinese hackers ... China denied it"), and a
      // denial answers every accuser of the accusation it follows.
      const bool denial = pattern->cls == "deny" || pattern->cls == "reject";
      if (denial && targets.size() == 1 && mentions[targets[0]].kind == MentionKind::pronoun &&
          isOneOf(text::lower(mentions[targets[0]].entity.alias), {"it", "this", "that"}))
        targets.clear();
      std::vector<Entity> repliedTo;
      if (targets.empty() && denial && !actors.empty()) {
        const Entity& denier = mentions[actors.front()].entity;
        const std::string country = denier.type == "country" ? denier.id : denier.country;
        auto accuses = [&](const ExtractedEvent& e) {
          return e.action.cls == "accuse" &&
                 (e.target.id == denier.id ||
                  (!country.empty() && (e.target.id == country || e.target.country == country)));
        };
        const auto latest = std::find_if(events.rbegin(), events.rend(), accuses);
        if (latest != events.rend()) {
          for (const auto& e : events)
            if (e.sentenceIndex == latest->sentenceIndex && accuses(e) &&
                std::none_of(repliedTo.begin(), repliedTo.end(),
                             [&](const Entity& r) { return r.id == e.actor.id; }))
              repliedTo.push_back(e.actor);
        }
        if (!repliedTo.empty()) {
          voice = "reply";
          confidence = 0.5;
        }
      }
      // "the likelihood of increased cyberattacks against healthcare entities": a plural act
      // noun with no determiner and no named party speaks of a kind of act, not of one.
      const bool kindOfAct = [&] {
        if (!pattern->nominal || !s.lower(last).ends_with("s") || i == 0) return false;
        size_t k = i;
        bool growth = false;
        while (k > 0 && i - k < 2 &&
               isOneOf(s.lower(k - 1), {"increased", "increasing", "rising", "growing", "more",
                                        "further", "future", "potential", "possible", "such",
                                        "other", "similar", "common", "frequent"})) {
          growth = true;
          --k;
        }
        return k > 0 && (growth || isOneOf(s.lower(k - 1), {"of", "about", "against", "like",
                                                            "such", "from", "to"}));
      }();
      if (kindOfAct) {
        auto named = [&](const std::vector<size_t>& ms) {
          return std::any_of(ms.begin(), ms.end(), [&](size_t m) {
            return !mentions[m].entity.id.starts_with("ANY.") && !mentions[m].entity.id.empty();
          });
        };
        if (!named(actors) && !named(targets)) continue;
      }
      // Cyber events are worth keeping with one end unknown ("Equifax was breached").
      // So are legal actions reported in the passive ("Xu was arrested in Milan", "a soldier was
      // sentenced"): who acted is often unnamed, and the act is the news.
      // The one acted on must be named or of a known country ("The spies were expelled" says
      // too little).
      // "Researchers spotted a campaign targeting banks": who speaks of a campaign did not run
      // it; only an attacker as the subject did ("Charming Kitten is behind a campaign
      // targeting researchers").
      if (pattern->id == "cyberattack.target" && i > 0 &&
          isOneOf(s.lower(i - 1), {"campaign", "campaigns", "operation", "operations", "activity",
                                   "intrusions", "espionage", "cyberespionage"}))
        actors.erase(std::remove_if(actors.begin(), actors.end(),
                                    [&](size_t a) { return !isHostile(mentions[a].entity); }),
                     actors.end());
      const bool legalPassive =
          voice == "passive" &&
          isOneOf(pattern->cls, {"arrest", "charge", "convict", "sentence", "expel", "sanction"}) &&
          std::any_of(targets.begin(), targets.end(),
                      [&](size_t t) { return !mentions[t].entity.id.starts_with("ANY."); });
      const bool actorUnknown = actors.empty() && (cyber || legalPassive) && !targets.empty();
      const bool targetUnknown =
          targets.empty() && repliedTo.empty() && cyber && !actors.empty() &&
          isOneOf(pattern->cls, {"vulnerability", "patch", "phishing", "ransomware", "breach"});
      // "a phishing campaign was reported": the article reports the act without its parties.
      // Kept as an event of unknown ends, unless the article names its parties elsewhere.
      // Only a specific act counts ("a phishing campaign", "the ransomware attack"), not the
      // kind of threat ("Ransomware remains the biggest threat").
      auto specific = [&] {
        for (size_t k = i; k-- > 0 && i - k <= 3;) {
          // "a phishing campaign", "the ransomware attack" (but "the ransomware" is the malware)
          if (words::isDeterminer(s.lower(k)))
            return trigger->length >= 2 ||
                   (last + 1 < s.size() && s.token(last + 1).word && !s.verbAt(last + 1) &&
                    !s.mentionAt(last + 1) && s.token(last + 1).text[0] >= 'a' &&
                    s.token(last + 1).text[0] <= 'z' && !words::isBeAuxiliary(s.lower(last + 1)) &&
                    !words::isObjectBarrier(s.lower(last + 1)) &&
                    !isOneOf(s.lower(last + 1),
                             {"has", "have", "had", "and", "or", "to", "in", "on", "for", "with",
                              "from", "by", "that", "can", "could", "may", "will", "would"}));
          if (!s.token(k).word || s.mentionAt(k) || s.verbAt(k)) break;
        }
        // No determiner: the kind of threat ("how phishing works", "Ransomware remains a
        // threat"), unless the act is what something was hit by or done with.
        size_t k = i;
        while (k > 0 && i - k < 3 && s.token(k - 1).word && !s.mentionAt(k - 1) &&
               !s.verbAt(k - 1) &&
               !isOneOf(s.lower(k - 1), {"by", "with", "via", "through", "in", "from"}))
          --k;
        if (k > 0 && isOneOf(s.lower(k - 1), {"by", "with", "via", "through", "in", "from"}))
          return true;
        // "Phishing emails were sent to ...", "Ransomware attacks crippled ...": the subject of a
        // past act is an act that happened, not a kind of threat.
        if (last + 1 < s.size() && (k == 0 || !s.token(k - 1).word)) {
          const std::string& next = s.lower(last + 1);
          return isOneOf(next, {"was", "were"}) || (s.verbAt(last + 1) && next.ends_with("ed")) ||
                 (isOneOf(next, {"has", "have", "had"}) && last + 2 < s.size() &&
                  s.lower(last + 2) == "been");
        }
        return false;
      };
      // "emails purporting to be from the IRS": an impersonation whose sender is unknown.
      // "ransomware disguised as a battery app": posing as anything is the deceit itself.
      // A subject that cannot attack ("researchers say ransomware disguised as ...") is no
      // party to it.
      const bool impersonation =
          pattern->objectImpersonated && std::all_of(actors.begin(), actors.end(), [&](size_t m) {
            return cannotAttack(mentions[m].entity);
          });
      // "the malware then swipes all user contacts", "customer records were stolen", "the files
      // were encrypted", "we found 50 vulnerabilities", "the bug was patched": an intrusion, a
      // theft, an extortion, a deception or a flaw found or fixed is an act even when neither
      // party is named. Only a finite form: an infinitive or a gerund ("the ability to harvest
      // files", "not just about stealing passwords") names what can be done, and a bare form is
      // often a noun ("name and address").
      const bool unnamedAct =
          !pattern->nominal && codedAs == pattern &&
          (isOneOf(pattern->cls, {"breach", "vulnerability", "ransomware"}) ||
           isOneOf(pattern->id, {"patch.fix", "patch.release", "phishing.trick"})) &&
          actors.empty() && i > 0 && s.lower(i - 1) != "to" &&
          (s.lower(i).ends_with("ed") || s.lower(i).ends_with("en") ||
           (s.lower(i).ends_with("s") && pattern->cls != "patch") ||
           isOneOf(s.lower(i), {"found", "stole", "sold", "took"}));
      const bool bare = targets.empty() && repliedTo.empty() &&
                        ((actors.empty() && pattern->nominal &&
                          isOneOf(codedAs->cls, {"phishing", "ransomware"}) && specific()) ||
                         impersonation || unnamedAct);
      if (bare) voice = "bare";
      if (!bare && ((actors.empty() && !actorUnknown) ||
                    (targets.empty() && repliedTo.empty() && !targetUnknown)))
        continue;
      const ResolvedDate date = dateNear(i);

      auto emit = [&](const Entity& actor, bool actorWeak, const Entity& target, bool targetWeak) {
        if (actor.id == target.id && actor.id != kUnknownActorId) return;
        // "compromise networks and obtain credentials": a conjoined verb of the class already
        // coded between the same parties in this sentence adds no event, only a detail.
        if (voice == "conjoined")
          for (size_t k = events.size();
               k-- > 0 && events[k].sentenceIndex == si && events[k].begin == span.begin;)
            if (events[k].action.cls == codedAs->cls && events[k].actor.id == actor.id &&
                events[k].target.id == target.id)
              return;
        ExtractedEvent e;
        e.actor = actor;
        e.target = target;
        e.action = {codedAs->cls, codedAs->code, codedAs->label, text::squeeze(s.word(i))};
        if (trigger->length > 1) {
          size_t endByte = tokens[last].begin + tokens[last].text.size();
          e.action.verb =
              text::squeeze(sentence.substr(tokens[i].begin, endByte - tokens[i].begin));
        }
        setEvidence(e, sentence, si, span, date, codedAs->id + ":" + voice);
        double c = confidence - (actorWeak ? 0.1 : 0.0) - (targetWeak ? 0.1 : 0.0);
        if (actor.id == kUnknownActorId || target.id == kUnknownActorId) c -= 0.15;
        if (actor.id.starts_with("ANY.") || target.id.starts_with("ANY.")) c -= 0.05;
        e.confidence = clamp(c);
        events.push_back(std::move(e));
      };
      // "Shiawassee County was the victim of a phishing scam", "Brits fell victim to fraud": the
      // one who was or fell the victim is the target.
      for (size_t& t : targets) {
        const ActorMention& v = mentions[t];
        if (v.kind != MentionKind::generic ||
            !isOneOf(text::lower(v.entity.alias), {"victim", "victims", "the victim", "a victim"}))
          continue;
        size_t k = v.begin;
        while (k > 0 && isOneOf(s.lower(k - 1), {"the", "a", "an", "latest", "newest", "unwitting",
                                                 "first", "biggest", "latest"}))
          --k;
        if (k == 0 || !(words::isBeAuxiliary(s.lower(k - 1)) ||
                        isOneOf(s.lower(k - 1), {"fell", "fall", "falls", "fallen", "falling",
                                                 "became", "become", "becomes", "becoming"})))
          continue;
        size_t w = k - 1;
        while (w > 0 && (words::isBeAuxiliary(s.lower(w - 1)) ||
                         isOneOf(s.lower(w - 1), {"has", "have", "had", "also", "apparently",
                                                  "reportedly", "recently", "allegedly"})))
          --w;
        if (const auto subject = usable(subjectBefore(s, w, 4)); !subject.empty())
          t = subject.front();
      }
      // "Victims of the attack included WPP and Maersk": who the victims were.
      if (targets.size() == 1 && mentions[targets[0]].kind == MentionKind::generic &&
          isOneOf(text::lower(mentions[targets[0]].entity.alias), {"victims", "the victims"}) &&
          mentions[targets[0]].end <= i && last + 1 < s.size() &&
          isOneOf(s.lower(last + 1), {"included", "include", "includes", "were", "are"})) {
        if (const auto named = usable(s.rightGroup(last + 1, 6)); !named.empty()) targets = named;
      }
      // "issued a National Terrorism Advisory System bulletin about Iran": a name before the
      // document noun names the document; the party warned about follows it.
      if (pattern->id == "warn.issue") {
        auto document = [&](size_t k) {
          return std::find(pattern->context.begin(), pattern->context.end(), s.lower(k)) !=
                 pattern->context.end();
        };
        size_t doc = last + 1;
        while (doc < s.size() && doc <= last + 8 && !document(doc)) ++doc;
        if (doc < s.size() && doc <= last + 8 && !targets.empty() &&
            mentions[targets.front()].begin <= doc) {
          doc = std::max(doc, mentions[targets.front()].end - 1);
          while (doc + 1 < s.size() && document(doc + 1)) ++doc;
          targets = usable(s.rightGroup(doc, 6));
        }
      }
      std::vector<std::pair<Entity, bool>> actorEnds, targetEnds;
      const bool attack = isAttack(codedAs->cls);
      bool unproven = false;        // the subject was a name not shown to be an attacker
      bool speakerDropped = false;  // the object was who speaks of the act
      for (size_t a : actors) {
        const Entity& e = mentions[a].entity;
        if (attack && cannotAttack(e)) continue;
        if (attack && unprovenAttacker(e, codedAs->cls)) {
          unproven = true;
          unprovenActors.push_back(e);
          continue;
        }
        actorEnds.emplace_back(e, mentions[a].weak);
      }
      for (size_t t : targets) {
        // "servers at Saudi Aramco", "the systems of a hospital trust": the owner is the victim.
        if (isCyber(codedAs->cls) && mentions[t].entity.sector == "SYS" &&
            mentions[t].kind == MentionKind::generic) {
          const size_t after = mentions[t].end;
          // "stole 640,000 accounts from Sony": what is taken is taken from its owner.
          if (after + 1 < s.size() &&
              (isOneOf(s.lower(after), {"at", "of", "belonging", "owned", "operated", "run"}) ||
               (s.lower(after) == "from" && pattern->id == "breach.steal"))) {
            for (size_t k = after + 1; k < s.size() && k <= after + 4; ++k) {
              auto owner = s.mentionAt(k);
              if (!owner) {
                if (words::isObjectBarrier(s.lower(k)) || s.verbAt(k)) break;
                continue;
              }
              if (!mentions[*owner].entity.id.empty() && mentions[*owner].entity.sector != "SYS")
                t = *owner;
              break;
            }
          }
        }
        // "... was a variant of ransomware known as SamSam, Simmons said": the one who speaks
        // of the attack is not its victim.
        if (attack && speaks(s, mentions[t])) {
          speakerDropped = true;
          continue;
        }
        if (!(attack && cannotBeAttacked(mentions[t].entity)))
          targetEnds.emplace_back(mentions[t].entity, mentions[t].weak);
      }
      if (attack && actorEnds.empty() && !actors.empty()) {
        // The nearest mention was a victim or bystander: the attacker, if named, is a hostile
        // actor earlier in the sentence ("hackers are using X to lure users").
        for (size_t m = mentions.size(); m-- > 0;)
          if (mentions[m].end <= i && !mentions[m].entity.id.empty() &&
              isHostile(mentions[m].entity) && !cannotAttack(mentions[m].entity)) {
            actorEnds.emplace_back(mentions[m].entity, mentions[m].weak);
            break;
          }
      }
      if (attack && targetEnds.empty() && targets.empty() && repliedTo.empty() &&
          !pattern->objectImpersonated) {
        // No object right after the verb: the victim may come later in the clause ("harvest
        // credentials from unsuspecting consumers", "steal the data of customers").
        for (size_t m = 0; m < mentions.size(); ++m) {
          const ActorMention& cand = mentions[m];
          if (cand.begin <= last || cand.begin > last + 12 || cand.entity.id.empty()) continue;
          bool crossed = false;
          for (size_t k = last + 1; k < cand.begin && !crossed; ++k)
            crossed = isOneOf(s.lower(k), {";", ":", "but", "while", "although", "said", "says"}) ||
                      s.verbAt(k);
          if (crossed) break;
          if (cannotBeAttacked(cand.entity) || isHostile(cand.entity) || impersonated[m] ||
              speaks(s, cand))
            continue;
          targetEnds.emplace_back(cand.entity, true);
          confidence -= 0.1;
          break;
        }
      }
      if (actorEnds.empty() && targetEnds.empty() && !bare && !unproven && !speakerDropped)
        continue;
      if (targetEnds.empty() && repliedTo.empty() && !targetUnknown && !speakerDropped &&
          !targets.empty())
        continue;
      // "The attacks on Giles": a definite attack noun is one of the attacks the article has
      // told of, by the group it last named.
      if (actorEnds.empty() && attack && pattern->nominal && !targetEnds.empty() && i > 0 &&
          s.lower(i - 1) == "the") {
        ActorMention attackers;
        attackers.kind = MentionKind::generic;
        attackers.definite = true;
        attackers.entity.sector = "HAC";
        if (auto e = discourse.resolve(attackers); e && !e->id.starts_with("ANY."))
          actorEnds.emplace_back(*e, true);
      }
      if (actorEnds.empty()) actorEnds.emplace_back(unknownActor(), false);
      if (!repliedTo.empty()) {
        targetEnds.clear();
        for (const Entity& r : repliedTo) targetEnds.emplace_back(r, false);
      }
      if (targetEnds.empty()) targetEnds.emplace_back(unknownActor(), false);
      for (const auto& [actor, actorWeak] : actorEnds)
        for (const auto& [target, targetWeak] : targetEnds)
          emit(actor, actorWeak, target, targetWeak);
    }
    // An event of this sentence with an unknown end says less than one of the same class that
    // names it: "scammers posing as a bank (phishing) tricked users (phishing of users)".
    for (size_t k = sentenceEvents; k < events.size();) {
      const ExtractedEvent& e = events[k];
      const bool vague = e.actor.id == kUnknownActorId || e.target.id == kUnknownActorId;
      const bool covered =
          vague && std::any_of(events.begin() + static_cast<std::ptrdiff_t>(sentenceEvents),
                               events.end(), [&](const ExtractedEvent& o) {
                                 return &o != &e && o.action.cls == e.action.cls &&
                                        o.actor.id != kUnknownActorId &&
                                        o.target.id != kUnknownActorId &&
                                        (o.actor.id == e.actor.id || o.target.id == e.target.id);
                               });
      // "Ransomware crippled the city": the generic attack is the ransomware attack.
      const bool subsumed =
          e.action.cls == "cyberattack" &&
          std::any_of(events.begin() + static_cast<std::ptrdiff_t>(sentenceEvents), events.end(),
                      [&](const ExtractedEvent& o) {
                        return &o != &e &&
                               isOneOf(o.action.cls, {"ransomware", "phishing", "breach"}) &&
                               o.target.id == e.target.id &&
                               (o.actor.id == e.actor.id || e.actor.id == kUnknownActorId);
                      });
      if (covered || subsumed)
        events.erase(events.begin() + static_cast<std::ptrdiff_t>(k));
      else
        ++k;
    }
    // Who reports ("according to data released by NCC Group") is what "the researchers" of the
    // next sentences refers to, whether or not this sentence attributes anything.
    std::vector<Entity> reporters;
    attributeIn(s, tokens, sentence, span, si, dateNear, sentenceEvents, unprovenActors, events,
                reporters);
    for (const Entity& r : reporters) discourse.addSource(r);
    for (size_t k = sentenceEvents; k < events.size(); ++k)
      if (events[k].action.cls == "accuse") discourse.addSource(events[k].actor);
  }
  // A named party's undated act ("reported") of a class the article has already dated for that
  // party continues the dated account: "Citrix on Wednesday disclosed a zero-day ... The
  // zero-day was disclosed by Citrix nine days after ..." takes Wednesday, not the publication.
  std::unordered_map<std::string, std::pair<std::string, std::string>> lastDated;
  for (auto& e : events) {
    // A statement, though, is dated by the article that quotes it.
    if (e.actor.id == kUnknownActorId || e.actor.id.starts_with("ANY.") || e.action.cls == "accuse")
      continue;
    const std::string key = e.actor.id + '\t' + e.action.cls;
    if (e.precision != "reported") {
      lastDated[key] = {e.date, e.precision};
    } else if (auto it = lastDated.find(key); it != lastDated.end()) {
      e.date = it->second.first;
      e.precision = it->second.second;
    }
  }
  // An undated mention ("reported") of an event the article also dates (a headline, a summary)
  // is the same event: keep only the dated one.
  std::vector<ExtractedEvent> kept;
  for (const auto& e : events) {
    const bool bare = e.actor.id == kUnknownActorId && e.target.id == kUnknownActorId;
    if (bare && std::any_of(events.begin(), events.end(), [&](const ExtractedEvent& other) {
          return other.action.cls == e.action.cls &&
                 (other.actor.id != kUnknownActorId || other.target.id != kUnknownActorId);
        }))
      continue;  // the article names the parties of this act elsewhere
    // An act with no party at all, told again, is the same act told again.
    if (bare && std::any_of(kept.begin(), kept.end(), [&](const ExtractedEvent& other) {
          return other.action.cls == e.action.cls && other.actor.id == kUnknownActorId &&
                 other.target.id == kUnknownActorId && other.date == e.date;
        }))
      continue;
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
