"""Citation-chain analysis: the lineage graph as a networkx ``MultiDiGraph`` and plain functions
over it (how national policy travels down to provinces, cities and counties).

The graph
---------
:func:`load_graph` reads a store folder, a :class:`~policygraph.store.GraphStore` or an RDF file
into a :class:`networkx.MultiDiGraph`.

Nodes are identified by their **IRI** (the same string as in the store, without angle
brackets), so a node found here can be looked up in SPARQL and vice versa; use :func:`label` for
display and :func:`find_document` to go from a 文号 or a title to a node.  Every node has a
``kind`` and a ``title`` (for organisations: the preferred label):

* ``document`` and ``referenced``: ``doc_number`` (canonical 文号), ``level`` (national /
  provincial / municipal / county), ``level_inferred``, ``jurisdiction`` (label, e.g. 深圳市),
  ``date`` (成文日期, ISO string), ``date_published``, ``in_force``, ``valid_years``, ``year``,
  ``doc_type``, ``issuers`` (labels), ``promulgated_by`` / ``attachments`` (印发 notice and
  attachment), ``source_file``;
* ``measure``: ``number``, ``subdivision_kind`` (item / section / article / chapter),
  ``document`` (the document it belongs to);
* ``organisation``: ``level``, ``jurisdiction``, ``aliases``.

``referenced`` documents are known only from citations; their ``level`` and ``jurisdiction``
are inferred (``level_inferred`` is True) from the issuing bodies or the 机关代字 of their 文号,
and their ``year`` from the 文号.  An attachment takes the dates and level of its 印发 notice.

Edges carry the relation as their key (and as the ``relation`` attribute), so parallel edges of
different relations between the same two nodes are kept:

* references, citing → cited (child → parent): ``implements``, ``based_on``, ``forwards``,
  ``amends``, ``repeals``, ``cites`` — with ``evidence`` (the quoted text) and ``confidence``;
* ``promulgates`` (印发 notice → attachment), ``part_of`` (measure → measure or document),
  ``responsible`` / ``lead`` / ``supporting`` (measure → organisation), ``issued_by``
  (document → organisation).

**Plain citations.**  The store states every typed reference a second time as ``eli:cites``.
The graph keeps a ``cites`` edge only where *no* typed reference joins the same two documents,
so ``cites`` means "cites, and nothing more is known"; each citing pair is counted once by the
in-degree, and a relation filter means what it says.  Filter with :data:`REFERENCES` (every
reference relation, the default of traversals and rankings) or :data:`LINEAGE` (implements,
based_on, forwards: "descends from", the default of :func:`implementation_lag` and
:func:`diffusion_by_level`).

**Notice and attachment.**  A 印发 notice and the document it promulgates are two nodes, but
one act: traversals (with ``merge_promulgated=True``, the default) treat them as one document,
so the documents citing an attachment by title are descendants of its notice, and an
attachment's ancestors are those of its notice.  Counts over documents (diffusion, documents
in force) count the notice and leave the attachment out.

Lineage directions: the *ancestors* of a document are the documents it implements or cites
(up towards national policy); its *descendants* are the documents implementing or citing it.

Graphs built by hand need only ``kind`` and the edges; :func:`derive_attributes` fills
``year``, ``promulgated_by`` / ``attachments`` and measure ``document`` from them (see
:func:`example_graph`).

>>> G = example_graph()
>>> sz = find_document(G, "深府[2013]119号")
>>> [label(G, n) for n in ancestors(G, sz)]
['中华人民共和国电子签名法', '国发〔2013〕32号', '深府〔2009〕200号', '粤府〔2013〕100号']
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from policygraph import vocab as v

if TYPE_CHECKING:
    from policygraph.store import GraphStore

__all__ = [
    "DOCUMENT_KINDS",
    "LEVELS",
    "LINEAGE",
    "REFERENCES",
    "RELATION_ZH",
    "RESPONSIBILITY",
    "ancestors",
    "chains_to_roots",
    "citation_in_degree",
    "citation_pagerank",
    "derive_attributes",
    "descendants",
    "diffusion_by_level",
    "documents",
    "example_graph",
    "find_document",
    "implementation_lag",
    "in_force_on",
    "label",
    "load_graph",
    "longest_chains",
    "reach",
    "responsibility_load",
]

REFERENCES: tuple[str, ...] = ("implements", "based_on", "forwards", "amends", "repeals", "cites")
"""Every reference relation (citing → cited), strongest first."""
LINEAGE: tuple[str, ...] = ("implements", "based_on", "forwards")
"""Relations by which a document descends from another (贯彻落实 / 依据 / 转发)."""
RESPONSIBILITY: tuple[str, ...] = ("lead", "responsible", "supporting")
"""Roles of a body for a measure (牵头 ⊆ 负责; 配合 is not responsible)."""
DOCUMENT_KINDS: tuple[str, ...] = ("document", "referenced")
LEVELS: tuple[str, ...] = v.LEVELS
_LEVEL_RANK = {name: i for i, name in enumerate(LEVELS)}

RELATION_ZH: dict[str, str] = {
    "implements": "贯彻落实", "based_on": "依据", "forwards": "转发", "amends": "修改",
    "repeals": "废止", "cites": "引用", "promulgates": "印发", "part_of": "组成部分",
    "responsible": "负责", "lead": "牵头", "supporting": "配合", "issued_by": "发文机关",
}
"""Chinese gloss of every edge relation."""

_KNOWN_RELATIONS = frozenset(RELATION_ZH)
_DOC_NUMBER_YEAR = re.compile(r"〔(\d{4})〕")

_ELI, _PG = v.ELI, v.PG
_TYPED_REFERENCE = {v.RELATION_PROPERTY[k]: k for k in ("implements", "based_on", "forwards",
                                                       "amends", "repeals")}
_TYPED_RELATIONS = frozenset(_TYPED_REFERENCE.values())
_OTHER_EDGES = {
    v.promulgates: "promulgates",
    _ELI + "is_part_of": "part_of",
    v.responsible_agent: "responsible",
    v.lead_agent: "lead",
    v.supporting_agent: "supporting",
    _ELI + "passed_by": "issued_by",
}
_DOC_LITERALS = {
    "doc_number": _ELI + "id_local",
    "date": _ELI + "date_document",
    "date_published": _ELI + "date_publication",
    "in_force": _ELI + "first_date_entry_in_force",
    "valid_years": v.valid_years,
    "number": _ELI + "number",
    "subdivision_kind": v.subdivision_kind,
}
_DOC_ATTRS: dict[str, Any] = {
    "title": None, "doc_number": None, "level": None, "level_inferred": False,
    "jurisdiction": None, "date": None, "date_published": None, "in_force": None,
    "valid_years": None, "year": None, "doc_type": None, "issuers": [], "promulgated_by": None,
    "attachments": [], "source_file": None,
}
_MEASURE_ATTRS: dict[str, Any] = {"title": None, "number": None, "subdivision_kind": None,
                                  "document": None}
_ORG_ATTRS: dict[str, Any] = {"title": None, "level": None, "jurisdiction": None, "aliases": []}


# ------------------------------------------------------------------------------- loading

def _open(source: str | Path | GraphStore) -> GraphStore:
    from policygraph.store import GraphStore

    if isinstance(source, GraphStore):
        return source
    path = Path(source)
    if path.is_dir():
        if (path / "oxigraph").is_dir():
            from policygraph.build import StoreFolder

            return StoreFolder(path).store(read_only=True)
        return GraphStore(path, read_only=True)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: neither a store folder nor an RDF file")
    import pyoxigraph as ox

    suffix = path.suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension(suffix)
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file extension {path.suffix!r} (use .nt, .ttl, .nq, .trig)")
    gs = GraphStore()
    gs.store.bulk_load(path=str(path), format=fmt)
    return gs


def _rows(gs: GraphStore, query: str) -> Iterator[tuple[Any, ...]]:
    res: Any = gs.query(query)
    for sol in res:
        yield tuple(sol)


def _quads(gs: GraphStore, predicate: str) -> Iterator[Any]:
    import pyoxigraph as ox

    return gs.store.quads_for_pattern(None, ox.NamedNode(predicate), None, None)


def _iri_pairs(gs: GraphStore, predicate: str) -> set[tuple[str, str]]:
    """Distinct (subject, object) values of ``predicate`` over the union of all graphs: an
    index lookup, several times faster than the equivalent SPARQL for millions of rows."""
    return {(q.subject.value, q.object.value) for q in _quads(gs, predicate)}


def _best(values: Iterable[tuple[str, str]]) -> str | None:
    """The preferred literal: Chinese first, then untagged, then English, then any."""
    order = {"zh": 0, "": 1, "en": 2}
    ranked = sorted(values, key=lambda t: (order.get(t[1].split("-")[0], 3), len(t[0]), t[0]))
    return ranked[0][0] if ranked else None


_CLASS_KIND = {
    v.ReferencedDocument: "referenced",
    v.PolicyDocument: "document",
    _ELI + "LegalResource": "document",
    _ELI + "LegalResourceSubdivision": "measure",
    v.ORG + "Organization": "organisation",
}
_KIND_RANK = {"referenced": 0, "document": 1, "measure": 2, "organisation": 3}


def load_graph(source: str | Path | GraphStore, *, evidence: bool = True,
               measures: bool = True) -> nx.MultiDiGraph:
    """The lineage graph of a store folder, a :class:`~policygraph.store.GraphStore` or an RDF
    file (``.nt``, ``.ttl``, ``.nq``, ``.trig``), as a :class:`networkx.MultiDiGraph`.

    Statements are read from the union of all named graphs (each distinct statement once).
    Nodes are documents (ingested and referenced-only), measures and organisations, keyed by
    IRI; edges are keyed by relation (see the module documentation).  ``evidence`` adds the
    quoted source text and confidence to every reference edge (a SPARQL join over the
    annotations); ``measures=False`` leaves out measures and their edges (a much smaller
    graph when only the citation network is wanted, as by ``policygraph lineage``).

    Examples
    --------
    >>> from policygraph.store import GraphStore
    >>> gs = GraphStore()
    >>> eli, ex = "<http://data.europa.eu/eli/ontology#", "<https://example.org/"
    >>> gs.replace_graph("https://example.org/g", [
    ...     (ex + "sz>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", eli + "LegalResource>"),
    ...     (ex + "gf>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", eli + "LegalResource>"),
    ...     (ex + "sz>", eli + "id_local>", '"深府〔2013〕119号"'),
    ...     (ex + "sz>", eli + "ensures_implementation_of>", ex + "gf>"),
    ...     (ex + "sz>", eli + "cites>", ex + "gf>"),
    ... ])
    >>> G = load_graph(gs)
    >>> sorted(G.edges(keys=True))
    [('https://example.org/sz', 'https://example.org/gf', 'implements')]
    >>> G.nodes["https://example.org/sz"]["doc_number"], G.nodes["https://example.org/sz"]["year"]
    ('深府〔2013〕119号', 2013)
    """
    import pyoxigraph as ox

    gs = _open(source)
    G = nx.MultiDiGraph()
    G.graph["source"] = str(source) if isinstance(source, (str, Path)) else "GraphStore"

    kinds: dict[str, str] = {}
    rdf_type = ox.NamedNode(v.RDF + "type")
    for cls, kind in _CLASS_KIND.items():
        if kind == "measure" and not measures:
            continue
        for q in gs.store.quads_for_pattern(None, rdf_type, ox.NamedNode(cls), None):
            s = q.subject
            if isinstance(s, ox.NamedNode):
                old = kinds.get(s.value)
                if old is None or _KIND_RANK[kind] < _KIND_RANK[old]:
                    kinds[s.value] = kind
    templates = {kind: {**base, "kind": kind} for kind, base in (
        ("document", _DOC_ATTRS), ("referenced", _DOC_ATTRS), ("measure", _MEASURE_ATTRS),
        ("organisation", _ORG_ATTRS))}
    lists = {kind: [k for k, x in t.items() if isinstance(x, list)] for kind, t in templates.items()}

    def fresh(kind: str) -> dict[str, Any]:
        attrs = templates[kind].copy()
        for k in lists[kind]:
            attrs[k] = []
        return attrs

    G.add_nodes_from((node, fresh(kinds[node])) for node in sorted(kinds))
    nodes = G._node

    def texts(pred: str, only_known: bool = True) -> dict[str, list[tuple[str, str]]]:
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for q in _quads(gs, pred):
            s_iri = q.subject.value
            if not only_known or s_iri in kinds:
                o = q.object
                out[s_iri].append((o.value, getattr(o, "language", None) or ""))
        return out

    # labels of everything (organisations, jurisdictions, levels, document types)
    label_of = {k: _best(x) for k, x in texts(v.SKOS + "prefLabel", only_known=False).items()}
    alt = texts(v.SKOS + "altLabel")
    titles = texts(v.DCT + "title")
    for node, kind in kinds.items():
        if kind == "organisation":
            nodes[node]["title"] = label_of.get(node)
            nodes[node]["aliases"] = sorted({text for text, _ in alt.get(node, ())})
        elif node in titles:
            nodes[node]["title"] = _best(titles[node])

    for attr, pred in _DOC_LITERALS.items():
        if attr in _MEASURE_ATTRS and not measures:
            continue
        first: dict[str, str] = {}
        for q in _quads(gs, pred):
            s_iri = q.subject.value
            if s_iri in kinds:
                value = q.object.value
                if s_iri not in first or value < first[s_iri]:
                    first[s_iri] = value
        for node, value in first.items():
            nodes[node][attr] = int(value) if attr == "valid_years" else value

    def concept(pred: str, attr: str, tail: bool) -> None:
        for s_iri, o_iri in sorted(_iri_pairs(gs, pred)):
            if s_iri in kinds and nodes[s_iri].get(attr) is None:
                nodes[s_iri][attr] = o_iri.rsplit("/", 1)[-1] if tail else label_of.get(o_iri)

    concept(v.level, "level", tail=True)
    concept(v.ORG + "classification", "level", tail=True)
    concept(_ELI + "jurisdiction", "jurisdiction", tail=False)
    concept(v.DCT + "spatial", "jurisdiction", tail=False)
    concept(_ELI + "type_document", "doc_type", tail=False)
    files = dict(_iri_pairs(gs, v.file_name))
    for s_iri, o_iri in _iri_pairs(gs, v.source_text):
        if s_iri in kinds and o_iri in files:
            nodes[s_iri]["source_file"] = files[o_iri]

    # edges: typed references first, then plain citations where nothing typed joins the pair
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    typed: set[tuple[str, str]] = set()

    def collect(pred: str, rel: str) -> None:
        for q in _quads(gs, pred):
            s_iri, o_iri = q.subject.value, q.object.value
            if s_iri in kinds and o_iri in kinds:
                if rel == "cites" and (s_iri, o_iri) in typed:
                    continue
                out[s_iri].append((o_iri, rel))
                if rel in _TYPED_RELATIONS:
                    typed.add((s_iri, o_iri))

    for pred, rel in _TYPED_REFERENCE.items():
        collect(pred, rel)
    collect(_ELI + "cites", "cites")
    for pred, rel in _OTHER_EDGES.items():
        if measures or rel not in ("part_of", *RESPONSIBILITY):
            collect(pred, rel)
    # written straight into networkx's adjacency (what MultiDiGraph.add_edge does, without its
    # per-call cost: a fifth of the time on millions of edges); sources and targets in IRI order,
    # so the graph is the same however the store iterates; repeated statements fold into one edge
    succ, pred_adj = G._succ, G._pred
    for u in nodes:
        targets = out.get(u)
        if not targets:
            continue
        su = succ[u]
        for w, rel in sorted(targets):
            keydict = su.get(w)
            if keydict is None:
                keydict = su[w] = {}
                pred_adj[w][u] = keydict
            if rel not in keydict:
                keydict[rel] = {"relation": rel}
    if hasattr(nx, "_clear_cache"):
        nx._clear_cache(G)

    if evidence:
        _add_evidence(gs, G)
    derive_attributes(G)
    _infer_levels(G)
    return G


def _add_evidence(gs: GraphStore, G: nx.MultiDiGraph) -> None:
    preds = {**_TYPED_REFERENCE, _ELI + "cites": "cites", v.promulgates: "promulgates"}
    values = " ".join(f"<{p}>" for p in preds)
    query = f"""SELECT ?s ?p ?o ?exact ?conf WHERE {{
      VALUES ?p {{ {values} }}
      ?b <{v.RDF}predicate> ?p ; <{v.RDF}subject> ?s ; <{v.RDF}object> ?o .
      ?ann <{v.OA}hasBody> ?b .
      OPTIONAL {{ ?ann <{v.PG}confidence> ?conf }}
      OPTIONAL {{ ?ann <{v.quote}> ?exact }}
    }}"""
    found: dict[tuple[str, str, str], list[tuple[str, float | None]]] = defaultdict(list)
    for s, p, o, exact, conf in _rows(gs, query):
        found[(s.value, o.value, preds[p.value])].append(
            (exact.value if exact is not None else "", float(conf.value) if conf is not None else None))
    adj = G._adj
    for (s, o, rel), quotes in found.items():
        keys = adj.get(s, {}).get(o)
        if not keys or rel not in keys:
            continue  # a plain citation behind a typed one: the typed edge has the same evidence
        exact, conf = sorted(quotes, key=lambda q: (-(q[1] or 0.0), q[0]))[0]
        keys[rel]["evidence"] = exact or None
        keys[rel]["confidence"] = conf


def derive_attributes(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Fill the attributes the analysis reads from the edges, in place, and return ``G``:
    ``promulgated_by`` and ``attachments`` (from ``promulgates``; an attachment without dates
    or level takes its notice's), measure ``document`` (up ``part_of``) and document ``year``
    (from the dates, else from the 文号).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("n", kind="document", date="2013-12-27", doc_number="深府〔2013〕119号")
    >>> G.add_node("a", kind="document")
    >>> G.add_node("m", kind="measure")
    >>> _ = G.add_edge("n", "a", key="promulgates"), G.add_edge("m", "a", key="part_of")
    >>> _ = derive_attributes(G)
    >>> G.nodes["a"]["promulgated_by"], G.nodes["a"]["date"], G.nodes["m"]["document"], G.nodes["n"]["year"]
    ('n', '2013-12-27', 'a', 2013)
    """
    nodes = G.nodes
    for _n, data in nodes(data=True):
        if data.get("kind") in DOCUMENT_KINDS:
            data.setdefault("attachments", [])
            data.setdefault("promulgated_by", None)
    succ = G._succ
    for u, data in nodes(data=True):
        if data.get("kind") not in DOCUMENT_KINDS:
            continue
        for w, keys in succ[u].items():
            if "promulgates" in keys:
                nodes[w]["promulgated_by"] = u
                if w not in data["attachments"]:
                    data["attachments"] = sorted([*data["attachments"], w])
    for _n, data in nodes(data=True):
        notice = data.get("promulgated_by")
        if notice is not None:
            for attr in ("date", "date_published", "in_force", "level", "valid_years"):
                if data.get(attr) is None and nodes[notice].get(attr) is not None:
                    data[attr] = nodes[notice][attr]
    for _n, data in nodes(data=True):
        if data.get("kind") in DOCUMENT_KINDS:
            data["year"] = _year_of(data)

    # the document each measure belongs to: up the part_of edges
    memo: dict[str, str | None] = {}
    for n, data in nodes(data=True):
        if data.get("kind") != "measure":
            continue
        path, cur, doc = [], n, None
        while cur is not None:
            if cur in memo:
                doc = memo[cur]
                break
            if nodes[cur].get("kind") in DOCUMENT_KINDS:
                doc = cur
                break
            path.append(cur)
            cur = next((w for w, keys in succ[cur].items() if "part_of" in keys and w not in path), None)
        for p in path:
            memo[p] = doc
        data["document"] = doc
    return G


