#include "ingest/knowledge_base.h"

namespace kg::ingest {

Result<std::unique_ptr<KnowledgeBase>> KnowledgeBase::Load(
    const std::string& data_dir, const std::vector<std::string>& user_lexicons) {
  auto base = std::make_unique<KnowledgeBase>();
  auto countries = CountryTable::LoadDefault(data_dir);
  if (!countries.ok()) return countries.status();
  base->countries = std::move(countries).value();
  auto titles = TitleTable::LoadDefault(data_dir);
  if (!titles.ok()) return titles.status();
  base->titles = std::move(titles).value();
  auto heads = HeadTable::LoadDefault(data_dir);
  if (!heads.ok()) return heads.status();
  base->heads = std::move(heads).value();
  auto relations = RelationLexicon::LoadDefault(data_dir, user_lexicons);
  if (!relations.ok()) return relations.status();
  base->relations = std::move(relations).value();
  return base;
}

}  // namespace kg::ingest
