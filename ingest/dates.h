// Resolution of the date expressions of a sentence against the article's publication date
// (never against today). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/text.h"

namespace dossier {

struct ResolvedDate {
  std::string iso;        // ISO 8601 truncated to `precision`; the Monday of the week for "week"
  std::string precision;  // year, month, week, day, reported
};

// The date an event in `tokens` happened, from the first date expression of the sentence:
// "on Tuesday", "on Wednesday (Feb 7)", "February 7, 2024", "7 Feb", "in March", "in 2019",
// "last year", "last month", "last week", "yesterday", "today", "earlier this week". Without
// one, the publication date with precision "reported". `published` is "YYYY-MM-DD".
ResolvedDate resolveDate(const std::vector<text::Token>& tokens, std::string_view published);

// Every date expression of a sentence, with the index of the token it starts at, in order.
// Expressions that would date an event after its publication are left out.
struct DateMention {
  size_t token = 0;
  ResolvedDate date;
};
std::vector<DateMention> findDates(const std::vector<text::Token>& tokens,
                                   std::string_view published);

// Parses a stand-alone date as found on the first line of a plain-text article or in a JSON
// field: "2024-02-07", "2024-02-07T10:00:00Z", "February 7, 2024", "7 February 2024",
// "Feb. 7, 2024", "Wed, 07 Feb 2024 10:00:00 GMT". Returns "YYYY-MM-DD" or nullopt.
std::optional<std::string> parseDateLine(std::string_view line);

}  // namespace dossier
