// Escaping of text for the export formats. Every function appends `text` to `out` in a form that
// the format reads back as the same characters and never as markup or syntax:
//  - invalid UTF-8 becomes U+FFFD, so every output is valid UTF-8;
//  - XML: & < > " ' as entities; characters XML 1.0 forbids (controls other than tab, newline
//    and carriage return; U+FFFE, U+FFFF) are dropped;
//  - JSON: RFC 8259 string escapes; with `forScript` also < > & U+2028 U+2029 as \uXXXX, so a
//    JSON text inside an HTML <script> element can never close it ("</script>") or start markup;
//  - DOT: the inside of a double-quoted ID: " and \ escaped, line breaks as \n, controls dropped;
//  - CSV: always quoted ("" for a quote); line breaks and controls become spaces, so each record
//    is one line (neo4j-admin import reads single-line fields by default).
// Pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace dossier::exporting {

void appendXml(std::string& out, std::string_view text);
void appendJson(std::string& out, std::string_view text, bool forScript = false);  // with quotes
void appendDot(std::string& out, std::string_view text);                           // with quotes
void appendCsv(std::string& out, std::string_view text);                           // with quotes

}  // namespace dossier::exporting
