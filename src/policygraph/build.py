"""``policygraph build``: extract, resolve and load a corpus into a store, incrementally.

A store folder holds the Oxigraph database (``oxigraph/``), the extraction records of every
source (``records/<content id>.json`` with the decoded text beside it), the build catalogue
(``catalog.sqlite``, see :mod:`policygraph.catalog`) and ``state.json`` (a summary, rewritten
after every build).

A build runs in two streaming passes, each mapped over worker processes (or a Dask cluster):

1. *extract* — every new or changed file (size or mtime differ, then the content hash) is read
   and extracted by :func:`extract_file`, a pure function from a file to a record; the record is
   cached and its titles and citations go into the catalogue;
2. *graph* — every document whose graph may have changed (extracted now, or citing by title a
   document that was added, changed or removed) gets its triples from :func:`graph_nquads`, a
   pure function of its record, its text and the part of the index it cites; a named graph is
   rewritten only when its hash changed, with Oxigraph's bulk loader in bounded batches.

Memory stays bounded whatever the corpus size: nothing holds all records, and the resolution
index is the catalogue's B-tree.  The result depends on the set of files, never on the order
they were added in or on the number of workers.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from policygraph.catalog import Catalog, CatalogRows, ResolvedIndex, catalog_rows
from policygraph.corpus import ReadError, iter_input_folders, read_document
from policygraph.extractors.pipeline import extract_document
from policygraph.model import Record, record_from_dict
from policygraph.output import write_atomic, write_atomic_bytes
from policygraph.rdf import (
    ONTOLOGY_GRAPH,
    ORGANISATIONS_GRAPH,
    REFERENCE_DATA_GRAPH,
    REFERENCES_GRAPH,
    STATISTICS_GRAPH,
    OrgMention,
    Triple,
    date_year,
    describe_org,
    describe_place_year,
    describe_referenced_doc,
    describe_referenced_org,
    graph_iri,
    place_year_iri,
    record_graph,
    referenced_parts,
)
from policygraph.store import GraphStore
from policygraph.vocab import DCT, ELI, PolicyDocument

ELI_PASSED_BY = ELI + "passed_by"

STATE_VERSION = 2
LOAD_BATCH_QUADS = 400_000  # quads per bulk load: ~100 MB of N-Quads in memory at most
# bulk loads running at once: Oxigraph's loader keeps about one core busy, so one load at a time
# left the second core of a small machine idle while graphs waited (measured: two loads of
# 680,000 quads each, 14.9 s one after the other, 8.2 s side by side); each adds a batch's memory
PARALLEL_LOADS = 2
SERIAL_BELOW = 32  # a map of fewer items runs in the building process (no workers to start)
RECORDS_SETTLE_NS = 100_000_000  # well above a file timestamp's granularity (a clock tick, <= 10 ms)
RACY_NS = 2_000_000_000  # a file modified this close to the build start is checked by content next time

T = TypeVar("T")
R = TypeVar("R")
Mapper = Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]
KeyedPart = tuple[str, list[Triple]]  # a subject of a derived graph and its triples


@dataclass
class BuildSummary:
    documents: int = 0
    extracted: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    graphs_written: int = 0
    references: int = 0
    resolved: int = 0
    unresolved: int = 0
    measures: int = 0
    triples: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    stages: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        """The one-line summary printed after a build."""
        return (f"{self.documents} documents ({self.extracted} extracted, {self.unchanged} unchanged, "
                f"{self.removed} removed, {self.failed} failed); references {self.references} "
                f"({self.resolved} resolved to ingested documents, {self.unresolved} referenced-only); "
                f"{self.measures} measures; {self.triples} triples; {self.seconds:.2f} s")


def source_key(source: str) -> str:
    """The name a source is kept under: its path relative to the working folder when inside it.

    >>> source_key("corpus/seeds/a.txt"), source_key("./a.txt"), source_key(os.path.abspath("b.txt"))
    ('corpus/seeds/a.txt', 'a.txt', 'b.txt')
    """
    parent, name = os.path.split(source)
    return _key_prefix(parent, os.getcwd()) + name


def _key_prefix(folder: str, cwd: str) -> str:
    """What :func:`source_key` puts before the names of the files in ``folder``."""
    key = _folder_key(folder, cwd)
    if key in ("", "."):
        return ""
    return key if key.endswith("/") else key + "/"


@functools.lru_cache(maxsize=4096)
def _folder_key(folder: str, cwd: str) -> str:
    """:func:`source_key` of a folder (cached: one resolution per folder and working folder,
    not per file)."""
    p = Path(folder or ".")
    if p.is_absolute():
        full = p.resolve()
        here = Path(cwd).resolve()
        if full.is_relative_to(here):
            return full.relative_to(here).as_posix()
    return p.as_posix()


class StoreFolder:
    """Files of a store folder: the database, cached records, the catalogue and the state."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.records = self.root / "records"
        self.state_path = self.root / "state.json"
        self.catalog_path = self.root / "catalog.sqlite"

    def catalog(self, read_only: bool = False) -> Catalog:
        return Catalog(self.catalog_path, read_only=read_only)

    def sources(self) -> dict[str, str]:
        """Content id of every source in the store, by source key (sorted)."""
        if not self.catalog_path.exists():
            return {}
        cat = self.catalog(read_only=True)
        try:
            return cat.ids()
        finally:
            cat.close()

    def graph_hashes(self) -> dict[str, str]:
        """Hash of every named graph the last build wrote (source graphs and derived ones)."""
        if not self.catalog_path.exists():
            return {}
        cat = self.catalog(read_only=True)
        try:
            return {(k if k.startswith("http") else graph_iri(k)): h for k, h in cat.graph_hashes().items()}
        finally:
            cat.close()

    def save_state(self, summary: BuildSummary) -> None:
        """A summary of the last build; its change tells readers (``policygraph serve``) to reopen."""
        state = {"version": STATE_VERSION, "documents": summary.documents, "triples": summary.triples,
                 "references": summary.references, "measures": summary.measures}
        write_atomic(self.state_path, json.dumps(state, indent=1, sort_keys=True) + "\n")

    def save_record(self, content_id: str, record_json: str, text: str) -> None:
        self.records.mkdir(parents=True, exist_ok=True)
        write_atomic(self.records / f"{content_id}.txt", text, durable=False)
        write_atomic(self.records / f"{content_id}.json", record_json, durable=False)

    def cached_ids(self, cat: Catalog | None = None) -> set[str] | None:
        """Content ids with both cached files (one directory listing, not two checks per file);
        None when ``cat`` says the records folder is as the end of a build left it (its
        modification time unchanged since a build recorded it, see :meth:`note_records`): then
        every id in the catalogue is cached, and 360,000 names need not be listed."""
        try:
            if cat is not None and cat.meta("records_mtime") == str(os.stat(self.records).st_mtime_ns):
                return None
            names = set(os.listdir(self.records))
        except FileNotFoundError:
            return set()
        return {n[:-5] for n in names if n.endswith(".json") and n[:-5] + ".txt" in names}

    def note_records(self, cat: Catalog, consistent: bool) -> None:
        """Remember the records folder's modification time after a build, when the catalogue
        and the folder agree (``consistent``) and the time is at least
        :data:`RECORDS_SETTLE_NS` old, so that any later addition or removal of a record changes
        it (one in the same clock tick as the build's last write would otherwise go unseen);
        else forget it.  Only builds write there, and a build's last record is written before its
        graphs, so the next build after an edit usually trusts the folder too."""
        try:
            mtime = os.stat(self.records).st_mtime_ns
        except FileNotFoundError:
            mtime = None
        trusted = consistent and mtime is not None and time.time_ns() - mtime > RECORDS_SETTLE_NS
        cat.set_meta("records_mtime", str(mtime) if trusted else None)

    def load_raw(self, content_id: str) -> tuple[str, str]:
        """(record JSON, text) as cached."""
        data, text = self.load_bytes(content_id)
        return data.decode("utf-8"), text.decode("utf-8")

    def load_bytes(self, content_id: str) -> tuple[bytes, bytes]:
        """(record JSON, text) as cached, UTF-8 bytes: for a worker to decode."""
        return ((self.records / f"{content_id}.json").read_bytes(),
                (self.records / f"{content_id}.txt").read_bytes())

    def load_record(self, content_id: str, source: str) -> tuple[Record, str]:
        data, text = self.load_raw(content_id)
        rec = record_from_dict(json.loads(data))
        rec.source = source
        return rec, text

    def drop_record(self, content_id: str) -> None:
        for suffix in (".json", ".txt"):
            (self.records / f"{content_id}{suffix}").unlink(missing_ok=True)

    def store(self, read_only: bool = False) -> GraphStore:
        return GraphStore(self.root / "oxigraph", read_only=read_only)


