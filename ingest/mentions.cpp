#include "ingest/mentions.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "ingest/words.h"

using dossier::words::WordSet;

namespace dossier {
namespace {

using words::isOneOf;

bool isUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// Capitalised words that are not names by themselves: sentence openers, calendar words,
// pronouns, and the acronyms of everyday technology.
bool isCommonCapitalised(std::string_view lower) {
  static const WordSet kCommon{
      "the",       "a",          "an",         "in",        "on",        "at",
      "this",      "that",       "these",      "those",     "it",        "he",
      "she",       "they",       "we",         "i",         "you",       "but",
      "and",       "or",         "however",    "according", "after",     "before",
      "while",     "when",       "if",         "as",        "for",       "with",
      "since",     "although",   "meanwhile",  "also",      "earlier",   "last",
      "now",       "some",       "many",       "most",      "other",     "another",
      "one",       "two",        "three",      "there",     "here",      "what",
      "which",     "who",        "why",        "how",       "where",     "so",
      "yet",       "still",      "then",       "today",     "yesterday", "tomorrow",
      "to",        "of",         "by",         "from",      "not",       "no",
      "yes",       "all",        "both",       "each",      "every",     "his",
      "her",       "their",      "its",        "our",       "your",      "my",
      "said",      "says",       "monday",     "tuesday",   "wednesday", "thursday",
      "friday",    "saturday",   "sunday",     "january",   "february",  "march",
      "april",     "may",        "june",       "july",      "august",    "september",
      "october",   "november",   "december",   "jan",       "feb",       "mar",
      "apr",       "jun",        "jul",        "aug",       "sep",       "sept",
      "oct",       "nov",        "dec",        "ceo",       "cto",       "cio",
      "ciso",      "cfo",        "it",         "vpn",       "pdf",       "sms",
      "api",       "url",        "ip",         "dns",       "http",      "https",
      "ssl",       "tls",        "ai",         "pc",        "os",        "usb",
      "id",        "pin",        "ssn",        "ram",       "cpu",       "gpu",
      "iot",       "sql",        "xss",        "rce",       "dos",       "ddos",
      "cve",       "cvss",       "poc",        "mfa",       "2fa",       "otp",
      "atm",       "gdpr",       "hipaa",      "pii",       "phi",       "tv",
      "faq",       "am",         "pm",         "gmt",       "utc",       "usd",
      "eur",       "btc",        "csv",        "html",      "json",      "xml",
      "sdk",       "internet",   "web",        "email",     "e-mail",    "bitcoin",
      "update",    "note",       "editor",     "photo",     "image",     "read",
      "more",      "related",    "see",        "click",     "please",    "breaking",
      "exclusive", "analysis",   "opinion",    "statement", "report",    "reports",
      "story",     "new",        "first",      "free",      "security",  "data",
      "trojan",    "ransomware", "malware",    "phishing",  "cyber",     "cybersecurity",
      "patch",     "tuesday",    "government", "police",    "court",     "president",
      "minister",  "state",      "federal",    "national",  "north",     "south",
      "east",      "west",       "western",    "eastern",   "northern",  "southern",
      "central",   "european",   "asian",      "african",   "arab",      "islamic",
      "christmas", "easter",     "ramadan",    "bitcoins",  "ethereum",  "ether",
      "monero",    "litecoin",   "dogecoin",   "tether",    "eth",       "xmr",
      "dollars",   "euros",      "pounds"};
  return kCommon.contains(lower);
}

// What the last word of an organisation's name says it is: "Licking County" is a local
// government, "Boston Children's Hospital" a hospital. {type, sector}, or empty.
std::pair<std::string_view, std::string_view> typeBySuffix(std::string_view lower) {
  static const std::pair<std::string_view, std::pair<std::string_view, std::string_view>> kTypes[] =
      {
          {"county", {"government", "GOV"}},     {"city", {"government", "GOV"}},
          {"borough", {"government", "GOV"}},    {"township", {"government", "GOV"}},
          {"parish", {"government", "GOV"}},     {"municipality", {"government", "GOV"}},
          {"council", {"government", "GOV"}},    {"ministry", {"ministry", "GOV"}},
          {"department", {"government", "GOV"}}, {"agency", {"government", "GOV"}},
          {"police", {"police", "COP"}},         {"hospital", {"health", "HLH"}},
          {"clinic", {"health", "HLH"}},         {"health", {"health", "HLH"}},
          {"university", {"education", "EDU"}},  {"college", {"education", "EDU"}},
          {"school", {"education", "EDU"}},      {"district", {"education", "EDU"}},
          {"bank", {"finance", "BUS"}},          {"airlines", {"transport", "BUS"}},
          {"airways", {"transport", "BUS"}},     {"party", {"party", "GOV"}},
      };
  for (const auto& [suffix, type] : kTypes)
    if (lower == suffix) return type;
  return {};
}

// Titles before a person's name: "FBI Director Christopher Wray", "President Xi Jinping".
bool isTitle(std::string_view lower) {
  static const WordSet kTitles{
      "president", "vice",        "prime",        "minister",   "director",
      "deputy",    "secretary",   "chancellor",   "premier",    "ceo",
      "chief",     "executive",   "officer",      "general",    "gen.",
      "mr.",       "mrs.",        "ms.",          "dr.",        "prof.",
      "sen.",      "rep.",        "gov.",         "senator",    "representative",
      "governor",  "judge",       "justice",      "attorney",   "prosecutor",
      "spokesman", "spokeswoman", "spokesperson", "ambassador", "commissioner",
      "chairman",  "chairwoman",  "chair",        "founder",    "researcher",
      "analyst",   "professor",   "king",         "queen",      "prince",
      "sheikh",    "leader",      "former",       "acting",     "foreign",
      "defence",   "defense",     "interior",     "home",       "justice",
      "mayor",     "colonel",     "captain",      "lieutenant", "sergeant",
      "admiral",   "agent",       "special",      "head",       "cto",
      "ciso",      "cfo",         "col.",         "lt.",        "capt.",
      "adm.",      "sgt.",        "mr",           "mrs",        "ms",
      "dr",        "st."};
  return kTitles.contains(lower);
}

// Last words that make a name an organisation: "Catalan Police Union", "Acme Corp.".
bool isOrganisationSuffix(std::string_view lower) {
  static const WordSet kSuffixes{"inc",
                                 "inc.",
                                 "corp",
                                 "corp.",
                                 "corporation",
                                 "ltd",
                                 "ltd.",
                                 "llc",
                                 "plc",
                                 "gmbh",
                                 "ag",
                                 "s.a.",
                                 "co.",
                                 "company",
                                 "group",
                                 "bank",
                                 "university",
                                 "hospital",
                                 "agency",
                                 "ministry",
                                 "department",
                                 "council",
                                 "service",
                                 "services",
                                 "systems",
                                 "technologies",
                                 "technology",
                                 "labs",
                                 "lab",
                                 "security",
                                 "networks",
                                 "software",
                                 "solutions",
                                 "foundation",
                                 "institute",
                                 "association",
                                 "union",
                                 "party",
                                 "holdings",
                                 "airlines",
                                 "airways",
                                 "motors",
                                 "energy",
                                 "media",
                                 "news",
                                 "times",
                                 "post",
                                 "police",
                                 "authority",
                                 "commission",
                                 "office",
                                 "committee",
                                 "center",
                                 "centre",
                                 "team",
                                 "project",
                                 "partners",
                                 "capital",
                                 "health",
                                 "healthcare",
                                 "pharmaceuticals",
                                 "telecom",
                                 "communications",
                                 "electronics",
                                 "industries",
                                 "enterprises",
                                 "international",
                                 "global",
                                 "cloud",
                                 "store",
                                 "exchange",
                                 "club",
                                 "church",
                                 "school",
                                 "college",
                                 "academy",
                                 "court",
                                 "parliament",
                                 "government",
                                 "army",
                                 "navy",
                                 "force",
                                 "forces",
                                 "guard",
                                 "bureau",
                                 "directorate",
                                 "administration",
                                 "federation",
                                 "alliance",
                                 "coalition",
                                 "network",
                                 "organization",
                                 "organisation",
                                 "municipality",
                                 "county",
                                 "city",
                                 "district",
                                 "board",
                                 "trust",
                                 "clinic",
                                 "insurance",
                                 "financial",
                                 "games",
                                 "studios",
                                 "entertainment",
                                 "pharmacy",
                                 "railways",
                                 "airport",
                                 "port",
                                 "hotels",
                                 "resorts",
                                 "stores",
                                 "markets",
                                 "brands",
                                 "platforms",
                                 "online"};
  return kSuffixes.contains(lower);
}

bool capitalised(std::string_view w) {
  if (w.empty()) return false;
  if (isUpper(w[0])) return true;
  // "iPhone", "eBay", "8Base": an upper-case letter after a lower-case or digit first letter.
  return w.size() > 1 && std::any_of(w.begin() + 1, w.end(), [](char c) { return isUpper(c); }) &&
         (isDigit(w[0]) || (w[0] == 'i' || w[0] == 'e'));
}

// "WikiLeaks", "FIN7", "APT10", "NotPetya": capitals or digits beyond the first letter.
bool distinctive(std::string_view w) {
  return std::count_if(w.begin(), w.end(), [](char c) { return isUpper(c) || isDigit(c); }) > 1;
}

std::string slug(std::string_view name) {
  std::string out;
  bool dash = false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(static_cast<char>(std::tolower(u)));
    } else {
      dash = true;
    }
  }
  return out;
}

}  // namespace

