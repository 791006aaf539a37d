"""The extractors' fast paths give exactly what the plain scans they replace give.

Each fast path (a scan restricted to the windows around a literal, a word list tested as one
pattern, an index instead of a pass over a list …) is checked against the straightforward
version on generated text made of the characters and words that matter to it.
"""

from __future__ import annotations

import dataclasses
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.extractors import docnumber, outline, references, responsibility, targets
from policygraph.extractors.scan import finditer_near
from policygraph.model import Measure, Reference

CUES = targets.load_cues()


def _texts(pieces: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


TIME_PIECES = [
    "年", "十", "一", "二", "三", "五", "〇", "零", "2", "0", "1", "5", "２", "０", "１", "９",
    " ", "\u3000", "“", "”", "规划", "末", "期末", "期间", "以来", "内", "之", "后", "时间", "左右",
    "个", "到", "力争", "规划期末", "计划", "月", "日", "底", "前", "，", "。", "\n",
    "2015", "2015 ", "２０１５", "２０１５\u3000", "二〇一五", "十三五", "“十二五”", "3", "12",
    # matches that reach as far from their literal as the patterns allow
    "2015 年", "２０１５\u3000年", "“十二五”规划时期末", "二十三个年左右时间", "力争到规划期末",
]


@settings(max_examples=600, deadline=None)
@given(_texts(TIME_PIECES), st.data())
def test_time_patterns_near_their_literal_match_the_whole_text_scan(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    for pattern, scan in (
        (CUES.year_re, CUES.year_scan),
        (CUES.five_re, CUES.five_scan),
        (CUES.relative_re, CUES.relative_scan),
        (CUES.plan_end_re, CUES.plan_end_scan),
    ):
        assert scan[0], pattern.pattern  # the cue data gives each a literal to look for
        expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text, start, end)]
        got = [(m.span(), m.groupdict()) for m in finditer_near(pattern, text, *scan, start, end)]
        assert got == expected


PROSE_PIECES = ["国务院", "国发", "国办发", "发改", "号文", "号文件", "件", "年", "第", "2013", "32",
                "１２", "的", "和", "《", "》", "\n",
                # the longest prose form: a 12-character body, year, 第 and a 4-digit serial
                "国务院办公厅国家发展改革委2013年第1234号文件"]


@settings(max_examples=400, deadline=None)
@given(_texts(PROSE_PIECES))
def test_prose_numbers_near_their_literal_match_the_whole_text_scan(text: str) -> None:
    for pattern in (docnumber._PROSE_BODY_RE, docnumber._PROSE_CODE_RE):
        expected = [m.span() for m in pattern.finditer(text)]
        got = [m.span() for m in finditer_near(pattern, text, docnumber._PROSE_TAIL,
                                               docnumber._PROSE_REACH, 1)]
        assert got == expected


LAYOUT_PIECES = ["，", ",", "；", ";", "：", ":", "——", "—", "。", "！", "？", "!", "?", "\n", " ",
                 "  ", "\u3000", "1", ",000", ",00", "字"]
OLD_PARA_RE = re.compile(r"\n|[ \u3000]{2,}")


@settings(max_examples=400, deadline=None)
@given(_texts(LAYOUT_PIECES))
def test_sentence_and_paragraph_breaks_match_their_own_scans(text: str) -> None:
    assert CUES.sentence_chars is not None
    cs, _ = targets._positions(CUES.clause_re, text)
    ss = [s for s in cs if text[s] in CUES.sentence_chars]
    assert (ss, [s + 1 for s in ss]) == targets._positions(CUES.sentence_re, text)
    assert [m.span() for m in CUES.para_re.finditer(text)] == \
        [m.span() for m in OLD_PARA_RE.finditer(text)]


def _words_any(words: tuple[str, ...], s: str) -> bool:
    return any(w in s for w in words)


HEAD_PIECES = ["发展目标", "目标", "指标", "考核", "体系", "现状", "主要任务", "保障措施", "加强", "的"]


@settings(max_examples=300, deadline=None)
@given(_texts(HEAD_PIECES, 6), _texts(["负责", "罚款", "补贴", "力争", "已", "目前", "的", "年"], 8))
def test_word_lists_as_patterns_match_the_word_by_word_tests(head: str, s: str) -> None:
    plain = dataclasses.replace(CUES, section_res=None, list_res={})
    assert targets._classify_heading(CUES, head) == targets._classify_heading(plain, head)
    for key, words in CUES.lists.items():
        assert targets._contains(CUES, key, s) == _words_any(words, s)
        assert targets._contains(plain, key, s) == _words_any(words, s)


