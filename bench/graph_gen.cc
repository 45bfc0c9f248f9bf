// graph_gen: a synthetic power-law knowledge graph for the scale benchmark
// (bench/run), written as a TSV that `kg import` reads, plus the query seeds
// every system in the benchmark answers.
//
//   graph_gen --entities 1000000 --triples 10000000 --seed 42
//             --out graph.tsv --seeds seeds.tsv
//
// The graph is a Chung-Lu style model: each triple draws its subject and its
// object from the same Zipf-like weights (rank^-alpha, default alpha 0.8, so
// degrees follow a power law with exponent about 1 + 1/alpha = 2.25, as in
// news graphs where a few countries and leaders take part in most
// statements) and its relation from Zipf weights over `--relations` names.
// Ranks are shuffled before names are given out, so a name says nothing about
// a degree. Triples are distinct and never loops; the output is in a random
// order. Only mt19937_64 (fully specified by the standard) and our own
// conversions drive the choices, so a seed gives the same files on every
// machine and library.
//
// Lines are "subject TAB relation TAB object TAB + TAB source": the source
// groups `--lines-per-source` statements into one stored article, as an
// importer of curated files would see them (kg import commits one article
// per source).
//
// The seeds file lists the queries, one a line, names only:
//   who  RELATION  ENTITY   (RELATION, ENTITY) of a random triple
//   hood ENTITY              a random entity, for 1-hop and 2-hop
//   path ENTITY  ENTITY      two distinct random entities
// A summary of the graph is printed on stdout as JSON.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

// 50 relations: kg's canonical ones first (docs/relations.md), then lemma
// phrases as the extractor keeps them, most frequent first.
constexpr const char* kRelationNames[] = {
    "supports",    "opposes",      "located_in",  "meets",       "leads",
    "member_of",   "attacks",      "controls",    "allied_with", "role",
    "say",         "criticize",    "sign",        "accuse",      "visit",
    "deploy to",   "cross into",   "fund",        "warn",        "arrest",
    "announce",    "reject",       "join",        "call for",    "launch",
    "win",         "buy",          "sell",        "sue",         "appoint",
    "elect",       "invest in",    "negotiate with", "threaten", "release",
    "acquire",     "merge with",   "export to",   "import from", "ban",
    "welcome",     "praise",       "blame",       "host",        "train",
    "succeed",     "replace",      "employ",      "partner with", "withdraw from"};
constexpr int kMaxRelations = sizeof(kRelationNames) / sizeof(kRelationNames[0]);

struct Options {
  uint64_t entities = 1000000;
  uint64_t triples = 10000000;
  int relations = 50;
  uint64_t seed = 42;
  double alpha = 0.8;
  uint32_t queries = 1000;
  uint32_t path_pairs = 100;
  uint32_t lines_per_source = 100;
  std::string out;
  std::string seeds;
};

// A uniform double in [0, 1) from the top 53 bits: the same on every library,
// unlike std::uniform_real_distribution.
double Uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

// A uniform integer in [0, n) (Lemire's multiply-shift; the bias is far below
// anything a benchmark could notice).
uint64_t Below(std::mt19937_64& rng, uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}

// Draws ranks with probability proportional to (rank + 1)^-exponent from the
// cumulative weights by binary search.
class ZipfSampler {
 public:
  ZipfSampler(uint64_t n, double exponent) : cumulative_(n) {
    double total = 0;
    for (uint64_t i = 0; i < n; ++i) {
      total += std::pow(static_cast<double>(i + 1), -exponent);
      cumulative_[i] = total;
    }
    for (double& c : cumulative_) c /= total;
  }
  uint64_t Draw(std::mt19937_64& rng) const {
    const double u = Uniform(rng);
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
    return std::min<uint64_t>(it - cumulative_.begin(), cumulative_.size() - 1);
  }

 private:
  std::vector<double> cumulative_;
};

