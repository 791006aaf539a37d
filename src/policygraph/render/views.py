"""Which part of the graph a page shows: a lineage view, a body view, or the whole graph.

Every view is selected by SPARQL over a :class:`~policygraph.store.GraphStore` (the union of its
named graphs) and comes back as a :class:`View`: typed nodes with their metadata, edges with
their relation and the evidence quoted from the source text, and a message saying what a cap
left out.

* :func:`lineage_view` — a document, its ancestors up ``up`` steps (what it implements, is
  based on, cites, amends, repeals, forwards) and its descendants down ``down`` steps (what
  implements or cites it), with its measures, their lead units and its targets.  A 印发 notice
  and the attachment it promulgates are one family: the measures of either belong to the view.
* :func:`body_view` — the measures a body leads (牵头 / 负责) and the documents they belong to.
* :func:`whole_view` — everything, capped at ``max_nodes`` nodes.

Document edges are shown once per pair, under the most specific relation asked for (a document
that ``implements`` another is also stated to ``cite`` it: the view shows ``implements``, or
``cites`` when only citations are asked for).

>>> sorted(RELATIONS) == sorted(DOC_RELATIONS + PART_RELATIONS)
True
>>> parse_relations("cites, implements")
('implements', 'cites')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from policygraph import vocab as v
from policygraph.store import GraphStore
from policygraph.vocab import DCT, ELI, OA, ORG, PROV, RDF, SCHEMA, SKOS, XSD

DEFAULT_MAX_NODES = 1000
CONTEXT = 16
"""Characters of source text shown either side of an evidence quote."""

DOC_RELATIONS = ("repeals", "amends", "implements", "based_on", "forwards", "promulgates", "cites")
"""Relations between documents, most specific first."""
PART_RELATIONS = ("part_of", "lead", "responsible", "supporting", "target", "issued_by")
"""Relations of measures, bodies and targets."""

RELATIONS: dict[str, str] = {
    "implements": ELI + "ensures_implementation_of",
    "based_on": ELI + "based_on",
    "cites": ELI + "cites",
    "repeals": ELI + "repeals",
    "amends": ELI + "amends",
    "forwards": v.forwards,
    "promulgates": v.promulgates,
    "part_of": ELI + "is_part_of",
    "lead": v.lead_agent,
    "responsible": v.responsible_agent,
    "supporting": v.supporting_agent,
    "target": v.has_target,
    "issued_by": ELI + "passed_by",
}
"""Relation name (as given to ``--relations``) → the property it shows."""

DEFAULT_RELATIONS = tuple(r for r in (*DOC_RELATIONS, *PART_RELATIONS) if r not in ("supporting", "issued_by"))
"""What a view shows unless told otherwise: supporting bodies (配合) and issuers are left out."""

KINDS = ("doc-national", "doc-provincial", "doc-municipal", "doc-county", "doc-other", "doc-referenced",
         "measure", "org", "target")
"""Node kinds, in legend order."""

_DOC_KIND = {"national": "doc-national", "provincial": "doc-provincial", "municipal": "doc-municipal",
             "county": "doc-county"}
_SUBDIVISIONS_SHOWN = {v.Measure, v.Article}
_YEAR_IN_NUMBER = re.compile(r"[〔\[(（【]((?:19|20)\d\d)[〕\])）】]")
_CHUNK = 400


class ViewError(ValueError):
    """A document or body that cannot be found (or is ambiguous), or bad view arguments."""


@dataclass
class Evidence:
    """The quoted source text an edge was read from, with its character position.  The graph
    keeps only the quote: ``prefix`` and ``suffix`` are filled by :func:`add_context`."""

    exact: str
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    file: str | None = None
    confidence: float | None = None
    source: str | None = None  # the pg:SourceText the offsets count in


@dataclass
class Node:
    iri: str
    kind: str  # one of KINDS
    label: str  # full name: title, 编号 + title, body name, or target text
    meta: dict[str, object] = field(default_factory=dict)
    level: str | None = None  # national / provincial / municipal / county (documents, their parts)
    year: int | None = None
    rank: int = 0  # row in a hierarchical layout (top = smallest)


@dataclass
class Edge:
    source: str
    relation: str  # a key of RELATIONS
    target: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class View:
    mode: str  # lineage | body | whole
    title: str
    nodes: list[Node]
    edges: list[Edge]
    focus: str | None = None
    hierarchical: bool = False
    total_nodes: int = 0
    omitted: dict[str, int] = field(default_factory=dict)
    message: str | None = None

    def node(self, iri: str) -> Node | None:
        for n in self.nodes:
            if n.iri == iri:
                return n
        return None


# --- arguments ---------------------------------------------------------------------------------

def parse_relations(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Relation names from ``cites,implements`` (or a list), in canonical order; None = default.

    >>> parse_relations(None) == DEFAULT_RELATIONS
    True
    >>> parse_relations("foo")
    Traceback (most recent call last):
    ...
    policygraph.render.views.ViewError: unknown relation 'foo'; expected some of implements, based_on, \
cites, repeals, amends, forwards, promulgates, part_of, lead, responsible, supporting, target, issued_by
    """
    if value is None:
        return DEFAULT_RELATIONS
    items = value.split(",") if isinstance(value, str) else list(value)
    names = {s.strip().replace("-", "_") for s in items if s.strip()}
    for name in sorted(names):
        if name not in RELATIONS:
            raise ViewError(f"unknown relation {name!r}; expected some of {', '.join(RELATIONS)}")
    if not names:
        raise ViewError("no relation given")
    return tuple(r for r in (*DOC_RELATIONS, *PART_RELATIONS) if r in names)