def _lines(triples: list[Triple]) -> str:
    """The triples as ``s p o`` lines: what :func:`_hash` digests."""
    return "".join([f"{s} {p} {o}\n" for s, p, o in triples])


def _hash(triples: list[Triple]) -> str:
    return hashlib.sha256(_lines(triples).encode()).hexdigest()


# --- the two pure steps (run in worker processes or on a cluster) --------------------------------

@dataclass
class Extracted:
    """What :func:`extract_file` gives back for one file."""

    key: str
    stamp: str
    content_id: str | None = None
    record_json: str | None = None
    text: str | None = None
    rows: CatalogRows | None = None
    error: str | None = None
    unchanged: bool = False


def extract_file(task: tuple[str, str, dict[str, str], str, str | None]) -> Extracted:
    """Read and extract one file: (path, source key, manifest hints, stamp, content id it had)
    → :class:`Extracted`.  A pure function of the file: no store, no shared state.

    >>> from policygraph.corpus import content_id
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text("国务院关于X的通知\\n国发〔2020〕1号\\n一、总体要求\\n", encoding="utf-8")
    >>> out = extract_file((str(p), "a.txt", {}, "s", None))
    >>> out.error, json.loads(out.record_json)["doc_number"]
    (None, '国发〔2020〕1号')
    >>> extract_file((str(p), "a.txt", {}, "s", out.content_id)).unchanged
    True
    """
    path, key, hints, stamp, old_id = task
    try:
        doc = read_document(path, hints)
    except ReadError as err:
        return Extracted(key, stamp, error=str(err))
    if doc.id == old_id:
        return Extracted(key, stamp, content_id=doc.id, unchanged=True)
    try:
        rec = extract_document(doc)
    except Exception as exc:  # one bad document never stops the rest
        return Extracted(key, stamp, error=f"{doc.source}: extraction failed: {type(exc).__name__}: {exc}")
    rec.source = key
    return Extracted(key, stamp, content_id=rec.id, text=doc.text, record_json=rec.to_json(),
                     rows=catalog_rows(rec))


