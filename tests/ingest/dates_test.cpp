#include <catch2/catch.hpp>

#include "ingest/dates.h"

using namespace dossier;

namespace {
// Published on Thursday 2024-05-16.
ResolvedDate dateOf(std::string_view sentence, std::string_view published = "2024-05-16") {
  std::string copy(sentence);
  return resolveDate(text::tokenize(copy), published);
}
}  // namespace

TEST_CASE("relative dates resolve against the publication date, with their precision") {
  auto check = [](std::string_view sentence, std::string iso, std::string precision) {
    INFO(sentence);
    auto d = dateOf(sentence);
    CHECK(d.iso == iso);
    CHECK(d.precision == precision);
  };
  check("Germany expelled two diplomats on Tuesday.", "2024-05-14", "day");
  check("The ministry spoke on Thursday.", "2024-05-16", "day");
  check("It happened last Thursday.", "2024-05-09", "day");
  check("Police said on Wednesday (Feb 7) that they had arrested him.", "2024-02-07", "day");
  check("He was arrested on February 7, 2023.", "2023-02-07", "day");
  check("He was arrested on 7 February 2023.", "2023-02-07", "day");
  check("He was arrested on Feb. 7.", "2024-02-07", "day");
  check("The breach began in September.", "2023-09", "month");
  check("The breach began in March.", "2024-03", "month");
  check("The breach began in March 2021.", "2021-03", "month");
  check("He passed secrets to China in 2019.", "2019", "year");
  check("The group was active last year.", "2023", "year");
  check("Sanctions were imposed last month.", "2024-04", "month");
  check("The attack came last week.", "2024-05-06", "week");
  check("The attack came earlier this week.", "2024-05-13", "week");
  check("Officials said yesterday that it was over.", "2024-05-15", "day");
  check("Russia denied the accusation.", "2024-05-16", "reported");
}

TEST_CASE("counts of units before or after a date") {
  auto check = [](std::string_view sentence, std::string iso, std::string precision) {
    INFO(sentence);
    auto d = dateOf(sentence);
    CHECK(d.iso == iso);
    CHECK(d.precision == precision);
  };
  check("Police arrested him a month ago.", "2024-04", "month");
  check("Police arrested him two weeks ago.", "2024-04-29", "week");
  check("Police arrested him three days ago.", "2024-05-13", "day");
  check("Police arrested him a year ago.", "2023", "year");
  check("He was charged a month after the March breach.", "2024-04", "month");
  check("He was charged three days after February 7.", "2024-02-10", "day");
  check("He was charged a year after the 2019 attack.", "2020", "year");
  check("He was charged two months before the 2019 attack.", "2019", "year");
  check("The group was named in the 2020 report.", "2020", "year");
  // The end of a span is not when something happened.
  check("The bulletin, effective through Sept. 22, warns of attacks.", "2024-05-16", "reported");
  check("The sanctions last until March.", "2024-05-16", "reported");
  // A count without an anchor says nothing about when.
  check("He was charged a month after the attack.", "2024-05-16", "reported");
  check("Two weeks of talks ended.", "2024-05-16", "reported");
}

TEST_CASE("numbers and words that are not dates stay undated") {
  CHECK(dateOf("May officials deny it?").precision == "reported");
  CHECK(dateOf("He stole 2019 files.").precision == "reported");
  CHECK(dateOf("Troops march to the border.").precision == "reported");
  // Never after the report: a future date is not the event's date.
  CHECK(dateOf("The trial is set for 2031.").precision == "reported");
}

TEST_CASE("date lines of plain-text articles and JSON fields") {
  CHECK(parseDateLine("2024-02-07") == "2024-02-07");
  CHECK(parseDateLine("Published: 2024-02-07T10:00:00Z") == "2024-02-07");
  CHECK(parseDateLine("February 7, 2024") == "2024-02-07");
  CHECK(parseDateLine("7 February 2024") == "2024-02-07");
  CHECK(parseDateLine("Wed, 07 Feb 2024 10:00:00 GMT") == "2024-02-07");
  CHECK_FALSE(parseDateLine("Germany expels Russian diplomats"));
  CHECK_FALSE(parseDateLine("2024-02-30"));
}
