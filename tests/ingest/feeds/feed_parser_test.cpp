// Feed, OPML and page-text parsing on fixtures written here, and (when ../shared is present)
// on the feed-rs corpus of real and spec feeds.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/feeds/charset.h"
#include "ingest/feeds/feed_parser.h"
#include "ingest/feeds/html_text.h"
#include "ingest/feeds/opml.h"
#include "ingest/feeds/poller.h"
#include "ingest/feeds/schedule.h"
#include "ingest/feeds/url.h"
#include "tests/support.h"

using namespace dossier::feeds;

TEST_CASE("RSS 2.0 items: guid, link, date, summary and full content") {
  const std::string rss = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Security Week</title><link>https://news.example.org/</link>
<item><title>Germany expels &amp; warns</title><link>/2024/a.html</link>
<guid isPermaLink="false">id-1</guid><pubDate>Wed, 07 Feb 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Short &lt;b&gt;summary&lt;/b&gt;&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Germany expelled two Russian diplomats.</p><script>x()</script>]]></content:encoded>
</item>
<item><title>No link, no date</title><description>Only text.</description></item>
</channel></rss>)";
  auto feed = parseFeed(rss, "application/rss+xml", "https://news.example.org/feed.xml");
  REQUIRE(feed);
  CHECK(feed->format == "rss");
  CHECK(feed->title == "Security Week");
  REQUIRE(feed->items.size() == 2);
  const auto& a = feed->items[0];
  CHECK(a.title == "Germany expels & warns");
  CHECK(a.url == "https://news.example.org/2024/a.html");
  CHECK(a.guid == "id-1");
  CHECK(a.published == "2024-02-07");
  CHECK(a.summary == "Short summary");
  CHECK(a.content == "Germany expelled two Russian diplomats.");
  const auto& b = feed->items[1];
  CHECK(b.url.empty());
  CHECK(b.published.empty());
  CHECK(b.summary == "Only text.");
}

TEST_CASE("RSS 1.0 (RDF) and RSS 0.91 feeds") {
  const std::string rdf = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://x.example/"><title>RDF news</title><link>https://x.example/</link></channel>
<item rdf:about="https://x.example/1"><title>One</title><link>https://x.example/1</link>
<dc:date>2023-09-14T08:00:00Z</dc:date><description>First</description></item>
<item rdf:about="https://x.example/2"><title>Two</title><link>https://x.example/2</link></item>
</rdf:RDF>)";
  auto feed = parseFeed(rdf, "", "https://x.example/rss");
  REQUIRE(feed);
  CHECK(feed->format == "rdf");
  REQUIRE(feed->items.size() == 2);
  CHECK(feed->items[0].guid == "https://x.example/1");
  CHECK(feed->items[0].published == "2023-09-14");

  const std::string rss091 = R"(<rss version="0.91"><channel><title>Old</title>
<item><title>Item</title><link>https://old.example/i</link><description>d</description></item>
</channel></rss>)";
  auto old = parseFeed(rss091, "", "https://old.example/rss");
  REQUIRE(old);
  REQUIRE(old->items.size() == 1);
  CHECK(old->items[0].url == "https://old.example/i");
}

TEST_CASE("Atom entries: alternate links against xml:base, xhtml and html content") {
  const std::string atom = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/posts/">
<title type="text">Blog</title><link rel="self" href="https://blog.example/atom"/>
<link href="https://blog.example/"/>
<entry><title>First</title><id>urn:uuid:1</id><link rel="alternate" href="first.html"/>
<updated>2024-03-01T12:00:00+01:00</updated><summary>Sum</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body <em>text</em>.</p></div></content></entry>
<entry><title type="html">&lt;b&gt;Second&lt;/b&gt;</title><id>urn:uuid:2</id>
<link rel="enclosure" href="a.mp3"/><published>2024-03-02T00:00:00Z</published>
<content type="html">&lt;p&gt;Escaped &amp;amp; html&lt;/p&gt;</content></entry>
</feed>)";
  auto feed = parseFeed(atom, "application/atom+xml", "https://blog.example/atom");
  REQUIRE(feed);
  CHECK(feed->format == "atom");
  CHECK(feed->link == "https://blog.example/");
  REQUIRE(feed->items.size() == 2);
  CHECK(feed->items[0].url == "https://blog.example/posts/first.html");
  CHECK(feed->items[0].published == "2024-03-01");
  CHECK(feed->items[0].content == "Body text.");
  CHECK(feed->items[1].title == "Second");
  CHECK(feed->items[1].url.empty());
  CHECK(feed->items[1].content == "Escaped & html");
}

