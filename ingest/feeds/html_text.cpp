#include "ingest/feeds/html_text.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

namespace dossier::feeds {
namespace {

struct GumboDeleter {
  void operator()(GumboOutput* o) const { gumbo_destroy_output(&kGumboDefaultOptions, o); }
};
using ParsedHtml = std::unique_ptr<GumboOutput, GumboDeleter>;

ParsedHtml parse(std::string_view html) {
  return ParsedHtml(gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()));
}

bool isDropped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_HEAD:
      return true;
    default:
      return false;
  }
}

// Page furniture: left out of the main text.
bool isBoilerplate(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

bool isBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
      return true;
    default:
      return false;
  }
}

// Appends the text below `node`; blocks end with "\n\n" (collapsed later).
void appendText(const GumboNode* node, bool skipBoilerplate, std::string& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
      node->type == GUMBO_NODE_WHITESPACE) {
    out += node->v.text.text;
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE &&
      node->type != GUMBO_NODE_DOCUMENT)
    return;
  const GumboVector* children = nullptr;
  if (node->type == GUMBO_NODE_DOCUMENT) {
    children = &node->v.document.children;
  } else {
    const GumboTag tag = node->v.element.tag;
    if (isDropped(tag) || (skipBoilerplate && isBoilerplate(tag))) return;
    children = &node->v.element.children;
    if (isBlock(tag)) out += "\n\n";
  }
  for (unsigned i = 0; i < children->length; ++i)
    appendText(static_cast<const GumboNode*>(children->data[i]), skipBoilerplate, out);
  if (node->type == GUMBO_NODE_ELEMENT && isBlock(node->v.element.tag)) out += "\n\n";
}

// Whitespace runs become one space; runs holding a blank line become one paragraph break.
std::string tidy(std::string_view raw) {
  std::string out;
  size_t newlines = 0;
  bool space = false;
  for (char ch : raw) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      ++newlines;
      space = true;
    } else if (std::isspace(c)) {
      space = true;
    } else {
      if (space && !out.empty()) out += newlines >= 2 ? "\n\n" : " ";
      space = false;
      newlines = 0;
      out.push_back(ch);
    }
  }
  return out;
}

// The outermost elements with `tag` below `node`, outside boilerplate, in document order.
void findAll(const GumboNode* node, GumboTag tag, std::vector<const GumboNode*>& found) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
  if (node->type == GUMBO_NODE_ELEMENT) {
    if (node->v.element.tag == tag) {
      found.push_back(node);
      return;
    }
    if (isDropped(node->v.element.tag) || isBoilerplate(node->v.element.tag)) return;
  }
  const GumboVector& children =
      node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    findAll(static_cast<const GumboNode*>(children.data[i]), tag, found);
}

// Of the outermost `tag` elements, the one with the most text (a page may list teasers of
// other stories as <article>s beside its own); "" when there is none.
std::string longestText(const GumboNode* root, GumboTag tag) {
  std::vector<const GumboNode*> nodes;
  findAll(root, tag, nodes);
  std::string best;
  for (const GumboNode* n : nodes) {
    std::string raw;
    appendText(n, true, raw);
    std::string text = tidy(raw);
    if (text.size() > best.size()) best = std::move(text);
  }
  return best;
}

// Length of the text of the <p> children of `node`.
size_t paragraphText(const GumboNode* node) {
  size_t total = 0;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_P) {
      std::string text;
      appendText(child, true, text);
      total += tidy(text).size();
    }
  }
  return total;
}

// The element whose own paragraphs hold the most text, outside boilerplate.
void bestContainer(const GumboNode* node, const GumboNode*& best, size_t& bestScore) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboTag tag = node->v.element.tag;
  if (isDropped(tag) || isBoilerplate(tag)) return;
  const size_t score = paragraphText(node);
  if (score > bestScore) {
    best = node;
    bestScore = score;
  }
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    bestContainer(static_cast<const GumboNode*>(children.data[i]), best, bestScore);
}

}  // namespace

std::string htmlFragmentText(std::string_view html) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos)
    return tidy(html);
  auto parsed = parse(html);
  std::string raw;
  appendText(parsed->root, false, raw);
  return tidy(raw);
}

std::string mainArticleText(std::string_view html) {
  auto parsed = parse(html);
  const GumboNode* root = parsed->root;
  if (std::string text = longestText(root, GUMBO_TAG_ARTICLE); !text.empty()) return text;
  if (std::string text = longestText(root, GUMBO_TAG_MAIN); !text.empty()) return text;
  const GumboNode* main = nullptr;
  size_t score = 0;
  bestContainer(root, main, score);
  if (main == nullptr) return "";
  std::string raw;
  appendText(main, true, raw);
  return tidy(raw);
}

}  // namespace dossier::feeds