# --- reading the store -------------------------------------------------------------------------

Value = tuple[str, str | None, bool]  # (value, language, is_iri)


def _term(t: object) -> Value | None:
    if isinstance(t, ox.NamedNode):
        return (t.value, None, True)
    if isinstance(t, ox.Literal):
        return (t.value, t.language, False)
    return None


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


def _chunks(items: Sequence[str], n: int = _CHUNK) -> Iterable[Sequence[str]]:
    for k in range(0, len(items), n):
        yield items[k:k + n]


class _Reader:
    """SPARQL over the store, with a cache of labels."""

    def __init__(self, gs: GraphStore) -> None:
        self.gs = gs
        self._labels: dict[str, str] = {}

    def select(self, sparql: str) -> list[dict[str, Value | None]]:
        res = self.gs.query(sparql)
        names = [var.value for var in res.variables]  # type: ignore[attr-defined]
        return [{n: _term(sol[n]) for n in names} for sol in res]  # type: ignore[attr-defined]

    def props(self, iris: Iterable[str], preds: Iterable[str]) -> dict[str, dict[str, list[Value]]]:
        """``iri → predicate → values`` for the given subjects and predicates."""
        out: dict[str, dict[str, list[Value]]] = {}
        subjects = sorted(set(iris))
        pv = ", ".join(f"<{p}>" for p in preds)
        for part in _chunks(subjects):
            # FILTER, not a second VALUES: Oxigraph joins two VALUES blocks as a cross product
            q = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {_values(part)} }} ?s ?p ?o FILTER(?p IN ({pv})) }}"
            for row in self.select(q):
                s, p, o = row["s"], row["p"], row["o"]
                if s and p and o:
                    out.setdefault(s[0], {}).setdefault(p[0], []).append(o)
        for d in out.values():
            for vals in d.values():
                vals.sort(key=lambda x: (x[1] not in (None, "zh"), x[0]))
        return out

    def labels(self, iris: Iterable[str]) -> dict[str, str]:
        """A display label per IRI: skos:prefLabel (Chinese first), then rdfs:label."""
        todo = sorted({i for i in iris if i not in self._labels})
        if todo:
            found = self.props(todo, [SKOS + "prefLabel", v.RDFS + "label"])
            for i in todo:
                vals = found.get(i, {})
                cands = vals.get(SKOS + "prefLabel") or vals.get(v.RDFS + "label") or []
                self._labels[i] = cands[0][0] if cands else ""
        return {i: self._labels.get(i, "") for i in iris}

    def doc_edges(self, relations: Iterable[str] = DOC_RELATIONS) -> list[tuple[str, str, str]]:
        """Document-to-document edges among ``relations``, one per ordered pair, under the most
        specific relation allowed (every typed reference but 印发 is also a citation, so with
        ``cites`` alone an ``implements`` edge is shown as ``cites``)."""
        allowed = [r for r in DOC_RELATIONS if r in set(relations)]
        if not allowed:
            return []
        props = {RELATIONS[r]: r for r in DOC_RELATIONS}
        q = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {_values(props)} }} ?s ?p ?o . "
             f"?s a <{ELI}LegalResource> . ?o a <{ELI}LegalResource> }}")
        stated: dict[tuple[str, str], set[str]] = {}
        for row in self.select(q):
            s, p, o = row["s"], row["p"], row["o"]
            if s and p and o and s[0] != o[0]:
                rel = props[p[0]]
                stated.setdefault((s[0], o[0]), set()).update({rel} if rel == "promulgates" else {rel, "cites"})
        out = []
        for (s, o), rels in stated.items():
            shown = next((r for r in allowed if r in rels), None)
            if shown:
                out.append((s, shown, o))
        return sorted(out)

    def evidence(self, subjects: Iterable[str]) -> dict[tuple[str, str, str], list[Evidence]]:
        """Evidence of every annotated statement whose subject is one of ``subjects``."""
        out: dict[tuple[str, str, str], list[Evidence]] = {}
        subs = sorted(set(subjects))
        for part in _chunks(subs):
            q = f"""SELECT ?s ?p ?o ?exact ?start ?end ?conf ?src ?file WHERE {{
              VALUES ?s {{ {_values(part)} }}
              ?b <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o .
              ?ann <{OA}hasBody> ?b ; <{OA}hasTarget> ?t .
              OPTIONAL {{ ?ann <{v.quote}> ?exact }}
              BIND (STRAFTER(STR(?t), "#char=") AS ?span)
              BIND (<{XSD}integer>(STRBEFORE(?span, ",")) AS ?start)
              BIND (<{XSD}integer>(STRAFTER(?span, ",")) AS ?end)
              OPTIONAL {{ ?ann <{v.confidence}> ?conf }}
              OPTIONAL {{ ?ann <{PROV}wasDerivedFrom> ?src . OPTIONAL {{ ?src <{v.file_name}> ?file }} }}
            }}"""
            for row in self.select(q):
                s, p, o = row["s"], row["p"], row["o"]
                if not (s and p and o):
                    continue

                def text(name: str, row: dict[str, Value | None] = row) -> str:
                    val = row[name]
                    return val[0] if val else ""

                def num(name: str, row: dict[str, Value | None] = row) -> int | None:
                    val = row[name]
                    return int(val[0]) if val else None

                ev = Evidence(exact=text("exact"), start=num("start"), end=num("end"),
                              file=text("file") or None, source=text("src") or None,
                              confidence=float(row["conf"][0]) if row["conf"] else None)
                lst = out.setdefault((s[0], p[0], o[0]), [])
                if ev not in lst:
                    lst.append(ev)
        for lst in out.values():
            lst.sort(key=lambda e: (e.file or "", e.start if e.start is not None else -1, e.exact))
        return out


