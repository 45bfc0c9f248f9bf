#include "ingest/pipeline.h"

#include <algorithm>
#include <set>
#include <utility>

#include "graph/text.h"
#include "ingest/text_decoding.h"

namespace kg::ingest {
namespace {

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

// The registered name closest to `name`, when it is close enough to be a
// typing slip; empty otherwise.
std::string ClosestName(std::string_view name, const std::vector<std::string>& names) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : names) {
    size_t distance = EditDistance(name, candidate);
    if (distance < best_distance) best = candidate, best_distance = distance;
  }
  return best;
}

// Explains which requirement of `stage` is not met by `assigned` (what the
// stages before it assign), or returns ok.
Status CheckRequirements(const Stage& stage, const std::set<std::string, std::less<>>& assigned,
                         const std::vector<std::unique_ptr<Stage>>& all_stages,
                         const std::vector<std::string>& names_before) {
  for (std::string_view need : stage.required()) {
    if (assigned.count(need) != 0) continue;
    std::string message = "stage '" + std::string(stage.name()) + "' requires '" +
                          std::string(need) + "', which no stage before it assigns";
    for (const auto& later : all_stages) {
      const auto later_assigns = later->assigned();
      if (std::find(later_assigns.begin(), later_assigns.end(), need) != later_assigns.end()) {
        message += " ('" + std::string(later->name()) + "' assigns it but runs later)";
        break;
      }
    }
    message += "; stages before it: " + (names_before.empty() ? "none" : Join(names_before, ", "));
    return Status::InvalidArgument(message);
  }
  return Status::Ok();
}

// Drops the triples and aliases of `document` that name an entity longer
// than the limit, and reports them.
void DropLongNames(Document& document, size_t max_bytes, LimitReport* report) {
  if (max_bytes == 0) return;
  std::string first;  // the first name over the limit, for the note
  auto too_long = [&](const std::string& name) {
    if (name.size() <= max_bytes) return false;
    if (first.empty()) first = name;
    return true;
  };
  const size_t triples = document.triples.size();
  std::erase_if(document.triples, [&](const graph::TripleStatement& triple) {
    return too_long(triple.subject) || too_long(triple.object);
  });
  const size_t aliases = document.aliases.size();
  std::erase_if(document.aliases, [&](const std::pair<std::string, std::string>& alias) {
    return too_long(alias.first) || too_long(alias.second);
  });
  if (first.empty()) return;
  LimitCounts& counts = report->counts;
  counts.triples_dropped += triples - document.triples.size();
  counts.aliases_dropped += aliases - document.aliases.size();
  std::string what = CountOf(triples - document.triples.size(), "triple");
  if (aliases != document.aliases.size()) {
    what += " and " + CountOf(aliases - document.aliases.size(), "alias");
  }
  report->notes.push_back((document.source.empty() ? "<unnamed>" : document.source) + ": " + what +
                          " dropped: a name of " + std::to_string(first.size()) +
                          " bytes is over the limit of " + std::to_string(max_bytes) + " (\"" +
                          Excerpt(first) + "\")");
}

}  // namespace

std::string Excerpt(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t end = std::min(text.size(), max_bytes);
  // Back up to the start of a character so that the excerpt stays UTF-8.
  while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  for (char c : text.substr(0, end)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte == 0x7F) ? ' ' : c;
  }
  if (end < text.size()) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "...";
  }
  return out;
}

Status BoundedStage::Process(Document& document) const {
  LimitReport ignored;
  return ProcessWithin(document, AnalysisLimits{}, &ignored);
}

Status StageRegistry::Add(std::string name, std::string description, Factory factory) {
  if (name.empty()) return Status::InvalidArgument("a stage needs a name");
  if (Contains(name)) return Status::InvalidArgument("stage '" + name + "' is registered twice");
  if (!factory) return Status::InvalidArgument("stage '" + name + "' has no factory");
  entries_.push_back({std::move(name), std::move(description), std::move(factory)});
  return Status::Ok();
}

