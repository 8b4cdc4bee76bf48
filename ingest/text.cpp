#include "ingest/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace dossier::text {
namespace {

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
// ASCII classes, independent of the C locale (and faster than <cctype>).
bool isUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool isLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool isAlnum(char c) {
  return isUpper(c) || isLower(c) || (c >= '0' && c <= '9');
}
// Bytes of multi-byte UTF-8 sequences count as letters: names like "Zürich" stay one word.
bool isWordByte(char c) {
  return isAlnum(c) || (static_cast<unsigned char>(c) >= 0x80);
}

// Length of a non-ASCII punctuation or space sequence at `i` (general punctuation U+2000-U+206F:
// curly quotes, dashes, ellipsis; and U+00A0, U+00AB, U+00BB), else 0.
size_t unicodePunctAt(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  if (at(0) == 0xe2 && (at(1) == 0x80 || at(1) == 0x81) && at(2) != 0) return 3;
  if (at(0) == 0xc2 && (at(1) == 0xa0 || at(1) == 0xab || at(1) == 0xbb)) return 2;
  return 0;
}

// Abbreviations after which a period does not end a sentence (lower-cased, without the dot).
constexpr std::array<std::string_view, 58> kAbbreviations = {
    "mr",   "mrs", "ms",     "dr",  "prof", "gen",   "col",    "lt",  "sgt",  "capt", "cmdr", "adm",
    "maj",  "gov", "sen",    "rep", "st",   "jr",    "sr",     "inc", "corp", "ltd",  "co",   "vs",
    "etc",  "no",  "jan",    "feb", "mar",  "apr",   "jun",    "jul", "aug",  "sep",  "sept", "oct",
    "nov",  "dec", "mt",     "ft",  "pres", "supt",  "insp",   "det", "sgt",  "hon",  "rev",  "gov",
    "dept", "est", "approx", "fig", "al",   "mssrs", "messrs", "sec", "atty", "brig"};

bool isAbbreviation(std::string_view word) {
  std::string l = lower(word);
  return std::find(kAbbreviations.begin(), kAbbreviations.end(), l) != kAbbreviations.end();
}

// Words that continue a sentence after a dotted acronym such as "U.S.": the bodies and offices
// of a state ("U.S. Department of Justice", "U.K. Foreign Secretary", "U.S. officials").
bool continuesAcronym(std::string_view rest) {
  static constexpr std::array<std::string_view, 34> kWords = {
      "Department", "Army",      "Navy",         "Air",      "Marine",     "Marines",    "Treasury",
      "Attorney",   "Secretary", "President",    "Embassy",  "Senate",     "House",      "Congress",
      "Justice",    "State",     "Defense",      "Defence",  "Cyber",      "Government", "Supreme",
      "District",   "Court",     "Coast",        "Homeland", "Federal",    "National",   "Central",
      "Foreign",    "Home",      "Intelligence", "Special",  "Ambassador", "Commerce"};
  size_t n = 0;
  while (n < rest.size() &&
         ((rest[n] >= 'a' && rest[n] <= 'z') || (rest[n] >= 'A' && rest[n] <= 'Z')))
    ++n;
  return std::find(kWords.begin(), kWords.end(), rest.substr(0, n)) != kWords.end();
}

}  // namespace

std::optional<size_t> invalidUtf8At(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    auto c = static_cast<unsigned char>(s[pos]);
    if (c < 0x80) {
      ++pos;
      continue;
    }
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + pos),
                              static_cast<utf8proc_ssize_t>(s.size() - pos), &cp);
    if (n <= 0 || cp < 0) return pos;
    pos += static_cast<size_t>(n);
  }
  return std::nullopt;
}

