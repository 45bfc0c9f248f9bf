#include "graph/curation.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

namespace kg::graph {

namespace {

constexpr size_t kCancelPollRecords = 4096;

Status Interrupted() { return Status::Cancelled("loading the graph interrupted"); }

bool Polled(size_t seen, const Cancellation* cancel) {
  return seen % kCancelPollRecords == 0 && cancel != nullptr && cancel->cancelled();
}

std::string TripleText(const pb::Triple& triple) {
  return std::to_string(triple.subject_id()) + " -" + triple.relation() + "-> " +
         std::to_string(triple.object_id());
}

// The stored (subject, object) ids of the triples folded into one edge.
using Ends = std::pair<uint64_t, uint64_t>;

// Recounts a folded edge from the evidence of its members: an article that
// states the edge under two merged spellings counts once.
Status CountDistinct(const Store& store, const std::vector<Ends>& members, pb::Triple* edge) {
  std::set<std::string> articles;
  std::set<std::tuple<std::string, uint32_t, uint32_t>> statements;
  for (const auto& [subject, object] : members) {
    pb::Triple member = *edge;
    member.set_subject_id(subject);
    member.set_object_id(object);
    KG_RETURN_IF_ERROR(store.ForEachEvidence(member, [&](const pb::Evidence& evidence) {
      articles.insert(evidence.article_id());
      statements.emplace(evidence.article_id(), evidence.sentence_index(), evidence.begin());
      return true;
    }));
  }
  edge->set_article_count(static_cast<uint32_t>(articles.size()));
  edge->set_evidence_count(static_cast<uint32_t>(statements.size()));
  return Status::Ok();
}

void Combine(const pb::Triple& triple, pb::Triple* edge) {
  if (triple.confidence() > edge->confidence()) edge->set_confidence(triple.confidence());
  if (edge->modality().empty()) edge->set_modality(triple.modality());
  if (edge->raw_relation().empty()) edge->set_raw_relation(triple.raw_relation());
}

}  // namespace

bool IsMerged(const pb::Entity& entity) {
  return entity.merged_into() != 0 && entity.merged_into() != entity.id();
}

Result<MergeTable> MergeTable::Read(const Store& store, const Cancellation* cancel) {
  MergeTable table;
  bool cancelled = false;
  Status status = store.ForEachEntity([&](const pb::Entity& entity) {
    if (Polled(table.entities_.size(), cancel)) {
      cancelled = true;
      return false;
    }
    table.index_[entity.id()] = table.entities_.size();
    table.entities_.push_back(entity);
    if (IsMerged(entity)) table.has_merges_ = true;
    return true;
  });
  KG_RETURN_IF_ERROR(status.WithContext("reading entities"));
  if (cancelled) return Interrupted();
  return table;
}

const pb::Entity* MergeTable::Find(uint64_t id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &entities_[it->second];
}

Result<uint64_t> MergeTable::Survivor(uint64_t id) const {
  uint64_t current = id;
  // A chain visits each entity at most once unless it loops.
  for (size_t steps = 0; steps <= entities_.size(); ++steps) {
    const pb::Entity* entity = Find(current);
    if (entity == nullptr) {
      if (current == id) return Status::Corruption("unknown entity id " + std::to_string(id));
      return Status::Corruption("entity " + std::to_string(id) + " is merged into unknown entity " +
                                std::to_string(current));
    }
    if (!IsMerged(*entity)) return current;
    current = entity->merged_into();
  }
  return Status::Corruption("entity " + std::to_string(id) + " is in a cycle of merges");
}

Result<std::vector<pb::Triple>> ReadCuratedTriples(const Store& store, const MergeTable& merges,
                                                   const Cancellation* cancel) {
  std::vector<pb::Triple> edges;
  // Most edges fold nothing; only those that do need their evidence read,
  // so the first member's ends are kept flat and the rest on the side.
  std::vector<Ends> first_ends;                              // parallel to edges
  std::unordered_map<size_t, std::vector<Ends>> folded;      // edge -> other members
  std::map<std::tuple<uint64_t, std::string, uint64_t, int>, size_t> position;
  Status error;
  bool cancelled = false;
  size_t seen = 0;
  Status status = store.ForEachTriple([&](const pb::Triple& triple) {
    if (Polled(++seen, cancel)) {
      cancelled = true;
      return false;
    }
    uint64_t ends[2] = {triple.subject_id(), triple.object_id()};
    for (uint64_t& id : ends) {
      if (merges.Find(id) == nullptr) {
        error = Status::Corruption("triple " + TripleText(triple) + " names unknown entity id " +
                                   std::to_string(id));
        return false;
      }
      Result<uint64_t> survivor = merges.Survivor(id);
      if (!survivor.ok()) {
        error = survivor.status();
        return false;
      }
      id = *survivor;
    }
    auto [it, added] = position.try_emplace(
        {ends[0], triple.relation(), ends[1], static_cast<int>(triple.polarity())}, edges.size());
    if (added) {
      pb::Triple edge = triple;
      edge.set_subject_id(ends[0]);
      edge.set_object_id(ends[1]);
      edges.push_back(std::move(edge));
      first_ends.emplace_back(triple.subject_id(), triple.object_id());
    } else {
      Combine(triple, &edges[it->second]);
      folded[it->second].emplace_back(triple.subject_id(), triple.object_id());
    }
    return true;
  });
  KG_RETURN_IF_ERROR(status.WithContext("reading triples"));
  KG_RETURN_IF_ERROR(error);
  if (cancelled) return Interrupted();
  for (auto& [i, members] : folded) {
    if (cancel != nullptr && cancel->cancelled()) return Interrupted();
    members.push_back(first_ends[i]);
    KG_RETURN_IF_ERROR(CountDistinct(store, members, &edges[i]).WithContext("reading evidence"));
  }
  return edges;
}

}  // namespace kg::graph
