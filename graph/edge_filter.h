// Which events a traversal may use: the filters of every graph query (--action, --since,
// --until, --min-mentions), tested on adjacency-index entries without decoding event records.
// A plain value; safe to share between threads.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "graph/store.h"

namespace dossier {

struct EdgeFilter {
  // Action classes ("accuse") or CAMEO code prefixes ("112"); an edge passes when it matches
  // any of them. Empty: any action.
  std::vector<std::string> actions;
  // A case-sensitive prefix of the action label ("Accuse" matches "Accuse of espionage,
  // treason"); empty: any label.
  std::string labelPrefix;
  int32_t fromDay = std::numeric_limits<int32_t>::min();  // inclusive
  int32_t toDay = std::numeric_limits<int32_t>::max();    // inclusive
  uint32_t minMentions = 0;

  bool accepts(const EdgeEntry& e) const {
    if (e.day < fromDay || e.day > toDay) return false;
    if (e.mentions < minMentions) return false;
    if (!labelPrefix.empty() && !e.label.starts_with(labelPrefix)) return false;
    if (actions.empty()) return true;
    for (const auto& a : actions) {
      if (isCode(a) ? e.code.starts_with(a) : e.cls == a) return true;
    }
    return false;
  }

  // An action key made of digits is a CAMEO code prefix; anything else is a class.
  static bool isCode(const std::string& action) {
    if (action.empty()) return false;
    for (char c : action)
      if (c < '0' || c > '9') return false;
    return true;
  }
};

}  // namespace dossier
