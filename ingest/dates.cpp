#include "ingest/dates.h"

#include <fmt/format.h>
#include <array>
#include <cctype>
#include <chrono>

#include "ingest/words.h"
#include "schema/model.h"

namespace dossier {
namespace {

using namespace std::chrono;
using words::isOneOf;

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

// 1..12 for a month name or its abbreviation ("Feb", "Feb.", "Sept"), else 0. "May" needs the
// capital letter, "march" and the others are matched in any case but only when capitalised
// in the text (verbs like "march" are lower case).
int monthOf(std::string_view word) {
  if (word.empty() || !std::isupper(static_cast<unsigned char>(word[0]))) return 0;
  if (word.back() == '.') word.remove_suffix(1);
  std::string l = text::lower(word);
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (l == kMonths[i]) return static_cast<int>(i) + 1;
    if (l.size() >= 3 && kMonths[i].starts_with(l) && (l.size() == 3 || l == "sept"))
      return static_cast<int>(i) + 1;
  }
  return 0;
}

int weekdayOf(std::string_view word) {
  if (word.empty() || !std::isupper(static_cast<unsigned char>(word[0]))) return -1;
  std::string l = text::lower(word);
  for (size_t i = 0; i < kWeekdays.size(); ++i)
    if (l == kWeekdays[i] || (l.size() == 3 && kWeekdays[i].starts_with(l)))
      return static_cast<int>(i);
  return -1;
}

std::optional<int> number(std::string_view w) {
  if (w.empty() || w.size() > 4) return std::nullopt;
  int n = 0;
  for (char c : w) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    n = n * 10 + (c - '0');
  }
  return n;
}

// "7", "7th", "1st" -> day of month.
std::optional<int> dayOfMonth(std::string_view w) {
  for (std::string_view suffix : {"st", "nd", "rd", "th"})
    if (w.size() > 2 && w.ends_with(suffix)) w.remove_suffix(2);
  auto n = number(w);
  if (n && *n >= 1 && *n <= 31) return n;
  return std::nullopt;
}

std::string isoDay(const year_month_day& d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}
std::string isoMonth(int y, int m) {
  return fmt::format("{:04}-{:02}", y, m);
}

struct Context {
  year_month_day published;
  sys_days day;
};

// The most recent (year of) month `m` not after the publication month.
int yearOfMonth(const Context& c, int m) {
  int y = static_cast<int>(c.published.year());
  return m > static_cast<int>(static_cast<unsigned>(c.published.month())) ? y - 1 : y;
}

std::optional<ResolvedDate> dayDate(int y, int m, int d) {
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ResolvedDate{isoDay(ymd), "day"};
}

// A count in words or digits: "a", "an", "one" .. "twelve", "7".
std::optional<int> count(std::string_view w) {
  static constexpr std::array<std::string_view, 13> kWords = {
      "a",     "one",   "two",  "three", "four",   "five",  "six",
      "seven", "eight", "nine", "ten",   "eleven", "twelve"};
  const std::string l = text::lower(w);
  if (l == "an") return 1;
  for (size_t k = 0; k < kWords.size(); ++k)
    if (l == kWords[k]) return k == 0 ? 1 : static_cast<int>(k);
  if (auto n = number(w); n && *n > 0 && *n < 100) return n;
  return std::nullopt;
}

