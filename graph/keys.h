// Key encodings of the store's column families. Private to graph/ and its tests.
//
//   out        actorId  0x00  day(4, big-endian, biased)  eventId   -> edge value
//   in         targetId 0x00  day                         eventId   -> edge value
//   pairs      actorId 0x00 targetId 0x00 day eventId               -> edge value
//   out_class  actorId 0x00 class 0x00 day eventId                  -> edge value
//   by_action  "c:" class 0x00 day eventId, and "k:" CAMEO code 0x00 day eventId -> edge value
//   by_day     day eventId                                          -> ""
//
// An edge value carries what traversals and filters need without decoding the event record:
//   actorId 0x00 targetId 0x00 class 0x00 code 0x00 label 0x00 mentionCount(4, big-endian)
// Stores written before it existed hold only the other end's id in out/in and "" in by_action;
// decodeEdgeValue() reports those as legacy and the reader falls back to the event record.
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

inline std::string pair(std::string_view actorId, std::string_view targetId) {
  std::string k = group(actorId);
  k.append(targetId);
  k.push_back('\0');
  return k;
}

inline std::string edgeValue(std::string_view actorId, std::string_view targetId,
                             std::string_view cls, std::string_view code, std::string_view label,
                             uint32_t mentions) {
  std::string v;
  v.reserve(actorId.size() + targetId.size() + cls.size() + code.size() + label.size() + 9);
  for (auto part : {actorId, targetId, cls, code, label}) {
    v.append(part);
    v.push_back('\0');
  }
  appendU32(v, mentions);
  return v;
}

struct EdgeFields {
  std::string_view actorId, targetId, cls, code, label;
  uint32_t mentions = 0;
};

// False for a legacy value (see above); `out` then holds nothing useful.
inline bool decodeEdgeValue(std::string_view v, EdgeFields& out) {
  std::string_view* parts[] = {&out.actorId, &out.targetId, &out.cls, &out.code, &out.label};
  size_t pos = 0;
  for (auto* part : parts) {
    const size_t end = v.find('\0', pos);
    if (end == std::string_view::npos) return false;
    *part = v.substr(pos, end - pos);
    pos = end + 1;
  }
  if (v.size() != pos + 4) return false;
  out.mentions = readU32(v, pos);
  return true;
}

}  // namespace dossier::keys
