// BulkLoad: the first import into a store, written as table files.
//
// Committing article by article (Store::CommitArticle) reads alias, entity
// and triple rows for every statement and writes one WriteBatch per article.
// Into a store that holds no articles, triples or evidence yet, none of
// those reads can find anything the load did not write itself, so a bulk
// load keeps every record in memory, sorts each column family once and hands
// RocksDB one table file per family in a single IngestExternalFiles call.
//
// The result is the store the same updates committed one by one in the same
// order would make: the same records byte for byte (entity ids, alias rows,
// triples with their confidence and counts, index rows, evidence, articles)
// except each article's time of storing. Aliases and entities already in the
// store (an alias file applied first) are read at Start and resolve names as
// they would in a commit.
//
// Atomicity: nothing is visible until Finish, and Finish makes every family
// visible in one step; a process killed before it returns leaves the store
// as it was (the table files it wrote are removed by the next bulk load).
//
// Memory: every record of the load is held until Finish, so memory grows
// with what the load stores (its articles' text, one evidence record per
// statement, one triple per distinct edge), not with the input read. The
// records of an article prepared but then refused (a duplicate id, an
// error) stay in the load's arena until the load is destroyed.
//
// Threads: one thread calls Add and Finish. Prepare runs on any thread,
// alongside Add: an importer prepares the next articles on other cores
// while Add takes the ones before them, in order. The load holds the
// store's writer mutex from Start until it is destroyed: commits and
// curation through the same Store wait.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/status.h"
#include "graph/store.h"

namespace kg::graph {

// An article made ready for BulkLoad::Add by the same load's Prepare:
// checked, its article and evidence records serialised into the load's
// arena (graph/record_arena.h), and what the load needs of each statement
// copied into a few flat buffers (so that the thread that adds it frees a
// handful of blocks, not the update's thousands of strings). Only the load
// reads the fields.
struct PreparedArticle {
  // A piece of `text`.
  struct Span {
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  struct Statement {
    Span subject, subject_type, object, object_type, relation, raw_relation, modality;
    uint64_t subject_hash = 0;
    uint64_t object_hash = 0;
    pb::Polarity polarity = pb::POLARITY_POSITIVE;
    float confidence = 0.0f;  // as the store counts it
    uint32_t sentence_index = 0;
    uint32_t begin = 0;
    uint32_t evidence_end = 0;  // where its evidence record ends in `records`
  };
  std::string id;
  const char* records = nullptr;  // the article record, then each evidence record
  uint32_t article_size = 0;
  std::string text;  // the statements' names and words
  std::vector<Statement> statements;
  std::vector<std::pair<std::string, std::string>> aliases;
};

class BulkLoad {
 public:
  // Starts a bulk load into `store`, which must outlive the load. Returns
  // nullptr when the store already holds articles, triples or evidence:
  // commit through the store instead. Errors: InvalidArgument when the store
  // is open read-only; the store's read errors (Corruption for an alias or
  // entity record that does not decode).
  static Result<std::unique_ptr<BulkLoad>> Start(Store& store);

  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;
  ~BulkLoad();

  // The work of adding `update` that depends on no other article: checks it
  // (InvalidArgument as Store::CommitArticle), stamps and serialises its
  // records, hashes its names. Safe on any thread, alongside Add.
  Result<PreparedArticle> Prepare(ArticleUpdate update) const;

  // Adds one article, with Store::CommitArticle's contract: an invalid
  // update is InvalidArgument and adds nothing; an article whose id was
  // added before is kSkippedDuplicate. Nothing is written until Finish.
  // After any other error the load is abandoned: later calls fail and
  // nothing is ever written.
  Result<CommitOutcome> Add(PreparedArticle article);
  // Prepare, then Add.
  Result<CommitOutcome> Add(const ArticleUpdate& update);

  // Says how many articles and statements will come (at most), so that the
  // load's tables are sized once instead of copied as they grow. Optional.
  void Reserve(size_t articles, size_t statements);

  // Writes what was added as one table file per column family (beside the
  // store, in PATH/bulk.tmp) and ingests them in one atomic step. Call once.
  // Errors: IOError or Corruption from writing or ingesting (nothing
  // becomes visible), InvalidArgument when called twice or after Add failed.
  Status Finish();

  // After Finish succeeded: the graph LoadGraph would now read from the
  // store (the same vertices, names, aliases, edges and relation ids), built
  // from what the load holds in memory instead of read back. nullptr when
  // the store holds an entity merged into another (curation applied before
  // the load): LoadGraph folds merges, so load that graph from the store.
  // Errors: InvalidArgument before Finish or after it failed.
  Result<std::unique_ptr<KnowledgeGraph>> BuildGraph() const;

 private:
  class State;
  explicit BulkLoad(std::unique_ptr<State> state);

  std::unique_ptr<State> state_;
};

}  // namespace kg::graph
