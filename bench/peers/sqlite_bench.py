#!/usr/bin/python3
"""SQLite's side of the scale benchmark (see common.py for the output).

  sqlite_bench.py GRAPH.tsv SEEDS --db FILE [--phase import|query|all]
                  [--limit TASK=N ...]

--phase import builds the database and prints {"import_s": ...}; --phase
query opens the one built before, so that each phase's memory is measured
in its own process.

Schema: entity(id, name UNIQUE), relation(id, name UNIQUE) and
edge(s, r, o) with covering indexes both ways, (s, r, o) and (o, r, s), so
"who R X" and each direction of a traversal is an index range scan.
Neighbourhoods are recursive CTEs. Shortest paths are recursive CTEs grown
from both ends (ball radii (1,1), (2,1), (2,2), (3,2), (3,3)) and joined, so
the first radii whose balls meet give the exact hop count; this is much
cheaper than one CTE walking 6 hops from one end. k shortest paths: "n/a".
"""

import os
import sqlite3
import sys
import time

import common

SCHEMA = """
CREATE TABLE entity(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE relation(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE edge(s INTEGER NOT NULL, r INTEGER NOT NULL, o INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX edge_sro ON edge(s, r, o);
CREATE INDEX edge_ors ON edge(o, r, s);
"""

WHO = """
SELECT COUNT(DISTINCT e.s) FROM edge e
WHERE e.o = (SELECT id FROM entity WHERE name = ?2)
  AND e.r = (SELECT id FROM relation WHERE name = ?1)
"""

# Vertices within ?2 hops of the entity named ?1, either direction.
HOOD = """
WITH RECURSIVE
  ball(v, d) AS (
    SELECT id, 0 FROM entity WHERE name = ?1
    UNION
    SELECT e.o, b.d + 1 FROM ball b JOIN edge e ON e.s = b.v WHERE b.d < ?2
    UNION
    SELECT e.s, b.d + 1 FROM ball b JOIN edge e ON e.o = b.v WHERE b.d < ?2)
SELECT COUNT(DISTINCT v) - 1 FROM ball
"""

# The fewest hops between ?1 and ?2 among paths of at most ?3 + ?4 hops.
MEET = """
WITH RECURSIVE
  a(v, d) AS (
    SELECT id, 0 FROM entity WHERE name = ?1
    UNION SELECT e.o, a.d + 1 FROM a JOIN edge e ON e.s = a.v WHERE a.d < ?3
    UNION SELECT e.s, a.d + 1 FROM a JOIN edge e ON e.o = a.v WHERE a.d < ?3),
  b(v, d) AS (
    SELECT id, 0 FROM entity WHERE name = ?2
    UNION SELECT e.o, b.d + 1 FROM b JOIN edge e ON e.s = b.v WHERE b.d < ?4
    UNION SELECT e.s, b.d + 1 FROM b JOIN edge e ON e.o = b.v WHERE b.d < ?4),
  near_a(v, d) AS (SELECT v, MIN(d) FROM a GROUP BY v),
  near_b(v, d) AS (SELECT v, MIN(d) FROM b GROUP BY v)
SELECT MIN(near_a.d + near_b.d) FROM near_a JOIN near_b USING (v)
"""


def load(tsv, path):
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path)
    db.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + SCHEMA)
    entities, relations = {}, {}

    def rows():
        for subject, relation, obj in common.read_triples(tsv):
            yield (entities.setdefault(subject, len(entities)),
                   relations.setdefault(relation, len(relations)),
                   entities.setdefault(obj, len(entities)))

    with db:
        db.executemany("INSERT INTO edge VALUES (?, ?, ?)", rows())
        db.executemany("INSERT INTO entity VALUES (?, ?)", ((i, n) for n, i in entities.items()))
        db.executemany("INSERT INTO relation VALUES (?, ?)", ((i, n) for n, i in relations.items()))
    db.executescript(INDEXES + "ANALYZE;")
    db.close()


def main():
    args = common.parse_args(__doc__)
    if not args.db:
        sys.exit("sqlite_bench: --db FILE is required")
    seeds = common.read_seeds(args.seeds)
    import_s = None
    if args.phase != "query":
        start = time.perf_counter()
        load(args.tsv, args.db)
        import_s = time.perf_counter() - start
        if args.phase == "import":
            common.emit({"system": "sqlite", "load": {"import_s": import_s}})
            return 0
    if not os.path.exists(args.db):
        sys.exit(f"sqlite_bench: no database at {args.db}; run --phase import first")

    rss_before = common.rss_bytes()
    start = time.perf_counter()
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA cache_size = -1048576")  # 1 GiB, so reads stay in memory
    edges = db.execute("SELECT COUNT(*) FROM edge").fetchone()[0]  # touches the table once
    vertices = db.execute("SELECT COUNT(*) FROM entity").fetchone()[0]
    open_s = time.perf_counter() - start
    rss_after = common.rss_bytes()
    max_depth = args.max_depth

    def who(seed):
        return db.execute(WHO, seed).fetchone()[0]

    def hood(hops):
        return lambda name: db.execute(HOOD, (name, hops)).fetchone()[0]

    def path(pair):
        for total in range(min(2, max_depth), max_depth + 1):
            radius_a, radius_b = (total + 1) // 2, total // 2
            found = db.execute(MEET, (pair[0], pair[1], radius_a, radius_b)).fetchone()[0]
            if found is not None:
                return found
        return -1

    tasks = common.run_tasks(seeds, args.limits, {
        "who": ("who", who), "hop1": ("hood", hood(1)), "hop2": ("hood", hood(2)),
        "path": ("path", path), "kpath": "n/a"})
    common.emit({
        "system": "sqlite", "version": sqlite3.sqlite_version,
        "graph": {"vertices": vertices, "edges": edges},
        "load": {"import_s": import_s, "open_load_s": open_s,
                 "disk_bytes": common.disk_bytes(args.db),
                 "rss_before_bytes": rss_before, "rss_after_load_bytes": rss_after},
        "tasks": tasks})


if __name__ == "__main__":
    sys.exit(main())