Entity unknownActor() {
  return Entity{kUnknownActorId, "unidentified actor", "unknown", "", "", ""};
}

bool isHostile(const Entity& e) {
  return e.sector == "HAC" || e.sector == "SPY" || e.sector == "MIL" ||
         isOneOf(e.type, {"apt", "ransomware", "cybercrime", "hacktivist", "hackers",
                          "intelligence", "military", "country"});
}

SentenceMentions::SentenceMentions(const Dictionary& dictionary,
                                   const std::vector<text::Token>& tokens)
    : dict_(dictionary),
      tokens_(tokens),
      lower_(tokens.size()),
      verbAt_(tokens.size(), false),
      mentionOf_(tokens.size(), -1),
      actorsAt_(tokens.size(), nullptr),
      agentsAt_(tokens.size(), nullptr),
      aloneAt_(tokens.size(), nullptr),
      triggersAt_(tokens.size(), nullptr) {
  size_t words = 0, capitals = 0, commonCapitals = 0, lowerVerbs = 0;
  for (size_t i = 0; i < tokens_.size(); ++i) {
    lower_[i] = text::lower(tokens_[i].text);
    // Each token is looked up once; the finders below read these.
    actorsAt_[i] = tokens_[i].word ? dict_.actorPhrases(tokens_[i].text) : nullptr;
    agentsAt_[i] = tokens_[i].word ? dict_.agentPhrases(lower_[i], false) : nullptr;
    aloneAt_[i] = tokens_[i].word ? dict_.agentPhrases(lower_[i], true) : nullptr;
    triggersAt_[i] = tokens_[i].word ? dict_.triggerPhrases(lower_[i]) : nullptr;
    if (const auto* phrases = triggersAt_[i]) {
      verbAt_[i] = std::any_of(phrases->begin(), phrases->end(), [&](const TriggerPhrase& p) {
        return p.tokens.size() == 1 && !dict_.patterns()[p.pattern].nominal;
      });
    }
    if (tokens_[i].word && tokens_[i].text.size() > 3) {
      ++words;
      if (!isUpper(tokens_[i].text[0]) && verbAt_[i]) ++lowerVerbs;
      if (isUpper(tokens_[i].text[0])) {
        ++capitals;
        // Common words written with a capital: "Blames", "Hackers", "Military".
        if (i > 0 && (triggersAt_[i] || agentsAt_[i] || words::isModifier(lower_[i]) ||
                      isCommonCapitalised(lower_[i])))
          ++commonCapitals;
      }
    }
  }
  // A headline in Title Case capitalises common words too, its verbs included; a sentence full
  // of names and titles does not ("Germany's Interior Minister Nancy Faeser warned Russia").
  titleCase_ = words >= 3 && capitals * 10 >= words * 6 && commonCapitals >= 2 && lowerVerbs == 0;
  // "an actively exploited Chrome zero-day", "the stolen data": a participle after a determiner
  // (and perhaps an adverb) describes the noun that follows; it is no verb of the sentence.
  for (size_t i = 1; i < tokens_.size(); ++i) {
    if (!verbAt_[i] || !(lower_[i].ends_with("ed") || lower_[i].ends_with("en"))) continue;
    size_t k = i - 1;
    if (lower_[k].ends_with("ly") && k > 0) --k;
    if (words::isDeterminer(lower_[k]) && lower_[k] != "of" && lower_[k] != "that")
      verbAt_[i] = false;
  }
  // The countries the sentence names, which settle shared aliases.
  for (size_t i = 0; i < tokens_.size(); ++i) {
    if (const auto* phrases = actorsAt_[i]) {
      for (const ActorPhrase& p : *phrases) {
        const Entity& e = dict_.entities()[p.entity];
        if (e.type != "country" || i + p.tokens.size() > tokens_.size()) continue;
        bool ok = true;
        for (size_t k = 1; k < p.tokens.size() && ok; ++k) ok = tokens_[i + k].text == p.tokens[k];
        if (ok) countriesHere_.insert(e.id);
      }
    }
  }
  findMentions();
  mergeAppositions();
  dropQuotedTitles();
  typeMalwareNames();
  typePeopleByFate();
  mergeOwners();
  for (size_t m = 0; m < mentions_.size(); ++m)
    for (size_t k = mentions_[m].begin; k < mentions_[m].end; ++k)
      mentionOf_[k] = static_cast<int>(m);
}

void SentenceMentions::giveCountry(size_t m, const std::string& countryId) {
  ActorMention& mention = mentions_[m];
  auto agent = dict_.agentIndex(mention.entity.sector);
  // The whole phrase may name another sector once it has a country: "defence ministry" is the
  // military's.
  std::vector<std::string> words;
  for (const auto& t : text::tokenize(mention.entity.alias)) words.push_back(text::lower(t.text));
  if (!words.empty()) {
    if (const auto* phrases = dict_.agentPhrases(words.front(), false))
      for (const AgentPhrase& p : *phrases)
        if (p.tokens == words) {
          agent = p.agent;
          break;
        }
  }
  const auto country = dict_.entityIndex(countryId);
  if (!agent || !country) return;
  mention.entity = composite(dict_.entities()[*country], *agent, mention.entity.alias);
  mention.kind = MentionKind::composite;
  mention.definite = false;
}

bool SentenceMentions::addName(size_t begin, size_t end, const Entity& entity) {
  if (begin >= end || end > tokens_.size()) return false;
  for (size_t k = begin; k < end; ++k)
    if (mentionOf_[k] >= 0) return false;
  ActorMention m;
  m.begin = begin;
  m.end = end;
  m.entity = entity;
  m.entity.alias = surface(begin, end);
  m.kind = MentionKind::name;
  const auto at = std::find_if(mentions_.begin(), mentions_.end(),
                               [&](const ActorMention& o) { return o.begin > begin; });
  mentions_.insert(at, std::move(m));
  std::fill(mentionOf_.begin(), mentionOf_.end(), -1);
  for (size_t i = 0; i < mentions_.size(); ++i)
    for (size_t k = mentions_[i].begin; k < mentions_[i].end; ++k)
      mentionOf_[k] = static_cast<int>(i);
  for (size_t k = begin; k < end; ++k) verbAt_[k] = false;
  return true;
}

std::string_view SentenceMentions::word(size_t i) const {
  return i < tokens_.size() ? tokens_[i].text : std::string_view();
}

std::optional<size_t> SentenceMentions::mentionAt(size_t token) const {
  if (token >= mentionOf_.size() || mentionOf_[token] < 0) return std::nullopt;
  return static_cast<size_t>(mentionOf_[token]);
}

