"""Record → triples in ELI / ORG / SKOS / PROV / Web Annotation terms, with evidence.

Every extracted edge is stated twice over: the plain triple for querying (``eli:cites`` and
its typed property; ``pg:responsible_agent`` and ``eli:responsibility_of_agent``) and as the
body of an ``oa:Annotation`` whose target is the source span it was read from.  The edges of
one record read from the same span with the same confidence share one annotation::

    <id/ann/H> a oa:Annotation ;
        oa:hasTarget <id/text/CONTENT_ID#char=START,END> ;   # RFC 5147 fragment, end excluded
        oa:hasBody <id/ann/H/B1>, <id/ann/H/B2> ;
        pg:confidence "0.90"^^xsd:decimal ;
        prov:wasDerivedFrom <id/text/CONTENT_ID> ;
        pg:quote "the text of the span" ;                 # when the text is given
        pg:resolved_by "short_name" .                     # a citation resolved by a fallback
    <id/ann/H/B1> rdf:subject S ; rdf:predicate P ; rdf:object O .

That is 4 triples per edge and 5 per span (22 per edge with a TextQuoteSelector and a
TextPositionSelector each).  All IRIs are minted by :mod:`policygraph.resolve` or hashed from
what they stand for, so the output is the same on every run.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import NamedTuple

from policygraph import __version__
from policygraph import vocab as v
from policygraph.model import Record, Reference, Span
from policygraph.refdata import doctype_iri, jurisdiction_iri, level_iri
from policygraph.resolve import (
    Index,
    attachment_iri,
    build_index,
    fallback_confidence,
    measure_paths,
    org_iri,
    own_doc_iri,
)
from policygraph.vocab import ELI, ID, OA, ORG, PROV, RDF, RDF_TYPE, SCHEMA, SKOS, XSD, iri, lit

Triple = tuple[str, str, str]

RUN_IRI = ID + f"run/policygraph-{__version__}"
REFERENCES_GRAPH = ID + "graph/references"
REFERENCE_DATA_GRAPH = ID + "graph/reference-data"
ONTOLOGY_GRAPH = ID + "graph/ontology"
ORGANISATIONS_GRAPH = ID + "graph/organisations"
STATISTICS_GRAPH = ID + "graph/statistics"

_T = {name: iri(value) for name, value in {
    "title": v.DCT + "title", "id_local": ELI + "id_local", "date_document": ELI + "date_document",
    "date_publication": ELI + "date_publication", "in_force": ELI + "first_date_entry_in_force",
    "passed_by": ELI + "passed_by", "jurisdiction": ELI + "jurisdiction",
    "type_document": ELI + "type_document", "is_part_of": ELI + "is_part_of",
    "number": ELI + "number", "cites": ELI + "cites", "resp": ELI + "responsibility_of_agent",
    "LegalResource": ELI + "LegalResource", "Subdivision": ELI + "LegalResourceSubdivision",
    "Organization": ORG + "Organization", "prefLabel": SKOS + "prefLabel",
    "altLabel": SKOS + "altLabel", "spatial": v.DCT + "spatial", "classification": ORG + "classification",
}.items()}


def _hash(text: str, size: int) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:size]


def graph_iri(source_key: str) -> str:
    """Named graph holding everything extracted from one source file.

    >>> graph_iri("corpus/a.txt")
    'https://w3id.org/policygraph/id/graph/source/corpus%2Fa.txt'
    """
    return ID + "graph/source/" + v.slug(source_key)


class _Builder:
    def __init__(self, rec: Record, text: str | None) -> None:
        self.rec = rec
        self.text = text
        self.out: list[Triple] = []
        self.source = ID + "text/" + rec.id
        self.mentions: set[OrgMention] = set()
        # (start, end, confidence, resolution method or "") → statements
        self.spans: dict[tuple[int, int, str, str], set[Triple]] = {}

    def add(self, s: str, p: str, o: str) -> None:
        self.out.append((s, p, o))

    def typed(self, s: str, *classes: str) -> None:
        for c in classes:
            self.add(iri(s), RDF_TYPE, iri(c))

    def evidence(self, s: str, p: str, o: str, span: Span | None, confidence: float, method: str = "") -> None:
        """Note the statement (s, p, o) as read from ``span``; :meth:`annotations` writes it.
        ``method`` names the fallback a citation's target was found by (none: the exact title
        or 文号)."""
        if span is None or span[0] >= span[1]:
            return
        self.spans.setdefault((span[0], span[1], f"{confidence:.2f}", method), set()).add((s, p, o))

    def annotations(self) -> None:
        """One oa:Annotation per (span, confidence): its target is the span as an RFC 5147
        fragment of the source text (``#char=start,end``), one body per statement."""
        for (start, end, conf, method), statements in self.spans.items():
            ann = ID + "ann/" + _hash(f"{self.source}|{start},{end}|{conf}" + (f"|{method}" if method else ""), 20)
            self.typed(ann, OA + "Annotation")
            self.add(iri(ann), iri(OA + "hasTarget"), iri(f"{self.source}#char={start},{end}"))
            self.add(iri(ann), iri(v.confidence), lit(conf, XSD + "decimal"))
            self.add(iri(ann), iri(PROV + "wasDerivedFrom"), iri(self.source))
            if self.text is not None:
                self.add(iri(ann), iri(v.quote), lit(self.text[start:end]))
            if method:
                self.add(iri(ann), iri(v.resolved_by), lit(method))
            for s, p, o in statements:
                body = ann + "/" + _hash(f"{s} {p} {o}", 16)
                self.add(iri(ann), iri(OA + "hasBody"), iri(body))
                self.add(iri(body), iri(RDF + "subject"), s)
                self.add(iri(body), iri(RDF + "predicate"), p)
                self.add(iri(body), iri(RDF + "object"), o)

    def edge(self, s: str, p: str, o: str, span: Span | None, confidence: float = 0.9, method: str = "") -> None:
        self.add(s, p, o)
        self.evidence(s, p, o, span, confidence, method)

    def org(self, name: str) -> str:
        """The IRI of the organisation a body mention names; the mention is kept for
        :func:`describe_orgs` (organisations are described once, not in every document)."""
        org, label = org_iri(name, self.rec.jurisdiction, self.rec.id)
        j = self.rec.jurisdiction
        place = j if j and j != "全国" and label.startswith(j) else None
        self.mentions.add(OrgMention(org, label, name, place))
        return org


class OrgMention(NamedTuple):
    """A body as one document names it: organisation IRI, preferred label, the name as
    printed, and the document's jurisdiction when the label starts with it."""

    iri: str
    label: str
    name: str
    place: str | None


def describe_orgs(mentions: Iterable[OrgMention]) -> list[Triple]:
    """One description per organisation, from all its mentions: ``org:Organization``, the
    preferred label, printed names and registry aliases as ``skos:altLabel``, its jurisdiction
    (from the registry, else the most specific jurisdiction its label starts with) and level.

    >>> m = OrgMention("https://w3id.org/policygraph/id/org/x", "成都市商务局", "市商务局", "成都市")
    >>> for _, p, o in describe_orgs([m]):
    ...     print(p.rsplit("/", 1)[-1][:-1], o.rsplit("/", 1)[-1])
    spatial 510100>
    22-rdf-syntax-ns#type org#Organization>
    core#altLabel "市商务局"@zh
    core#prefLabel "成都市商务局"@zh
    """
    by_iri: dict[str, list[OrgMention]] = {}
    for m in mentions:
        by_iri.setdefault(m.iri, []).append(m)
    return sorted({t for org, ms in by_iri.items() for t in describe_org(org, ms)})


def describe_org(org: str, mentions: Iterable[OrgMention]) -> list[Triple]:
    """The description of one organisation from its mentions (sorted triples; see
    :func:`describe_orgs`).  A build streams the catalogue's mentions, ordered by IRI, through
    this one organisation at a time, so the organisations of a large corpus are never all in
    memory."""
    from policygraph.registry import find_body

    ms = list(mentions)
    if not ms:
        return []  # named nowhere any more
    label = min(m.label for m in ms)
    out = [(iri(org), RDF_TYPE, _T["Organization"]), (iri(org), _T["prefLabel"], lit(label, lang="zh"))]
    for name in sorted({m.name for m in ms} - {label}):
        out.append((iri(org), _T["altLabel"], lit(name, lang="zh")))
    body = find_body(label)
    if body is not None:
        for alias in body.aliases:
            out.append((iri(org), _T["altLabel"], lit(alias, lang="zh")))
        j = jurisdiction_iri(body.jurisdiction) if body.jurisdiction else None
        if j:
            out.append((iri(org), _T["spatial"], iri(j)))
        if body.level:
            out.append((iri(org), _T["classification"], iri(level_iri(body.level))))
        return sorted(set(out))
    places = sorted({m.place for m in ms if m.place}, key=lambda p: (-len(p), p))
    j = jurisdiction_iri(places[0]) if places else None
    if j:
        out.append((iri(org), _T["spatial"], iri(j)))
    return sorted(set(out))


def _jurisdiction(rec: Record) -> str | None:
    """The jurisdiction concept a record's documents are stated to belong to (eli:jurisdiction)."""
    return jurisdiction_iri(rec.jurisdiction) if rec.jurisdiction else None


def _document(b: _Builder, rec: Record, doc: str) -> None:
    ev = rec.evidence
    b.typed(doc, ELI + "LegalResource", v.PolicyDocument)
    if rec.title:
        b.add(iri(doc), _T["title"], lit(rec.title, lang="zh"))
    if rec.notice_title:
        b.add(iri(doc), iri(v.notice_title), lit(rec.notice_title, lang="zh"))
    if rec.doc_number:
        b.add(iri(doc), _T["id_local"], lit(rec.doc_number))
    if rec.doc_number_printed and rec.doc_number_printed != rec.doc_number:
        b.add(iri(doc), iri(v.doc_number_printed), lit(rec.doc_number_printed))
    for field_name, pred in (("date_signed", "date_document"), ("date_published", "date_publication"),
                             ("date_effective", "in_force")):
        value = getattr(rec, field_name)
        if value:
            b.add(iri(doc), _T[pred], lit(value, XSD + "date"))
    if rec.valid_years:
        b.add(iri(doc), iri(v.valid_years), lit(rec.valid_years, XSD + "integer"))
    j = _jurisdiction(rec)
    if j:
        b.add(iri(doc), _T["jurisdiction"], iri(j))
    if rec.level:
        b.add(iri(doc), iri(v.level), iri(level_iri(rec.level)))
    if rec.doc_type:
        b.add(iri(doc), _T["type_document"], iri(doctype_iri(rec.doc_type)))
    for a in rec.addressees:
        b.add(iri(doc), iri(v.addressee), lit(a, lang="zh"))
    b.add(iri(doc), iri(v.source_text), iri(b.source))
    issuer_span = ev["issuers"].span if "issuers" in ev else (
        ev["date_signed"].span if "date_signed" in ev else None)
    for name in rec.issuers:
        org = b.org(name)
        b.edge(iri(doc), _T["passed_by"], iri(org), issuer_span, 0.8)


def _reference(b: _Builder, rec: Record, doc: str, ref: Reference, index: Index) -> None:
    target, _, method = index.lookup(ref)
    if target == doc:
        return
    factor = fallback_confidence(method)
    conf, why = ref.confidence * factor, (method if factor != 1.0 else "")
    typed = v.RELATION_PROPERTY.get(ref.relation, ELI + "cites")
    if ref.relation != "promulgates":
        b.edge(iri(doc), _T["cites"], iri(target), ref.span, conf, why)
    if typed != ELI + "cites":
        b.edge(iri(doc), iri(typed), iri(target), ref.span, conf, why)
    if ref.cited_as:
        b.add(iri(target), iri(v.cited_as), lit(ref.cited_as, lang="zh"))


def record_triples(rec: Record, index: Index, text: str | None = None) -> list[Triple]:
    """All triples for one record, the description of the organisations it names included,
    sorted and without duplicates.  ``text`` (the decoded document) adds the quoted span
    (``pg:quote``) to every evidence annotation."""
    triples, mentions = record_graph(rec, index, text)
    return sorted(set(triples) | set(describe_orgs(mentions)))


def record_graph(rec: Record, index: Index, text: str | None = None) -> tuple[list[Triple], list[OrgMention]]:
    """The triples of one record's own named graph (sorted, no duplicates), and the
    organisations it names, which a build describes once for the whole corpus in
    :data:`ORGANISATIONS_GRAPH` (a description repeated in every document's graph would
    repeat in every answer over the union of graphs)."""
    b = _Builder(rec, text)
    doc = own_doc_iri(rec)
    _document(b, rec, doc)
    b.typed(b.source, v.SourceText, PROV + "Entity")
    b.add(iri(b.source), iri(v.content_id), lit(rec.id))
    b.add(iri(b.source), iri(v.file_name), lit(rec.source))

    # a 印发 notice and its attachment are two documents; measures belong to the attachment
    owner = doc
    att = attachment_iri(rec)
    if att:
        b.typed(att, ELI + "LegalResource", v.PolicyDocument)
        b.add(iri(att), _T["title"], lit(rec.promulgates, lang="zh"))
        b.add(iri(att), iri(v.source_text), iri(b.source))
        if j := _jurisdiction(rec):
            b.add(iri(att), _T["jurisdiction"], iri(j))
        span = rec.evidence["promulgates"].span if "promulgates" in rec.evidence else None
        b.edge(iri(doc), iri(v.promulgates), iri(att), span)
        b.add(iri(att), iri(v.promulgated_by), iri(doc))
        for name in rec.issuers:
            b.add(iri(att), _T["passed_by"], iri(b.org(name)))
        owner = att

    index_refs = [r for r in rec.references if r.relation != "promulgates"]
    for ref in index_refs:
        _reference(b, rec, doc, ref, index)

    paths = measure_paths(rec.measures)
    measure_iri: dict[str, str] = {}
    for m, path in zip(rec.measures, paths, strict=True):
        m_iri = owner + "/" + path
        measure_iri.setdefault(m.number, m_iri)
        b.typed(m_iri, ELI + "LegalResourceSubdivision", v.KIND_CLASS.get(m.kind, v.Measure))
        parent = measure_iri.get(m.parent, owner) if m.parent else owner
        b.edge(iri(m_iri), _T["is_part_of"], iri(parent), m.span, 0.9)
        b.add(iri(m_iri), _T["number"], lit(m.number))
        b.add(iri(m_iri), iri(v.subdivision_kind), lit(m.kind))
        if m.title:
            b.add(iri(m_iri), _T["title"], lit(m.title, lang="zh"))
        for a in m.assignments:
            conf = 0.9
            for name in a.responsible:
                org = iri(b.org(name))
                b.edge(iri(m_iri), iri(v.responsible_agent), org, a.span, conf)
                b.add(iri(m_iri), _T["resp"], org)
                b.add(org, iri(v.responsible_for), iri(m_iri))
            for name in a.lead:
                b.edge(iri(m_iri), iri(v.lead_agent), iri(b.org(name)), a.span, conf)
            for name in a.supporting:
                b.edge(iri(m_iri), iri(v.supporting_agent), iri(b.org(name)), a.span, conf)

    spans = [(m.span, measure_iri[m.number]) for m in rec.measures if m.kind == "item"]
    for k, t in enumerate(rec.targets):
        if t.kind != "target":
            continue
        t_iri = owner + f"/target_{k + 1}"
        holder = owner
        for (s, e), m_iri in spans:
            if s <= t.span[0] < e:
                holder = m_iri  # the innermost item holding the target (items come in order)
        b.typed(t_iri, v.Target, SCHEMA + "QuantitativeValue")
        b.add(iri(t_iri), iri(SCHEMA + "value"), lit(_decimal(t.value), XSD + "decimal"))
        if t.value_max is not None:
            b.add(iri(t_iri), iri(SCHEMA + "maxValue"), lit(_decimal(t.value_max), XSD + "decimal"))
        b.add(iri(t_iri), iri(SCHEMA + "unitText"), lit(t.unit))
        if t.year:
            b.add(iri(t_iri), iri(v.deadline_year), lit(t.year, XSD + "gYear"))
        if t.comparator:
            b.add(iri(t_iri), iri(v.comparator), lit(t.comparator))
        if t.indicator:
            b.add(iri(t_iri), iri(v.indicator), lit(t.indicator, lang="zh"))
        b.edge(iri(holder), iri(v.has_target), iri(t_iri), t.span, 0.8)
    b.annotations()
    return sorted(set(b.out)), sorted(b.mentions)


def _decimal(x: float) -> str:
    """A decimal lexical form without trailing zeros.

    >>> _decimal(3000.0), _decimal(3.2), _decimal(33.333333)
    ('3000', '3.2', '33.333333')
    """
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return text or "0"


def referenced_triples(records: Iterable[Record], index: Index | None = None) -> list[Triple]:
    """Nodes for documents known only from citations: one description each, chosen the same
    way whatever the build order (longest title, then the first in sort order)."""
    recs = list(records)
    index = index or build_index(recs)
    pairs = []
    for rec in recs:
        for ref in rec.references:
            if ref.relation == "promulgates":
                continue
            target, _ = index.resolve(ref)
            if not index.is_ingested(target):
                pairs.append((target, ref))
    return describe_referenced(pairs)


def describe_referenced(citations: Iterable[tuple[str, Reference]]) -> list[Triple]:
    """The description of documents known only from citations, from (target IRI, citation)
    pairs; see :func:`referenced_triples`."""
    ordered = sorted(citations, key=lambda c: c[0])
    return sorted({t for part in describe_referenced_groups(ordered) for t in part})


def describe_referenced_groups(citations: Iterable[tuple[str, Reference]]) -> Iterator[list[Triple]]:
    """:func:`describe_referenced` a part at a time (see :func:`referenced_parts`).

    >>> from policygraph.model import Reference
    >>> cites = [("https://w3id.org/policygraph/id/doc/a", Reference("《甲法》", None, "cites", (0, 4)))]
    >>> [len(part) for part in describe_referenced_groups(cites)]
    [2, 5]
    """
    return (part for _, part in referenced_parts(citations))


def referenced_parts(citations: Iterable[tuple[str, Reference]]) -> Iterator[tuple[str, list[Triple]]]:
    """(subject, its triples) of the references graph, for (target, citation) pairs that come
    ordered by target (as the build's catalogue gives them), so a large corpus's referenced
    documents are never all in memory: the run's own two triples, each referenced document
    (:func:`describe_referenced_doc`), then each issuing body they name
    (:func:`describe_referenced_org`).  Each subject is described in one part only, so a build
    can rewrite one referenced document or body without the rest."""
    yield RUN_IRI, [(iri(RUN_IRI), RDF_TYPE, iri(v.ExtractionRun)), (iri(RUN_IRI), RDF_TYPE, iri(PROV + "Activity"))]
    named: dict[str, str] = {}
    for target, group in groupby(citations, key=lambda c: c[0]):
        part, orgs = describe_referenced_doc(target, [ref for _, ref in group])
        named.update(orgs)
        yield target, part
    for org in sorted(named):
        yield org, describe_referenced_org(org, named[org])


def describe_referenced_doc(target: str, refs: Iterable[Reference]) -> tuple[list[Triple], dict[str, str]]:
    """The description of one document known only from citations (``refs``, the citations that
    resolve to ``target``), and the issuing bodies it names by IRI with their labels.  The title
    is the longest one cited (then the first in sort order), whatever the order of ``refs``."""
    titles: set[str] = set()
    numbers: set[str] = set()
    printed: set[str] = set()
    issuers: set[str] = set()
    for ref in refs:
        if ref.title:
            titles.add(ref.title)
        if ref.doc_number:
            numbers.add(ref.doc_number)
        if ref.doc_number_printed and ref.doc_number_printed != ref.doc_number:
            printed.add(ref.doc_number_printed)
        issuers.update(ref.issuers)
    t = iri(target)
    out: list[Triple] = [(t, RDF_TYPE, iri(ELI + "LegalResource")), (t, RDF_TYPE, iri(v.PolicyDocument)),
                         (t, RDF_TYPE, iri(v.ReferencedDocument)),
                         (t, iri(v.referenced_only), lit("true", XSD + "boolean"))]
    if titles:
        out.append((t, _T["title"], lit(sorted(titles, key=lambda s: (-len(s), s))[0], lang="zh")))
    if numbers:
        out.append((t, _T["id_local"], lit(sorted(numbers)[0])))
    out.extend((t, iri(v.doc_number_printed), lit(p)) for p in sorted(printed))
    orgs: dict[str, str] = {}
    for name in sorted(issuers):
        org, label = org_iri(name, None, "ref")
        if org.endswith("@doc-ref"):
            continue  # a local abbreviation with no place: not an organisation we can name
        out.append((t, _T["passed_by"], iri(org)))
        orgs.setdefault(org, label)
    return sorted(set(out)), orgs


def describe_referenced_org(org: str, label: str) -> list[Triple]:
    """An issuing body named by a document known only from citations (its label is its
    canonical name, a function of its IRI)."""
    return [(iri(org), RDF_TYPE, _T["Organization"]), (iri(org), _T["prefLabel"], lit(label, lang="zh"))]


# --- statistics: documents by jurisdiction and year, kept by the build ------------------------

_YEAR = re.compile(r"(\d{4})-\d\d-\d\d")


def date_year(value: str | None) -> int | None:
    """The year of an ISO date as the graph writes it (``xsd:date``); None for anything else.

    >>> date_year("2013-12-05"), date_year("2013"), date_year(None)
    (2013, None, None)
    """
    found = _YEAR.fullmatch(value or "")
    return int(found.group(1)) if found else None


def place_year_row(rec: Record) -> tuple[str, str, int] | None:
    """(document IRI, jurisdiction IRI or "", year of its 成文日期) of a record's own document,
    as its graph states them (``eli:jurisdiction``, ``eli:date_document``): what the statistics
    graph counts.  None when the document has no 成文日期.

    >>> from policygraph.model import Record
    >>> rec = Record(id="x", source="a.txt", title="关于X的通知", jurisdiction="广东省", date_signed="2013-12-05")
    >>> place_year_row(rec)[1:]
    ('https://w3id.org/policygraph/id/jurisdiction/440000', 2013)
    """
    year = date_year(rec.date_signed)
    return None if year is None else (own_doc_iri(rec), _jurisdiction(rec) or "", year)


def place_year_iri(place: str, year: int) -> str:
    """IRI of the statistics of the documents of one jurisdiction ("": none stated) and year.

    >>> place_year_iri("https://w3id.org/policygraph/id/jurisdiction/440000", 2013)
    'https://w3id.org/policygraph/id/statistics/documents/440000/2013'
    >>> place_year_iri("", 2013)
    'https://w3id.org/policygraph/id/statistics/documents/none/2013'
    """
    prefix = ID + "jurisdiction/"
    code = place[len(prefix):] if place.startswith(prefix) else ("h" + _hash(place, 12) if place else "none")
    return f"{ID}statistics/documents/{v.slug(code)}/{year:04d}"


def describe_place_year(place: str, year: int, documents: int) -> list[Triple]:
    """The VoID description of the ingested documents of one jurisdiction and year: a
    ``void:Dataset`` of ``void:entities`` documents (``void:class pg:PolicyDocument``) with
    ``dcterms:spatial`` and ``dcterms:temporal``.  No triples when there are none."""
    if documents <= 0:
        return []
    s = iri(place_year_iri(place, year))
    out = [(s, RDF_TYPE, iri(v.VOID + "Dataset")), (s, iri(v.VOID + "class"), iri(v.PolicyDocument)),
           (s, iri(v.VOID + "entities"), lit(documents, XSD + "integer")),
           (s, iri(v.DCT + "temporal"), lit(f"{year:04d}", XSD + "gYear"))]
    if place:
        out.append((s, _T["spatial"], iri(place)))
    return sorted(out)
