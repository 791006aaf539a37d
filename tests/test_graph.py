"""The lineage graph built from the bundled corpus, queried in ELI terms (issue: graph)."""

import shutil
from pathlib import Path

import pytest

from policygraph.build import StoreFolder, build
from policygraph.validate import validate_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PREFIXES = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX pg: <https://w3id.org/policygraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("store")
    summary = build([CORPUS], d)
    assert summary.failed == 0, summary.errors
    return d


def ask(store_dir: Path, query: str) -> bool:
    return bool(StoreFolder(store_dir).store(read_only=True).query(PREFIXES + query))


def rows(store_dir: Path, query: str) -> list[dict[str, str]]:
    res = StoreFolder(store_dir).store(read_only=True).query(PREFIXES + query)
    names = [v.value for v in res.variables]  # type: ignore[union-attr]
    return [{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in res]  # type: ignore[union-attr]


def test_validate_passes(corpus_store: Path) -> None:
    result = validate_store(StoreFolder(corpus_store).store(read_only=True))
    assert result.conforms, result.text()


def test_shenzhen_implements_and_cites_national_document(corpus_store: Path) -> None:
    assert ask(corpus_store, """ASK {
      ?sz eli:id_local "深府〔2013〕119号" ; eli:ensures_implementation_of ?n ; eli:cites ?n .
      ?n eli:id_local "国发〔2013〕32号" ; a pg:ReferencedDocument ; pg:referenced_only true .
    }""")


def test_chengdu_responsibility_pairs(corpus_store: Path) -> None:
    pairs = rows(corpus_store, """SELECT DISTINCT ?m ?o WHERE {
      ?doc dcterms:title ?t . FILTER(STRSTARTS(STR(?t), "加快促进成都电子商务"))
      ?m eli:is_part_of+ ?doc ; eli:responsibility_of_agent ?o .
    }""")
    assert len(pairs) == 31
    orgs = rows(corpus_store, """SELECT DISTINCT ?o ?label WHERE {
      ?m eli:responsibility_of_agent ?o . ?o skos:prefLabel ?label . FILTER(CONTAINS(?label, "商务局"))
    }""")
    assert [o["label"] for o in orgs] == ["成都市商务局"]


def test_every_subdivision_is_part_of_something(corpus_store: Path) -> None:
    assert not ask(corpus_store, """ASK { ?m a eli:LegalResourceSubdivision .
                                          FILTER NOT EXISTS { ?m eli:is_part_of ?p } }""")
    assert ask(corpus_store, "ASK { ?m a eli:LegalResourceSubdivision ; eli:is_part_of ?p }")


def test_short_and_full_law_name_are_one_node(corpus_store: Path) -> None:
    nodes = rows(corpus_store, """SELECT DISTINCT ?law WHERE {
      ?doc eli:cites ?law . ?law dcterms:title ?t . FILTER(CONTAINS(?t, "电子签名法"))
    }""")
    assert len(nodes) == 1
    citing = rows(corpus_store, f"SELECT DISTINCT ?doc WHERE {{ ?doc eli:cites <{nodes[0]['law']}> }}")
    assert len(citing) == 2


def test_promulgated_attachment_holds_the_measures(corpus_store: Path) -> None:
    assert ask(corpus_store, """ASK {
      ?notice eli:id_local "深府〔2013〕119号" ; pg:promulgates ?att .
      ?att dcterms:title "深圳市关于进一步促进电子商务发展的若干措施"@zh .
      ?m eli:is_part_of ?att ; dcterms:title "支持电子商务平台规模化"@zh .
    }""")


def test_every_edge_has_evidence_quoting_the_text(corpus_store: Path) -> None:
    found = rows(corpus_store, """SELECT ?exact ?t ?src WHERE {
      ?ann oa:hasBody ?b ; oa:hasTarget ?t ; pg:quote ?exact ; prov:wasDerivedFrom ?src .
      ?b <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>
        eli:ensures_implementation_of ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?n .
      ?n eli:id_local "国发〔2013〕32号" .
    }""")
    assert found and "国发〔2013〕32号" in found[0]["exact"]
    # the target is an RFC 5147 fragment of the source text: <…/text/ID#char=start,end>
    source, span = found[0]["t"].split("#char=")
    start, end = map(int, span.split(","))
    assert source == found[0]["src"] and start < end
    content_id = source.rsplit("/", 1)[1]
    text = (StoreFolder(corpus_store).records / f"{content_id}.txt").read_text(encoding="utf-8")
    assert text[start:end] == found[0]["exact"]
    assert not ask(corpus_store, """ASK { ?m pg:responsible_agent ?o .
      FILTER NOT EXISTS { ?a oa:hasBody ?b . ?b <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?m ;
                          <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o } }""")


def test_edges_read_from_one_span_share_one_annotation() -> None:
    """4 triples per edge and 5 per (span, confidence): the plain citation and the typed one
    read from the same words are two bodies of one annotation; the same input gives the same IRIs."""
    from collections import defaultdict

    from policygraph import vocab as v
    from policygraph.corpus import read_document
    from policygraph.extractors.pipeline import extract_document
    from policygraph.rdf import record_triples
    from policygraph.resolve import build_index

    doc = read_document(CORPUS / "seeds" / "001_d0fd18282865717f.txt")
    rec = extract_document(doc)
    triples = record_triples(rec, build_index([rec]), doc.text)
    assert triples == record_triples(rec, build_index([rec]), doc.text)
    evidence = [t for t in triples if t[0].startswith(f"<{v.ID}ann/")]
    by_ann: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in evidence:
        if s.count("/") == 6:  # <…/id/ann/H>, not a body <…/id/ann/H/B>
            by_ann[s][p].append(o)
    bodies = sum(len(a[f"<{v.OA}hasBody>"]) for a in by_ann.values())
    assert len(evidence) == 4 * bodies + 5 * len(by_ann)
    source = f"<{v.ID}text/{rec.id}>"
    spans = set()
    for ann in by_ann.values():
        assert {p: len(o) for p, o in ann.items() if p != f"<{v.OA}hasBody>"} == {
            v.RDF_TYPE: 1, f"<{v.OA}hasTarget>": 1, f"<{v.confidence}>": 1, f"<{v.quote}>": 1,
            f"<{v.PROV}wasDerivedFrom>": 1}
        assert ann[f"<{v.PROV}wasDerivedFrom>"] == [source]
        target, conf = ann[f"<{v.OA}hasTarget>"][0], ann[f"<{v.confidence}>"][0]
        start, end = map(int, target.removeprefix(source[:-1] + "#char=").removesuffix(">").split(","))
        assert ann[f"<{v.quote}>"] == [v.lit(doc.text[start:end])]
        spans.add((start, end, conf))
    assert len(spans) == len(by_ann)
    cite = next(a for a in by_ann.values() if "国发〔2013〕32号" in a[f"<{v.quote}>"][0])
    predicates = {o for s, p, o in evidence if p == f"<{v.RDF}predicate>" and s in cite[f"<{v.OA}hasBody>"]}
    assert predicates == {f"<{v.ELI}cites>", f"<{v.ELI}ensures_implementation_of>"}
    # without the text: the same annotations, no quotes
    bare = record_triples(rec, build_index([rec]), None)
    assert set(bare) == {t for t in triples if t[1] != f"<{v.quote}>"}


def test_build_order_does_not_matter(tmp_path: Path) -> None:
    seeds, extra = CORPUS / "seeds", CORPUS / "extra"
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    build([seeds], a)
    build([extra], a)
    build([extra], b)
    build([seeds], b)
    build([seeds, extra], c)
    exports = [StoreFolder(d).store(read_only=True).export("nt") for d in (a, b, c)]
    assert exports[0] == exports[1] == exports[2]
    assert len(exports[0]) > 100_000


def test_rebuild_after_one_change_touches_only_that_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "extra", corpus)
    store = tmp_path / "store"
    first = build([corpus], store)
    before = StoreFolder(store).store(read_only=True)
    graphs_before = {g: before.graph_triples(g) for g in before.graphs()}
    del before
    target = corpus / "16_guobanfa_2018_117_jili_zhichi.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("优先纳入深化商事制度改革", "优先纳入深化商事制度改革试点"),
                      encoding="utf-8")
    second = build([corpus], store)
    assert (first.extracted, second.extracted, second.unchanged) == (8, 1, 7)
    after = StoreFolder(store).store(read_only=True)
    graphs_after = {g: after.graph_triples(g) for g in after.graphs()}
    changed = sorted(g for g in graphs_after if graphs_after[g] != graphs_before.get(g))
    assert len(changed) == 1 and changed[0].endswith("16_guobanfa_2018_117_jili_zhichi.txt")
    assert second.graphs_written == 1
    third = build([corpus], store)
    assert (third.extracted, third.graphs_written) == (0, 0)