// `date` moved by `n` units ("day", "week", "month", "year"; n may be negative), at the coarser
// of the unit's precision and the date's own: a month after March is April, not a day in it.
std::optional<ResolvedDate> shifted(const ResolvedDate& date, int n, std::string_view unit) {
  int32_t base = 0;
  std::string iso = date.iso;
  if (iso.size() == 4)
    iso += "-07-01";
  else if (iso.size() == 7)
    iso += "-15";
  if (!isoToDays(iso, base)) return std::nullopt;
  const year_month_day from{sys_days{std::chrono::days{base}}};
  if (unit == "year" || (date.precision == "year"))
    return unit == "year" ? std::optional<ResolvedDate>(ResolvedDate{
                                fmt::format("{:04}", static_cast<int>(from.year()) + n), "year"})
                          : std::nullopt;
  if (unit == "month" || date.precision == "month") {
    if (unit != "month") return std::nullopt;  // "a week after March": no better than March
    const auto ym = year_month{from.year(), from.month()} + months{n};
    return ResolvedDate{
        isoMonth(static_cast<int>(ym.year()), static_cast<int>(static_cast<unsigned>(ym.month()))),
        "month"};
  }
  const sys_days moved = sys_days{std::chrono::days{base}} + days{unit == "week" ? 7 * n : n};
  if (unit == "week" || date.precision == "week") {
    const sys_days monday = moved - days{(weekday{moved}.iso_encoding() - 1)};
    return ResolvedDate{isoDay(year_month_day{monday}), "week"};
  }
  return ResolvedDate{isoDay(year_month_day{moved}), "day"};
}

std::optional<ResolvedDate> dateAt(const std::vector<text::Token>& t, size_t i, const Context& c);

// "a month ago", "two weeks ago", "three days after the March 4 breach", "a year before the
// 2019 attack": a count of units from the publication date or from the date that follows.
std::optional<ResolvedDate> offsetAt(const std::vector<text::Token>& t, size_t i,
                                     const Context& c) {
  if (i + 2 >= t.size()) return std::nullopt;
  const auto n = count(t[i].text);
  if (!n) return std::nullopt;
  std::string unit = text::lower(t[i + 1].text);
  if (unit.ends_with("s")) unit.pop_back();
  if (!(unit == "day" || unit == "week" || unit == "month" || unit == "year")) return std::nullopt;
  const std::string rel = text::lower(t[i + 2].text);
  if (rel == "ago" || rel == "earlier") return shifted({isoDay(c.published), "day"}, -*n, unit);
  if (rel != "after" && rel != "before" && rel != "later") return std::nullopt;
  // The anchor: a date expression within the next few words ("after the March breach").
  for (size_t k = i + 3; k < t.size() && k <= i + 6; ++k)
    if (auto anchor = dateAt(t, k, c)) return shifted(*anchor, rel == "before" ? -*n : *n, unit);
  return std::nullopt;
}

