#include "query/rows.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace dossier {
namespace {

// Display width in code points (close enough for names; no East Asian width rules).
size_t width(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

}  // namespace

void writeRows(Format format, std::ostream& out, const std::vector<Column>& columns,
               const std::vector<std::vector<std::string>>& rows, const std::string& what) {
  switch (format) {
    case Format::jsonl:
      for (const auto& row : rows) {
        nlohmann::ordered_json j;
        for (size_t i = 0; i < columns.size(); ++i) {
          const std::string& cell = i < row.size() ? row[i] : std::string();
          if (columns[i].numeric && !cell.empty())
            j[columns[i].name] = nlohmann::json::parse(cell);
          else if (cell.empty())
            j[columns[i].name] = nullptr;
          else
            j[columns[i].name] = cell;
        }
        out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      }
      return;
    case Format::csv:
      for (size_t i = 0; i < columns.size(); ++i)
        out << (i ? "," : "") << csvField(columns[i].name);
      out << "\r\n";
      for (const auto& row : rows) {
        for (size_t i = 0; i < columns.size(); ++i)
          out << (i ? "," : "") << csvField(i < row.size() ? row[i] : std::string());
        out << "\r\n";
      }
      return;
    case Format::table: {
      std::vector<size_t> widths;
      for (const auto& c : columns) widths.push_back(width(c.name));
      for (const auto& row : rows)
        for (size_t i = 0; i < columns.size() && i < row.size(); ++i)
          widths[i] = std::max(widths[i], std::min<size_t>(width(row[i]), 60));
      auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (size_t i = 0; i < columns.size(); ++i) {
          std::string cell = i < cells.size() ? cells[i] : std::string();
          const size_t w = width(cell);
          const size_t pad = widths[i] > w ? widths[i] - w : 0;
          if (columns[i].numeric)
            text += std::string(pad, ' ') + cell;
          else
            text += cell + std::string(i + 1 < columns.size() ? pad : 0, ' ');
          if (i + 1 < columns.size()) text += "  ";
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out << text << '\n';
      };
      std::vector<std::string> header;
      for (const auto& c : columns) header.push_back(c.name);
      if (rows.empty()) {
        out << "no " << what << '\n';
        return;
      }
      line(header);
      for (const auto& row : rows) line(row);
      out << rows.size() << ' ' << what << '\n';
      return;
    }
  }
}

}  // namespace dossier
