// KnowledgeBase: every shipped knowledge table, loaded together from one
// data directory (see knowledge_files.h), for the stages that need them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"
#include "ingest/country_table.h"
#include "ingest/mention_lexicon.h"
#include "ingest/relation_lexicon.h"

namespace kg::ingest {

struct KnowledgeBase {
  CountryTable countries;
  TitleTable titles;
  HeadTable heads;
  RelationLexicon relations;

  // Loads countries.tsv, titles.tsv, heads.tsv and relations.tsv from
  // KnowledgeDir(data_dir), then each user lexicon file on top of the
  // relations. The first error is returned, naming its file and line.
  static Result<std::unique_ptr<KnowledgeBase>> Load(
      const std::string& data_dir = {}, const std::vector<std::string>& user_lexicons = {});
};

}  // namespace kg::ingest
