// Reading OPML subscription lists, the format feed readers export. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::feeds {

struct OpmlFeed {
  std::string url;                // xmlUrl
  std::string name;               // title, else text
  std::vector<std::string> tags;  // the titles of the enclosing outlines (folders)
  size_t line = 0;
};

struct OpmlProblem {
  size_t line = 0;
  std::string message;  // "<outline> has no xmlUrl attribute"
};

struct OpmlDocument {
  std::vector<OpmlFeed> feeds;        // in document order
  std::vector<OpmlProblem> problems;  // outlines that look like feeds but cannot be used
};

// Parses an OPML document. Every <outline> with an xmlUrl is a feed; one of type "rss" (or
// "atom") without a usable xmlUrl is a problem. The error is "line N: malformed XML: ..." or
// "not OPML: ..." when the document as a whole is unusable.
std::expected<OpmlDocument, std::string> parseOpml(std::string_view bytes);

}  // namespace dossier::feeds
