// Conversion of fetched documents to UTF-8, whatever encoding they declare or carry.
// Pure functions; thread-safe (iconv descriptors are opened per call).
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace dossier::feeds {

// The charset parameter of a Content-Type header ("text/xml; charset=ISO-8859-1" ->
// "ISO-8859-1"), or "" when there is none.
std::string charsetOfContentType(std::string_view contentType);

// Converts `bytes` to UTF-8. The encoding is, in order: a byte-order mark, the declaration in
// the document (<?xml encoding="..."?> or <meta charset>), `declared` (from HTTP), else UTF-8.
// A document declared as Latin-1/Windows-1252 whose bytes are valid UTF-8 with non-ASCII
// characters is taken as UTF-8 (a common server misconfiguration). Returns the UTF-8 text
// without BOM, or an error naming the encoding when it is unknown or the bytes do not fit it.
std::expected<std::string, std::string> toUtf8(std::string_view bytes, std::string_view declared);

// True when `s` is valid UTF-8.
bool isValidUtf8(std::string_view s);

}  // namespace dossier::feeds
