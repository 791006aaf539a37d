"""``policygraph build``: extract, resolve and load a corpus into a store, incrementally.

A store folder holds the Oxigraph database (``oxigraph/``), the extraction records of every
source (``records/<content id>.json`` with the decoded text beside it) and ``state.json``
(content id and triples hash per source).  An unchanged file (same content hash) is not
extracted again; a changed one is; with ``prune`` a file no longer given is dropped.  Resolution
is recomputed from all records, and a named graph is rewritten only when its triples changed —
so a build's result depends on the set of files, never on the order they were added in.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from policygraph.corpus import ReadError, read_corpus
from policygraph.extractors.pipeline import extract_document
from policygraph.model import Document, Record, record_from_dict
from policygraph.output import write_atomic
from policygraph.rdf import (
    ONTOLOGY_GRAPH,
    REFERENCE_DATA_GRAPH,
    REFERENCES_GRAPH,
    Triple,
    graph_iri,
    record_triples,
    referenced_triples,
)
from policygraph.resolve import build_index
from policygraph.store import GraphStore

STATE_VERSION = 1


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

    def line(self) -> str:
        """The one-line summary printed after a build."""
        return (f"{self.documents} documents ({self.extracted} extracted, {self.unchanged} unchanged, "
                f"{self.removed} removed, {self.failed} failed); references {self.references} "
                f"({self.resolved} resolved to ingested documents, {self.unresolved} referenced-only); "
                f"{self.measures} measures; {self.triples} triples; {self.seconds:.2f} s")


def source_key(source: str) -> str:
    """The name a source is kept under: its path relative to the working folder when inside it.

    >>> source_key("corpus/seeds/a.txt")
    'corpus/seeds/a.txt'
    """
    p = Path(source)
    if p.is_absolute() and p.resolve().is_relative_to(Path.cwd().resolve()):
        p = p.resolve().relative_to(Path.cwd().resolve())
    return p.as_posix()


class StoreFolder:
    """Files of a store folder: the database, cached records, and the state."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.records = self.root / "records"
        self.state_path = self.root / "state.json"

    def load_state(self) -> dict:  # type: ignore[type-arg]
        if self.state_path.exists():
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            if state.get("version") == STATE_VERSION:
                return state
        return {"version": STATE_VERSION, "sources": {}, "derived": {}}

    def save_state(self, state: dict) -> None:  # type: ignore[type-arg]
        write_atomic(self.state_path, json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True) + "\n")

    def save_record(self, rec: Record, text: str) -> None:
        self.records.mkdir(parents=True, exist_ok=True)
        write_atomic(self.records / f"{rec.id}.txt", text)
        write_atomic(self.records / f"{rec.id}.json",
                     json.dumps(rec.to_dict(), ensure_ascii=False, sort_keys=True))

    def has_record(self, content_id: str) -> bool:
        return (self.records / f"{content_id}.json").exists() and (self.records / f"{content_id}.txt").exists()

    def load_record(self, content_id: str, source: str) -> tuple[Record, str]:
        data = json.loads((self.records / f"{content_id}.json").read_text(encoding="utf-8"))
        rec = record_from_dict(data)
        rec.source = source
        text = (self.records / f"{content_id}.txt").read_text(encoding="utf-8")
        return rec, text

    def drop_record(self, content_id: str) -> None:
        for suffix in (".json", ".txt"):
            (self.records / f"{content_id}{suffix}").unlink(missing_ok=True)

    def store(self, read_only: bool = False) -> GraphStore:
        return GraphStore(self.root / "oxigraph", read_only=read_only)


def _hash(triples: list[Triple]) -> str:
    h = hashlib.sha256()
    for s, p, o in triples:
        h.update(f"{s} {p} {o}\n".encode())
    return h.hexdigest()


def _extract_and_save(root: str, doc: Document) -> str | None:
    """Worker: extract one document and cache its record; returns an error line or None."""
    try:
        rec = extract_document(doc)
    except Exception as exc:  # one bad document never stops the rest
        return f"{doc.source}: extraction failed: {type(exc).__name__}: {exc}"
    StoreFolder(root).save_record(rec, doc.text)
    return None


