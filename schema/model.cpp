#include "schema/model.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <chrono>

namespace dossier {

bool isActionClass(std::string_view cls) {
  return std::find(std::begin(kActionClasses), std::end(kActionClasses), cls) !=
         std::end(kActionClasses);
}

std::string stableHash(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  // splitmix64 finaliser: spreads FNV's weak low bits over the whole word.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return fmt::format("{:016x}", h);
}

std::string canonicalUrl(std::string_view url) {
  std::string u(url);
  while (!u.empty() && std::isspace(static_cast<unsigned char>(u.back()))) u.pop_back();
  while (!u.empty() && std::isspace(static_cast<unsigned char>(u.front()))) u.erase(0, 1);
  if (auto hash = u.find('#'); hash != std::string::npos) u.resize(hash);
  auto scheme = u.find("://");
  size_t hostEnd = u.size();
  if (scheme != std::string::npos) {
    hostEnd = u.find_first_of("/?", scheme + 3);
    if (hostEnd == std::string::npos) hostEnd = u.size();
    std::transform(u.begin(), u.begin() + hostEnd, u.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  if (auto q = u.find('?'); q != std::string::npos) {
    std::string kept;
    size_t pos = q + 1;
    while (pos <= u.size()) {
      size_t amp = u.find('&', pos);
      if (amp == std::string::npos) amp = u.size();
      std::string_view param(u.data() + pos, amp - pos);
      if (!param.empty() && !param.starts_with("utm_")) {
        kept += kept.empty() ? "?" : "&";
        kept += param;
      }
      pos = amp + 1;
    }
    u = u.substr(0, q) + kept;
  }
  if (u.size() > hostEnd + 1 && u.back() == '/') u.pop_back();
  return u;
}

std::string articleId(const Article& a) {
  if (!a.url.empty()) return stableHash("url\n" + canonicalUrl(a.url));
  std::string norm;
  norm.reserve(a.text.size());
  bool space = false;
  for (unsigned char c : a.text) {
    if (std::isspace(c)) {
      space = !norm.empty();
      continue;
    }
    if (space) norm += ' ';
    space = false;
    norm += static_cast<char>(std::tolower(c));
  }
  return stableHash("text\n" + norm);
}

std::string eventId(const ExtractedEvent& e) {
  return stableHash(fmt::format("{}\n{}\n{}\n{}\n{}", e.actor.id, e.action.cls, e.action.code,
                                e.target.id, e.date));
}

bool isoToDays(std::string_view iso, int32_t& days) {
  int y = 0, m = 1, d = 1;
  auto digits = [&](size_t pos, size_t n, int& out) {
    if (iso.size() < pos + n) return false;
    out = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(iso[i]))) return false;
      out = out * 10 + (iso[i] - '0');
    }
    return true;
  };
  if (!digits(0, 4, y)) return false;
  if (iso.size() > 4) {
    if (iso[4] != '-' || !digits(5, 2, m)) return false;
    if (iso.size() > 7) {
      if (iso[7] != '-' || !digits(8, 2, d) || iso.size() != 10) return false;
    } else if (iso.size() != 7) {
      return false;
    }
  }
  using namespace std::chrono;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  days = static_cast<int32_t>(sys_days{ymd}.time_since_epoch().count());
  return true;
}

std::string daysToIso(int32_t days) {
  using namespace std::chrono;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace dossier
