// graph_query_bench: kg's side of the scale benchmark (bench/run). Opens a
// store, loads the graph, runs the queries of a seeds file (see graph_gen.cc)
// through kg's own query functions and prints JSON in the shape every peer
// program in bench/peers prints:
//
//   {"system": "kg", "load": {...}, "graph": {...},
//    "tasks": {"who": {"count", "median_us", "p99_us", "answers"}, ...}}
//
//   graph_query_bench --db STORE --seeds SEEDS [--limit TASK=N ...]
//
// Tasks: who (in-edges of X with relation R: distinct subjects), hop1 and
// hop2 (distinct vertices within 1 or 2 hops, either direction, centre
// excluded), path (fewest hops either direction, -1 when none within
// --max-depth) and kpath (hop counts of the --k shortest loopless paths).
// Each query's time includes resolving its names, as a shell user's would.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <numeric>
#include <sstream>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "graph/knowledge_graph.h"
#include "graph/loader.h"
#include "graph/neighbourhood.h"
#include "graph/paths.h"
#include "graph/store.h"
#include "graph/subgraph.h"

namespace kg::bench {
namespace {

using Json = nlohmann::ordered_json;
using graph::KnowledgeGraph;

struct Seeds {
  std::vector<std::pair<std::string, std::string>> who;  // relation, entity
  std::vector<std::string> hood;
  std::vector<std::pair<std::string, std::string>> path;
};

std::vector<std::string> SplitTabs(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream stream(line);
  std::string field;
  while (std::getline(stream, field, '\t')) fields.push_back(field);
  return fields;
}

Result<Seeds> ReadSeeds(const std::string& path) {
  std::ifstream input(path);
  if (!input) return Status::IOError("cannot read seeds " + path);
  Seeds seeds;
  std::string line;
  for (int number = 1; std::getline(input, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = SplitTabs(line);
    const std::string where = path + ":" + std::to_string(number);
    if (f[0] == "who" && f.size() == 3) {
      seeds.who.emplace_back(f[1], f[2]);
    } else if (f[0] == "hood" && f.size() == 2) {
      seeds.hood.push_back(f[1]);
    } else if (f[0] == "path" && f.size() == 3) {
      seeds.path.emplace_back(f[1], f[2]);
    } else {
      return Status::InvalidArgument(where + ": expected who R X, hood X or path A B");
    }
  }
  return seeds;
}

// Resident and peak resident set from /proc (bytes; 0 where unavailable).
uint64_t ProcStatusBytes(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stoull(line.substr(prefix.size())) * 1024;
  }
  return 0;
}

uint64_t PeakRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

uint64_t DiskBytes(const std::string& path) {
  uint64_t total = 0;
  std::error_code error;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
    if (entry.is_regular_file(error)) total += entry.file_size(error);
  }
  return total;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Nearest-rank percentile, the definition every program of the benchmark uses.
double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

// Runs `query` `count` times, timing each call; the answers go to JSON.
Result<Json> RunTask(size_t count, const std::function<Result<Json>(size_t)>& query) {
  std::vector<double> micros;
  Json answers = Json::array();
  for (size_t i = 0; i < count; ++i) {
    const auto start = std::chrono::steady_clock::now();
    Result<Json> answer = query(i);
    micros.push_back(Seconds(start) * 1e6);
    if (!answer.ok()) return answer.status();
    answers.push_back(std::move(*answer));
  }
  Json task;
  task["count"] = count;
  task["median_us"] = Percentile(micros, 0.5);
  task["p99_us"] = Percentile(micros, 0.99);
  task["total_s"] = std::accumulate(micros.begin(), micros.end(), 0.0) / 1e6;
  task["answers"] = std::move(answers);
  return task;
}

Result<graph::VertexId> Vertex(const KnowledgeGraph& graph, const std::string& name) {
  const std::optional<graph::VertexId> v = graph.FindVertex(name);
  if (!v) return Status::NotFound("seed entity '" + name + "' is not in the graph");
  return *v;
}

struct Limits {
  std::map<std::string, size_t> by_task;
  size_t For(const std::string& task, size_t available) const {
    const auto it = by_task.find(task);
    return it == by_task.end() ? available : std::min(it->second, available);
  }
};

struct QueryOptions {
  uint32_t max_depth = 6;
  size_t k = 3;
  Limits limits;
};

Result<Json> WhoTask(const KnowledgeGraph& graph, const Seeds& seeds, const QueryOptions& options) {
  return RunTask(options.limits.For("who", seeds.who.size()), [&](size_t i) -> Result<Json> {
    const auto& [relation, name] = seeds.who[i];
    Result<graph::VertexId> x = Vertex(graph, name);
    if (!x.ok()) return x.status();
    const std::optional<graph::RelationId> r = graph.FindRelation(relation);
    if (!r) return Json(0);
    graph::EdgeFilter filter;
    filter.relations.push_back(*r);
    std::unordered_set<graph::VertexId> subjects;
    for (graph::EdgeId e : graph::IncidentEdges(graph, *x, graph::Direction::kIn, filter)) {
      subjects.insert(graph.edge(e).source);
    }
    return Json(subjects.size());
  });
}

Result<Json> HoodTask(const KnowledgeGraph& graph, const Seeds& seeds, const QueryOptions& options,
                      uint32_t hops) {
  const std::string task = "hop" + std::to_string(hops);
  return RunTask(options.limits.For(task, seeds.hood.size()), [&](size_t i) -> Result<Json> {
    Result<graph::VertexId> centre = Vertex(graph, seeds.hood[i]);
    if (!centre.ok()) return centre.status();
    graph::NeighbourhoodOptions search;
    search.hops = hops;
    search.direction = graph::Direction::kBoth;
    search.subgraph = false;  // a count, as the peers answer it
    Result<graph::Neighbourhood> found = graph::FindNeighbourhood(graph, *centre, search);
    if (!found.ok()) return found.status();
    return Json(found->reached.size() - 1);
  });
}

using VertexPair = std::pair<graph::VertexId, graph::VertexId>;

// The vertices of a path seed's two names.
Result<VertexPair> PathEnds(const KnowledgeGraph& graph,
                            const std::pair<std::string, std::string>& names) {
  Result<graph::VertexId> from = Vertex(graph, names.first);
  if (!from.ok()) return from.status();
  Result<graph::VertexId> to = Vertex(graph, names.second);
  if (!to.ok()) return to.status();
  return VertexPair{*from, *to};
}

Result<Json> PathTask(const KnowledgeGraph& graph, const Seeds& seeds, const QueryOptions& options) {
  return RunTask(options.limits.For("path", seeds.path.size()), [&](size_t i) -> Result<Json> {
    Result<VertexPair> ends = PathEnds(graph, seeds.path[i]);
    if (!ends.ok()) return ends.status();
    graph::PathOptions search;
    search.max_length = options.max_depth;
    Result<graph::Path> path = graph::ShortestPath(graph, ends->first, ends->second, search);
    if (path.ok()) return Json(path->length());
    if (path.status().IsNotFound()) return Json(-1);  // none within max_depth
    return path.status();
  });
}

Result<Json> KPathTask(const KnowledgeGraph& graph, const Seeds& seeds, const QueryOptions& options) {
  return RunTask(options.limits.For("kpath", seeds.path.size()), [&](size_t i) -> Result<Json> {
    Result<VertexPair> ends = PathEnds(graph, seeds.path[i]);
    if (!ends.ok()) return ends.status();
    graph::PathOptions search;
    search.max_length = options.max_depth;
    search.max_results = options.k;
    Result<std::vector<graph::Path>> paths =
        graph::KShortestPaths(graph, ends->first, ends->second, search);
    if (!paths.ok()) return paths.status();
    Json lengths = Json::array();
    for (const graph::Path& path : *paths) lengths.push_back(path.length());
    return lengths;
  });
}

Status Run(const std::string& db, const std::string& seeds_path, const QueryOptions& options) {
  Result<Seeds> seeds = ReadSeeds(seeds_path);
  if (!seeds.ok()) return seeds.status();

  const uint64_t rss_before = ProcStatusBytes("VmRSS");
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<KnowledgeGraph> graph;
  {
    graph::StoreOptions store_options;
    store_options.read_only = true;
    Result<std::unique_ptr<graph::Store>> store = graph::Store::Open(db, store_options);
    if (!store.ok()) return store.status();
    Result<std::unique_ptr<KnowledgeGraph>> loaded = graph::LoadGraph(**store);
    if (!loaded.ok()) return loaded.status();
    graph = std::move(*loaded);
  }
  const double load_seconds = Seconds(start);
  const uint64_t rss_after = ProcStatusBytes("VmRSS");
  const uint64_t peak_after_load = ProcStatusBytes("VmHWM");

  Json out;
  out["system"] = "kg";
  out["graph"] = {{"vertices", graph->vertex_count()},
                  {"edges", graph->edge_count()},
                  {"relations", graph->relation_count()}};
  Json tasks;
  Result<Json> who = WhoTask(*graph, *seeds, options);
  if (!who.ok()) return who.status().WithContext("who");
  tasks["who"] = std::move(*who);
  for (uint32_t hops : {1u, 2u}) {
    Result<Json> hood = HoodTask(*graph, *seeds, options, hops);
    if (!hood.ok()) return hood.status().WithContext("hop" + std::to_string(hops));
    tasks["hop" + std::to_string(hops)] = std::move(*hood);
  }
  Result<Json> path = PathTask(*graph, *seeds, options);
  if (!path.ok()) return path.status().WithContext("path");
  tasks["path"] = std::move(*path);
  Result<Json> kpath = KPathTask(*graph, *seeds, options);
  if (!kpath.ok()) return kpath.status().WithContext("kpath");
  tasks["kpath"] = std::move(*kpath);

  const double edges = std::max<double>(1, static_cast<double>(graph->edge_count()));
  out["load"] = {{"open_load_s", load_seconds},
                 {"disk_bytes", DiskBytes(db)},
                 {"rss_before_bytes", rss_before},
                 {"rss_after_load_bytes", rss_after},
                 {"peak_rss_after_load_bytes", peak_after_load},
                 {"bytes_per_triple", static_cast<double>(peak_after_load - rss_before) / edges},
                 {"peak_rss_bytes", PeakRssBytes()}};
  out["tasks"] = std::move(tasks);
  std::cout << out.dump() << '\n';
  return Status::Ok();
}

// "who=1000" -> {"who", 1000}.
Status ParseLimit(const std::string& text, Limits* limits) {
  const size_t equals = text.find('=');
  if (equals == std::string::npos) return Status::InvalidArgument("--limit " + text + ": expected TASK=N");
  try {
    limits->by_task[text.substr(0, equals)] = std::stoul(text.substr(equals + 1));
  } catch (const std::exception&) {
    return Status::InvalidArgument("--limit " + text + ": N is not a number");
  }
  return Status::Ok();
}

}  // namespace
}  // namespace kg::bench

int main(int argc, char** argv) {
  CLI::App app{"graph_query_bench: kg's load time and query latencies on a seeds file"};
  std::string db;
  std::string seeds;
  std::vector<std::string> limits;
  kg::bench::QueryOptions options;
  app.add_option("--db", db, "store directory")->required();
  app.add_option("--seeds", seeds, "seeds file (graph_gen --seeds)")->required();
  app.add_option("--limit", limits, "TASK=N: run only the first N seeds of a task");
  app.add_option("--max-depth", options.max_depth, "longest path searched")->capture_default_str();
  app.add_option("--k", options.k, "paths for kpath")->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  for (const std::string& limit : limits) {
    kg::Status parsed = kg::bench::ParseLimit(limit, &options.limits);
    if (!parsed.ok()) {
      std::cerr << "graph_query_bench: " << parsed.message() << '\n';
      return 2;
    }
  }
  try {
    kg::Status status = kg::bench::Run(db, seeds, options);
    if (!status.ok()) {
      std::cerr << "graph_query_bench: " << status.message() << '\n';
      return 1;
    }
  } catch (const std::exception& error) {
    std::cerr << "graph_query_bench: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
