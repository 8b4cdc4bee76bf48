// HTTP GET for feeds and article pages, behind an interface so that polling can be tested
// with a fake. The libcurl implementation bounds every request in time and memory.
#pragma once

#include <atomic>
#include <cstddef>
#include <expected>
#include <memory>
#include <string>

namespace dossier::feeds {

struct HttpOptions {
  long connectTimeoutMs = 10'000;
  long timeoutMs = 30'000;     // whole request, redirects and body included
  size_t maxBytes = 8u << 20;  // decoded body; larger responses are refused
  long maxRedirects = 5;
  int retries = 2;       // extra attempts after a timeout or a 5xx
  long backoffMs = 500;  // before retry n: backoffMs * 2^(n-1)
  std::string userAgent = "dossier/0.1 (security news knowledge graph; feed poller)";
  // When set and true, requests in flight end within about a second with the error
  // "cancelled", and no retry starts: for a clean stop on SIGTERM.
  const std::atomic<bool>* cancel = nullptr;
};

struct HttpRequest {
  std::string url;
  std::string etag;          // sent as If-None-Match when set
  std::string lastModified;  // sent as If-Modified-Since when set
  std::string accept;        // Accept header; empty for */*
  size_t maxBytes = 0;       // a lower size limit for this request; 0: the client's
};

struct HttpResponse {
  long status = 0;   // 200, 304, 404, ...
  std::string body;  // decoded (gzip/deflate) body
  std::string contentType, etag, lastModified;
  std::string effectiveUrl;  // after redirects
  int attempts = 1;
};

// Thread safety: get() may be called from several threads at once.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Any HTTP status is a response (after retries for 5xx); the error is a transport failure,
  // one line: "timed out after 1000 ms", "more than 5 redirects", "response larger than N
  // bytes", "connection refused: ...".
  virtual std::expected<HttpResponse, std::string> get(const HttpRequest& request) = 0;
};

// libcurl with gzip/deflate, bounded redirects, timeouts, a size limit on the decoded body,
// and retries with exponential backoff on timeouts, connection failures and 5xx.
std::unique_ptr<HttpClient> makeCurlClient(const HttpOptions& options);

}  // namespace dossier::feeds
