// dossier: the command line. It parses arguments and calls the library functions of
// tools/dossier/commands.h; nothing else happens here.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "tools/dossier/commands.h"
#include "tools/dossier/feed_commands.h"

namespace {

void setUpLogging() {
  auto logger = spdlog::stderr_color_mt("dossier");
  logger->set_pattern("dossier: %^%v%$");
  spdlog::set_default_logger(logger);
}

CLI::Validator formatValidator() {
  return CLI::IsMember({"table", "jsonl", "csv"});
}

}  // namespace

int main(int argc, char** argv) {
  setUpLogging();
  CLI::App app{
      "dossier: a knowledge graph of who did what to whom in security news, when, and according "
      "to whom.\nIngest articles, then ask the graph."};
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  dossier ingest --db news.db articles/\n"
      "  dossier events --db news.db --action accuse\n"
      "  dossier stats --db news.db\n"
      "  dossier extract --published 2024-05-16 article.txt\n"
      "  dossier feeds add --db news.db https://example.org/feed.xml && dossier feeds poll --db "
      "news.db\n"
      "Run `dossier COMMAND --help` for a command's options.");

  dossier::IngestOptions ingest;
  auto* ingestCmd = app.add_subcommand("ingest",
                                       "Extract events from articles and store them (plain text, "
                                       ".jsonl, a directory, or - for stdin)");
  ingestCmd->add_option("--db", ingest.db, "Store directory (created if missing)")->required();
  ingestCmd->add_option(
      "--published", ingest.reader.published,
      "Publication date YYYY-MM-DD for every article read (relative dates resolve against it)");
  ingestCmd->add_option("--url", ingest.reader.url, "Source URL of a single plain-text article");
  ingestCmd->add_option("--title", ingest.reader.title, "Title of a single plain-text article");
  ingestCmd->add_option(
      "--dict", ingest.dictDirs,
      "Directory of local dictionaries added to the shipped ones (also $DOSSIER_DICT)");
  ingestCmd->add_option("PATH", ingest.paths, "Files, directories, or - for stdin")->required();
  ingestCmd->footer(
      "Examples:\n"
      "  dossier ingest --db news.db --published 2024-02-08 --url https://example.org/a "
      "article.txt\n"
      "  dossier ingest --db news.db feeds/*.jsonl         # "
      "{\"url\",\"title\",\"published\",\"text\"} per line\n"
      "  curl -s https://example.org/a.txt | dossier ingest --db news.db --published 2024-02-08 -");

  dossier::IngestOptions extract;
  std::string extractFormat = "table";
  auto* extractCmd = app.add_subcommand(
      "extract", "Print the events of articles without storing them, with the evidence of each");
  extractCmd->add_option("--published", extract.reader.published,
                         "Publication date YYYY-MM-DD for every article read");
  extractCmd->add_option("--format", extractFormat, "table or jsonl")
      ->check(CLI::IsMember({"table", "jsonl"}));
  extractCmd->add_option(
      "--dict", extract.dictDirs,
      "Directory of local dictionaries added to the shipped ones (also $DOSSIER_DICT)");
  extractCmd->add_option("PATH", extract.paths, "Files, directories, or - for stdin")->required();
  extractCmd->footer(
      "Examples:\n"
      "  dossier extract --published 2024-05-16 article.txt      # events, patterns, sentences\n"
      "  echo 'Germany expelled two Russian diplomats.' | dossier extract --published 2024-05-16 "
      "-\n"
      "  dossier extract --format jsonl batch.jsonl");

  dossier::EventFilter filter;
  std::string db, format = "table";
  auto* eventsCmd = app.add_subcommand("events", "List stored events, filtered");
  eventsCmd->add_option("--db", db, "Store directory")->required();
  eventsCmd->add_option("--actor", filter.actor,
                        "Actor: entity id, name or alias (e.g. CHN, China, FBI)");
  eventsCmd->add_option("--target", filter.target, "Target: entity id, name or alias");
  eventsCmd->add_option("--action", filter.action,
                        "Action class (accuse, arrest, ...) or CAMEO code prefix (112, 17)");
  eventsCmd->add_option("--since", filter.since,
                        "Earliest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD");
  eventsCmd->add_option("--until", filter.until, "Latest date, inclusive to the end of its period");
  eventsCmd->add_option("--limit", filter.limit, "At most N events (0: all)");
  eventsCmd->add_option("--format", format, "table, jsonl or csv")->check(formatValidator());
  eventsCmd->footer(
      "Examples:\n"
      "  dossier events --db news.db --action accuse                # who accused whom\n"
      "  dossier events --db news.db --actor CHN --since 2024-01 --format jsonl\n"
      "  dossier events --db news.db --target Netherlands --action 1125 --format csv");

  std::string statsDb, statsFormat = "table";
  auto* statsCmd = app.add_subcommand("stats", "Counts of articles, entities, events and mentions");
  statsCmd->add_option("--db", statsDb, "Store directory")->required();
  statsCmd->add_option("--format", statsFormat, "table, jsonl or csv")->check(formatValidator());
  statsCmd->footer("Example:\n  dossier stats --db news.db");

  std::string recodeDb;
  std::vector<std::string> recodeDicts;
  auto* recodeCmd = app.add_subcommand(
      "recode",
      "Re-extract the stored articles after the dictionaries changed, replacing their events");
  recodeCmd->add_option("--db", recodeDb, "Store directory")->required();
  recodeCmd->add_option("--dict", recodeDicts,
                        "Directory of local dictionaries (also $DOSSIER_DICT)");
  recodeCmd->footer("Example:\n  dossier recode --db news.db --dict my-dictionaries/");

  auto* dictCmd = app.add_subcommand("dict", "Dictionary tools");
  dictCmd->require_subcommand(1);
  std::vector<std::string> checkFiles, checkDicts;
  auto* checkCmd = dictCmd->add_subcommand(
      "check", "Validate dictionary files, or the shipped and local dictionaries");
  checkCmd->add_option("--dict", checkDicts,
                       "Directory of local dictionaries (also $DOSSIER_DICT)");
  checkCmd->add_option(
      "FILES", checkFiles,
      "Files named countries|agencies|groups|companies|agents|verbs|nouns[.*].tsv");
  checkCmd->footer(
      "Examples:\n"
      "  dossier dict check my-dictionaries/groups.local.tsv\n"
      "  dossier dict check --dict my-dictionaries/");

  // feeds: subscriptions and polling. --db also comes from $DOSSIER_DB.
  auto* feedsCmd = app.add_subcommand("feeds", "Subscribe to news feeds and poll them");
  feedsCmd->require_subcommand(1);
  std::string feedsDb;
  auto addDb = [&](CLI::App* cmd) {
    cmd->add_option("--db", feedsDb, "Store directory (also $DOSSIER_DB)")
        ->envname("DOSSIER_DB")
        ->required();
  };
  dossier::FeedAddOptions feedAdd;
  auto* feedAddCmd = feedsCmd->add_subcommand("add", "Subscribe to a feed (RSS, Atom, JSON Feed)");
  addDb(feedAddCmd);
  feedAddCmd->add_option("URL", feedAdd.url, "Feed URL")->required();
  feedAddCmd->add_option("--name", feedAdd.name, "Name shown by `feeds list`");
  feedAddCmd->add_option("--every", feedAdd.every, "Poll interval: 90s, 15m, 2h, 1d (default 1h)");
  feedAddCmd->add_option("--tag", feedAdd.tags, "A tag (repeatable)");
  feedAddCmd->footer(
      "Example:\n  dossier feeds add --db news.db https://www.cisa.gov/cybersecurity-advisories/"
      "all.xml --name CISA --every 30m");
  std::string feedListFormat = "table";
  auto* feedListCmd = feedsCmd->add_subcommand(
      "list", "Subscribed feeds: last poll, last success, items stored, errors, next due");
  addDb(feedListCmd);
  feedListCmd->add_option("--format", feedListFormat, "table, jsonl or csv")
      ->check(formatValidator());
  std::string feedToRemove;
  auto* feedRemoveCmd = feedsCmd->add_subcommand("remove", "Unsubscribe from a feed");
  addDb(feedRemoveCmd);
  feedRemoveCmd->add_option("URL_OR_NAME", feedToRemove, "Feed URL or name")->required();
  std::string opmlFile, opmlEvery = "1h";
  auto* feedOpmlCmd = feedsCmd->add_subcommand(
      "import-opml", "Subscribe to every feed of an OPML export (folders become tags)");
  addDb(feedOpmlCmd);
  feedOpmlCmd->add_option("FILE", opmlFile, "OPML file")->required();
  feedOpmlCmd->add_option("--every", opmlEvery, "Poll interval of the feeds added (default 1h)");

  dossier::FeedPollOptions feedPoll;
  double pollTimeout = 30, pollConnectTimeout = 10;
  auto addPollOptions = [&](CLI::App* cmd) {
    cmd->add_option("--timeout", pollTimeout, "Seconds a request may take, body included (30)");
    cmd->add_option("--connect-timeout", pollConnectTimeout, "Seconds to connect (10)");
    cmd->add_option("--retries", feedPoll.http.retries,
                    "Extra attempts after a timeout or a 5xx, with exponential backoff (2)");
    cmd->add_option("--backoff-ms", feedPoll.http.backoffMs, "First retry delay in ms (500)");
    cmd->add_option("--max-bytes", feedPoll.http.maxBytes,
                    "Largest response accepted, after decompression (8388608)");
    cmd->add_option("--workers", feedPoll.workers, "Feeds fetched at once (8)")
        ->check(CLI::Range(1, 64));
    cmd->add_option("--per-host", feedPoll.perHost, "Concurrent requests per host (4)")
        ->check(CLI::Range(1, 64));
    cmd->add_flag("!--no-pages", feedPoll.fetchPages,
                  "Do not fetch the linked page of items that carry only a summary");
    cmd->add_option("--dict", feedPoll.dictDirs,
                    "Directory of local dictionaries (also $DOSSIER_DICT)");
  };
  auto* feedPollCmd = feedsCmd->add_subcommand(
      "poll", "One pass over the feeds (for cron); exit 1 when any feed failed");
  addDb(feedPollCmd);
  feedPollCmd->add_flag("--due-only", feedPoll.dueOnly, "Only feeds whose next poll is due");
  addPollOptions(feedPollCmd);
  feedPollCmd->footer(
      "Examples:\n  dossier feeds poll --db news.db\n"
      "  */10 * * * * dossier feeds poll --db /var/lib/dossier/news.db --due-only   # crontab");

  dossier::WatchOptions watch;
  auto* watchCmd = app.add_subcommand(
      "watch", "Poll each feed when it is due, until SIGTERM or SIGINT (a long-running service)");
  addDb(watchCmd);
  addPollOptions(watchCmd);
  watchCmd->add_option("--log-file", watch.logFile, "Also write the log to this file");
  std::string logFormat = "text";
  watchCmd->add_option("--log-format", logFormat, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  watchCmd->add_option(
      "--passes", watch.passes,
      "Stop after this many passes that polled feeds (default: run until stopped)");
  watchCmd->footer(
      "Example:\n  dossier watch --db news.db --log-file dossier.log --log-format json");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      spdlog::error("{}", e.what());
      std::cerr << "Run `dossier --help` for usage.\n";
      return 2;
    }
    return app.exit(e);
  }

  if (*ingestCmd) {
    if (!ingest.reader.url.empty() || !ingest.reader.title.empty()) {
      if (ingest.paths.size() != 1) {
        spdlog::error("--url and --title describe one article: give a single PATH");
        return 2;
      }
    }
    return dossier::ingestCommand(ingest, std::cout);
  }
  if (*extractCmd)
    return dossier::extractCommand(extract, *dossier::parseFormat(extractFormat), std::cout);
  if (*recodeCmd) return dossier::recodeCommand(recodeDb, recodeDicts, std::cout);
  if (*checkCmd) return dossier::dictCheckCommand(checkFiles, checkDicts, std::cout);
  if (*eventsCmd)
    return dossier::eventsCommand(db, filter, *dossier::parseFormat(format), std::cout);
  const auto toMs = [](double seconds) { return static_cast<long>(seconds * 1000); };
  feedPoll.http.timeoutMs = toMs(pollTimeout);
  feedPoll.http.connectTimeoutMs = toMs(pollConnectTimeout);
  feedPoll.db = feedsDb;
  if (*feedAddCmd) return dossier::feedsAddCommand(feedsDb, feedAdd, std::cout);
  if (*feedListCmd)
    return dossier::feedsListCommand(feedsDb, *dossier::parseFormat(feedListFormat), std::cout);
  if (*feedRemoveCmd) return dossier::feedsRemoveCommand(feedsDb, feedToRemove, std::cout);
  if (*feedOpmlCmd) return dossier::feedsImportOpmlCommand(feedsDb, opmlFile, opmlEvery, std::cout);
  if (*feedPollCmd) return dossier::feedsPollCommand(feedPoll, std::cout);
  if (*watchCmd) {
    watch.poll = feedPoll;
    watch.jsonLogs = logFormat == "json";
    return dossier::watchCommand(watch, std::cout);
  }
  if (*statsCmd)
    return dossier::statsCommand(statsDb, *dossier::parseFormat(statsFormat), std::cout);
  return 2;
}
