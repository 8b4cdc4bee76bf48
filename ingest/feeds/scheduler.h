// The long-running scheduler behind `dossier watch`: a polling pass over the feeds that are
// due, then a sleep until the next one is due, until stopped. Time comes from a Clock, so that
// tests run months of schedule without sleeping.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

#include "ingest/feeds/poller.h"

namespace dossier::feeds {

// Thread safety: now() may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t now() = 0;  // unix seconds
  // Returns at `unixSeconds`, or soon (within ~100 ms) after `stop` becomes true.
  virtual void sleepUntil(int64_t unixSeconds, const std::atomic<bool>& stop) = 0;
};

// The wall clock.
Clock& systemClock();

struct SchedulerOptions {
  PollOptions poll;          // dueOnly and stop are set by the scheduler
  int maxSleepSeconds = 60;  // feeds added by another process are noticed this often
  int passes = 0;            // return after this many passes that polled feeds (0: never)
  std::function<void(const PollSummary&)> onPass;  // after each pass that polled feeds
};

// Polls due feeds until `stop` becomes true (or `passes` are done); then returns after the
// article in hand (see PollOptions::stop). Throws dossier::Error when the store fails.
void runScheduler(FeedStore& store, HttpClient& http, const Extractor& extractor, Clock& clock,
                  const SchedulerOptions& options, const std::atomic<bool>& stop);

}  // namespace dossier::feeds