def _year_of(data: Mapping[str, Any]) -> int | None:
    for attr in ("date", "date_published", "in_force"):
        if data.get(attr):
            return int(str(data[attr])[:4])
    m = _DOC_NUMBER_YEAR.search(data.get("doc_number") or "")
    return int(m.group(1)) if m else None


def _infer_levels(G: nx.MultiDiGraph) -> None:
    """Level and jurisdiction of organisations and referenced documents, from what is known."""
    from policygraph.registry import jurisdiction_level, lookup_agency

    nodes = G.nodes
    for _n, data in nodes(data=True):
        if data.get("kind") == "organisation" and data.get("level") is None and data.get("jurisdiction"):
            data["level"] = jurisdiction_level(data["jurisdiction"])
    for n, data in nodes(data=True):
        if data.get("kind") not in DOCUMENT_KINDS:
            continue
        issuers = sorted(w for w, keys in G._succ[n].items() if "issued_by" in keys)
        data["issuers"] = [nodes[w].get("title") or w for w in issuers]
        if data.get("level") is not None:
            continue
        levels = [nodes[w].get("level") for w in issuers if nodes[w].get("level") in _LEVEL_RANK]
        places = [nodes[w].get("jurisdiction") for w in issuers if nodes[w].get("jurisdiction")]
        level = min(levels, key=_LEVEL_RANK.__getitem__) if levels else None
        place = sorted(places)[0] if places else None
        if level is None and data.get("doc_number"):
            row = lookup_agency(data["doc_number"])
            if row is not None:
                level, place = row.level or None, place or row.jurisdiction or None
        if level is not None:
            data["level"], data["level_inferred"] = level, True
        if data.get("jurisdiction") is None and place:
            data["jurisdiction"] = place


