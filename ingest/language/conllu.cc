#include "ingest/language/conllu.h"

#include <charconv>
#include <fstream>
#include <string_view>

namespace kg::ingest {
namespace {

constexpr int kColumns = 10;

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

bool ParseInt(std::string_view text, int* value) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool HasNoSpace(std::string_view misc) {
  size_t start = 0;
  while (start <= misc.size()) {
    size_t bar = misc.find('|', start);
    if (bar == std::string_view::npos) bar = misc.size();
    if (misc.substr(start, bar - start) == "SpaceAfter=No") return true;
    start = bar + 1;
  }
  return false;
}

void ReadComment(const std::string& line, ConlluSentence* sentence) {
  sentence->comments.push_back(line);
  std::string_view body(line);
  body.remove_prefix(1);
  while (!body.empty() && body.front() == ' ') body.remove_prefix(1);
  if (StartsWith(body, "text = ")) {
    sentence->text = std::string(body.substr(7));
  } else if (StartsWith(body, "sent_id = ")) {
    sentence->sent_id = std::string(body.substr(10));
  } else if (StartsWith(body, "newdoc")) {
    sentence->new_doc = true;
  } else if (StartsWith(body, "newpar")) {
    sentence->new_par = true;
  }
}

class SentenceReader {
 public:
  explicit SentenceReader(const std::string& name) : name_(name) {}

  Status Error(int line_number, const std::string& what) const {
    return Status::InvalidArgument(name_ + ":" + std::to_string(line_number) + ": " + what);
  }

  // Adds one non-comment line to `sentence`.
  Status ReadLine(const std::string& line, int line_number, ConlluSentence* sentence) {
    std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() != kColumns) {
      return Error(line_number, "expected 10 tab-separated columns, found " +
                                    std::to_string(f.size()));
    }
    std::string_view id = f[0];
    int expected = static_cast<int>(sentence->words.size()) + 1;
    if (size_t dash = id.find('-'); dash != std::string_view::npos) {
      ConlluMultiword mw;
      if (!ParseInt(id.substr(0, dash), &mw.first) || !ParseInt(id.substr(dash + 1), &mw.last) ||
          mw.first != expected || mw.last < mw.first) {
        return Error(line_number, "bad multiword token id '" + std::string(id) + "'");
      }
      mw.line = line;
      mw.form = std::string(f[1]);
      mw.misc = std::string(f[9]);
      sentence->multiwords.push_back(std::move(mw));
      return Status::Ok();
    }
    if (size_t dot = id.find('.'); dot != std::string_view::npos) {
      int major = 0, minor = 0;
      if (!ParseInt(id.substr(0, dot), &major) || !ParseInt(id.substr(dot + 1), &minor) ||
          major != expected - 1) {
        return Error(line_number, "bad empty node id '" + std::string(id) + "'");
      }
      sentence->empty_nodes.push_back({major, line});
      return Status::Ok();
    }
    ConlluWord word;
    if (!ParseInt(id, &word.id)) return Error(line_number, "bad word id '" + std::string(id) + "'");
    if (word.id != expected) {
      return Error(line_number, "word id " + std::string(id) + " out of sequence, expected " +
                                    std::to_string(expected));
    }
    if (f[6] == "_") {
      word.head = -1;
    } else if (!ParseInt(f[6], &word.head) || word.head < 0) {
      return Error(line_number, "bad head '" + std::string(f[6]) + "'");
    }
    word.form = std::string(f[1]);
    word.lemma = std::string(f[2]);
    word.upos = std::string(f[3]);
    word.xpos = std::string(f[4]);
    word.feats = std::string(f[5]);
    word.deprel = std::string(f[7]);
    word.deps = std::string(f[8]);
    word.misc = std::string(f[9]);
    sentence->words.push_back(std::move(word));
    return Status::Ok();
  }

  // Checks what can only be checked once the sentence is complete.
  Status Finish(const ConlluSentence& sentence) const {
    int n = static_cast<int>(sentence.words.size());
    for (const ConlluWord& w : sentence.words) {
      if (w.head > n) {
        return Error(sentence.line, "word " + std::to_string(w.id) + " has head " +
                                        std::to_string(w.head) + " beyond the sentence end");
      }
    }
    for (const ConlluMultiword& mw : sentence.multiwords) {
      if (mw.last > n) return Error(sentence.line, "multiword token runs past the sentence end");
    }
    return Status::Ok();
  }

 private:
  const std::string& name_;
};

}  // namespace

bool ConlluSentence::NoSpaceAfter(int id) const {
  for (const ConlluMultiword& mw : multiwords) {
    if (id >= mw.first && id <= mw.last) return id == mw.last && HasNoSpace(mw.misc);
  }
  if (id < 1 || id > static_cast<int>(words.size())) return false;
  return HasNoSpace(words[id - 1].misc);
}

Result<std::vector<ConlluSentence>> ReadConllu(std::istream& in, const std::string& name) {
  std::vector<ConlluSentence> sentences;
  SentenceReader reader(name);
  ConlluSentence current;
  bool open = false;
  std::string line;
  int line_number = 0;
  auto close = [&]() -> Status {
    if (!open) return Status::Ok();
    open = false;
    if (current.words.empty()) return reader.Error(current.line, "sentence without words");
    KG_RETURN_IF_ERROR(reader.Finish(current));
    sentences.push_back(std::move(current));
    current = ConlluSentence();
    return Status::Ok();
  };
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      KG_RETURN_IF_ERROR(close());
      continue;
    }
    if (!open) {
      open = true;
      current.line = line_number;
    }
    if (line[0] == '#') {
      if (!current.words.empty()) return reader.Error(line_number, "comment inside a sentence");
      ReadComment(line, &current);
      continue;
    }
    KG_RETURN_IF_ERROR(reader.ReadLine(line, line_number, &current));
  }
  if (in.bad()) return Status::IOError(name + ": read failed");
  KG_RETURN_IF_ERROR(close());
  return sentences;
}

Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open CoNLL-U file");
  return ReadConllu(in, path);
}

void WriteConllu(const std::vector<ConlluSentence>& sentences, std::ostream& out) {
  for (const ConlluSentence& s : sentences) {
    for (const std::string& c : s.comments) out << c << '\n';
    size_t next_mw = 0, next_empty = 0;
    auto write_empty_after = [&](int id) {
      while (next_empty < s.empty_nodes.size() && s.empty_nodes[next_empty].after == id) {
        out << s.empty_nodes[next_empty++].line << '\n';
      }
    };
    write_empty_after(0);
    for (const ConlluWord& w : s.words) {
      while (next_mw < s.multiwords.size() && s.multiwords[next_mw].first == w.id) {
        out << s.multiwords[next_mw++].line << '\n';
      }
      out << w.id << '\t' << w.form << '\t' << w.lemma << '\t' << w.upos << '\t' << w.xpos << '\t'
          << w.feats << '\t';
      if (w.head < 0) {
        out << '_';
      } else {
        out << w.head;
      }
      out << '\t' << w.deprel << '\t' << w.deps << '\t' << w.misc << '\n';
      write_empty_after(w.id);
    }
    out << '\n';
  }
}

Status WriteConlluFile(const std::vector<ConlluSentence>& sentences, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::IOError(path + ": cannot open for writing");
  WriteConllu(sentences, out);
  out.flush();
  if (!out) return Status::IOError(path + ": write failed");
  return Status::Ok();
}

}  // namespace kg::ingest
