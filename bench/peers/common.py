"""What the Python peer programs of the scale benchmark share.

Each peer (igraph_bench.py, networkx_bench.py, sqlite_bench.py) reads the
benchmark TSV (see bench/graph_gen.cc) and the seeds file, loads the graph
its own way, runs the tasks and prints one JSON object on stdout in the shape
graph_query_bench prints for kg:

  {"system": ..., "load": {...}, "graph": {...},
   "tasks": {"who": {"count", "median_us", "p99_us", "total_s", "answers"},
             ..., "kpath": "n/a"}}
"""

import argparse
import json
import math
import os
import resource
import sys
import time


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("tsv", help="triples: subject TAB relation TAB object [...]")
    parser.add_argument("seeds", help="seeds file written by graph_gen")
    parser.add_argument("--db", help="where a peer with a store keeps it")
    parser.add_argument("--limit", action="append", default=[],
                        help="TASK=N: run only the first N seeds of a task")
    parser.add_argument("--max-depth", type=int, default=6)
    parser.add_argument("--k", type=int, default=3)
    parser.add_argument("--phase", choices=["import", "query", "all"], default="all",
                        help="peers with a store: build it, query it, or both")
    args = parser.parse_args()
    limits = {}
    for item in args.limit:
        task, _, count = item.partition("=")
        if not count.isdigit():
            parser.error(f"--limit {item}: expected TASK=N")
        limits[task] = int(count)
    args.limits = limits
    return args


def read_triples(path):
    """Yields (subject, relation, object) from the TSV, skipping comments,
    blank lines and the header, as kg import does."""
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip() or line[0] == "#":
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 3 or fields[:3] == ["subject", "relation", "object"]:
                continue
            yield fields[0].strip(), fields[1].strip(), fields[2].strip()


def read_seeds(path):
    seeds = {"who": [], "hood": [], "path": []}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip() or line[0] == "#":
                continue
            fields = line.rstrip("\n").split("\t")
            kind = fields[0]
            if kind == "hood" and len(fields) == 2:
                seeds["hood"].append(fields[1])
            elif kind in ("who", "path") and len(fields) == 3:
                seeds[kind].append((fields[1], fields[2]))
            else:
                sys.exit(f"{path}:{number}: expected who R X, hood X or path A B")
    return seeds


def percentile(values, p):
    """Nearest rank, as graph_query_bench computes it."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p * len(ordered))))
    return ordered[rank - 1]


def run_task(task, items, limit, query):
    """Times query(item) for the first `limit` items. A failing query ends the
    program with a message naming the task and the seed."""
    chosen = items if limit is None else items[:limit]
    micros, answers = [], []
    for item in chosen:
        start = time.perf_counter()
        try:
            answer = query(item)
        except Exception as error:  # the peer library's own exception types
            sys.exit(f"{task} {item!r}: {type(error).__name__}: {error}")
        micros.append((time.perf_counter() - start) * 1e6)
        answers.append(answer)
    return {"count": len(chosen), "median_us": percentile(micros, 0.5),
            "p99_us": percentile(micros, 0.99), "total_s": sum(micros) / 1e6,
            "answers": answers}


def run_tasks(seeds, limits, queries):
    """queries: task name -> (seed list name, function), or "n/a"."""
    tasks = {}
    for task, spec in queries.items():
        if spec == "n/a":
            tasks[task] = "n/a"
            continue
        kind, query = spec
        tasks[task] = run_task(task, seeds[kind], limits.get(task), query)
    return tasks


def rss_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def disk_bytes(path):
    if not path or not os.path.exists(path):
        return None
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def emit(result):
    result.setdefault("load", {})["peak_rss_bytes"] = peak_rss_bytes()
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
