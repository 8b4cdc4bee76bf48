#include "ingest/feeds/feed_parser.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>

#include "ingest/dates.h"
#include "ingest/feeds/charset.h"
#include "ingest/feeds/html_text.h"
#include "ingest/feeds/url.h"

namespace dossier::feeds {
namespace {

std::string_view localName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool named(const pugi::xml_node& n, std::string_view local) {
  return n.type() == pugi::node_element && localName(n) == local;
}

// First child element with local name `local`, optionally with the given prefix ("" = any).
pugi::xml_node child(const pugi::xml_node& parent, std::string_view local) {
  for (auto c : parent.children())
    if (named(c, local)) return c;
  return {};
}

// All text below `n` (pcdata and cdata), in document order.
std::string allText(const pugi::xml_node& n) {
  std::string out;
  for (auto c : n.children()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata)
      out += c.value();
    else if (c.type() == pugi::node_element)
      out += allText(c);
  }
  return out;
}

// The inner markup of an element as HTML (Atom xhtml content).
std::string innerXml(const pugi::xml_node& n) {
  struct Writer : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override {
      out.append(static_cast<const char*>(data), size);
    }
  } writer;
  for (auto c : n.children()) c.print(writer, "", pugi::format_raw);
  return writer.out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string dateOf(std::string_view text) {
  const std::string t = trim(text);
  if (t.empty()) return "";
  return parseDateLine(t).value_or("");
}

// Plain text of an element that may hold escaped HTML (RSS description, Atom type="html").
std::string markupText(const pugi::xml_node& n) {
  if (!n) return "";
  const std::string_view type = n.attribute("type").value();
  if (type == "xhtml") return htmlFragmentText(innerXml(n));
  if (type == "text") return htmlFragmentText(allText(n));  // tidies whitespace
  return htmlFragmentText(allText(n));
}

// xml:base of `n` resolved against `base`.
std::string withXmlBase(const pugi::xml_node& n, const std::string& base) {
  const char* xb = n.attribute("xml:base").value();
  if (*xb == '\0') return base;
  std::string resolved = resolveUrl(base, xb);
  return resolved.empty() ? base : resolved;
}

size_t lineOf(std::string_view text, ptrdiff_t offset) {
  const size_t end =
      std::min<size_t>(static_cast<size_t>(std::max<ptrdiff_t>(offset, 0)), text.size());
  return 1 + static_cast<size_t>(
                 std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(end), '\n'));
}

FeedItem rssItem(const pugi::xml_node& item, const std::string& base) {
  FeedItem it;
  it.title = htmlFragmentText(allText(child(item, "title")));
  for (auto c : item.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = c.name();
    const std::string_view local = localName(c);
    if (name == "link" && it.url.empty()) {
      it.url = resolveUrl(base, allText(c));
    } else if (local == "link" && it.url.empty() && *c.attribute("href").value() != '\0') {
      const std::string_view rel = c.attribute("rel").value();
      if (rel.empty() || rel == "alternate") it.url = resolveUrl(base, c.attribute("href").value());
    } else if (name == "guid") {
      it.guid = trim(allText(c));
    } else if ((name == "pubDate" || local == "date" || local == "issued") &&
               it.published.empty()) {
      it.published = dateOf(allText(c));
    } else if (name == "description") {
      it.summary = markupText(c);
    } else if (local == "encoded") {
      it.content = markupText(c);
    }
  }
  // RSS 1.0 items carry their URI in rdf:about.
  if (it.guid.empty() && *item.attribute("rdf:about").value() != '\0')
    it.guid = item.attribute("rdf:about").value();
  // A permalink guid is the link when <link> is missing.
  if (it.url.empty() && !it.guid.empty() &&
      std::string_view(item.child("guid").attribute("isPermaLink").value()) != "false" &&
      (it.guid.starts_with("http://") || it.guid.starts_with("https://")))
    it.url = it.guid;
  return it;
}

FeedItem atomEntry(const pugi::xml_node& entry, const std::string& feedBase) {
  const std::string base = withXmlBase(entry, feedBase);
  FeedItem it;
  it.title = markupText(child(entry, "title"));
  it.guid = trim(allText(child(entry, "id")));
  for (auto c : entry.children()) {
    if (!named(c, "link")) continue;
    const std::string_view rel = c.attribute("rel").value();
    if (rel.empty() || rel == "alternate") {
      it.url = resolveUrl(withXmlBase(c, base), c.attribute("href").value());
      break;
    }
  }
  it.published = dateOf(allText(child(entry, "published")));
  if (it.published.empty()) it.published = dateOf(allText(child(entry, "updated")));
  it.summary = markupText(child(entry, "summary"));
  auto content = child(entry, "content");
  if (content && *content.attribute("src").value() == '\0') it.content = markupText(content);
  return it;
}