# ------------------------------------------------------------------------------- helpers

def label(G: nx.MultiDiGraph, node: str) -> str:
    """A short display name: the 文号, else the title, else the end of the IRI.

    >>> G = example_graph()
    >>> label(G, find_document(G, "中华人民共和国电子签名法"))
    '中华人民共和国电子签名法'
    """
    data = G.nodes[node]
    return data.get("doc_number") or data.get("title") or node.rstrip("/").rsplit("/", 1)[-1]


def documents(G: nx.MultiDiGraph, kinds: Collection[str] = DOCUMENT_KINDS, *,
              attachments: bool = True) -> list[str]:
    """Document nodes of the given kinds, sorted; ``attachments=False`` leaves out documents
    promulgated by a notice (they are counted with their notice).

    >>> G = example_graph()
    >>> [label(G, n) for n in documents(G, ["document"], attachments=False)]
    ['国发〔2013〕32号', '深府〔2009〕200号', '深府〔2013〕119号', '粤府〔2013〕100号']
    """
    kinds = frozenset(kinds)
    return sorted(n for n, d in G.nodes(data=True) if d.get("kind") in kinds
                  and (attachments or not d.get("promulgated_by")))


def _norm(text: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"'（）()]", "", text)


def find_document(G: nx.MultiDiGraph, query: str) -> str:
    """The document node named by ``query``: its IRI, its 文号 in any bracket style
    (深府[2013]119号, 深府（2013）119号 …), its title, or a unique part of a title.

    Raises :class:`LookupError` (with the candidates) when nothing or several match.

    >>> G = example_graph()
    >>> label(G, find_document(G, "国发(2013)32号"))
    '国发〔2013〕32号'
    >>> label(G, find_document(G, "发展的若干措施"))
    '深圳市关于进一步促进电子商务发展的若干措施'
    >>> find_document(G, "深府")
    Traceback (most recent call last):
    ...
    LookupError: 深府: 2 documents match: 深府〔2009〕200号, 深府〔2013〕119号
    """
    from policygraph.extractors.docnumber import normalise_doc_number

    q = query.strip()
    docs = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") in DOCUMENT_KINDS]
    if q in G and G.nodes[q].get("kind") in DOCUMENT_KINDS:
        return q
    wanted = {q}
    canonical = normalise_doc_number(q)
    if canonical:
        wanted.add(canonical)
    for test in (
        lambda d: d.get("doc_number") in wanted,
        lambda d: d.get("title") == q,
        lambda d: bool(d.get("title")) and _norm(d["title"]) == _norm(q),
        lambda d: bool(_norm(q)) and (_norm(q) in _norm(d.get("title") or "")
                                      or _norm(q) in _norm(d.get("doc_number") or "")),
    ):
        hits = sorted(n for n, d in docs if test(d))
        if len(hits) == 1:
            return hits[0]
        if hits:
            names = ", ".join(sorted(label(G, n) for n in hits)[:10])
            raise LookupError(f"{query}: {len(hits)} documents match: {names}")
    raise LookupError(f"{query}: no document with this IRI, 文号 or title")