def add_context(view: View, text_of: Callable[[str], str | None], width: int = CONTEXT) -> View:
    """Fill ``width`` characters of context either side of every evidence quote of ``view`` (in
    place; the view is returned).  ``text_of`` gives the text of a source text IRI, or None; a
    text whose span does not hold the quote is not used.

    >>> ev = Evidence(exact="32号", start=8, end=11, source="t")
    >>> view = View("whole", "", [], [Edge("a", "cites", "b", [ev])])
    >>> add_context(view, {"t": "国发〔2013〕32号文件"}.get, width=3).edges[0].evidence[0]
    Evidence(exact='32号', prefix='13〕', suffix='文件', start=8, end=11, file=None, confidence=None, source='t')
    """
    texts: dict[str, str | None] = {}
    for e in view.edges:
        for ev in e.evidence:
            if ev.source is None or ev.start is None or ev.end is None:
                continue
            if ev.source not in texts:
                texts[ev.source] = text_of(ev.source)
            text = texts[ev.source]
            if text is None or ev.end > len(text) or (ev.exact and text[ev.start:ev.end] != ev.exact):
                continue
            ev.exact = text[ev.start:ev.end]
            ev.prefix = text[max(0, ev.start - width):ev.start]
            ev.suffix = text[ev.end:ev.end + width]
    return view


# --- resolving what the user named -------------------------------------------------------------

_DOC_PREDS = [DCT + "title", v.notice_title, ELI + "id_local", v.doc_number_printed, v.cited_as]


def resolve_document(gs: GraphStore, doc: str) -> str:
    """The IRI of the document ``doc`` names: an IRI, a 文号 in any bracket style
    (深府[2013]119号 = 深府〔2013〕119号), or a title (exact, or a unique part of one)."""
    from policygraph.extractors.docnumber import normalise_doc_number
    from policygraph.extractors.references import norm_key

    r = _Reader(gs)
    doc = doc.strip()
    if not doc:
        raise ViewError("empty document name")
    docs: dict[str, dict[str, list[Value]]] = {}
    q = f"SELECT ?s ?p ?o WHERE {{ ?s a <{ELI}LegalResource> . VALUES ?p {{ {_values(_DOC_PREDS)} }} ?s ?p ?o }}"
    for row in r.select(q):
        s, p, o = row["s"], row["p"], row["o"]
        if s and p and o:
            docs.setdefault(s[0], {}).setdefault(p[0], []).append(o)
    if doc.startswith(("http://", "https://", "urn:")) or (doc.startswith("<") and doc.endswith(">")):
        iri = doc.strip("<>")
        if re.search(r"[\s<>\"{}|^`\\]", iri):
            raise ViewError(f"not an IRI: {doc!r}")
        if iri in docs or r.select(f"SELECT ?x WHERE {{ <{iri}> a ?x . FILTER(?x = <{ELI}LegalResource>) }}"):
            return iri
        raise ViewError(f"no document with IRI {iri}")

    def hits(test: object) -> list[str]:
        return sorted(s for s, props in docs.items() if any(
            test(val[0]) for p in props for val in props[p]  # type: ignore[operator]
            if p in (ELI + "id_local", v.doc_number_printed)))

    exact = hits(lambda x: x == doc)
    number = normalise_doc_number(doc)
    if not exact and number:
        exact = hits(lambda x: x == number)
    if len(exact) == 1:
        return exact[0]
    titles = {s: [val[0] for p in (DCT + "title", v.notice_title, v.cited_as) for val in props.get(p, [])]
              for s, props in docs.items()}
    key = norm_key(doc)
    for test in (lambda t: t == doc, lambda t: norm_key(t) == key, lambda t: key in norm_key(t)):
        found = sorted(s for s, ts in titles.items() if any(test(t) for t in ts))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            exact = found
            break
    if exact:
        names = "; ".join(_doc_name(docs[s]) for s in exact[:8])
        raise ViewError(f"{doc!r} matches {len(exact)} documents: {names}; give the 文号 or the IRI")
    raise ViewError(f"no document matches {doc!r} (give a 文号, a title or an IRI)")


def _doc_name(props: dict[str, list[Value]]) -> str:
    title = props.get(DCT + "title", [("", None, False)])[0][0]
    number = props.get(ELI + "id_local", [("", None, False)])[0][0]
    return " ".join(x for x in (number, title) if x) or "?"


def resolve_body(gs: GraphStore, body: str) -> str:
    """The IRI of the organisation ``body`` names: an IRI, a preferred or alternative name, or
    a unique part of one."""
    r = _Reader(gs)
    body = body.strip()
    if not body:
        raise ViewError("empty body name")
    names: dict[str, list[str]] = {}
    q = (f"SELECT ?s ?l WHERE {{ ?s a <{ORG}Organization> . "
         f"{{ ?s <{SKOS}prefLabel> ?l }} UNION {{ ?s <{SKOS}altLabel> ?l }} }}")
    for row in r.select(q):
        if row["s"] and row["l"]:
            names.setdefault(row["s"][0], []).append(row["l"][0])
    if body.startswith(("http://", "https://")) or (body.startswith("<") and body.endswith(">")):
        iri = body.strip("<>")
        if iri in names:
            return iri
        raise ViewError(f"no organisation with IRI {iri}")
    squash = re.compile(r"\s+")
    key = squash.sub("", body)
    for test in (lambda n: n == body, lambda n: squash.sub("", n) == key, lambda n: key in squash.sub("", n)):
        found = sorted(s for s, ns in names.items() if any(test(n) for n in ns))
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            led = _leading(r, found)
            if len(led) == 1:
                return led[0]
            labels = r.labels(found)
            listed = "; ".join(labels[s] or s for s in found[:8])
            raise ViewError(f"{body!r} matches {len(found)} bodies: {listed}; give the full name or the IRI")
    raise ViewError(f"no body matches {body!r}")


