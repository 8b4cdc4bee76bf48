#include "ingest/feeds/curl_library.h"

#include <dlfcn.h>

#include <fmt/format.h>
#include <string>
#include <type_traits>

#include "schema/error.h"

namespace dossier::feeds {
namespace {

constexpr const char* kLibrary = "libcurl.so.4";  // the SONAME of libcurl 7 and 8

CurlLibrary load() {
  void* handle = dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr)
    throw Error(fmt::format("cannot load {} (install libcurl4): {}", kLibrary, dlerror()));
  auto resolve = [&](auto& function, const char* name) {
    void* symbol = dlsym(handle, name);
    if (symbol == nullptr) throw Error(fmt::format("{} has no {}", kLibrary, name));
    function = reinterpret_cast<std::remove_reference_t<decltype(function)>>(symbol);
  };
  CurlLibrary c{};
  resolve(c.global_init, "curl_global_init");
  resolve(c.easy_init, "curl_easy_init");
  resolve(c.easy_reset, "curl_easy_reset");
  resolve(c.easy_cleanup, "curl_easy_cleanup");
  resolve(c.easy_setopt, "curl_easy_setopt");
  resolve(c.easy_perform, "curl_easy_perform");
  resolve(c.easy_getinfo, "curl_easy_getinfo");
  resolve(c.easy_strerror, "curl_easy_strerror");
  resolve(c.slist_append, "curl_slist_append");
  resolve(c.slist_free_all, "curl_slist_free_all");
  resolve(c.url, "curl_url");
  resolve(c.url_cleanup, "curl_url_cleanup");
  resolve(c.url_set, "curl_url_set");
  resolve(c.url_get, "curl_url_get");
  resolve(c.free, "curl_free");
  c.global_init(CURL_GLOBAL_DEFAULT);
  return c;  // the library stays loaded: its functions are used until the process exits
}

}  // namespace

const CurlLibrary& curl() {
  static const CurlLibrary library = load();  // thread-safe; a failed load is retried next call
  return library;
}

}  // namespace dossier::feeds