def _relations(relations: str | Iterable[str]) -> frozenset[str]:
    rels = frozenset([relations] if isinstance(relations, str) else relations)
    unknown = rels - _KNOWN_RELATIONS
    if unknown:
        raise ValueError(f"unknown relation(s): {', '.join(sorted(unknown))}")
    return rels


def _issuance(nodes: Any, n: str) -> tuple[str, ...]:
    """``n`` with the documents issued in the same act: its 印发 notice and the attachments."""
    data = nodes[n]
    notice = data.get("promulgated_by") or n
    attached = nodes[notice].get("attachments") or ()
    if notice == n and not attached:
        return (n,)
    return (notice, *attached)


def _step(G: nx.MultiDiGraph, n: str, rels: frozenset[str], merge: bool, up: bool) -> dict[str, str]:
    """Neighbours one step up (cited) or down (citing) from ``n``: neighbour → the issuance
    member it was reached from."""
    adj = G._succ if up else G._pred
    out: dict[str, str] = {}
    for m in (_issuance(G._node, n) if merge else (n,)):
        for w, keys in adj[m].items():
            if w not in out and not rels.isdisjoint(keys):
                out[w] = m
    return out


def _walk(G: nx.MultiDiGraph, doc: str, depth: int | None, relations: str | Iterable[str],
          merge: bool, up: bool) -> dict[str, int]:
    if doc not in G:
        raise KeyError(doc)
    rels = _relations(relations)
    adj = G._succ if up else G._pred
    nodes = G._node
    seen = {doc: 0}
    frontier = [doc]
    d = 0
    while frontier and (depth is None or d < depth):
        d += 1
        nxt = []
        for n in frontier:
            for m in (_issuance(nodes, n) if merge else (n,)):
                for w, keys in adj[m].items():
                    if w not in seen and not rels.isdisjoint(keys):
                        seen[w] = d
                        nxt.append(w)
        frontier = nxt
    for m in (_issuance(nodes, doc) if merge else (doc,)):
        seen.pop(m, None)
    return dict(sorted(seen.items(), key=lambda kv: (kv[1], _name(nodes[kv[0]]), kv[0])))


def _name(data: Mapping[str, Any]) -> str:
    return data.get("doc_number") or data.get("title") or ""


# ------------------------------------------------------------------------------- traversals

