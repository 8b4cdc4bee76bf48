// Private to query/export: members of JSON objects for the JSON formats (Cytoscape.js,
// graphology, the HTML viewer's data). `forScript` escapes for inclusion in an HTML <script>.
#pragma once

#include <string>
#include <string_view>

#include "query/export/escape.h"

namespace dossier::exporting {

// Appends `,"key":"value"` (without the comma when `first`); nothing when `value` is empty and
// `skipEmpty`.
inline void appendStringMember(std::string& o, std::string_view key, std::string_view value,
                               bool forScript = false, bool skipEmpty = true, bool first = false) {
  if (skipEmpty && value.empty()) return;
  if (!first) o += ',';
  appendJson(o, key, forScript);
  o += ':';
  appendJson(o, value, forScript);
}

// Appends `,"key":number` where `number` is already JSON text.
inline void appendNumberMember(std::string& o, std::string_view key, std::string_view number) {
  o += ",\"";
  o += key;
  o += "\":";
  o += number;
}

}  // namespace dossier::exporting