def test_prune_drops_removed_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS / "seeds", corpus)
    store = tmp_path / "store"
    build([corpus], store)
    (corpus / "000_3e38021e430ff3e0.txt").unlink()
    kept = build([corpus], store)
    assert kept.documents == 5
    pruned = build([corpus], store, prune=True)
    assert (pruned.removed, pruned.documents) == (1, 4)
    assert not any(g.endswith("000_3e38021e430ff3e0.txt") for g in StoreFolder(store).store(read_only=True).graphs())


def test_exports_parse_and_nt_is_stable(corpus_store: Path) -> None:
    import csv
    import io

    import rdflib

    gs = StoreFolder(corpus_store).store(read_only=True)
    nt = gs.export("nt")
    assert nt == gs.export("nt")
    lines = nt.decode().splitlines()
    assert lines == sorted(lines)
    g = rdflib.Graph().parse(data=gs.export("ttl").decode(), format="turtle")
    assert len(g) == len(lines)
    assert len(rdflib.Graph().parse(data=gs.export("jsonld").decode(), format="json-ld")) == len(lines)
    edges = list(csv.DictReader(io.StringIO(gs.export("csv").decode())))
    assert {"source", "relation", "target", "evidence", "start", "end"} <= set(edges[0])
    cites = [e for e in edges if e["relation"].endswith("#ensures_implementation_of")
             and "国发〔2013〕32号" in e["evidence"]]
    assert len(cites) == 1 and 0 <= int(cites[0]["start"]) < int(cites[0]["end"])


