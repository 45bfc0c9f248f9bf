// Output formatting for shell commands: one Report, three renderings.
//
// A command builds a Report (a heading, structured fields and named tables)
// and never writes to the stream itself, so that `set format` changes every
// command alike:
//   table  aligned columns for people, with section titles and "(none)";
//   tsv    a header row and tab-separated rows per table, blank line between
//          tables; tabs, newlines and backslashes in cells are escaped;
//   json   one object per command: the fields, then each table as an array
//          of objects under its key (numeric columns as numbers).
// Nothing here emits colours or terminal control sequences.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "graph/status.h"

namespace kg::shell {

enum class OutputFormat { kTable, kTsv, kJson };

// "table", "tsv" or "json"; anything else is InvalidArgument listing them.
Result<OutputFormat> ParseOutputFormat(std::string_view name);
std::string_view OutputFormatName(OutputFormat format);

struct Column {
  std::string name;
  bool numeric = false;  // right-aligned; a JSON number when it parses as one
};

struct Table {
  Table(std::string key_in, std::vector<Column> columns_in, std::string title_in = "")
      : key(std::move(key_in)), title(std::move(title_in)), columns(std::move(columns_in)) {}

  std::string key;     // JSON key, e.g. "asserted"
  std::string title;   // shown above the table in table mode; may be empty
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // each as wide as `columns`
  bool in_json = true;  // false when `fields` already carry the same data
};

struct Report {
  std::string heading;        // first line in table mode; may be empty
  nlohmann::ordered_json fields = nlohmann::ordered_json::object();  // JSON only, in order
  std::vector<Table> tables;
  std::vector<std::string> notes;  // trailing lines in table mode only
};

// Writes `report` to `out` in `format`.
void WriteReport(const Report& report, OutputFormat format, std::ostream& out);

// Writes `table` as aligned columns (two spaces apart, the last column not
// padded); widths count code points, not bytes.
void WriteAlignedTable(const Table& table, std::ostream& out);

// The number of code points in UTF-8 `text`.
size_t DisplayWidth(std::string_view text);

// One path hop list as "A -[supports]-> B -[opposes]-> C"; a reversed hop
// (walked against the edge direction) shows as "B <-[supports]- A".
struct PathHop {
  std::string from;
  std::string relation;
  std::string to;
  bool reversed = false;  // the stored edge runs to -> from
  bool negative = false;  // the stored edge is a denial
};
std::string FormatPath(const std::string& start, const std::vector<PathHop>& hops);

}  // namespace kg::shell
