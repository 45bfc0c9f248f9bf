"""Turns the collected results into the terminal tables, the issue's targets
and the bar chart (gnuplot)."""

import math
import os
import shutil
import subprocess

TASKS = ("who", "hop1", "hop2", "path", "kpath")
SYSTEMS = ("kg", "kuzu", "igraph", "networkx", "sqlite")
MB = 1024 * 1024


def _table(header, rows):
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def _num(value, digits=1, scale=1.0):
    if not isinstance(value, (int, float)):
        return "-"
    return f"{value / scale:,.{digits}f}"


def _ratio(kg, peer):
    if not isinstance(kg, (int, float)) or not isinstance(peer, (int, float)) or peer <= 0:
        return "-"
    return f"{kg / peer:.3g}x"


def load_table(results, slow):
    """slow: kg figures flagged against the baseline ("import", "open+load")."""
    rows = []
    triples = results.get("generator", {}).get("triples")
    for name in SYSTEMS:
        system = results["systems"].get(name)
        if not system:
            continue
        if system.get("status") != "ok":
            rows.append([name, system.get("status", "?") + ": " + system.get("reason", ""),
                         "", "", "", "", ""])
            continue
        import_s = system.get("import_s")
        rate = triples / import_s if triples and isinstance(import_s, (int, float)) else None
        flag = (lambda key: slow.get(key, "") if name == "kg" else "")
        rows.append([name, _num(import_s, 2) + flag("import"), _num(rate, 0),
                     _num(system.get("open_load_s"), 2) + flag("open+load"),
                     _num(system.get("disk_bytes"), 1, MB), _num(system.get("peak_rss_bytes"), 1, MB),
                     _num(system.get("import_peak_rss_bytes"), 1, MB)])
    return _table(["system", "import s", "triples/s", "open+load s", "disk MB", "peak RSS MB",
                   "import RSS MB"], rows)


def latency_table(results, slow_tasks):
    """Per task and system: seeds run, median and p99 µs, and kg/peer on the
    median (below 1: kg is faster). slow_tasks: kg tasks flagged against
    the baseline."""
    systems = results["systems"]
    kg_tasks = systems.get("kg", {}).get("tasks", {})
    rows = []
    for task in TASKS:
        kg_median = (kg_tasks.get(task) or {}).get("median_us")
        for name in SYSTEMS:
            system = systems.get(name)
            if not system or system.get("status") != "ok":
                continue
            entry = system.get("tasks", {}).get(task)
            if not isinstance(entry, dict):
                rows.append([task, name, "n/a", "", "", ""])
                continue
            ratio = "-" if name == "kg" else _ratio(kg_median, entry["median_us"])
            flag = slow_tasks.get(task, "") if name == "kg" else ""
            rows.append([task, name, entry["count"], _num(entry["median_us"]),
                         _num(entry["p99_us"]), ratio + flag])
    return _table(["task", "system", "queries", "median us", "p99 us", "kg/peer"], rows)


def ingest_table(ingest):
    if ingest.get("status") != "ok":
        return "ingest: skipped: " + ingest.get("reason", "")
    rows = []
    for run in ingest["runs"]:
        if run.get("status") != "ok":
            rows.append([run["threads"], "failed: " + run.get("reason", ""), "", "", "", "", ""])
            continue
        rows.append([run["threads"], run["articles"], _num(run["seconds"], 1),
                     _num(run["articles_per_s"], 1), _num(run["words_per_s"], 0),
                     _num(run["triples_per_s"], 1), _num(run["peak_rss_bytes"], 1, MB)])
    corpus = ingest["corpus"]
    head = (f"ingest: {corpus['articles']:,} articles, {corpus['words']:,} words "
            f"({', '.join(corpus['shown'])})")
    return head + "\n" + _table(["threads", "articles", "wall s", "articles/s", "words/s",
                                 "triples/s", "peak RSS MB"], rows)


