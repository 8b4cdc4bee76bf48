#include "ingest/feeds/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace dossier::feeds {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string trimQuotes(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '"' || s.front() == '\''))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '"' || s.back() == '\'' || s.back() == ';'))
    s.remove_suffix(1);
  return std::string(s);
}

// The value after `key=` in `text` (quoted or not), or "".
std::string attributeValue(std::string_view text, std::string_view key) {
  const std::string low = lower(text);
  size_t at = low.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  while (at < text.size() && (text[at] == ' ' || text[at] == '=')) ++at;
  if (at >= text.size()) return "";
  char quote = text[at];
  if (quote == '"' || quote == '\'') {
    const size_t end = text.find(quote, at + 1);
    if (end == std::string_view::npos) return "";
    return std::string(text.substr(at + 1, end - at - 1));
  }
  size_t end = at;
  while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
         text[end] != '"' && text[end] != '\'' && text[end] != '>' && text[end] != ';' &&
         text[end] != '/')
    ++end;
  return std::string(text.substr(at, end - at));
}

// The encoding a document declares in its first bytes: <?xml ... encoding="X"?> or an HTML
// <meta charset="X"> / <meta http-equiv content="...; charset=X">.
std::string declaredInDocument(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 2048));
  if (head.starts_with("<?xml")) {
    const size_t end = head.find("?>");
    if (end != std::string_view::npos) return attributeValue(head.substr(0, end), "encoding");
    return "";
  }
  const std::string low = lower(head);
  const size_t meta = low.find("<meta");
  if (meta == std::string::npos) return "";
  const size_t charset = low.find("charset", meta);
  if (charset == std::string::npos) return "";
  return attributeValue(head.substr(charset), "charset");
}

bool isLatin1Family(const std::string& enc) {
  return enc == "iso-8859-1" || enc == "latin1" || enc == "latin-1" || enc == "windows-1252" ||
         enc == "cp1252" || enc == "us-ascii" || enc == "ascii";
}

bool isUtf8Name(const std::string& enc) {
  return enc.empty() || enc == "utf-8" || enc == "utf8";
}

std::expected<std::string, std::string> convert(std::string_view bytes, const std::string& from) {
  // Latin-1 labels mean Windows-1252 on the web (WHATWG Encoding); it is a superset.
  std::string source = isLatin1Family(from) && from != "us-ascii" && from != "ascii"
                           ? std::string("WINDOWS-1252")
                           : from;
  if (from == "us-ascii" || from == "ascii") source = "WINDOWS-1252";
  iconv_t cd = iconv_open("UTF-8", source.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    return std::unexpected("unknown encoding '" + from + "'");
  std::string out;
  out.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  size_t inLeft = bytes.size();
  size_t used = 0;
  while (inLeft > 0) {
    char* dst = out.data() + used;
    size_t dstLeft = out.size() - used;
    const size_t r = iconv(cd, &in, &inLeft, &dst, &dstLeft);
    used = out.size() - dstLeft;
    if (r != static_cast<size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    iconv_close(cd);
    return std::unexpected("bytes at offset " + std::to_string(bytes.size() - inLeft) +
                           " are not valid " + from);
  }
  iconv_close(cd);
  out.resize(used);
  return out;
}

bool hasNonAscii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return (c & 0x80) != 0; });
}

}  // namespace

std::string charsetOfContentType(std::string_view contentType) {
  return trimQuotes(attributeValue(contentType, "charset"));
}

bool isValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    if (c < 0x80)
      n = 0;
    else if (c >= 0xc2 && c <= 0xdf)
      n = 1;
    else if ((c & 0xf0) == 0xe0)
      n = 2;
    else if (c >= 0xf0 && c <= 0xf4)
      n = 3;
    else
      return false;
    if (i + n >= s.size() && n > 0) return false;
    for (size_t k = 1; k <= n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    i += n + 1;
  }
  return true;
}

std::expected<std::string, std::string> toUtf8(std::string_view bytes, std::string_view declared) {
  if (bytes.starts_with("\xEF\xBB\xBF"))
    bytes.remove_prefix(3);
  else if (bytes.starts_with("\xFF\xFE"))
    return convert(bytes.substr(2), "UTF-16LE");
  else if (bytes.starts_with("\xFE\xFF"))
    return convert(bytes.substr(2), "UTF-16BE");

  std::string enc = lower(trimQuotes(declaredInDocument(bytes)));
  if (enc.empty()) enc = lower(trimQuotes(declared));
  if (isUtf8Name(enc) || enc == "utf-16" /* declared without BOM: already 8-bit */) {
    if (isValidUtf8(bytes)) return std::string(bytes);
    // Declared (or assumed) UTF-8 but it is not: Windows-1252 is what such feeds are.
    auto fallback = convert(bytes, "windows-1252");
    if (fallback) return fallback;
    return std::unexpected(std::string("the text is not valid UTF-8"));
  }
  if (isLatin1Family(enc) && hasNonAscii(bytes) && isValidUtf8(bytes)) return std::string(bytes);
  auto converted = convert(bytes, enc);
  if (!converted) return std::unexpected("declared encoding " + converted.error());
  return converted;
}

}  // namespace dossier::feeds
