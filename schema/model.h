// The domain model shared by every stage: what ingest produces and the store keeps.
// Plain values, no behaviour beyond small helpers; safe to copy and to use from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// How an article's publication date was learnt.
enum class DateSource { given, firstLine, fileTime, polled };

struct Article {
  std::string id;  // articleId(): filled in by the pipeline before storing
  std::string url;
  std::string title;
  std::string publisher;
  std::string published;  // "YYYY-MM-DD"
  DateSource publishedFrom = DateSource::given;
  std::string text;
};

struct Entity {
  std::string id;       // "CHN", "USA.FBI", "NLD.COP", "PER.dickson-yeo"
  std::string name;     // canonical name
  std::string type;     // country, government, intelligence, police, person, ...
  std::string country;  // ISO 3166-1 alpha-3 or empty
  std::string sector;   // agent code or empty
  std::string alias;    // the surface form that matched (not part of identity)
};

struct Action {
  std::string cls;    // one of the action classes of DESIGN.md
  std::string code;   // CAMEO code with leading zeros, or empty
  std::string label;  // CAMEO label, or empty
  std::string verb;   // the verb as written
};

// One event as extracted from one sentence of one article.
struct ExtractedEvent {
  Entity actor;
  Action action;
  Entity target;
  std::string date;       // ISO 8601 truncated to `precision`
  std::string precision;  // year, month, week, day, reported
  std::string sentence;   // evidence
  uint32_t sentenceIndex = 0;
  uint32_t begin = 0;  // byte offsets of the sentence in Article::text
  uint32_t end = 0;
  std::string pattern;  // id of the verb pattern that fired
  double confidence = 0.5;
};

// The action classes of DESIGN.md, in codebook order. Every extracted event has one.
inline constexpr std::string_view kActionClasses[] = {
    "statement", "appeal",     "warn",          "cooperate", "investigate", "demand",
    "criticize", "accuse",     "deny",          "reject",    "threaten",    "protest",
    "sanction",  "expel",      "arrest",        "charge",    "convict",     "sentence",
    "raid",      "spy",        "recruit",       "leak",      "cyberattack", "breach",
    "phishing",  "ransomware", "vulnerability", "patch",     "attack"};

bool isActionClass(std::string_view cls);

// 64-bit FNV-1a with a final avalanche, as 16 lowercase hex digits. Stable across builds and
// platforms: ids written to disk depend on it, so it must never change.
std::string stableHash(std::string_view bytes);

// The id of an article: hash of the canonical URL when there is one, else of the normalised
// text (whitespace collapsed, case folded for ASCII).
std::string articleId(const Article& a);

// Lower-cases the scheme and host, drops the fragment, "utm_*" query parameters and a trailing
// slash, so that the same page linked two ways has one id.
std::string canonicalUrl(std::string_view url);

// The id of an event: hash of actor id, action class and code, target id and date.
std::string eventId(const ExtractedEvent& e);

// Days since 1970-01-01 of an ISO date prefix ("2019" -> Jan 1, "2023-09" -> Sep 1). Returns
// false when `iso` is not a valid date prefix.
bool isoToDays(std::string_view iso, int32_t& days);
std::string daysToIso(int32_t days);

}  // namespace dossier