def ancestors(G: nx.MultiDiGraph, doc: str, depth: int | None = None,
              relations: str | Iterable[str] = REFERENCES, *,
              merge_promulgated: bool = True) -> dict[str, int]:
    """Documents ``doc`` implements or cites, directly or through others, up to ``depth``
    steps (None: no limit), as node → distance, nearest first.  A breadth-first search along
    the edges of the given relations (child → parent).

    Note the lineage sense: these are networkx *successors*, not ``nx.ancestors``.

    >>> G = example_graph()
    >>> sz = find_document(G, "深府〔2013〕119号")
    >>> {label(G, n): d for n, d in ancestors(G, sz, depth=1, relations="implements").items()}
    {'国发〔2013〕32号': 1, '粤府〔2013〕100号': 1}
    >>> {label(G, n): d for n, d in ancestors(G, find_document(G, "发展的若干措施"), relations=LINEAGE).items()}
    {'国发〔2013〕32号': 1, '粤府〔2013〕100号': 1}
    """
    return _walk(G, doc, depth, relations, merge_promulgated, up=True)


def descendants(G: nx.MultiDiGraph, doc: str, depth: int | None = None,
                relations: str | Iterable[str] = REFERENCES, *,
                merge_promulgated: bool = True) -> dict[str, int]:
    """Documents implementing or citing ``doc``, directly or through others, up to ``depth``
    steps, as node → distance, nearest first (the reverse walk of :func:`ancestors`).

    >>> G = example_graph()
    >>> gf = find_document(G, "国发〔2013〕32号")
    >>> {label(G, n): d for n, d in descendants(G, gf, relations="implements").items()}
    {'深府〔2013〕119号': 1, '粤府〔2013〕100号': 1}
    >>> {label(G, n): d for n, d in descendants(G, gf, relations="implements", depth=1,
    ...                                         merge_promulgated=False).items()}
    {'深府〔2013〕119号': 1, '粤府〔2013〕100号': 1}
    """
    return _walk(G, doc, depth, relations, merge_promulgated, up=False)


def chains_to_roots(G: nx.MultiDiGraph, doc: str, relations: str | Iterable[str] = REFERENCES, *,
                    level: str | None = "national", max_depth: int = 20, limit: int = 10_000,
                    merge_promulgated: bool = True) -> list[list[str]]:
    """Every chain from ``doc`` up to a root, as node lists ``[doc, parent, …, root]``,
    longest first.

    A chain follows the relations upward until a document that cites nothing further (or
    ``max_depth`` steps); with ``level`` (default ``"national"``) each chain is cut after its
    last document of that level, and chains reaching none are dropped — so the roots are the
    national documents the chain hangs from.  ``level=None`` keeps the whole chain.  At most
    ``limit`` chains are enumerated (a depth-first search over simple paths).

    >>> G = example_graph()
    >>> sz = find_document(G, "深府〔2013〕119号")
    >>> [[label(G, n) for n in c] for c in chains_to_roots(G, sz, LINEAGE)]
    [['深府〔2013〕119号', '粤府〔2013〕100号', '国发〔2013〕32号'], ['深府〔2013〕119号', '国发〔2013〕32号']]
    >>> [[label(G, n) for n in c] for c in chains_to_roots(G, sz, "cites", level=None)]
    [['深府〔2013〕119号', '中华人民共和国电子签名法']]
    """
    if doc not in G:
        raise KeyError(doc)
    rels = _relations(relations)
    nodes = G._node
    found: dict[tuple[str, ...], None] = {}
    path = [doc]
    on_path = {doc}
    stack = [iter(sorted(_step(G, doc, rels, merge_promulgated, up=True)))]
    emitted = 0

    def emit() -> None:
        nonlocal emitted
        emitted += 1
        chain = tuple(path)
        if level is not None:
            cut = max((i for i, n in enumerate(chain) if i and nodes[n].get("level") == level), default=0)
            if not cut:
                return
            chain = chain[:cut + 1]
        found.setdefault(chain, None)

    while stack and emitted < limit:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        if nxt in on_path:
            continue
        path.append(nxt)
        on_path.add(nxt)
        ups = [] if len(path) > max_depth else sorted(
            w for w in _step(G, nxt, rels, merge_promulgated, up=True) if w not in on_path)
        if not ups:
            emit()
            path.pop()
            on_path.discard(nxt)
            continue
        stack.append(iter(ups))
    return sorted((list(c) for c in found), key=lambda c: (-len(c), [label(G, n) for n in c]))


def longest_chains(G: nx.MultiDiGraph, k: int = 10, relations: str | Iterable[str] = REFERENCES, *,
                   merge_promulgated: bool = True) -> list[list[str]]:
    """The ``k`` longest citation chains in the graph, as node lists from the citing end up to
    the root, longest first (ties by IRI).

    Linear time: heights over a topological order of the reference graph (documents citing
    each other in a cycle are contracted to one step); a chain starts at a document nothing
    cites and follows, at each step, the parent with the longest chain above it.  With
    ``merge_promulgated`` an attachment is represented by its 印发 notice.

    >>> G = example_graph()
    >>> [[label(G, n) for n in c] for c in longest_chains(G, k=1, relations=LINEAGE)]
    [['深府〔2013〕119号', '粤府〔2013〕100号', '国发〔2013〕32号']]
    """
    rels = _relations(relations)
    nodes = G._node
    succ: dict[str, set[str]] = {}
    for n, data in nodes.items():
        if data.get("kind") not in DOCUMENT_KINDS:
            continue
        r = (data.get("promulgated_by") or n) if merge_promulgated else n
        out = succ.setdefault(r, set())
        for w, keys in G._succ[n].items():
            if not rels.isdisjoint(keys):
                t = (nodes[w].get("promulgated_by") or w) if merge_promulgated else w
                if t != r:
                    out.add(t)
    pred: dict[str, list[str]] = {n: [] for n in succ}
    for n, out in succ.items():
        for t in out:
            pred.setdefault(t, []).append(n)
            succ.setdefault(t, set())
    # heights from the roots down (Kahn's algorithm on the reversed edges)
    waiting = {n: len(out) for n, out in succ.items()}
    height = dict.fromkeys(succ, 0)
    ready = [n for n, k in waiting.items() if k == 0]
    done = 0
    while ready:
        n = ready.pop()
        done += 1
        h = height[n] + 1
        for p in pred[n]:
            if h > height[p]:
                height[p] = h
            waiting[p] -= 1
            if not waiting[p]:
                ready.append(p)
    if done < len(succ):  # citation cycles: contract them, then the same on the condensation
        H = nx.DiGraph((n, t) for n, out in succ.items() for t in out)
        H.add_nodes_from(succ)
        C = nx.condensation(H)
        first = {c: min(C.nodes[c]["members"]) for c in C}
        H = nx.relabel_nodes(C, first)
        succ = {n: set(H._succ[n]) for n in H}
        pred = {n: list(H._pred[n]) for n in H}
        height = {}
        for n in reversed(list(nx.topological_sort(H))):
            height[n] = max((height[s] + 1 for s in succ[n]), default=0)
    starts = sorted((n for n in succ if height[n] > 0 and not pred[n]), key=lambda n: (-height[n], n))
    chains = []
    for s in starts[:k]:
        chain = [s]
        while height[chain[-1]]:
            here = chain[-1]
            chain.append(min(w for w in succ[here] if height[w] == height[here] - 1))
        chains.append(chain)
    return chains


