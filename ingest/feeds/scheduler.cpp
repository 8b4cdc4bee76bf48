#include "ingest/feeds/scheduler.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace dossier::feeds {
namespace {

class SystemClock final : public Clock {
 public:
  int64_t now() override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  void sleepUntil(int64_t unixSeconds, const std::atomic<bool>& stop) override {
    while (!stop.load() && now() < unixSeconds)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
};

}  // namespace

Clock& systemClock() {
  static SystemClock clock;
  return clock;
}

void runScheduler(FeedStore& store, HttpClient& http, const Extractor& extractor, Clock& clock,
                  const SchedulerOptions& options, const std::atomic<bool>& stop) {
  PollOptions poll = options.poll;
  poll.dueOnly = true;
  poll.stop = &stop;
  int passes = 0;
  while (!stop.load()) {
    const int64_t now = clock.now();
    const auto summary = pollFeeds(store, http, extractor, poll, now);
    if (!summary.feeds.empty()) {
      if (options.onPass) options.onPass(summary);
      if (options.passes > 0 && ++passes >= options.passes) return;
    }
    // Until the next feed is due (at least a second, at most maxSleepSeconds).
    int64_t next = now + std::max(options.maxSleepSeconds, 1);
    for (const auto& f : store.feeds()) next = std::min(next, f.nextDue);
    clock.sleepUntil(std::max(next, clock.now() + 1), stop);
  }
}

}  // namespace dossier::feeds
