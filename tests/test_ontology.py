"""The ontology, the SHACL shapes and the reference-data schemes (ontology/*.ttl, refdata)."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import BNode, Literal, Namespace, URIRef

from policygraph import refdata
from policygraph import vocab as v
from policygraph.cues import cues, ontology_dir
from policygraph.registry import jurisdictions

pyshacl = pytest.importorskip("pyshacl")

# plain namespaces: rdflib's closed ones warn when pytest's doctest finder probes them
RDF = Namespace(v.RDF)
RDFS = Namespace(v.RDFS)
OWL = Namespace(v.OWL)
SKOS = Namespace(v.SKOS)
XSD = Namespace(v.XSD)
PG = Namespace(v.PG)
ELI = Namespace(v.ELI)
ORG = Namespace(v.ORG)
OA = Namespace(v.OA)
PROV = Namespace(v.PROV)
SCHEMA = Namespace(v.SCHEMA)
SH = Namespace(v.SH)
DCT = Namespace(v.DCT)
ID = Namespace(v.ID)

ONTOLOGY_IRI = URIRef("https://w3id.org/policygraph/ontology")
TTL_FILES = ("policygraph.ttl", "shapes.ttl", "doctypes.ttl")


def _load(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / name, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return _load("policygraph.ttl")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return _load("shapes.ttl")


@pytest.fixture(scope="module")
def doctypes() -> rdflib.Graph:
    return _load("doctypes.ttl")


def _nt_graph(triples: list[tuple[str, str, str]]) -> rdflib.Graph:
    return rdflib.Graph().parse(data="\n".join(" ".join(t) + " ." for t in triples), format="nt")


def _vocab_terms() -> dict[str, str]:
    """Every project term of vocab.py: module constant name → IRI."""
    return {name: value for name, value in vars(v).items()
            if isinstance(value, str) and value.startswith(v.PG) and value != v.PG}


# ============================================================================== files parse


@pytest.mark.parametrize("name", TTL_FILES)
def test_turtle_files_parse(name: str) -> None:
    g = _load(name)
    assert len(g) > 50


@pytest.mark.parametrize("name", TTL_FILES)
def test_refdata_reads_the_same_triples_as_rdflib(name: str) -> None:
    triples = refdata.turtle_triples(ontology_dir() / name)
    assert triples == sorted(set(triples))
    assert len(_nt_graph(triples)) == len(_load(name))


# ============================================================================== ontology


def test_ontology_header(ontology: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert {t.language for t in ontology.objects(ONTOLOGY_IRI, DCT.title)} >= {"en", "zh"}
    assert {d.language for d in ontology.objects(ONTOLOGY_IRI, DCT.description)} >= {"en", "zh"}
    assert "apache.org/licenses/LICENSE-2.0" in str(ontology.value(ONTOLOGY_IRI, DCT.license))


def test_ontology_declares_exactly_the_vocab_terms(ontology: rdflib.Graph) -> None:
    declared = {s for s in ontology.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)}
    declared |= {s for s in ontology.subjects(RDF.type, None)
                 if isinstance(s, URIRef) and str(s).startswith(v.PG)}
    assert declared == {URIRef(value) for value in _vocab_terms().values()}


UNANCHORED = {"quote", "resolved_by"}
"""Terms deliberately below no standard term: pg:quote is oa:exact's value stated on the
annotation, which is not a TextQuoteSelector, so it is not declared a sub-property of it;
pg:resolved_by names a resolution method, for which no standard vocabulary has a term."""


@pytest.mark.parametrize("name", sorted(_vocab_terms()))
def test_every_vocab_term_is_documented_and_anchored(ontology: rdflib.Graph, name: str) -> None:
    term = URIRef(_vocab_terms()[name])
    types = set(ontology.objects(term, RDF.type))
    assert types & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, f"{name} is not declared"
    for pred in (RDFS.label, SKOS.definition):
        langs = {o.language for o in ontology.objects(term, pred) if isinstance(o, Literal)}
        assert {"zh", "en"} <= langs, f"{name}: {pred} in zh and en"
    # a super-class / super-property outside pg:, directly or through other pg terms
    # (an inverse property counts as anchored through its inverse)
    seen: set[URIRef] = set()
    todo = [term]
    outside: set[URIRef] = set()
    while todo:
        t = todo.pop()
        if t in seen:
            continue
        seen.add(t)
        for pred in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf):
            for sup in ontology.objects(t, pred):
                if str(sup).startswith(v.PG):
                    todo.append(sup)
                elif pred != OWL.inverseOf:
                    outside.add(sup)
    standard = (v.ELI, v.ORG, v.SKOS, v.PROV, v.SCHEMA, v.OA)
    if name in UNANCHORED:
        assert not outside, f"{name} is anchored now: drop it from UNANCHORED"
        return
    assert outside, f"{name} has no super-term outside pg:"
    assert all(str(s).startswith(standard) for s in outside), outside


def test_class_and_property_kinds(ontology: rdflib.Graph) -> None:
    classes = {name for name, value in _vocab_terms().items() if name[0].isupper()}
    for name, value in _vocab_terms().items():
        types = set(ontology.objects(URIRef(value), RDF.type))
        if name in classes:
            assert OWL.Class in types, name
            continue
        assert len(types & {OWL.ObjectProperty, OWL.DatatypeProperty}) == 1, name
        for rng in ontology.objects(URIRef(value), RDFS.range):
            is_datatype = str(rng).startswith(str(XSD)) or rng == RDF.langString
            assert is_datatype == (OWL.DatatypeProperty in types), (name, rng)
    objects = {"promulgates", "promulgated_by", "forwards", "responsible_agent", "lead_agent",
               "supporting_agent", "responsible_for", "has_target", "level", "source_text"}
    for name in objects:
        assert (URIRef(getattr(v, name)), RDF.type, OWL.ObjectProperty) in ontology, name
    for name in ("confidence", "quote", "deadline_year", "is_baseline", "referenced_only", "valid_years",
                 "content_id", "file_name", "doc_number_printed", "addressee", "indicator"):
        assert (URIRef(getattr(v, name)), RDF.type, OWL.DatatypeProperty) in ontology, name


def test_key_axioms(ontology: rdflib.Graph) -> None:
    assert (PG.PolicyDocument, RDFS.subClassOf, ELI.LegalResource) in ontology
    assert (PG.ReferencedDocument, RDFS.subClassOf, PG.PolicyDocument) in ontology
    for cls in (PG.Measure, PG.Section, PG.Article, PG.Chapter):
        assert (cls, RDFS.subClassOf, ELI.LegalResourceSubdivision) in ontology
    assert (PG.Target, RDFS.subClassOf, SCHEMA.QuantitativeValue) in ontology
    assert (PG.EvidenceAnnotation, RDFS.subClassOf, OA.Annotation) in ontology
    assert (PG.SourceText, RDFS.subClassOf, PROV.Entity) in ontology
    assert (PG.ExtractionRun, RDFS.subClassOf, PROV.Activity) in ontology
    assert (PG.promulgates, RDFS.subPropertyOf, ELI.has_part) in ontology
    assert (PG.promulgated_by, RDFS.subPropertyOf, ELI.is_part_of) in ontology
    assert (PG.forwards, RDFS.subPropertyOf, ELI.cites) in ontology
    assert (PG.responsible_agent, RDFS.subPropertyOf, ELI.responsibility_of_agent) in ontology
    assert (PG.lead_agent, RDFS.subPropertyOf, PG.responsible_agent) in ontology
    assert (PG.responsible_for, OWL.inverseOf, PG.responsible_agent) in ontology
    assert (PG.responsible_agent, RDFS.range, ORG.Organization) in ontology
    # a supporting body is not responsible: not below responsible_agent, nor below ELI's property
    supers = set(ontology.transitive_objects(PG.supporting_agent, RDFS.subPropertyOf))
    assert PG.responsible_agent not in supers and ELI.responsibility_of_agent not in supers
    definition = " ".join(ontology.objects(PG.responsible_agent, SKOS.definition))
    assert "IMPLEMENTING" in definition and "drafting" in definition


# ============================================================================== SHACL

GOOD = """
@prefix pg: <https://w3id.org/policygraph/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <https://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/policygraph/id/> .

