"""Saved queries on the corpus store, parameter binding and result formats."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policygraph import query as q
from policygraph.build import StoreFolder, build
from policygraph.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):  # type: ignore[no-untyped-def]
    d = tmp_path_factory.mktemp("qstore")
    build([ROOT / "corpus"], d)
    return d


def run(store_dir: Path, query_name: str, /, **params: str) -> list[dict[str, str]]:
    saved = q.saved_queries()[query_name]
    result = q.run_embedded(StoreFolder(store_dir).store(read_only=True), saved.text, q.bindings(params, saved))
    return [{v: ("" if t is None else t.value) for v, t in zip(result.variables, row, strict=True)}
            for row in result.rows]


def test_at_least_twelve_saved_queries_with_headers() -> None:
    qs = q.saved_queries()
    assert len(qs) >= 12
    for saved in qs.values():
        assert saved.description, saved.name


def test_implementers(store_dir: Path) -> None:
    rows = run(store_dir, "implementers", target="国发[2013]32号")
    assert [r["number"] for r in rows] == ["深府〔2013〕119号"]
    assert rows[0]["issuers"] == "深圳市人民政府"


def test_ancestors(store_dir: Path) -> None:
    numbers = {r["number"] for r in run(store_dir, "ancestors", doc="深府〔2013〕119号")}
    assert {"国发〔2013〕32号", "国办发〔2013〕89号", "粤府办〔2012〕131号"} <= numbers


def test_citing_law_by_any_name(store_dir: Path) -> None:
    for name in ("电子签名法", "中华人民共和国电子签名法"):
        rows = run(store_dir, "citing_law", name=name)
        assert len({r["doc"] for r in rows}) == 2


def test_measures_with_leads(store_dir: Path) -> None:
    rows = run(store_dir, "measures_leads", doc="国发〔2019〕3号")
    first = next(r for r in rows if r["title"] == "拓展两个市场")
    assert first["leads"] == "税务总局"
    assert set(first["responsible"].split("、")) == {"税务总局", "财政部", "海关总署"}
    leaders = run(store_dir, "measures_leads", doc="深府〔2013〕119号")
    assert any(r["title"] == "支持电子商务平台规模化" for r in leaders)  # measures of the attachment


def test_bodies_by_load(store_dir: Path) -> None:
    rows = run(store_dir, "bodies_by_load")
    counts = [int(r["measures"]) for r in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] > 20


def test_documents_by_place_year(store_dir: Path) -> None:
    rows = {(r["jurisdiction"], r["year"]): int(r["documents"]) for r in run(store_dir, "documents_by_place_year")}
    assert rows[("全国", "2018")] == 5 and rows[("深圳市", "2013")] == 1


# what documents_by_place_year counts, asked of the documents themselves (its form before the
# build kept the counts): every subject with a 成文日期 not known only from citations
PLACE_YEAR_FROM_DOCUMENTS = """
SELECT ?jurisdiction ?year ?documents WHERE {
  { SELECT ?place ?year (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
      ?doc eli:date_document ?date .
      MINUS { ?doc pg:referenced_only true }
      OPTIONAL { ?doc eli:jurisdiction ?j }
      BIND(COALESCE(?j, "") AS ?place)
      BIND(YEAR(?date) AS ?year)
    } GROUP BY ?place ?year }
  OPTIONAL { ?place skos:prefLabel ?label . FILTER(LANG(?label) = "zh") }
  BIND(COALESCE(STR(?label), "(unknown)") AS ?jurisdiction)
}
ORDER BY ?jurisdiction ?year
"""


def _place_years(store_dir: Path) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    """(the saved query's rows, the rows counted from the documents) of a store."""
    def rows(sparql: str) -> list[tuple[str, ...]]:
        result = q.run_in_folder(store_dir, sparql, {})
        return sorted(tuple(t.value for t in row) for row in result.rows)
    return rows(q.saved_queries()["documents_by_place_year"].text), rows(PLACE_YEAR_FROM_DOCUMENTS)


def test_place_year_counts_are_those_of_the_documents(store_dir: Path) -> None:
    kept, counted = _place_years(store_dir)
    assert kept == counted and len(kept) > 5


def test_place_year_counts_follow_edits_copies_and_removals(tmp_path: Path) -> None:
    def doc(title: str, issuer: str, date: str) -> str:
        return f"{issuer}关于{title}的通知\n各区人民政府：\n　　现就有关事项通知如下。\n　　一、加强基础设施建设。\n{issuer}\n{date}\n"

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(doc("推进智慧农业发展", "深圳市人民政府", "2019年3月1日"), encoding="utf-8")
    (corpus / "b.txt").write_text(doc("加快冷链物流建设", "深圳市人民政府", "2019年5月8日"), encoding="utf-8")
    (corpus / "c.txt").write_text(doc("做好春耕工作", "广州市人民政府", "2020年2月3日"), encoding="utf-8")
    store = tmp_path / "store"
    build([corpus], store)
    kept, counted = _place_years(store)
    assert kept == counted == [("广州市", "2020", "1"), ("深圳市", "2019", "2")]
    (corpus / "b.txt").write_text(doc("加快冷链物流建设", "广州市人民政府", "2021年5月8日"), encoding="utf-8")
    shutil.copy(corpus / "c.txt", corpus / "c-copy.txt")  # the same document twice counts once
    build([corpus], store)
    kept, counted = _place_years(store)
    assert kept == counted == [("广州市", "2020", "1"), ("广州市", "2021", "1"), ("深圳市", "2019", "1")]
    (corpus / "a.txt").unlink()
    build([corpus], store, prune=True)
    kept, counted = _place_years(store)
    assert kept == counted == [("广州市", "2020", "1"), ("广州市", "2021", "1")]


def test_referenced_ranked_and_unresolved(store_dir: Path) -> None:
    ranked = run(store_dir, "referenced_ranked")
    assert "电子签名法" in ranked[0]["title"] and ranked[0]["citedBy"] == "2"
    unresolved = run(store_dir, "unresolved")
    assert len(unresolved) == 17
    counts = [int(r["citedBy"]) for r in unresolved]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2 and min(counts) >= 1


def test_in_force_on(store_dir: Path) -> None:
    in_2015 = {r["number"] for r in run(store_dir, "in_force_on", on="2015-06-01")}
    assert "深府〔2013〕119号" in in_2015 and "国发〔2018〕42号" not in in_2015
    in_2020 = {r["number"] for r in run(store_dir, "in_force_on", on="2020-01-01")}
    assert "深府〔2013〕119号" not in in_2020  # 有效期5年 from 2014-01-08
    assert "国发〔2018〕42号" in in_2020


def test_joint_documents(store_dir: Path) -> None:
    rows = {r["number"] or r["title"]: int(r["issuers"]) for r in run(store_dir, "joint_documents")}
    # both are cited documents whose joint issuers the citations name
    assert rows == {"发改办高技〔2013〕894号": 2, "中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见": 2}


def test_targets(store_dir: Path) -> None:
    rows = run(store_dir, "targets", title="成都电子商务")
    assert {(r["value"], r["unit"], r["deadline"]) for r in rows} >= {("6000", "亿元", "2015"), ("500", "万户", "2015")}


def test_evidence_behind_an_edge(store_dir: Path) -> None:
    rows = run(store_dir, "evidence", **{"from": "深府〔2013〕119号", "to": "国发〔2013〕32号"})
    assert {r["relation"].rsplit("#", 1)[-1] for r in rows} == {"cites", "ensures_implementation_of"}
    assert all("国发〔2013〕32号" in r["exact"] and int(r["start"]) < int(r["end"]) for r in rows)


def test_repeal_chain(store_dir: Path) -> None:
    rows = run(store_dir, "repeal_chain")
    assert ("国办发〔2018〕117号", "国办发〔2016〕82号") in {(r["docNumber"], r["otherNumber"]) for r in rows}


def test_bodies_measures(store_dir: Path) -> None:
    rows = run(store_dir, "bodies_measures", body="市商务局")
    assert {r["name"] for r in rows} == {"成都市商务局"}
    assert len({r["measure"] for r in rows}) == 10


def test_parameters_are_terms_not_text(store_dir: Path) -> None:
    hostile = '"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o '
    size = len(StoreFolder(store_dir).store(read_only=True))
    assert run(store_dir, "citing_law", name=hostile) == []
    assert len(StoreFolder(store_dir).store(read_only=True)) == size > 10_000
    with pytest.raises(ValueError):
        q.bindings({"x": "1"}, q.saved_queries()["implementers"])
    with pytest.raises(ValueError):
        q.bindings({}, q.saved_queries()["implementers"])
    with pytest.raises(ValueError):
        q.bind_value("date", "2015-6-1 } ")


def test_cli_formats(store_dir: Path) -> None:
    r = CliRunner().invoke(main, ["query", "--store", str(store_dir), "--name", "implementers",
                                  "--param", "target=国发〔2013〕32号", "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["head"]["vars"][:3] == ["doc", "title", "number"]
    assert data["results"]["bindings"][0]["number"] == {"type": "literal", "value": "深府〔2013〕119号"}
    r = CliRunner().invoke(main, ["query", "--store", str(store_dir),
                                  "SELECT ?t WHERE { ?d eli:id_local \"国发〔2019〕3号\" ; dcterms:title ?t }"])
    assert r.exit_code == 0 and "国务院关于促进综合保税区" in r.stdout and "(1 rows)" in r.stdout
    r = CliRunner().invoke(main, ["query", "--store", str(store_dir), "--name", "bodies_by_load", "--format", "csv"])
    assert r.stdout.splitlines()[0] == "body,name,measures,leads"
    r = CliRunner().invoke(main, ["query", "--store", str(store_dir), "SELECT WHERE {"])
    assert r.exit_code == 1 and "error" in r.stderr
    r = CliRunner().invoke(main, ["query", "--list"])
    assert len(r.stdout.splitlines()) == len(q.saved_queries())


def test_cli_parameter_with_sparql_syntax_stays_a_value(store_dir: Path) -> None:
    before = len(StoreFolder(store_dir).store(read_only=True))
    for value in ('电子签名法"} ; DROP ALL ; SELECT * WHERE { ?s ?p ?o', "x } ; DROP GRAPH <urn:g> ; #"):
        r = CliRunner().invoke(main, ["query", "--store", str(store_dir), "--name", "citing_law",
                                      "--param", f"name={value}", "--format", "json"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["results"]["bindings"] == []
    assert len(StoreFolder(store_dir).store(read_only=True)) == before


def _folder_rows(store_dir: Path, query_name: str, /, **params: str) -> list[list[str]]:
    saved = q.saved_queries()[query_name]
    result = q.run_in_folder(store_dir, saved.text, q.bindings(params, saved), saved)
    return [["" if t is None else t.value for t in row] for row in result.rows]


def test_a_title_search_starts_from_the_catalogues_title_index(store_dir: Path) -> None:
    """`targets` names its document by part of the title: the store folder's title index binds
    the matching documents first (the engine need not test every title) and the answer is the
    same as the plain query's, for a part of three characters or more and for a shorter one."""
    saved = q.saved_queries()["targets"]
    assert saved.title_index == (("d", "title"),)
    cat = StoreFolder(store_dir).catalog(read_only=True)
    for part in ("成都电子商务", "电子", "关于印发"):
        terms = q.bindings({"title": part}, saved)
        narrow = q.narrowing(saved, terms, cat.titled)
        assert narrow["d"], part
        plain = q.run_embedded(StoreFolder(store_dir).store(read_only=True), saved.text, terms)
        assert _folder_rows(store_dir, "targets", title=part) == \
            [["" if t is None else t.value for t in row] for row in plain.rows], part
    assert cat.titled("没有这样的标题") == set()
    assert _folder_rows(store_dir, "targets", title="没有这样的标题") == []
    cat.close()


def test_the_title_index_follows_edits_and_removals(tmp_path: Path) -> None:
    body = "\n各区人民政府：\n　　现就有关事项通知如下。\n　　一、加强基础设施建设。\n"
    corpus = tmp_path / "c"
    corpus.mkdir()
    doc = corpus / "doc.txt"
    doc.write_text("某市人民政府关于推进智慧农业发展的通知" + body, encoding="utf-8")
    store = tmp_path / "store"
    build([corpus], store)
    cat = StoreFolder(store).catalog(read_only=True)
    assert cat.titled("智慧农业") and cat.titled("农业") == cat.titled("智慧农业")
    cat.close()
    doc.write_text("某市人民政府关于加快冷链物流建设的通知" + body, encoding="utf-8")
    build([corpus], store)
    cat = StoreFolder(store).catalog(read_only=True)
    assert cat.titled("智慧农业") == set() and cat.titled("农业") == set()
    assert cat.titled("冷链物流") and cat.titled("冷链")
    cat.close()
    doc.unlink()
    build([corpus], store, prune=True)
    cat = StoreFolder(store).catalog(read_only=True)
    assert cat.titled("冷链物流") == set() and cat.titled("冷链") == set()
    # the index itself (not only the table it points into) forgot the title
    assert cat.db.execute("SELECT rowid FROM doctitle_fts WHERE doctitle_fts MATCH '\"冷链物流\"'").fetchall() == []
    cat.close()


def test_a_long_document_list_goes_to_the_engine_in_parts_with_the_same_answer(
        store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past NARROW_CHUNK documents a narrowed query runs a part of the list at a time; the rows
    are those of one query over the whole list, in its ORDER BY order (ties aside)."""
    saved = q.saved_queries()["targets"]
    terms = q.bindings({"title": "关于"}, saved)
    cat = StoreFolder(store_dir).catalog(read_only=True)
    narrow = q.narrowing(saved, terms, cat.titled)
    cat.close()
    gs = StoreFolder(store_dir).store(read_only=True)
    whole = q.run_embedded(gs, saved.text, terms, narrow)
    monkeypatch.setattr(q, "NARROW_CHUNK", 2)
    assert len(narrow["d"]) > 3 * q.NARROW_CHUNK
    parts = q.run_embedded(gs, saved.text, terms, narrow)
    assert parts.variables == whole.variables and len(whole.rows) > 10

    def as_text(rows: list[list[object]]) -> list[tuple[str, ...]]:
        return [tuple("" if t is None else str(t) for t in row) for row in rows]

    assert sorted(as_text(parts.rows)) == sorted(as_text(whole.rows))
    order = [parts.variables.index(v) for v in ("deadline", "target")]
    keys = [tuple(q._order_key(row[i]) for i in order) for row in parts.rows]
    assert keys == sorted(keys) == [tuple(q._order_key(row[i]) for i in order) for row in whole.rows]
    # DISTINCT holds across parts: a document cited twice gives one row per citing document
    law = q.saved_queries()["citing_law"]
    cited = q.run_embedded(gs, law.text, q.bindings({"name": "电子签名法"}, law), {"doc": narrow["d"]})
    assert len({tuple(r) for r in as_text(cited.rows)}) == len(cited.rows)


def test_rows_ordered_by_policygraph_come_in_the_engines_order(store_dir: Path) -> None:
    """Saved queries ordered by plain variables run without their ORDER BY and are ordered
    here; on the corpus store every one gives the rows Oxigraph's own ORDER BY gives, in its
    order (rows with equal sort keys may differ in order)."""
    gs = StoreFolder(store_dir).store(read_only=True)
    ordered_here = 0
    for saved in q.saved_queries().values():
        terms = q.bindings({p.name: p.example for p in saved.params}, saved)
        text = q.inline_values(q.with_prefixes(saved.text), terms)
        plan = q.chunk_plan(text)
        ordered_here += bool(plan and plan[2])
        ours = q.run_embedded(gs, saved.text, terms)
        engine = q.QueryResult.from_oxigraph(gs.query(text))
        assert ours.variables == engine.variables, saved.name
        as_text = [[("" if t is None else str(t)) for t in row] for row in engine.rows]
        assert sorted(as_text) == sorted([("" if t is None else str(t)) for t in row] for row in ours.rows), saved.name
        order = [engine.variables.index(v) for v, _ in plan[2]] if plan else []
        assert [[str(row[i]) for i in order] for row in ours.rows] == \
               [[str(row[i]) for i in order] for row in engine.rows], saved.name
    assert ordered_here >= 8


def test_a_column_python_would_misorder_is_ordered_by_the_engine() -> None:
    """Times in two time zones sort by instant, not by their text (and other columns
    :func:`_orderable` refuses keep SPARQL's order too): the query goes back to the engine
    with its ORDER BY."""
    from policygraph.store import GraphStore

    gs = GraphStore()
    sparql = ('SELECT ?x WHERE { VALUES ?x { "2021-01-01T00:00:00Z"^^xsd:dateTime '
              '"2021-01-01T01:00:00+05:00"^^xsd:dateTime } } ORDER BY ?x')
    ours = q.run_embedded(gs, sparql, {})
    engine = q.QueryResult.from_oxigraph(gs.query(q.with_prefixes(sparql)))
    assert [str(r[0]) for r in ours.rows] == [str(r[0]) for r in engine.rows]
    assert ours.rows[0][0].value.endswith("+05:00")  # 20:00 the day before, in UTC
    plain = q.run_embedded(gs, 'SELECT ?x WHERE { VALUES ?x { "b" "c" "a" } } ORDER BY DESC(?x)', {})
    assert [r[0].value for r in plain.rows] == ["c", "b", "a"]
