"""The scale benchmarks in one command, printed as one table.

    .venv/bin/python benchmarks/run.py                                # 10k, 50k and 180k documents
    .venv/bin/python benchmarks/run.py --sizes 2000,10000 --work /tmp/pgbench   # a quick run

For every size N it makes (or reuses) a synthetic corpus with ``benchmarks/synth.py --docs N``
in ``WORK/synth-N`` and runs ``policygraph build WORK/synth-N --store WORK/store-N --jobs J``
as a separate process from an empty store, sampling the resident memory of the whole process
tree (build process and its workers) every 0.2 s.  Then, on the largest size:

* extraction throughput, one process, against the floor for touching the text (read the file,
  decode, two simple patterns: a 文号 and a 《title》), over the same files;
* ``policygraph optimize`` (compaction) on that store, timed, then
* the median latency of every saved query (``policygraph query --saved``; example parameters
  from each query's own description), after one warm-up run;
* the time of ``policygraph build`` after one document changed, and after nothing changed;
* extraction accuracy against the synthetic truth (``synth_check.py``).

Each figure is measured in this run, side by side; nothing is carried over from earlier runs.
Stores are deleted after their size is measured unless ``--keep``; the largest is kept for the
query and incremental figures and deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

GOALS = {"build_seconds_180k": 300, "rss_gb": 4.0, "floor_share": 0.25, "query_ms": 100, "incremental_s": 2.0}


# --- measuring a process tree ----------------------------------------------------------------

def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_measured(cmd: list[str], cwd: Path = ROOT) -> tuple[float, int, str]:
    """(wall seconds, peak RSS of the process tree in bytes, stdout) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-2000:]}")
    return wall, peak, out


# --- the pieces ----------------------------------------------------------------------------------

def ensure_corpus(n: int, work: Path, jobs: int) -> Path:
    out = work / f"synth-{n}"
    if (out / "truth.jsonl").exists() and sum(1 for _ in out.glob("n*.txt")) == n:
        return out
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--docs", str(n), "--seed", "7",
                    "--out", str(out), "--jobs", str(jobs)], check=True, stdout=subprocess.DEVNULL)
    return out


def corpus_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("n*.txt"))


def full_build(corpus: Path, store: Path, jobs: int) -> dict:
    shutil.rmtree(store, ignore_errors=True)
    cmd = [sys.executable, "-m", "policygraph.cli", "build", str(corpus), "--store", str(store),
           "--jobs", str(jobs), "--format", "json"]
    wall, peak, out = run_measured(cmd)
    summary = json.loads(out.strip().splitlines()[-1])
    return {"wall": wall, "rss": peak, "summary": summary}


def throughput(corpus: Path, sample: int) -> dict:
    """Extraction vs the floor, one process, the same files, best of two passes each."""
    from policygraph.corpus import read_document
    from policygraph.extractors.pipeline import extract_document

    files = sorted(corpus.glob("n*.txt"))[:sample]
    size = sum(p.stat().st_size for p in files)
    number = re.compile(r"[〔\[（(【［][0-9]{4}[〕\]）)】］][0-9]+号")
    title = re.compile(r"《[^《》\n]{1,80}》")

    def floor() -> None:
        for p in files:
            data = p.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("gb18030", errors="replace")
            number.findall(text)
            title.findall(text)

    def extract() -> None:
        for p in files:
            extract_document(read_document(p))

    def best(fn) -> float:  # type: ignore[no-untyped-def]
        times = []
        for _ in range(2):
            t = time.process_time()
            fn()
            times.append(time.process_time() - t)
        return min(times)

    t_floor, t_extract = best(floor), best(extract)
    return {"files": len(files), "mb": size / 1e6, "floor_mbs": size / 1e6 / t_floor,
            "extract_mbs": size / 1e6 / t_extract, "ms_per_doc": t_extract * 1000 / len(files)}