def _plain_classify(title: str | None, depth: int, groups: bool) -> tuple[bool, bool]:
    if not title:
        return False, False
    preamble, operative, max_chars = outline._section_words()
    head = title[:max_chars]
    if any(0 <= head.find(w) <= 6 for w in preamble):
        return True, True
    if len(title) > max_chars:
        return False, False
    if outline._only_keywords(title, operative):
        return True, False
    if any(w in title for w in operative) and depth == 0 and groups:
        return True, False
    return False, False


@settings(max_examples=400, deadline=None)
@given(_texts(["总体要求", "主要任务", "保障措施", "组织实施", "、", "和", " ", "加强", "一", "现状",
               "附则", "总则", "任务", "措施"], 8), st.integers(0, 2), st.booleans())
def test_section_headings_classify_as_word_by_word(title: str, depth: int, groups: bool) -> None:
    assert outline._classify(title, depth, groups) == _plain_classify(title, depth, groups)


LINE_PIECES = ["牵头单位", "责任单位", "配合部门", "牵头", "：", ":", "。", "\n", " ", "\u3000", "\t",
               "市商务局", "、", "（", "）"]


@settings(max_examples=500, deadline=None)
@given(_texts(LINE_PIECES), st.data())
def test_responsibility_lines_match_the_whole_text_scan(text: str, data: st.DataObject) -> None:
    c = responsibility._cues()
    assert c.line_hit_re is not None
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    expected = [m.span() for m in c.line_re.finditer(text, start, end)]
    assert [m.span() for m in responsibility._line_matches(c, text, start, end)] == expected


@settings(max_examples=500, deadline=None)
@given(_texts(["国务院", "办公厅", "、", "12", "３", "，", "。", "\n", " ", "《"], 20), st.data())
def test_issuer_tail_matches_the_pattern(text: str, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(text)))
    floor = data.draw(st.integers(0, pos))
    m = references._ISSUER_TAIL.search(text, floor, pos)
    assert references._issuer_tail_start(text, floor, pos) == (m.start() if m else pos)


def _plain_merge(refs: list[Reference]) -> list[Reference]:
    out: list[Reference] = []
    for r in refs:
        hit = None
        for o in out:
            if r.doc_number and o.doc_number:
                if r.doc_number == o.doc_number:
                    hit = o
                    break
                continue
            if r.title and o.title and references.norm_key(r.title) == references.norm_key(o.title):
                hit = o
                break
        if hit is None:
            out.append(r)
            continue
        if references.RELATION_STRENGTH.get(r.relation, 0) > \
                references.RELATION_STRENGTH.get(hit.relation, 0):
            hit.relation, hit.cue, hit.span = r.relation, r.cue, r.span
        hit.doc_number = hit.doc_number or r.doc_number
        hit.doc_number_printed = hit.doc_number_printed or r.doc_number_printed
        hit.title = hit.title or r.title
        hit.issuers = hit.issuers or r.issuers
    return out


reference = st.builds(
    Reference,
    title=st.sampled_from([None, "", "甲", "《甲》", "中华人民共和国甲", "乙", "丙"]),
    doc_number=st.sampled_from([None, "", "国发〔2013〕1号", "国发〔2013〕2号", "国发〔2014〕1号"]),
    relation=st.sampled_from(["cites", "implements", "based_on", "amends", "repeals", "promulgates"]),
    span=st.tuples(st.integers(0, 9), st.integers(0, 9)),
    doc_number_printed=st.sampled_from([None, "p"]),
    issuers=st.sampled_from([[], ["国务院"]]),
    cue=st.sampled_from([None, "根据"]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(reference, max_size=12))
def test_merge_by_index_matches_the_pass_over_every_reference(refs: list[Reference]) -> None:
    expected = _plain_merge([dataclasses.replace(r, issuers=list(r.issuers)) for r in refs])
    assert references._merge([dataclasses.replace(r, issuers=list(r.issuers)) for r in refs]) \
        == expected


@settings(max_examples=300, deadline=None)
@given(_texts(["一、", "（一）", "1.", "（1）", "推进", "（牵头单位：市商务局）", "（市财政局负责）",
               "。", "\n", "主要任务"], 30))
def test_attach_by_bisection_matches_the_pass_over_every_measure(text: str) -> None:
    measures = outline.find_outline(text)
    assignments = responsibility.find_assignments(text)
    copies = [dataclasses.replace(m, assignments=[]) for m in measures]
    loose = responsibility.attach(measures, assignments, "成都市")
    # the plain rule: the last measure whose own text holds the start of the assignment
    expected: list[Measure | None] = []
    for a in assignments:
        holder = None
        for i, m in enumerate(copies):
            if m.span[0] <= a.span[0] < outline.own_text_end(copies, i):
                holder = m
        expected.append(holder)
    for a, holder in zip(assignments, expected, strict=True):
        if holder is None:
            assert a in loose
        else:
            assert any(a is x for m in measures if m.span == holder.span for x in m.assignments)