// A triple packed as subject:29 | object:29 | relation:6 bits, so that
// sorting and deduplicating 10M of them is a plain sort of integers.
constexpr int kRelationBits = 6;
constexpr int kEntityBits = 29;
uint64_t Pack(uint64_t s, uint64_t o, uint64_t r) {
  return (s << (kEntityBits + kRelationBits)) | (o << kRelationBits) | r;
}
uint64_t SubjectOf(uint64_t t) { return t >> (kEntityBits + kRelationBits); }
uint64_t ObjectOf(uint64_t t) { return (t >> kRelationBits) & ((uint64_t{1} << kEntityBits) - 1); }
uint64_t RelationOf(uint64_t t) { return t & ((uint64_t{1} << kRelationBits) - 1); }

// Distinct, loop-free triples in a random order. Duplicates drawn are
// replaced by new draws until `count` distinct triples exist.
std::vector<uint64_t> DrawTriples(const Options& options, const std::vector<uint32_t>& name_of_rank,
                                  std::mt19937_64& rng) {
  const ZipfSampler entity(options.entities, options.alpha);
  const ZipfSampler relation(options.relations, 1.0);
  std::vector<uint64_t> triples;
  triples.reserve(options.triples);
  while (triples.size() < options.triples) {
    while (triples.size() < options.triples) {
      const uint64_t s = name_of_rank[entity.Draw(rng)];
      const uint64_t o = name_of_rank[entity.Draw(rng)];
      const uint64_t r = relation.Draw(rng);
      if (s != o) triples.push_back(Pack(s, o, r));
    }
    std::sort(triples.begin(), triples.end());
    triples.erase(std::unique(triples.begin(), triples.end()), triples.end());
  }
  for (uint64_t i = triples.size(); i > 1; --i) std::swap(triples[i - 1], triples[Below(rng, i)]);
  return triples;
}

std::string EntityName(uint64_t id) { return "Entity " + std::to_string(id); }

bool WriteTsv(const Options& options, const std::vector<uint64_t>& triples) {
  std::FILE* file = std::fopen(options.out.c_str(), "wb");
  if (file == nullptr) {
    std::fprintf(stderr, "graph_gen: cannot write %s: %s\n", options.out.c_str(),
                 std::strerror(errno));
    return false;
  }
  std::fprintf(file,
               "# synthetic power-law graph: %llu entities, %zu triples, %d relations, "
               "alpha %.2f, seed %llu\n",
               static_cast<unsigned long long>(options.entities), triples.size(), options.relations,
               options.alpha, static_cast<unsigned long long>(options.seed));
  std::string buffer;
  buffer.reserve(1 << 20);
  for (size_t i = 0; i < triples.size(); ++i) {
    const uint64_t t = triples[i];
    buffer += EntityName(SubjectOf(t));
    buffer += '\t';
    buffer += kRelationNames[RelationOf(t)];
    buffer += '\t';
    buffer += EntityName(ObjectOf(t));
    buffer += "\t+";
    if (options.lines_per_source > 0) {
      buffer += "\tsynthetic-";
      buffer += std::to_string(i / options.lines_per_source);
    }
    buffer += '\n';
    if (buffer.size() > (1 << 20) - 256) {
      std::fwrite(buffer.data(), 1, buffer.size(), file);
      buffer.clear();
    }
  }
  std::fwrite(buffer.data(), 1, buffer.size(), file);
  const bool ok = std::ferror(file) == 0;
  if (std::fclose(file) != 0 || !ok) {
    std::fprintf(stderr, "graph_gen: write to %s failed\n", options.out.c_str());
    return false;
  }
  return true;
}

// Seeds from their own generator, so that the queries stay the same when
// only the graph's drawing code changes.
bool WriteSeeds(const Options& options, const std::vector<uint64_t>& triples,
                const std::vector<uint32_t>& degree) {
  std::vector<uint32_t> present;  // entities that occur in some triple
  for (uint32_t id = 0; id < degree.size(); ++id) {
    if (degree[id] > 0) present.push_back(id);
  }
  std::mt19937_64 rng(options.seed ^ 0x5eed5eed5eed5eedULL);
  std::string text = "# kind\tnames (seed " + std::to_string(options.seed) + ")\n";
  for (uint32_t i = 0; i < options.queries; ++i) {
    const uint64_t t = triples[Below(rng, triples.size())];
    text += std::string("who\t") + kRelationNames[RelationOf(t)] + "\t" + EntityName(ObjectOf(t)) +
            "\n";
  }
  for (uint32_t i = 0; i < options.queries; ++i) {
    text += "hood\t" + EntityName(present[Below(rng, present.size())]) + "\n";
  }
  for (uint32_t i = 0; i < options.path_pairs; ++i) {
    const uint32_t a = present[Below(rng, present.size())];
    uint32_t b = a;
    while (b == a) b = present[Below(rng, present.size())];
    text += "path\t" + EntityName(a) + "\t" + EntityName(b) + "\n";
  }
  std::FILE* file = std::fopen(options.seeds.c_str(), "wb");
  if (file == nullptr) {
    std::fprintf(stderr, "graph_gen: cannot write %s: %s\n", options.seeds.c_str(),
                 std::strerror(errno));
    return false;
  }
  const bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  return std::fclose(file) == 0 && ok;
}