id:doc a eli:LegalResource , pg:PolicyDocument ;
    dcterms:title "深圳市人民政府关于进一步促进电子商务发展的若干措施"@zh ;
    eli:id_local "深府〔2013〕119号" ;
    eli:date_document "2013-12-27"^^xsd:date ;
    eli:passed_by id:gov ;
    eli:jurisdiction <https://w3id.org/policygraph/id/jurisdiction/440300> ;
    pg:level <https://w3id.org/policygraph/id/level/municipal> ;
    pg:source_text id:text .
id:gov a org:Organization ; skos:prefLabel "深圳市人民政府"@zh ;
    org:classification <https://w3id.org/policygraph/id/level/municipal> .
id:jxw a org:Organization ; skos:prefLabel "深圳市经济贸易和信息化委员会"@zh ; skos:altLabel "市经贸信息委"@zh .
id:text a pg:SourceText , prov:Entity ; pg:content_id "0123456789abcdef" ; pg:file_name "sz.txt" .
id:m1 a eli:LegalResourceSubdivision , pg:Measure ;
    eli:is_part_of id:doc ; eli:number "（一）" ; pg:subdivision_kind "item" ;
    pg:lead_agent id:jxw ; pg:has_target id:t1 .
id:t1 a pg:Target , schema:QuantitativeValue ;
    schema:value "3000"^^xsd:decimal ; schema:unitText "亿元" ; pg:deadline_year "2015"^^xsd:gYear .
