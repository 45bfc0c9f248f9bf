// Lemmatizer: the dictionary form of a word given its part of speech.
//
// Learned from a treebank's lemma column (see lemmatizer_trainer.h):
//  1. a lexicon of (form, UPOS) -> lemma pairs seen in training;
//  2. WordNet's irregular forms ("went" -> "go", "children" -> "child",
//     "better" -> "good") for words the treebank never showed;
//  3. suffix edit scripts keyed on (UPOS, suffix of the lower-cased form):
//     strip n bytes, append a string; the longest suffix seen often enough
//     decides, with the most frequent script for it;
//  4. a case rule per (UPOS, capitalisation): lower-case the lemma or keep
//     the form's case (proper nouns keep theirs).
//
// The model is a zstd-compressed file in the format of model_io.h. A loaded
// Lemmatizer is immutable and safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"

namespace kg::ingest {

// The learned tables; the trainer fills them, Lemmatizer reads them.
struct LemmatizerModel {
  // How the case of a form carries over to its lemma.
  enum CaseAction : char {
    kKeep = 'k',        // "USA" -> "USA"
    kLower = 'l',       // "Cars" -> "car"
    kUpperFirst = 'u',  // "chicago" (PROPN) -> "Chicago"
    kTitle = 't',       // "SOUTER" (PROPN) -> "Souter"
  };
  struct Script {
    uint8_t strip = 0;     // bytes removed from the end of the form
    std::string append;    // then appended
  };
  // "form\tUPOS" -> lemma, from training and WordNet; "form\tUPOS\tXPOS"
  // where the XPOS tells lemmas apart ("her" PRP -> "she", PRP$ -> "her").
  std::unordered_map<std::string, std::string> lexicon;
  // "UPOS\tsuffix" -> script, only for suffixes seen often enough.
  std::unordered_map<std::string, Script> rules;
  // "UPOS\tshape" -> CaseAction; shape is "l" (no capital first), "C"
  // (capital first letter) or "A" (all capitals). Missing means kKeep.
  std::unordered_map<std::string, char> case_rules;
  uint32_t max_suffix = 0;
};

class Lemmatizer {
 public:
  explicit Lemmatizer(LemmatizerModel model) : model_(std::move(model)) {}
  Lemmatizer(const Lemmatizer&) = delete;
  Lemmatizer& operator=(const Lemmatizer&) = delete;

  // Reads a model written by Save. Errors as ReadModelFile (NotFound,
  // Corruption, VersionMismatch) naming the path.
  static Result<std::unique_ptr<Lemmatizer>> Load(const std::string& path);

  // The default model: $KG_MODELS/lemmatizer.bin, else
  // KG_MODELS_DIR/lemmatizer.bin. Errors as Load.
  static Result<std::unique_ptr<Lemmatizer>> LoadDefault();

  // Writes the model; IOError when the file cannot be written.
  Status Save(const std::string& path) const;

  // The lemma of `form` tagged `upos` ("NOUN", "VERB", ...) and optionally
  // `xpos` ("PRP$"); never empty for a non-empty form. Unknown tags get the
  // form back, cased as the rules say.
  std::string Lemmatize(std::string_view form, std::string_view upos,
                        std::string_view xpos = {}) const;

  // Sets token.lemma for every token from its form, upos and xpos.
  void Annotate(Sentence* sentence) const;

  const LemmatizerModel& model() const { return model_; }

 private:
  LemmatizerModel model_;
};

// Serialises the model's tables (the payload of the model file) and back.
std::string EncodeLemmatizerModel(const LemmatizerModel& model);
Result<LemmatizerModel> DecodeLemmatizerModel(std::string_view payload, const std::string& name);

// Case handling shared by the lemmatiser and its trainer, ASCII only.
std::string LowerAscii(std::string_view text);
// The case class the model's case rules are keyed on: 'A' all capitals (two
// or more letters), 'C' a capital first letter, 'l' otherwise.
char CaseShape(std::string_view form);
// `form` re-cased by a LemmatizerModel case action (kKeep, kLower, ...).
std::string ApplyCaseAction(std::string_view form, char action);

}  // namespace kg::ingest
