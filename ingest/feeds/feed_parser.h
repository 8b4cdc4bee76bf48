// Parsing of news feeds: RSS 0.9x, RSS 1.0 (RDF), RSS 2.0, Atom 1.0 and JSON Feed 1.x, in any
// encoding (converted to UTF-8, see charset.h). Pure functions; thread-safe.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace dossier::feeds {

struct FeedItem {
  std::string guid;       // <guid>, <id> or "id" as given; empty when the feed has none
  std::string url;        // absolute link to the article page; empty when the item has none
  std::string title;      // plain text
  std::string published;  // "YYYY-MM-DD"; empty when the item has no readable date
  std::string summary;    // plain text of <description>/<summary>/"summary"
  std::string content;    // plain text of the full content; empty when only a summary is given
};

struct ParsedFeed {
  std::string format;  // "rss", "rdf", "atom" or "jsonfeed"
  std::string title;
  std::string link;
  std::vector<FeedItem> items;  // in document order
};

// Parses a fetched feed. `contentType` (may be empty) supplies a charset when the document
// declares none; `feedUrl` resolves relative links. Errors name the problem and, for XML, the
// line: "line 12: malformed XML: mismatched end tag", "not a feed: the root element is <html>".
std::expected<ParsedFeed, std::string> parseFeed(std::string_view bytes,
                                                 std::string_view contentType,
                                                 std::string_view feedUrl);

}  // namespace dossier::feeds
