// Closed word classes of English that the extractor's rules lean on. Private to ingest/.
// All take lower-case tokens unless they say otherwise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <unordered_set>

namespace dossier::words {

inline bool isOneOf(std::string_view w, std::initializer_list<std::string_view> set) {
  // Length and first byte first: most candidates differ there, and need no memcmp.
  if (w.empty()) return std::find(set.begin(), set.end(), w) != set.end();
  for (std::string_view c : set)
    if (c.size() == w.size() && c[0] == w[0] && c == w) return true;
  return false;
}

// A fixed set of words with constant-time lookup, for the long lists on hot paths. The words
// must outlive the set (string literals do).
class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) : set_(words) {
    for (std::string_view w : words) {
      if (w.empty()) continue;
      first_[static_cast<unsigned char>(w[0]) >> 6] |= uint64_t{1} << (w[0] & 63);
      lengths_ |= uint64_t{1} << std::min<size_t>(w.size(), 63);
    }
  }
  bool contains(std::string_view w) const {
    // Most words looked up are in no set: their first letter or length rules them out before
    // any hashing.
    if (w.empty() || !(lengths_ & (uint64_t{1} << std::min<size_t>(w.size(), 63))) ||
        !(first_[static_cast<unsigned char>(w[0]) >> 6] & (uint64_t{1} << (w[0] & 63))))
      return false;
    return set_.find(w) != set_.end();
  }

 private:
  std::unordered_set<std::string_view> set_;
  uint64_t first_[4] = {0, 0, 0, 0};  // first bytes present
  uint64_t lengths_ = 0;              // lengths present (63: 63 or more)
};

inline bool isPossessive(std::string_view w) {
  return w == "'s" || w == "'S" || w == "\xe2\x80\x99s";
}

// Words between a country and a sector noun that keep the composite together:
// "Chinese state-backed hackers", "Russian military intelligence".
inline bool isModifier(std::string_view w) {
  static const WordSet kModifiers{
      "state",      "foreign",      "military",     "national",  "federal",
      "cyber",      "top",          "senior",       "secret",    "domestic",
      "civilian",   "former",       "local",        "regional",  "counterintelligence",
      "naval",      "defence",      "defense",      "interior",  "suspected",
      "alleged",    "unknown",      "unidentified", "malicious", "sophisticated",
      "notorious",  "prolific",     "online",       "security",  "independent",
      "major",      "leading",      "private",      "public",    "financial",
      "technology", "tech",         "big",          "small",     "large",
      "several",    "many",         "affected",     "impacted",  "infected",
      "targeted",   "unsuspecting", "compromised",  "potential", "elite"};
  if (w.empty() || !(w[0] >= 'a' && w[0] <= 'z')) return false;
  if (w.find('-') != std::string_view::npos) return true;  // state-backed, state-sponsored
  return kModifiers.contains(w);
}

// Tokens that end the object phrase of a verb: the target must come before them.
inline bool isObjectBarrier(std::string_view w) {
  static const WordSet kBarriers{",",
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
                                 "\xe2\x80\x93",
                                 "although",
                                 "though",
                                 "whether",
                                 "where",
                                 "in",
                                 "at",
                                 "near",
                                 "during",
                                 "across",
                                 "throughout",
                                 "inside"};
  return kBarriers.contains(w);
}

inline bool isDeterminer(std::string_view w) {
  return isOneOf(
      w, {"a",     "an",    "the",  "two",   "three",   "four", "five", "several", "some", "its",
          "their", "his",   "her",  "other", "another", "more", "many", "dozens",  "of",   "this",
          "these", "those", "that", "our",   "your",    "all",  "any",  "no"});
}

// A negation word. Contractions count in both spellings: "hasn't" is one token, while a
// typographic apostrophe splits "hasn’t" into "hasn", "’", "t", so the stem alone counts too.
inline bool isNegation(std::string_view w) {
  if (w.size() > 3 && w.ends_with("n't")) return true;
  return isOneOf(w, {"not",  "n't",   "never", "no",     "neither", "nor",     "cannot",
                     "didn", "doesn", "don",   "wasn",   "weren",   "hasn",    "haven",
                     "hadn", "isn",   "aren",  "couldn", "wouldn",  "shouldn", "mustn"});
}

inline bool isBeAuxiliary(std::string_view w) {
  return isOneOf(w, {"was", "were", "been", "being", "is", "are", "be", "get", "got", "gets"});
}

inline bool isParticiple(std::string_view w) {
  return w.ends_with("ed") ||
         isOneOf(w, {"hit", "caught", "held", "brought", "stolen", "stole", "leaked", "taken",
                     "sent", "found", "shut", "put", "set", "spoofed"});
}

// Words before a noun that make it a noun: "a breach", "the patch", "its update".
inline bool isNounOpener(std::string_view w) {
  static const WordSet kNounOpeners{
      "massive",    "major",    "recent",    "new",         "latest",        "huge",
      "large",      "big",      "first",     "second",      "another",       "separate",
      "similar",    "previous", "earlier",   "alleged",     "suspected",     "apparent",
      "possible",   "serious",  "critical",  "severe",      "widespread",    "ongoing",
      "successful", "targeted", "global",    "coordinated", "sophisticated", "cyber",
      "security",   "software", "emergency", "monthly",     "out-of-band",   "zero-day",
      "unpatched",  "publicly", "known",     "such",        "same",          "each",
      "every",      "one",      "data",      "email",       "malware",       "ddos",
      "spear"};
  return isDeterminer(w) || isPossessive(w) || kNounOpeners.contains(w);
}

inline bool isPronoun(std::string_view w) {
  return isOneOf(w, {"he", "she", "they", "it", "him", "them"});
}

}  // namespace dossier::words