def parameters(corpus: Path) -> dict[str, str]:
    """Query parameters that hit real answers in the synthetic corpus (from its truth file):
    the most cited 文号, a county document citing up its chain, a (citing, cited) 文号 pair, a
    law cited by its name, a body with measures, a title with targets.

    ``title`` names one document as a reader would, by what it is about: its title after 关于,
    or the title a 印发 notice gives out (``targets`` is "quantitative targets of a document").
    ``title_prefix`` is the first 12 characters of the same title, at these corpus sizes an
    issuer's prefix (江苏省人民政府办公厅关于) that a thousand and more titles share, timed
    apart as the wide case (see :func:`query_latency`)."""
    from collections import Counter

    cited: Counter[str] = Counter()
    laws: Counter[str] = Counter()
    bodies: Counter[str] = Counter()
    doc = pair = title = None
    with open(corpus / "truth.jsonl", encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line)
            for r in t["references"]:
                if r.get("doc_number"):
                    cited[r["doc_number"]] += 1
                    if pair is None and t["doc_number"]:
                        pair = (t["doc_number"], r["doc_number"])
                elif r.get("target") is None and r.get("title"):
                    laws[r["title"].strip("《》")] += 1
            for r in t["responsibility"]:
                bodies.update(r["bodies"])
            if doc is None and t["level"] == "county" and t["references"] and t["doc_number"] \
                    and t["responsibility"]:
                doc = t["doc_number"]
            if title is None and len(t["targets"]) >= 3 and t["jurisdiction"] != "全国":
                title = t["title"]
    assert doc and pair and title, "the corpus is too small to pick query parameters"
    return {"doc": doc, "target": cited.most_common(1)[0][0], "from": pair[0], "to": pair[1],
            "name": laws.most_common(1)[0][0], "body": bodies.most_common(1)[0][0],
            "title": re.sub(r"^印发(.+)的通知$", r"\1", title.split("关于", 1)[-1]), "title_prefix": title[:12],
            "on": "2018-06-01"}


QUERY_CHILD = """
import json, sys
sys.path.insert(0, {bench!r})
from query_bench import median_ms
from policygraph import query as q
from policygraph.build import StoreFolder
folder = StoreFolder({store!r})
gs, cat = folder.store(read_only=True), folder.catalog(read_only=True)
saved = q.saved_queries()[{name!r}]
terms = q.bindings({values!r}, saved)
def once():  # as `policygraph query --saved`: the title index lookup counts, opening the store does not
    return len(q.run_embedded(gs, saved.text, terms, q.narrowing(saved, terms, cat.titled)).rows)
ms, rows, _ = median_ms(once, {repeat}, budget=60)
print(json.dumps([ms, rows]))
"""


def query_latency(store: Path, corpus: Path, repeat: int, timeout: float = 300) -> dict[str, tuple[float, int]]:
    """{saved query: (median ms, rows)}; each query runs in a child process, stopped after
    ``timeout`` seconds (its figure is then the timeout, rows -1).  A query with a ``title``
    parameter is also timed with ``title_prefix`` (see :func:`parameters`), under the name
    ``NAME (title prefix)``: reported, not one of the saved queries' median."""
    from policygraph import query as q

    values = parameters(corpus)
    out = {}
    for name, saved in sorted(q.saved_queries().items()):
        out[name] = timed_query(store, name, {p.name: values[p.name] for p in saved.params}, repeat, timeout)
        if any(p.name == "title" for p in saved.params):
            wide = {p.name: values["title_prefix" if p.name == "title" else p.name] for p in saved.params}
            out[f"{name} (title prefix)"] = timed_query(store, name, wide, repeat, timeout)
    return out


def timed_query(store: Path, name: str, values: dict[str, str], repeat: int, timeout: float) -> tuple[float, int]:
    """(median ms, rows) of the saved query ``name`` with ``values``, in a child process."""
    code = QUERY_CHILD.format(bench=str(ROOT / "benchmarks"), store=str(store), name=name,
                              values=values, repeat=repeat)
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=timeout, check=True)
        ms, rows = json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        ms, rows = timeout * 1000, -1
    print(f"# query {name} {values}: {ms:.0f} ms, {rows} rows", file=sys.stderr, flush=True)
    return ms, rows