int Run(const Options& options) {
  const auto start = std::chrono::steady_clock::now();
  std::mt19937_64 rng(options.seed);
  std::vector<uint32_t> name_of_rank(options.entities);
  for (uint32_t i = 0; i < name_of_rank.size(); ++i) name_of_rank[i] = i;
  for (uint64_t i = name_of_rank.size(); i > 1; --i) {
    std::swap(name_of_rank[i - 1], name_of_rank[Below(rng, i)]);
  }
  const std::vector<uint64_t> triples = DrawTriples(options, name_of_rank, rng);

  std::vector<uint32_t> degree(options.entities, 0);
  for (uint64_t t : triples) {
    ++degree[SubjectOf(t)];
    ++degree[ObjectOf(t)];
  }
  const uint64_t present = std::count_if(degree.begin(), degree.end(), [](uint32_t d) { return d > 0; });
  const uint32_t max_degree = *std::max_element(degree.begin(), degree.end());

  if (!WriteTsv(options, triples) || !WriteSeeds(options, triples, degree)) return 1;
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"entities\": %llu, \"entities_in_triples\": %llu, \"triples\": %zu, \"relations\": %d, "
      "\"max_degree\": %u, \"seed\": %llu, \"alpha\": %.3f, \"seconds\": %.3f}\n",
      static_cast<unsigned long long>(options.entities), static_cast<unsigned long long>(present),
      triples.size(), options.relations, max_degree, static_cast<unsigned long long>(options.seed),
      options.alpha, seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"graph_gen: a synthetic power-law knowledge graph as kg import TSV"};
  app.add_option("--entities", options.entities, "entity count")->capture_default_str()
      ->check(CLI::Range(uint64_t{2}, (uint64_t{1} << kEntityBits) - 1));
  app.add_option("--triples", options.triples, "distinct triples")->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{1} << 32));
  app.add_option("--relations", options.relations, "relation names")->capture_default_str()
      ->check(CLI::Range(1, kMaxRelations));
  app.add_option("--seed", options.seed, "random seed")->capture_default_str();
  app.add_option("--alpha", options.alpha, "Zipf exponent of entity weights")->capture_default_str()
      ->check(CLI::Range(0.0, 3.0));
  app.add_option("--queries", options.queries, "who and hood seeds each")->capture_default_str()
      ->check(CLI::Range(1u, 10000000u));
  app.add_option("--path-pairs", options.path_pairs, "path seeds")->capture_default_str()
      ->check(CLI::Range(1u, 10000000u));
  app.add_option("--lines-per-source", options.lines_per_source,
                 "statements per source column value (0: no source column)")
      ->capture_default_str();
  app.add_option("--out", options.out, "TSV to write")->required();
  app.add_option("--seeds", options.seeds, "seeds file to write")->required();
  CLI11_PARSE(app, argc, argv);

  // The pairs must fit: loops are excluded, so at most n*(n-1)*relations.
  const long double room = static_cast<long double>(options.entities) *
                           static_cast<long double>(options.entities - 1) * options.relations;
  if (static_cast<long double>(options.triples) > room / 2) {
    std::fprintf(stderr, "graph_gen: %llu triples do not fit %llu entities; use more entities\n",
                 static_cast<unsigned long long>(options.triples),
                 static_cast<unsigned long long>(options.entities));
    return 2;
  }
  try {
    return Run(options);
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "graph_gen: out of memory for %llu triples\n",
                 static_cast<unsigned long long>(options.triples));
    return 1;
  }
}