def reach(G: nx.MultiDiGraph, level: str | None = "national",
          relations: str | Iterable[str] = REFERENCES, *, depth: int | None = None,
          merge_promulgated: bool = True) -> dict[str, int]:
    """How much hangs from each document of ``level`` (None: every document): the number of
    its descendants, most first; documents nothing descends from are left out.

    >>> G = example_graph()
    >>> {label(G, n): k for n, k in reach(G, "national").items()}
    {'国发〔2013〕32号': 2}
    """
    out = {}
    for n in documents(G, attachments=False):
        if level is None or G._node[n].get("level") == level:
            count = len(_walk(G, n, depth, relations, merge_promulgated, up=False))
            if count:
                out[n] = count
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


# ------------------------------------------------------------------------------- time

def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _doc_date(data: Mapping[str, Any], approximate: bool) -> tuple[date | None, bool]:
    for attr in ("date", "date_published", "in_force"):
        d = _as_date(data.get(attr))
        if d is not None:
            return d, True
    if approximate and data.get("year"):
        return date(int(data["year"]), 7, 1), False
    return None, False


def implementation_lag(G: nx.MultiDiGraph, relations: str | Iterable[str] = LINEAGE, *,
                       approximate: bool = False) -> list[dict[str, Any]]:
    """Days between each parent document and each child implementing it.

    One row per (child, parent) pair joined by one of ``relations`` (the first of them, in
    the order given, is reported): ``child``, ``parent``, ``relation``, ``child_date``,
    ``parent_date`` (ISO), ``days`` (child − parent) and ``exact``.  A document's date is its
    成文日期, else its publication or entry-into-force date.  Pairs where either date is
    unknown are left out unless ``approximate``: then a document known only by the year of
    its 文号 is dated 1 July of that year and the row has ``exact=False``.

    >>> G = example_graph()
    >>> for r in implementation_lag(G, "implements"):
    ...     print(label(G, r["child"]), label(G, r["parent"]), r["days"])
    深府〔2013〕119号 国发〔2013〕32号 141
    深府〔2013〕119号 粤府〔2013〕100号 68
    粤府〔2013〕100号 国发〔2013〕32号 73
    """
    order = list(dict.fromkeys([relations] if isinstance(relations, str) else relations))
    rels = _relations(order)
    nodes = G._node
    rows = []
    for child in documents(G):
        cdata = nodes[child]
        for parent, keys in G._succ[child].items():
            if rels.isdisjoint(keys) or nodes[parent].get("kind") not in DOCUMENT_KINDS:
                continue
            relation = next(r for r in order if r in keys)
            cd, c_exact = _doc_date(cdata, approximate)
            pd, p_exact = _doc_date(nodes[parent], approximate)
            if cd is None or pd is None:
                continue
            rows.append({"child": child, "parent": parent, "relation": relation,
                         "child_date": cd.isoformat(), "parent_date": pd.isoformat(),
                         "days": (cd - pd).days, "exact": c_exact and p_exact})
    rows.sort(key=lambda r: (label(G, r["child"]), label(G, r["parent"]), r["child"], r["parent"]))
    return rows


def in_force_on(G: nx.MultiDiGraph, day: str | date, *, include_undated: bool = False,
                attachments: bool = False) -> list[str]:
    """Documents in force on ``day``, sorted.

    A document is in force from its entry-into-force date (else its publication date, else
    its 成文日期) — for ``valid_years`` years when it states a period of validity — unless a
    document in force by then repeals it (a repealing document with no date repeals it at any
    date).  Documents with no date at all are left out unless ``include_undated``;
    attachments are counted with their notice unless ``attachments``.

    >>> G = example_graph()
    >>> [label(G, n) for n in in_force_on(G, "2013-06-01")]
    ['深府〔2009〕200号']
    >>> [label(G, n) for n in in_force_on(G, "2014-06-01")]
    ['国发〔2013〕32号', '深府〔2013〕119号', '粤府〔2013〕100号']
    >>> [label(G, n) for n in in_force_on(G, "2019-06-01")]
    ['国发〔2013〕32号', '粤府〔2013〕100号']
    """
    when = _as_date(day)
    if when is None:
        raise ValueError(f"not a date: {day!r}")
    nodes = G._node

    def start(data: Mapping[str, Any]) -> date | None:
        for attr in ("in_force", "date_published", "date"):
            d = _as_date(data.get(attr))
            if d is not None:
                return d
        return None

    out = []
    for n in documents(G, attachments=attachments):
        data = nodes[n]
        s = start(data)
        if s is None:
            if not include_undated:
                continue
        elif s > when:
            continue
        elif data.get("valid_years"):
            try:
                end = s.replace(year=s.year + int(data["valid_years"]))
            except ValueError:  # 29 February
                end = s.replace(year=s.year + int(data["valid_years"]), day=28)
            if when >= end:
                continue
        repealed = False
        for u, keys in G._pred[n].items():
            if "repeals" in keys:
                rs = start(nodes[u])
                if rs is None or rs <= when:
                    repealed = True
                    break
        if not repealed:
            out.append(n)
    return out


def diffusion_by_level(G: nx.MultiDiGraph, root: str | None = None,
                       relations: str | Iterable[str] = LINEAGE, *,
                       include_referenced: bool = True) -> dict[int, dict[str, int]]:
    """Documents per year and level: ``{year: {"national": n, "provincial": n, "municipal": n,
    "county": n, "unknown": n}}``, every year from the first to the last present.

    With ``root``, only ``root`` and its descendants along ``relations`` — how one national
    document travelled down.  Years come from the document's dates, else its 文号;
    attachments are counted with their notice; ``include_referenced=False`` counts ingested
    documents only.

    >>> G = example_graph()
    >>> d = diffusion_by_level(G, find_document(G, "国发〔2013〕32号"))
    >>> {y: {k: n for k, n in c.items() if n} for y, c in d.items()}
    {2013: {'national': 1, 'provincial': 1, 'municipal': 1}}
    """
    nodes = G._node
    if root is None:
        pool: Iterable[str] = documents(G, attachments=False)
    else:
        pool = [root, *_walk(G, root, None, relations, True, up=False)]
    kinds = DOCUMENT_KINDS if include_referenced else ("document",)
    counts: dict[int, dict[str, int]] = {}
    for n in pool:
        data = nodes[n]
        if data.get("kind") not in kinds or data.get("promulgated_by") or data.get("year") is None:
            continue
        year = int(data["year"])
        row = counts.setdefault(year, dict.fromkeys((*LEVELS, "unknown"), 0))
        lvl = data.get("level")
        row[lvl if lvl in _LEVEL_RANK else "unknown"] += 1
    if not counts:
        return {}
    return {y: counts.get(y, dict.fromkeys((*LEVELS, "unknown"), 0))
            for y in range(min(counts), max(counts) + 1)}


