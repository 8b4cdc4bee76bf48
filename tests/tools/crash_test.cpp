// Kill -9 during ingest: every stored article must be complete, and re-running must reach
// exactly the counts of an uninterrupted run.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>
#include <chrono>
#include <random>
#include <thread>

#include "graph/store.h"
#include "tests/support.h"

using namespace dossier;
using dossier::test::TempDir;

namespace {

// A few thousand short articles built from fixed actors and verbs, seeded for repeatability.
std::string generateArticles(size_t count, uint32_t seed) {
  const char* actors[] = {
      "Germany", "France",          "China",  "Russia", "The United States", "Britain",
      "Iran",    "The Netherlands", "Poland", "Japan",  "The FBI",           "Dutch police"};
  const char* targets[] = {"Russia",
                           "China",
                           "Iran",
                           "North Korea",
                           "Belarus",
                           "Ukraine",
                           "two Russian diplomats",
                           "Chinese hackers",
                           "a Belarusian spy"};
  const char* verbs[] = {"accused", "expelled", "sanctioned", "warned", "arrested", "charged"};
  const char* days[] = {"on Monday", "on Tuesday", "last week", "in March", "in 2021", ""};
  std::mt19937 rng(seed);
  auto pick = [&](const auto& arr) { return arr[rng() % std::size(arr)]; };
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    std::string text;
    for (int s = 0; s < 6; ++s)
      text += fmt::format("{} {} {} {}. ", pick(actors), pick(verbs), pick(targets), pick(days));
    out += fmt::format(
        "{{\"url\":\"https://example.org/crash/{}\",\"title\":\"Article "
        "{}\",\"published\":\"2024-05-{:02}\",\"text\":\"{}\"}}\n",
        i, i, 1 + i % 28, text);
  }
  return out;
}

pid_t startIngest(const std::string& db, const std::string& input) {
  pid_t pid = fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    execl(DOSSIER_BIN, DOSSIER_BIN, "ingest", "--db", db.c_str(), input.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int waitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Every article present is complete: its events and its mentions are all there, and the
// maintained counters agree with what is stored.
void checkComplete(const std::string& db) {
  auto store = Store::open(db, {.readOnly = true});
  uint64_t articles = 0;
  bool complete = true;
  store->scanArticles([&](const StoredArticle& a) {
    ++articles;
    for (const auto& id : a.eventIds) {
      auto ev = store->event(id);
      if (!ev) {
        complete = false;
        break;
      }
      bool mentioned = false;
      for (const auto& m : store->mentions(id)) mentioned |= m.articleId == a.article.id;
      complete &= mentioned;
    }
    return complete;
  });
  CHECK(complete);
  CHECK(store->counts().articles == articles);
}

std::string statsOf(const std::string& db, const TempDir& scratch) {
  auto r = dossier::test::runDossier("stats --format jsonl --db " + db, scratch);
  REQUIRE(r.exitCode == 0);
  return r.out;
}

// Under the sanitizers every ingest runs several times slower: fewer articles keep the test
// within the same time, and still give every kill an ingest in progress to interrupt.
#ifdef DOSSIER_SANITIZED
constexpr int kArticles = 600;
#else
constexpr int kArticles = 3000;
#endif

}  // namespace

TEST_CASE("kill -9 during ingest loses nothing stored and leaves no half article", "[crash]") {
  TempDir dir;
  const std::string input = dir / "articles.jsonl";
  dossier::test::writeFile(input, generateArticles(kArticles, 20240516));

  const auto t0 = std::chrono::steady_clock::now();
  REQUIRE(waitExit(startIngest(dir / "reference", input)) == 0);
  const auto fullRun = std::chrono::steady_clock::now() - t0;
  const std::string reference = statsOf(dir / "reference", dir);
  INFO("reference stats: " << reference);

  // Each kill lands in the first half of the work that remains, so that it interrupts an
  // ingest even on a faster or slower machine; rounds resume what earlier rounds stored, and a
  // store that is nearly complete is started afresh.
  std::mt19937 rng(7);
  const auto span = std::chrono::duration_cast<std::chrono::microseconds>(fullRun).count();
  const std::string crashed = dir / "crashed";
  int killedMidway = 0;
  double remaining = 1.0;
  for (int round = 0; round < 10; ++round) {
    if (remaining < 0.2) {
      std::filesystem::remove_all(crashed);
      remaining = 1.0;
    }
    const double fraction = 0.02 + 0.48 * std::uniform_real_distribution<double>(0, 1)(rng);
    pid_t pid = startIngest(crashed, input);
    std::this_thread::sleep_for(std::chrono::microseconds(std::max<int64_t>(
        1000, static_cast<int64_t>(fraction * remaining * static_cast<double>(span)))));
    kill(pid, SIGKILL);
    if (waitExit(pid) == -SIGKILL) ++killedMidway;
    if (std::filesystem::exists(std::filesystem::path(crashed) / "CURRENT")) {
      checkComplete(crashed);
      remaining =
          1.0 - static_cast<double>(Store::open(crashed, {.readOnly = true})->counts().articles) /
                    static_cast<double>(kArticles);
    }
  }
  CHECK(killedMidway >= 8);  // the kills really interrupted ingests
  REQUIRE(waitExit(startIngest(dir / "crashed", input)) == 0);
  checkComplete(dir / "crashed");
  CHECK(statsOf(dir / "crashed", dir) == reference);
}
