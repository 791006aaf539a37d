"""发文字号 variants, each row a form found in real policy text."""

import pytest

from policygraph.extractors.docnumber import (
    find_doc_numbers,
    find_numbered_issues,
    normalise_doc_number,
)

CASES = [
    # (text, canonical, printed)
    ("（国发〔2013〕32号）", "国发〔2013〕32号", "国发〔2013〕32号"),
    ("粤府办〔2012〕131号", "粤府办〔2012〕131号", "粤府办〔2012〕131号"),
    ("(发改办高技〔2013〕894号)", "发改办高技〔2013〕894号", "发改办高技〔2013〕894号"),
    ("国办发[2013]89号", "国办发〔2013〕89号", "国办发[2013]89号"),
    ("国办发［2013］89号", "国办发〔2013〕89号", "国办发［2013］89号"),
    ("深府【2013】119号", "深府〔2013〕119号", "深府【2013】119号"),
    ("深府（2013）119号", "深府〔2013〕119号", "深府（2013）119号"),
    ("深府(2013)119号", "深府〔2013〕119号", "深府(2013)119号"),
    ("国发〈2013〉32号", "国发〔2013〕32号", "国发〈2013〉32号"),
    ("国发〔２０１３〕３２号", "国发〔2013〕32号", "国发〔２０１３〕３２号"),
    ("国发 〔2013〕 32 号", "国发〔2013〕32号", "国发 〔2013〕 32 号"),
    ("国发〔1992〕字第36号", "国发〔1992〕36号", "国发〔1992〕字第36号"),
    ("国发〔2013〕第32号", "国发〔2013〕32号", "国发〔2013〕第32号"),
    ("国发〔92〕36号", "国发〔1992〕36号", "国发〔92〕36号"),
    ("国办发明电〔2020〕1号", "国办发明电〔2020〕1号", "国办发明电〔2020〕1号"),
    ("按照财库〔2022〕3号要求", "财库〔2022〕3号", "财库〔2022〕3号"),
    ("根据国发〔2015〕24号文精神", "国发〔2015〕24号", "国发〔2015〕24号"),
    ("关于印发深府〔2013〕119号的说明", "深府〔2013〕119号", "深府〔2013〕119号"),
]


@pytest.mark.parametrize(("text", "canonical", "printed"), CASES)
def test_doc_number_forms(text: str, canonical: str, printed: str) -> None:
    found = find_doc_numbers(text)
    assert [n.canonical for n in found] == [canonical]
    n = found[0]
    assert n.printed == printed
    assert text[n.span[0]:n.span[1]] == printed


def test_line_break_inside_number() -> None:
    text = "国发\n〔2013〕32号"
    assert [n.canonical for n in find_doc_numbers(text)] == ["国发〔2013〕32号"]


@pytest.mark.parametrize("text", [
    "国务院令第708号",
    "杭州市人大常委会公告第78号",
    "索引号: 043000-10-2014-006304",
    "法宝引证码CLI.12.4638041",
    "2013年12月27日",
    "（2012-2015）",
    "第二十三条",
])
def test_not_doc_numbers(text: str) -> None:
    assert find_doc_numbers(text) == []


def test_several_in_a_chain() -> None:
    text = "《A》（国发〔2013〕32号）、《B》（粤府办〔2012〕131号）和国办发〔2013〕89号"
    assert [n.canonical for n in find_doc_numbers(text)] == [
        "国发〔2013〕32号", "粤府办〔2012〕131号", "国办发〔2013〕89号"]


def test_normalise() -> None:
    assert normalise_doc_number("深府 [２０１３] 第119号") == "深府〔2013〕119号"
    assert normalise_doc_number("无文号") is None


def test_announcement_numbers() -> None:
    text = "2016年12月23日 杭州市第十二届人民代表大会常务委员会公告第78号公布"
    found = find_numbered_issues(text)
    assert [n.printed for n in found] == ["杭州市第十二届人民代表大会常务委员会公告第78号"]
    assert found[0].kind == "announcement"
    assert [n.kind for n in find_numbered_issues("国务院令第708号")] == ["order"]
