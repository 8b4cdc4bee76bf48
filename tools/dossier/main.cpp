// dossier: the command line. It parses arguments and calls the library functions of
// tools/dossier/commands.h; nothing else happens here.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <iostream>

#include "tools/dossier/commands.h"
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
  if (*statsCmd)
    return dossier::statsCommand(statsDb, *dossier::parseFormat(statsFormat), std::cout);
  return 2;
}