# ------------------------------------------------------------------------------- rankings

def citation_in_degree(G: nx.MultiDiGraph, relations: str | Iterable[str] = REFERENCES) -> dict[str, int]:
    """How many documents cite each document (along ``relations``), most cited first;
    uncited documents are left out.  Each citing document counts once, whatever the number
    of relations it states.

    >>> G = example_graph()
    >>> {label(G, n): k for n, k in citation_in_degree(G).items()}
    {'中华人民共和国电子签名法': 2, '国发〔2013〕32号': 2, '深府〔2009〕200号': 1, '粤府〔2013〕100号': 1}
    """
    rels = _relations(relations)
    out = {}
    for n in documents(G):
        k = sum(1 for _u, keys in G._pred[n].items() if not rels.isdisjoint(keys))
        if k:
            out[n] = k
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], label(G, kv[0]), kv[0])))


def citation_pagerank(G: nx.MultiDiGraph, relations: str | Iterable[str] = REFERENCES, *,
                      alpha: float = 0.85, downweight_hubs: bool = False,
                      hubs: Collection[str] = (), hub_factor: float = 0.1,
                      relation_weights: Mapping[str, float] | None = None,
                      personalization: Mapping[str, float] | None = None,
                      max_iter: int = 100, tol: float = 1.0e-6) -> dict[str, float]:
    """PageRank of the documents in the citation graph (rank flows from citing to cited),
    highest first; the scores sum to 1.

    With every weight 1 (the default) this is :func:`networkx.pagerank` — dangling documents
    spread their rank by ``personalization`` — computed by power iteration in plain Python so
    that SciPy is not needed.  Weights are shares: a document with ``d`` references passes
    ``w / d`` of its rank along a reference of weight ``w ≤ 1``, and what it holds back is
    spread like the rank of a document that cites nothing.  (Weights above 1 are normalised
    per citing document instead.)  ``relation_weights`` sets a weight per relation (the
    heaviest relation joining a pair counts), e.g. ``{"cites": 0.5}``.

    Hub laws are down-weighted where asked: with ``downweight_hubs`` a reference to a document
    cited ``k`` times weighs ``1 / log2(2 + k)`` (a document cited once keeps 63 %, one cited
    a thousand times 10 %), and references to the documents listed in ``hubs`` are multiplied
    by ``hub_factor`` — laws everyone cites stop dominating the ranking.

    >>> G = example_graph()
    >>> pr = citation_pagerank(G)
    >>> [label(G, n) for n in pr][:2], round(sum(pr.values()), 6)
    (['国发〔2013〕32号', '中华人民共和国电子签名法'], 1.0)
    >>> law = find_document(G, "电子签名法")
    >>> citation_pagerank(G, hubs=[law])[law] < citation_pagerank(G, downweight_hubs=True)[law] < pr[law]
    True
    """
    rels = _relations(relations)
    weights = {r: 1.0 for r in rels}
    if relation_weights:
        weights.update({r: float(w) for r, w in relation_weights.items() if r in rels})
    docs = documents(G)
    index = {n: i for i, n in enumerate(docs)}
    size = len(docs)
    if not size:
        return {}
    hubset = frozenset(hubs)
    indeg = [0] * size
    raw: list[tuple[int, int, float]] = []
    for n in docs:
        i = index[n]
        for w, keys in G._succ[n].items():
            j = index.get(w)
            if j is None or j == i or rels.isdisjoint(keys):
                continue
            raw.append((i, j, max(weights[k] for k in keys if k in rels)))
            indeg[j] += 1
    count = [0] * size
    total = [0.0] * size
    edges = []
    for i, j, w in raw:
        if downweight_hubs:
            w /= math.log2(2 + indeg[j])
        if docs[j] in hubset:
            w *= hub_factor
        if w > 0:
            edges.append((i, j, w))
            count[i] += 1
            total[i] += w
    incoming: list[list[tuple[int, float]]] = [[] for _ in range(size)]
    passed = [0.0] * size
    for i, j, w in edges:
        share = w / max(count[i], total[i])
        incoming[j].append((i, share))
        passed[i] += share
    held = [max(0.0, 1.0 - q) for q in passed]  # 1 for a document that cites nothing
    leaky = [i for i in range(size) if held[i] > 1e-12]
    if personalization:
        mass = float(sum(personalization.get(n, 0.0) for n in docs))
        if mass <= 0:
            raise ValueError("personalization must give some document a positive weight")
        p = [personalization.get(n, 0.0) / mass for n in docs]
    else:
        p = [1.0 / size] * size
    x = list(p)
    for _ in range(max_iter):
        spread = alpha * sum(x[i] * held[i] for i in leaky) + (1.0 - alpha)
        new = [alpha * sum(x[i] * w for i, w in inc) + spread * pj for inc, pj in zip(incoming, p, strict=True)]
        err = sum(abs(a - b) for a, b in zip(new, x, strict=True))
        x = new
        if err < size * tol:
            break
    else:
        raise nx.PowerIterationFailedConvergence(max_iter)
    scores = {docs[i]: x[i] for i in range(size)}
    return dict(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])))


