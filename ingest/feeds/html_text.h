// Plain text from HTML: feed summaries and the main text of linked article pages.
// Pure functions over UTF-8 input (see charset.h); thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace dossier::feeds {

// The text of an HTML fragment (a feed's description or content): tags dropped, entities
// decoded, block elements and <br> as line breaks, scripts and styles removed. Plain text
// passes through with only its whitespace tidied.
std::string htmlFragmentText(std::string_view html);

// The main article text of a whole page: scripts, styles, navigation, headers, footers, asides,
// forms and comments removed; then the <article> (else <main>) element with the most text,
// else the element whose own paragraphs hold the most text. Paragraphs are separated by blank
// lines.
// Empty when the page holds no paragraph text.
std::string mainArticleText(std::string_view html);

}  // namespace dossier::feeds