// Tries to read a date expression starting at token i.
std::optional<ResolvedDate> dateAt(const std::vector<text::Token>& t, size_t i, const Context& c) {
  auto word = [&](size_t k) -> std::string_view {
    return k < t.size() ? t[k].text : std::string_view();
  };
  auto low = [&](size_t k) { return text::lower(word(k)); };
  const int pubYear = static_cast<int>(c.published.year());

  // An ISO date in the text: "on 2023-11-08".
  if (const std::string_view w0 = word(i); w0.size() == 10 && w0[4] == '-' && w0[7] == '-') {
    int32_t ignored = 0;
    if (isoToDays(w0, ignored)) return ResolvedDate{std::string(w0), "day"};
  }
  // "mid-March", "early-May", "late-September": the month.
  if (const std::string_view w0 = word(i); w0.find('-') != std::string_view::npos) {
    const std::string_view head = w0.substr(0, w0.find('-'));
    const int m = monthOf(w0.substr(w0.find('-') + 1));
    if (m > 0 && (head == "mid" || head == "early" || head == "late" || head == "Mid" ||
                  head == "Early" || head == "Late"))
      return ResolvedDate{isoMonth(yearOfMonth(c, m), m), "month"};
  }
  // Month-first: "February 7, 2024", "Feb. 7", "March 2024", "in March".
  if (int m = monthOf(word(i)); m > 0) {
    if (word(i) == "May" && !(i > 0 && (low(i - 1) == "in" || low(i - 1) == "since")) &&
        !dayOfMonth(word(i + 1)) && !number(word(i + 1)))
      return std::nullopt;  // the modal verb "May" at a sentence start
    size_t k = i + 1;
    if (word(k) == ".") ++k;  // "Feb. 7"
    if (auto d = dayOfMonth(word(k)); d) {
      ++k;
      if (word(k) == ",") ++k;
      if (auto y = number(word(k)); y && *y >= 1900 && *y <= pubYear + 1) return dayDate(*y, m, *d);
      return dayDate(yearOfMonth(c, m), m, *d);
    }
    if (auto y = number(word(k)); y && *y >= 1900 && *y <= pubYear + 1)
      return ResolvedDate{isoMonth(*y, m), "month"};
    if (i > 0 && (low(i - 1) == "in" || low(i - 1) == "since" || low(i - 1) == "during" ||
                  low(i - 1) == "last" || low(i - 1) == "until" || low(i - 1) == "early" ||
                  low(i - 1) == "late" || low(i - 1) == "mid" ||
                  (low(i - 1) == "the" && word(i) != "May")))  // "the March breach"
      return ResolvedDate{isoMonth(yearOfMonth(c, m), m), "month"};
    return std::nullopt;
  }
  // Day-first: "7 February 2024", "7 Feb".
  if (auto d = dayOfMonth(word(i)); d) {
    if (int m = monthOf(word(i + 1)); m > 0) {
      if (auto y = number(word(i + 2)); y && *y >= 1900 && *y <= pubYear + 1)
        return dayDate(*y, m, *d);
      return dayDate(yearOfMonth(c, m), m, *d);
    }
  }
  // Weekdays: "on Tuesday" is the latest such day not after publication.
  if (int wd = weekdayOf(word(i)); wd >= 0 && word(i).size() > 3) {
    // "on Wednesday (Feb 7)": the explicit date in brackets wins.
    if (word(i + 1) == "(" || word(i + 1) == ",") {
      if (auto explicitDate = dateAt(t, i + 2, c)) return explicitDate;
    }
    int pubWd = static_cast<int>(weekday{c.day}.c_encoding());
    int back = (pubWd - wd + 7) % 7;
    if (low(i - 1) == "last" && back == 0) back = 7;
    return ResolvedDate{isoDay(year_month_day{c.day - days{back}}), "day"};
  }
  if (auto offset = offsetAt(t, i, c)) return offset;
  std::string w = low(i);
  if (w == "yesterday") return ResolvedDate{isoDay(year_month_day{c.day - days{1}}), "day"};
  if (w == "today" || w == "tonight") return ResolvedDate{isoDay(c.published), "day"};
  if ((w == "last" || w == "past") && i + 1 < t.size()) {
    std::string n = low(i + 1);
    if (n == "year") return ResolvedDate{fmt::format("{:04}", pubYear - 1), "year"};
    if (n == "month") {
      auto ym = year_month{c.published.year(), c.published.month()} - months{1};
      return ResolvedDate{isoMonth(static_cast<int>(ym.year()),
                                   static_cast<int>(static_cast<unsigned>(ym.month()))),
                          "month"};
    }
    if (n == "week") {
      sys_days monday = c.day - days{(weekday{c.day}.iso_encoding() - 1)} - days{7};
      return ResolvedDate{isoDay(year_month_day{monday}), "week"};
    }
  }
  if (w == "this" && i + 1 < t.size()) {
    std::string n = low(i + 1);
    if (n == "year") return ResolvedDate{fmt::format("{:04}", pubYear), "year"};
    if (n == "month")
      return ResolvedDate{
          isoMonth(pubYear, static_cast<int>(static_cast<unsigned>(c.published.month()))), "month"};
    if (n == "week") {
      sys_days monday = c.day - days{(weekday{c.day}.iso_encoding() - 1)};
      return ResolvedDate{isoDay(year_month_day{monday}), "week"};
    }
  }
  // "in 2019", "since 2021", "during 2020", "of 2018".
  if (auto y = number(word(i));
      y && word(i).size() == 4 && *y >= 1900 && *y <= pubYear + 1 && i > 0) {
    std::string p = low(i - 1);
    if (p == "in" || p == "since" || p == "during" || p == "of" || p == "early" || p == "late" ||
        p == "until" || p == "throughout" || p == "the" || p == "a" ||
        p == "an")  // "the 2019 attack", "a 2021 indictment"
      return ResolvedDate{fmt::format("{:04}", *y), "year"};
  }
  return std::nullopt;
}

}  // namespace

