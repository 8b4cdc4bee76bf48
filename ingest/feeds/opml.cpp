#include "ingest/feeds/opml.h"

#include <pugixml.hpp>

#include <fmt/format.h>
#include <algorithm>

#include "ingest/feeds/charset.h"

namespace dossier::feeds {
namespace {

size_t lineOf(std::string_view text, ptrdiff_t offset) {
  const size_t end =
      std::min<size_t>(static_cast<size_t>(std::max<ptrdiff_t>(offset, 0)), text.size());
  return 1 + static_cast<size_t>(
                 std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(end), '\n'));
}

void walk(const pugi::xml_node& node, std::vector<std::string>& folders, std::string_view text,
          OpmlDocument& doc) {
  for (auto outline : node.children("outline")) {
    const std::string url = outline.attribute("xmlUrl").value();
    std::string name = outline.attribute("title").value();
    if (name.empty()) name = outline.attribute("text").value();
    const std::string_view type = outline.attribute("type").value();
    const size_t line = lineOf(text, outline.offset_debug());
    if (!url.empty()) {
      if (url.starts_with("http://") || url.starts_with("https://"))
        doc.feeds.push_back({url, name, folders, line});
      else
        doc.problems.push_back({line, fmt::format("xmlUrl '{}' is not an http(s) URL", url)});
    } else if (type == "rss" || type == "atom") {
      doc.problems.push_back({line, "<outline> has no xmlUrl attribute"});
    }
    if (outline.first_child()) {
      folders.push_back(name);
      walk(outline, folders, text, doc);
      folders.pop_back();
    }
  }
}

}  // namespace

std::expected<OpmlDocument, std::string> parseOpml(std::string_view bytes) {
  auto text = toUtf8(bytes, "");
  if (!text) return std::unexpected(text.error());
  pugi::xml_document xml;
  const auto result =
      xml.load_buffer(text->data(), text->size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result)
    return std::unexpected(fmt::format("line {}: malformed XML: {}", lineOf(*text, result.offset),
                                       result.description()));
  auto root = xml.child("opml");
  if (!root) return std::unexpected(std::string("not OPML: no <opml> root element"));
  auto body = root.child("body");
  if (!body) return std::unexpected(std::string("not OPML: no <body> element"));
  OpmlDocument doc;
  std::vector<std::string> folders;
  walk(body, folders, *text, doc);
  return doc;
}

}  // namespace dossier::feeds