id:run a pg:ExtractionRun , prov:Activity .

id:ann1 a oa:Annotation ;
    oa:hasTarget <https://w3id.org/policygraph/id/text#char=120,128> ;
    oa:hasBody id:st1 ; pg:confidence "0.90"^^xsd:decimal ;
    prov:wasDerivedFrom id:text ; pg:quote "市经贸信息委牵头" .
id:st1 rdf:subject id:m1 ; rdf:predicate pg:lead_agent ; rdf:object id:jxw .

id:ann2 a oa:Annotation ;
    oa:hasTarget <https://w3id.org/policygraph/id/text#char=60,75> ;
    oa:hasBody id:st2 ; pg:confidence "0.8"^^xsd:decimal ;
    prov:wasDerivedFrom id:text ; pg:quote "交易额达到3000亿元" .
id:st2 rdf:subject id:m1 ; rdf:predicate pg:has_target ; rdf:object id:t1 .
"""


def _good() -> rdflib.Graph:
    return rdflib.Graph().parse(data=GOOD, format="turtle")


def _validate(g: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph, **kw: object):
    """As `policygraph validate` runs it (advanced: the SHACL-AF SPARQL target of evidence spans)."""
    return pyshacl.validate(g, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", advanced=True, **kw)


def _results(report: rdflib.Graph, severity: URIRef) -> list[tuple[str, str]]:
    """(source shape or component, path) of every result of ``severity``."""
    out = []
    for r in report.subjects(SH.resultSeverity, severity):
        shape = report.value(r, SH.sourceShape)
        label = str(shape) if isinstance(shape, URIRef) else str(report.value(r, SH.sourceConstraintComponent))
        out.append((label, str(report.value(r, SH.resultPath))))
    return out


def test_every_shape_has_an_english_message(shapes: rdflib.Graph) -> None:
    with_severity = set(shapes.subjects(SH.severity, None))
    assert len(with_severity) > 40
    for shape in with_severity:
        langs = {m.language for m in shapes.objects(shape, SH.message)}
        assert "en" in langs, shape
    assert {SH.Violation, SH.Warning} == set(shapes.objects(None, SH.severity))


def test_good_graph_conforms(shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
    conforms, report, text = _validate(_good(), shapes, ontology)
    assert conforms, text
    assert not list(report.subjects(RDF.type, SH.ValidationResult))


def _drop(*triples):
    def edit(g: rdflib.Graph) -> None:
        for t in triples:
            g.remove(t)
    return edit


def _set(s, p, o):
    def edit(g: rdflib.Graph) -> None:
        g.set((s, p, o))
    return edit


def _add(*triples):
    def edit(g: rdflib.Graph) -> None:
        for t in triples:
            g.add(t)
    return edit


def _two(*edits):
    def edit(g: rdflib.Graph) -> None:
        for e in edits:
            e(g)
    return edit


BROKEN = {
    "measure without is_part_of": (_drop((ID.m1, ELI.is_part_of, None)), str(ELI.is_part_of)),
    "two titles": (_add((ID.doc, DCT.title, Literal("另一个标题", lang="zh"))), str(DCT.title)),
    "no title": (_drop((ID.doc, DCT.title, None)), "None"),
    "start > end": (_set(ID.ann1, OA.hasTarget, ID["text#char=130,128"]), str(OA.hasTarget)),
    "start = end": (_set(ID.ann1, OA.hasTarget, ID["text#char=128,128"]), str(OA.hasTarget)),
    "target in another text": (_set(ID.ann1, OA.hasTarget, ID["other#char=120,128"]), str(OA.hasTarget)),
    "target not a span": (_set(ID.ann1, OA.hasTarget, ID["text"]), str(OA.hasTarget)),
    "start not an integer": (_set(ID.ann1, OA.hasTarget, ID["text#char=a,128"]), str(OA.hasTarget)),
    "start negative": (_set(ID.ann1, OA.hasTarget, ID["text#char=-1,128"]), str(OA.hasTarget)),
    "target a literal": (_set(ID.ann1, OA.hasTarget, Literal(str(ID["text#char=120,128"]))), str(OA.hasTarget)),
    "two targets": (_add((ID.ann1, OA.hasTarget, ID["text#char=60,75"])), str(OA.hasTarget)),
    "annotation without confidence": (_drop((ID.ann1, PG.confidence, None)), str(PG.confidence)),
    "annotation without source": (_drop((ID.ann1, PROV.wasDerivedFrom, None)), str(PROV.wasDerivedFrom)),
    "two quotes": (_add((ID.ann1, PG.quote, Literal("另一段"))), str(PG.quote)),
    "body without subject": (_drop((ID.st1, RDF.subject, None)), str(RDF.subject)),
    "body with two objects": (_add((ID.st1, RDF.object, ID.gov)), str(RDF.object)),
    "passed_by a literal": (_two(_drop((ID.doc, ELI.passed_by, None)),
                                 _add((ID.doc, ELI.passed_by, Literal("深圳市人民政府", lang="zh")))),
                            str(ELI.passed_by)),
    "passed_by not an organisation": (_drop((ID.gov, RDF.type, ORG.Organization)), str(ELI.passed_by)),
    "org without prefLabel": (_drop((ID.gov, SKOS.prefLabel, None)), str(SKOS.prefLabel)),
    "org with two prefLabels": (_add((ID.gov, SKOS.prefLabel, Literal("市政府", lang="zh"))),
                                str(SKOS.prefLabel)),
    "two signature dates": (_add((ID.doc, ELI.date_document, Literal("2013-12-28", datatype=XSD.date))),
                            str(ELI.date_document)),
    "date not xsd:date": (_set(ID.doc, ELI.date_document, Literal("2013年12月27日")), str(ELI.date_document)),
    "target without value": (_drop((ID.t1, SCHEMA.value, None)), str(SCHEMA.value)),
    "target value not decimal": (_set(ID.t1, SCHEMA.value, Literal("三千")), str(SCHEMA.value)),
    "target without unit": (_drop((ID.t1, SCHEMA.unitText, None)), str(SCHEMA.unitText)),
    "annotation without target": (_drop((ID.ann1, OA.hasTarget, None)), str(OA.hasTarget)),
    "annotation without body": (_drop((ID.ann1, OA.hasBody, None)), str(OA.hasBody)),
    "confidence above 1": (_set(ID.ann1, PG.confidence, Literal("1.5", datatype=XSD.decimal)),
                           str(PG.confidence)),
    # (an IRI without a type would pass: rdfs:range org:Organization infers the class)
    "lead agent a literal": (_add((ID.m1, PG.lead_agent, Literal("市经贸信息委", lang="zh"))),
                             str(PG.responsible_agent)),
    "unknown level": (_set(ID.doc, PG.level, ID["level/galactic"]), str(PG.level)),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_violates(shapes: rdflib.Graph, ontology: rdflib.Graph, case: str) -> None:
    edit, path = BROKEN[case]
    g = _good()
    edit(g)
    conforms, report, text = _validate(g, shapes, ontology, allow_warnings=True)
    assert not conforms, text
    violations = _results(report, SH.Violation)
    assert path in {p for _, p in violations}, text


def test_measure_type_alone_implies_subdivision(shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
    """RDFS inference with the ontology: a pg:Measure is checked as an eli:LegalResourceSubdivision."""
    g = _good()
    g.remove((ID.m1, RDF.type, ELI.LegalResourceSubdivision))
    assert _validate(g, shapes, ontology)[0]
    g.remove((ID.m1, ELI.is_part_of, None))
    conforms, report, _ = _validate(g, shapes, ontology)
    assert not conforms and str(ELI.is_part_of) in {p for _, p in _results(report, SH.Violation)}


def test_quote_missing_is_only_a_warning(shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
    """A graph built without the source text has no pg:quote: warned about, not a violation."""
    g = _good()
    g.remove((ID.ann1, PG.quote, None))
    conforms, report, _ = _validate(g, shapes, ontology, allow_warnings=True)
    assert conforms and _results(report, SH.Violation) == []
    assert (str(PG.quote)) in {p for _, p in _results(report, SH.Warning)}


def test_shapes_hold_without_inference(shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
    """Bodies are found as objects of oa:hasBody, not by an rdf:Statement type they do not carry."""
    g = _good()
    g.remove((ID.st1, RDF.object, None))
    conforms, report, text = pyshacl.validate(g, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                              allow_warnings=True)
    assert not conforms and str(RDF.object) in {p for _, p in _results(report, SH.Violation)}, text


def test_bad_doc_number_is_only_a_warning(shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
    """pySHACL 0.40 behaviour: by default any result, a sh:Warning included, makes conforms
    False; with allow_warnings=True warnings no longer fail (the results stay in the report)."""
    g = _good()
    g.set((ID.doc, ELI.id_local, Literal("深府2013-119")))
    conforms, report, _ = _validate(g, shapes, ontology)
    assert conforms is False
    assert _results(report, SH.Violation) == []
    assert _results(report, SH.Warning) == [
        ("https://w3id.org/policygraph/shapes#DocumentIdLocalPattern", str(ELI.id_local))]
    conforms, report, _ = _validate(g, shapes, ontology, allow_warnings=True)
    assert conforms is True
    assert len(_results(report, SH.Warning)) == 1


@pytest.mark.parametrize("number", ["深府〔2013〕119号", "国务院令第708号", "财政部公告2019年第39号",
                                    "中华人民共和国主席令第二十四号"])
def test_doc_number_pattern_accepts(shapes: rdflib.Graph, ontology: rdflib.Graph, number: str) -> None:
    g = _good()
    g.set((ID.doc, ELI.id_local, Literal(number)))
    conforms, _, text = _validate(g, shapes, ontology)
    assert conforms, text


@pytest.mark.parametrize(("predicate", "shape"), [
    (ELI.passed_by, "DocumentIssuerExpected"),
    (ELI.date_document, "DocumentDateExpected"),
])
def test_missing_issuer_or_date_is_a_warning(shapes: rdflib.Graph, ontology: rdflib.Graph,
                                             predicate: URIRef, shape: str) -> None:
    g = _good()
    g.remove((ID.doc, predicate, None))
    conforms, report, _ = _validate(g, shapes, ontology, allow_warnings=True)
    assert conforms
    assert _results(report, SH.Violation) == []
    assert ("https://w3id.org/policygraph/shapes#" + shape, "None") in _results(report, SH.Warning)


def test_edge_without_evidence_is_a_warning(shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
    g = _good()
    for s in (ID.ann2, ID.st2):
        g.remove((s, None, None))
    conforms, report, _ = _validate(g, shapes, ontology, allow_warnings=True)
    assert conforms and _results(report, SH.Violation) == []
    warned = report.value(predicate=SH.focusNode, object=ID.m1)
    assert warned is not None and report.value(warned, SH.resultSeverity) == SH.Warning


def test_referenced_document_needs_no_title(shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
    g = _good()
    ref = ID["doc/n/ref"]
    g.add((ref, RDF.type, ELI.LegalResource))
    g.add((ref, RDF.type, PG.PolicyDocument))
    g.add((ref, RDF.type, PG.ReferencedDocument))
    g.add((ref, PG.referenced_only, Literal(True)))
    g.add((ref, ELI.id_local, Literal("国发〔2013〕32号")))
    conforms, _, text = _validate(g, shapes, ontology)
    assert conforms, text
    g.add((ref, DCT.title, Literal("甲", lang="zh")))
    g.add((ref, DCT.title, Literal("乙", lang="zh")))
    conforms, report, _ = _validate(g, shapes, ontology, allow_warnings=True)
    assert not conforms and str(DCT.title) in {p for _, p in _results(report, SH.Violation)}


def test_reference_data_conforms(shapes: rdflib.Graph, ontology: rdflib.Graph) -> None:
    g = _good() + _nt_graph(refdata.reference_triples())
    conforms, _, text = _validate(g, shapes, ontology)
    assert conforms, text


# ============================================================================== jurisdictions


@pytest.fixture(scope="module")
def jurisdiction_graph() -> rdflib.Graph:
    return _nt_graph(refdata.jurisdiction_triples())


def test_jurisdiction_iri() -> None:
    assert refdata.jurisdiction_iri("深圳市") == v.ID + "jurisdiction/440300"
    assert refdata.jurisdiction_iri("深圳") == v.ID + "jurisdiction/440300"
    assert refdata.jurisdiction_iri("全国") == v.ID + "jurisdiction/CN"
    assert refdata.jurisdiction_iri("不存在市") is None


def test_shenzhen_broader_chain(jurisdiction_graph: rdflib.Graph) -> None:
    sz = URIRef(refdata.jurisdiction_iri("深圳市"))
    gd = jurisdiction_graph.value(sz, SKOS.broader)
    assert gd == ID["jurisdiction/440000"]
    assert jurisdiction_graph.value(gd, SKOS.broader) == ID["jurisdiction/CN"]
    assert jurisdiction_graph.value(ID["jurisdiction/CN"], SKOS.broader) is None
    assert (sz, SKOS.notation, Literal("440300")) in jurisdiction_graph
    assert (sz, SKOS.prefLabel, Literal("深圳市", lang="zh")) in jurisdiction_graph
    assert (sz, SKOS.inScheme, ID["scheme/jurisdictions"]) in jurisdiction_graph
    assert (ID["jurisdiction/440606"], SKOS.broader, ID["jurisdiction/440600"]) in jurisdiction_graph


def test_every_jurisdiction_row_is_a_concept(jurisdiction_graph: rdflib.Graph) -> None:
    rows = jurisdictions()
    concepts = set(jurisdiction_graph.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == len(rows)
    provinces = [j for j in rows if j.level == "provincial"]
    assert len(provinces) == 31
    for j in rows:
        c = URIRef(refdata.jurisdiction_iri(j.name))
        assert c in concepts, j.name
        assert (c, SKOS.prefLabel, Literal(j.name, lang="zh")) in jurisdiction_graph
        if j.level == "provincial":
            assert jurisdiction_graph.value(c, SKOS.broader) == ID["jurisdiction/CN"], j.name
        elif j.level != "national":
            assert jurisdiction_graph.value(c, SKOS.broader) is not None, j.name
    top = set(jurisdiction_graph.objects(ID["scheme/jurisdictions"], SKOS.hasTopConcept))
    assert top == {ID["jurisdiction/CN"]}


# ============================================================================== levels, doctypes


def test_levels() -> None:
    g = _nt_graph(refdata.level_triples())
    for level in v.LEVELS:
        c = URIRef(refdata.level_iri(level))
        assert (c, SKOS.inScheme, ID["scheme/levels"]) in g
        assert {label.language for label in g.objects(c, SKOS.prefLabel)} == {"zh", "en"}
    assert refdata.level_iri("县级") == refdata.level_iri("county")
    with pytest.raises(ValueError):
        refdata.level_iri("galactic")


def test_every_doc_type_word_has_a_concept(doctypes: rdflib.Graph) -> None:
    words = cues()["doc_types"]["statutory"] + cues()["doc_types"]["other"]
    for word in words:
        c = URIRef(refdata.doctype_iri(word))
        assert (c, RDF.type, SKOS.Concept) in doctypes, word
        assert (c, SKOS.inScheme, ID["scheme/doctypes"]) in doctypes, word
        assert (c, SKOS.prefLabel, Literal(word, lang="zh")) in doctypes, word
    assert refdata.doctype_iri("实施方案") == v.ID + "doctype/" + v.slug("实施方案")


@pytest.mark.parametrize(("narrow", "broad"), [
    ("实施方案", "方案"), ("指导意见", "意见"), ("实施意见", "意见"), ("若干意见", "意见"),
    ("发展规划", "规划"), ("专项规划", "规划"), ("管理办法", "办法"), ("实施办法", "办法"),
    ("暂行办法", "办法"), ("若干措施", "措施"), ("通知", "公文"), ("函", "公文"), ("令", "命令"),
])
def test_doctype_broader(doctypes: rdflib.Graph, narrow: str, broad: str) -> None:
    c = URIRef(refdata.doctype_iri(narrow))
    assert (c, SKOS.broader, URIRef(refdata.doctype_iri(broad))) in doctypes


def test_statutory_collection(doctypes: rdflib.Graph) -> None:
    members = set(doctypes.objects(ID["doctype-collection/statutory"], SKOS.member))
    assert len(members) == 15
    top = URIRef(refdata.doctype_iri("公文"))
    assert all((m, SKOS.broader, top) in doctypes for m in members)
    # every concept is reachable from a top concept of the scheme (no orphans, no cycles)
    for c in doctypes.subjects(RDF.type, SKOS.Concept):
        chain = list(doctypes.transitive_objects(c, SKOS.broader))
        assert any((x, SKOS.topConceptOf, ID["scheme/doctypes"]) in doctypes for x in chain), c


def test_doctype_triples_match_the_file(doctypes: rdflib.Graph) -> None:
    assert len(_nt_graph(refdata.doctype_triples())) == len(doctypes)


# ============================================================================== determinism


def test_reference_triples_are_sorted_and_stable() -> None:
    first = refdata.reference_triples()
    assert first == sorted(set(first))
    assert first == refdata.reference_triples()
    assert set(refdata.jurisdiction_triples()) <= set(first)
    assert set(refdata.doctype_triples()) <= set(first)
    assert not any(t[0].startswith("_:") or t[2].startswith("_:") for t in first)
    g = _nt_graph(first)
    assert len(g) == len(first)


def test_ontology_triples_and_shapes_path() -> None:
    assert refdata.shapes_path().name == "shapes.ttl" and refdata.shapes_path().is_file()
    triples = refdata.ontology_triples()
    assert triples == sorted(set(triples))
    assert (f"<{v.PG}PolicyDocument>", f"<{RDFS.subClassOf}>", f"<{v.ELI}LegalResource>") in triples
    assert not any(isinstance(s, BNode) for s in _nt_graph(triples).subjects())