bool looksBinary(std::string_view s) {
  if (s.find('\0') != std::string_view::npos) return true;
  std::string_view head = s.substr(0, 8192);
  size_t control = 0;
  for (char ch : head) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ++control;
  }
  return !head.empty() && control * 10 > head.size();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string squeeze(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (isSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::vector<Sentence> splitSentences(std::string_view t) {
  std::vector<Sentence> out;
  size_t start = 0;
  auto emit = [&](size_t end) {
    size_t b = start, e = end;
    while (b < e && isSpace(t[b])) ++b;
    while (e > b && isSpace(t[e - 1])) --e;
    if (e > b) out.push_back({b, e});
    start = end;
  };
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '\n') {
      // A blank line (paragraph break) always ends a sentence.
      size_t j = i + 1;
      while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r')) ++j;
      if (j < t.size() && t[j] == '\n') {
        emit(i);
        i = j;
        start = j;
      }
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    // Closing quotes and brackets belong to the sentence they close.
    size_t end = i + 1;
    while (end < t.size() && (t[end] == '"' || t[end] == '\'' || t[end] == ')' ||
                              t.substr(end).starts_with("\xe2\x80\x9d") ||
                              t.substr(end).starts_with("\xe2\x80\x99"))) {
      end += (static_cast<unsigned char>(t[end]) == 0xe2) ? 3 : 1;
    }
    if (end < t.size() && !isSpace(t[end])) continue;  // "3.5", "example.com", "U.S"
    size_t next = end;
    while (next < t.size() && isSpace(t[next])) ++next;
    if (next >= t.size()) break;
    if (c == '.') {
      // The word the period closes.
      size_t wb = i;
      while (wb > start && !isSpace(t[wb - 1]) && t[wb - 1] != '(' && t[wb - 1] != '"') --wb;
      std::string_view word = t.substr(wb, i - wb);
      const bool initial = word.size() == 1 && isUpper(word[0]);
      const bool dotted = word.find('.') != std::string_view::npos;  // "U.S" of "U.S."
      if (isAbbreviation(word) || initial) continue;
      // After a dotted acronym only a lower-case word or a digit continues the sentence.
      char n = t[next];
      if (dotted && (isLower(n) || std::isdigit(static_cast<unsigned char>(n)))) continue;
      // ... or a body or office of the state it names: "the U.S. Department of Justice",
      // "U.K. Foreign Secretary".
      if (dotted && continuesAcronym(t.substr(next))) continue;
      if (!dotted && isLower(n)) continue;  // "e.g. the", stray lower-case continuation
    } else {
      if (isLower(t[next])) continue;
    }
    emit(end);
  }
  emit(t.size());
  return out;
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (isSpace(c)) {
      ++i;
      continue;
    }
    // Possessive 's (ASCII or typographic apostrophe) as its own token.
    if (!out.empty() && out.back().word && out.back().begin + out.back().text.size() == i) {
      size_t apos = 0;
      if (c == '\'') apos = 1;
      if (s.substr(i).starts_with("\xe2\x80\x99")) apos = 3;
      if (apos > 0 && i + apos < s.size() && (s[i + apos] == 's' || s[i + apos] == 'S') &&
          (i + apos + 1 >= s.size() || !isWordByte(s[i + apos + 1]))) {
        out.push_back({s.substr(i, apos + 1), i, true});
        i += apos + 1;
        continue;
      }
    }
    if (isWordByte(c) && unicodePunctAt(s, i) == 0) {
      size_t j = i;
      while (j < s.size()) {
        if (isWordByte(s[j])) {
          if (unicodePunctAt(s, j) != 0) break;  // curly quotes and dashes are punctuation
          ++j;
          continue;
        }
        // Inner joiners: state-backed, O'Neil, U.S., AT&T — but not a possessive 's.
        if ((s[j] == '-' || s[j] == '&' || s[j] == '.' || s[j] == '\'') && j + 1 < s.size() &&
            isWordByte(s[j + 1])) {
          if (s[j] == '\'' && (s[j + 1] == 's' || s[j + 1] == 'S') &&
              (j + 2 >= s.size() || !isWordByte(s[j + 2])))
            break;
          ++j;
          continue;
        }
        // The closing dot of a dotted acronym: "U.S." keeps its final dot.
        if (s[j] == '.' && j >= 2 && s[j - 2] == '.' && isUpper(s[j - 1])) {
          ++j;
          continue;
        }
        break;
      }
      if (j == i) j = i + 1;
      out.push_back({s.substr(i, j - i), i, true});
      i = j;
      continue;
    }
    size_t len = unicodePunctAt(s, i);
    if (len == 2 && static_cast<unsigned char>(s[i + 1]) == 0xa0) {  // no-break space
      i += 2;
      continue;
    }
    auto uc = static_cast<unsigned char>(c);
    if (len == 0) len = 1;
    if (len == 1 && uc >= 0xc0) {
      len = uc >= 0xf0 ? 4 : uc >= 0xe0 ? 3 : 2;
      len = std::min(len, s.size() - i);
    }
    out.push_back({s.substr(i, len), i, false});
    i += len;
  }
  return out;
}

}  // namespace dossier::text
