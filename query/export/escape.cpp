#include "query/export/escape.h"

#include <cstdint>

namespace dossier::exporting {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Calls `emit(codePoint, bytes)` for each code point of `text`; an invalid or truncated sequence
// (overlong forms, surrogates, beyond U+10FFFF) yields one U+FFFD for its first byte.
template <typename Emit>
void forEachCodePoint(std::string_view text, Emit&& emit) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      emit(char32_t(c), text.substr(i, 1));
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t cp = 0, min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    }
    bool ok = len != 0 && i + len <= text.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (!ok) {
      emit(kReplacement, std::string_view("\xEF\xBF\xBD"));
      ++i;
      continue;
    }
    emit(cp, text.substr(i, len));
    i += len;
  }
}

void appendHex4(std::string& out, unsigned v) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(v >> shift) & 0xF];
}

}  // namespace

void appendXml(std::string& out, std::string_view text) {
  forEachCodePoint(text, [&](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&':
        out += "&amp;";
        return;
      case '<':
        out += "&lt;";
        return;
      case '>':
        out += "&gt;";
        return;
      case '"':
        out += "&quot;";
        return;
      case '\'':
        out += "&apos;";
        return;
      case '\t':
        out += "&#9;";
        return;  // kept through attribute-value normalisation
      case '\n':
        out += "&#10;";
        return;
      case '\r':
        out += "&#13;";
        return;
      default:
        break;
    }
    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) return;  // not allowed in XML 1.0
    out += bytes;
  });
}

void appendJson(std::string& out, std::string_view text, bool forScript) {
  out += '"';
  forEachCodePoint(text, [&](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case '"':
        out += "\\\"";
        return;
      case '\\':
        out += "\\\\";
        return;
      case '\n':
        out += "\\n";
        return;
      case '\r':
        out += "\\r";
        return;
      case '\t':
        out += "\\t";
        return;
      default:
        break;
    }
    if (cp < 0x20 || (forScript && (cp == '<' || cp == '>' || cp == '&' || cp == '\'' ||
                                    cp == 0x2028 || cp == 0x2029))) {
      appendHex4(out, static_cast<unsigned>(cp));
      return;
    }
    out += bytes;
  });
  out += '"';
}

void appendDot(std::string& out, std::string_view text) {
  out += '"';
  forEachCodePoint(text, [&](char32_t cp, std::string_view bytes) {
    switch (cp) {
      case '"':
        out += "\\\"";
        return;
      case '\\':
        out += "\\\\";
        return;
      case '\n':
        out += "\\n";
        return;
      default:
        break;
    }
    if (cp < 0x20 || cp == 0x7F) {
      if (cp == '\t') out += ' ';
      return;
    }
    out += bytes;
  });
  out += '"';
}

void appendCsv(std::string& out, std::string_view text) {
  out += '"';
  forEachCodePoint(text, [&](char32_t cp, std::string_view bytes) {
    if (cp == '"') {
      out += "\"\"";
    } else if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) {
      out += ' ';
    } else {
      out += bytes;
    }
  });
  out += '"';
}

}  // namespace dossier::exporting
