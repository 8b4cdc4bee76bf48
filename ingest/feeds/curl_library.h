// libcurl, loaded the first time a feed is fetched or a URL resolved rather than when the
// program starts: it brings some thirty shared libraries (TLS, Kerberos, LDAP, ...) whose
// loading cost every dossier process ~20 ms and ~450 page faults, queries included.
// Private to ingest/feeds.
#pragma once

// Plain function declarations (not the type-checking macros), so that their addresses can be
// taken.
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

namespace dossier::feeds {

// The libcurl functions dossier calls, resolved from the loaded library.
struct CurlLibrary {
  decltype(&::curl_global_init) global_init;
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_reset) easy_reset;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_perform) easy_perform;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
  decltype(&::curl_url) url;
  decltype(&::curl_url_cleanup) url_cleanup;
  decltype(&::curl_url_set) url_set;
  decltype(&::curl_url_get) url_get;
  decltype(&::curl_free) free;
};

// Loads libcurl (once, thread-safe, then curl_global_init) and returns its functions, valid for
// the rest of the process. Throws dossier::Error naming the library when it cannot be loaded.
const CurlLibrary& curl();

}  // namespace dossier::feeds
