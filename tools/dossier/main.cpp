// dossier: the command line. It parses arguments and calls the library functions of
// tools/dossier/commands.h; nothing else happens here.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "tools/dossier/commands.h"
#include "tools/dossier/export_command.h"
#include "tools/dossier/feed_commands.h"
#include "tools/dossier/graph_commands.h"
#include "tools/dossier/import_command.h"

namespace {

void setUpLogging() {
  auto logger = spdlog::stderr_color_mt("dossier");
  logger->set_pattern("dossier: %^%v%$");
  spdlog::set_default_logger(logger);
}

CLI::Validator formatValidator() {
  return CLI::IsMember({"table", "jsonl", "csv"});
}

// The filters of every graph query and of export.
void addFilterOptions(CLI::App* cmd, dossier::GraphFilter& filter) {
  cmd->add_option("--action", filter.actions,
                  "Only events of these action classes or CAMEO code prefixes (accuse, 112; "
                  "repeat or separate with commas)")
      ->delimiter(',')
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--label", filter.labelPrefix,
                  "Only events whose action label starts with this text (case-sensitive)");
  cmd->add_option("--since", filter.since, "Earliest date, inclusive: YYYY, YYYY-MM or YYYY-MM-DD");
  cmd->add_option("--until", filter.until, "Latest date, inclusive to the end of its period");
  cmd->add_option("--min-mentions", filter.minMentions,
                  "Only events reported by at least N mentions");
}

// The options every graph query takes: --db, --format and the filters.
void addGraphOptions(CLI::App* cmd, dossier::GraphQueryOptions& o, std::string& format) {
  cmd->add_option("--db", o.db, "Store directory")->required();
  cmd->add_option("--format", format, "table, jsonl or csv")->check(formatValidator());
  addFilterOptions(cmd, o.filter);
}

CLI::Validator directionValidator() {
  return CLI::IsMember({"out", "in", "both"});
}

// The time-respecting options of `path` and `reach`.
void addJourneyOptions(CLI::App* cmd, dossier::PathOptions& o, std::string& direction) {
  cmd->add_flag("--strict", o.strict,
                "Each event strictly later than the previous one (default: not earlier)");
  cmd->add_option("--max-gap", o.maxGap, "At most DAYS between consecutive events")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--start", o.start, "Journeys start on or after this date");
  cmd->add_option("--direction", direction, "out (along events), in (against) or both")
      ->check(directionValidator());
}

