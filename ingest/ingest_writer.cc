#include "ingest/ingest_writer.h"

#include <exception>
#include <iostream>
#include <ostream>
#include <utility>
#include <vector>

#include "ingest/ingest_runner.h"

namespace kg::ingest {
namespace {

uint64_t CountWords(std::string_view text) {
  uint64_t words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

}  // namespace

IngestItem ReadItem(Document&& document, const graph::Store& store) {
  IngestItem item;
  item.source = document.source;
  item.id = graph::ArticleIdFor(document.text);
  item.words = CountWords(document.text);
  Result<bool> known = store.HasArticle(item.id);
  if (!known.ok()) {
    item.lookup = known.status();
  } else {
    item.known = *known;
  }
  if (item.NeedsAnalysis()) item.document = std::move(document);
  return item;
}

IngestItem WarningItem(std::string warning) {
  IngestItem item;
  item.warning = std::move(warning);
  return item;
}

void AnalyzeItem(IngestItem& item, const Pipeline& pipeline, const AnalysisLimits& limits,
                 LimitReport* cut) {
  if (!item.NeedsAnalysis()) return;
  // On a worker thread nothing may escape: the stages' own exceptions are
  // caught by the pipeline, this catches the rest (allocation failures).
  try {
    Result<graph::ArticleUpdate> update =
        AnalyzeArticle(std::move(item.document), pipeline, limits, cut);
    if (update.ok()) {
      item.update = std::move(*update);
    } else {
      item.analysis = update.status();
    }
  } catch (const std::exception& e) {
    item.analysis = Status::Internal("analysing " + item.source + " threw: " + e.what());
  }
  item.document = Document();
}

IngestWriter::IngestWriter(graph::Store& store, bool show_progress, std::ostream& warnings)
    : store_(store), warnings_(warnings), progress_(std::cerr, show_progress) {}

void IngestWriter::Warn(const std::string& message) {
  progress_.Clear();  // the warning gets its own line, not the tail of the progress line
  warnings_ << message << '\n';
  ++counts_.warnings;
}

Status IngestWriter::Take(IngestItem&& item) {
  if (!item.warning.empty()) {
    Warn(item.warning);
    return Status::Ok();
  }
  KG_RETURN_IF_ERROR(TakeArticle(item));
  progress_.Update(counts_);
  return Status::Ok();
}

Status IngestWriter::TakeArticle(IngestItem& item) {
  ++counts_.articles;
  counts_.words += item.words;
  if (!item.lookup.ok()) return item.lookup.WithContext(item.source);
  if (item.known) {
    ++counts_.duplicates;
    return Status::Ok();
  }
  if (item.analysis.ok()) return Commit(item.update, item.source);
  // A copy of the same text read earlier in this run may have been stored
  // since this one was read; then it is a duplicate, as it would have been
  // had the articles been handled one after the other.
  Result<bool> stored = store_.HasArticle(item.id);
  if (!stored.ok()) return stored.status().WithContext(item.source);
  if (*stored) {
    ++counts_.duplicates;
  } else {
    ++counts_.failed;
    Warn(item.analysis.message() + "; article skipped");
  }
  return Status::Ok();
}

Status IngestWriter::SeedNames() {
  if (names_seeded_) return Status::Ok();
  names_seeded_ = true;
  return store_.ForEachEntity([this](const kg::pb::Entity& entity) {
    if (entity.merged_into() == 0) names_.Canonicalize(entity.name());
    return true;
  });
}

Result<std::string> IngestWriter::CanonicalName(const std::string& name) {
  if (name.empty()) return name;
  Result<kg::pb::Entity> known = store_.FindEntity(name);
  if (known.ok()) return name;
  if (!known.status().IsNotFound()) return known.status();
  return names_.Canonicalize(name);
}

Status IngestWriter::Commit(graph::ArticleUpdate& update, const std::string& source) {
  Status seeded = SeedNames();
  if (!seeded.ok()) return seeded.WithContext(source);
  std::vector<std::pair<std::string, std::string>> folded;
  for (graph::TripleStatement& triple : update.triples) {
    for (std::string* name : {&triple.subject, &triple.object}) {
      Result<std::string> canonical = CanonicalName(*name);
      if (!canonical.ok()) return canonical.status().WithContext(source);
      // The spelling stays findable as an alias of the name it folds onto.
      if (*canonical != *name) folded.emplace_back(*name, *canonical);
      *name = std::move(*canonical);
    }
  }
  for (auto& [alias, canonical] : update.aliases) {
    Result<std::string> resolved = CanonicalName(canonical);
    if (!resolved.ok()) return resolved.status().WithContext(source);
    canonical = std::move(*resolved);
  }
  update.aliases.insert(update.aliases.end(), folded.begin(), folded.end());
  Result<graph::CommitOutcome> outcome = store_.CommitArticle(update);
  if (!outcome.ok()) return outcome.status().WithContext(source);
  if (*outcome == graph::CommitOutcome::kSkippedDuplicate) {
    ++counts_.duplicates;
    return Status::Ok();
  }
  ++counts_.stored;
  counts_.sentences += static_cast<uint64_t>(update.article.sentences_size());
  counts_.triples += update.triples.size();
  return Status::Ok();
}

}  // namespace kg::ingest