@dataclass
class GraphOut:
    """What :func:`graph_nquads` gives back for one document."""

    key: str
    digest: str
    triples: int
    nquads: bytes  # UTF-8: made in the worker, so the building process only joins bytes
    targets: list[tuple[int, str]]
    orgs: list[OrgMention]


def graph_nquads(task: tuple[str, bytes, bytes, dict[str, tuple[str | None, str]]]) -> GraphOut:
    """The named graph of one document as N-Quads: (source key, record JSON, text, resolutions
    of the titles it cites: target and method, see :meth:`Catalog.resolutions`; the record and
    text as cached, UTF-8 bytes, see :meth:`StoreFolder.load_bytes`) →
    :class:`GraphOut`.  Pure: the same input gives the same bytes."""
    key, record_json, text, resolutions = task
    rec = record_from_dict(json.loads(record_json))
    rec.source = key
    index = ResolvedIndex(resolutions)
    triples, orgs = record_graph(rec, index, text.decode("utf-8"))
    lines = _lines(triples).encode("utf-8")  # once: encoding Chinese text is the slow part
    # a line break only ends a line: literals carry theirs escaped (vocab.lit)
    nquads = lines.replace(b"\n", f" <{graph_iri(key)}> .\n".encode())
    targets = [(n, index.resolve(ref)[0]) for n, ref in enumerate(rec.references)
               if ref.relation != "promulgates"]
    digest = hashlib.sha256(lines).hexdigest()  # = _hash(triples)
    return GraphOut(key, digest, len(triples), nquads, targets, orgs)


# --- mapping the steps ---------------------------------------------------------------------------

def bounded_map(pool: Executor, fn: Callable[[T], R], items: Iterable[T], inflight: int = 64) -> Iterator[R]:
    """``pool.map`` that submits lazily: at most ``inflight`` tasks wait at a time, so inputs
    (and results nobody has taken yet) never pile up in memory.  Results come in input order."""
    queue: deque[Any] = deque()
    for item in items:
        queue.append(pool.submit(fn, item))
        if len(queue) >= inflight:
            yield queue.popleft().result()
    while queue:
        yield queue.popleft().result()