def _leading(r: _Reader, orgs: list[str]) -> list[str]:
    """Of several matching bodies, those that lead or are responsible for some measure."""
    q = (f"SELECT DISTINCT ?o WHERE {{ VALUES ?o {{ {_values(orgs)} }} "
         f"VALUES ?p {{ <{v.lead_agent}> <{v.responsible_agent}> }} ?m ?p ?o }}")
    return sorted(row["o"][0] for row in r.select(q) if row["o"])


# --- building nodes ----------------------------------------------------------------------------

_DOC_META = [DCT + "title", v.notice_title, ELI + "id_local", v.doc_number_printed, ELI + "date_document",
             ELI + "date_publication", ELI + "first_date_entry_in_force", ELI + "passed_by",
             ELI + "jurisdiction", v.level, ELI + "type_document", v.referenced_only, RDF + "type",
             v.promulgated_by, v.source_text, v.cited_as, v.valid_years, v.addressee]


def _first(props: dict[str, list[Value]], pred: str) -> str | None:
    vals = props.get(pred)
    return vals[0][0] if vals else None


def _all(props: dict[str, list[Value]], pred: str) -> list[str]:
    seen: list[str] = []
    for val in props.get(pred, []):
        if val[0] not in seen:
            seen.append(val[0])
    return seen


def _number_year(number: str | None) -> int | None:
    """The year in a 文号: 深府〔2013〕119号 → 2013."""
    m = _YEAR_IN_NUMBER.search(number or "")
    return int(m.group(1)) if m else None


def _year(*dates: str | None) -> int | None:
    for d in dates:
        if d and re.match(r"\d{4}", d):
            return int(d[:4])
    return None