def test_quality_report_flags_the_seed_whose_body_names_another_city(corpus_store: Path) -> None:
    from policygraph.quality import quality_report

    folder = StoreFolder(corpus_store)
    records = [folder.load_record(cid, key) for key, cid in folder.sources().items()]
    rep = quality_report(folder.store(read_only=True), records)
    assert [(Path(s).name, said, body) for s, said, body in rep.jurisdiction_conflicts] == [
        ("003_54c0af31f3565843.txt", "珠海市", "岳阳市")]
    assert any("电子签名法" in label and n == 2 for _, label, n in rep.unresolved)
    assert rep.ambiguous_names == []


def test_cli_build_validate_export(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from policygraph.cli import main

    store = tmp_path / "store"
    r = CliRunner().invoke(main, ["build", str(CORPUS / "extra"), "--store", str(store)])
    assert r.exit_code == 0, r.output
    assert "8 documents" in r.stdout and "triples" in r.stdout
    r = CliRunner().invoke(main, ["validate", "--store", str(store)])
    assert r.exit_code == 0 and "conforms: True" in r.stdout
    out = tmp_path / "g.nt"
    r = CliRunner().invoke(main, ["export", "--store", str(store), "--format", "nt", "-o", str(out)])
    assert r.exit_code == 0 and out.read_bytes().count(b"\n") > 1000


def test_rdflib_users_reach_the_store(corpus_store: Path) -> None:
    from policygraph.store import open_rdflib, to_rdflib

    small = to_rdflib(StoreFolder(corpus_store).store(read_only=True))
    assert len(small) > 10_000
    import shutil as sh

    copy = corpus_store.parent / "copy-for-rdflib"
    sh.copytree(corpus_store / "oxigraph", copy)
    ds = open_rdflib(copy)
    q = PREFIXES + 'SELECT ?d WHERE { GRAPH ?g { ?d eli:id_local "深府〔2013〕119号" } }'
    assert len(list(ds.query(q))) == 1
    ds.close()