std::vector<DateMention> findDates(const std::vector<text::Token>& tokens,
                                   std::string_view published) {
  std::vector<DateMention> found;
  int32_t days = 0;
  if (!isoToDays(published, days) || published.size() != 10) return found;
  Context c{year_month_day{sys_days{std::chrono::days{days}}}, sys_days{std::chrono::days{days}}};
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].word) continue;
    // Only a capital (month, weekday), a digit or a few words can start a date expression.
    const std::string_view w = tokens[i].text;
    const bool candidate = (w[0] >= 'A' && w[0] <= 'Z') || (w[0] >= '0' && w[0] <= '9') ||
                           w == "yesterday" || w == "today" || w == "tonight" || w == "last" ||
                           w == "past" || w == "this" || count(w).has_value() ||
                           w.starts_with("mid-") || w.starts_with("early-") ||
                           w.starts_with("late-");
    if (!candidate) continue;
    if (auto d = dateAt(tokens, i, c)) {
      // "effective through Sept. 22", "until March": the end of a span, not when it happened.
      if (i > 0 && isOneOf(text::lower(tokens[i - 1].text), {"through", "until", "till", "thru"}))
        continue;
      // Never date an event after its report.
      if (d->iso <= published.substr(0, d->iso.size())) found.push_back({i, *d});
    }
  }
  return found;
}

ResolvedDate resolveDate(const std::vector<text::Token>& tokens, std::string_view published) {
  auto found = findDates(tokens, published);
  if (!found.empty()) return found.front().date;
  return {std::string(published), "reported"};
}

std::optional<std::string> parseDateLine(std::string_view line) {
  std::string s = text::squeeze(line);
  for (std::string_view prefix :
       {"Published:", "published:", "Date:", "date:", "Published", "Updated:"}) {
    if (std::string_view(s).starts_with(prefix)) {
      s = text::squeeze(std::string_view(s).substr(prefix.size()));
      break;
    }
  }
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') {
    int32_t d = 0;
    std::string iso = s.substr(0, 10);
    if (isoToDays(iso, d) && (s.size() == 10 || s[10] == 'T' || s[10] == ' ')) return iso;
    return std::nullopt;
  }
  auto tokens = text::tokenize(s);
  if (tokens.empty() || tokens.size() > 12) return std::nullopt;
  // A weekday and comma first, as in RFC 822 dates.
  size_t i = 0;
  if (weekdayOf(tokens[0].text) >= 0) i = tokens.size() > 1 && tokens[1].text == "," ? 2 : 1;
  auto num = [&](size_t k) { return k < tokens.size() ? number(tokens[k].text) : std::nullopt; };
  auto mon = [&](size_t k) { return k < tokens.size() ? monthOf(tokens[k].text) : 0; };
  auto day = [&](size_t k) {
    return k < tokens.size() ? dayOfMonth(tokens[k].text) : std::nullopt;
  };
  std::optional<ResolvedDate> r;
  if (int m = mon(i); m > 0) {  // February 7, 2024
    size_t k = i + 1;
    auto d = day(k);
    if (d) {
      ++k;
      if (k < tokens.size() && tokens[k].text == ",") ++k;
      if (auto y = num(k); y && *y >= 1900) r = dayDate(*y, m, *d);
    }
  } else if (auto d = day(i); d) {  // 7 February 2024
    if (int m2 = mon(i + 1); m2 > 0)
      if (auto y = num(i + 2); y && *y >= 1900) r = dayDate(*y, m2, *d);
  }
  if (r) return r->iso;
  return std::nullopt;
}

}  // namespace dossier
