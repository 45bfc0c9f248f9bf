#!/usr/bin/python3
"""NetworkX's side of the scale benchmark (see common.py for the output).

  networkx_bench.py GRAPH.tsv SEEDS [--limit TASK=N ...]

A MultiDiGraph keyed by relation answers "who R X"; an undirected simple
Graph built from it answers the traversals, because NetworkX's
shortest_simple_paths refuses multigraphs and undirected BFS over a
directed view is several times slower. Both count towards load time and
memory, as they would for anyone using NetworkX this way.
"""

import itertools
import sys
import time

import networkx as nx

import common


def load(path):
    directed = nx.MultiDiGraph()
    for subject, relation, obj in common.read_triples(path):
        directed.add_edge(subject, obj, key=relation)
    return directed, nx.Graph(directed)


def main():
    args = common.parse_args(__doc__)
    seeds = common.read_seeds(args.seeds)
    rss_before = common.rss_bytes()
    start = time.perf_counter()
    directed, undirected = load(args.tsv)
    load_s = time.perf_counter() - start
    rss_after = common.rss_bytes()
    max_depth, k = args.max_depth, args.k

    def who(seed):
        relation, name = seed
        return len({s for s, _, key in directed.in_edges(name, keys=True) if key == relation})

    adjacency = undirected.adj

    # Plain set unions over the adjacency: several times faster than
    # single_source_shortest_path_length(cutoff=k), which in NetworkX 2.8
    # also expands the ring beyond the cutoff.
    def hop1(name):
        return len(adjacency[name])

    def hop2(name):
        ring = adjacency[name]
        reached = set(ring)
        for v in ring:
            reached.update(adjacency[v])
        reached.discard(name)
        return len(reached)

    def path(pair):
        try:
            length = nx.shortest_path_length(undirected, pair[0], pair[1])
        except nx.NetworkXNoPath:
            return -1
        return length if length <= max_depth else -1

    def kpath(pair):
        try:
            paths = itertools.islice(nx.shortest_simple_paths(undirected, pair[0], pair[1]), k)
            return [len(p) - 1 for p in paths if len(p) - 1 <= max_depth]
        except nx.NetworkXNoPath:
            return []

    tasks = common.run_tasks(seeds, args.limits, {
        "who": ("who", who), "hop1": ("hood", hop1), "hop2": ("hood", hop2),
        "path": ("path", path), "kpath": ("path", kpath)})
    common.emit({
        "system": "networkx", "version": nx.__version__,
        "graph": {"vertices": directed.number_of_nodes(), "edges": directed.number_of_edges()},
        "load": {"open_load_s": load_s, "disk_bytes": None,
                 "rss_before_bytes": rss_before, "rss_after_load_bytes": rss_after},
        "tasks": tasks})


if __name__ == "__main__":
    sys.exit(main())
