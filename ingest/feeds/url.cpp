#include "ingest/feeds/url.h"

#include "ingest/feeds/curl_library.h"

#include <algorithm>
#include <cctype>
#include <memory>

namespace dossier::feeds {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl().url_cleanup(u); }
};
struct TextDeleter {
  void operator()(char* s) const { curl().free(s); }
};

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::string resolveUrl(std::string_view base, std::string_view ref) {
  const std::string r = trimmed(ref);
  if (r.empty()) return "";
  std::unique_ptr<CURLU, UrlDeleter> u(curl().url());
  const std::string b = trimmed(base);
  if (!b.empty() && curl().url_set(u.get(), CURLUPART_URL, b.c_str(), 0) != CURLUE_OK) {
    u.reset(curl().url());
  }
  if (curl().url_set(u.get(), CURLUPART_URL, r.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return "";
  char* out = nullptr;
  if (curl().url_get(u.get(), CURLUPART_URL, &out, 0) != CURLUE_OK) return "";
  std::unique_ptr<char, TextDeleter> owned(out);
  return std::string(out);
}

std::string hostOf(std::string_view url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl().url());
  const std::string s(url);
  if (curl().url_set(u.get(), CURLUPART_URL, s.c_str(), 0) != CURLUE_OK) return "";
  char* host = nullptr;
  if (curl().url_get(u.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return "";
  std::unique_ptr<char, TextDeleter> owned(host);
  std::string out(host);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace dossier::feeds