def _batches(items: Iterable[Document | ReadError], size: int) -> Iterator[list[Document | ReadError]]:
    batch: list[Document | ReadError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def build(paths: Iterable[str | Path], store_dir: str | Path, *, prune: bool = False,
          progress: Callable[[str], None] | None = None, jobs: int = 1) -> BuildSummary:
    """Build (or update) the store at ``store_dir`` from the files and folders in ``paths``.

    ``jobs`` > 1 extracts in that many worker processes (documents are read here and handed
    over in batches, so memory stays bounded); the result does not depend on it."""
    started = time.perf_counter()
    folder = StoreFolder(store_dir)
    folder.root.mkdir(parents=True, exist_ok=True)
    state = folder.load_state()
    sources: dict[str, dict] = state["sources"]  # type: ignore[type-arg]
    summary = BuildSummary()
    seen: set[str] = set()

    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 else None
    try:
        for batch in _batches(read_corpus(paths), 256):
            todo: list[tuple[str, Document]] = []
            for item in batch:
                if isinstance(item, ReadError):
                    summary.failed += 1
                    summary.errors.append(str(item))
                    continue
                key = source_key(item.source)
                seen.add(key)
                old = sources.get(key)
                if old and old["id"] == item.id and folder.has_record(item.id):
                    summary.unchanged += 1
                    continue
                todo.append((key, item))
            docs = [d for _, d in todo]
            root = str(folder.root)
            results = (pool.map(_extract_and_save, [root] * len(docs), docs, chunksize=8) if pool
                       else (_extract_and_save(root, d) for d in docs))
            for (key, item), error in zip(todo, results, strict=True):
                if error:
                    summary.failed += 1
                    summary.errors.append(error)
                    continue
                old = sources.get(key)
                if old and old["id"] != item.id and not any(
                        s["id"] == old["id"] for k, s in sources.items() if k != key):
                    folder.drop_record(old["id"])
                sources[key] = {"id": item.id, "triples": None}
                summary.extracted += 1
                if progress:
                    progress(key)
    finally:
        if pool is not None:
            pool.shutdown()

    gs = folder.store()
    if prune:
        for key in sorted(set(sources) - seen):
            gs.drop_graph(graph_iri(key))
            content_id = sources.pop(key)["id"]
            if not any(s["id"] == content_id for s in sources.values()):
                folder.drop_record(content_id)
            summary.removed += 1

    loaded: dict[str, tuple[Record, str]] = {}
    for key in sorted(sources):
        try:
            loaded[key] = folder.load_record(sources[key]["id"], key)
        except (OSError, ValueError, TypeError) as exc:
            summary.failed += 1
            summary.errors.append(f"{key}: cached record unreadable ({exc}); rebuild the file")
            sources.pop(key)
    records = [rec for rec, _ in loaded.values()]
    index = build_index(records)

    pending: dict[str, list[Triple]] = {}
    pending_size = 0
    for key, (rec, text) in loaded.items():
        triples = record_triples(rec, index, text)
        digest = _hash(triples)
        if sources[key].get("triples") != digest:
            pending[graph_iri(key)] = triples
            pending_size += len(triples)
            sources[key]["triples"] = digest
            summary.graphs_written += 1
            if pending_size >= 500_000:  # bulk-load in bounded batches
                gs.replace_graphs(pending)
                pending, pending_size = {}, 0
        for ref in rec.references:
            if ref.relation == "promulgates":
                continue
            summary.references += 1
            _, known = index.resolve(ref)
            summary.resolved += known
        summary.measures += sum(1 for m in rec.measures if m.kind == "item")
    if pending:
        gs.replace_graphs(pending)
    summary.unresolved = summary.references - summary.resolved

    from policygraph.refdata import ontology_triples, reference_triples

    derived = {
        REFERENCES_GRAPH: referenced_triples(records, index),
        REFERENCE_DATA_GRAPH: reference_triples(),
        ONTOLOGY_GRAPH: ontology_triples(),
    }
    for graph, triples in derived.items():
        digest = _hash(triples)
        if state["derived"].get(graph) != digest:
            gs.replace_graph(graph, triples)
            state["derived"][graph] = digest
            summary.graphs_written += 1

    gs.flush()
    folder.save_state(state)
    summary.documents = len(sources)
    summary.triples = len(gs)
    summary.seconds = time.perf_counter() - started
    return summary