class _Builder:
    """Collects nodes (with metadata read in batches) and edges for one view."""

    def __init__(self, gs: GraphStore) -> None:
        self.r = _Reader(gs)
        self.nodes: dict[str, Node] = {}
        self.doc_props: dict[str, dict[str, list[Value]]] = {}
        self.files: dict[str, str] = {}

    # documents
    def load_docs(self, iris: Iterable[str]) -> dict[str, Node]:
        """Document nodes for ``iris`` (made once, cached)."""
        todo = sorted({i for i in iris if i not in self.doc_props})
        if todo:
            props = self.r.props(todo, _DOC_META)
            for i in todo:
                self.doc_props[i] = props.get(i, {})
            # an attachment has no level of its own: it takes its notice's
            parents = [p for i in todo for p in _all(self.doc_props[i], v.promulgated_by)
                       if p not in self.doc_props]
            if parents:
                pp = self.r.props(parents, [v.level, ELI + "id_local", ELI + "date_document",
                                            ELI + "date_publication", ELI + "first_date_entry_in_force"])
                for p in parents:
                    self.doc_props[p] = pp.get(p, {})
            refs = {o for i in todo for pred in (ELI + "passed_by", ELI + "jurisdiction", v.level,
                                                  ELI + "type_document") for o in _all(self.doc_props[i], pred)}
            self.r.labels(refs)
            files = {o for i in todo for o in _all(self.doc_props[i], v.source_text)}
            if files:
                fp = self.r.props(files, [v.file_name])
                self.files.update({f: _first(fp.get(f, {}), v.file_name) or "" for f in files})
        return {i: self._doc_node(i) for i in iris}

    def _doc_node(self, iri: str) -> Node:
        if iri in self.nodes:
            return self.nodes[iri]
        p = self.doc_props.get(iri, {})
        labels = self.r._labels
        title = _first(p, DCT + "title") or _first(p, v.notice_title) or ""
        number = _first(p, ELI + "id_local")
        level_iri = _first(p, v.level)
        if not level_iri:
            for parent in _all(p, v.promulgated_by):
                level_iri = _first(self.doc_props.get(parent, {}), v.level) or level_iri
        level = level_iri.rsplit("/", 1)[-1] if level_iri else None
        referenced = v.ReferencedDocument in _all(p, RDF + "type") or _first(p, v.referenced_only) == "true"
        kind = "doc-referenced" if referenced else _DOC_KIND.get(level or "", "doc-other")
        dates = {"date_document": _first(p, ELI + "date_document"),
                 "date_publication": _first(p, ELI + "date_publication"),
                 "date_in_force": _first(p, ELI + "first_date_entry_in_force")}
        year = _year(*dates.values()) or _number_year(number)
        for parent in _all(p, v.promulgated_by):  # an attachment dates from its notice
            pp = self.doc_props.get(parent, {})
            year = year or _year(_first(pp, ELI + "date_document"), _first(pp, ELI + "date_publication"),
                                 _first(pp, ELI + "first_date_entry_in_force")) or _number_year(
                                     _first(pp, ELI + "id_local"))
        files = self.files
        meta: dict[str, object] = {
            "title": title,
            "notice_title": _first(p, v.notice_title),
            "doc_number": number,
            "doc_number_printed": _all(p, v.doc_number_printed),
            "issuers": [labels.get(o) or o for o in _all(p, ELI + "passed_by")],
            **dates,
            "valid_years": _first(p, v.valid_years),
            "jurisdiction": ", ".join(labels.get(o) or o for o in _all(p, ELI + "jurisdiction")) or None,
            "level": level,
            "level_label": labels.get(level_iri) if level_iri else None,
            "type": ", ".join(labels.get(o) or o for o in _all(p, ELI + "type_document")) or None,
            "addressees": _all(p, v.addressee),
            "aliases": _all(p, v.cited_as),
            "referenced_only": referenced,
            "files": sorted({files.get(s, "") for s in _all(p, v.source_text)} - {""}),
        }
        node = Node(iri, kind, title or number or iri.rsplit("/", 1)[-1], _clean(meta), level, year)
        self.nodes[iri] = node
        return node

    def doc_level_and_year(self, iri: str) -> tuple[str | None, int | None]:
        n = self.nodes.get(iri)
        return (n.level, n.year) if n else (None, None)

    # measures
    def measures_of(self, docs: Iterable[str]) -> list[tuple[str, str, int]]:
        """(measure, shown parent, depth) for the items and articles of ``docs``, in document
        order; sections and chapters are skipped (a measure hangs from its nearest shown
        ancestor)."""
        docs = sorted(set(docs))
        if not docs:
            return []
        parent: dict[str, str] = {}
        owner: dict[str, str] = {}
        for part in _chunks(docs):
            q = (f"SELECT ?m ?p ?d WHERE {{ VALUES ?d {{ {_values(part)} }} "
                 f"?m <{ELI}is_part_of>+ ?d . ?m <{ELI}is_part_of> ?p . ?m a <{ELI}LegalResourceSubdivision> }}")
            for row in self.r.select(q):
                if row["m"] and row["p"] and row["d"]:
                    parent[row["m"][0]] = row["p"][0]
                    owner[row["m"][0]] = row["d"][0]
        if not parent:
            return []
        props = self.r.props(list(parent), [RDF + "type", ELI + "number", DCT + "title", v.subdivision_kind])
        shown = {m for m in parent if _SUBDIVISIONS_SHOWN & set(_all(props.get(m, {}), RDF + "type"))}
        out: list[tuple[str, str, int]] = []
        for m in shown:
            p, depth = parent[m], 1
            while p in parent and p not in shown:
                p = parent[p]
            q = p
            while q in parent:
                if q in shown:
                    depth += 1
                q = parent[q]
            out.append((m, p, depth))
            d = owner[m]
            level, year = self.doc_level_and_year(d)
            pr = props.get(m, {})
            number = _first(pr, ELI + "number") or ""
            title = _first(pr, DCT + "title") or ""
            self.nodes[m] = Node(m, "measure", (number + title) if title else (number or m.rsplit("/", 1)[-1]),
                                 _clean({"number": number, "title": title,
                                         "subdivision": _first(pr, v.subdivision_kind),
                                         "document": d}), level, year)
        out.sort(key=lambda t: (owner[t[0]], _natural(t[0])))
        return out

    # organisations and targets
    def agents_of(self, measures: Iterable[str], relations: Sequence[str]) -> list[tuple[str, str, str]]:
        """(measure, relation, org) for lead / responsible / supporting, per ``relations``: a
        body that leads is shown as ``lead`` only; ``responsible`` are the others."""
        ms = sorted(set(measures))
        if not ms or not {"lead", "responsible", "supporting"} & set(relations):
            return []
        props = self.r.props(ms, [v.lead_agent, v.responsible_agent, v.supporting_agent])
        out = []
        for m in ms:
            p = props.get(m, {})
            leads = _all(p, v.lead_agent)
            if "lead" in relations:
                out += [(m, "lead", o) for o in leads]
            if "responsible" in relations:
                out += [(m, "responsible", o) for o in _all(p, v.responsible_agent) if o not in leads]
            if "supporting" in relations:
                out += [(m, "supporting", o) for o in _all(p, v.supporting_agent)]
        self.load_orgs({o for _, _, o in out})
        return out

    def load_orgs(self, iris: Iterable[str]) -> None:
        todo = sorted({i for i in iris if i not in self.nodes})
        if not todo:
            return
        props = self.r.props(todo, [SKOS + "prefLabel", SKOS + "altLabel", ORG + "classification",
                                    DCT + "spatial"])
        self.r.labels({o for i in todo for pred in (ORG + "classification", DCT + "spatial")
                       for o in _all(props.get(i, {}), pred)})
        labels = self.r._labels
        for i in todo:
            p = props.get(i, {})
            name = _first(p, SKOS + "prefLabel") or i.rsplit("/", 1)[-1]
            level_iri = _first(p, ORG + "classification")
            level = level_iri.rsplit("/", 1)[-1] if level_iri else None
            self.nodes[i] = Node(i, "org", name, _clean({
                "name": name, "aliases": [a for a in _all(p, SKOS + "altLabel") if a != name],
                "level": level, "level_label": labels.get(level_iri) if level_iri else None,
                "jurisdiction": ", ".join(labels.get(o) or o for o in _all(p, DCT + "spatial")) or None,
            }), None, None)

    def targets_of(self, holders: Iterable[str]) -> list[tuple[str, str]]:
        hs = sorted(set(holders))
        if not hs:
            return []
        pairs: list[tuple[str, str]] = []
        for part in _chunks(hs):
            q = f"SELECT ?h ?t WHERE {{ VALUES ?h {{ {_values(part)} }} ?h <{v.has_target}> ?t }}"
            pairs += [(row["h"][0], row["t"][0]) for row in self.r.select(q) if row["h"] and row["t"]]
        props = self.r.props([t for _, t in pairs], [SCHEMA + "value", SCHEMA + "maxValue", SCHEMA + "unitText",
                                                     v.deadline_year, v.comparator, v.indicator])
        for h, t in pairs:
            p = props.get(t, {})
            value, vmax = _first(p, SCHEMA + "value"), _first(p, SCHEMA + "maxValue")
            unit = _first(p, SCHEMA + "unitText")
            indicator, comp, year = _first(p, v.indicator), _first(p, v.comparator), _first(p, v.deadline_year)
            amount = (value or "") + (f"–{vmax}" if vmax else "") + (unit or "")
            label = " ".join(x for x in (indicator, (comp if comp and comp != "=" else "") + amount,
                                         f"({year[:4]}年)" if year else "") if x)
            holder = self.nodes.get(h)
            self.nodes[t] = Node(t, "target", label or amount or t.rsplit("/", 1)[-1], _clean({
                "indicator": indicator, "value": value, "max_value": vmax, "unit": unit,
                "comparator": comp, "deadline_year": year[:4] if year else None,
                "holder": h}), holder.level if holder else None, holder.year if holder else None)
        pairs.sort(key=lambda x: (x[0], _natural(x[1])))
        return pairs

    def issuers_of(self, docs: Iterable[str]) -> list[tuple[str, str]]:
        pairs = sorted({(d, o) for d in docs for o in _all(self.doc_props.get(d, {}), ELI + "passed_by")})
        self.load_orgs({o for _, o in pairs})
        return pairs


