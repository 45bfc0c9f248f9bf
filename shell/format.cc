#include "shell/format.h"

#include <algorithm>
#include <charconv>

namespace kg::shell {
namespace {

std::string EscapeTsv(std::string_view cell) {
  std::string escaped;
  escaped.reserve(cell.size());
  for (char c : cell) {
    switch (c) {
      case '\t': escaped += "\\t"; break;
      case '\n': escaped += "\\n"; break;
      case '\r': escaped += "\\r"; break;
      case '\\': escaped += "\\\\"; break;
      default: escaped += c;
    }
  }
  return escaped;
}

// A numeric column's cell as a JSON number when it is one; otherwise the
// text (e.g. "-" for a missing weight).
nlohmann::ordered_json NumericCell(const std::string& cell) {
  int64_t integer = 0;
  const char* end = cell.data() + cell.size();
  auto [ptr, ec] = std::from_chars(cell.data(), end, integer);
  if (ec == std::errc() && ptr == end) return integer;
  double real = 0;
  auto [rptr, rec] = std::from_chars(cell.data(), end, real);
  if (rec == std::errc() && rptr == end) return real;
  return cell;
}

void WriteTsv(const Report& report, std::ostream& out) {
  bool first = true;
  for (const Table& table : report.tables) {
    if (!first) out << '\n';
    first = false;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      out << (c ? "\t" : "") << EscapeTsv(table.columns[c].name);
    }
    out << '\n';
    for (const auto& row : table.rows) {
      for (size_t c = 0; c < row.size(); ++c) out << (c ? "\t" : "") << EscapeTsv(row[c]);
      out << '\n';
    }
  }
}

void WriteJson(const Report& report, std::ostream& out) {
  nlohmann::ordered_json doc = report.fields;
  for (const Table& table : report.tables) {
    if (!table.in_json) continue;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : table.rows) {
      nlohmann::ordered_json object = nlohmann::ordered_json::object();
      for (size_t c = 0; c < table.columns.size() && c < row.size(); ++c) {
        object[table.columns[c].name] =
            table.columns[c].numeric ? NumericCell(row[c]) : nlohmann::ordered_json(row[c]);
      }
      rows.push_back(std::move(object));
    }
    doc[table.key] = std::move(rows);
  }
  // Invalid UTF-8 from a damaged article must not throw out of the shell.
  out << doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

void WriteText(const Report& report, std::ostream& out) {
  if (!report.heading.empty()) out << report.heading << '\n';
  for (const Table& table : report.tables) {
    if (!table.title.empty()) out << table.title << ":\n";
    if (table.rows.empty()) {
      out << "  (none)\n";
      continue;
    }
    WriteAlignedTable(table, out);
  }
  for (const std::string& note : report.notes) out << note << '\n';
}

}  // namespace

void WriteReport(const Report& report, OutputFormat format, std::ostream& out) {
  switch (format) {
    case OutputFormat::kTable: WriteText(report, out); break;
    case OutputFormat::kTsv: WriteTsv(report, out); break;
    case OutputFormat::kJson: WriteJson(report, out); break;
  }
}

Result<OutputFormat> ParseOutputFormat(std::string_view name) {
  if (name == "table") return OutputFormat::kTable;
  if (name == "tsv") return OutputFormat::kTsv;
  if (name == "json") return OutputFormat::kJson;
  return Status::InvalidArgument("unknown format \"" + std::string(name) +
                                 "\"; choose table, tsv or json");
}

std::string_view OutputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::kTable: return "table";
    case OutputFormat::kTsv: return "tsv";
    case OutputFormat::kJson: return "json";
  }
  return "table";
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++width;  // count lead bytes only
  }
  return width;
}

void WriteAlignedTable(const Table& table, std::ostream& out) {
  const size_t n = table.columns.size();
  std::vector<size_t> widths(n, 0);
  for (size_t c = 0; c < n; ++c) widths[c] = DisplayWidth(table.columns[c].name);
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < n && c < row.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto write_row = [&](auto cell_at) {
    std::string line = "  ";
    for (size_t c = 0; c < n; ++c) {
      const std::string& cell = cell_at(c);
      const size_t pad = widths[c] - std::min(widths[c], DisplayWidth(cell));
      const bool last = c + 1 == n;
      if (table.columns[c].numeric) {
        line.append(pad, ' ');
        line += cell;
      } else {
        line += cell;
        if (!last) line.append(pad, ' ');
      }
      if (!last) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  };
  static const std::string kEmpty;
  write_row([&](size_t c) -> const std::string& { return table.columns[c].name; });
  for (const auto& row : table.rows) {
    write_row([&](size_t c) -> const std::string& { return c < row.size() ? row[c] : kEmpty; });
  }
}

std::string FormatPath(const std::string& start, const std::vector<PathHop>& hops) {
  std::string text = start;
  for (const PathHop& hop : hops) {
    const std::string label = (hop.negative ? "not " : "") + hop.relation;
    text += hop.reversed ? " <-[" + label + "]- " : " -[" + label + "]-> ";
    text += hop.to;
  }
  return text;
}

}  // namespace kg::shell
