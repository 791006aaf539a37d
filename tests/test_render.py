"""`policygraph render` without a browser: which nodes each view selects on the bundled corpus,
that the page is self-contained, and that document text cannot break out of its JSON block."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from policygraph.build import StoreFolder, build
from policygraph.render import (
    ViewError,
    add_context,
    body_view,
    external_references,
    json_for_script,
    lineage_view,
    render_html,
    render_store,
    select_view,
    whole_view,
)
from policygraph.render.command import render_command
from policygraph.render.views import Edge, Evidence, Node, View, parse_relations, resolve_document
from policygraph.resolve import doc_iri_for_number

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SZ = "深府〔2013〕119号"
SZ_IRI = doc_iri_for_number(SZ)
SZ_ATTACHMENT = "深圳市关于进一步促进电子商务发展的若干措施"
SZ_ANCESTORS = {"国发〔2013〕32号", "国办发〔2013〕89号", "粤府办〔2012〕131号", "电子商务“十二五”发展规划"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("render-store")
    summary = build([CORPUS], d)
    assert summary.failed == 0, summary.errors
    return d


@pytest.fixture(scope="module")
def gs(store_dir):  # type: ignore[no-untyped-def]
    return StoreFolder(store_dir).store(read_only=True)


def names(view: View, kind_prefix: str = "doc-") -> set[str]:
    return {str(n.meta.get("doc_number") or n.label) for n in view.nodes if n.kind.startswith(kind_prefix)}


def json_block(page: str) -> str:
    m = re.search(r'<script type="application/json" id="pg-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return m.group(1)


# --- views -------------------------------------------------------------------------------------

@pytest.mark.parametrize("doc", [SZ, "深府[2013]119号", "深府（2013）119号", "深府【2013】第119号", SZ_IRI,
                                 "深圳市人民政府印发深圳市关于进一步促进电子商务发展若干措施的通知"])
def test_focus_resolves_from_any_form(gs, doc: str) -> None:  # type: ignore[no-untyped-def]
    assert resolve_document(gs, doc) == SZ_IRI


def test_focus_errors_name_the_candidates(gs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ViewError, match=r"matches \d+ documents"):
        resolve_document(gs, "电子商务")
    with pytest.raises(ViewError, match="no document"):
        resolve_document(gs, "不存在的文件标题")
    with pytest.raises(ViewError, match="no document with IRI"):  # an organisation is not a document
        resolve_document(gs, "https://w3id.org/policygraph/id/org/%E5%95%86%E5%8A%A1%E9%83%A8")
    with pytest.raises(ViewError, match="not an IRI"):
        resolve_document(gs, "https://x.org/a> } ; DROP ALL ; { <b")


def test_lineage_of_shenzhen_notice(gs) -> None:  # type: ignore[no-untyped-def]
    view = lineage_view(gs, SZ)
    assert view.focus == SZ_IRI and view.hierarchical and view.message is None
    docs = names(view)
    assert docs == {SZ, SZ_ATTACHMENT} | SZ_ANCESTORS
    measures = [n for n in view.nodes if n.kind == "measure"]
    assert len(measures) == 25
    assert "（一）支持电子商务平台规模化" in {n.label for n in measures}
    rels = sorted(e.relation for e in view.edges)
    assert rels.count("implements") == 4 and rels.count("promulgates") == 1 and rels.count("part_of") == 25
    # ancestors sit above the focus, measures below it
    rank = {n.iri: n.rank for n in view.nodes}
    ancestors = [n for n in view.nodes if n.kind == "doc-referenced"]
    assert all(rank[a.iri] < rank[SZ_IRI] for a in ancestors)
    assert all(rank[m.iri] > rank[SZ_IRI] for m in measures)
    kinds = {n.kind for n in view.nodes}
    assert {"doc-municipal", "doc-referenced", "measure"} <= kinds
    # evidence quoted from the source text, with its position
    edge = next(e for e in view.edges if e.relation == "implements"
                and view.node(e.target).meta.get("doc_number") == "国发〔2013〕32号")  # type: ignore[union-attr]
    ev = edge.evidence[0]
    assert "国发〔2013〕32号" in ev.exact and ev.start is not None and ev.end > ev.start  # type: ignore[operator]
    assert ev.file and ev.file.endswith(".txt")


def test_lineage_steps_and_descendants(gs) -> None:  # type: ignore[no-untyped-def]
    only = lineage_view(gs, "国发〔2013〕32号", up=0, down=0)
    assert names(only) == {"国发〔2013〕32号"}
    down = lineage_view(gs, "国发〔2013〕32号", up=0, down=1)
    assert names(down) == {"国发〔2013〕32号", SZ, SZ_ATTACHMENT}
    law = lineage_view(gs, "电子签名法", up=0, down=1)
    assert names(law) == {"中华人民共和国电子签名法", "深圳建设国家电子商务示范城市工作方案", "关于加快发展我市电子商务的意见"}
    up2 = lineage_view(gs, SZ, up=0, down=2)
    assert names(up2) == {SZ, SZ_ATTACHMENT}


def test_lineage_with_lead_units(gs) -> None:  # type: ignore[no-untyped-def]
    view = lineage_view(gs, "加快促进成都电子商务健康快速发展实施方案", up=1, down=1)
    leads = [e for e in view.edges if e.relation == "lead"]
    assert leads and all(view.node(e.target).kind == "org" for e in leads)  # type: ignore[union-attr]
    assert "成都市商务局" in {n.label for n in view.nodes if n.kind == "org"}
    assert all(e.evidence for e in leads)


def test_relations_option(gs) -> None:  # type: ignore[no-untyped-def]
    cites = lineage_view(gs, SZ, relations="cites")
    assert {e.relation for e in cites.edges} == {"cites"}
    assert names(cites) == {SZ} | SZ_ANCESTORS  # no promulgates: the attachment and its measures go
    no_measures = lineage_view(gs, SZ, relations="implements,promulgates")
    assert not [n for n in no_measures.nodes if n.kind == "measure"]
    with pytest.raises(ViewError, match="unknown relation"):
        parse_relations("cites,nonsense")


def test_since_until(gs) -> None:  # type: ignore[no-untyped-def]
    recent = lineage_view(gs, SZ, since=2013)
    assert "粤府办〔2012〕131号" not in names(recent) and "国发〔2013〕32号" in names(recent)
    whole = whole_view(gs, since=2018, max_nodes=None)
    years = [n.year for n in whole.nodes if n.kind.startswith("doc-") and n.year is not None]
    assert years and min(years) >= 2018
    with pytest.raises(ViewError):
        select_view(gs, since=2020, until=2010)


def test_body_view(gs) -> None:  # type: ignore[no-untyped-def]
    view = body_view(gs, "成都市商务局")
    orgs = [n for n in view.nodes if n.kind == "org"]
    assert [o.label for o in orgs] == ["成都市商务局"]
    measures = [n for n in view.nodes if n.kind == "measure"]
    assert len(measures) == 10
    assert names(view) == {"加快促进成都电子商务健康快速发展实施方案(2013—2015年)"}
    assert sum(1 for e in view.edges if e.relation in ("lead", "responsible")) == 10
    assert sum(1 for e in view.edges if e.relation == "part_of") == 10
    with pytest.raises(ViewError, match="no body"):
        body_view(gs, "不存在的局")


def test_whole_graph_and_cap_message(gs) -> None:  # type: ignore[no-untyped-def]
    full = whole_view(gs, max_nodes=None)
    assert full.message is None and len(full.nodes) == full.total_nodes > 400
    docs = [n for n in full.nodes if n.kind.startswith("doc-")]
    capped = whole_view(gs, max_nodes=50)
    assert len(capped.nodes) == 50 and capped.total_nodes == len(full.nodes)
    assert all(n.kind.startswith("doc-") for n in capped.nodes[:len(docs)])  # documents first
    assert sum(capped.omitted.values()) == len(full.nodes) - 50
    assert capped.message and "Showing 50 of" in capped.message and "--max-nodes" in capped.message
    for kind, word in (("measure", "measures"), ("org", "organisations"), ("target", "targets")):
        if capped.omitted.get(kind):
            assert f"{capped.omitted[kind]} {word}" in capped.message
    kept = {n.iri for n in capped.nodes}
    assert all(e.source in kept and e.target in kept for e in capped.edges)
    page = render_html(capped)
    assert json.loads(json_block(page))["message"] == capped.message


# --- the page ----------------------------------------------------------------------------------

def test_page_is_self_contained(gs) -> None:  # type: ignore[no-untyped-def]
    for view in (lineage_view(gs, SZ), whole_view(gs, max_nodes=200)):
        page = render_html(view)
        assert external_references(page) == []
        head = page[:page.index("</head>")]
        assert '<meta charset="utf-8">' in head and "default-src 'none'" in head
        assert not re.search(r"<(?:link|iframe|object|embed|img)\b", page, re.I)
        assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
        assert "bootstrap" not in page.lower() and "cdn" not in page.lower()
        assert re.findall(r"^<script\b[^>]*>", page, re.M) == ['<script type="application/json" id="pg-data">',
                                                              "<script>", "<script>"]
        assert page.count("</script>") == 3
        assert "vis.Network" in page and "WenQuanYi Micro Hei" in page
        data = json.loads(json_block(page))
        assert len(data["nodes"]) == len(view.nodes) and len(data["edges"]) == len(view.edges)


def test_external_reference_check_catches_what_pyvis_writes(tmp_path: Path) -> None:
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node(1, label="x")
    out = tmp_path / "pyvis.html"
    net.write_html(str(out))
    assert external_references(out.read_text(encoding="utf-8"))  # pyvis's own page links a CDN


HOSTILE = ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=1">',
           "\"'quotes'\" & </script><!-- \u2028\u2029 ]]>"]


def test_payloads_stay_data_in_the_json_block() -> None:
    a, b = "https://example.org/a", "https://example.org/b"
    view = View("lineage", "标题" + HOSTILE[0], [
        Node(a, "doc-municipal", HOSTILE[0] + HOSTILE[2], {"title": HOSTILE[0] + HOSTILE[2], "doc_number": HOSTILE[1]}),
        Node(b, "measure", HOSTILE[1], {"title": HOSTILE[1]}),
    ], [Edge(b, "part_of", a, [Evidence(exact=HOSTILE[0], prefix=HOSTILE[1], suffix=HOSTILE[2], start=1, end=2)])],
        focus=a, hierarchical=True)
    page = render_html(view)
    block = json_block(page)
    for ch in "<>&\u2028\u2029":
        assert ch not in block
    data = json.loads(block)
    info = data["info"]["nodes"]
    assert info["n0"]["label"] == HOSTILE[0] + HOSTILE[2] and info["n1"]["meta"]["title"] == HOSTILE[1]
    assert data["info"]["edges"]["e0"]["evidence"][0]["exact"] == HOSTILE[0]
    assert page.count("</script>") == 3  # the payload's </script> never reached the markup
    assert "<title>标题&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>" in page
    outside = page.replace(block, "")
    assert "<script>window.__pwned" not in outside and 'onerror="window' not in outside
    assert "innerHTML" not in page.split("<script>")[-1]  # the page script builds DOM with textContent


def test_json_for_script_round_trips() -> None:
    value = {"s": "".join(HOSTILE), "n": [1, None, True]}
    assert json.loads(json_for_script(value)) == value


# --- the command -------------------------------------------------------------------------------

def test_evidence_context_comes_from_the_store_folder(gs, store_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The graph keeps only the quote; the page shows the words around it from the text the
    build kept beside the records."""
    def implements(view: View) -> Evidence:
        return next(e for e in view.edges if e.relation == "implements"
                    and view.node(e.target).meta.get("doc_number") == "国发〔2013〕32号").evidence[0]  # type: ignore[union-attr]

    bare = implements(lineage_view(gs, SZ, up=1, down=0))
    assert bare.prefix == bare.suffix == "" and bare.source
    view = render_store(store_dir, tmp_path / "page.html", focus=SZ, up=1, down=0)
    ev = implements(view)
    assert ev.prefix and ev.suffix and (ev.exact, ev.start, ev.end) == (bare.exact, bare.start, bare.end)
    text = (StoreFolder(store_dir).records / f"{ev.source.rsplit('/', 1)[1]}.txt").read_text(encoding="utf-8")  # type: ignore[union-attr]
    assert text[ev.start - len(ev.prefix):ev.end + len(ev.suffix)] == ev.prefix + ev.exact + ev.suffix  # type: ignore[operator]
    edges = json.loads(json_block((tmp_path / "page.html").read_text(encoding="utf-8")))["info"]["edges"]
    assert {"prefix": ev.prefix, "exact": ev.exact, "suffix": ev.suffix} in [
        {k: e[k] for k in ("prefix", "exact", "suffix")} for edge in edges.values() for e in edge["evidence"]]
    # a text that does not hold the quote is not used
    other = implements(add_context(lineage_view(gs, SZ, up=1, down=0), lambda source: "x" * 10_000))
    assert other.prefix == "" and other.exact == bare.exact


def test_render_command(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "lineage.html"
    r = CliRunner().invoke(render_command, ["--store", str(store_dir), "-o", str(out), "--focus", "深府[2013]119号",
                                            "--up", "1", "--down", "1"])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and external_references(page) == []
    assert "31 nodes" in r.stderr
    capped = tmp_path / "all.html"
    r = CliRunner().invoke(render_command, ["--store", str(store_dir), "-o", str(capped), "--max-nodes", "40"])
    assert r.exit_code == 0 and "Showing 40 of" in r.stderr and "left out" in r.stderr
    r = CliRunner().invoke(render_command, ["--store", str(store_dir), "-o", str(capped), "--body", "成都市商务局",
                                            "--relations", "lead,part_of"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(render_command, ["--store", str(store_dir), "-o", str(tmp_path / "x.html"),
                                            "--focus", "没有这个文件"])
    assert r.exit_code == 2 and "no document matches" in r.output and not (tmp_path / "x.html").exists()
    r = CliRunner().invoke(render_command, ["--store", str(store_dir), "-o", str(tmp_path / "x.html"),
                                            "--relations", "bogus"])
    assert r.exit_code == 2 and "unknown relation" in r.output