def _natural(s: str) -> list[object]:
    """Sort key that puts item_2 before item_10."""
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def _clean(meta: dict[str, object]) -> dict[str, object]:
    return {k: val for k, val in meta.items() if val not in (None, "", [], False)}


# --- assembling a view -------------------------------------------------------------------------

def _in_years(node: Node, since: int | None, until: int | None) -> bool:
    if node.year is None:
        return True
    return (since is None or node.year >= since) and (until is None or node.year <= until)


_KIND_WORDS = {"doc-national": "national documents", "doc-provincial": "provincial documents",
               "doc-municipal": "municipal documents", "doc-county": "county documents",
               "doc-other": "other documents", "doc-referenced": "referenced-only documents",
               "measure": "measures", "org": "organisations", "target": "targets"}
_KIND_ZH = {"doc-national": "国家级文件", "doc-provincial": "省级文件", "doc-municipal": "市级文件",
            "doc-county": "县级文件", "doc-other": "其他文件", "doc-referenced": "仅被引用的文件",
            "measure": "措施", "org": "机构", "target": "目标"}


def _finish(mode: str, title: str, b: _Builder, order: list[str], edges: list[Edge], *,
            focus: str | None, hierarchical: bool, max_nodes: int | None, hint: str,
            ranks: dict[str, int] | None = None) -> View:
    """Cap the nodes in ``order`` (priority order) at ``max_nodes``, keep the edges between kept
    nodes, attach evidence, and say what was left out."""
    seen: set[str] = set()
    ordered = [i for i in order if i in b.nodes and not (i in seen or seen.add(i))]  # type: ignore[func-returns-value]
    cap = max_nodes if max_nodes and max_nodes > 0 else None
    kept = ordered[:cap] if cap else ordered
    dropped = ordered[len(kept):]
    keep = set(kept)
    nodes = [b.nodes[i] for i in kept]
    for n in nodes:
        n.rank = (ranks or {}).get(n.iri, 0)
    uniq: dict[tuple[str, str, str], Edge] = {}
    for e in edges:
        if e.source in keep and e.target in keep:
            uniq.setdefault((e.source, e.relation, e.target), e)
    kept_edges = list(uniq.values())
    ev = b.r.evidence({e.source for e in kept_edges})
    by_sp: dict[tuple[str, str], list[Evidence]] = {}
    for (s, p, _o), lst in ev.items():
        by_sp.setdefault((s, p), []).extend(lst)
    for e in kept_edges:
        prop = RELATIONS[e.relation]
        found = ev.get((e.source, prop, e.target))
        if not found and e.relation in DOC_RELATIONS:
            found = ev.get((e.source, ELI + "cites", e.target))
        if not found and e.relation == "part_of":  # a measure hung past a skipped section
            found = by_sp.get((e.source, prop))
        e.evidence = list(found or [])
    omitted: dict[str, int] = {}
    for i in dropped:
        k = b.nodes[i].kind
        omitted[k] = omitted.get(k, 0) + 1
    message = None
    if dropped:
        parts = [f"{omitted[k]} {_KIND_WORDS[k]}" for k in KINDS if k in omitted]
        parts_zh = "，".join(f"{_KIND_ZH[k]} {omitted[k]}" for k in KINDS if k in omitted)
        message = (f"Showing {len(kept)} of {len(ordered)} nodes (--max-nodes {cap}); left out: "
                   f"{', '.join(parts)}. {hint} "
                   f"/ 仅显示 {len(kept)}/{len(ordered)} 个节点，省略：{parts_zh}。")
    return View(mode, title, nodes, kept_edges, focus=focus, hierarchical=hierarchical,
                total_nodes=len(ordered), omitted=omitted, message=message)


