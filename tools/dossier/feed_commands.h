// The `dossier feeds ...` and `dossier watch` commands as library functions (see commands.h for
// the exit-code convention: 0 success, 1 some feed or input failed, 2 a usage mistake).
#pragma once

#include <atomic>
#include <ostream>
#include <string>
#include <vector>

#include "ingest/feeds/http_client.h"
#include "query/format.h"

namespace dossier {

struct FeedAddOptions {
  std::string url;
  std::string name;
  std::string every = "1h";  // poll interval: 90s, 15m, 2h, 1d
  std::vector<std::string> tags;
};

int feedsAddCommand(const std::string& db, const FeedAddOptions& options, std::ostream& out);
// One row per feed: last poll, last success, items stored, consecutive errors, next due.
int feedsListCommand(const std::string& db, Format format, std::ostream& out);
int feedsRemoveCommand(const std::string& db, const std::string& urlOrName, std::ostream& out);
// Subscribes to every feed of an OPML file not yet subscribed; folders become tags. Problems
// are logged as "FILE:LINE: problem" and make the exit code 1; the other feeds are added.
int feedsImportOpmlCommand(const std::string& db, const std::string& file, const std::string& every,
                           std::ostream& out);

struct FeedPollOptions {
  std::string db;
  bool dueOnly = false;
  feeds::HttpOptions http;
  int workers = 8;
  int perHost = 4;
  bool fetchPages = true;
  std::vector<std::string> dictDirs;
};

// One pass over the feeds; one summary line per feed on `out`, then a total. Exit code 1 when
// any feed failed. A progress line is drawn on stderr when stderr is a terminal. SIGTERM or
// SIGINT stop the pass after the article in hand (exit code 1, the total says "interrupted").
int feedsPollCommand(const FeedPollOptions& options, std::ostream& out);

struct WatchOptions {
  FeedPollOptions poll;
  std::string logFile;       // when set, logs go there as well as to stderr
  bool jsonLogs = false;     // one JSON object per log line
  int maxSleepSeconds = 60;  // between checks for due feeds
  int passes = 0;            // stop after this many passes with due feeds (0: never; tests)
};

// Polls each feed when it is due until SIGTERM or SIGINT, after which it finishes the article
// in hand, stores what was read and returns 0.
int watchCommand(const WatchOptions& options, std::ostream& out);

// Sends the project's logs to stderr (and `logFile` when set), as text or one JSON object per
// line. Throws dossier::Error when the log file cannot be opened.
void configureLogging(const std::string& logFile, bool json);

}  // namespace dossier
