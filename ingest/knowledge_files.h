// Knowledge files: where kg finds its shipped, user-readable data (the
// country table, the relation lexicon, titles, generic heads) and how their
// tab-separated lines are read.
//
// The data directory is, in order: an explicit path given by the caller,
// $KG_DATA when set and non-empty, else the KG_DATA_DIR the build recorded
// (<repo>/ingest/data).
#pragma once

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace kg::ingest {

// The knowledge directory: `explicit_dir` when non-empty, else $KG_DATA, else
// the built-in KG_DATA_DIR. Never fails; the path may not exist.
std::string KnowledgeDir(const std::string& explicit_dir = {});

// KnowledgeDir(explicit_dir) + "/" + file_name.
std::string KnowledgeFilePath(std::string_view file_name, const std::string& explicit_dir = {});

// One data line of a knowledge file, with where it came from.
struct KnowledgeLine {
  std::string where;                // "FILE:LINE", for error messages
  std::vector<std::string> fields;  // TAB-separated, each trimmed of spaces
};

// Reads the data lines of a UTF-8, TAB-separated knowledge file: blank lines
// and lines starting with "#" are skipped, a trailing "\r" is dropped.
// InvalidArgument naming FILE:LINE for a line that is not valid UTF-8.
Result<std::vector<KnowledgeLine>> ReadKnowledgeLines(std::istream& in,
                                                      const std::string& display_name);
// As above from a file; IOError naming the path when it cannot be opened.
Result<std::vector<KnowledgeLine>> ReadKnowledgeFile(const std::string& path);

// graph::NormalizeName(text), with a fast path for ASCII text (the common
// case for knowledge lookups, which run for every word of every mention).
std::string FoldedKey(std::string_view text);

// Splits a "|"-separated multi-value field; "-" and "" mean no values.
std::vector<std::string> SplitValues(std::string_view field);

}  // namespace kg::ingest
