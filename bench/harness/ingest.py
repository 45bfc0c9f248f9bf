"""The ingest section: news articles through `kg ingest` with 1 and 2 threads.

Corpus: samples/articles plus the news in the shared data folder. kg's reader
takes .txt, .md and .jsonl, so the BBC articles (one .txt each) are read as
they are, and the Reuters-21578 SGML is converted to JSON lines once, in the
work folder (full runs only). --small reads BBC business alone."""

import glob
import html
import json
import os
import re
import shutil

from harness import children

_REUTERS = re.compile(r"<REUTERS\b.*?</REUTERS>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)</BODY>", re.S)
_SUMMARY = re.compile(r"ingested (\d+) articles \((\d+) skipped as duplicates, (\d+) with warnings\): "
                      r"(\d+) sentences, (\d+) triples in ([\d.]+)s")


def _reuters_jsonl(source_dir, work_dir):
    """Converts reut2-*.sgm to one JSON line per story with a body; returns
    the path (reused when already converted)."""
    target = os.path.join(work_dir, "reuters21578.jsonl")
    if os.path.exists(target):
        return target
    partial = target + ".partial"
    with open(partial, "w", encoding="utf-8") as out:
        for path in sorted(glob.glob(os.path.join(source_dir, "reut2-*.sgm"))):
            # Latin-1 maps every byte, so the one stray byte cannot stop the run.
            with open(path, encoding="latin-1") as sgm:
                text = sgm.read()
            for story in _REUTERS.findall(text):
                body = _BODY.search(story)
                if not body:
                    continue
                title = _TITLE.search(story)
                record = {"title": html.unescape(title.group(1)).strip() if title else "",
                          "text": html.unescape(body.group(1)).replace("\x03", "").strip()}
                out.write(json.dumps(record) + "\n")
    os.replace(partial, target)
    return target


def corpus(repo, shared_data, work_dir, small):
    """The paths to ingest and what they hold, or (None, reason)."""
    news = os.path.join(shared_data, "news")
    if not os.path.isdir(news):
        return None, f"{news} is absent"
    paths = [os.path.join(repo, "samples", "articles")]
    if small:
        paths.append(os.path.join(news, "bbc", "business"))
    else:
        paths.append(os.path.join(news, "bbc"))
        reuters = os.path.join(news, "reuters21578")
        if glob.glob(os.path.join(reuters, "reut2-*.sgm")):
            paths.append(_reuters_jsonl(reuters, work_dir))
    paths = [p for p in paths if os.path.exists(p)]
    return {"paths": paths, "shown": [os.path.relpath(p, repo) for p in paths],
            **count_words(paths)}, ""


def count_words(paths):
    """Articles and white-space separated words, as kg's reader sees them."""
    articles = words = 0
    for path in paths:
        files = [path] if os.path.isfile(path) else sorted(
            os.path.join(root, name) for root, dirs, names in os.walk(path)
            for name in names if name.endswith((".txt", ".md")) and not name.startswith("."))
        for name in files:
            with open(name, encoding="utf-8", errors="replace") as handle:
                if name.endswith(".jsonl"):
                    for line in handle:
                        record = json.loads(line)
                        articles += 1
                        words += len(record.get("title", "").split()) + len(record["text"].split())
                else:
                    articles += 1
                    words += len(handle.read().split())
    return {"articles": articles, "words": words}


def run(kg, paths, words, threads, store, timeout):
    """One `kg ingest --threads N` into a fresh store; the measured figures."""
    shutil.rmtree(store, ignore_errors=True)
    outcome = children.run([kg, "ingest", "--threads", threads, "--db", store, *paths],
                           timeout=timeout)
    if not outcome.ok:
        return {"threads": threads, "status": "failed", "reason": outcome.failure()}
    match = _SUMMARY.search(outcome.stdout)
    if not match:
        return {"threads": threads, "status": "failed",
                "reason": "no summary line in kg ingest's output"}
    articles, duplicates, _, sentences, triples = (int(g) for g in match.groups()[:5])
    seconds = outcome.seconds
    return {"threads": threads, "status": "ok", "articles": articles, "duplicates": duplicates,
            "sentences": sentences, "triples": triples, "words": words,
            "seconds": seconds, "kg_seconds": float(match.group(6)),
            "articles_per_s": articles / seconds, "words_per_s": words / seconds,
            "triples_per_s": triples / seconds, "peak_rss_bytes": outcome.peak_rss_bytes,
            "disk_bytes": disk_bytes(store)}


def disk_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, names in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, n)) for n in names)
    return total
