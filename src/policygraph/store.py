"""The graph store: an on-disk Oxigraph store (pyoxigraph) with one named graph per source file.

Triples come in as N-Triples term strings (see :mod:`policygraph.vocab`) and are bulk-loaded as
N-Quads; a changed file replaces exactly its own named graph.  Exports read the union of all
graphs; N-Triples output is sorted, so the same store always gives the same bytes.

>>> s = GraphStore()
>>> s.replace_graph("https://example.org/g", [("<https://example.org/a>", "<https://example.org/p>", '"x"')])
>>> s.export("nt").decode()
'<https://example.org/a> <https://example.org/p> "x" .\\n'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

Triple = tuple[str, str, str]

FORMATS = {
    "nt": ox.RdfFormat.N_TRIPLES,
    "ttl": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}


SMALL_LOAD_BYTES = 4_000_000  # N-Quads loaded in one transaction below this size (~15,000 quads)


class GraphStore:
    """Oxigraph on disk at ``path`` (created if missing), or in memory when ``path`` is None."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is None:
            self._store = ox.Store()
        elif read_only:
            self._store = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store(str(self.path))

    @property
    def store(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store` (for SPARQL and rdflib via oxrdflib)."""
        return self._store

    def optimize(self) -> None:
        """Compact the database (RocksDB full compaction).  Each bulk load adds sorted files
        that every later lookup must also search until background compaction merges them; a
        large build ends with dozens of them per index, and a lookup-heavy query then runs
        two to three times slower (measured at 180,000 documents, see benchmarks/README.md)."""
        self._store.optimize()

    def disk_bytes(self) -> int:
        """Size of the database files (0 in memory)."""
        if self.path is None:
            return 0
        return sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())

    def replace_graph(self, graph: str, triples: Iterable[Triple]) -> None:
        """Replace the named graph ``graph`` with ``triples`` (written with the bulk loader: a
        derived graph of a large corpus holds millions of triples; a build interrupted part-way
        rewrites it next time, as it has not recorded its hash)."""
        g = ox.NamedNode(graph)
        data = "".join(f"{s} {p} {o} <{graph}> .\n" for s, p, o in triples)
        if self._has_graph(g):
            self._store.remove_graph(g)
        if data:
            self._store.bulk_load(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS)

    def bulk_load_nquads(self, data: bytes) -> None:
        """Add N-Quads: with Oxigraph's bulk loader (no transaction: for graphs not yet there),
        or below :data:`SMALL_LOAD_BYTES` in one ordinary transaction.  The bulk loader writes
        files that the database ingests, and ingesting keys it holds in memory waits for a flush,
        which after a large load can wait many seconds behind compactions: a one-file update
        would stall on it.  A transaction goes to the write-ahead log, readers see it at once."""
        if len(data) >= SMALL_LOAD_BYTES:
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        elif data:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)

    def replace_subjects(self, graph: str, subjects: dict[str, list[Triple]]) -> None:
        """In the named graph ``graph``, replace every triple about each subject IRI with the
        given ones (the new triples are added first, then the old ones not among them removed)."""
        g = ox.NamedNode(graph)
        old = [q for s in subjects for q in self._store.quads_for_pattern(ox.NamedNode(s), None, None, g)]
        data = "".join(f"{s} {p} {o} <{graph}> .\n" for triples in subjects.values() for s, p, o in triples)
        new = list(ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) if data else []
        self._store.extend(new)  # then remove what is not in the new description
        keep = set(new)
        for q in old:
            if q not in keep:
                self._store.remove(q)

    def drop_graph(self, graph: str) -> None:
        g = ox.NamedNode(graph)
        if self._has_graph(g):
            self._store.remove_graph(g)

    def _has_graph(self, g: ox.NamedNode) -> bool:
        return any(True for _ in self._store.quads_for_pattern(None, None, None, g))

    def graphs(self) -> list[str]:
        """Names of the named graphs, sorted."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_triples(self, graph: str) -> list[str]:
        """N-Triples lines of one named graph, sorted."""
        g = ox.NamedNode(graph)
        return sorted({f"{q.subject} {q.predicate} {q.object} ." for q in
                       self._store.quads_for_pattern(None, None, None, g)})

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of every graph (the union; duplicates across graphs repeat)."""
        for q in self._store.quads_for_pattern(None, None, None, None):
            yield q.triple

    def __len__(self) -> int:
        return len(self._store)

    def export(self, fmt: str) -> bytes:
        """Serialise the union of all graphs (``trig`` and ``nq`` keep the named graphs)."""
        if fmt == "nt":
            lines = sorted({f"{t.subject} {t.predicate} {t.object} .\n" for t in self.triples()})
            return "".join(lines).encode("utf-8")
        if fmt == "csv":
            return edge_list_csv(self)
        rdf_format = FORMATS[fmt]
        if fmt in ("trig", "nq"):
            quads = sorted(self._store.quads_for_pattern(None, None, None, None), key=str)
            return ox.serialize(quads, format=rdf_format) or b""
        unique = sorted(set(self.triples()), key=str)
        prefixes = _prefixes() if fmt == "ttl" else None
        if prefixes:
            return ox.serialize(unique, format=rdf_format, prefixes=prefixes) or b""
        return ox.serialize(unique, format=rdf_format) or b""

    def query(self, sparql: str, **kwargs: object) -> object:
        """A SPARQL query over the union of all named graphs (unless told otherwise)."""
        kwargs.setdefault("use_default_graph_as_union", True)
        return self._store.query(sparql, **kwargs)  # type: ignore[arg-type]



def open_rdflib(store_path: str | Path):  # type: ignore[no-untyped-def]
    """The on-disk store as an rdflib ``Dataset`` through oxrdflib (rdflib's API, Oxigraph's
    storage and query engine).  Close the store's other handles first: one process at a time.

    ``store_path`` is the ``oxigraph`` folder inside a store folder.
    """
    import rdflib

    ds = rdflib.Dataset(store="Oxigraph")
    ds.open(str(store_path), create=False)
    return ds


def to_rdflib(gs: GraphStore):  # type: ignore[no-untyped-def]
    """The union of a store's graphs as an in-memory rdflib ``Graph`` (for small graphs)."""
    import rdflib

    return rdflib.Graph().parse(data=gs.export("nt").decode("utf-8"), format="nt")


def _prefixes() -> dict[str, str]:
    from policygraph.vocab import PREFIXES

    return dict(PREFIXES)


EDGE_QUERY = """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX pg: <https://w3id.org/policygraph/ontology#>
SELECT DISTINCT ?s ?p ?o ?exact ?start ?end WHERE {
  ?ann a oa:Annotation ; oa:hasBody ?b ; oa:hasTarget ?t .
  ?b rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?ann pg:quote ?exact }
  BIND (STRAFTER(STR(?t), "#char=") AS ?span)
  BIND (xsd:integer(STRBEFORE(?span, ",")) AS ?start)
  BIND (xsd:integer(STRAFTER(?span, ",")) AS ?end)
}
"""


def edge_list_csv(gs: GraphStore) -> bytes:
    """Every extracted edge as a plain edge list: source, relation, target, evidence, start, end."""
    rows = []
    names = ("s", "p", "o", "exact", "start", "end")
    for sol in gs.query(EDGE_QUERY):  # type: ignore[attr-defined]
        rows.append(tuple("" if sol[n] is None else sol[n].value for n in names))
    rows.sort()
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["source", "relation", "target", "evidence", "start", "end"])
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")
