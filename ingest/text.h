// Text primitives of the pipeline: input checks, sentences and tokens. Pure functions over
// UTF-8 strings; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::text {

// The byte offset of the first invalid UTF-8 sequence, or nullopt when `s` is valid UTF-8.
std::optional<size_t> invalidUtf8At(std::string_view s);

// True when `s` is not text: it holds NUL bytes, or more than 10% of its first 8 KiB are
// control characters other than tab, newline, carriage return and form feed.
bool looksBinary(std::string_view s);

struct Sentence {
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
};

// Splits running text into sentences. A period does not end a sentence after a known
// abbreviation ("Mr.", "Feb.", "Gen."), an initial ("J."), or inside a dotted acronym
// ("U.S.", "U.K.") that is followed by a lower-case word; a blank line always does. Single
// line breaks are treated as spaces, so wrapped plain text splits correctly.
std::vector<Sentence> splitSentences(std::string_view text);

struct Token {
  std::string_view text;  // a view into the sentence
  size_t begin = 0;       // byte offset in the sentence
  bool word = false;      // letters/digits (with inner ' - . &), else punctuation
};

// Words keep inner apostrophes, hyphens and dots ("state-backed", "U.S.", "O'Neil"); the
// possessive "'s" / "’s" is its own token; every other punctuation mark is one token.
std::vector<Token> tokenize(std::string_view sentence);

// ASCII lower case (dictionary matching is ASCII-insensitive; other letters match exactly).
std::string lower(std::string_view s);

// Collapses runs of whitespace (including newlines) to one space and trims both ends.
std::string squeeze(std::string_view s);

}  // namespace dossier::text
