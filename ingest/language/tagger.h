// Tagger: assigns each word a universal (UPOS) and Penn Treebank (XPOS) tag.
//
// A greedy left-to-right averaged perceptron over one joint tag set (each
// tag id is a UPOS/XPOS pair seen in training), with word, affix, shape and
// context features; frequent unambiguous words are tagged from a dictionary.
// An optional second pass re-tags the sentence with a model that also sees
// the first pass's tags to the right, which a greedy left-to-right pass
// cannot know ("to" before a verb or a noun, "that" before a clause).
// Unknown capitalised words fall to PROPN/NNP through their shape features.
//
// A Tagger is immutable after loading and safe to use from many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"
#include "ingest/language/perceptron.h"
#include "ingest/language/tagger_features.h"

namespace kg::ingest {

class Tagger {
 public:
  // `refine` is the second-pass model; an empty model means one pass.
  Tagger(TaggerLexicon lexicon, LinearModel model, LinearModel refine = {});
  Tagger(const Tagger&) = delete;
  Tagger& operator=(const Tagger&) = delete;

  // Reads a model file written by Save(). Errors name the file (see
  // ReadModelFile for the codes).
  static Result<std::unique_ptr<Tagger>> Load(const std::string& path);
  // Same from an uncompressed payload; `name` is used in errors.
  static Result<std::unique_ptr<Tagger>> Decode(std::string_view payload, const std::string& name);

  std::string Encode() const;
  // Writes the model file; IOError when it cannot.
  Status Save(const std::string& path) const;

  // One tag id per form (see upos()/xpos()).
  void Tag(const std::vector<std::string_view>& forms, std::vector<int>* tags) const;
  // Sets upos and xpos of every token from its form.
  void TagSentence(Sentence* sentence) const;

  int num_tags() const { return lexicon_.num_tags(); }
  const std::string& upos(int tag) const { return lexicon_.upos[tag]; }
  const std::string& xpos(int tag) const { return lexicon_.xpos[tag]; }
  const LinearModel& model() const { return model_; }
  bool two_pass() const { return refine_.num_classes() > 0; }
  const WordClusters& clusters() const { return lexicon_.clusters; }

 private:
  // One greedy left-to-right pass; `first` (may be null) holds the tags of an
  // earlier pass, which selects the second-pass features and model.
  void Pass(const TaggerInput& input, const std::vector<int>* first, std::vector<int>* tags) const;

  TaggerLexicon lexicon_;
  LinearModel model_;
  LinearModel refine_;
};

}  // namespace kg::ingest
