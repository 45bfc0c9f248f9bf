// CoNLL-U: the Universal Dependencies file format, read and written.
//
// A file is a sequence of sentences separated by blank lines. Each sentence has
// comment lines ("# text = ...", "# sent_id = ...", "# newpar", "# newdoc")
// and one line per syntactic word with ten tab-separated fields. Multiword
// token lines ("3-4 don't") and empty nodes ("5.1") are kept so that a
// sentence written back is byte-identical, but the models see only `words`.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "graph/status.h"

namespace kg::ingest {

// One syntactic word: the ten columns of an integer-ID line.
struct ConlluWord {
  int id = 0;            // 1-based position in the sentence
  std::string form;
  std::string lemma;
  std::string upos;
  std::string xpos;
  std::string feats;
  int head = 0;          // 1-based id of the head, 0 = root, -1 = "_" (none)
  std::string deprel;
  std::string deps;
  std::string misc;
};

// A surface token that spans several words, e.g. "don't" = "do" + "n't".
struct ConlluMultiword {
  int first = 0;         // id of the first word it covers
  int last = 0;          // id of the last word it covers
  std::string line;      // the whole line, written back unchanged
  std::string form;
  std::string misc;
};

// An enhanced-graph empty node ("8.1"), kept only for round trips.
struct ConlluEmptyNode {
  int after = 0;         // the integer id it follows (0 = before the first word)
  std::string line;
};

struct ConlluSentence {
  std::vector<std::string> comments;  // every "#" line, in order, without '\n'
  std::string sent_id;                // from "# sent_id = ", or empty
  std::string text;                   // from "# text = ", or empty
  bool new_doc = false;               // a "# newdoc" comment is present
  bool new_par = false;               // a "# newpar" comment is present
  std::vector<ConlluWord> words;
  std::vector<ConlluMultiword> multiwords;
  std::vector<ConlluEmptyNode> empty_nodes;
  int line = 0;                       // 1-based line of its first line

  // True when word `id` (1-based) is followed by no space ("SpaceAfter=No"
  // in its MISC, or in the MISC of the multiword token that ends at it).
  bool NoSpaceAfter(int id) const;
};

// Reads every sentence from `in`. `name` is used in errors, which read
// "NAME:LINE: what is wrong". Returns InvalidArgument on a malformed line
// (wrong column count, bad id, id out of sequence, bad head).
Result<std::vector<ConlluSentence>> ReadConllu(std::istream& in, const std::string& name);

// Reads a whole .conllu file; NotFound when it cannot be opened.
Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path);

// Writes sentences in CoNLL-U; reading the output gives back equal sentences.
void WriteConllu(const std::vector<ConlluSentence>& sentences, std::ostream& out);

// Writes a .conllu file; IOError when it cannot be written.
Status WriteConlluFile(const std::vector<ConlluSentence>& sentences, const std::string& path);

}  // namespace kg::ingest
