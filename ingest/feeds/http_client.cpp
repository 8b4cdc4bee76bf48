#include "ingest/feeds/http_client.h"

#include "ingest/feeds/curl_library.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>
#include <thread>

namespace dossier::feeds {
namespace {

struct EasyDeleter {
  void operator()(CURL* c) const { curl().easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl().slist_free_all(l); }
};

struct Transfer {
  HttpResponse* response = nullptr;
  size_t maxBytes = 0;
  bool tooLarge = false;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t->response->body.size() + n > t->maxBytes) {
    t->tooLarge = true;
    return 0;  // aborts the transfer
  }
  t->response->body.append(data, n);
  return n;
}

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {  // a new response (after a redirect): forget the old headers
    t->response->etag.clear();
    t->response->lastModified.clear();
    t->response->contentType.clear();
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string value = trim(line.substr(colon + 1));
  if (name == "etag")
    t->response->etag = value;
  else if (name == "last-modified")
    t->response->lastModified = value;
  else if (name == "content-type")
    t->response->contentType = value;
  return n;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel->load() ? 1 : 0;  // non-zero aborts the transfer
}

class CurlClient final : public HttpClient {
 public:
  explicit CurlClient(const HttpOptions& options) : options_(options) {}

  std::expected<HttpResponse, std::string> get(const HttpRequest& request) override {
    std::expected<HttpResponse, std::string> result;
    for (int attempt = 1;; ++attempt) {
      bool retryable = false;
      result = once(request, retryable);
      if (result) result->attempts = attempt;
      if (!retryable || attempt > options_.retries || cancelled()) return result;
      const auto until = std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(options_.backoffMs << std::min(attempt - 1, 10));
      while (!cancelled() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(
            std::min<long>(50, options_.backoffMs > 0 ? options_.backoffMs : 1)));
      if (cancelled()) return std::unexpected(std::string("cancelled"));
    }
  }

 private:
  // The calling thread's handle: reusing it keeps connections alive between requests.
  static CURL* handle() {
    thread_local std::unique_ptr<CURL, EasyDeleter> easy(curl().easy_init());
    curl().easy_reset(easy.get());
    return easy.get();
  }

  bool cancelled() const { return options_.cancel != nullptr && options_.cancel->load(); }

  std::expected<HttpResponse, std::string> once(const HttpRequest& request, bool& retryable) {
    CURL* c = handle();
    HttpResponse response;
    const size_t maxBytes =
        request.maxBytes > 0 ? std::min(request.maxBytes, options_.maxBytes) : options_.maxBytes;
    Transfer t{&response, maxBytes, false};
    std::unique_ptr<curl_slist, ListDeleter> headers;
    auto addHeader = [&](const std::string& h) {
      headers.reset(curl().slist_append(headers.release(), h.c_str()));
    };
    if (!request.etag.empty()) addHeader("If-None-Match: " + request.etag);
    if (!request.lastModified.empty()) addHeader("If-Modified-Since: " + request.lastModified);
    if (!request.accept.empty()) addHeader("Accept: " + request.accept);
    curl().easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl().easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl().easy_setopt(c, CURLOPT_USERAGENT, options_.userAgent.c_str());
    curl().easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip, deflate (and what curl has)
    curl().easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl().easy_setopt(c, CURLOPT_MAXREDIRS, options_.maxRedirects);
    curl().easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl().easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl().easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connectTimeoutMs);
    curl().easy_setopt(c, CURLOPT_TIMEOUT_MS, options_.timeoutMs);
    curl().easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl().easy_setopt(c, CURLOPT_WRITEFUNCTION, onBody);
    curl().easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl().easy_setopt(c, CURLOPT_HEADERFUNCTION, onHeader);
    curl().easy_setopt(c, CURLOPT_HEADERDATA, &t);
    curl().easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE,
                       static_cast<curl_off_t>(maxBytes));  // by Content-Length
    if (options_.cancel != nullptr) {
      curl().easy_setopt(c, CURLOPT_XFERINFOFUNCTION, onProgress);
      curl().easy_setopt(c, CURLOPT_XFERINFODATA, options_.cancel);
      curl().easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    }
    const CURLcode code = curl().easy_perform(c);
    if (code == CURLE_ABORTED_BY_CALLBACK) return std::unexpected(std::string("cancelled"));
    if (t.tooLarge || code == CURLE_FILESIZE_EXCEEDED)
      return std::unexpected(fmt::format("response larger than {} bytes", maxBytes));
    if (code == CURLE_OPERATION_TIMEDOUT) {
      retryable = true;
      return std::unexpected(fmt::format("timed out after {} ms", options_.timeoutMs));
    }
    if (code == CURLE_TOO_MANY_REDIRECTS)
      return std::unexpected(fmt::format("more than {} redirects", options_.maxRedirects));
    if (code == CURLE_COULDNT_CONNECT) retryable = true;
    if (code != CURLE_OK) return std::unexpected(fmt::format("{}", curl().easy_strerror(code)));
    curl().easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
    char* effective = nullptr;
    curl().easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != nullptr) response.effectiveUrl = effective;
    if (response.status >= 500) retryable = true;
    return response;
  }

  HttpOptions options_;
};

}  // namespace

std::unique_ptr<HttpClient> makeCurlClient(const HttpOptions& options) {
  curl();  // loads libcurl now: a missing library is reported before any feed is polled
  return std::make_unique<CurlClient>(options);
}

}  // namespace dossier::feeds
