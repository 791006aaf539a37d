"""Median latency of every saved query: embedded store vs the Oxigraph server vs Virtuoso.

Two data sets: the bundled corpus, and a graph of at least 1 M triples made by replicating the
corpus's named graphs with renamed IRIs (copy k of ``…/id/x`` is ``…/id/c{k}/x``; literals are
kept, so a 文号 parameter matches a document in every copy and answers grow with the copies).

Servers are found like the integration tests find them: POLICYGRAPH_TEST_OXIGRAPH and
POLICYGRAPH_TEST_VIRTUOSO (base URLs), else ``.ci/services.env`` (written by
``.ci/services.sh``); a server that does not answer is skipped.  The servers' policygraph graphs
(IRIs under https://w3id.org/policygraph/id/) are replaced by the benchmark's and removed at the
end: run it against test servers only.

Each figure is the median wall time of ``--repeat`` runs after one warm-up run, in milliseconds,
for sending the query and having every row parsed (remote: HTTP + SPARQL JSON; embedded:
pyoxigraph in-process).  Rows that differ from the embedded store's count are flagged with ``!``.

    .venv/bin/python benchmarks/query_bench.py                 # corpus and 1 M triples
    .venv/bin/python benchmarks/query_bench.py --copies 0      # corpus only
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

from policygraph import query as q
from policygraph.build import build
from policygraph.remote import RemoteError, RemoteStore, store_graph_triples
from policygraph.store import GraphStore
from policygraph.vocab import ID

ROOT = Path(__file__).resolve().parents[1]
SERVERS = {"oxigraph": "POLICYGRAPH_TEST_OXIGRAPH", "virtuoso": "POLICYGRAPH_TEST_VIRTUOSO"}

Triple = tuple[str, str, str]


def server_urls() -> dict[str, str]:
    """Base URLs of the test servers: environment first, then .ci/services.env."""
    found = {}
    env_file = ROOT / ".ci" / "services.env"
    file_values: dict[str, str] = {}
    if env_file.exists():
        for line in env_file.read_text(encoding="utf-8").splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                k, v = line.split("=", 1)
                file_values[k.strip()] = v.strip()
    for kind, var in SERVERS.items():
        url = os.environ.get(var) or file_values.get(var)
        if url:
            found[kind] = url
    return found


def examples(saved: q.SavedQuery) -> dict[str, str]:
    out = {}
    for p in saved.params:
        m = re.search(r"e\.g\.\s*(\S+)", p.description)
        if m:
            out[p.name] = m.group(1)
    return out


def corpus_graphs(store_dir: Path, folder: Path = ROOT / "corpus") -> dict[str, list[Triple]]:
    build([folder], store_dir)
    gs = GraphStore(store_dir / "oxigraph", read_only=True)
    return {g: store_graph_triples(gs, g) for g in gs.graphs()}


def _rename(term: str, k: int) -> str:
    if k and term.startswith("<" + ID):
        return f"<{ID}c{k}/" + term[len(ID) + 1:]
    return term


def replicate(graphs: dict[str, list[Triple]], copies: int) -> Iterator[tuple[str, list[Triple]]]:
    """The corpus graphs ``copies`` times, copy k > 0 with IRIs under ``…/id/c{k}/``."""
    for k in range(copies):
        for g, triples in graphs.items():
            yield (_rename(f"<{g}>", k)[1:-1],
                   [(_rename(s, k), _rename(p, k), _rename(o, k)) for s, p, o in triples])


def load_embedded(path: Path, data: Iterator[tuple[str, list[Triple]]]) -> GraphStore:
    """A new on-disk store with ``data``, bulk-loaded from one N-Quads file, opened read-only
    (as ``policygraph query`` and ``serve`` open stores)."""
    nq = path.with_suffix(".nq")
    with nq.open("w", encoding="utf-8") as f:
        for g, triples in data:
            f.writelines(f"{s} {p} {o} <{g}> .\n" for s, p, o in triples)
    store = ox.Store(str(path))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    nq.unlink()
    return GraphStore(path, read_only=True)


def clear_remote(remote: RemoteStore) -> None:
    for g in remote.graphs():
        if g.startswith(ID):
            remote.drop_graph(g)


def load_remote(remote: RemoteStore, data: Iterator[tuple[str, list[Triple]]]) -> None:
    clear_remote(remote)
    for g, triples in data:
        remote.replace_graph(g, triples)


def median_ms(run: Callable[[], int], repeat: int, budget: float) -> tuple[float, int, int]:
    """(median ms, rows, timed runs): one warm-up run, then ``repeat`` timed runs, fewer when
    they would take more than ``budget`` seconds (a warm-up longer than that is the figure)."""
    t = time.perf_counter()
    rows = run()  # warm-up
    first = time.perf_counter() - t
    if first > budget:
        return first * 1000, rows, 1
    times = []
    for _ in range(max(1, min(repeat, int(budget / max(first, 1e-6))))):
        t = time.perf_counter()
        rows = run()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), rows, len(times)


Figures = dict[str, dict[str, tuple[float, int, int] | str]]


def measure(stores: dict[str, object], repeat: int, budget: float) -> Figures:
    """{query: {store: (median ms, rows, timed runs) or error}}."""
    out: Figures = {}
    for name, saved in q.saved_queries().items():
        terms = q.bindings(examples(saved), saved)
        text = q.inline_values(q.with_prefixes(saved.text), terms)
        out[name] = {}
        for label, store in stores.items():
            if isinstance(store, GraphStore):
                def run(store: GraphStore = store, saved: q.SavedQuery = saved,
                        terms: dict = terms) -> int:  # type: ignore[type-arg]
                    return len(q.run_embedded(store, saved.text, terms).rows)
            else:
                def run(store: RemoteStore = store, text: str = text) -> int:  # type: ignore[misc]
                    return len(store.select(text).rows)
            try:
                out[name][label] = median_ms(run, repeat, budget)
            except RemoteError as exc:
                out[name][label] = "error: " + str(exc).split(": ", 2)[-1][:60]
    return out


def table(title: str, results: Figures, labels: list[str], repeat: int) -> str:
    lines = [title, ""]
    head = f"{'query':26}" + "".join(f"{lab:>22}" for lab in labels)
    lines += [head, "-" * len(head)]
    for name, per in results.items():
        base = per.get("embedded")
        base_rows = base[1] if isinstance(base, tuple) else None
        cells = []
        for lab in labels:
            v = per.get(lab, "skipped")
            if isinstance(v, tuple):
                flag = "!" if base_rows is not None and v[1] != base_rows else " "
                flag += "*" if v[2] < repeat else " "
                cells.append(f"{v[0]:10.1f} ms {v[1]:6}{flag}")
            else:
                cells.append(f"{v[:21]:>21} ")
        lines.append(f"{name:26}" + "".join(f"{c:>22}" for c in cells))
    lines.append("(median ms over the timed runs, then the number of rows; ! = row count differs from "
                 "embedded; * = fewer timed runs, the query being slow: see --budget)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=33,
                    help="copies of the corpus in the large graph (33 ≈ 1.03 M triples; 0: corpus only)")
    ap.add_argument("--repeat", type=int, default=7, help="timed runs per query (after one warm-up)")
    ap.add_argument("--budget", type=float, default=20.0,
                    help="seconds of timed runs per query and store at most (slow queries run fewer times)")
    ap.add_argument("--timeout", type=float, default=600.0, help="HTTP timeout per request, seconds")
    ap.add_argument("--large-corpus", type=Path, default=None, metavar="DIR",
                    help="build the large graph from this folder of documents instead (e.g. one made by "
                         "benchmarks/synth.py)")
    ap.add_argument("--keep", action="store_true", help="leave the large graph in the servers")
    args = ap.parse_args(argv)

    remotes: dict[str, RemoteStore] = {}
    for kind, url in server_urls().items():
        remote = RemoteStore.for_server(kind, url, timeout=args.timeout)
        why = remote.unreachable()
        if why:
            print(f"{kind}: skipped ({url} does not answer: {why})", file=sys.stderr)
        else:
            remotes[kind] = remote
    for kind in SERVERS:
        if kind not in server_urls():
            print(f"{kind}: skipped (set {SERVERS[kind]} or run .ci/services.sh)", file=sys.stderr)
    labels = ["embedded", *remotes]

    with tempfile.TemporaryDirectory(prefix="pg-bench-") as tmp:
        tmpdir = Path(tmp)
        graphs = corpus_graphs(tmpdir / "corpus")
        n_corpus = sum(len(t) for t in graphs.values())
        stores: dict[str, object] = {"embedded": GraphStore(tmpdir / "corpus" / "oxigraph", read_only=True)}
        for kind, remote in remotes.items():
            t = time.perf_counter()
            load_remote(remote, iter(graphs.items()))
            print(f"{kind}: corpus loaded in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            stores[kind] = remote
        print(table(f"Corpus: {n_corpus} triples in {len(graphs)} named graphs; {args.repeat} runs",
                    measure(stores, args.repeat, args.budget), labels, args.repeat))
        if args.large_corpus or args.copies > 0:
            t = time.perf_counter()
            large = corpus_graphs(tmpdir / "large-build", args.large_corpus) if args.large_corpus else None

            def data() -> Iterator[tuple[str, list[Triple]]]:
                return iter(large.items()) if large is not None else replicate(graphs, args.copies)

            what = (f"built from {args.large_corpus}, {len(large)} named graphs" if large is not None else
                    f"{args.copies} renamed copies of the corpus, {len(graphs) * args.copies} named graphs")
            stores = {"embedded": load_embedded(tmpdir / "large", data())}
            n_large = len(stores["embedded"])  # type: ignore[arg-type]
            print(f"embedded: {n_large} triples loaded in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            for kind, remote in remotes.items():
                t = time.perf_counter()
                load_remote(remote, data())
                print(f"{kind}: {n_large} triples loaded in {time.perf_counter() - t:.1f} s", file=sys.stderr)
                stores[kind] = remote
            print()
            print(table(f"Large: {n_large} triples ({what}); {args.repeat} runs",
                        measure(stores, args.repeat, args.budget), labels, args.repeat))
        if not args.keep:
            for remote in remotes.values():
                clear_remote(remote)
    return 0


if __name__ == "__main__":
    sys.exit(main())