std::vector<size_t> SentenceMentions::leftGroup(size_t i, size_t maxGap) const {
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

std::vector<size_t> SentenceMentions::rightGroup(size_t i, size_t maxGap, bool allowBy) const {
  std::vector<size_t> group;
  // Quantities do not count towards the gap: "the data of up to 26,000 customers".
  static const WordSet kQuantity{
      "up",    "more",    "than",    "nearly",   "almost",   "about",     "around",   "roughly",
      "least", "million", "billion", "thousand", "hundreds", "thousands", "millions", "tens"};
  auto digits = [&](size_t k) {
    return k < tokens_.size() && !lower_[k].empty() &&
           std::isdigit(static_cast<unsigned char>(lower_[k][0]));
  };
  auto quantity = [&](size_t k) {
    const std::string& w = lower_[k];
    if (kQuantity.contains(w) || digits(k)) return true;
    if (w == "," && k > 0 && digits(k - 1) && digits(k + 1)) return true;  // 26,000
    // "up to", "at least", "as many as", "more than": joined to a quantity word before
    return k > i + 1 && isOneOf(w, {"to", "at", "as", "many", "of"}) &&
           kQuantity.contains(lower_[k - 1]);
  };
  size_t extra = 0;
  for (size_t k = i + 1; k < tokens_.size() && k <= i + 1 + maxGap + extra; ++k) {
    if (extra < 8 && quantity(k)) {
      ++extra;
      continue;
    }
    if (auto m = mentionAt(k)) {
      group.push_back(*m);
      size_t cur = *m;
      while (cur + 1 < mentions_.size() &&
             coordinated(mentions_[cur].end, mentions_[cur + 1].begin))
        group.push_back(++cur);
      return group;
    }
    if (words::isObjectBarrier(lower_[k]) && !(allowBy && lower_[k] == "by")) break;
    if (verbAt_[k]) break;  // another event's verb
  }
  return group;
}

// Two mentions are one group when only a conjunction or comma, and perhaps a determiner,
// stands between them: "Iran and North Korea", "a Russian spy and a Belarusian spy".
bool SentenceMentions::coordinated(size_t gapBegin, size_t gapEnd) const {
  if (gapEnd <= gapBegin || gapEnd - gapBegin > 3) return false;
  bool joiner = false;
  for (size_t k = gapBegin; k < gapEnd; ++k) {
    const std::string& w = lower_[k];
    if (w == "and" || w == "or" || w == "&" || w == ",")
      joiner = true;
    else if (!words::isDeterminer(w))
      return false;
  }
  return joiner;
}

std::optional<std::pair<const ActorPhrase*, size_t>> SentenceMentions::phraseAt(size_t i) const {
  const auto* candidates = actorsAt_[i];
  if (candidates == nullptr) return std::nullopt;
  const ActorPhrase* found = nullptr;
  std::vector<const ActorPhrase*> rivals;  // the same words naming other entities
  for (const ActorPhrase& p : *candidates) {
    if (found != nullptr && p.tokens.size() < found->tokens.size()) break;  // longest first
    if (i + p.tokens.size() > tokens_.size()) continue;
    bool ok = true;
    for (size_t k = 1; k < p.tokens.size() && ok; ++k) ok = tokens_[i + k].text == p.tokens[k];
    if (!ok) continue;
    if (found == nullptr)
      found = &p;
    else if (p.tokens == found->tokens && p.entity != found->entity)
      rivals.push_back(&p);
  }
  if (found == nullptr) return std::nullopt;
  if (!rivals.empty()) {
    // A shared alias ("NIS": South Korea's or Norway's) is read as the entity of a country the
    // sentence names; otherwise it is left out rather than guessed.
    rivals.push_back(found);
    const ActorPhrase* chosen = nullptr;
    for (const ActorPhrase* r : rivals) {
      const std::string& country = dict_.entities()[r->entity].country;
      if (!country.empty() && countriesHere_.count(country) > 0) {
        if (chosen != nullptr) return std::nullopt;
        chosen = r;
      }
    }
    if (chosen == nullptr) return std::nullopt;
    found = chosen;
  }
  return std::make_pair(found, found->tokens.size());
}

std::optional<std::pair<size_t, size_t>> SentenceMentions::agentAt(size_t i, bool alone) const {
  if (i >= tokens_.size()) return std::nullopt;
  const auto* candidates = alone ? aloneAt_[i] : agentsAt_[i];
  if (candidates == nullptr) return std::nullopt;
  for (const AgentPhrase& p : *candidates) {
    if (i + p.tokens.size() > tokens_.size()) continue;
    bool ok = true;
    for (size_t k = 1; k < p.tokens.size() && ok; ++k) ok = lower_[i + k] == p.tokens[k];
    if (ok) return std::make_pair(p.agent, p.tokens.size());
  }
  return std::nullopt;
}

Entity SentenceMentions::composite(const Entity& country, size_t agentIndex,
                                   std::string_view alias) const {
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

std::string SentenceMentions::surface(size_t begin, size_t end) const {
  if (begin >= end) return {};
  size_t b = tokens_[begin].begin;
  size_t e = tokens_[end - 1].begin + tokens_[end - 1].text.size();
  return text::squeeze(std::string_view(tokens_[begin].text.data(), e - b));
}

size_t SentenceMentions::nameEnd(size_t i) const {
  if (titleCase_ || i >= tokens_.size() || !tokens_[i].word || !capitalised(tokens_[i].text))
    return i;
  // "Thousands of Roundcube servers": a quantity opening a sentence is no name.
  if (isOneOf(lower_[i], {"thousands", "hundreds", "millions", "dozens", "tens", "billions"}))
    return i;
  // "Tibet-themed lures", "Windows-based systems": a name made into an adjective.
  if (lower_[i].find('-') != std::string::npos)
    for (std::string_view suffix : {"-themed", "-based", "-style", "-related", "-like", "-focused",
                                    "-language", "-speaking", "-made", "-owned", "-registered"})
      if (lower_[i].ends_with(suffix)) return i;
  // A verb written with capitals is still a verb: "DDoSed", "DDoSing".
  if (verbAt_[i] && i > 0 && (lower_[i].ends_with("ed") || lower_[i].ends_with("ing"))) return i;
  if (!capitalised(tokens_[i].text) || isCommonCapitalised(lower_[i])) {
    // A title opens a name even when it is a common word: "President Xi"; so does a place
    // word before a name: "North Bend", "New Haven", "Fort Worth".
    const bool placeWord =
        isUpper(tokens_[i].text[0]) &&
        isOneOf(lower_[i], {"north", "south", "east", "west", "new", "fort", "port", "saint", "san",
                            "santa", "los", "las", "lake", "mount", "palm"}) &&
        i + 1 < tokens_.size() && capitalised(tokens_[i + 1].text) &&
        !isCommonCapitalised(lower_[i + 1]);
    if (!(isUpper(tokens_[i].text[0]) && isTitle(lower_[i])) && !placeWord) return i;
  }
  size_t j = i + 1;
  while (j < tokens_.size() && tokens_[j].word) {
    if (capitalised(tokens_[j].text) && !isCommonCapitalised(lower_[j]) && !phraseAt(j)) {
      ++j;
      continue;
    }
    // A run of titles before the name: "Interior Minister Nancy Faeser".
    if (isUpper(tokens_[j].text[0]) && isTitle(lower_[j]) && isTitle(lower_[j - 1]) &&
        j + 1 < tokens_.size() && capitalised(tokens_[j + 1].text)) {
      ++j;
      continue;
    }
    // A version number ends a product's name: "Office 365", "Windows 10" (not a year).
    if (std::all_of(tokens_[j].text.begin(), tokens_[j].text.end(), isDigit) &&
        tokens_[j].text.size() <= 3) {
      ++j;
      break;
    }
    // Inner connectors: "Bank of America", "Ministry of State Security", "AT & T".
    if (isOneOf(lower_[j], {"of", "de", "du", "van", "von", "der", "al", "bin", "&"}) &&
        j + 1 < tokens_.size() && capitalised(tokens_[j + 1].text) &&
        !isCommonCapitalised(lower_[j + 1])) {
      j += 2;
      continue;
    }
    break;
  }
  // One word in -ing is a verb or a noun, not a name ("Connecting the dots").
  if (j == i + 1 && lower_[i].ends_with("ing") && !distinctive(tokens_[i].text)) return i;
  // One common-looking word at the start of a sentence is not a name ("Officials said").
  // (A quotation opens a sentence too: "\"Prepare for attacks,\" HHS warned".)
  const bool opening = i == 0 || isOneOf(tokens_[i - 1].text, {"\"", "\xe2\x80\x9c", "(", ":"});
  if (j == i + 1 && opening && !distinctive(tokens_[i].text) &&
      !(i + 1 < tokens_.size() && words::isPossessive(tokens_[i + 1].text)))
    return i;
  return j;
}

std::optional<std::pair<const ActorPhrase*, size_t>> SentenceMentions::linkedCountryAt(
    size_t i) const {
  static const WordSet kLinks{
      "linked",   "backed", "sponsored",  "aligned",         "based",       "affiliated",
      "nexus",    "allied", "controlled", "connected",       "tied",        "funded",
      "directed", "run",    "operated",   "state-sponsored", "state-backed"};
  // One word ("China-linked") or the last of a country's words ("North Korea-linked").
  for (size_t last = i; last < tokens_.size() && last <= i + 2; ++last) {
    const std::string_view w = tokens_[last].text;
    const size_t dash = w.find('-');
    if (dash == std::string_view::npos) continue;
    if (dash == 0 || !kLinks.contains(lower_[last].substr(dash + 1))) return std::nullopt;
    std::vector<std::string_view> words;
    for (size_t k = i; k < last; ++k) words.push_back(tokens_[k].text);
    words.push_back(w.substr(0, dash));
    const auto* candidates = dict_.actorPhrases(words.front());
    if (candidates == nullptr) return std::nullopt;
    for (const ActorPhrase& p : *candidates) {
      if (p.tokens.size() != words.size() || dict_.entities()[p.entity].type != "country") continue;
      bool ok = true;
      for (size_t k = 0; k < words.size() && ok; ++k) ok = p.tokens[k] == words[k];
      if (ok) return std::make_pair(&p, last - i + 1);
    }
    return std::nullopt;
  }
  return std::nullopt;
}

void SentenceMentions::mergeOwners() {
  // "the networks of Minneapolis Public Schools", "Microsoft's source code repositories": the
  // systems stand for their owner.
  for (size_t m = 0; m < mentions_.size(); ++m) {
    ActorMention& things = mentions_[m];
    if (things.entity.sector != "SYS" || things.kind != MentionKind::generic) continue;
    if (m + 1 < mentions_.size() && things.end < tokens_.size() && lower_[things.end] == "of" &&
        mentions_[m + 1].begin == things.end + 1 && !mentions_[m + 1].entity.id.empty() &&
        mentions_[m + 1].entity.sector != "SYS") {
      ActorMention owner = mentions_[m + 1];
      owner.begin = things.begin;
      owner.entity.alias = surface(things.begin, owner.end);
      mentions_[m] = owner;
      mentions_.erase(mentions_.begin() + static_cast<std::ptrdiff_t>(m + 1));
      continue;
    }
    // "Microsoft's systems", "Microsoft's email systems" (a word between).
    size_t pos = things.begin;
    if (pos >= 2 && !words::isPossessive(tokens_[pos - 1].text) && tokens_[pos - 1].word) --pos;
    if (m > 0 && pos >= 1 && words::isPossessive(tokens_[pos - 1].text) &&
        mentions_[m - 1].end == pos - 1 && !mentions_[m - 1].entity.id.empty()) {
      mentions_[m - 1].end = things.end;
      mentions_[m - 1].entity.alias = surface(mentions_[m - 1].begin, things.end);
      mentions_.erase(mentions_.begin() + static_cast<std::ptrdiff_t>(m));
      --m;
    }
  }
}

void SentenceMentions::mergeAppositions() {
  // "the threat actor TA423", "a China-linked group known as Mustang Panda", "hackers dubbed
  // UNC6293": an attacker named by its kind, then by its name, is the named one.
  // "a hacker that goes by the nickname of Cipher0007", "the hackers, who identified themselves
  // as 'Turkish Crime Family'", "a hacker (or hacker group) known as The Dark Overlord": the
  // longer ways of saying so.
  static const WordSet kJoiners{
      "dubbed",     "known",      "as",       "tracked",   "called",       "named",
      "aka",        "a.k.a.",     ",",        "\"",        "\xe2\x80\x9c", "\xe2\x80\x98",
      "'",          "the",        "group",    ")",         "who",          "that",
      "goes",       "go",         "going",    "went",      "by",           "under",
      "nickname",   "handle",     "moniker",  "alias",     "name",         "of",
      "calls",      "call",       "calling",  "itself",    "themselves",   "himself",
      "identified", "identifies", "identify", "describes", "described",    "self-styled",
      "online"};
  for (size_t m = 0; m + 1 < mentions_.size(); ++m) {
    ActorMention& kind = mentions_[m];
    // "calling themselves the Turkish Crime Family": a demonym opens the name.
    size_t n = m + 1;
    if (n + 1 < mentions_.size() && mentions_[n].entity.type == "country" &&
        mentions_[n].end == mentions_[n + 1].begin && mentions_[n + 1].kind == MentionKind::name &&
        isUpper(tokens_[mentions_[n].begin].text[0]))
      ++n;
    const ActorMention& name = mentions_[n];
    const size_t nameBegin = mentions_[m + 1].begin;
    if (name.begin < kind.end || nameBegin - kind.end > 8) continue;
    const bool named = name.kind == MentionKind::name ||
                       isOneOf(name.entity.type, {"apt", "ransomware", "cybercrime", "hacktivist"});
    if (!named) continue;
    bool joined = true, handle = false;
    for (size_t k = kind.end; k < nameBegin && joined; ++k) {
      joined = kJoiners.contains(lower_[k]);
      handle = handle || isOneOf(lower_[k], {"nickname", "handle", "moniker"});
    }
    if (!joined) continue;
    if (kind.entity.sector != "HAC") {
      // "the vendor who goes by the handle of SunTzu583": a handle names someone.
      if (handle && name.kind == MentionKind::name &&
          (kind.kind == MentionKind::generic || kind.kind == MentionKind::composite))
        mentions_[n].entity.type = "person";
      continue;
    }
    Entity e = name.entity;
    if (name.kind == MentionKind::name) {
      e.type = "hackers";
      e.sector = "HAC";
      if (n > m + 1) {
        e.country = mentions_[m + 1].entity.id;
        e.name = surface(nameBegin, name.end);
        e.id = "N." + slug(e.name);
      }
      if (e.country.empty()) e.country = kind.entity.country;
    }
    // The noun and the name, or the name alone when a clause joins them.
    e.alias = surface(nameBegin - kind.end > 3 ? nameBegin : kind.begin, name.end);
    kind.entity = std::move(e);
    kind.end = name.end;
    kind.kind = name.kind;
    kind.definite = false;
    mentions_.erase(mentions_.begin() + static_cast<std::ptrdiff_t>(m + 1),
                    mentions_.begin() + static_cast<std::ptrdiff_t>(n + 1));
  }
  // "British journalist Jane Smith", "Russian military expert Keir Giles": a person named after
  // the role that describes them is that person, of the role's country and sector. A role
  // coordinated before it is the same person ("researcher and military expert Keir Giles").
  for (size_t m = 0; m + 1 < mentions_.size(); ++m) {
    ActorMention& role = mentions_[m];
    const ActorMention& name = mentions_[m + 1];
    if (role.entity.sector.empty() || role.entity.sector == "HAC" || role.entity.sector == "SYS" ||
        (role.kind != MentionKind::generic && role.kind != MentionKind::composite) ||
        name.kind != MentionKind::name || name.begin < role.end || name.begin - role.end > 2 ||
        name.end - name.begin < 2 || name.entity.type == "organization")
      continue;
    const std::string& head = lower_[role.end - 1];
    if (head.ends_with("s") && !head.ends_with("ss")) continue;  // "researchers John and Jane"
    bool joined = true;
    for (size_t k = role.end; k < name.begin && joined; ++k)
      joined = tokens_[k].word && !isUpper(tokens_[k].text[0]) && !verbAt_[k] &&
               !words::isObjectBarrier(lower_[k]);
    if (!joined) continue;
    Entity person = name.entity;
    person.type = "person";
    if (person.country.empty()) person.country = role.entity.country;
    person.sector = role.entity.sector;
    role.entity = std::move(person);
    role.end = name.end;
    role.kind = MentionKind::name;
    role.definite = false;
    mentions_.erase(mentions_.begin() + static_cast<std::ptrdiff_t>(m + 1));
    if (m > 0) {
      const ActorMention& before = mentions_[m - 1];
      if (before.end + 1 == role.begin && lower_[before.end] == "and" &&
          before.kind == MentionKind::generic && !before.entity.sector.empty() &&
          before.entity.sector != "HAC" && before.entity.sector != "SYS" &&
          !lower_[before.end - 1].ends_with("s")) {
        role.begin = before.begin;
        mentions_.erase(mentions_.begin() + static_cast<std::ptrdiff_t>(m - 1));
        --m;
      }
    }
  }
  // "Xu Zewei, a 33-year-old Chinese national,": a name described in apposition by a role is a
  // person of the role's country and sector.
  for (size_t m = 0; m + 1 < mentions_.size(); ++m) {
    ActorMention& name = mentions_[m];
    const ActorMention& role = mentions_[m + 1];
    if (name.kind != MentionKind::name || name.end - name.begin < 2 ||
        name.entity.type == "organization" || name.end >= tokens_.size() ||
        tokens_[name.end].text != "," || role.begin < name.end + 2 ||
        !isOneOf(lower_[name.end + 1], {"a", "an"}) ||
        (role.kind != MentionKind::composite && role.kind != MentionKind::generic) ||
        role.entity.sector.empty() || role.entity.sector == "HAC" || role.entity.sector == "SYS")
      continue;
    const std::string& head = lower_[role.end - 1];
    if (head.ends_with("s") && !head.ends_with("ss")) continue;
    bool modifiers = role.begin - name.end <= 5;
    for (size_t k = name.end + 2; k < role.begin && modifiers; ++k)
      modifiers = tokens_[k].word && !isUpper(tokens_[k].text[0]) && !verbAt_[k];
    if (!modifiers) continue;
    name.entity.type = "person";
    if (name.entity.country.empty()) name.entity.country = role.entity.country;
    name.entity.sector = role.entity.sector;
    name.end = role.end;
    mentions_.erase(mentions_.begin() + static_cast<std::ptrdiff_t>(m + 1));
  }
  // "The Dark Overlord (TDO)", "Federal Bureau of Investigation (FBI)": an acronym in
  // parentheses right after a name, of its initials, is that name.
  for (size_t m = 0; m + 1 < mentions_.size(); ++m) {
    const ActorMention& full = mentions_[m];
    ActorMention& acronym = mentions_[m + 1];
    if (acronym.begin != full.end + 1 || tokens_[full.end].text != "(" ||
        acronym.end != acronym.begin + 1 || acronym.end >= tokens_.size() ||
        tokens_[acronym.end].text != ")" || full.entity.id.empty())
      continue;
    std::string initials;
    for (size_t k = full.begin; k < full.end; ++k)
      if (tokens_[k].word && isUpper(tokens_[k].text[0])) initials += tokens_[k].text[0];
    const std::string_view letters = tokens_[acronym.begin].text;
    if (initials.size() < 2 || letters.size() < 2 || letters.size() > initials.size() ||
        !std::all_of(letters.begin(), letters.end(), [](char c) { return isUpper(c); }))
      continue;
    // The acronym's letters in order among the initials ("TDO" of "The Dark Overlord").
    size_t at = 0;
    for (char c : initials)
      if (at < letters.size() && c == letters[at]) ++at;
    if (at != letters.size()) continue;
    acronym.entity = full.entity;
    acronym.entity.alias = std::string(letters);
    acronym.kind = full.kind;
  }
  // "a 29-year-old Latvian named Aleksey Belan", "a Russian called Ivan": one of a nationality,
  // named, is a person of that country.
  for (size_t m = 0; m + 1 < mentions_.size(); ++m) {
    ActorMention& demonym = mentions_[m];
    const ActorMention& name = mentions_[m + 1];
    if (demonym.entity.type != "country" || name.kind != MentionKind::name ||
        name.begin != demonym.end + 1 || !isOneOf(lower_[demonym.end], {"named", "called"}) ||
        demonym.begin == 0 ||
        (!isOneOf(lower_[demonym.begin - 1], {"a", "an"}) &&
         !lower_[demonym.begin - 1].ends_with("-old")))
      continue;
    Entity person = name.entity;
    person.type = "person";
    person.country = demonym.entity.id;
    demonym.entity = std::move(person);
    demonym.end = name.end;
    demonym.kind = MentionKind::name;
    demonym.weak = false;
    mentions_.erase(mentions_.begin() + static_cast<std::ptrdiff_t>(m + 1));
  }
  // "Evaldas Rimasauskas, 48,": a name with an age in apposition is a person.
  for (ActorMention& name : mentions_) {
    if (name.kind != MentionKind::name || name.entity.type == "person" ||
        name.end + 2 >= tokens_.size() || tokens_[name.end].text != ",")
      continue;
    const std::string_view age = tokens_[name.end + 1].text;
    if (age.size() != 2 ||
        !std::all_of(age.begin(), age.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    if (!isOneOf(lower_[name.end + 2], {",", "of", "from", "who", "and", "was", "is", "has"}))
      continue;
    name.entity.type = "person";
  }
  // "TA423, also known as Red Ladon", "APT40 (aka Leviathan)": the second name is an alias of
  // the first, not another actor.
  static const WordSet kAka{",",      "(",       "also", "known",  "as",     "aka",
                            "a.k.a.", "tracked", "or",   "dubbed", "called", "/"};
  for (size_t m = 0; m + 1 < mentions_.size(); ++m) {
    const ActorMention& first = mentions_[m];
    ActorMention& second = mentions_[m + 1];
    const bool group =
        first.entity.sector == "HAC" ||
        isOneOf(first.entity.type, {"apt", "ransomware", "cybercrime", "hacktivist"});
    if (!group || second.begin < first.end || second.begin - first.end > 5) continue;
    bool joined = true, aka = false;
    for (size_t k = first.end; k < second.begin && joined; ++k) {
      joined = kAka.contains(lower_[k]);
      aka = aka || isOneOf(lower_[k], {"known", "aka", "a.k.a.", "tracked", "/"});
    }
    if (!joined || !aka) continue;
    std::string alias = second.entity.alias;
    second.entity = first.entity;
    second.entity.alias = std::move(alias);
  }
}

void SentenceMentions::dropQuotedTitles() {
  // "phishing emails with such titles as “Sick Leave,” “User Research”", "the “Orange Is The
  // New Black” show": unknown names in quotation marks are titles or terms, not actors, unless
  // the text introduces them as a name ("calling themselves the “Turkish Crime Family”",
  // "dubbed “LapDogs”", "known as 'Harak1r1'").
  static const WordSet kOpen{"\"", "\xe2\x80\x9c", "\xe2\x80\x98", "'"};
  static const WordSet kClose{"\"", "\xe2\x80\x9d", "\xe2\x80\x99", "'"};
  static const WordSet kNaming{"dubbed",    "called",     "named",   "themselves", "itself",
                               "handle",    "nickname",   "moniker", "alias",      "nicknamed",
                               "codenamed", "code-named", "aka",     "labelled",   "labeled",
                               "styling",   "styled",     "calls",   "call",       "christened"};
  size_t lastTitle = SIZE_MAX;  // the closing quote of the last title
  for (size_t open = 0; open < tokens_.size(); ++open) {
    const std::string_view t = tokens_[open].text;
    if (t.empty() || !(t[0] == '"' || t[0] == '\'' || t[0] == '\xe2') || !kOpen.contains(t))
      continue;
    size_t close = open + 1;
    while (close < tokens_.size() && close <= open + 9 && !kClose.contains(tokens_[close].text))
      ++close;
    if (close >= tokens_.size() || close > open + 9 || close == open + 1) continue;
    bool introduced = false;
    for (size_t k = open; !introduced && k-- > 0 && open - k <= 3;)
      introduced =
          kNaming.contains(lower_[k]) ||
          (lower_[k] == "as" && k > 0 &&
           isOneOf(lower_[k - 1], {"known", "themselves", "itself", "himself", "identified",
                                   "identifies", "described", "styled", "billed", "referred"}));
    // A title capitalises its words ("Request Cooperation"); a quoted sentence does not
    // ("“Baratov broke into the accounts,” prosecutors said").
    bool titleCase = true;
    for (size_t k = open + 1; k < close && titleCase; ++k)
      titleCase = !tokens_[k].word || isUpper(tokens_[k].text[0]) ||
                  isOneOf(lower_[k], {"of", "the", "a", "an", "and", "or", "in", "on", "for", "to",
                                      "at", "by", "with", "from"});
    // ... and is said to be one: "titles such as “Sick Leave,” “User Research”", "the “Orange Is
    // The New Black” show"; a quoted organisation stays one ("an employee of the “Australian
    // Morning News”").
    bool named = false;
    for (size_t k = open; !named && k-- > 0 && open - k <= 3;)
      named = isOneOf(lower_[k], {"title", "titles", "titled", "subject", "subjects", "headline",
                                  "headlines", "heading", "lines", "line"}) ||
              (k == lastTitle && k + 3 >= open);
    if (close + 1 < tokens_.size())
      named = named || isOneOf(lower_[close + 1],
                               {"show", "series", "film", "movie", "episode", "episodes", "season",
                                "book", "song", "album", "game", "documentary", "podcast"});
    titleCase = titleCase && named;
    if (titleCase) lastTitle = close;
    if (!introduced && titleCase)
      std::erase_if(mentions_, [&](const ActorMention& m) {
        return m.kind != MentionKind::dictionary && m.kind != MentionKind::pronoun &&
               m.begin > open && m.end <= close;
      });
    open = close;
  }
}

void SentenceMentions::typeMalwareNames() {
  // "the Stampado ransomware", "GIFTEDCROOK malware", "a ransomware strain named LogicLocker",
  // "a hex-encoded loader dubbed HexEval": a new name given to malicious software names the
  // software, which is neither an attacker nor a victim. (Platforms before such a noun are what
  // the software runs on: "Android malware".)
  static const WordSet kMalware{
      "ransomware", "malware",   "trojan",  "virus",      "worm",        "botnet",  "loader",
      "backdoor",   "stealer",   "rat",     "spyware",    "wiper",       "strain",  "variant",
      "rootkit",    "keylogger", "dropper", "downloader", "infostealer", "implant", "framework"};
  static const WordSet kNaming{"called", "named", "dubbed",    "known",
                               "as",     "the",   "\"",        "\xe2\x80\x9c",
                               "'",      "of",    "nicknamed", "codenamed"};
  static const WordSet kPlatforms{"android", "ios",    "windows", "macos",      "mac",    "linux",
                                  "iot",     "chrome", "firefox", "wordpress",  "office", "excel",
                                  "word",    "java",   "flash",   "powershell", "python", "npm",
                                  "pypi",    "unix",   "apple",   "microsoft",  "google"};
  // "the BankBot author", "the OurMine group", "Ryuk operators": who writes or runs something
  // under a name, or a group known by it, is an attacker of that name (a capitalised "Group" is
  // a company's: "Acme Group").
  static const WordSet kWielders{"author",    "authors",    "developer", "developers", "operator",
                                 "operators", "creator",    "creators",  "group",      "gang",
                                 "crew",      "affiliates", "hackers",   "hacker"};
  for (ActorMention& m : mentions_) {
    if (m.kind != MentionKind::name || !isOneOf(m.entity.type, {"named", "organization"}) ||
        m.end >= tokens_.size() || !kWielders.contains(tokens_[m.end].text) ||
        kPlatforms.contains(text::lower(m.entity.name)))
      continue;
    m.entity.type = "hackers";
    m.entity.sector = "HAC";
    m.entity.alias = surface(m.begin, m.end + 1);
    m.end += 1;
  }
  // (A noun absorbed so is no mention of its own: "the OurMine hackers".)
  for (size_t m = 0; m + 1 < mentions_.size();) {
    if (mentions_[m + 1].begin < mentions_[m].end)
      mentions_.erase(mentions_.begin() + static_cast<std::ptrdiff_t>(m + 1));
    else
      ++m;
  }
  for (ActorMention& m : mentions_) {
    if (m.kind != MentionKind::name || !isOneOf(m.entity.type, {"named", "organization"})) continue;
    bool malware = m.end < tokens_.size() && kMalware.contains(lower_[m.end]) &&
                   !kPlatforms.contains(text::lower(m.entity.name));
    for (size_t k = m.begin; !malware && k-- > 0 && m.begin - k <= 4;) {
      if (kMalware.contains(lower_[k])) {
        malware = k + 1 < m.begin;  // a naming word between: "ransomware called X"
        break;
      }
      if (!kNaming.contains(lower_[k])) break;
    }
    if (malware) m.entity.type = "malware";
  }
}

void SentenceMentions::typePeopleByFate() {
  // "Faramarz Shahi Savandi and Mohammed Mehdi Shah Mansouri are accused of ...", "John Doe was
  // arrested": full names that are accused, arrested, charged or sentenced are people's.
  static const WordSet kFate{"accused",   "arrested", "charged",    "indicted",   "sentenced",
                             "convicted", "detained", "extradited", "jailed",     "imprisoned",
                             "deported",  "expelled", "prosecuted", "apprehended"};
  for (size_t m = 0; m < mentions_.size(); ++m) {
    size_t k = mentions_[m].end;
    while (k < tokens_.size() &&
           isOneOf(lower_[k], {"was", "were", "is", "are", "has", "have", "had", "been", "later",
                               "also", "reportedly", "allegedly"}))
      ++k;
    if (k == mentions_[m].end || k >= tokens_.size() || !kFate.contains(lower_[k])) continue;
    // The name and those coordinated before it: "A, B and C were charged".
    for (size_t n = m + 1; n-- > 0;) {
      ActorMention& name = mentions_[n];
      if (name.kind == MentionKind::name && name.entity.type == "named" &&
          name.end - name.begin >= 2)
        name.entity.type = "person";
      if (n == 0 || !isOneOf(lower_[name.begin - 1], {"and", ","}) ||
          mentions_[n - 1].end + 1 != name.begin)
        break;
    }
  }
}

size_t SentenceMentions::sharedAliasAt(size_t i) const {
  const auto* candidates = actorsAt_[i];
  if (candidates == nullptr) return 0;
  for (const ActorPhrase& p : *candidates) {
    if (i + p.tokens.size() > tokens_.size()) continue;
    bool ok = true;
    for (size_t k = 1; k < p.tokens.size() && ok; ++k) ok = tokens_[i + k].text == p.tokens[k];
    if (ok) return p.tokens.size();
  }
  return 0;
}

bool SentenceMentions::isNominalModifier(size_t k) const {
  static const WordSet kNotModifiers{
      "for",       "with",         "from",      "and",          "that",       "which",
      "who",       "are",          "was",       "were",         "been",       "has",
      "have",      "had",          "will",      "would",        "could",      "can",
      "may",       "might",        "not",       "into",         "onto",       "upon",
      "than",      "unsuspecting", "potential", "such",         "most",       "few",
      "both",      "each",         "unknown",   "unidentified", "malicious",  "legitimate",
      "innocent",  "unwitting",    "possible",  "millions",     "thousands",  "hundreds",
      "new",       "existing",     "former",    "current",      "individual", "real",
      "fake",      "other",        "own",       "various",      "numerous",   "certain",
      "specific",  "any",          "every",     "over",         "about",      "against",
      "via",       "between",      "among",     "under",        "without",    "within",
      "including", "like",         "same",      "top",          "high",       "low",
      "all",       "its",          "their",     "his",          "her",        "our",
      "your",      "many",         "some",      "more",         "why",        "how",
      "what",      "when",         "where",     "whether",      "whom",       "whose",
      "then",      "also",         "just",      "only",         "even",       "still",
      "now",       "here",         "there",     "while",        "because",    "if",
      "so",        "as",           "or",        "but",          "nor",        "yet",
      "say",       "says",         "said",      "tell",         "tells",      "told",
      "suggest",   "suggests",     "allow",     "allows",       "let",        "lets",
      "make",      "makes",        "help",      "helps",        "warn",       "warns",
      "urge",      "urges",        "advise",    "advises",      "ask",        "asks",
      "leave",     "leaves",       "give",      "gives",        "enable",     "enables",
      "force",     "forces",       "prompt",    "prompts",      "see",        "sees",
      "million",   "billion",      "thousand",  "hundred",      "dozen",      "dozens",
      "hits",      "hit",          "targets",   "strikes",      "affects",    "threatens",
      "way",       "ways",         "given",     "case",         "cases",      "time",
      "times",     "day",          "days",      "year",         "years",      "point",
      "part",      "lot",          "kind",      "kinds",        "type",       "types",
      "sort",      "number",       "rest",      "many",         "whom",       "those",
      "these",     "this",         "they",      "them",         "we",         "you"};
  const std::string& w = lower_[k];
  if (!tokens_[k].word || w.size() < 3 || verbAt_[k] || mentionOf_[k] >= 0) return false;
  if (!std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; }))
    return false;
  if (tokens_[k].text[0] < 'a' || tokens_[k].text[0] > 'z')
    return false;  // names are not modifiers here
  if (w.ends_with("ed") || w.ends_with("ly") || words::isDeterminer(w)) return false;
  return !kNotModifiers.contains(w);
}

Entity SentenceMentions::generic(size_t agentIndex, size_t start, size_t head, size_t end) const {
  const Agent& a = dict_.agents()[agentIndex];
  Entity e;
  e.type = a.type;
  e.sector = a.code;
  e.alias = surface(start, end);
  if (start == head) {
    e.id = std::string("ANY.") + a.code;
    // The class label, and the noun the text uses when it says more ("unidentified companies
    // (developers)"); the id keeps the class.
    e.name = "unidentified " + a.label;
    if (const std::string noun = text::lower(e.alias); noun != a.label) e.name += " (" + noun + ")";
  } else {
    e.name = text::lower(e.alias);
    e.id = std::string("ANY.") + a.code + "." + slug(e.name);
  }
  return e;
}

Entity SentenceMentions::named(size_t begin, size_t end, const std::string& country) const {
  bool person = false;
  while (begin + 1 < end && isTitle(lower_[begin])) {
    person = true;
    ++begin;
  }
  Entity e;
  e.name = surface(begin, end);
  e.alias = e.name;
  e.id = "N." + slug(e.name);
  e.country = country;
  std::vector<std::string_view> words;
  for (size_t k = begin; k < end; ++k) words.push_back(tokens_[k].text);
  if (const GroupNaming* naming = person ? nullptr : dict_.groupNaming(words)) {
    // "UNC6293", "Linen Typhoon": a threat-actor group by its vendor's naming scheme.
    e.type = naming->type;
    if (e.country.empty()) e.country = naming->country;
  } else if (person)
    e.type = "person";
  else if (const auto [type, sector] = typeBySuffix(lower_[end - 1]);
           !type.empty() && end - begin >= 2) {
    e.type = type;
    e.sector = sector;
  } else if (isOrganisationSuffix(lower_[end - 1]) || distinctive(tokens_[begin].text))
    e.type = "organization";
  else
    e.type = "named";
  return e;
}

void SentenceMentions::findMentions() {
  size_t i = 0;
  // A dateline ("BERLIN —", "THE HAGUE -") says where the story was filed, not who acted.
  for (size_t k = 0; k < tokens_.size() && k < 5; ++k) {
    const std::string_view w = tokens_[k].text;
    if (tokens_[k].word &&
        std::none_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
      continue;
    if (k > 0 && isOneOf(w, {"\xe2\x80\x94", "\xe2\x80\x93", "-", "--", ":"})) i = k + 1;
    break;
  }
  while (i < tokens_.size()) {
    if (!tokens_[i].word) {
      ++i;
      continue;
    }
    auto match = phraseAt(i);
    bool linked = false;
    if (!match) {
      match = linkedCountryAt(i);  // "China-linked", "Iran-backed"
      linked = match.has_value();
    }
    // "US$5,000", "A$20": a currency, not a country.
    if (match && i + match->second < tokens_.size() && tokens_[i + match->second].text == "$" &&
        tokens_[i + match->second].begin ==
            tokens_[i + match->second - 1].begin + tokens_[i + match->second - 1].text.size())
      match.reset();
    if (match) {
      const ActorPhrase& phrase = *match->first;
      const Entity& base = dict_.entities()[phrase.entity];
      size_t j = i + match->second;
      if (base.type != "country") {
        // "FBI Director Christopher Wray": the official, of the agency's country.
        if (j < tokens_.size() && isUpper(tokens_[j].text[0]) && isTitle(lower_[j])) {
          if (size_t end = nameEnd(j); end > j + 1) {
            Entity person = named(j, end, base.country);
            if (person.type == "person") {
              mentions_.push_back({i, end, std::move(person), MentionKind::composite});
              i = end;
              continue;
            }
          }
        }
        // "Citrix users", "Optus customers": what befalls an organisation's people befalls
        // the organisation, as the graph records it; the alias keeps the words.
        // ("Kaspersky researchers" speak for Kaspersky.)
        if (auto agent = agentAt(j, true);
            agent && base.type != "person" &&
            (dict_.agents()[agent->first].code == "CVL" ||
             (dict_.agents()[agent->first].code == "RES" && base.id.starts_with("ORG.")))) {
          const size_t stop = j + agent->second;
          Entity e = base;
          e.alias = surface(i, stop);
          mentions_.push_back({i, stop, std::move(e), MentionKind::dictionary, false, false});
          i = stop;
          continue;
        }
        // "Arctic Wolf Labs", "Microsoft Threat Intelligence": a unit of the
        // organisation speaks for it.
        while (j < tokens_.size() && tokens_[j].word && isUpper(tokens_[j].text[0]) &&
               (isOrganisationSuffix(lower_[j]) ||
                isOneOf(lower_[j], {"research", "threat", "intelligence"})))
          ++j;
        Entity e = base;
        e.alias = surface(i, j);
        mentions_.push_back({i, j, std::move(e), MentionKind::dictionary, false, false});
        i = j;
        continue;
      }
      // A country: maybe the owner of an agency ("China's Ministry of State Security",
      // "Russian GRU"), of a sector ("Dutch police", "Chinese state-backed hackers"), or of a
      // person ("Russian President Vladimir Putin").
      size_t k = j;
      const bool possessive = k < tokens_.size() && words::isPossessive(tokens_[k].text);
      if (possessive) ++k;
      if (k < tokens_.size() && tokens_[k].word) {
        if (auto agency = phraseAt(k)) {
          const Entity& owned = dict_.entities()[agency->first->entity];
          if (owned.type != "country" && (owned.country == base.id || owned.country.empty())) {
            Entity e = owned;
            e.alias = surface(k, k + agency->second);
            mentions_.push_back({i, k + agency->second, std::move(e), MentionKind::dictionary});
            i = k + agency->second;
            continue;
          }
        }
      }
      // "Russian President Vladimir Putin", "Germany's Interior Minister Nancy Faeser".
      if (size_t end = nameEnd(k); end > k) {
        Entity e = named(k, end, base.id);
        if (e.type == "person") {
          mentions_.push_back({i, end, std::move(e), MentionKind::composite});
          i = end;
          continue;
        }
      }
      size_t m = k;
      while (m < tokens_.size() && m < k + 2 &&
             (words::isModifier(lower_[m]) || isNominalModifier(m)) && !agentAt(m, false))
        ++m;
      if (auto agent = agentAt(m, false)) {
        size_t end = m + agent->second;
        // The last noun of a compound is its head: "state hackers", "military intelligence";
        // but things belong to their owner: "military networks" are the military's.
        for (int extra = 0; extra < 2; ++extra) {
          auto next = agentAt(end, false);
          if (!next) break;
          end += next->second;
          if (dict_.agents()[next->first].code != "SYS") agent = next;
        }
        if (dict_.agents()[agent->first].code == "SYS") {  // "Chinese networks": the country's
          Entity e = base;
          e.alias = surface(i, end);
          mentions_.push_back({i, end, std::move(e), MentionKind::dictionary});
          i = end;
          continue;
        }
        // "Russian and Belarusian officials": the sector distributes over bare demonyms
        // coordinated before it.
        for (size_t p = mentions_.size(); p-- > 0;) {
          ActorMention& prev = mentions_[p];
          const size_t gapEnd = p + 1 < mentions_.size() ? mentions_[p + 1].begin : i;
          if (!prev.weak || !coordinated(prev.end, gapEnd)) break;
          prev.entity = composite(prev.entity, agent->first, prev.entity.alias);
          prev.kind = MentionKind::composite;
          prev.weak = false;
        }
        mentions_.push_back(
            {i, end, composite(base, agent->first, surface(i, end)), MentionKind::composite});
        i = end;
        continue;
      }
      // "an Iran-aligned group", "a China-nexus cluster": linked to a state, a group is one of
      // attackers.
      if (linked) {
        size_t g = k;
        while (g < tokens_.size() && g < k + 3 && !isOneOf(lower_[g], {"group", "groups"}) &&
               (words::isModifier(lower_[g]) || isNominalModifier(g)))
          ++g;
        // (Not "a Russia-based group of developers".)
        if (g < tokens_.size() && isOneOf(lower_[g], {"group", "groups"}) &&
            !(g + 1 < tokens_.size() && lower_[g + 1] == "of"))
          if (auto hackers = dict_.agentIndex("HAC")) {
            mentions_.push_back(
                {i, g + 1, composite(base, *hackers, surface(i, g + 1)), MentionKind::composite});
            i = g + 1;
            continue;
          }
      }
      // A plural demonym used as a noun: "two Israelis", "Russians" are nationals.
      if (phrase.kind == PhraseKind::demonym && !possessive && tokens_[j - 1].text.ends_with("s") &&
          !(j < tokens_.size() && tokens_[j].word && !isUpper(tokens_[j].text[0]) && !verbAt_[j] &&
            !words::isObjectBarrier(lower_[j]) &&
            !isOneOf(lower_[j], {"were", "are", "have", "had", "was"}))) {
        if (auto civilians = dict_.agentIndex("CVL")) {
          mentions_.push_back(
              {i, j, composite(base, *civilians, surface(i, j)), MentionKind::composite});
          i = j;
          continue;
        }
      }
      // "a Singaporean, Dickson Yeo": a national named in apposition.
      if (phrase.kind == PhraseKind::demonym && !possessive && i > 0 &&
          isOneOf(lower_[i - 1], {"a", "an"}) && j + 1 < tokens_.size() && tokens_[j].text == ",") {
        if (size_t stop = nameEnd(j + 1); stop > j + 1) {
          Entity person = named(j + 1, stop, base.id);
          person.type = "person";
          mentions_.push_back({i, stop, std::move(person), MentionKind::composite});
          i = stop;
          continue;
        }
      }
      Entity e = base;
      e.alias = surface(i, j);
      const bool weak = phrase.kind == PhraseKind::demonym;
      const size_t end = possessive ? j + 1 : j;
      mentions_.push_back({i, end, std::move(e), MentionKind::dictionary, weak});
      i = end;
      continue;
    }
    // "the city of North Bend", "the county of Licking": the place's government, by its name.
    if (isOneOf(lower_[i], {"city", "town", "county", "village", "municipality", "borough"}) &&
        i + 2 < tokens_.size() && lower_[i + 1] == "of") {
      if (size_t stop = nameEnd(i + 2); stop > i + 2) {
        Entity e = named(i + 2, stop, "");
        e.type = "government";
        e.sector = "GOV";
        e.alias = surface(i, stop);
        mentions_.push_back({i, stop, std::move(e), MentionKind::name});
        i = stop;
        continue;
      }
    }
    // Sector nouns standing alone: "hackers", "the company", "security researchers" -- but
    // "customer data", "user passwords" are data, not people.
    auto agent = agentAt(i, true);
    if (agent && i + agent->second < tokens_.size() &&
        isOneOf(lower_[i + agent->second],
                {"data", "information", "records", "details", "credentials", "passwords", "files",
                 "emails", "numbers", "names", "addresses", "database", "databases", "pii",
                 "identities"})) {
      i += agent->second;
      continue;
    }
    if (agent) {
      size_t end = i + agent->second;
      size_t head = i;
      for (int extra = 0; extra < 2; ++extra) {  // "security firm researchers", "developer systems"
        auto next = agentAt(end, true);
        if (!next) break;
        agent = next;
        head = end;
        end += next->second;
      }
      // Noun modifiers before it make it specific: "developer systems", "healthcare providers".
      size_t start = i;
      while (start > 0 && i - start < 2 && isNominalModifier(start - 1)) --start;
      const bool definite =
          start > 0 && isOneOf(lower_[start - 1], {"the", "this", "that", "these", "those"});
      // "the researcher Keir Giles", "activist Jane Doe": a role noun before a name is the
      // person's role.
      const std::string& code = dict_.agents()[agent->first].code;
      if (size_t stop = nameEnd(end);
          stop > end && !lower_[end - 1].ends_with("s") &&
          isOneOf(code, {"RES", "CVL", "HAC", "JRN", "LEG", "JUD", "GOV", "COP", "SPY", "MIL"})) {
        Entity person = named(end, stop, "");
        person.type = "person";
        person.sector = code;
        mentions_.push_back({start, stop, std::move(person), MentionKind::composite});
        i = stop;
        continue;
      }
      // "the company", and "the technology company": a singular noun after "the" refers back
      // whatever its modifiers ("the affected companies" are a new set).
      const bool refersBack = definite && (start == head || !lower_[end - 1].ends_with("s"));
      mentions_.push_back({start, end, generic(agent->first, start, head, end),
                           MentionKind::generic, false, refersBack});
      i = end;
      continue;
    }
    if (size_t shared = sharedAliasAt(i); shared > 0) {  // left out, not read as a new name
      i += shared;
      continue;
    }
    if (size_t end = nameEnd(i); end > i) {
      // A name before a sector noun modifies it: "Sikh activists", "Bitcoin developers"; but an
      // organisation's customers stand for the organisation: "Debenhams customers".
      if (auto agent = agentAt(end, true)) {
        size_t stop = end + agent->second;
        // "Democratic National Committee": capitalised words on both sides make it one name.
        if (isUpper(tokens_[end].text[0]) && stop < tokens_.size()) {
          if (size_t rest = nameEnd(stop); rest > stop) {
            mentions_.push_back({i, rest, named(i, rest, ""), MentionKind::name});
            i = rest;
            continue;
          }
        }
        if (isOneOf(lower_[stop - 1], {"customers", "users", "subscribers", "clients", "employees",
                                       "staff", "patients", "members", "shoppers", "holders",
                                       "customer", "user", "employee"})) {
          Entity e = named(i, end, "");
          e.alias = surface(i, stop);
          mentions_.push_back({i, stop, std::move(e), MentionKind::name});
          i = stop;
          continue;
        }
        mentions_.push_back({i, stop, generic(agent->first, i, end, stop), MentionKind::generic});
        i = stop;
        continue;
      }
      mentions_.push_back({i, end, named(i, end, ""), MentionKind::name});
      i = end;
      continue;
    }
    if (words::isPronoun(lower_[i])) {
      Entity e;
      e.alias = std::string(tokens_[i].text);
      mentions_.push_back({i, i + 1, std::move(e), MentionKind::pronoun});
    }
    ++i;
  }
}

}  // namespace dossier
