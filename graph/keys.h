// Key encodings of the store's column families. Private to graph/ and its tests.
//
//   out        actorId  0x00  day(4, big-endian, biased)  eventId   -> targetId
//   in         targetId 0x00  day                         eventId   -> actorId
//   by_action  "c:" class 0x00 day eventId, and "k:" CAMEO code 0x00 day eventId -> ""
//   by_day     day eventId                                          -> ""
//   mentions   eventId 0x00 articleId 0x00 sentence(4, big-endian)  -> Mention
//   aliases    normalised alias 0x00 entityId                       -> ""
//
// Days are biased by 2^31 so that dates before 1970 still sort first.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dossier::keys {

inline void appendU32(std::string& out, uint32_t v) {
  out.push_back(static_cast<char>(v >> 24));
  out.push_back(static_cast<char>(v >> 16));
  out.push_back(static_cast<char>(v >> 8));
  out.push_back(static_cast<char>(v));
}

inline uint32_t readU32(std::string_view s, size_t pos) {
  auto b = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(s[pos + i])); };
  return b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
}

inline uint32_t biasDay(int32_t day) {
  return static_cast<uint32_t>(day) ^ 0x80000000u;
}
inline int32_t unbiasDay(uint32_t v) {
  return static_cast<int32_t>(v ^ 0x80000000u);
}

// "prefix \0" — the start of every key of one entity / class / event.
inline std::string group(std::string_view prefix) {
  std::string k(prefix);
  k.push_back('\0');
  return k;
}

inline std::string dated(std::string_view prefix, int32_t day, std::string_view eventId) {
  std::string k = group(prefix);
  appendU32(k, biasDay(day));
  k.append(eventId);
  return k;
}

inline std::string byDay(int32_t day, std::string_view eventId) {
  std::string k;
  appendU32(k, biasDay(day));
  k.append(eventId);
  return k;
}

inline std::string mention(std::string_view eventId, std::string_view articleId,
                           uint32_t sentence) {
  std::string k = group(eventId);
  k.append(articleId);
  k.push_back('\0');
  appendU32(k, sentence);
  return k;
}

inline std::string alias(std::string_view normalised, std::string_view entityId) {
  std::string k = group(normalised);
  k.append(entityId);
  return k;
}

}  // namespace dossier::keys
