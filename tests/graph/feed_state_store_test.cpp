// The store's feed state and seen items: round trips, removal, seen keys written with the
// article, further sources of a known story.
#include <catch2/catch.hpp>

#include "graph/store.h"
#include "schema/error.h"
#include "tests/support.h"

using namespace dossier;
using dossier::test::TempDir;

TEST_CASE("Store keeps feed states by URL and forgets removed ones") {
  TempDir tmp;
  auto store = Store::open(tmp / "db");
  FeedState f;
  f.url = "https://b.example/rss";
  f.name = "B";
  f.tags = {"apt", "news"};
  f.everySeconds = 900;
  f.etag = "\"x\"";
  f.lastModified = "Wed, 07 Feb 2024 10:00:00 GMT";
  f.addedAt = 1;
  f.lastPoll = 2;
  f.lastSuccess = 3;
  f.nextDue = 4;
  f.itemsStored = 5;
  f.consecutiveErrors = 6;
  f.lastError = "HTTP 500";
  f.title = "B news";
  store->putFeed(f);
  FeedState a;
  a.url = "https://a.example/rss";
  store->putFeed(a);
  auto back = store->feed(f.url);
  REQUIRE(back);
  CHECK(back->name == "B");
  CHECK(back->tags == std::vector<std::string>{"apt", "news"});
  CHECK(back->everySeconds == 900);
  CHECK(back->etag == "\"x\"");
  CHECK(back->lastModified == f.lastModified);
  CHECK(back->addedAt == 1);
  CHECK(back->lastPoll == 2);
  CHECK(back->lastSuccess == 3);
  CHECK(back->nextDue == 4);
  CHECK(back->itemsStored == 5);
  CHECK(back->consecutiveErrors == 6);
  CHECK(back->lastError == "HTTP 500");
  CHECK(back->title == "B news");
  auto all = store->feeds();
  REQUIRE(all.size() == 2);
  CHECK(all[0].url == "https://a.example/rss");
  CHECK(store->removeFeed(a.url));
  CHECK_FALSE(store->removeFeed(a.url));
  CHECK(store->feeds().size() == 1);
  store.reset();
  auto readOnly = Store::open(tmp / "db", {.readOnly = true});
  CHECK(readOnly->feed(f.url));
  CHECK_THROWS_AS(readOnly->putFeed(f), Error);
}

TEST_CASE("Store writes seen item keys with the article, and further sources of a story") {
  TempDir tmp;
  auto store = Store::open(tmp / "db");
  Article article;
  article.url = "https://a.example/story";
  article.title = "Story";
  article.published = "2024-02-07";
  article.text = "Germany expelled two Russian diplomats.";
  article.id = articleId(article);
  auto r = store->commitArticle(article, {}, {"g:1", "u:2"});
  CHECK(r.stored);
  CHECK(store->seenItem("g:1") == article.id);
  CHECK(store->seenItem("u:2") == article.id);
  CHECK_FALSE(store->seenItem("u:3"));
  CHECK(store->otherSources(article.id).empty());

  Article copy = article;
  copy.url = "https://b.example/copy";  // same story, id of the stored one
  r = store->commitArticle(copy, {}, {"u:3"});
  CHECK_FALSE(r.stored);
  CHECK(store->seenItem("u:3") == article.id);
  CHECK(store->otherSources(article.id) == std::vector<std::string>{"https://b.example/copy"});
  CHECK(store->counts().articles == 1);
}