def local_mapper(jobs: int, serial_below: int = SERIAL_BELOW) -> tuple[Mapper, Callable[[], None]]:
    """A mapper over ``jobs`` worker processes (in this process when ``jobs`` is 1), and the
    function that shuts it down.  Fewer than ``serial_below`` items run in this process: the
    usual incremental build (a file or two changed) does not pay for starting workers.  The
    pool starts on the first larger map.

    >>> run, stop = local_mapper(2)
    >>> list(run(abs, [-1, 2, -3]))  # three items: no worker started
    [1, 2, 3]
    >>> stop()
    """
    if jobs <= 1:
        return (lambda fn, items: map(fn, items)), (lambda: None)
    pools: list[ProcessPoolExecutor] = []

    def run(fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        rest = iter(items)
        head = list(islice(rest, serial_below))
        if len(head) < serial_below:
            return map(fn, head)
        if not pools:
            pools.append(ProcessPoolExecutor(max_workers=jobs))
        return bounded_map(pools[0], fn, chain(head, rest), inflight=16 * jobs)

    def shutdown() -> None:
        for pool in pools:
            pool.shutdown()

    return run, shutdown


def file_stamp(path: str | Path, started_ns: int) -> str:
    """Size and modification time of a file; ``racy:`` when it changed so close to the build
    start that a later edit within the same clock tick could go unseen (as git does, the next
    build then compares content instead)."""
    st = os.stat(path)
    racy = "racy:" if st.st_mtime_ns >= started_ns - RACY_NS else ""
    return f"{racy}{st.st_size}:{st.st_mtime_ns}"


# --- the build -----------------------------------------------------------------------------------

def build(paths: Iterable[str | Path], store_dir: str | Path, *, prune: bool = False,
          progress: Callable[[str], None] | None = None, jobs: int = 1,
          mapper: Mapper | None = None, nquads_dir: str | Path | None = None) -> BuildSummary:
    """Build (or update) the store at ``store_dir`` from the files and folders in ``paths``.

    ``jobs`` > 1 runs both passes in that many worker processes; ``mapper`` (such as
    :func:`policygraph.distributed.dask_mapper`) runs them elsewhere instead.  ``nquads_dir``
    also writes every graph written by this build as N-Quads files there, for a SPARQL server's
    bulk loader.  The result does not depend on ``jobs`` or ``mapper``."""
    started = time.perf_counter()
    started_ns = time.time_ns()
    folder = StoreFolder(store_dir)
    folder.root.mkdir(parents=True, exist_ok=True)
    cat = folder.catalog()
    gs = folder.store()
    store_was_empty = next(iter(gs.store.named_graphs()), None) is None
    summary = BuildSummary()
    shutdown: Callable[[], None] = lambda: None  # noqa: E731
    if mapper is None:
        mapper, shutdown = local_mapper(jobs)
    writer = _NQuadsWriter(Path(nquads_dir)) if nquads_dir else None
    try:
        clock = time.perf_counter()
        if store_was_empty:
            cat.forget_graphs()  # a new or emptied database: every graph is to be written
        if cat.titles_pending() or cat.years_pending():  # an older catalogue: fill it from the store, once
            graph_keys = {graph_iri(k): k for k in cat.stamps()}
            if cat.titles_pending():
                cat.fill_titles(_stored_titles(gs, graph_keys))
            if cat.years_pending():
                cat.fill_years(_stored_years(gs, graph_keys))
        known = cat.stamps()
        seen: set[str] = set()
        cached = folder.cached_ids(cat)
        ids = None if cached is None else cat.ids()  # records to check: every id, in one query
        tasks: list[tuple[str, str, dict[str, str], str, str | None]] = []
        cwd = os.getcwd()
        for group in iter_input_folders(paths):  # a folder at a time: per file, only names
            if isinstance(group, ReadError):
                summary.failed += 1
                summary.errors.append(str(group))
                continue
            key_prefix, path_prefix = _key_prefix(group.folder, cwd), group.prefix
            for name in group.names:
                path, key = path_prefix + name, key_prefix + name
                try:
                    stamp = file_stamp(path, started_ns)
                except OSError as err:
                    summary.failed += 1
                    summary.errors.append(str(ReadError(path, err.strerror or str(err))))
                    continue
                seen.add(key)
                if key not in known:
                    tasks.append((path, key, group.hints(name), stamp, None))
                    continue
                lost = cached is not None and ids[key] not in cached  # its record is gone
                if not lost and known[key] == stamp and not stamp.startswith("racy:"):
                    summary.unchanged += 1
                    continue
                if lost:
                    old_id = None
                elif ids is not None:
                    old_id = ids[key]
                else:  # records trusted, ids not read: this changed file's alone
                    old_id = cat.ids([key])[key]
                tasks.append((path, key, group.hints(name), stamp, old_id))
        summary.stages["scan"] = time.perf_counter() - clock

        # 1. extract
        clock = time.perf_counter()
        touched: set[str] = set()
        stored: dict[str, str] = {}  # graph hashes of the sources extracted again (put forgets them)
        for n, out in enumerate(mapper(extract_file, tasks), 1):
            if out.error:
                summary.failed += 1
                summary.errors.append(out.error)
                seen.discard(out.key)
                continue
            if out.unchanged:
                cat.set_stamp(out.key, out.stamp)
                summary.unchanged += 1
                continue
            assert out.content_id and out.record_json is not None and out.text is not None and out.rows
            folder.save_record(out.content_id, out.record_json, out.text)
            old = cat.source(out.key)
            if old and old.graph:
                stored[out.key] = old.graph
            touched |= cat.put(out.key, out.rows, out.stamp)
            if old and old.id != out.content_id and not cat.id_in_use(old.id):
                folder.drop_record(old.id)
            summary.extracted += 1
            if progress:
                progress(out.key)
            if n % 2000 == 0:
                cat.commit()
        if prune:
            for key in sorted(set(known) - seen):
                gone = cat.source(key)
                touched |= cat.remove(key)
                gs.drop_graph(graph_iri(key))
                if gone and not cat.id_in_use(gone.id):
                    folder.drop_record(gone.id)
                summary.removed += 1
        cat.commit()
        summary.stages["extract"] = time.perf_counter() - clock

        # 2. graphs
        clock = time.perf_counter()
        documents = cat.count()
        unwritten = cat.unwritten()
        if len(unwritten) == documents:  # a fresh build: every graph is to be written anyway
            todo = unwritten
            ids = cat.ids()
            previous = {**cat.graph_digests(), **stored}
        else:  # only what changed: no read of the whole catalogue
            ids = cat.ids(set(unwritten) | cat.affected_keys(touched))
            todo = sorted(ids)
            previous = {**cat.graph_digests(todo), **stored}

        records_ok = [True]

        def graph_tasks() -> Iterator[tuple[str, bytes, bytes, dict[str, tuple[str | None, str]]]]:
            for key in todo:
                try:
                    record_json, text = folder.load_bytes(ids[key])  # decoded by the worker
                except OSError as exc:
                    summary.failed += 1
                    summary.errors.append(f"{key}: cached record unreadable ({exc}); rebuild the file")
                    records_ok[0] = False
                    continue
                yield key, record_json, text, cat.resolutions(key)

        batch = _LoadBatch(gs, cat, check_existing=not store_was_empty, writer=writer)
        for out in mapper(graph_nquads, graph_tasks()):
            if previous.get(out.key) == out.digest:  # the store already holds this very graph
                cat.graph_written(out.key, out.digest, out.triples, out.targets, out.orgs)
                continue
            batch.add(out)
            summary.graphs_written += 1
            if batch.quads >= LOAD_BATCH_QUADS:
                batch.flush()
        batch.flush(wait=True)
        summary.stages["graphs"] = time.perf_counter() - clock

        # derived graphs: documents known only from citations, organisations, statistics,
        # reference data, the ontology
        clock = time.perf_counter()
        from policygraph.refdata import ontology_triples, reference_triples

        # organisations and referenced documents: rewritten a subject at a time, only those
        # whose mentions or citations changed; written whole (hashes recorded) the first time
        keyed: dict[str, tuple[str, Callable[[], Iterator[KeyedPart]], Callable[[GraphStore, Catalog], int]]] = {
            ORGANISATIONS_GRAPH: ("orgdesc", lambda: _org_parts(cat), _update_orgs),
            REFERENCES_GRAPH: ("refdesc", lambda: referenced_parts(cat.referenced_only()), _update_refs),
            STATISTICS_GRAPH: ("statdesc", lambda: _statistics_parts(cat), _update_statistics),
        }
        for graph, (table, keyed_parts, update) in keyed.items():
            if cat.derived_hash(graph):
                summary.graphs_written += update(gs, cat)
                if writer is not None:
                    _stream_graph(None, graph, (part for _, part in keyed_parts()), writer)
                continue
            cat.set_part_hashes(table, {}, replace_all=True)
            digest, count = _stream_graph(gs, graph, _recording_parts(cat, table, keyed_parts()), writer)
            cat.set_derived(graph, digest, count)
            summary.graphs_written += 1
        whole: dict[str, Callable[[], Iterable[list[Triple]]]] = {
            REFERENCE_DATA_GRAPH: lambda: [reference_triples()],
            ONTOLOGY_GRAPH: lambda: [ontology_triples()],
        }
        for graph, parts in whole.items():
            stored = cat.derived_hash(graph)
            digest, count = _stream_digest(parts())
            if stored != digest:
                _stream_graph(gs, graph, parts(), writer)
                summary.graphs_written += 1
            elif writer is not None:
                _stream_graph(None, graph, parts(), writer)
            cat.set_derived(graph, digest, count)
        cat.commit()  # no store flush: its writes are in its write-ahead log (seen by readers,
        # kept if the process dies); a flush after a large load can wait a minute on compactions
        summary.stages["derived"] = time.perf_counter() - clock

        summary.references, summary.resolved = cat.reference_counts()
        summary.unresolved = summary.references - summary.resolved
        summary.measures = cat.measures()
        summary.documents = documents
        summary.triples = cat.triples()
        folder.note_records(cat, consistent=records_ok[0])
        cat.commit()
    finally:
        shutdown()
        cat.close()
    folder.save_state(summary)
    summary.seconds = time.perf_counter() - started
    return summary


def _stored_titles(gs: GraphStore, keys: dict[str, str]) -> Iterator[tuple[str, str, str]]:
    """(source key, document IRI, title) of every ingested document, read from the store (its
    named graphs, by ``keys``: source key by graph IRI): the title index of a catalogue upgraded
    from a schema without one (seconds, not a rebuild)."""
    found = gs.query(f"SELECT ?g ?d ?t WHERE {{ GRAPH ?g {{ ?d a <{PolicyDocument}> ; <{DCT}title> ?t }} }}")
    for row in found:  # type: ignore[attr-defined]
        key = keys.get(row["g"].value)
        if key is not None:
            yield key, row["d"].value, row["t"].value


def _stored_years(gs: GraphStore, keys: dict[str, str]) -> Iterator[tuple[str, str, str, int]]:
    """(source key, document IRI, jurisdiction or "", year) of every ingested document with a
    成文日期, read from the store as :func:`_stored_titles` reads titles: the statistics of a
    catalogue upgraded from a schema without them (see :meth:`Catalog.fill_years`)."""
    found = gs.query(f"SELECT ?g ?d ?date ?j WHERE {{ GRAPH ?g {{ ?d <{ELI}date_document> ?date "
                     f"OPTIONAL {{ ?d <{ELI}jurisdiction> ?j }} }} }}")
    for row in found:  # type: ignore[attr-defined]
        key, year = keys.get(row["g"].value), date_year(row["date"].value)
        if key is not None and year is not None:
            yield key, row["d"].value, row["j"].value if row["j"] is not None else "", year


def _stream_digest(parts: Iterable[list[Triple]]) -> tuple[str, int]:
    """Digest and size of a derived graph given in parts: the XOR of each part's hash, so the
    parts can come one at a time, and one organisation's change updates the organisations
    graph's digest without reading the others."""
    value = count = 0
    for part in parts:
        value ^= int(_hash(part), 16)
        count += len(part)
    return f"{value:064x}", count


def _stream_graph(gs: GraphStore | None, graph: str, parts: Iterable[list[Triple]],
                  writer: _NQuadsWriter | None) -> tuple[str, int]:
    """Replace the named graph ``graph`` in ``gs`` (when given) with ``parts``, loaded in
    batches of :data:`LOAD_BATCH_QUADS`, and hand each batch to ``writer``; returns the
    digest and size as :func:`_stream_digest` does.  Memory holds one batch, not the graph."""
    if gs is not None:
        gs.drop_graph(graph)
    value = count = pending = 0
    chunk: list[str] = []

    def flush() -> None:
        data = "".join(chunk).encode("utf-8")
        chunk.clear()
        if gs is not None:
            gs.bulk_load_nquads(data)
        if writer is not None:
            writer.add(data)

    for part in parts:
        value ^= int(_hash(part), 16)
        count += len(part)
        chunk.append("".join(f"{s} {p} {o} <{graph}> .\n" for s, p, o in part))
        pending += len(part)
        if pending >= LOAD_BATCH_QUADS:
            flush()
            pending = 0
    flush()
    return f"{value:064x}", count


def _org_parts(cat: Catalog) -> Iterator[tuple[str, list[Triple]]]:
    """(organisation, its description) for every organisation named in the corpus, by IRI."""
    for org, mentions in cat.org_groups():
        yield org, describe_org(org, mentions)


def _recording_parts(cat: Catalog, table: str, parts: Iterable[tuple[str, list[Triple]]],
                     every: int = 20000) -> Iterator[list[Triple]]:
    """The parts of a derived graph, remembering each subject's hash in ``table`` for later
    updates (:func:`_update_orgs`, :func:`_update_refs`)."""
    hashes: dict[str, tuple[str, int] | None] = {}
    for subject, part in parts:
        hashes[subject] = (_hash(part), len(part))
        if len(hashes) >= every:
            cat.set_part_hashes(table, hashes)
            hashes = {}
        yield part
    cat.set_part_hashes(table, hashes)


class _PartUpdate:
    """Changed parts of a derived graph kept a subject at a time (``table``: the catalogue's
    hashes per subject): the graph's digest (XOR of the parts' hashes) and size follow each
    change without reading the other parts."""

    def __init__(self, cat: Catalog, graph: str, table: str) -> None:
        self.cat, self.graph, self.table = cat, graph, table
        self.digest = int(cat.derived_hash(graph) or "0", 16)
        self.count = cat.derived_triples(graph)
        self.hashes: dict[str, tuple[str, int] | None] = {}

    def changed(self, parts: Iterable[KeyedPart]) -> dict[str, list[Triple]]:
        """The parts (an empty one: the subject is gone) that differ from those last written."""
        out: dict[str, list[Triple]] = {}
        for subject, part in parts:
            new = (_hash(part), len(part)) if part else None
            old = self.cat.part_hash(self.table, subject)
            if new == old:
                continue
            self.digest ^= (int(old[0], 16) if old else 0) ^ (int(new[0], 16) if new else 0)
            self.count += (new[1] if new else 0) - (old[1] if old else 0)
            out[subject], self.hashes[subject] = part, new
        return out

    def finish(self) -> int:
        """Record the new hashes; 1 when the graph changed."""
        if not self.hashes:
            return 0
        self.cat.set_part_hashes(self.table, self.hashes)
        self.cat.set_derived(self.graph, f"{self.digest:064x}", self.count)
        return 1


def _update_orgs(gs: GraphStore, cat: Catalog) -> int:
    """Rewrite the descriptions of the organisations whose mentions changed; returns 1 when the
    organisations graph changed."""
    update = _PartUpdate(cat, ORGANISATIONS_GRAPH, "orgdesc")
    changed = update.changed((org, describe_org(org, cat.org_mentions(org))) for org in sorted(cat.orgs_touched))
    gs.replace_subjects(ORGANISATIONS_GRAPH, changed)
    return update.finish()


def _statistics_parts(cat: Catalog, pairs: Iterable[tuple[str, int]] | None = None) -> Iterator[KeyedPart]:
    """(subject, its VoID description) for every jurisdiction and year of the corpus (of
    ``pairs``: an empty description for a pair no document has any more)."""
    for place, year, n in cat.place_years(pairs):
        yield place_year_iri(place, year), describe_place_year(place, year, n)


def _update_statistics(gs: GraphStore, cat: Catalog) -> int:
    """Rewrite the counts of the jurisdictions and years whose documents changed; returns 1
    when the statistics graph changed."""
    update = _PartUpdate(cat, STATISTICS_GRAPH, "statdesc")
    gs.replace_subjects(STATISTICS_GRAPH, update.changed(_statistics_parts(cat, cat.years_touched)))
    return update.finish()


def _update_refs(gs: GraphStore, cat: Catalog) -> int:
    """Rewrite the descriptions of the referenced documents whose citations (or whose being
    ingested) changed, then of the bodies they name or named; returns 1 when the references
    graph changed.  A body stays described while any referenced document names it (asked of
    the store, whose references graph is up to date once the documents are rewritten)."""
    update = _PartUpdate(cat, REFERENCES_GRAPH, "refdesc")
    graph, passed_by = ox.NamedNode(REFERENCES_GRAPH), ox.NamedNode(ELI_PASSED_BY)
    labels: dict[str, str | None] = {}  # bodies named before or now (label when named now)
    docs: list[KeyedPart] = []
    for target in sorted(cat.targets_touched):
        for q in gs.store.quads_for_pattern(ox.NamedNode(target), passed_by, None, graph):
            labels.setdefault(q.object.value, None)
        refs = cat.referenced_doc(target)
        part, named = describe_referenced_doc(target, refs) if refs else ([], {})
        labels.update(named)
        docs.append((target, part))
    gs.replace_subjects(REFERENCES_GRAPH, update.changed(docs))
    bodies: list[KeyedPart] = []
    for org, label in sorted(labels.items()):
        if not any(True for _ in gs.store.quads_for_pattern(None, passed_by, ox.NamedNode(org), graph)):
            bodies.append((org, []))  # no referenced document names it any more
        elif label is not None:
            bodies.append((org, describe_referenced_org(org, label)))
    gs.replace_subjects(REFERENCES_GRAPH, update.changed(bodies))
    return update.finish()


class _LoadBatch:
    """Graphs waiting for a bulk load.  A full batch loads in a background thread (Oxigraph
    releases the GIL) while the workers go on making the next ones; up to
    :data:`PARALLEL_LOADS` batches load at once, each into its own graphs, and one fills.  The
    catalogue records a batch's graphs only once they are in the store, in batch order."""

    def __init__(self, gs: GraphStore, cat: Catalog, *, check_existing: bool,
                 writer: _NQuadsWriter | None) -> None:
        self.gs, self.cat, self.check_existing, self.writer = gs, cat, check_existing, writer
        self.parallel = max(1, PARALLEL_LOADS)
        self.items: list[GraphOut] = []
        self.quads = 0
        self._loading: deque[tuple[threading.Thread, list[GraphOut], list[BaseException]]] = deque()

    def add(self, out: GraphOut) -> None:
        self.items.append(out)
        self.quads += out.triples

    def flush(self, wait: bool = False) -> None:
        """Start loading the current batch, once fewer than ``parallel`` loads are running
        (waiting for the oldest); with ``wait``, return when every load has finished."""
        if self.items:
            while len(self._loading) >= self.parallel:
                self._finish_oldest()
            items, self.items, self.quads = self.items, [], 0
            data = b"".join(out.nquads for out in items)
            for out in items:
                out.nquads = b""  # the batch's bytes are all that is kept
            if self.writer is not None:
                self.writer.add(data)
            drop = [graph_iri(out.key) for out in items] if self.check_existing else []
            errors: list[BaseException] = []
            thread = threading.Thread(target=self._load, args=(drop, data, errors), daemon=True)
            thread.start()
            self._loading.append((thread, items, errors))
        if wait:
            while self._loading:
                self._finish_oldest()

    def _load(self, drop: list[str], data: bytes, errors: list[BaseException]) -> None:
        try:
            for graph in drop:  # every batch holds other graphs: loads never touch the same one
                self.gs.drop_graph(graph)
            self.gs.bulk_load_nquads(data)
        except BaseException as exc:  # re-raised in the building thread
            errors.append(exc)

    def _finish_oldest(self) -> None:
        thread, items, errors = self._loading[0]
        thread.join()
        self._loading.popleft()
        if errors:
            for other, _, _ in self._loading:  # no load left running behind the error
                other.join()
            self._loading.clear()
            raise errors[0]
        for out in items:
            self.cat.graph_written(out.key, out.digest, out.triples, out.targets, out.orgs)
        self.cat.commit()


class _NQuadsWriter:
    """N-Quads files of the graphs a build wrote (``part-00000.nq`` …), for a SPARQL server's
    bulk loader (Virtuoso's ``ld_dir`` + ``rdf_loader_run``, Oxigraph's ``load``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("part-*.nq"):
            old.unlink()
        self.n = 0

    def add(self, data: str | bytes) -> None:
        if data:
            write_atomic_bytes(self.folder / f"part-{self.n:05d}.nq", data if isinstance(data, bytes)
                               else data.encode("utf-8"))
            self.n += 1
