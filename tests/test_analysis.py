"""Citation-chain analysis (issue: citation chains): every function of policygraph.analysis and
policygraph.lineage on a hand-built three-level chain 国发 → 粤府 → 深府 — built by hand as a
networkx graph and, end to end, from three small texts through extraction and the store — and
on the bundled corpus, checked against SPARQL over the same store."""

import io
import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from policygraph import analysis as a
from policygraph.build import StoreFolder, build
from policygraph.lineage import (
    export_networkx,
    format_csv,
    format_json,
    format_tree,
    lineage,
    lineage_command,
)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PREFIXES = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX pg: <https://w3id.org/policygraph/ontology#>
"""

GUOFA = """国务院关于促进信息消费扩大内需的若干意见

国发〔2013〕32号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

为加快促进信息消费，扩大内需，现提出以下意见。

一、加快信息基础设施演进升级。推进光纤入户。（工业和信息化部牵头，国家发展改革委配合）

二、增强信息产品供给能力。鼓励智能终端产品创新发展。（工业和信息化部负责）

国务院
2013年8月8日
"""
YUEFU = """广东省人民政府关于贯彻落实国务院促进信息消费扩大内需若干意见的实施意见

粤府〔2013〕100号

各地级以上市人民政府，各县（市、区）人民政府，省政府各部门、各直属机构：

为贯彻落实《国务院关于促进信息消费扩大内需的若干意见》（国发〔2013〕32号），结合我省实际，提出如下实施意见。

一、加快宽带网络建设。（省经济和信息化委牵头，省发展改革委配合）

二、培育信息消费市场。（省经济和信息化委负责）

广东省人民政府
2013年10月20日
"""
SHENFU = """深圳市人民政府关于促进信息消费的实施方案

深府〔2014〕1号

各区人民政府，市政府直属各单位：

为贯彻落实《国务院关于促进信息消费扩大内需的若干意见》（国发〔2013〕32号）和《广东省人民政府关于贯彻落实国务院促进信息消费扩大内需若干意见的实施意见》（粤府〔2013〕100号），制定本方案。

一、建设智慧城市。（市经贸信息委牵头，市财政委配合）

二、发展信息服务业。（市科技创新委负责）