Result<std::unique_ptr<Stage>> StageRegistry::Make(std::string_view name,
                                                   const StageContext& context) const {
  for (const Entry& entry : entries_) {
    if (entry.name != name) continue;
    Result<std::unique_ptr<Stage>> stage = entry.factory(context);
    if (!stage.ok()) return stage.status().WithContext("stage '" + entry.name + "'");
    if (*stage == nullptr) return Status::Internal("stage '" + entry.name + "': factory made nothing");
    return stage;
  }
  std::string message = "unknown stage '" + std::string(name) + "'";
  std::string closest = ClosestName(name, names());
  if (!closest.empty()) message += " (did you mean '" + closest + "'?)";
  message += "; valid stages: " + (entries_.empty() ? "none" : Join(names(), ", "));
  return Status::NotFound(message);
}

bool StageRegistry::Contains(std::string_view name) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& entry) { return entry.name == name; });
}

std::vector<std::string> StageRegistry::names() const {
  std::vector<std::string> out;
  for (const Entry& entry : entries_) out.push_back(entry.name);
  return out;
}

std::string StageRegistry::Describe(std::string_view name) const {
  for (const Entry& entry : entries_) {
    if (entry.name == name) return entry.description;
  }
  return {};
}

Result<Pipeline> Pipeline::Create(std::vector<std::unique_ptr<Stage>> stages) {
  std::set<std::string, std::less<>> assigned = {std::string(annotation::kText)};
  std::vector<std::string> names_before;
  for (size_t i = 0; i < stages.size(); ++i) {
    if (stages[i] == nullptr) {
      return Status::InvalidArgument("pipeline stage " + std::to_string(i + 1) + " is missing");
    }
    const Stage& stage = *stages[i];
    if (std::find(names_before.begin(), names_before.end(), stage.name()) != names_before.end()) {
      return Status::InvalidArgument("stage '" + std::string(stage.name()) +
                                     "' appears twice in the pipeline");
    }
    KG_RETURN_IF_ERROR(CheckRequirements(stage, assigned, stages, names_before));
    for (std::string_view annotation : stage.assigned()) assigned.emplace(annotation);
    names_before.emplace_back(stage.name());
  }
  Pipeline pipeline;
  pipeline.has_extractor_ = assigned.count(annotation::kTriples) != 0;
  for (const auto& stage : stages) {
    pipeline.bounded_.push_back(dynamic_cast<const BoundedStage*>(stage.get()));
  }
  pipeline.stages_ = std::move(stages);
  return pipeline;
}

Result<Pipeline> Pipeline::Build(const std::vector<std::string>& names,
                                 const StageRegistry& registry, const StageContext& context) {
  std::vector<std::unique_ptr<Stage>> stages;
  for (const std::string& name : names) {
    Result<std::unique_ptr<Stage>> stage = registry.Make(name, context);
    if (!stage.ok()) return stage.status();
    stages.push_back(std::move(*stage));
  }
  return Create(std::move(stages));
}

Status Pipeline::Process(Document& document) const {
  return Process(document, AnalysisLimits{}, nullptr);
}

Status Pipeline::Process(Document& document, const AnalysisLimits& limits,
                         LimitReport* report) const {
  LimitReport ignored;
  if (report == nullptr) report = &ignored;
  for (size_t i = 0; i < stages_.size(); ++i) {
    const Stage* stage = stages_[i].get();
    Status status;
    // A stage is another team's code over arbitrary text: an exception from
    // it is that document's failure, not the end of the run.
    try {
      status = bounded_[i] != nullptr ? bounded_[i]->ProcessWithin(document, limits, report)
                                      : stage->Process(document);
    } catch (const std::exception& e) {
      status = Status::Internal(std::string("unexpected exception: ") + e.what());
    }
    if (!status.ok()) {
      return status.WithContext("stage '" + std::string(stage->name()) + "' failed on " +
                                (document.source.empty() ? "<unnamed>" : document.source));
    }
  }
  if (has_extractor_) DropLongNames(document, limits.max_name_bytes, report);
  return Status::Ok();
}

std::vector<std::string> Pipeline::stage_names() const {
  std::vector<std::string> out;
  for (const auto& stage : stages_) out.emplace_back(stage->name());
  return out;
}

bool Pipeline::Provides(std::string_view annotation) const {
  if (annotation == annotation::kText) return true;
  for (const auto& stage : stages_) {
    for (std::string_view assigned : stage->assigned()) {
      if (assigned == annotation) return true;
    }
  }
  return false;
}

}  // namespace kg::ingest