TEST_CASE("JSON Feed items") {
  const std::string json = R"({"version":"https://jsonfeed.org/version/1.1","title":"JF",
  "items":[{"id":"1","url":"https://j.example/1","title":"A","content_html":"<p>Hi</p>",
  "date_published":"2024-01-05T10:00:00-05:00"},{"id":2,"content_text":"Plain"}]})";
  auto feed = parseFeed(json, "application/feed+json", "https://j.example/feed.json");
  REQUIRE(feed);
  CHECK(feed->format == "jsonfeed");
  REQUIRE(feed->items.size() == 2);
  CHECK(feed->items[0].content == "Hi");
  CHECK(feed->items[0].published == "2024-01-05");
  CHECK(feed->items[1].guid == "2");
  CHECK_FALSE(parseFeed("{\"items\": 3}", "", ""));
  CHECK_FALSE(parseFeed("{not json", "", ""));
}

TEST_CASE("Encodings: declared Latin-1, a wrong HTTP charset, UTF-16 with BOM") {
  const std::string latin1 =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xe9</title>"
      "</channel></rss>";
  auto feed = parseFeed(latin1, "text/xml; charset=utf-8", "");
  REQUIRE(feed);
  CHECK(feed->title == "Caf\xc3\xa9");
  // Declared UTF-8 by the server, Latin-1 bytes without a declaration: read as Windows-1252.
  const std::string wrong =
      "<rss><channel><title>Stra\xdf"
      "e</title></channel></rss>";
  auto wrongFeed = parseFeed(wrong, "text/xml; charset=utf-8", "");
  REQUIRE(wrongFeed);
  CHECK(wrongFeed->title ==
        "Stra\xc3\x9f"
        "e");
  std::string utf16 = "\xff\xfe";
  for (char c : std::string("<rss><channel><title>W</title></channel></rss>")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  auto wide = parseFeed(utf16, "", "");
  REQUIRE(wide);
  CHECK(wide->title == "W");
  auto unknown = toUtf8("<?xml version=\"1.0\" encoding=\"x-no-such\"?><a/>", "");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().find("x-no-such") != std::string::npos);
  CHECK(charsetOfContentType("text/html; charset=\"windows-1251\"") == "windows-1251");
}

TEST_CASE("Malformed and non-feed documents give a clear error") {
  auto bad = parseFeed("<rss>\n<channel>\n<item><title>x</titl></item></channel></rss>", "", "");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().starts_with("line 3: malformed XML"));
  auto html = parseFeed("<html><body>hi</body></html>", "text/html", "");
  REQUIRE_FALSE(html);
  CHECK(html.error() == "not a feed: the root element is <html>");
  CHECK_FALSE(parseFeed("", "", ""));
  CHECK_FALSE(parseFeed("<rss version=\"2.0\"></rss>", "", ""));
}

TEST_CASE("OPML: feeds with their folders as tags, problems with their line") {
  const std::string opml = R"(<?xml version="1.0"?>
<opml version="2.0"><head><title>Subs</title></head><body>
<outline text="Threat intel" title="Threat intel">
  <outline text="A" title="Alpha" type="rss" xmlUrl="https://a.example/feed"/>
  <outline text="Broken" type="rss"/>
</outline>
<outline text="B" type="rss" xmlUrl="https://b.example/rss"/>
<outline text="C" type="rss" xmlUrl="ftp://c.example/rss"/>
</body></opml>)";
  auto doc = parseOpml(opml);
  REQUIRE(doc);
  REQUIRE(doc->feeds.size() == 2);
  CHECK(doc->feeds[0].url == "https://a.example/feed");
  CHECK(doc->feeds[0].name == "Alpha");
  CHECK(doc->feeds[0].tags == std::vector<std::string>{"Threat intel"});
  CHECK(doc->feeds[1].tags.empty());
  REQUIRE(doc->problems.size() == 2);
  CHECK(doc->problems[0].line == 5);
  CHECK(doc->problems[0].message == "<outline> has no xmlUrl attribute");
  CHECK(doc->problems[1].line == 8);
  CHECK_FALSE(parseOpml("<opml><body>"));
  CHECK_FALSE(parseOpml("<rss/>"));
}

