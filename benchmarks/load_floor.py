"""How long Oxigraph alone takes to load what a build writes: the floor under any build time.

    .venv/bin/python benchmarks/load_floor.py --corpus /tmp/pgbench/synth-10000 --work /tmp/pgload

It builds the corpus once with ``policygraph build --nquads`` (so the N-Quads files are exactly
what a build loads), then, in this process and with nothing else running, bulk-loads those
files into an empty store with pyoxigraph, ``--threads`` loads side by side (as the build does):

* as the build loads them: every source file's named graph, IRIs validated;
* the most favourable way Oxigraph offers: the same triples in the default graph (three indexes
  instead of six) with ``lenient=True`` (no IRI validation). A build cannot do this (incremental
  rebuilds replace a file's named graph; validation keeps malformed IRIs from users), so it is a
  lower bound, not an option.

Each line gives wall seconds, CPU seconds of the process (loader and RocksDB threads) and the
seconds per 1,000 documents, and what that is at 180,000 documents if loading grows linearly
(the build's slope does: benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox


def side_by_side(files: list[Path], threads: int, load: Callable[[Path], None]) -> tuple[float, float]:
    """(wall s, CPU s) of loading every file, ``threads`` at a time."""
    queue, lock = iter(files), threading.Lock()

    def work() -> None:
        while True:
            with lock:
                path = next(queue, None)
            if path is None:
                return
            load(path)

    wall, cpu = time.perf_counter(), time.process_time()  # every thread's CPU
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return time.perf_counter() - wall, time.process_time() - cpu


def into_new_store(folder: Path, files: list[Path], threads: int, fmt: ox.RdfFormat,
                   lenient: bool) -> tuple[float, float, int]:
    """(wall s, CPU s, quads) of bulk-loading ``files`` into a new store in ``folder``."""
    store = ox.Store(str(folder))
    wall, cpu = side_by_side(files, threads, lambda p: store.bulk_load(path=str(p), format=fmt, lenient=lenient))
    return wall, cpu, len(store)


def triples_file(nquads: Path, out: Path) -> Path:
    """The quads of ``nquads`` as N-Triples (graph names dropped), through pyoxigraph."""
    with out.open("wb") as fh:
        ox.serialize((ox.Triple(q.subject, q.predicate, q.object)
                      for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)),
                     fh, format=ox.RdfFormat.N_TRIPLES)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--corpus", required=True, type=Path, help="a corpus folder (benchmarks/synth.py)")
    ap.add_argument("--work", default="/tmp/policygraph-load", type=Path, help="folder for the build and stores")
    ap.add_argument("--threads", type=int, default=2, help="loads side by side (default 2, as the build)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes of the build (default 2)")
    args = ap.parse_args(argv)
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    nq = args.work / "nq"
    done = subprocess.run([sys.executable, "-m", "policygraph.cli", "build", str(args.corpus),
                           "--store", str(args.work / "built"), "--jobs", str(args.jobs), "--nquads", str(nq),
                           "--format", "json"], capture_output=True, text=True, check=True)
    docs = int(json.loads(done.stdout.strip().splitlines()[-1])["documents"])
    shutil.rmtree(args.work / "built")
    files = sorted(nq.glob("*.nq"))

    named = into_new_store(args.work / "named", files, args.threads, ox.RdfFormat.N_QUADS, lenient=False)
    shutil.rmtree(args.work / "named")  # the store was closed when into_new_store returned
    nt = [triples_file(p, p.with_suffix(".nt")) for p in files]
    default = into_new_store(args.work / "default", nt, args.threads, ox.RdfFormat.N_TRIPLES, lenient=True)
    shutil.rmtree(args.work / "default")
    quads = named[2]

    print(f"Oxigraph bulk loads of what `policygraph build` writes for {docs:,} documents "
          f"({quads:,} quads, {len(files)} files), {args.threads} loads side by side")
    print()
    print("| load | wall s | CPU s | wall s per 1k docs | wall s at 180,000 docs |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for label, (wall, cpu, _) in (("named graphs, validated (as the build)", named),
                               ("default graph, lenient (lower bound)", default)):
        print(f"| {label} | {wall:.1f} | {cpu:.1f} | {wall / docs * 1000:.2f} | {wall / docs * 180_000:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
