// When a feed is next due: its interval with jitter after a success, an exponential backoff
// after failures. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "schema/feed_state.h"

namespace dossier::feeds {

// "90s", "15m", "2h", "1d" (or a bare number of seconds) -> seconds; nullopt when malformed
// or under 60 s.
std::optional<uint32_t> parseDuration(std::string_view text);
// 3600 -> "1h", 5400 -> "90m".
std::string formatDuration(uint32_t seconds);

// Unix seconds of the next poll after a successful one at `now`: now + interval + a jitter of
// up to a tenth of the interval, derived from the feed URL and `now` so that feeds added
// together spread out.
int64_t nextDueAfterSuccess(const FeedState& feed, int64_t now);
// After the feed's consecutiveErrors-th failure in a row (>= 1): now + interval * 2^(errors-1),
// at most one day later (or one interval when that is longer).
int64_t nextDueAfterFailure(const FeedState& feed, int64_t now);

}  // namespace dossier::feeds
