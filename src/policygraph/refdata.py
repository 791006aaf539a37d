"""Reference data as triples: the jurisdiction, level and document-type SKOS schemes, the
ontology and the SHACL shapes.

Triples are tuples of N-Triples term strings (see :mod:`policygraph.vocab`), sorted, so the
output is the same on every run.  The jurisdiction scheme is built from
``ontology/jurisdictions.csv`` (through :mod:`policygraph.registry`); the document types, the
ontology and the shapes are Turtle files in ``ontology/`` read with pyoxigraph.

>>> jurisdiction_iri("深圳")
'https://w3id.org/policygraph/id/jurisdiction/440300'
>>> jurisdiction_iri("全国")
'https://w3id.org/policygraph/id/jurisdiction/CN'
>>> jurisdiction_iri("火星") is None
True
>>> level_iri("municipal")
'https://w3id.org/policygraph/id/level/municipal'
>>> doctype_iri("通知")
'https://w3id.org/policygraph/id/doctype/%E9%80%9A%E7%9F%A5'
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from policygraph.cues import ontology_dir
from policygraph.registry import Jurisdiction, find_jurisdiction, jurisdictions
from policygraph.vocab import ELI, ID, LEVELS, RDF_TYPE, SKOS, iri, lit, slug

__all__ = [
    "DOCTYPE_SCHEME",
    "JURISDICTION_SCHEME",
    "LEVEL_SCHEME",
    "NATIONAL",
    "doctype_iri",
    "doctype_triples",
    "jurisdiction_iri",
    "jurisdiction_triples",
    "level_iri",
    "level_triples",
    "ontology_path",
    "ontology_triples",
    "reference_triples",
    "shapes_path",
    "turtle_triples",
]

Triple = tuple[str, str, str]

JURISDICTION_SCHEME = ID + "scheme/jurisdictions"
LEVEL_SCHEME = ID + "scheme/levels"
DOCTYPE_SCHEME = ID + "scheme/doctypes"
NATIONAL = ID + "jurisdiction/CN"
"""全国: GB/T 2260 has no code for the whole country, so the concept uses ISO 3166 ``CN``."""

ONTOLOGY_FILE = "policygraph.ttl"
SHAPES_FILE = "shapes.ttl"
DOCTYPES_FILE = "doctypes.ttl"

LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "national": ("国家级", "national"),
    "provincial": ("省级", "provincial"),
    "municipal": ("市级", "municipal (prefecture level)"),
    "county": ("县级", "county level"),
}
"""zh and en labels of the four administrative levels (keys as in ``vocab.LEVELS``)."""

_LEVEL_BY_LABEL = {zh: key for key, (zh, _) in LEVEL_LABELS.items()}

_TYPE = RDF_TYPE
_CONCEPT = iri(SKOS + "Concept")
_IN_SCHEME = iri(SKOS + "inScheme")
_PREF = iri(SKOS + "prefLabel")
_ALT = iri(SKOS + "altLabel")
_NOTATION = iri(SKOS + "notation")
_BROADER = iri(SKOS + "broader")
_TOP_OF = iri(SKOS + "topConceptOf")
_HAS_TOP = iri(SKOS + "hasTopConcept")
_DEFINITION = iri(SKOS + "definition")


# --------------------------------------------------------------------------- IRIs


def _concept_iri(j: Jurisdiction) -> str:
    return ID + "jurisdiction/" + j.code if j.code else NATIONAL


def jurisdiction_iri(name: str) -> str | None:
    """The concept IRI of a jurisdiction named by full name, short name or GB/T 2260 code;
    None for an unknown name.

    >>> jurisdiction_iri("广东省"), jurisdiction_iri("440606")
    ('https://w3id.org/policygraph/id/jurisdiction/440000', 'https://w3id.org/policygraph/id/jurisdiction/440606')
    """
    j = find_jurisdiction(name)
    return _concept_iri(j) if j is not None else None


def level_iri(level: str) -> str:
    """The concept IRI of an administrative level (``national`` … ``county``, or 国家级 … 县级).

    >>> level_iri("省级")
    'https://w3id.org/policygraph/id/level/provincial'
    >>> level_iri("galactic")
    Traceback (most recent call last):
    ...
    ValueError: unknown level 'galactic'; expected one of national, provincial, municipal, county
    """
    key = _LEVEL_BY_LABEL.get(level.strip(), level.strip())
    if key not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {', '.join(LEVELS)}")
    return ID + "level/" + key


def doctype_iri(word: str) -> str:
    """The concept IRI of a document type word (通知, 实施方案 …), percent-encoded.

    Every word of ``cues.toml`` ``[doc_types]`` has a concept in ``ontology/doctypes.ttl``;
    other words still get a well-formed IRI.

    >>> doctype_iri("实施方案")
    'https://w3id.org/policygraph/id/doctype/%E5%AE%9E%E6%96%BD%E6%96%B9%E6%A1%88'
    """
    return ID + "doctype/" + slug(word.strip())


# --------------------------------------------------------------------------- SKOS schemes


def jurisdiction_triples() -> list[Triple]:
    """The jurisdiction scheme: every row of ``jurisdictions.csv`` as a ``skos:Concept`` (and
    ``eli:AdministrativeArea``) with its zh name, short name, GB/T 2260 notation and
    ``skos:broader`` parent (county → city → province → 全国).

    >>> t = jurisdiction_triples()
    >>> sz = "<https://w3id.org/policygraph/id/jurisdiction/440300>"
    >>> (sz, "<http://www.w3.org/2004/02/skos/core#broader>",
    ...  "<https://w3id.org/policygraph/id/jurisdiction/440000>") in t
    True
    >>> (sz, "<http://www.w3.org/2004/02/skos/core#notation>", '"440300"') in t
    True
    """
    rows = jurisdictions()
    by_name = {j.name: j for j in rows}
    scheme = iri(JURISDICTION_SCHEME)
    out: set[Triple] = {
        (scheme, _TYPE, iri(SKOS + "ConceptScheme")),
        (scheme, _PREF, lit("行政区划", lang="zh")),
        (scheme, _PREF, lit("Administrative divisions of China", lang="en")),
        (scheme, _DEFINITION, lit(
            "全国、省级和地级行政区划（及文件所需的县级行政区划），代码为 GB/T 2260 行政区划代码。",
            lang="zh")),
        (scheme, _DEFINITION, lit(
            "China, its provinces and prefecture-level divisions (and the county-level ones "
            "documents need), identified by GB/T 2260 administrative division codes.", lang="en")),
    }
    for j in rows:
        c = iri(_concept_iri(j))
        out.add((c, _TYPE, _CONCEPT))
        out.add((c, _TYPE, iri(ELI + "AdministrativeArea")))
        out.add((c, _IN_SCHEME, scheme))
        out.add((c, _PREF, lit(j.name, lang="zh")))
        if j.short and j.short != j.name:
            out.add((c, _ALT, lit(j.short, lang="zh")))
        if j.code:
            out.add((c, _NOTATION, lit(j.code)))
        parent = by_name.get(j.parent) if j.parent else None
        if parent is not None:
            out.add((c, _BROADER, iri(_concept_iri(parent))))
        else:
            out.add((c, _TOP_OF, scheme))
            out.add((scheme, _HAS_TOP, c))
    out.add((iri(NATIONAL), _PREF, lit("China", lang="en")))
    out.add((iri(NATIONAL), _ALT, lit("中华人民共和国", lang="zh")))
    return sorted(out)


def level_triples() -> list[Triple]:
    """The four administrative levels, each a top concept of its scheme, with zh and en labels.

    Levels are ranks, not kinds of one another, so they have no ``skos:broader``.

    >>> len([t for t in level_triples() if t[1].endswith("#prefLabel>")])
    10
    """
    scheme = iri(LEVEL_SCHEME)
    out: set[Triple] = {
        (scheme, _TYPE, iri(SKOS + "ConceptScheme")),
        (scheme, _PREF, lit("行政层级", lang="zh")),
        (scheme, _PREF, lit("Administrative levels", lang="en")),
    }
    for key in LEVELS:
        zh, en = LEVEL_LABELS[key]
        c = iri(level_iri(key))
        out.add((c, _TYPE, _CONCEPT))
        out.add((c, _IN_SCHEME, scheme))
        out.add((c, _PREF, lit(zh, lang="zh")))
        out.add((c, _PREF, lit(en, lang="en")))
        out.add((c, _NOTATION, lit(key)))
        out.add((c, _TOP_OF, scheme))
        out.add((scheme, _HAS_TOP, c))
    return sorted(out)


# --------------------------------------------------------------------------- Turtle files


def ontology_path() -> Path:
    """``ontology/policygraph.ttl``."""
    return ontology_dir() / ONTOLOGY_FILE


def shapes_path() -> Path:
    """``ontology/shapes.ttl``: the SHACL shapes, for pySHACL (``shacl_graph``)."""
    return ontology_dir() / SHAPES_FILE


def turtle_triples(path: Path | str) -> list[Triple]:
    """Every triple of a Turtle file as N-Triples term strings, sorted.

    Blank nodes are relabelled ``_:<file stem>_b0``, ``_:<file stem>_b1`` … in order of first
    appearance, so that the same file gives the same triples on every run and the blank nodes
    of two files never merge.

    >>> sorted({t[0] for t in turtle_triples(shapes_path()) if t[0].startswith("_:")})[:2]
    ['_:shapes_b0', '_:shapes_b1']
    """
    import pyoxigraph  # a heavy import, only needed here

    prefix = re.sub(r"[^A-Za-z0-9_]", "_", Path(path).stem) + "_b"
    labels: dict[str, str] = {}

    def term(t: object) -> str:
        if isinstance(t, pyoxigraph.BlankNode):
            return labels.setdefault(t.value, f"_:{prefix}{len(labels)}")
        return str(t)

    triples = pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    return sorted({(term(t.subject), term(t.predicate), term(t.object)) for t in triples})


@cache
def _cached_turtle(path: str, mtime: float) -> tuple[Triple, ...]:
    return tuple(turtle_triples(path))


def _file_triples(name: str) -> list[Triple]:
    path = ontology_dir() / name
    return list(_cached_turtle(str(path), path.stat().st_mtime))


def ontology_triples() -> list[Triple]:
    """The ontology (``ontology/policygraph.ttl``) as triples.

    >>> ("<https://w3id.org/policygraph/ontology#PolicyDocument>",
    ...  "<http://www.w3.org/2000/01/rdf-schema#subClassOf>",
    ...  "<http://data.europa.eu/eli/ontology#LegalResource>") in ontology_triples()
    True
    """
    return _file_triples(ONTOLOGY_FILE)


def doctype_triples() -> list[Triple]:
    """The document-type scheme (``ontology/doctypes.ttl``) as triples.

    >>> (iri(doctype_iri("实施方案")), "<http://www.w3.org/2004/02/skos/core#broader>",
    ...  iri(doctype_iri("方案"))) in doctype_triples()
    True
    """
    return _file_triples(DOCTYPES_FILE)


def reference_triples() -> list[Triple]:
    """Jurisdictions, levels and document types: the reference data every graph links to."""
    return sorted({*jurisdiction_triples(), *level_triples(), *doctype_triples()})
