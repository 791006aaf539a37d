"""Namespaces, terms and N-Triples term writers shared by the RDF stages.

Triples are handed around as tuples of N-Triples term strings (``<iri>``, ``"text"@zh``,
``"2013-12-27"^^<…#date>``): they sort and serialise deterministically, load into Oxigraph in
bulk, and parse with rdflib.

>>> iri(ID + "doc/x")
'<https://w3id.org/policygraph/id/doc/x>'
>>> lit("深府〔2013〕119号")
'"深府〔2013〕119号"'
>>> lit("2013-12-27", XSD + "date")
'"2013-12-27"^^<http://www.w3.org/2001/XMLSchema#date>'
>>> lit('say "hi"\\n', lang="zh")
'"say \\\\"hi\\\\"\\\\n"@zh'
"""

from __future__ import annotations

from urllib.parse import quote as _percent_encoded

ELI = "http://data.europa.eu/eli/ontology#"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"

PG = "https://w3id.org/policygraph/ontology#"
"""The project's own terms (ontology/policygraph.ttl)."""
ID = "https://w3id.org/policygraph/id/"
"""Base of every minted resource IRI."""

PREFIXES: dict[str, str] = {
    "eli": ELI, "dcterms": DCT, "org": ORG, "skos": SKOS, "prov": PROV, "oa": OA,
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "schema": SCHEMA, "void": VOID, "pg": PG, "pgid": ID,
}

# --- classes -------------------------------------------------------------------------------
PolicyDocument = PG + "PolicyDocument"  # ⊑ eli:LegalResource
ReferencedDocument = PG + "ReferencedDocument"  # ⊑ pg:PolicyDocument: known only from citations
Measure = PG + "Measure"  # ⊑ eli:LegalResourceSubdivision: a numbered item of policy content
Section = PG + "Section"  # ⊑ eli:LegalResourceSubdivision: a structural heading
Article = PG + "Article"  # ⊑ eli:LegalResourceSubdivision: 第X条
Chapter = PG + "Chapter"  # ⊑ eli:LegalResourceSubdivision: 第X章
Target = PG + "Target"  # ⊑ schema:QuantitativeValue
EvidenceAnnotation = PG + "EvidenceAnnotation"  # ⊑ oa:Annotation; inferred (domain of pg:confidence), not stated
SourceText = PG + "SourceText"  # ⊑ prov:Entity: the decoded text of one input file
ExtractionRun = PG + "ExtractionRun"  # ⊑ prov:Activity

# --- properties ------------------------------------------------------------------------------
promulgates = PG + "promulgates"  # notice → attachment, ⊑ eli:has_part
promulgated_by = PG + "promulgated_by"  # inverse, ⊑ eli:is_part_of
forwards = PG + "forwards"  # ⊑ eli:cites
responsible_agent = PG + "responsible_agent"  # measure → org, ⊑ eli:responsibility_of_agent
lead_agent = PG + "lead_agent"  # ⊑ pg:responsible_agent
supporting_agent = PG + "supporting_agent"  # measure → org (配合/参与), not responsible
responsible_for = PG + "responsible_for"  # org → measure, inverse of responsible_agent
has_target = PG + "has_target"  # document or measure → target
deadline_year = PG + "deadline_year"  # xsd:gYear
comparator = PG + "comparator"
indicator = PG + "indicator"
is_baseline = PG + "is_baseline"  # xsd:boolean: a baseline statistic, not a goal
doc_number_printed = PG + "doc_number_printed"
referenced_only = PG + "referenced_only"  # xsd:boolean
notice_title = PG + "notice_title"
valid_years = PG + "valid_years"
addressee = PG + "addressee"  # 主送机关, as printed
level = PG + "level"  # document → level concept (national / provincial / municipal / county)
cited_as = PG + "cited_as"  # the short name or alias a citation used
confidence = PG + "confidence"  # xsd:decimal on an evidence annotation
quote = PG + "quote"  # the text of an evidence annotation's span (oa:exact of a TextQuoteSelector)
resolved_by = PG + "resolved_by"  # fallback that resolved a citation: short_name or fuzzy_title
content_id = PG + "content_id"
source_text = PG + "source_text"  # document → pg:SourceText it was extracted from
file_name = PG + "file_name"
subdivision_kind = PG + "subdivision_kind"  # item | section | article | chapter
open_list = PG + "open_list"  # 等 / 会同有关部门: the list of bodies is open-ended
scope = PG + "scope"  # 适用范围 of a responsibility list

RELATION_PROPERTY: dict[str, str] = {
    "implements": ELI + "ensures_implementation_of",
    "based_on": ELI + "based_on",
    "repeals": ELI + "repeals",
    "amends": ELI + "amends",
    "cites": ELI + "cites",
    "forwards": forwards,
    "promulgates": promulgates,
}
"""Typed property of each reference relation; every one is also stated as ``eli:cites``
(except ``promulgates``, which is a part-of relation)."""

LEVELS = ("national", "provincial", "municipal", "county")
KIND_CLASS = {"item": Measure, "section": Section, "article": Article, "chapter": Chapter}


def iri(value: str) -> str:
    """An IRI term."""
    return f"<{value}>"


def _escape(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


def lit(value: object, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal term; strings are escaped for N-Triples."""
    body = f'"{_escape(str(value))}"'
    if lang:
        return f"{body}@{lang}"
    if datatype and datatype != XSD + "string":
        return f"{body}^^<{datatype}>"
    return body


def slug(value: str) -> str:
    """A path segment for an IRI: percent-encoded UTF-8, stable on every machine.

    >>> slug("国发〔2013〕32号")
    '%E5%9B%BD%E5%8F%91%E3%80%942013%E3%80%9532%E5%8F%B7'
    """
    return _percent_encoded(value, safe="")


RDF_TYPE = iri(RDF + "type")