def responsibility_load(G: nx.MultiDiGraph, by: str | Sequence[str] = (),
                        roles: Collection[str] = RESPONSIBILITY) -> list[dict[str, Any]]:
    """Who carries the work: per body (and per ``document`` and/or ``year`` when asked with
    ``by``), the number of measures it leads (``lead``, 牵头), is the sole responsible body of
    with no lead named (``sole``), is responsible for (``responsible``, 负责, leads included)
    and supports (``supporting``, 配合); ``measures`` counts distinct measures in any role and
    ``documents`` the documents they belong to.  Rows are sorted by measures led, then
    responsible, then name.

    >>> G = example_graph()
    >>> [(r["body"], r["lead"], r["sole"], r["responsible"], r["supporting"])
    ...  for r in responsibility_load(G)]
    [('深圳市经济贸易和信息化委员会', 1, 0, 1, 0), ('深圳市财政委员会', 0, 1, 1, 1)]
    >>> [(r["body"], r["year"], r["measures"]) for r in responsibility_load(G, by="year")]
    [('深圳市经济贸易和信息化委员会', 2013, 1), ('深圳市财政委员会', 2013, 2)]
    """
    groups = [by] if isinstance(by, str) else list(by)
    bad = set(groups) - {"document", "year"}
    if bad:
        raise ValueError(f"by: unknown grouping {', '.join(sorted(bad))} (use document, year)")
    counted_roles = _relations(roles) & frozenset(RESPONSIBILITY)
    all_roles = frozenset(RESPONSIBILITY)
    nodes = G._node
    acc: dict[tuple[Any, ...], list[Any]] = {}  # lead, sole, responsible, supporting, measures, docs
    slot = {"lead": 0, "responsible": 2, "supporting": 3}
    for m, data in nodes.items():
        if data.get("kind") != "measure":
            continue
        held = []
        n_responsible = 0
        has_lead = False
        for org, keys in G._succ[m].items():
            if all_roles.isdisjoint(keys):
                continue
            held.append((org, [k for k in keys if k in counted_roles]))
            n_responsible += "responsible" in keys
            has_lead = has_lead or "lead" in keys
        if not held:
            continue
        doc = data.get("document")
        year = nodes[doc].get("year") if doc else None
        group = tuple(doc if g == "document" else year for g in groups)
        sole = n_responsible == 1 and not has_lead
        for org, mine in held:
            if not mine:
                continue
            key = (org, *group)
            row = acc.get(key)
            if row is None:
                row = acc[key] = [0, 0, 0, 0, 0, set()]
            for k in mine:
                row[slot[k]] += 1
            if sole and "responsible" in mine:
                row[1] += 1
            row[4] += 1
            if doc:
                row[5].add(doc)
    rows = []
    for key, row in acc.items():
        org = key[0]
        out: dict[str, Any] = {"org": org, "body": nodes[org].get("title") or org,
                               "level": nodes[org].get("level"),
                               "jurisdiction": nodes[org].get("jurisdiction")}
        for g, value in zip(groups, key[1:], strict=True):
            out[g] = value
            if g == "document":
                out["document_title"] = nodes[value].get("title") if value else None
        out.update(zip(("lead", "sole", "responsible", "supporting", "measures"), row[:5], strict=True))
        out["documents"] = len(row[5])
        rows.append(out)
    rows.sort(key=lambda r: (-r["lead"], -r["responsible"], -r["measures"], r["body"], r["org"],
                             *(str(r[g]) for g in groups)))
    return rows


# ------------------------------------------------------------------------------- example

def example_graph() -> nx.MultiDiGraph:
    """A hand-built three-level chain for examples and tests (numbers other than
    国发〔2013〕32号 and 深府〔2013〕119号 are made up):

    * 国发〔2013〕32号 (national, 2013-08-08) ← implemented by
    * 粤府〔2013〕100号 (provincial, 2013-10-20; cites 电子签名法) ← implemented by
    * 深府〔2013〕119号 (municipal, 2013-12-27, in force 2014-01-08 for 5 years), which also
      implements 国发〔2013〕32号 directly, cites 电子签名法, repeals 深府〔2009〕200号 and
      promulgates 深圳市关于进一步促进电子商务发展的若干措施 with two measures and their
      responsible bodies.

    >>> G = example_graph()
    >>> G.number_of_nodes(), sorted({k for _, _, k in G.edges(keys=True)})[:4]
    (13, ['cites', 'implements', 'issued_by', 'lead'])
    """
    from policygraph.resolve import doc_iri_for_number, doc_iri_for_title

    G = nx.MultiDiGraph()
    org = {name: v.ID + "org/" + v.slug(name) for name in (
        "国务院", "广东省人民政府", "深圳市人民政府", "深圳市经济贸易和信息化委员会", "深圳市财政委员会")}
    for name, (lvl, place) in zip(org, [("national", "全国"), ("provincial", "广东省"),
                                        ("municipal", "深圳市"), ("municipal", "深圳市"),
                                        ("municipal", "深圳市")], strict=True):
        G.add_node(org[name], kind="organisation", title=name, level=lvl, jurisdiction=place, aliases=[])

    def doc(iri: str, kind: str = "document", **attrs: Any) -> str:
        G.add_node(iri, **{**_DOC_ATTRS, "issuers": [], "attachments": [], "kind": kind, **attrs})
        return iri

    gf = doc(doc_iri_for_number("国发〔2013〕32号"), doc_number="国发〔2013〕32号",
             title="国务院关于促进信息消费扩大内需的若干意见", level="national", jurisdiction="全国",
             date="2013-08-08", date_published="2013-08-14", issuers=["国务院"])
    yf = doc(doc_iri_for_number("粤府〔2013〕100号"), doc_number="粤府〔2013〕100号",
             title="广东省促进信息消费实施意见",
             level="provincial", jurisdiction="广东省", date="2013-10-20", issuers=["广东省人民政府"])
    sz = doc(doc_iri_for_number("深府〔2013〕119号"), doc_number="深府〔2013〕119号",
             title="深圳市人民政府印发关于进一步促进电子商务发展若干措施的通知", level="municipal",
             jurisdiction="深圳市", date="2013-12-27", date_published="2014-01-08", valid_years=5,
             issuers=["深圳市人民政府"])
    att = doc(doc_iri_for_title("深圳市关于进一步促进电子商务发展的若干措施"),
              title="深圳市关于进一步促进电子商务发展的若干措施", jurisdiction="深圳市",
              issuers=["深圳市人民政府"])
    old = doc(doc_iri_for_number("深府〔2009〕200号"), doc_number="深府〔2009〕200号",
              title="深圳市电子商务发展规划（2009—2013年）", level="municipal", jurisdiction="深圳市",
              date="2009-06-30", issuers=["深圳市人民政府"])
    law = doc(doc_iri_for_title("电子签名法"), kind="referenced", title="中华人民共和国电子签名法")
    for child, parent, rel in [(yf, gf, "implements"), (sz, yf, "implements"), (sz, gf, "implements"),
                               (yf, law, "cites"), (sz, law, "cites"), (sz, old, "repeals"),
                               (sz, att, "promulgates"), (gf, org["国务院"], "issued_by"),
                               (yf, org["广东省人民政府"], "issued_by"), (sz, org["深圳市人民政府"], "issued_by"),
                               (att, org["深圳市人民政府"], "issued_by"),
                               (old, org["深圳市人民政府"], "issued_by")]:
        G.add_edge(child, parent, key=rel, relation=rel)
    measures = [("一", "支持电子商务平台规模化", {"深圳市经济贸易和信息化委员会": ("lead", "responsible"),
                                             "深圳市财政委员会": ("supporting",)}),
                ("二", "完善电子商务支撑体系", {"深圳市财政委员会": ("responsible",)})]
    for k, (number, title, bodies) in enumerate(measures, start=1):
        m = att + f"/item_{k}"
        G.add_node(m, kind="measure", title=title, number=number, subdivision_kind="item", document=None)
        G.add_edge(m, att, key="part_of", relation="part_of")
        for name, roles in bodies.items():
            for role in roles:
                G.add_edge(m, org[name], key=role, relation=role)
    return derive_attributes(G)