TEST_CASE("Main article text leaves out navigation, scripts and page furniture") {
  const std::string page = R"(<html><head><title>T</title><style>p{}</style></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div class="sidebar"><p>Subscribe now</p></div>
<div class="story"><h1>Headline</h1><p>Germany expelled two Russian diplomats.</p>
<script>track();</script><p>Russia denied it.</p></div>
<footer><p>Copyright</p></footer></body></html>)";
  const std::string text = mainArticleText(page);
  CHECK(text == "Headline\n\nGermany expelled two Russian diplomats.\n\nRussia denied it.");
  CHECK(mainArticleText("<article><p>One.</p></article><aside><p>Ads</p></aside>") == "One.");
  CHECK(mainArticleText("<article><p>Teaser.</p></article><article><p>The story itself.</p>"
                        "</article>") == "The story itself.");
  CHECK(mainArticleText("<html><body><ul><li>menu</li></ul></body></html>").empty());
  CHECK(htmlFragmentText("A &amp; B<br>C") == "A & B\n\nC");
}

TEST_CASE("Durations, schedules, item keys, URLs") {
  CHECK(parseDuration("90s") == 90u);
  CHECK(parseDuration("15m") == 900u);
  CHECK(parseDuration("2h") == 7200u);
  CHECK(parseDuration("1d") == 86400u);
  CHECK_FALSE(parseDuration("10s"));
  CHECK_FALSE(parseDuration("soon"));
  CHECK(formatDuration(5400) == "90m");
  dossier::FeedState f;
  f.url = "https://a.example/feed";
  f.everySeconds = 3600;
  const int64_t due = nextDueAfterSuccess(f, 1000);
  CHECK(due >= 1000 + 3600);
  CHECK(due <= 1000 + 3600 + 360);
  f.consecutiveErrors = 3;
  CHECK(nextDueAfterFailure(f, 0) == 4 * 3600);
  f.consecutiveErrors = 30;
  CHECK(nextDueAfterFailure(f, 0) == 86400);

  FeedItem item;
  item.url = "https://Example.org/a/?utm_source=x";
  const auto keys = itemKeys(item);
  REQUIRE(keys.size() == 1);
  FeedItem same;
  same.url = "https://example.org/a";
  CHECK(itemKeys(same) == keys);
  CHECK(textKey("too short").empty());
  std::string story;
  for (int i = 0; i < 100; ++i) story += "word" + std::to_string(i) + " ";
  CHECK(textKey(story) == textKey("  " + story + " Read more at example.org"));
  CHECK(resolveUrl("https://a.example/x/feed", "../b") == "https://a.example/b");
  CHECK(hostOf("https://A.Example:8443/x") == "a.example");
}

namespace {
std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("feed-rs corpus: well-formed feeds yield items, malformed ones a clear error") {
  const std::filesystem::path dir = DOSSIER_SHARED_DIR "/data/feeds/feed-rs";
  if (!std::filesystem::exists(dir)) {
    WARN("skipped: " << dir << " is absent");
    return;
  }
  size_t files = 0, withItems = 0, refused = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".xml" && ext != ".json") continue;
    ++files;
    const std::string name = entry.path().filename().string();
    auto feed = parseFeed(slurp(entry.path()), "", "https://feeds.example/" + name);
    INFO(name << ": " << (feed ? "ok" : feed.error()));
    if (name.find("invalid") != std::string::npos ||
        entry.path().parent_path().filename() == "xml") {
      // Deliberately malformed, or XML that is not a feed.
      CHECK_FALSE(feed);
      if (!feed) CHECK_FALSE(feed.error().empty());
      ++refused;
      continue;
    }
    REQUIRE(feed);
    const bool noItems = name.find("spec_2") != std::string::npos && feed->items.empty();
    if (!noItems) CHECK_FALSE(feed->items.empty());
    for (const auto& item : feed->items) {
      CHECK(isValidUtf8(item.title));
      CHECK(isValidUtf8(item.summary));
      CHECK(isValidUtf8(item.content));
      CHECK((!item.url.empty() || !item.guid.empty() || !item.title.empty() ||
             !item.summary.empty() || !item.content.empty()));
    }
    if (!feed->items.empty()) ++withItems;
  }
  CHECK(files >= 60);
  CHECK(withItems + refused + 2 >= files);
}
