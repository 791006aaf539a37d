"""Tests for the gold scorer (policygraph.evaluate)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policygraph.evaluate import (
    FIELDS,
    FieldScore,
    format_report,
    load_gold,
    norm_body,
    norm_doc_number,
    norm_title,
    report_to_dict,
    score,
)
from policygraph.model import Measure, Record, Reference, Target

DATA = Path(__file__).parent / "data"
GOLD_FILES = [DATA / "seeds.json", DATA / "extra.json"]
SRC = "a.txt"


def rec(**kw) -> Record:
    kw.setdefault("source", SRC)
    kw.setdefault("id", "x")
    return Record(**kw)


def ref(title=None, doc_number=None, relation="cites", cited_as=None) -> Reference:
    return Reference(title=title, doc_number=doc_number, relation=relation, span=(0, 0),
                     cited_as=cited_as)


def meas(title, number="", kind="item", responsible=(), supporting=(), lead=()) -> Measure:
    return Measure(number=number, label=number, title=title, span=(0, 0), kind=kind,
                   responsible=list(responsible), supporting=list(supporting), lead=list(lead))


def tgt(value, unit, kind="target") -> Target:
    return Target(value=value, unit=unit, span=(0, 0), kind=kind)


def counts(report, name):
    fs = report.fields[name]
    return fs.tp, fs.fp, fs.fn


# ---------------------------------------------------------------------------------------------
# normalisers


@pytest.mark.parametrize(
    "printed",
    ["国发〔2013〕32号", "国发[2013]32号", "国发［2013］32号", "国发【2013】32号",
     "国发(2013)32号", "国发（2013）32号", "国发〔２０１３〕３２号", "国发 〔2013〕 32号",
     "国发\u3000(2013)32号"],
)
def test_norm_doc_number_variants(printed):
    assert norm_doc_number(printed) == "国发〔2013〕32号"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("《中华人民共和国电子签名法》", "电子签名法"),
        ("电子商务“十二五”发展规划", "电子商务'十二五'发展规划"),
        ("国务院办公厅关于印发《政府网站集约化试点工作方案》的通知",
         "国务院办公厅关于印发政府网站集约化试点工作方案的通知"),
        ("成都市电子商务发展规划(2012-2015)", "成都市电子商务发展规划（2012—2015）"),
        ("中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见",
         "中共中央\u3000国务院关于打赢脱贫攻坚战三年行动的指导意见"),
        ("「关于」〈某某〉<办法>", "关于某某办法"),
    ],
)
def test_norm_title_equivalences(a, b):
    assert norm_title(a) == norm_title(b)


def test_norm_title_prefix_only_leading():
    assert norm_title("关于实施中华人民共和国某法的办法") == "关于实施中华人民共和国某法的办法"


def test_norm_body():
    assert norm_body(" 市商务局\n") == "市商务局"
    assert norm_body(None) == ""


# ---------------------------------------------------------------------------------------------
# load_gold


def test_load_gold_reads_both_files():
    docs = [d for f in GOLD_FILES for d in load_gold(f)]
    assert len(docs) == 13


def test_load_gold_bad_json_names_file(tmp_path):
    p = tmp_path / "broken.json"
    p.write_text("[{", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.json"):
        load_gold(p)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"source": "a.txt"}, "JSON list"),
        (["a.txt"], "not a JSON object"),
        ([{"title": "x"}], "source"),
        ([{"source": "a.txt", "references": {}}], "references"),
        ([{"source": "a.txt"}, {"source": "dir/a.txt"}], "both for a.txt"),
    ],
)
def test_load_gold_wrong_shape(tmp_path, content, message):
    p = tmp_path / "shape.json"
    p.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        load_gold(p)
    assert "shape.json" in str(err.value)


# ---------------------------------------------------------------------------------------------
# references


def test_reference_matches_on_doc_number_despite_brackets_and_fullwidth():
    gold = [{"source": SRC, "references": [
        {"title": "国务院关于促进信息消费扩大内需的若干意见", "doc_number": "国发〔2013〕32号",
         "relation": "implements"}]}]
    r = rec(references=[ref("完全不同的标题", "国发（２０１３）３２号", "implements")])
    report = score([r], gold)
    assert counts(report, "references") == (1, 0, 0)


def test_reference_with_different_doc_numbers_does_not_match_on_title():
    gold = [{"source": SRC, "references": [
        {"title": "某意见", "doc_number": "国发〔2013〕32号", "relation": "cites"}]}]
    r = rec(references=[ref("某意见", "国发〔2013〕33号")])
    assert counts(score([r], gold), "references") == (0, 1, 1)


def test_reference_title_match_with_brackets_and_prc_prefix():
    gold = [{"source": SRC, "references": [
        {"title": "中华人民共和国电子签名法", "doc_number": None, "relation": "implements"}]}]
    # one side has a 文号, the other not: fall back to the title
    r = rec(references=[ref("《电子签名法》", "主席令第18号", "implements")])
    assert counts(score([r], gold), "references") == (1, 0, 0)


def test_reference_cited_as_short_name():
    gold = [{"source": SRC, "references": [
        {"title": "中华人民共和国网络安全法", "cited_as": "网安法", "doc_number": None,
         "relation": "implements"},
        {"title": "某某条例", "cited_as": "条例", "doc_number": None, "relation": "cites"}]}]
    records = [rec(references=[
        ref("网安法", relation="implements"),                  # predicted title = gold cited_as
        ref("某某条例全称", cited_as="某某条例", relation="cites"),  # predicted cited_as = title
    ])]
    assert counts(score(records, gold), "references") == (2, 0, 0)


def test_reference_one_to_one():
    gold = [{"source": SRC, "references": [{"title": "某办法", "relation": "cites"}]}]
    r = rec(references=[ref("某办法"), ref("《某办法》")])
    assert counts(score([r], gold), "references") == (1, 1, 0)


def test_relation_accuracy():
    gold = [{"source": SRC, "references": [
        {"title": "甲", "relation": "implements"},
        {"title": "乙", "relation": "repeals"},
        {"title": "丙", "relation": "cites"}]}]
    r = rec(references=[ref("甲", relation="implements"), ref("乙", relation="cites")])
    report = score([r], gold)
    rel = report.fields["relation_accuracy"]
    assert (rel.correct, rel.total, rel.accuracy) == (1, 2, 0.5)
    assert counts(report, "relation_accuracy") == (1, 1, 1)
    wrong = [m for m in report.misses if m.kind == "wrong-relation"]
    assert len(wrong) == 1
    assert (wrong[0].gold, wrong[0].predicted) == ("repeals", "cites")
    assert counts(report, "references") == (2, 0, 1)


def test_promulgates_and_forwards_not_scored_and_only_gold_references_count():
    gold = [{"source": SRC, "references": [],
             "self_references": ["某方案"],
             "unbracketed_mentions": [{"title": "网络安全法", "relation": "implements"}]}]
    r = rec(references=[ref("某方案", relation="promulgates"),
                        ref("某通知", relation="forwards"),
                        ref("网络安全法", relation="implements")])
    report = score([r], gold)
    assert counts(report, "references") == (0, 1, 0)
    assert report.misses[0].kind == "spurious"


# ---------------------------------------------------------------------------------------------
# measures, responsibility, lead


def test_measure_prefix_extension_and_exact_first():
    gold = [{"source": SRC, "measures": [
        {"number": "（一）", "title": "基础设施", "responsible": []},
        {"number": "（二）", "title": "基础设施建设", "responsible": []},
        {"number": "（三）", "title": "强化组织保障", "responsible": []}]}]
    r = rec(measures=[
        meas("基础设施建设。加快建设……"),  # extends both: the longest gold heading wins
        meas("基础设施"),
        meas("强化组织保障。建立联席会议制度"),
        meas("另一项"),
    ])
    report = score([r], gold)
    assert counts(report, "measures") == (3, 1, 0)

    # among extensions the longest gold heading wins, so both predictions find a partner
    r = rec(measures=[meas("基础设施建设工程"), meas("基础设施保障")])
    assert counts(score([r], gold), "measures") == (2, 0, 1)


def test_measure_null_title_uses_evidence():
    gold = [{"source": SRC, "measures": [
        {"number": "（二十五）", "title": None, "responsible": [],
         "evidence": "以上措施自发布之日起实施，有效期5年"}]}]
    r = rec(measures=[meas("以上措施自发布之日起实施，有效期5年。")])
    assert counts(score([r], gold), "measures") == (1, 0, 0)


def test_sections_articles_chapters_are_not_measures():
    gold = [{"source": SRC, "measures": [{"title": "甲", "responsible": []}]}]
    r = rec(measures=[meas("甲"), meas("总体要求", kind="section"), meas("第一条", kind="article"),
                      meas("总则", kind="chapter")])
    assert counts(score([r], gold), "measures") == (1, 0, 0)


def test_article_documents_skip_measures_and_responsibility():
    gold = [{"source": SRC, "articles": 45, "chapters": ["总则"], "measures": []}]
    r = rec(measures=[meas("甲", responsible=["市商务局"])])
    report = score([r], gold)
    assert counts(report, "measures") == (0, 0, 0)
    assert counts(report, "responsibility") == (0, 0, 0)
    assert report.fields["measures"].documents == 0
    assert report.misses == []


def test_responsibility_endswith_rule_and_unmatched_measures():
    gold = [{"source": SRC, "measures": [
        {"title": "甲", "responsible": ["市商务局", "市发改委"], "supporting": ["市财政局"]},
        {"title": "乙", "responsible": ["市统计局"]}]}]
    r = rec(measures=[
        meas("甲", responsible=["成都市商务局"], supporting=["财政局", "市林业园林局"]),
        meas("丙", responsible=["市物流办"]),
    ])
    report = score([r], gold)
    # tp: 商务局, 财政局; fp: 市林业园林局, 市物流办 (unmatched measure);
    # fn: 市发改委, 市统计局 (unmatched gold measure)
    assert counts(report, "responsibility") == (2, 2, 2)
    ctx = {m.context for m in report.misses if m.field == "responsibility"}
    assert ctx == {"甲", "丙", "乙"}


def test_lead_scored_only_when_gold_has_lead():
    gold = [{"source": SRC, "measures": [
        {"title": "甲", "responsible": ["税务总局", "财政部"],
         "assignments": [{"lead": ["税务总局"], "responsible": ["财政部"]}]},
        {"title": "乙", "responsible": ["海关总署"],
         "assignments": [{"lead": [], "responsible": ["海关总署"]}]}]}]
    r = rec(measures=[meas("甲", responsible=["税务总局", "财政部"], lead=["国家税务总局"]),
                      meas("乙", responsible=["海关总署"], lead=["海关总署"])])
    report = score([r], gold)
    assert counts(report, "lead") == (1, 1, 0)
    assert report.fields["lead"].informative
    assert counts(report, "responsibility") == (3, 0, 0)

    no_lead = [{"source": SRC, "measures": [{"title": "甲", "responsible": ["财政部"]}]}]
    report = score([rec(measures=[meas("甲", responsible=["财政部"], lead=["财政部"])])],
                   no_lead)
    assert "lead" not in report.fields


# ---------------------------------------------------------------------------------------------
# targets, issuers, addressees


def test_targets_multiset():
    gold = [{"source": SRC, "targets": [
        {"value": 45, "unit": "%"}, {"value": 45, "unit": "%"}, {"value": 3.2, "unit": "万亿元"}]}]
    r = rec(targets=[tgt(45.0, "%"), tgt(3.2 + 1e-12, "万亿元"), tgt(45, "%", kind="statistic"),
                     tgt(3.2, "亿元")])
    report = score([r], gold)
    assert counts(report, "targets") == (2, 1, 1)


def test_targets_fullwidth_percent():
    gold = [{"source": SRC, "targets": [{"value": 70, "unit": "%"}]}]
    assert counts(score([rec(targets=[tgt(70, "％")])], gold), "targets") == (1, 0, 0)


def test_issuers_endswith_and_addressees_exact():
    gold = [{"source": SRC, "issuers": ["深圳市人民政府", "国务院"],
             "addressees": ["各区人民政府", "市政府直属各单位"]}]
    r = rec(issuers=["人民政府", "国务院办公厅"], addressees=["区人民政府", "市政府直属各单位"])
    report = score([r], gold)
    assert counts(report, "issuers") == (1, 1, 1)
    assert counts(report, "addressees") == (1, 1, 1)


# ---------------------------------------------------------------------------------------------
# one-per-document fields


def test_title_accepted_via_notice_title_or_promulgates():
    gold = [
        {"source": "1.txt", "title": "广东省电子商务“十二五”发展规划",
         "notice_title": "印发广东省电子商务“十二五”发展规划的通知"},
        {"source": "2.txt", "title": "某市人民政府印发某措施的通知", "promulgates": "某措施"},
        {"source": "3.txt", "title": "甲", "promulgates": "乙"},
        {"source": "4.txt", "title": "丁"},
    ]
    records = [
        rec(source="1.txt", title="印发广东省电子商务“十二五”发展规划的通知"),
        rec(source="2.txt", title="《某措施》"),
        rec(source="3.txt", title="丙", notice_title="甲"),  # record's notice_title accepted
        rec(source="4.txt", title="戊"),
    ]
    report = score(records, gold)
    fs = report.fields["title"]
    assert (fs.tp, fs.fp, fs.fn, fs.correct, fs.total) == (3, 1, 1, 3, 4)
    assert [m.kind for m in report.misses] == ["wrong-value"]


def test_doc_number_and_dates_accuracy_and_prf():
    gold = [
        {"source": "1.txt", "doc_number": "国发〔2019〕3号", "date_signed": "2019-01-12"},
        {"source": "2.txt", "doc_number": None, "date_signed": None},
        {"source": "3.txt", "doc_number": "国发〔2018〕42号", "date_signed": None},
        {"source": "4.txt", "doc_number": None, "date_signed": "2018-12-21"},
    ]
    records = [
        rec(source="1.txt", doc_number="国发[2019]3号", date_signed="2019-01-12"),
        rec(source="2.txt"),
        rec(source="3.txt", doc_number="国发〔2018〕24号", date_signed="2018-01-01"),
        rec(source="4.txt", doc_number="国发〔2018〕1号"),
    ]
    report = score(records, gold)
    dn = report.fields["doc_number"]
    assert (dn.tp, dn.fp, dn.fn, dn.correct, dn.total) == (1, 2, 1, 2, 4)
    ds = report.fields["date_signed"]
    assert (ds.tp, ds.fp, ds.fn, ds.correct, ds.total) == (1, 1, 1, 2, 4)
    assert ds.accuracy == 0.5
    kinds = {(m.source, m.field): m.kind for m in report.misses}
    assert kinds == {("3.txt", "doc_number"): "wrong-value", ("4.txt", "doc_number"): "spurious",
                     ("3.txt", "date_signed"): "spurious", ("4.txt", "date_signed"): "missed"}


def test_informative_dates_compare_as_is():
    gold = [{"source": SRC, "date_published": None, "date_effective": "2017-03-01"}]
    r = rec(date_published="2019-01-14", date_effective="2017-03-01")
    report = score([r], gold)
    assert counts(report, "date_published") == (0, 1, 0)
    assert counts(report, "date_effective") == (1, 0, 0)
    assert report.fields["date_published"].informative


# ---------------------------------------------------------------------------------------------
# pairing, arithmetic, robustness, output


def test_gold_document_without_record_counts_all_misses():
    gold = [{"source": "missing.txt", "title": "某通知", "doc_number": "国发〔2013〕1号",
             "issuers": ["国务院"], "references": [{"title": "甲", "relation": "cites"}],
             "measures": [{"title": "乙", "responsible": ["商务部"]}],
             "targets": [{"value": 1, "unit": "家"}], "date_signed": None}]
    report = score([rec(source="other.txt")], gold)
    for name in ("references", "measures", "responsibility", "targets", "issuers",
                 "doc_number", "title"):
        assert counts(report, name) == (0, 0, 1), name
        assert report.fields[name].f1 == 0.0
    assert report.fields["date_signed"].accuracy == 1.0  # both null
    assert report.misses[0].field == "document"
    assert any("other.txt" in w for w in report.warnings)


def test_records_paired_on_base_name():
    gold = [{"source": "001_x.txt", "doc_number": "国发〔2013〕1号"}]
    r = rec(source="/tmp/corpus/001_x.txt", doc_number="国发〔2013〕1号")
    assert counts(score([r], gold), "doc_number") == (1, 0, 0)


def test_record_dicts_accepted_and_printed_number_fallback():
    gold = [{"source": SRC, "doc_number": "国发〔2013〕1号",
             "references": [{"title": "甲", "doc_number": "国发〔2012〕9号", "relation": "cites"}],
             "measures": [{"title": "乙", "responsible": ["商务部"]}]}]
    r = rec(doc_number_printed="国发[2013]1号",
            references=[Reference(title="别名", doc_number=None, relation="cites", span=(0, 0),
                                  doc_number_printed="国发（2012）9号")],
            measures=[meas("乙", responsible=["商务部"])])
    for item in (r, r.to_dict()):
        report = score([item], gold)
        assert report.misses == []
        assert [counts(report, n)[0] for n in ("doc_number", "references", "responsibility")] \
            == [1, 1, 1]


def test_precision_recall_arithmetic():
    gold = [{"source": SRC, "issuers": ["甲局", "乙局", "丙局"]}]
    r = rec(issuers=["甲局", "乙局", "丁委"])
    fs = score([r], gold).fields["issuers"]
    assert (fs.tp, fs.fp, fs.fn) == (2, 1, 1)
    assert fs.precision == pytest.approx(2 / 3)
    assert fs.recall == pytest.approx(2 / 3)
    assert fs.f1 == pytest.approx(2 / 3)


def test_micro_average_over_documents():
    gold = [{"source": "1.txt", "issuers": ["甲局"]}, {"source": "2.txt", "issuers": ["乙局"]}]
    records = [rec(source="1.txt", issuers=["甲局", "丙局", "丁局"]), rec(source="2.txt")]
    fs = score(records, gold).fields["issuers"]
    assert (fs.tp, fs.fp, fs.fn) == (1, 2, 1)
    assert fs.precision == pytest.approx(1 / 3)
    assert fs.recall == pytest.approx(1 / 2)


def test_division_by_zero_conventions():
    assert (FieldScore().precision, FieldScore().recall, FieldScore().f1) == (1.0, 1.0, 1.0)
    # an undefined ratio is 1.0 only when both sides are empty, else 0.0
    only_fp = FieldScore(fp=2)
    assert (only_fp.precision, only_fp.recall, only_fp.f1) == (0.0, 0.0, 0.0)
    only_fn = FieldScore(fn=1)
    assert (only_fn.precision, only_fn.recall, only_fn.f1) == (0.0, 0.0, 0.0)
    assert FieldScore(correct=0, total=0).accuracy == 1.0
    assert FieldScore().accuracy is None


def test_missing_keys_never_crash_and_absent_keys_are_not_scored():
    gold = [{"source": SRC},
            {"source": "b.txt", "measures": [{"number": "一、"}, "junk", {"title": None}],
             "references": [{}], "targets": [{"unit": "%"}, {"value": "x"}]}]
    records = [rec(title="甲", issuers=["国务院"], references=[ref("乙")]),
               rec(source="b.txt", measures=[meas(None)])]
    report = score(records, gold)
    assert counts(report, "title") == (0, 0, 0)
    assert counts(report, "issuers") == (0, 0, 0)
    assert counts(report, "references") == (0, 0, 1)
    assert counts(report, "measures") == (0, 1, 2)
    assert counts(report, "targets") == (0, 0, 2)
    format_report(report)
    json.dumps(report_to_dict(report), ensure_ascii=False)


def test_format_report_and_dict():
    gold = [{"source": SRC, "issuers": ["甲局", "乙局"], "references": [],
             "measures": [{"title": "甲", "responsible": [], "assignments": [{"lead": []}]}]},
            {"source": "b.txt", "doc_number": "国发〔2013〕1号"}]
    records = [rec(issuers=["甲局"], references=[ref("丙")], measures=[meas("甲")]),
               rec(source="b.txt")]
    report = score(records, gold)
    text = format_report(report)
    lines = text.splitlines()
    header = next(line for line in lines if line.startswith("field"))
    assert "tp/fp/fn" in header and "F1" in header
    issuers_line = next(line for line in lines if line.startswith("issuers"))
    assert "1/0/1" in issuers_line
    assert "lead *" in text
    assert text.index(SRC + "\n") < text.index("b.txt\n")
    assert "predicted: 《丙》 [cites]" in text
    assert "gold: 乙局" in text
    assert "misses" not in format_report(report, misses=False)

    data = report_to_dict(report)
    json.dumps(data, ensure_ascii=False)
    assert set(FIELDS) <= set(data["fields"])
    assert data["fields"]["issuers"]["recall"] == 0.5
    assert data["fields"]["doc_number"]["accuracy"] == 0.0
    assert {m["kind"] for m in data["misses"]} == {"missed", "spurious"}


# ---------------------------------------------------------------------------------------------
# the gold itself scores perfectly


def _gold_lead(m: dict) -> list[str]:
    if "lead" in m:
        return list(m["lead"])
    return [b for a in m.get("assignments", []) for b in a.get("lead", [])]


def record_from_gold(g: dict) -> Record:
    """What a perfect extractor would produce for one gold entry."""
    measures = [] if g.get("articles") is not None else [
        Measure(number=m.get("number", ""), label=m.get("number", ""),
                title=m.get("title") or m.get("evidence"), span=(0, 0),
                responsible=list(m.get("responsible", [])),
                supporting=list(m.get("supporting", [])), lead=_gold_lead(m))
        for m in g.get("measures", [])
    ]
    return Record(
        source=g["source"],
        id=g["source"],
        title=g.get("title"),
        notice_title=g.get("notice_title"),
        promulgates=g.get("promulgates"),
        doc_number=norm_doc_number(g["doc_number"]) if g.get("doc_number") else None,
        doc_number_printed=g.get("doc_number"),
        issuers=list(g.get("issuers", [])),
        date_signed=g.get("date_signed"),
        date_published=g.get("date_published"),
        date_effective=g.get("date_effective"),
        addressees=list(g.get("addressees", [])),
        references=[
            Reference(title=r.get("title"), doc_number=r.get("doc_number"),
                      relation=r["relation"], span=(0, 0), cited_as=r.get("cited_as"),
                      issuers=list(r.get("issuers", [])))
            for r in g.get("references", [])
        ],
        measures=measures,
        targets=[Target(value=float(t["value"]), unit=t["unit"], span=(0, 0), year=t.get("year"))
                 for t in g.get("targets", [])],
    )


def test_gold_derived_records_score_perfectly():
    gold = [d for f in GOLD_FILES for d in load_gold(f)]
    report = score([record_from_gold(g) for g in gold], gold)
    assert report.documents == 13
    assert report.misses == []
    assert report.warnings == []
    assert "lead" in report.fields
    for name, fs in report.fields.items():
        assert fs.f1 == 1.0, name
        assert fs.fp == fs.fn == 0, name
        if fs.accuracy is not None:
            assert fs.accuracy == 1.0, name

    n_refs = sum(len(g.get("references", [])) for g in gold)
    n_measures = sum(len(g["measures"]) for g in gold if g.get("articles") is None)
    n_targets = sum(len(g.get("targets", [])) for g in gold)
    assert counts(report, "references") == (n_refs, 0, 0)
    assert report.fields["relation_accuracy"].total == n_refs
    assert counts(report, "measures") == (n_measures, 0, 0)
    assert counts(report, "targets") == (n_targets, 0, 0)
    for name in ("responsibility", "lead", "issuers", "doc_number", "date_signed", "title",
                 "addressees"):
        assert report.fields[name].tp > 0, name
    assert report.fields["measures"].documents == 11  # 08 and 09 are article documents
