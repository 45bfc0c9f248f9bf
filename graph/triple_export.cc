#include "graph/triple_export.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "graph/curation.h"

namespace kg::graph {
namespace {

struct ExportRow {
  std::string subject;
  std::string relation;
  std::string object;
  bool negative = false;
  uint32_t articles = 0;
  uint32_t statements = 0;
  std::string modality;

  auto SortKey() const { return std::tie(subject, relation, object, negative); }
};

// TSV has no quoting, so a tab or line break inside a name would split the
// record; a space keeps the name readable and the line intact.
std::string TsvField(std::string_view text) {
  std::string out(text);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; },
                  ' ');
  return out;
}

// Display names by entity id (curated triples name survivors only).
std::unordered_map<uint64_t, std::string> EntityNames(const MergeTable& merges) {
  std::unordered_map<uint64_t, std::string> names;
  for (const pb::Entity& entity : merges.entities()) names.emplace(entity.id(), entity.name());
  return names;
}

std::string NameOf(const std::unordered_map<uint64_t, std::string>& names, uint64_t id) {
  auto found = names.find(id);
  if (found != names.end()) return found->second;
  return "#" + std::to_string(id);  // a dangling id is shown, not hidden
}

void WriteRow(const ExportRow& row, ExportFormat format, std::ostream& out) {
  if (format == ExportFormat::kTsv) {
    out << TsvField(row.subject) << '\t' << TsvField(row.relation) << '\t' << TsvField(row.object)
        << '\t' << (row.negative ? '-' : '+') << '\t' << row.articles << '\n';
    return;
  }
  nlohmann::ordered_json record = {
      {"subject", row.subject},   {"relation", row.relation},
      {"object", row.object},     {"polarity", row.negative ? "-" : "+"},
      {"articles", row.articles}, {"statements", row.statements},
  };
  if (!row.modality.empty()) record["modality"] = row.modality;
  out << record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

Result<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "tsv") return ExportFormat::kTsv;
  if (name == "jsonl") return ExportFormat::kJsonLines;
  return Status::InvalidArgument("unknown export format \"" + std::string(name) +
                                 "\" (choose tsv or jsonl)");
}

Status ExportTriples(const Store& store, ExportFormat format, std::ostream& out) {
  auto merges = MergeTable::Read(store);
  if (!merges.ok()) return merges.status();
  const std::unordered_map<uint64_t, std::string> names = EntityNames(*merges);
  auto triples = ReadCuratedTriples(store, *merges);
  if (!triples.ok()) return triples.status();

  std::vector<ExportRow> rows;
  rows.reserve(triples->size());
  for (const pb::Triple& triple : *triples) {
    rows.push_back({NameOf(names, triple.subject_id()), triple.relation(),
                    NameOf(names, triple.object_id()),
                    triple.polarity() == pb::POLARITY_NEGATIVE, triple.article_count(),
                    triple.evidence_count(), triple.modality()});
  }
  std::sort(rows.begin(), rows.end(),
            [](const ExportRow& a, const ExportRow& b) { return a.SortKey() < b.SortKey(); });

  if (format == ExportFormat::kTsv) out << "subject\trelation\tobject\tpolarity\tarticles\n";
  for (const ExportRow& row : rows) WriteRow(row, format, out);
  out.flush();
  if (!out) return Status::IOError("cannot write the export (output stream failed)");
  return Status::Ok();
}

}  // namespace kg::graph