def optimize(store: Path) -> dict:
    """``policygraph optimize`` on the largest store, before its queries are timed."""
    cmd = [sys.executable, "-m", "policygraph.cli", "optimize", "--store", str(store), "--format", "json"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def incremental(corpus: Path, store: Path, jobs: int) -> dict:
    cmd = [sys.executable, "-m", "policygraph.cli", "build", str(corpus), "--store", str(store),
           "--jobs", str(jobs), "--format", "json"]
    nothing, _, _ = run_measured(cmd)  # also settles the "racy" stamps of files written just before
    nothing, _, _ = run_measured(cmd)
    target = sorted(corpus.glob("n*.txt"))[len(list(corpus.glob("n*.txt"))) // 2]
    original = target.read_bytes()
    try:
        target.write_bytes(original + b"\n(benchmark edit)\n")
        one, _, out = run_measured(cmd)
        summary = json.loads(out.strip().splitlines()[-1])
    finally:
        target.write_bytes(original)
    run_measured(cmd)  # back to the corpus as generated
    return {"nothing": nothing, "one": one, "extracted": summary["extracted"],
            "graphs_written": summary["graphs_written"]}


def accuracy(corpus: Path, sample: int) -> dict:
    import synth_check

    r = synth_check.check(corpus, sample=sample)
    return {"references": r["references"]["f1"], "relations": r["relation_accuracy"],
            "responsibility": r["responsibility"]["f1"], "targets": r["targets"]["f1"]}


# --- the table -----------------------------------------------------------------------------------

def machine() -> str:
    cpu, mem = "unknown CPU", 0.0
    try:
        cpus = [ln for ln in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
                if ln.startswith("model name")]
        cpu = cpus[0].split(":", 1)[1].strip() if cpus else cpu
        mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
                   if ln.startswith("MemTotal")) / 2**20
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--sizes", default="10000,50000,180000", help="corpus sizes (default 10000,50000,180000)")
    ap.add_argument("--work", default="/tmp/policygraph-bench", help="folder for corpora and stores")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--sample", type=int, default=2000, help="files for throughput (default 2000)")
    ap.add_argument("--check", type=int, default=1000, help="files checked against the truth (default 1000)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per query (default 5)")
    ap.add_argument("--keep", action="store_true", help="keep every store")
    ap.add_argument("--keep-largest", action="store_true", help="keep the largest store (for more queries)")
    ap.add_argument("--query-timeout", type=float, default=120, help="seconds before a query is stopped (120)")
    args = ap.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    rows = []
    for n in sizes:
        corpus = ensure_corpus(n, work, args.jobs)
        store = work / f"store-{n}"
        r = full_build(corpus, store, args.jobs)
        r.update(n=n, mb=corpus_bytes(corpus) / 1e6)
        rows.append(r)
        print(f"# built {n}: {r['wall']:.1f} s, {r['rss'] / 2**30:.2f} GB peak", file=sys.stderr, flush=True)
        if n != sizes[-1] and not args.keep:
            shutil.rmtree(store, ignore_errors=True)
    largest = rows[-1]
    corpus, store = work / f"synth-{largest['n']}", work / f"store-{largest['n']}"
    tp = throughput(corpus, args.sample)
    print(f"# throughput: floor {tp['floor_mbs']:.1f} MB/s, extraction {tp['extract_mbs']:.2f} MB/s",
          file=sys.stderr, flush=True)
    opt = optimize(store)
    print(f"# optimize: {opt['seconds']:.1f} s, {opt['bytes_before'] / 1e9:.1f} -> {opt['bytes_after'] / 1e9:.1f} GB",
          file=sys.stderr, flush=True)
    queries = query_latency(store, corpus, args.repeat, timeout=args.query_timeout)
    inc = incremental(corpus, store, args.jobs)
    print(f"# incremental: one {inc['one']:.2f} s, nothing {inc['nothing']:.2f} s", file=sys.stderr, flush=True)
    acc = accuracy(corpus, args.check)
    if not (args.keep or args.keep_largest):
        shutil.rmtree(store, ignore_errors=True)

    print(f"policygraph scale benchmarks — {machine()}")
    print()
    print("| N docs | corpus MB | wall s | docs/s | MB/s | peak RSS GB | triples | s per 1k added docs |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    prev = None
    for r in rows:
        slope = "" if prev is None else f"{(r['wall'] - prev['wall']) / (r['n'] - prev['n']) * 1000:.2f}"
        print(f"| {r['n']:,} | {r['mb']:.0f} | {r['wall']:.1f} | {r['n'] / r['wall']:.0f} | "
              f"{r['mb'] / r['wall']:.2f} | {r['rss'] / 2**30:.2f} | {r['summary']['triples']:,} | {slope} |")
        prev = r
    stages = largest["summary"].get("stages", {})
    if stages:
        print()
        print("Stages of the largest build (s): " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    print()
    print("| measure | figure | goal |")
    print("| --- | ---: | ---: |")
    share = tp["extract_mbs"] / tp["floor_mbs"]
    print(f"| regex-scan floor, 1 process ({tp['files']} files, {tp['mb']:.1f} MB) | {tp['floor_mbs']:.1f} MB/s | |")
    print(f"| extraction, 1 process | {tp['extract_mbs']:.2f} MB/s ({tp['ms_per_doc']:.2f} ms/doc) | |")
    print(f"| extraction / floor | {share:.1%} | ≥ {GOALS['floor_share']:.0%} |")
    print(f"| full build of {largest['n']:,} docs | {largest['wall']:.0f} s "
          f"| ≤ {GOALS['build_seconds_180k']} s at 180k |")
    print(f"| peak RSS of that build | {largest['rss'] / 2**30:.2f} GB | ≤ {GOALS['rss_gb']} GB |")
    print(f"| then `policygraph optimize` (compaction; {opt['bytes_before'] / 1e9:.1f} -> "
          f"{opt['bytes_after'] / 1e9:.1f} GB on disk) | {opt['seconds']:.0f} s | |")
    from policygraph.query import saved_queries

    saved = {k: v for k, v in queries.items() if k in saved_queries()}  # not the wider variants
    med = statistics.median(ms for ms, _ in saved.values())
    print(f"| saved queries, median of medians at {largest['n']:,} docs | {med:.0f} ms | ≤ {GOALS['query_ms']} ms |")
    print(f"| rebuild, one document changed ({inc['extracted']} extracted, {inc['graphs_written']} graphs) "
          f"| {inc['one']:.2f} s | ≤ {GOALS['incremental_s']} s |")
    print(f"| rebuild, nothing changed | {inc['nothing']:.2f} s | |")
    print(f"| synthetic truth ({args.check} docs): references F1 / relation acc. | "
          f"{acc['references']:.3f} / {acc['relations']:.3f} | |")
    print(f"| synthetic truth: responsibility F1 / targets F1 | {acc['responsibility']:.3f} / {acc['targets']:.3f} | |")
    print()
    print()
    print(f"Saved queries at {largest['n']:,} docs, median ms (rows): "
          + ", ".join(f"{k} {ms:.0f} ({rows if rows >= 0 else 'stopped'})" for k, (ms, rows) in saved.items()))
    print()
    print("Not in the median (the same query, a wider parameter): "
          + ", ".join(f"{k} {ms:.0f} ({rows if rows >= 0 else 'stopped'})" for k, (ms, rows) in queries.items()
                      if k not in saved))
    return 0


if __name__ == "__main__":
    sys.exit(main())
