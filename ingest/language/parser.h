// Parser: labelled dependency trees with UD basic relations.
//
// Arc-eager parsing (see arc_eager.h), greedy or with a small beam: one averaged perceptron picks
// the move from Zhang and Nivre's rich features, a second one picks the
// relation of each new arc, and an optional third one picks every relation
// again from the finished tree (see relabel_features.h). Of the beam's
// finished parses, the one kept may also weigh how clear its relations are
// (label_margin_weight). Tags come from the
// Tagger; the parser keeps its own tag table so it can also parse sentences
// with gold tags.
//
// A Parser is immutable after loading and safe to use from many threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/status.h"
#include "ingest/document.h"
#include "ingest/language/arc_eager.h"
#include "ingest/language/perceptron.h"
#include "ingest/language/word_clusters.h"

namespace kg::ingest {

struct ParserInput;

class ArcLabelScorer;
class Beam;
struct BeamItem;

class Parser {
 public:
  // `tags` are "UPOS\tXPOS" pairs (index = tag id the features use);
  // `labels` the relations (index = label id).
  // `beam_width` 1 parses greedily; wider beams keep that many analyses.
  // `clusters` are the word classes the features use (may be empty).
  // `relabels` rescores relations over the finished tree; a model without
  // classes means no second look.
  Parser(std::vector<std::string> tags, std::vector<std::string> labels, LinearModel moves,
         LinearModel relations, int beam_width = 1, WordClusters clusters = {},
         LinearModel relabels = {});
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Reads a model file written by Save(); errors name the file.
  static Result<std::unique_ptr<Parser>> Load(const std::string& path);
  static Result<std::unique_ptr<Parser>> Decode(std::string_view payload, const std::string& name);
  std::string Encode() const;
  Status Save(const std::string& path) const;

  // The tag id for a UPOS/XPOS pair, or an id reserved for unknown pairs.
  int TagId(std::string_view upos, std::string_view xpos) const;

  // Parses one sentence. heads[i] is the index of word i's head or -1 for
  // the root (exactly one word); labels[i] a label id (see label()).
  void Parse(const std::vector<std::string_view>& forms, const std::vector<int>& tag_ids,
             std::vector<int>* heads, std::vector<int>* labels) const;

  // Sets head and deprel of every token from form, upos and xpos.
  void ParseSentence(Sentence* sentence) const;

  const std::string& label(int id) const { return labels_[id]; }
  int num_labels() const { return static_cast<int>(labels_.size()); }
  const std::vector<std::string>& tags() const { return tags_; }
  const LinearModel& move_model() const { return moves_; }
  const LinearModel& label_model() const { return relations_; }
  const LinearModel& relabel_model() const { return relabels_; }
  int beam_width() const { return beam_width_; }
  const WordClusters& clusters() const { return clusters_; }

  // Overrides the width the model was trained with (1 = greedy). Not thread
  // safe: call before the parser is shared.
  void set_beam_width(int width) { beam_width_ = width < 1 ? 1 : width; }

  // How much the relabeller's scores count against the first pass's (0:
  // keep the first pass). Training tunes it on held-out text; not thread
  // safe, like set_beam_width.
  float relabel_weight() const { return relabel_weight_; }
  void set_relabel_weight(float weight) { relabel_weight_ = weight < 0 ? 0 : weight; }

  // How much the choice among the beam's finished parses counts how clear
  // their relations are: each parse's score gains this times the sum, over
  // its arcs, of the margin between the relation model's best and
  // second-best relation for the arc. A parse whose arcs no relation fits
  // well is often the wrong parse, and the move model alone cannot see
  // that; the search has scored every relation already, so the choice costs
  // little. 0 (a model file without the weight, or a greedy parser) keeps
  // the best-scoring parse. Training tunes it on held-out text; not thread
  // safe.
  float label_margin_weight() const { return label_margin_weight_; }
  void set_label_margin_weight(float weight) { label_margin_weight_ = weight < 0 ? 0 : weight; }

 private:
  // Picks every relation of the finished tree again: the first pass's
  // scores (replayed along `history`, the moves that built the tree, and
  // found in `first_pass`, which holds every arc the search labelled) plus
  // relabel_weight_ times the relabeller's.
  // The finished parse in `beam` with the best score plus
  // label_margin_weight_ times its arcs' relation margins.
  const BeamItem& MostConfident(const ParserInput& input, const Beam& beam,
                                ArcLabelScorer& arc_labels) const;

  void Relabel(const ParserInput& input, const std::vector<std::pair<Move, int>>& history,
               const std::vector<int>& heads, ArcLabelScorer& first_pass,
               std::vector<int>* labels) const;

  std::vector<std::string> tags_;
  std::unordered_map<std::string, int> tag_ids_;
  std::vector<std::string> labels_;
  int root_label_ = 0;
  int fallback_label_ = 0;  // for extra roots: "parataxis" when known
  LinearModel moves_;
  LinearModel relations_;
  LinearModel relabels_;
  float relabel_weight_ = 1.0f;
  float label_margin_weight_ = 0.0f;
  int beam_width_ = 1;
  WordClusters clusters_;
};

}  // namespace kg::ingest
