#!/usr/bin/python3
"""python-igraph's side of the scale benchmark (see common.py for the output).

  igraph_bench.py GRAPH.tsv SEEDS [--limit TASK=N ...]

The graph is a directed igraph multigraph with the relation as an edge
attribute; traversals use mode="all" to ignore direction. Names map to
vertex ids through a dict, once per query, as kg's FindVertex does.
"""

import sys
import time

import igraph

import common


def load(path):
    ids, edges, relations = {}, [], []
    for subject, relation, obj in common.read_triples(path):
        s = ids.setdefault(subject, len(ids))
        o = ids.setdefault(obj, len(ids))
        edges.append((s, o))
        relations.append(relation)
    graph = igraph.Graph(n=len(ids), edges=edges, directed=True,
                         edge_attrs={"rel": relations})
    return graph, ids


def main():
    args = common.parse_args(__doc__)
    seeds = common.read_seeds(args.seeds)
    rss_before = common.rss_bytes()
    start = time.perf_counter()
    graph, ids = load(args.tsv)
    load_s = time.perf_counter() - start
    rss_after = common.rss_bytes()
    rel = graph.es["rel"]
    max_depth, k = args.max_depth, args.k

    def who(seed):
        relation, name = seed
        x = ids[name]
        return len({graph.es[e].source for e in graph.incident(x, mode="in") if rel[e] == relation})

    def hood(hops):
        return lambda name: len(graph.neighborhood(ids[name], order=hops, mode="all")) - 1

    def path(pair):
        # get_shortest_paths stops the search once the target is reached.
        vertices = graph.get_shortest_paths(ids[pair[0]], to=ids[pair[1]], mode="all")[0]
        length = len(vertices) - 1
        return length if 0 <= length <= max_depth else -1

    def kpath(pair):
        paths = graph.get_k_shortest_paths(ids[pair[0]], ids[pair[1]], k=k, mode="all")
        return [len(p) - 1 for p in paths if len(p) - 1 <= max_depth]

    tasks = common.run_tasks(seeds, args.limits, {
        "who": ("who", who), "hop1": ("hood", hood(1)), "hop2": ("hood", hood(2)),
        "path": ("path", path), "kpath": ("path", kpath)})
    common.emit({
        "system": "igraph", "version": igraph.__version__,
        "graph": {"vertices": graph.vcount(), "edges": graph.ecount()},
        "load": {"open_load_s": load_s, "disk_bytes": None,
                 "rss_before_bytes": rss_before, "rss_after_load_bytes": rss_after},
        "tasks": tasks})


if __name__ == "__main__":
    sys.exit(main())
