// URL helpers for feeds: resolving relative links, and the host a request goes to.
// Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dossier::feeds {

// `ref` resolved against `base` (RFC 3986); `ref` unchanged when it is absolute, and "" when
// it cannot be resolved (no base and not absolute, or not a URL at all).
std::string resolveUrl(std::string_view base, std::string_view ref);

// The lower-cased host of an absolute URL ("" when none): the unit of per-host limits.
std::string hostOf(std::string_view url);

}  // namespace dossier::feeds
