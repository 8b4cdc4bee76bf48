// A subscribed news feed and its polling state, as kept in the store's `feeds` column family.
// A plain value; safe to copy and to use from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dossier {

struct FeedState {
  std::string url;  // identity of the feed
  std::string name;
  std::vector<std::string> tags;
  uint32_t everySeconds = 3600;
  std::string etag;  // validators of the last full response, sent back for a conditional GET
  std::string lastModified;
  // Unix seconds; 0 means never.
  int64_t addedAt = 0;
  int64_t lastPoll = 0;
  int64_t lastSuccess = 0;
  int64_t nextDue = 0;
  uint64_t itemsStored = 0;
  uint32_t consecutiveErrors = 0;
  std::string lastError;  // of the last poll, empty after a success
  std::string title;      // the feed's own title
};

}  // namespace dossier