深圳市人民政府
2014年1月8日
"""


def labels(G: nx.MultiDiGraph, nodes) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.label(G, n) for n in nodes]


@pytest.fixture()
def ex() -> nx.MultiDiGraph:
    return a.example_graph()


@pytest.fixture(scope="module")
def chain_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("chain")
    for name, text in (("gf.txt", GUOFA), ("yf.txt", YUEFU), ("sz.txt", SHENFU)):
        (folder / name).write_text(text, encoding="utf-8")
    store = tmp_path_factory.mktemp("chainstore")
    summary = build([folder], store)
    assert (summary.failed, summary.resolved) == (0, 3), summary.errors
    return store


@pytest.fixture(scope="module")
def chain(chain_store: Path) -> nx.MultiDiGraph:
    return a.load_graph(chain_store)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("store")
    summary = build([CORPUS], d)
    assert summary.failed == 0, summary.errors
    return d


@pytest.fixture(scope="module")
def corpus(corpus_store: Path) -> nx.MultiDiGraph:
    return a.load_graph(corpus_store)


def rows(store_dir: Path, query: str) -> list[dict[str, str | None]]:
    res = StoreFolder(store_dir).store(read_only=True).query(PREFIXES + query)
    names = [v.value for v in res.variables]  # type: ignore[union-attr]
    return [{n: (sol[n].value if sol[n] is not None else None) for n in names} for sol in res]  # type: ignore[union-attr]


# ------------------------------------------------------------------------------- loading

def test_load_graph_of_the_three_level_chain(chain: nx.MultiDiGraph) -> None:
    gf, yf, sz = (a.find_document(chain, n) for n in ("国发〔2013〕32号", "粤府〔2013〕100号", "深府〔2014〕1号"))
    assert [chain.nodes[n]["level"] for n in (gf, yf, sz)] == ["national", "provincial", "municipal"]
    assert [chain.nodes[n]["date"] for n in (gf, yf, sz)] == ["2013-08-08", "2013-10-20", "2014-01-08"]
    assert [chain.nodes[n]["jurisdiction"] for n in (gf, yf, sz)] == ["全国", "广东省", "深圳市"]
    assert chain.nodes[sz]["issuers"] == ["深圳市人民政府"] and chain.nodes[sz]["kind"] == "document"
    assert chain.nodes[sz]["source_file"].endswith("sz.txt")
    refs = sorted((a.label(chain, u), a.label(chain, w), k) for u, w, k in chain.edges(keys=True) if k in a.REFERENCES)
    # the store states every typed reference again as eli:cites; the graph keeps the typed edge only
    assert refs == [("深府〔2014〕1号", "国发〔2013〕32号", "implements"), ("深府〔2014〕1号", "粤府〔2013〕100号", "implements"),
                    ("粤府〔2013〕100号", "国发〔2013〕32号", "implements")]
    edge = chain.edges[sz, yf, "implements"]
    assert edge["relation"] == "implements" and "粤府〔2013〕100号" in edge["evidence"] and edge["confidence"] > 0
    kinds = Counter(d["kind"] for _, d in chain.nodes(data=True))
    assert kinds["document"] == 3 and kinds["measure"] == 6 and kinds["organisation"] >= 7
    m = next(n for n, d in chain.nodes(data=True) if d["kind"] == "measure" and d["title"] == "建设智慧城市")
    assert chain.nodes[m]["document"] == sz and chain.nodes[m]["subdivision_kind"] == "item"
    assert {a.label(chain, o) for _, o, k in chain.out_edges(m, keys=True) if k == "lead"} == {"深圳市经贸信息委"}


def test_load_graph_from_an_rdf_file_equals_the_store(chain_store: Path, chain: nx.MultiDiGraph,
                                                       tmp_path: Path) -> None:
    for fmt in ("nt", "ttl"):
        path = tmp_path / f"g.{fmt}"
        path.write_bytes(StoreFolder(chain_store).store(read_only=True).export(fmt))
        G = a.load_graph(path)
        assert sorted(G.edges(keys=True)) == sorted(chain.edges(keys=True))
        assert dict(G.nodes(data=True)) == dict(chain.nodes(data=True))
    assert a.load_graph(StoreFolder(chain_store).store(read_only=True)).number_of_edges() == chain.number_of_edges()
    light = a.load_graph(chain_store, measures=False, evidence=False)
    assert not any(d["kind"] == "measure" for _, d in light.nodes(data=True))
    assert sorted(light.edges(keys=True)) == sorted(e for e in chain.edges(keys=True) if e[0] in light)
    assert all(light.nodes[n] == chain.nodes[n] for n in a.documents(light))
    with pytest.raises(FileNotFoundError):
        a.load_graph(tmp_path / "missing.nt")


def test_plain_citation_kept_only_without_a_typed_relation() -> None:
    from policygraph.store import GraphStore

    eli, ex, rdf_type = "http://data.europa.eu/eli/ontology#", "https://example.org/", \
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    triples = [(f"<{ex}{n}>", rdf_type, f"<{eli}LegalResource>") for n in "abc"]
    triples += [(f"<{ex}a>", f"<{eli}cites>", f"<{ex}b>"), (f"<{ex}a>", f"<{eli}based_on>", f"<{ex}b>"),
                (f"<{ex}a>", f"<{eli}cites>", f"<{ex}c>")]
    gs = GraphStore()
    gs.replace_graph(ex + "g1", triples)
    gs.replace_graph(ex + "g2", triples[:4])  # the same statements in a second graph count once
    G = a.load_graph(gs)
    assert sorted((u[-1], w[-1], k) for u, w, k in G.edges(keys=True)) == [("a", "b", "based_on"), ("a", "c", "cites")]


def test_derived_attributes_of_the_example(ex: nx.MultiDiGraph) -> None:
    sz = a.find_document(ex, "深府〔2013〕119号")
    att = a.find_document(ex, "深圳市关于进一步促进电子商务发展的若干措施")
    assert ex.nodes[att]["promulgated_by"] == sz and ex.nodes[sz]["attachments"] == [att]
    assert ex.nodes[att]["date"] == "2013-12-27" and ex.nodes[att]["level"] == "municipal"
    assert {ex.nodes[m]["document"] for m, d in ex.nodes(data=True) if d["kind"] == "measure"} == {att}


# ------------------------------------------------------------------------------- finding

def test_find_document(ex: nx.MultiDiGraph) -> None:
    sz = a.find_document(ex, "深府〔2013〕119号")
    for q in ("深府[2013]119号", "深府（2013）119号", "深府 〔2013〕 第119号", sz,
              "深圳市人民政府印发关于进一步促进电子商务发展若干措施的通知", "《深圳市人民政府印发关于进一步促进电子商务发展若干措施的通知》"):
        assert a.find_document(ex, q) == sz, q
    with pytest.raises(LookupError, match="3 documents match"):
        a.find_document(ex, "电子商务")
    with pytest.raises(LookupError, match="no document"):
        a.find_document(ex, "粤府〔1999〕1号")


# ------------------------------------------------------------------------------- traversals

def test_ancestors_and_descendants(ex: nx.MultiDiGraph) -> None:
    gf, yf, sz = (a.find_document(ex, n) for n in ("国发〔2013〕32号", "粤府〔2013〕100号", "深府〔2013〕119号"))
    att = ex.nodes[sz]["attachments"][0]
    assert a.ancestors(ex, sz, relations="implements") == {gf: 1, yf: 1}
    assert a.ancestors(ex, yf) == {a.find_document(ex, "电子签名法"): 1, gf: 1}
    assert set(a.ancestors(ex, sz)) == {gf, yf, a.find_document(ex, "电子签名法"), a.find_document(ex, "深府〔2009〕200号")}
    assert a.ancestors(ex, sz, depth=0) == {}
    # the attachment's lineage is its notice's, unless told otherwise
    assert a.ancestors(ex, att, relations=a.LINEAGE) == {gf: 1, yf: 1}
    assert a.ancestors(ex, att, relations=a.LINEAGE, merge_promulgated=False) == {}
    assert a.descendants(ex, gf, relations="implements") == {sz: 1, yf: 1}
    assert a.descendants(ex, gf, depth=1, relations="cites") == {}
    with pytest.raises(ValueError, match="unknown relation"):
        a.ancestors(ex, sz, relations="quotes")
    with pytest.raises(KeyError):
        a.ancestors(ex, "https://example.org/nothing")


def test_descendants_depth_on_a_longer_chain() -> None:
    G = nx.MultiDiGraph()
    for i in range(6):
        G.add_node(f"d{i}", kind="document", level="county" if i else "national")
    for i in range(1, 6):
        G.add_edge(f"d{i}", f"d{i - 1}", key="implements")
    a.derive_attributes(G)
    assert a.descendants(G, "d0", depth=2) == {"d1": 1, "d2": 2}
    assert a.descendants(G, "d0") == {f"d{i}": i for i in range(1, 6)}
    assert a.ancestors(G, "d5", depth=3) == {"d4": 1, "d3": 2, "d2": 3}
    assert a.chains_to_roots(G, "d5") == [["d5", "d4", "d3", "d2", "d1", "d0"]]
    assert a.chains_to_roots(G, "d5", max_depth=2, level=None) == [["d5", "d4", "d3"]]
    assert a.longest_chains(G, 3) == [["d5", "d4", "d3", "d2", "d1", "d0"]]


def test_chains_to_national_roots(ex: nx.MultiDiGraph, chain: nx.MultiDiGraph) -> None:
    sz = a.find_document(ex, "深府〔2013〕119号")
    got = [labels(ex, c) for c in a.chains_to_roots(ex, sz)]
    assert got == [["深府〔2013〕119号", "粤府〔2013〕100号", "国发〔2013〕32号"], ["深府〔2013〕119号", "国发〔2013〕32号"]]
    assert ["深府〔2013〕119号", "深府〔2009〕200号"] in [labels(ex, c) for c in a.chains_to_roots(ex, sz, level=None)]
    assert a.chains_to_roots(ex, sz, level="county") == []
    assert len(a.chains_to_roots(ex, sz, level=None, limit=1)) == 1
    szc = a.find_document(chain, "深府〔2014〕1号")
    assert [labels(chain, c) for c in a.chains_to_roots(chain, szc)] == [
        ["深府〔2014〕1号", "粤府〔2013〕100号", "国发〔2013〕32号"], ["深府〔2014〕1号", "国发〔2013〕32号"]]


def test_longest_chains_and_cycles(ex: nx.MultiDiGraph) -> None:
    assert [labels(ex, c) for c in a.longest_chains(ex, 1)] == [["深府〔2013〕119号", "粤府〔2013〕100号", "国发〔2013〕32号"]]
    assert len(a.longest_chains(ex, 10)) == 1  # every other chain is part of that one or shorter from the same start
    gf, yf = a.find_document(ex, "国发〔2013〕32号"), a.find_document(ex, "粤府〔2013〕100号")
    ex.add_edge(gf, yf, key="cites")  # a citation cycle is contracted, not followed forever
    chains = a.longest_chains(ex, 3)
    assert chains and all(len(set(c)) == len(c) for c in chains)
    assert all(len(set(c)) == len(c) for c in a.chains_to_roots(ex, a.find_document(ex, "深府〔2013〕119号"), level=None))


def test_reach(ex: nx.MultiDiGraph, chain: nx.MultiDiGraph) -> None:
    assert {a.label(ex, n): k for n, k in a.reach(ex).items()} == {"国发〔2013〕32号": 2}
    assert {a.label(ex, n): k for n, k in a.reach(ex, None, "implements").items()} == {
        "国发〔2013〕32号": 2, "粤府〔2013〕100号": 1}
    assert {a.label(chain, n): k for n, k in a.reach(chain, "provincial").items()} == {"粤府〔2013〕100号": 1}


# ------------------------------------------------------------------------------- time

def test_implementation_lag(ex: nx.MultiDiGraph, chain: nx.MultiDiGraph) -> None:
    got = {(a.label(ex, r["child"]), a.label(ex, r["parent"])): (r["days"], r["exact"]) for r in a.implementation_lag(ex)}
    assert got == {("深府〔2013〕119号", "国发〔2013〕32号"): (141, True), ("深府〔2013〕119号", "粤府〔2013〕100号"): (68, True),
                   ("粤府〔2013〕100号", "国发〔2013〕32号"): (73, True)}
    assert a.implementation_lag(ex, "cites") == []  # the law has no date
    law = a.find_document(ex, "电子签名法")
    ex.nodes[law]["year"] = 2004
    approx = [r for r in a.implementation_lag(ex, "cites", approximate=True) if r["parent"] == law]
    assert {r["parent_date"] for r in approx} == {"2004-07-01"} and not any(r["exact"] for r in approx)
    lags = {(a.label(chain, r["child"]), a.label(chain, r["parent"])): r["days"] for r in a.implementation_lag(chain)}
    assert lags == {("深府〔2014〕1号", "国发〔2013〕32号"): 153, ("深府〔2014〕1号", "粤府〔2013〕100号"): 80,
                    ("粤府〔2013〕100号", "国发〔2013〕32号"): 73}


def test_in_force_on(ex: nx.MultiDiGraph) -> None:
    def names(day: str, **kw: bool) -> list[str]:
        return labels(ex, a.in_force_on(ex, day, **kw))

    assert names("2009-01-01") == []
    assert names("2013-06-01") == ["深府〔2009〕200号"]
    assert names("2014-01-07") == ["国发〔2013〕32号", "深府〔2009〕200号", "粤府〔2013〕100号"]
    # 深府〔2013〕119号 is in force from its publication, repeals 深府〔2009〕200号 and runs 5 years
    assert names("2014-01-08") == ["国发〔2013〕32号", "深府〔2013〕119号", "粤府〔2013〕100号"]
    assert names("2019-01-07") == names("2014-01-08")
    assert names("2019-01-08") == ["国发〔2013〕32号", "粤府〔2013〕100号"]
    assert "中华人民共和国电子签名法" in names("2019-01-08", include_undated=True)
    assert "深圳市关于进一步促进电子商务发展的若干措施" in names("2015-01-01", attachments=True)
    with pytest.raises(ValueError):
        a.in_force_on(ex, "yesterday")


def test_diffusion_by_level(ex: nx.MultiDiGraph) -> None:
    everything = a.diffusion_by_level(ex)
    assert list(everything) == [2009, 2010, 2011, 2012, 2013]
    assert everything[2013] == {"national": 1, "provincial": 1, "municipal": 1, "county": 0, "unknown": 0}
    assert everything[2010] == dict.fromkeys(("national", "provincial", "municipal", "county", "unknown"), 0)
    yf = a.find_document(ex, "粤府〔2013〕100号")
    assert a.diffusion_by_level(ex, yf) == {2013: {"national": 0, "provincial": 1, "municipal": 1, "county": 0, "unknown": 0}}
    law = a.find_document(ex, "电子签名法")
    ex.nodes[law]["year"] = 2004
    assert 2004 in a.diffusion_by_level(ex) and 2004 not in a.diffusion_by_level(ex, include_referenced=False)


# ------------------------------------------------------------------------------- rankings

def test_citation_in_degree(ex: nx.MultiDiGraph) -> None:
    got = {a.label(ex, n): k for n, k in a.citation_in_degree(ex).items()}
    assert got == {"中华人民共和国电子签名法": 2, "国发〔2013〕32号": 2, "深府〔2009〕200号": 1, "粤府〔2013〕100号": 1}
    assert {a.label(ex, n): k for n, k in a.citation_in_degree(ex, "implements").items()} == {
        "国发〔2013〕32号": 2, "粤府〔2013〕100号": 1}


def test_pagerank_is_networkx_pagerank_and_hubs_can_be_damped(ex: nx.MultiDiGraph, corpus: nx.MultiDiGraph) -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    for G in (ex, corpus):
        D = nx.DiGraph()
        D.add_nodes_from(a.documents(G))
        D.add_edges_from((u, w) for u, w, k in G.edges(keys=True) if k in a.REFERENCES)
        expected = _pagerank_python(D, tol=1e-12)
        got = a.citation_pagerank(G, tol=1e-12)
        assert sum(got.values()) == pytest.approx(1.0)
        assert all(got[n] == pytest.approx(expected[n], abs=1e-8) for n in expected)
        assert list(got.values()) == sorted(got.values(), reverse=True)
    law = a.find_document(ex, "电子签名法")
    plain, damped = a.citation_pagerank(ex), a.citation_pagerank(ex, downweight_hubs=True)
    assert damped[law] < plain[law] and sum(damped.values()) == pytest.approx(1.0)
    assert a.citation_pagerank(ex, hubs=[law])[law] < damped[law]
    assert a.citation_pagerank(ex, relation_weights={"cites": 0.0})[law] < plain[law]
    gf = a.find_document(ex, "国发〔2013〕32号")
    personal = a.citation_pagerank(ex, personalization={gf: 1.0})
    assert next(iter(personal)) == gf
    with pytest.raises(ValueError):
        a.citation_pagerank(ex, personalization={gf: 0.0})


def test_responsibility_load(ex: nx.MultiDiGraph, chain: nx.MultiDiGraph) -> None:
    got = [(r["body"], r["lead"], r["sole"], r["responsible"], r["supporting"], r["measures"], r["documents"])
           for r in a.responsibility_load(ex)]
    assert got == [("深圳市经济贸易和信息化委员会", 1, 0, 1, 0, 1, 1), ("深圳市财政委员会", 0, 1, 1, 1, 2, 1)]
    by_doc = a.responsibility_load(ex, by="document")
    assert {r["document_title"] for r in by_doc} == {"深圳市关于进一步促进电子商务发展的若干措施"}
    assert [(r["body"], r["year"]) for r in a.responsibility_load(ex, by=("document", "year"))] == [
        ("深圳市经济贸易和信息化委员会", 2013), ("深圳市财政委员会", 2013)]
    assert [r["body"] for r in a.responsibility_load(ex, roles=["supporting"])] == ["深圳市财政委员会"]
    with pytest.raises(ValueError):
        a.responsibility_load(ex, by="month")
    # end to end: one lead per measure at every level of the chain
    leads = {r["body"]: (r["lead"], r["level"]) for r in a.responsibility_load(chain) if r["lead"]}
    assert leads == {"工业和信息化部": (1, "national"), "广东省经济和信息化委": (1, "provincial"),
                     "深圳市经贸信息委": (1, "municipal")}


# ------------------------------------------------------------------------------- lineage

def test_lineage_tree_json_csv(ex: nx.MultiDiGraph) -> None:
    tree = lineage(ex, "深府〔2013〕119号", up=2, down=1)
    up = [(n.depth, n.relations, a.label(ex, n.id), n.repeated) for _, n in tree.walk() if n.direction == "up"]
    # siblings by date; a document is expanded once, at its shortest distance
    assert up == [(1, ["repeals"], "深府〔2009〕200号", False), (1, ["implements"], "国发〔2013〕32号", False),
                  (1, ["implements"], "粤府〔2013〕100号", False), (2, ["implements"], "国发〔2013〕32号", True),
                  (2, ["cites"], "中华人民共和国电子签名法", True), (1, ["cites"], "中华人民共和国电子签名法", False)]
    text = format_tree(tree)
    assert text.splitlines()[0].startswith("深府〔2013〕119号  深圳市人民政府印发") and "印发 promulgates:" in text
    assert "(shown above)" in text and "(none in the graph)" in text
    data = json.loads(format_json(tree))
    assert data["root"]["doc_number"] == "深府〔2013〕119号" and data["up"] == 2
    assert {c["doc_number"] for c in data["root"]["children"]} >= {"国发〔2013〕32号", "粤府〔2013〕100号"}
    import csv

    table = list(csv.DictReader(io.StringIO(format_csv(tree))))
    assert len(table) == 1 + len(up) and table[0]["direction"] == "root"
    assert all(r["parent"] for r in table[1:])
    down = lineage(ex, "国发〔2013〕32号", up=0, down=2)
    assert [(n.depth, a.label(ex, n.id)) for _, n in down.walk() if n.direction == "down"] == [
        (1, "粤府〔2013〕100号"), (2, "深府〔2013〕119号"), (1, "深府〔2013〕119号")]
    assert tree.ids("down") == set()


def test_lineage_of_shenzhen_in_the_corpus(corpus_store: Path, corpus: nx.MultiDiGraph) -> None:
    expected = {r["n"] for r in rows(corpus_store, """SELECT ?n WHERE {
        ?sz eli:id_local "深府〔2013〕119号" ; eli:ensures_implementation_of ?p . ?p eli:id_local ?n }""")}
    titles = {r["t"] for r in rows(corpus_store, """SELECT ?t WHERE {
        ?sz eli:id_local "深府〔2013〕119号" ; eli:ensures_implementation_of ?p .
        FILTER NOT EXISTS { ?p eli:id_local ?n } ?p dcterms:title ?t }""")}
    assert "国发〔2013〕32号" in expected and len(expected | titles) >= 3
    tree = lineage(corpus, "深府〔2013〕119号", up=2, down=1)
    implemented = {c.doc_number or c.title for c in tree.root.children if "implements" in c.relations}
    assert implemented == expected | titles
    gf = next(c for c in tree.root.children if c.doc_number == "国发〔2013〕32号")
    assert gf.relations == ["implements"] and gf.level == "national" and "国发〔2013〕32号" in gf.evidence
    cited = {r["p"] for r in rows(corpus_store, """SELECT ?p WHERE {
        ?sz eli:id_local "深府〔2013〕119号" ; eli:cites ?p }""")}
    assert set(a.ancestors(corpus, a.find_document(corpus, "深府〔2013〕119号"))) == cited

    r = CliRunner().invoke(lineage_command, ["--store", str(corpus_store), "深府[2013]119号", "--up", "2"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith("深府〔2013〕119号")
    for number in expected:
        assert any(number in line and "implements" in line for line in lines), number
    for fmt in ("json", "csv"):
        r = CliRunner().invoke(lineage_command, ["--store", str(corpus_store), "深府〔2013〕119号", "--format", fmt])
        assert r.exit_code == 0 and "国发〔2013〕32号" in r.output
    r = CliRunner().invoke(lineage_command, ["--store", str(corpus_store), "没有这份文件"])
    assert r.exit_code == 1 and "no document" in r.output


def test_lineage_of_an_attachment_names_its_notice(corpus: nx.MultiDiGraph) -> None:
    tree = lineage(corpus, "深圳市关于进一步促进电子商务发展的若干措施", up=1, down=0)
    assert tree.root.promulgated_by == "深府〔2013〕119号"
    assert "国发〔2013〕32号" in {c.doc_number for c in tree.root.children}
    assert "印发 by: 深府〔2013〕119号" in format_tree(tree)


# ------------------------------------------------------------------------------- corpus

def test_corpus_against_sparql(corpus_store: Path, corpus: nx.MultiDiGraph) -> None:
    docs = {r["d"] for r in rows(corpus_store, "SELECT DISTINCT ?d WHERE { ?d a eli:LegalResource }")}
    assert set(a.documents(corpus)) == docs
    cited = Counter(r["p"] for r in rows(corpus_store, "SELECT DISTINCT ?d ?p WHERE { ?d eli:cites ?p }"))
    assert a.citation_in_degree(corpus) == dict(sorted(cited.items(), key=lambda kv: (-kv[1], a.label(corpus, kv[0]), kv[0])))
    pairs = rows(corpus_store, """SELECT DISTINCT ?m ?o ?role WHERE {
        VALUES ?role { pg:lead_agent pg:responsible_agent pg:supporting_agent } ?m ?role ?o }""")
    roles = Counter(r["role"].rsplit("#", 1)[-1].split("_")[0] for r in pairs)
    load = a.responsibility_load(corpus)
    assert sum(r["lead"] for r in load) == roles["lead"]
    assert sum(r["responsible"] for r in load) == roles["responsible"]
    assert sum(r["supporting"] for r in load) == roles.get("supporting", 0)
    chengdu = {r["body"]: r["lead"] for r in a.responsibility_load(corpus, by="document")
               if r["document"] == a.find_document(corpus, "加快促进成都电子商务")}
    assert max(chengdu, key=chengdu.__getitem__) == "成都市商务局"
    years = a.diffusion_by_level(corpus)
    dated = [n for n in a.documents(corpus, attachments=False) if corpus.nodes[n]["year"]]
    assert sum(sum(c.values()) for c in years.values()) == len(dated)
    sz = a.find_document(corpus, "深府〔2013〕119号")
    assert sz in a.in_force_on(corpus, "2015-01-01") and sz not in a.in_force_on(corpus, "2019-06-01")
    assert a.find_document(corpus, "国发〔2013〕32号") in a.reach(corpus, "national")
    chains = a.chains_to_roots(corpus, sz)
    assert {a.label(corpus, c[-1]) for c in chains} >= {"国发〔2013〕32号", "国办发〔2013〕89号"}
    assert all(corpus.nodes[c[-1]]["level"] == "national" for c in chains)
    lags = [r for r in a.implementation_lag(corpus, approximate=True) if r["child"] == sz]
    assert lags and all(r["days"] > 0 for r in lags)


# ------------------------------------------------------------------------------- exports

def test_exports_are_writer_safe_and_deterministic(ex: nx.MultiDiGraph, corpus: nx.MultiDiGraph) -> None:
    ex.nodes[a.find_document(ex, "国发〔2013〕32号")].update(odd=None, tags=["a", "b"], mixed=3, flags={"x"})
    ex.nodes[a.find_document(ex, "粤府〔2013〕100号")].update(mixed="three")
    for G in (ex, corpus):
        for fmt in ("gexf", "graphml"):
            data = export_networkx(G, fmt)
            assert data == export_networkx(G, fmt)
            H = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(io.BytesIO(data))
            assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
        edges = export_networkx(G, "csv-edges").decode().splitlines()
        assert len(edges) == G.number_of_edges() + 1
    gexf = export_networkx(ex, "gexf").decode()
    assert 'value="a; b"' in gexf and "lastmodifieddate" not in gexf
    docs_only = nx.read_graphml(io.BytesIO(export_networkx(ex, "graphml", kinds=a.DOCUMENT_KINDS)))
    assert docs_only.number_of_nodes() == len(a.documents(ex))
    with pytest.raises(ValueError):
        export_networkx(ex, "dot")


def test_cli_lineage_and_network_exports(corpus_store: Path, tmp_path: Path) -> None:
    """Through the `policygraph` command itself."""
    from policygraph.cli import main

    r = CliRunner().invoke(main, ["lineage", "--store", str(corpus_store), "深府〔2013〕119号", "--up", "2"])
    assert r.exit_code == 0 and "国发〔2013〕32号" in r.output
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        out = tmp_path / f"g.{fmt}"
        r = CliRunner().invoke(main, ["export", "--store", str(corpus_store), "--format", fmt, "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert reader(out).number_of_edges() > 900
    r = CliRunner().invoke(main, ["export", "--store", str(corpus_store), "--format", "csv-edges"])
    assert r.exit_code == 0 and r.stdout.startswith("source,relation,target")