std::expected<ParsedFeed, std::string> parseXml(const std::string& text, std::string_view feedUrl) {
  pugi::xml_document doc;
  const auto result = doc.load_buffer(
      text.data(), text.size(), pugi::parse_default | pugi::parse_declaration, pugi::encoding_utf8);
  if (!result)
    return std::unexpected(fmt::format("line {}: malformed XML: {}", lineOf(text, result.offset),
                                       result.description()));
  pugi::xml_node root = doc.document_element();
  if (!root) return std::unexpected(std::string("not a feed: the document is empty"));
  const std::string_view rootName = localName(root);
  ParsedFeed feed;
  const std::string base = withXmlBase(root, std::string(feedUrl));
  if (rootName == "rss") {
    feed.format = "rss";
    auto channel = child(root, "channel");
    if (!channel) return std::unexpected(std::string("not a feed: <rss> has no <channel>"));
    feed.title = htmlFragmentText(allText(child(channel, "title")));
    feed.link = resolveUrl(base, allText(child(channel, "link")));
    for (auto item : channel.children())
      if (named(item, "item")) feed.items.push_back(rssItem(item, base));
  } else if (rootName == "RDF") {
    feed.format = "rdf";
    auto channel = child(root, "channel");
    feed.title = htmlFragmentText(allText(child(channel, "title")));
    feed.link = resolveUrl(base, allText(child(channel, "link")));
    for (auto item : root.children())
      if (named(item, "item")) feed.items.push_back(rssItem(item, base));
  } else if (rootName == "feed") {
    feed.format = "atom";
    feed.title = markupText(child(root, "title"));
    for (auto c : root.children())
      if (named(c, "link") && std::string_view(c.attribute("rel").value()) != "self") {
        feed.link = resolveUrl(base, c.attribute("href").value());
        break;
      }
    for (auto entry : root.children())
      if (named(entry, "entry")) feed.items.push_back(atomEntry(entry, base));
  } else if (rootName == "entry") {  // an Atom entry document: a feed of one
    feed.format = "atom";
    feed.items.push_back(atomEntry(root, base));
  } else {
    return std::unexpected(fmt::format("not a feed: the root element is <{}>", root.name()));
  }
  return feed;
}

std::string jsonString(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return "";
}

std::expected<ParsedFeed, std::string> parseJsonFeed(const std::string& text,
                                                     std::string_view feedUrl) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return std::unexpected(std::string("malformed JSON"));
  if (!j.is_object() || !j.contains("items") || !j["items"].is_array())
    return std::unexpected(std::string("not a JSON Feed: no \"items\" array"));
  ParsedFeed feed;
  feed.format = "jsonfeed";
  feed.title = jsonString(j, "title");
  const std::string base = std::string(feedUrl);
  feed.link = resolveUrl(base, jsonString(j, "home_page_url"));
  for (const auto& item : j["items"]) {
    if (!item.is_object()) continue;
    FeedItem it;
    it.guid = jsonString(item, "id");
    it.url = resolveUrl(base, jsonString(item, "url"));
    if (it.url.empty()) it.url = resolveUrl(base, jsonString(item, "external_url"));
    it.title = htmlFragmentText(jsonString(item, "title"));
    it.published = dateOf(jsonString(item, "date_published"));
    if (it.published.empty()) it.published = dateOf(jsonString(item, "date_modified"));
    it.summary = htmlFragmentText(jsonString(item, "summary"));
    it.content = htmlFragmentText(jsonString(item, "content_text"));
    if (it.content.empty()) it.content = htmlFragmentText(jsonString(item, "content_html"));
    feed.items.push_back(std::move(it));
  }
  return feed;
}

}  // namespace

std::expected<ParsedFeed, std::string> parseFeed(std::string_view bytes,
                                                 std::string_view contentType,
                                                 std::string_view feedUrl) {
  if (bytes.empty()) return std::unexpected(std::string("empty document"));
  auto text = toUtf8(bytes, charsetOfContentType(contentType));
  if (!text) return std::unexpected(text.error());
  size_t first = text->find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::unexpected(std::string("empty document"));
  if ((*text)[first] == '{') return parseJsonFeed(*text, feedUrl);
  auto feed = parseXml(*text, feedUrl);
  if (!feed && feed.error().starts_with("line ") && contentType.starts_with("text/html"))
    return std::unexpected(std::string("not a feed: the server sent an HTML page (text/html)"));
  return feed;
}

}  // namespace dossier::feeds