def targets(results):
    """The issue's targets: [name, measured, goal, PASS/FAIL/-]."""
    rows = []

    def add(name, value, goal, passed):
        rows.append([name, value, goal, "-" if passed is None else ("PASS" if passed else "FAIL")])

    ingest = results.get("ingest", {})
    two = [r for r in ingest.get("runs", []) if r.get("threads") == 2 and r.get("status") == "ok"]
    if two:
        add("ingest, 2 threads", f"{two[0]['words_per_s']:,.0f} words/s", ">= 20,000 words/s",
            two[0]["words_per_s"] >= 20000)
    else:
        add("ingest, 2 threads", "not run", ">= 20,000 words/s", None)

    kg = results["systems"].get("kg", {})
    triples = results.get("generator", {}).get("triples") or 0
    if kg.get("status") == "ok":
        rate = triples / kg["import_s"] if kg.get("import_s") else 0
        add("bulk import (kg import)", f"{rate:,.0f} triples/s", ">= 500,000 triples/s",
            rate >= 500000)
        load_s = kg["open_load_s"]
        full = triples >= 10_000_000
        value = f"{load_s:.2f} s at {triples:,} triples"
        if not full and triples:
            value += f" (x{10_000_000 / triples:.0f} = ~{load_s * 10_000_000 / triples:.0f} s)"
        add("open store + load graph, 10M triples", value, "< 5 s",
            load_s < 5 if full else (load_s * 10_000_000 / triples < 5 if triples else None))
        bpt = kg.get("bytes_per_triple")
        add("loaded graph memory", f"{bpt:.0f} bytes/triple" if bpt else "-", "< 64 bytes/triple",
            bpt < 64 if bpt else None)
        for task in ("who", "hop1", "hop2", "path"):
            mine = (kg.get("tasks", {}).get(task) or {}).get("median_us")
            peers = {n: s["tasks"][task]["median_us"] for n, s in results["systems"].items()
                     if n != "kg" and s.get("status") == "ok"
                     and isinstance(s.get("tasks", {}).get(task), dict)}
            if mine is None or not peers:
                add(f"{task}: faster than every peer", "-", "kg median < each peer's", None)
                continue
            best = min(peers, key=peers.get)
            add(f"{task}: faster than every peer",
                f"kg {mine:,.1f} us, best peer {best} {peers[best]:,.1f} us",
                "kg median < each peer's", mine < peers[best])
    shell = results.get("shell_start", {})
    if shell.get("status") == "ok":
        add("shell start on samples/", f"{shell['median_ms']:.1f} ms", "< 50 ms",
            shell["median_ms"] < 50)
    else:
        add("shell start on samples/", shell.get("reason", "not run"), "< 50 ms", None)
    return rows


def targets_table(rows):
    return _table(["target", "measured", "goal", "result"], rows)


def chart(results, path, log):
    """A clustered bar chart of median latency per task, one bar per system,
    on a log scale. Returns '' or why there is no chart."""
    if shutil.which("gnuplot") is None:
        return "gnuplot is not installed"
    systems = [n for n in SYSTEMS if results["systems"].get(n, {}).get("status") == "ok"]
    data_path = path + ".dat"
    lowest = float("inf")
    with open(data_path, "w") as data:
        data.write("task " + " ".join(systems) + "\n")
        for task in TASKS:
            values = []
            for name in systems:
                entry = results["systems"][name].get("tasks", {}).get(task)
                if isinstance(entry, dict) and entry["median_us"] > 0:
                    values.append(f"{entry['median_us']:.3f}")
                    lowest = min(lowest, entry["median_us"])
                else:
                    values.append("-")
            data.write(task + " " + " ".join(values) + "\n")
    config = results["config"]
    title = (f"median latency per query, {config['entities']:,} entities / "
             f"{config['triples']:,} triples (lower is better; n/a bars missing)")
    script = f"""
set terminal pngcairo size 1000,560 font ",10"
set output "{path}"
set title "{title}"
set datafile missing "-"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 10
set yrange [{10 ** math.floor(math.log10(lowest / 2)) if lowest < float("inf") else 1}:*]
set format y "10^{{%L}}"
set ylabel "microseconds (log scale)"
set grid ytics
set key top left
plot for [i=2:{len(systems) + 1}] "{data_path}" using i:xtic(1) title columnheader(i)
"""
    result = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    os.remove(data_path)
    if result.returncode != 0:
        return "gnuplot failed: " + (result.stderr.strip().splitlines() or ["?"])[-1]
    return ""
