"""Cross-checks the answers of every system and compares kg with a baseline.

Answers that must agree: who (distinct subjects), hop1 and hop2 (distinct
vertices), path (hop count, -1 when none within the depth limit). Each
system may have answered a prefix of the seeds (slow peers get fewer); the
common prefix is compared. kpath is compared only between systems that count
parallel edges as different paths (kg and igraph): a difference there is a
warning, since NetworkX's simple graph has no parallel edges by design."""

CHECKED_TASKS = ("who", "hop1", "hop2", "path")
MULTIGRAPH_KPATH = ("kg", "igraph")
REGRESSION_LIMIT = 0.20


def _describe(seeds, task, index):
    if task == "who":
        relation, entity = seeds["who"][index]
        return f"who {relation} {entity}"
    if task in ("hop1", "hop2"):
        return f"{task} {seeds['hood'][index]}"
    a, b = seeds["path"][index]
    return f"{task} {a} -> {b}"


def cross_check(answers, seeds):
    """answers: system -> task -> list. Returns (mismatches, warnings), one
    line each naming the query and every system's answer."""
    mismatches, warnings = [], []
    for task in CHECKED_TASKS:
        have = {s: a[task] for s, a in answers.items() if isinstance(a.get(task), list)}
        if len(have) < 2:
            continue
        common = min(len(a) for a in have.values())
        for i in range(common):
            values = {s: a[i] for s, a in have.items()}
            if len(set(map(str, values.values()))) > 1:
                shown = ", ".join(f"{s} {v}" for s, v in values.items())
                mismatches.append(f"query {i + 1} ({_describe(seeds, task, i)}): {shown}")
    have = {s: answers[s]["kpath"] for s in MULTIGRAPH_KPATH
            if s in answers and isinstance(answers[s].get("kpath"), list)}
    if len(have) == 2:
        common = min(len(a) for a in have.values())
        for i in range(common):
            values = {s: a[i] for s, a in have.items()}
            if len({str(v) for v in values.values()}) > 1:
                shown = ", ".join(f"{s} {v}" for s, v in values.items())
                warnings.append(f"query {i + 1} ({_describe(seeds, 'kpath', i)}): {shown}")
    return mismatches, warnings


def regressions(results, baseline):
    """kg's median per task (and open+load) against the baseline's; a list
    of {task, baseline, now, change} for slowdowns above REGRESSION_LIMIT,
    or None when the baseline is for another configuration."""
    if baseline.get("config") != results.get("config"):
        return None
    now = results["systems"].get("kg", {})
    before = baseline.get("systems", {}).get("kg", {})
    found = []
    pairs = [(task, (now.get("tasks", {}).get(task) or {}).get("median_us"),
              (before.get("tasks", {}).get(task) or {}).get("median_us"))
             for task in ("who", "hop1", "hop2", "path", "kpath")]
    pairs.append(("open+load", now.get("open_load_s"), before.get("open_load_s")))
    pairs.append(("import", now.get("import_s"), before.get("import_s")))
    for task, value, old in pairs:
        if isinstance(value, (int, float)) and isinstance(old, (int, float)) and old > 0:
            change = value / old - 1
            if change > REGRESSION_LIMIT:
                found.append({"task": task, "baseline": old, "now": value, "change": change})
    return found
