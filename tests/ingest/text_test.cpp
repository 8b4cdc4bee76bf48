#include <catch2/catch.hpp>

#include "ingest/text.h"

using namespace dossier;

namespace {
std::vector<std::string> sentences(std::string_view t) {
  std::vector<std::string> out;
  for (auto s : text::splitSentences(t)) out.emplace_back(t.substr(s.begin, s.end - s.begin));
  return out;
}
std::vector<std::string> words(std::string_view t) {
  std::vector<std::string> out;
  for (auto tok : text::tokenize(t)) out.emplace_back(tok.text);
  return out;
}
}  // namespace

TEST_CASE("sentence splitting survives abbreviations, initials and acronyms") {
  CHECK(sentences("Mr. Smith met Gen. Lee on Feb. 7 in the U.S. capital. Then he left.") ==
        std::vector<std::string>{"Mr. Smith met Gen. Lee on Feb. 7 in the U.S. capital.",
                                 "Then he left."});
  CHECK(sentences("The U.S. and the U.K. agreed. Russia did not.") ==
        std::vector<std::string>{"The U.S. and the U.K. agreed.", "Russia did not."});
  CHECK(sentences("John F. Kennedy spoke. It rained!  Did it? Yes.") ==
        std::vector<std::string>{"John F. Kennedy spoke.", "It rained!", "Did it?", "Yes."});
  CHECK(sentences("Version 3.5 was patched at example.com today. Good.") ==
        std::vector<std::string>{"Version 3.5 was patched at example.com today.", "Good."});
  CHECK(sentences("\"We deny it.\" The ministry said so.") ==
        std::vector<std::string>{"\"We deny it.\"", "The ministry said so."});
}

TEST_CASE("line breaks: wrapped lines continue a sentence, blank lines end one") {
  CHECK(sentences("Dutch police arrested a man\nsuspected of spying. Prosecutors said so.") ==
        std::vector<std::string>{"Dutch police arrested a man\nsuspected of spying.",
                                 "Prosecutors said so."});
  CHECK(sentences("A headline without a period\n\nThe first sentence.") ==
        std::vector<std::string>{"A headline without a period", "The first sentence."});
}

TEST_CASE("tokens keep inner joiners and split possessives") {
  CHECK(words("China's state-backed hackers hit AT&T in the U.S.") ==
        std::vector<std::string>{"China", "'s", "state-backed", "hackers", "hit", "AT&T", "in",
                                 "the", "U.S."});
  CHECK(words("Russia\xe2\x80\x99s \xe2\x80\x9cspy\xe2\x80\x9d ring, said O'Neil.") ==
        std::vector<std::string>{"Russia", "\xe2\x80\x99s", "\xe2\x80\x9c", "spy", "\xe2\x80\x9d",
                                 "ring", ",", "said", "O'Neil", "."});
  auto toks = text::tokenize("Bad  actors");
  REQUIRE(toks.size() == 2);
  CHECK(toks[1].begin == 5);
  CHECK(toks[0].word);
}

TEST_CASE("input checks: invalid UTF-8 and binary content") {
  CHECK_FALSE(text::invalidUtf8At("plain ASCII, Zürich, 北京"));
  CHECK(text::invalidUtf8At("ok \xff bad") == size_t{3});
  CHECK(text::invalidUtf8At("truncated \xe2\x80") == size_t{10});
  CHECK(text::looksBinary(std::string("a\0b", 3)));
  CHECK(text::looksBinary("\x01\x02\x03\x04\x05\x06\x07\x08 abc"));
  CHECK_FALSE(text::looksBinary("Line one.\r\nLine two.\tTabbed."));
}
