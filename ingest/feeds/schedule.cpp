#include "ingest/feeds/schedule.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>

#include "schema/model.h"

namespace dossier::feeds {

std::optional<uint32_t> parseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t n = 0;
  size_t i = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    n = n * 10 + static_cast<uint64_t>(text[i] - '0');
    if (n > 1'000'000'000) return std::nullopt;
  }
  if (i == 0) return std::nullopt;
  const std::string_view unit = text.substr(i);
  uint64_t scale = 0;
  if (unit.empty() || unit == "s")
    scale = 1;
  else if (unit == "m" || unit == "min")
    scale = 60;
  else if (unit == "h")
    scale = 3600;
  else if (unit == "d")
    scale = 86400;
  else
    return std::nullopt;
  const uint64_t seconds = n * scale;
  if (seconds < 60 || seconds > 30ull * 86400) return std::nullopt;
  return static_cast<uint32_t>(seconds);
}

std::string formatDuration(uint32_t s) {
  if (s % 86400 == 0) return fmt::format("{}d", s / 86400);
  if (s % 3600 == 0) return fmt::format("{}h", s / 3600);
  if (s % 60 == 0) return fmt::format("{}m", s / 60);
  return fmt::format("{}s", s);
}

int64_t nextDueAfterSuccess(const FeedState& feed, int64_t now) {
  const uint32_t every = std::max<uint32_t>(feed.everySeconds, 60);
  const uint64_t h = std::stoull(stableHash(fmt::format("{}\n{}", feed.url, now)), nullptr, 16);
  return now + every + static_cast<int64_t>(h % (every / 10 + 1));
}

int64_t nextDueAfterFailure(const FeedState& feed, int64_t now) {
  const int64_t every = std::max<uint32_t>(feed.everySeconds, 60);
  const uint32_t doublings =
      std::min<uint32_t>(feed.consecutiveErrors > 0 ? feed.consecutiveErrors - 1 : 0, 10);
  const int64_t cap = std::max<int64_t>(every, 86400);
  return now + std::min<int64_t>(every << doublings, cap);
}

}  // namespace dossier::feeds