def stack_rows(blocks: Sequence[Sequence[str]], width: int | None = None) -> dict[str, int]:
    """Rows of a top-down layout: each block (a lineage step, the measures, their bodies …)
    takes the next rows, wrapped at ``width`` nodes a row so that a document with 300 measures
    does not make a row 45,000 pixels wide.  The width follows the node count (√(0.6 n) a row:
    with nodes about 1.7 times as far apart as rows, the graph comes out about as wide as it is
    high, like the space beside the side panel).

    >>> stack_rows([["a"], ["b", "c", "d"]], width=2)
    {'a': 0, 'b': 1, 'c': 1, 'd': 2}
    """
    total = sum(len(b) for b in blocks)
    width = width or max(6, math.ceil(math.sqrt(0.6 * total)))
    out: dict[str, int] = {}
    row = 0
    for block in blocks:
        items = [x for x in block if x not in out]
        for k, x in enumerate(items):
            out[x] = row + k // width
        row += math.ceil(len(items) / width)
    return out


def lineage_view(gs: GraphStore, doc: str, *, up: int = 2, down: int = 2,
                 relations: str | Iterable[str] | None = None, since: int | None = None,
                 until: int | None = None, max_nodes: int | None = DEFAULT_MAX_NODES) -> View:
    """The lineage of the document ``doc`` (文号, title or IRI): ancestors up ``up`` steps,
    descendants down ``down`` steps, its measures, their lead units and its targets."""
    if up < 0 or down < 0:
        raise ViewError("--up and --down must be 0 or more")
    rels = parse_relations(relations)
    focus = resolve_document(gs, doc)
    b = _Builder(gs)
    doc_edges = b.r.doc_edges(rels)
    ups: dict[str, list[str]] = {}
    downs: dict[str, list[str]] = {}
    family: dict[str, list[str]] = {}
    for s, r, o in doc_edges:
        if r == "promulgates":
            family.setdefault(s, []).append(o)
            family.setdefault(o, []).append(s)
        else:
            ups.setdefault(s, []).append(o)
            downs.setdefault(o, []).append(s)

    step: dict[str, int] = {}  # lineage step of each document: -k ancestors, +k descendants

    def with_family(layer: Iterable[str]) -> list[str]:
        out: list[str] = []
        for d in layer:
            for x in (d, *family.get(d, [])):
                if x not in out:
                    out.append(x)
        return out

    start = with_family([focus])
    b.load_docs(start)
    for d in start:
        step[d] = 0
    for steps, adj, sign in ((up, ups, -1), (down, downs, 1)):
        frontier = list(start)
        for k in range(1, steps + 1):
            nxt = sorted({o for d in frontier for o in adj.get(d, []) if o not in step})
            nodes = b.load_docs(nxt)
            nxt = with_family(x for x in nxt if _in_years(nodes[x], since, until))
            b.load_docs(nxt)
            nxt = [x for x in nxt if x not in step]
            for x in nxt:
                step[x] = sign * k
            frontier = nxt
            if not frontier:
                break
    docs_in = set(step)
    edges = [Edge(s, r, o) for s, r, o in doc_edges if s in docs_in and o in docs_in]

    measures = b.measures_of(start) if "part_of" in rels else []
    edges += [Edge(m, "part_of", parent) for m, parent, _ in measures]
    ms = [m for m, _, _ in measures]
    agents = b.agents_of(ms, rels)
    edges += [Edge(m, r, o) for m, r, o in agents]
    targets = b.targets_of(start + ms) if "target" in rels else []
    edges += [Edge(h, "target", t) for h, t in targets]
    issuers: list[tuple[str, str]] = b.issuers_of(docs_in) if "issued_by" in rels else []
    edges += [Edge(d, "issued_by", o) for d, o in issuers]

    ancestors = [sorted((d for d in docs_in if step[d] == -k), key=_natural) for k in range(up, 0, -1)]
    descendants = [sorted((d for d in docs_in if step[d] == k), key=_natural) for k in range(1, down + 1)]
    fam_block = list(start)
    org_block = list(dict.fromkeys(o for _, _, o in agents))
    target_block = [t for _, t in targets]
    issuer_block = [o for _, o in issuers if o not in org_block]
    blocks = [*ancestors, fam_block, *descendants, ms, org_block, target_block, list(dict.fromkeys(issuer_block))]
    rank = stack_rows(blocks)
    order = [*fam_block, *(d for k in range(max(up, down)) for blk in (
        ancestors[::-1][k:k + 1] + descendants[k:k + 1]) for d in blk),
        *ms, *org_block, *target_block, *issuer_block]
    node = b.nodes[focus]
    title = f"政策沿革 Lineage: {node.meta.get('doc_number') or ''} {node.label}".replace("  ", " ")
    return _finish("lineage", title, b, order, edges, focus=focus, hierarchical=True, max_nodes=max_nodes,
                   hint="Lower --up/--down, restrict --relations, or raise --max-nodes.", ranks=rank)