dossier::Traverse toTraverse(const std::string& d) {
  return d == "in"     ? dossier::Traverse::in
         : d == "both" ? dossier::Traverse::both
                       : dossier::Traverse::out;
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
      "  dossier import --db icews.db --format tsv events.tsv.gz\n"
      "  dossier neighbours --db icews.db China --hops 2\n"
      "  dossier who --db icews.db accuse --by quarter\n"
      "  dossier export --db icews.db --format gexf -o icews.gexf\n"
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

  dossier::ImportOptions importOptions;
  std::string importFormat;
  auto* importCmd = app.add_subcommand(
      "import",
      "Load pre-coded event data (GDELT 1.0/2.0, ICEWS, source/relation/target/date TSV)");
  importCmd->add_option("--db", importOptions.db, "Store directory (created if missing)")
      ->required();
  importCmd->add_option("--format", importFormat, "gdelt1, gdelt2, icews or tsv")
      ->required()
      ->check(CLI::IsMember({"gdelt1", "gdelt2", "icews", "tsv"}));
  importCmd->add_option("FILE", importOptions.paths, "Files, plain or .gz")->required();
  importCmd->footer(
      "Examples:\n"
      "  dossier import --db icews.db --format tsv events.tsv.gz      # source, relation, target, "
      "date\n"
      "  dossier import --db gdelt.db --format gdelt2 20191024143000.export.CSV\n"
      "  dossier import --db icews.db --format icews events.2018.tab");

  dossier::GraphQueryOptions graph;
  std::string graphFormat = "table";

  std::string nEntity, nDirection = "out";
  uint32_t nHops = 1;
  auto* neighboursCmd = app.add_subcommand(
      "neighbours", "Entities within N hops of an entity, and the events that connect them");
  addGraphOptions(neighboursCmd, graph, graphFormat);
  neighboursCmd->add_option("ENTITY", nEntity, "Entity id, name or unambiguous alias")->required();
  neighboursCmd->add_option("--hops", nHops, "Hops (default 1)")->check(CLI::Range(1u, 16u));
  neighboursCmd->add_option("--direction", nDirection, "out (as actor), in (as target) or both")
      ->check(directionValidator());
  bool nNoEvents = false;
  neighboursCmd->add_flag("--no-events", nNoEvents,
                          "Only the entities, not the events that connect them (csv: always)");
  neighboursCmd->footer(
      "Filters apply to every hop during the traversal.\nExamples:\n"
      "  dossier neighbours --db news.db China --hops 2 --since 2018-03 --until 2018-05\n"
      "  dossier neighbours --db news.db 'United States' --hops 2 --action accuse --format jsonl");

  dossier::ExportCommandOptions exportOptions;
  std::string exportFormat, exportDirection = "both";
  size_t exportMaxEdges = 0;
  auto* exportCmd = app.add_subcommand(
      "export",
      "The filtered graph, or a neighbourhood, for Gephi, Cytoscape, Neo4j, a browser...");
  exportCmd->add_option("--db", exportOptions.db, "Store directory")->required();
  exportCmd
      ->add_option("--format", exportFormat,
                   "gexf, graphml, dot, cytoscape, graphology, neo4j or html")
      ->required()
      ->check(
          CLI::IsMember({"gexf", "graphml", "dot", "cytoscape", "graphology", "neo4j", "html"}));
  exportCmd
      ->add_option("-o,--output", exportOptions.output,
                   "Output file, - for standard output; neo4j: a directory that receives "
                   "nodes.csv and relationships.csv")
      ->required();
  addFilterOptions(exportCmd, exportOptions.request.filter);
  auto* aroundOption = exportCmd->add_option(
      "--around", exportOptions.request.around,
      "Only the neighbourhood of this entity (id, name or unambiguous alias)");
  exportCmd->add_option("--hops", exportOptions.request.hops, "Hops around --around (default 1)")
      ->check(CLI::Range(1u, 16u))
      ->needs(aroundOption);
  exportCmd
      ->add_option("--direction", exportDirection,
                   "With --around: out (as actor), in (as target) or both (default)")
      ->check(directionValidator())
      ->needs(aroundOption);
  auto* maxEdgesOption = exportCmd->add_option(
      "--max-edges", exportMaxEdges, "Stop after N events (0: all; default all, html 5000)");
  exportCmd->footer(
      "Nodes are entities, edges are events (one per event, parallel edges kept).\nExamples:\n"
      "  dossier export --db icews.db --format gexf -o icews.gexf            # Gephi, with "
      "timeline\n"
      "  dossier export --db news.db --format html --around China --hops 2 -o china.html\n"
      "  dossier export --db news.db --format neo4j --action accuse -o neo4j-import/");

  std::string pFrom, pTo, pDirection = "out";
  dossier::PathOptions pathOptions;
  auto* pathCmd = app.add_subcommand(
      "path", "A shortest or time-respecting path between two entities in the filtered graph");
  addGraphOptions(pathCmd, graph, graphFormat);
  pathCmd->add_option("FROM", pFrom, "Entity id, name or unambiguous alias")->required();
  pathCmd->add_option("TO", pTo, "Entity id, name or unambiguous alias")->required();
  pathCmd
      ->add_option("--mode", pathOptions.mode,
                   "shortest (fewest events, any order), or time-respecting: earliest-arrival, "
                   "latest-departure, fastest, min-hop")
      ->check(CLI::IsMember(
          {"shortest", "earliest-arrival", "latest-departure", "fastest", "min-hop"}));
  addJourneyOptions(pathCmd, pathOptions, pDirection);
  pathCmd->footer(
      "Examples:\n"
      "  dossier path --db news.db Russia Ukraine                       # fewest events\n"
      "  dossier path --db news.db 'Donald Trump' China --mode earliest-arrival --start "
      "2018-01-01\n"
      "  dossier path --db news.db A B --mode min-hop --strict --action accuse");

  std::string rFrom, rDirection = "out";
  dossier::PathOptions reachOptions;
  auto* reachCmd = app.add_subcommand(
      "reach",
      "Every entity a time-respecting journey from FROM reaches, with its earliest arrival");
  addGraphOptions(reachCmd, graph, graphFormat);
  reachCmd->add_option("FROM", rFrom, "Entity id, name or unambiguous alias")->required();
  addJourneyOptions(reachCmd, reachOptions, rDirection);
  reachCmd->footer(
      "Journeys follow events in time order, as `path --mode earliest-arrival`, to every "
      "entity.\nExamples:\n"
      "  dossier reach --db icews.db 'Donald Trump' --start 2018-01-01 --format csv\n"
      "  dossier reach --db news.db APT28 --action cyberattack --strict");

  std::string tEntity, tOther;
  auto* timelineCmd =
      app.add_subcommand("timeline", "The events of one entity, or between two, in date order");
  addGraphOptions(timelineCmd, graph, graphFormat);
  timelineCmd->add_option("ENTITY", tEntity, "Entity id, name or unambiguous alias")->required();
  timelineCmd->add_option("OTHER", tOther, "A second entity: only events between the two");
  timelineCmd->footer(
      "Examples:\n"
      "  dossier timeline --db news.db Russia 'United Kingdom'\n"
      "  dossier timeline --db news.db CHN --since 2024 --format csv");

  std::string wAction, wBy;
  size_t wTop = 0;
  auto* whoCmd =
      app.add_subcommand("who", "Who did ACTION to whom: events counted per period and pair");
  addGraphOptions(whoCmd, graph, graphFormat);
  whoCmd->add_option("ACTION", wAction, "Action class (accuse) or CAMEO code prefix (112)")
      ->required();
  whoCmd->add_option("--by", wBy, "Count per month, quarter or year (default: the whole range)")
      ->check(CLI::IsMember({"month", "quarter", "year"}));
  whoCmd->add_option("--top", wTop, "Only the N largest counts of each period (0: all)");
  whoCmd->footer(
      "Examples:\n"
      "  dossier who --db news.db accuse --by quarter             # who accused whom over time\n"
      "  dossier who --db icews.db accuse --label Accuse --since 2018-04 --until 2018-06 --top 20");

  std::string topBy = "degree", topType;
  size_t topLimit = 20;
  auto* topCmd = app.add_subcommand("top", "Ranked entities in the filtered graph");
  addGraphOptions(topCmd, graph, graphFormat);
  topCmd->add_option("--by", topBy, "degree (events), pagerank or betweenness")
      ->check(CLI::IsMember({"degree", "pagerank", "betweenness"}));
  topCmd->add_option("--type", topType, "Only entities of this type (country, person, ...)");
  topCmd->add_option("--limit", topLimit, "At most N entities (0: all)");
  topCmd->footer("Example:\n  dossier top --db news.db --by pagerank --action accuse");

  std::string eSearch, eDb, eFormat = "table";
  size_t eLimit = 50;
  auto* entitiesCmd =
      app.add_subcommand("entities", "Entities by name or alias, with ids, types and event counts");
  entitiesCmd->add_option("--db", eDb, "Store directory")->required();
  entitiesCmd->add_option("--format", eFormat, "table, jsonl or csv")->check(formatValidator());
  entitiesCmd->add_option("--limit", eLimit, "At most N entities (0: all)");
  entitiesCmd->add_option("SEARCH", eSearch, "Part of an id, name or alias (case-insensitive)")
      ->required();
  entitiesCmd->footer("Example:\n  dossier entities --db news.db kremlin");

  std::string xEvent, xDb, xFormat = "table";
  auto* explainCmd = app.add_subcommand(
      "explain", "Every article and sentence behind an event, with dates and URLs");
  explainCmd->add_option("--db", xDb, "Store directory")->required();
  explainCmd->add_option("--format", xFormat, "table, jsonl or csv")->check(formatValidator());
  explainCmd->add_option("EVENT_ID", xEvent, "The `event` column of a query's output")->required();
  explainCmd->footer("Example:\n  dossier explain --db news.db 3f9a0c2e5b7d1e48");

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
  if (*exportCmd) {
    exportOptions.format = *dossier::parseExportFormat(exportFormat);
    exportOptions.request.direction = toTraverse(exportDirection);
    if (maxEdgesOption->count() > 0) exportOptions.maxEdges = exportMaxEdges;
    return dossier::exportCommand(exportOptions, std::cout);
  }
  graph.format = *dossier::parseFormat(graphFormat);
  if (*neighboursCmd)
    return dossier::neighboursCommand(graph, nEntity, nHops, toTraverse(nDirection), !nNoEvents,
                                      std::cout);
  if (*pathCmd) {
    pathOptions.direction = toTraverse(pDirection);
    return dossier::pathCommand(graph, pFrom, pTo, pathOptions, std::cout);
  }
  if (*reachCmd) {
    reachOptions.direction = toTraverse(rDirection);
    return dossier::reachCommand(graph, rFrom, reachOptions, std::cout);
  }
  if (*timelineCmd)
    return dossier::timelineCommand(
        graph, tEntity, tOther.empty() ? std::nullopt : std::optional<std::string>(tOther),
        std::cout);
  if (*whoCmd) return dossier::whoCommand(graph, wAction, wBy, wTop, std::cout);
  if (*topCmd) return dossier::topCommand(graph, topBy, topType, topLimit, std::cout);
  if (*entitiesCmd)
    return dossier::entitiesCommand(eDb, eSearch, eLimit, *dossier::parseFormat(eFormat),
                                    std::cout);
  if (*explainCmd)
    return dossier::explainCommand(xDb, xEvent, *dossier::parseFormat(xFormat), std::cout);
  if (*importCmd) {
    importOptions.format = *dossier::parseCodedFormat(importFormat);
    return dossier::importCommand(importOptions, std::cout);
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