def body_view(gs: GraphStore, body: str, *, relations: str | Iterable[str] | None = None,
              since: int | None = None, until: int | None = None,
              max_nodes: int | None = DEFAULT_MAX_NODES) -> View:
    """The measures the body ``body`` leads (or is responsible for) and their documents."""
    rels = parse_relations(relations)
    org = resolve_body(gs, body)
    b = _Builder(gs)
    props = [RELATIONS[r] for r in ("lead", "responsible", "supporting") if r in rels]
    if not props:
        raise ViewError("a body view needs one of the relations lead, responsible, supporting")
    q = (f"SELECT DISTINCT ?m ?d WHERE {{ VALUES ?p {{ {_values(props)} }} ?m ?p <{org}> . "
         f"?m <{ELI}is_part_of>+ ?d . ?d a <{ELI}LegalResource> }}")
    owner = {row["m"][0]: row["d"][0] for row in b.r.select(q) if row["m"] and row["d"]}
    docs = b.load_docs(sorted(set(owner.values())))
    docs = {d: n for d, n in docs.items() if _in_years(n, since, until)}
    notices: list[tuple[str, str]] = []
    if "promulgates" in rels:
        for d in docs:
            for p in _all(b.doc_props.get(d, {}), v.promulgated_by):
                notices.append((p, d))
        b.load_docs([p for p, _ in notices])
    ms = sorted((m for m, d in owner.items() if d in docs), key=lambda m: (owner[m], _natural(m)))
    # measure nodes (all kinds of subdivision a body can be responsible for)
    mprops = b.r.props(ms, [ELI + "number", DCT + "title", v.subdivision_kind])
    for m in ms:
        pr = mprops.get(m, {})
        number, title = _first(pr, ELI + "number") or "", _first(pr, DCT + "title") or ""
        d = owner[m]
        b.nodes[m] = Node(m, "measure", (number + title) if title else (number or m.rsplit("/", 1)[-1]),
                          _clean({"number": number, "title": title, "subdivision": _first(pr, v.subdivision_kind),
                                  "document": d}), docs[d].level, docs[d].year)
    agents = [(m, r, o) for m, r, o in b.agents_of(ms, rels) if o == org]
    b.load_orgs([org])
    edges = [Edge(m, "part_of", owner[m]) for m in ms] + [Edge(m, r, o) for m, r, o in agents]
    edges += [Edge(p, "promulgates", d) for p, d in notices]
    all_docs = set(docs) | {p for p, _ in notices}
    edges += [Edge(s, r, o) for s, r, o in b.r.doc_edges(rels) if s in all_docs and o in all_docs]
    ranks = stack_rows([[org], ms, sorted(docs, key=_natural), [p for p, _ in notices]])
    order = [org, *sorted(docs, key=_natural), *[p for p, _ in notices], *ms]
    name = b.nodes[org].label
    return _finish("body", f"牵头措施 Measures led by {name}", b, order, edges, focus=org, hierarchical=True,
                   max_nodes=max_nodes, hint="Restrict --relations or --since/--until, or raise --max-nodes.",
                   ranks=ranks)


def whole_view(gs: GraphStore, *, relations: str | Iterable[str] | None = None, since: int | None = None,
               until: int | None = None, max_nodes: int | None = DEFAULT_MAX_NODES) -> View:
    """Every document, measure, lead unit and target, capped at ``max_nodes`` nodes (documents
    first, the most connected first)."""
    rels = parse_relations(relations)
    b = _Builder(gs)
    q = f"SELECT DISTINCT ?d WHERE {{ ?d a <{ELI}LegalResource> }}"
    all_docs = sorted(row["d"][0] for row in b.r.select(q) if row["d"])
    docs = {d: n for d, n in b.load_docs(all_docs).items() if _in_years(n, since, until)}
    doc_edges = [(s, r, o) for s, r, o in b.r.doc_edges(rels) if s in docs and o in docs]
    edges = [Edge(s, r, o) for s, r, o in doc_edges]
    degree: dict[str, int] = {}
    for s, _, o in doc_edges:
        degree[s] = degree.get(s, 0) + 1
        degree[o] = degree.get(o, 0) + 1
    measures = b.measures_of(docs) if "part_of" in rels else []
    edges += [Edge(m, "part_of", p) for m, p, _ in measures]
    ms = [m for m, _, _ in measures]
    agents = b.agents_of(ms, rels)
    edges += [Edge(m, r, o) for m, r, o in agents]
    org_degree: dict[str, int] = {}
    for _, _, o in agents:
        org_degree[o] = org_degree.get(o, 0) + 1
    targets = b.targets_of(list(docs) + ms) if "target" in rels else []
    edges += [Edge(h, "target", t) for h, t in targets]
    issuers = b.issuers_of(docs) if "issued_by" in rels else []
    edges += [Edge(d, "issued_by", o) for d, o in issuers]
    for _, o in issuers:
        org_degree[o] = org_degree.get(o, 0) + 1
    doc_order = sorted(docs, key=lambda d: (docs[d].kind == "doc-referenced", -degree.get(d, 0),
                                            KINDS.index(docs[d].kind), d))
    orgs = sorted(org_degree, key=lambda o: (-org_degree[o], o))
    ranks = {d: KINDS.index(n.kind) for d, n in docs.items()}
    order = doc_order + ms + orgs + [t for _, t in targets]
    return _finish("whole", "政策图谱 Policy graph", b, order, edges, focus=None, hierarchical=False,
                   max_nodes=max_nodes, ranks=ranks,
                   hint="Narrow it with --focus DOC, --body ORG, --relations or --since/--until, "
                        "or raise --max-nodes.")


def select_view(gs: GraphStore, *, focus: str | None = None, body: str | None = None, up: int = 2,
                down: int = 2, relations: str | Iterable[str] | None = None, since: int | None = None,
                until: int | None = None, max_nodes: int | None = DEFAULT_MAX_NODES) -> View:
    """The view the ``render`` command's options ask for."""
    if focus and body:
        raise ViewError("give --focus or --body, not both")
    if since is not None and until is not None and since > until:
        raise ViewError(f"--since {since} is after --until {until}")
    if focus:
        return lineage_view(gs, focus, up=up, down=down, relations=relations, since=since, until=until,
                            max_nodes=max_nodes)
    if body:
        return body_view(gs, body, relations=relations, since=since, until=until, max_nodes=max_nodes)
    return whole_view(gs, relations=relations, since=since, until=until, max_nodes=max_nodes)
