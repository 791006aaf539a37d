"""Responsibility lists in every form found after measures."""

import pytest

from policygraph.extractors.outline import find_outline
from policygraph.extractors.responsibility import attach, find_assignments, split_bodies

CASES = [
    # (text, lead, responsible, supporting, open_list)
    ("（牵头单位：市商务局）", ["市商务局"], ["市商务局"], [], None),
    ("(牵头单位：市财政局、市国税局、市地税局)", ["市财政局", "市国税局", "市地税局"],
     ["市财政局", "市国税局", "市地税局"], [], None),
    ("（责任单位：省经济和信息化厅、省财政厅）", [], ["省经济和信息化厅", "省财政厅"], [], None),
    ("（商务部、财政部等按职责分工负责）", [], ["商务部", "财政部"], [], "等"),
    ("（市商务局牵头，市财政局、市国资委配合）", ["市商务局"], ["市商务局"], ["市财政局", "市国资委"], None),
    ("（负责部门：人民银行、外汇局，适用范围：福建自贸试验区）", [], ["人民银行", "外汇局"], [], None),
    ("（负责部门：人力资源社会保障部、住房城乡建设部、商务部；适用范围：所有自贸试验区）", [],
     ["人力资源社会保障部", "住房城乡建设部", "商务部"], [], None),
    ("（市场监管总局负责）", [], ["市场监管总局"], [], None),
    ("（国家发展改革委会同有关部门负责）", [], ["国家发展改革委"], [], "会同有关部门"),
    ("（农业农村部、工业和信息化部牵头负责）", ["农业农村部", "工业和信息化部"], ["农业农村部", "工业和信息化部"], [], None),
    ("（扶贫办、中央和国家机关工委、教育部等和各省级人民政府负责）", [],
     ["扶贫办", "中央和国家机关工委", "教育部", "各省级人民政府"], [], "等"),
    ("（商务部、发展改革委等和各有关省级人民政府负责）", [], ["商务部", "发展改革委", "各有关省级人民政府"], [], "等"),
    ("（牵头单位：市发改委；配合单位：市财政局）", ["市发改委"], ["市发改委"], ["市财政局"], None),
    ("（海关总署、商务部等有关部门负责）", [], ["海关总署", "商务部"], [], "等有关部门"),
    ("（住房城乡建设部、文化和旅游部负责）", [], ["住房城乡建设部", "文化和旅游部"], [], None),
    ("（牵头单位：市发展改革委，配合单位：市委组织部、市人力资源和社会保障局，各区、县级市）",
     ["市发展改革委"], ["市发展改革委"], ["市委组织部", "市人力资源和社会保障局", "各区、县级市"], None),
    ("（牵头单位：市委组织部，配合单位：市财政局、越秀区）", ["市委组织部"], ["市委组织部"], ["市财政局", "越秀区"], None),
    ("（牵头单位：市科协，配合单位：各有关单位）", ["市科协"], ["市科协"], ["各有关单位"], None),
]


@pytest.mark.parametrize(("text", "lead", "responsible", "supporting", "open_list"), CASES)
def test_forms(text: str, lead: list, responsible: list, supporting: list, open_list: str | None) -> None:
    found = find_assignments("推进工作。" + text)
    assert len(found) == 1
    a = found[0]
    assert (a.lead, a.responsible, a.supporting, a.open_list) == (lead, responsible, supporting, open_list)
    assert ("推进工作。" + text)[a.span[0]:a.span[1]] == text


@pytest.mark.parametrize("text", [
    "（企业直接向国家发展改革委申报，不需省级发展改革部门转报）",
    "（此件公开发布）",
    "（CTC）",
    "（以下简称自贸试验区）",
    "（珠三角9大城市）",
])
def test_not_responsibility(text: str) -> None:
    assert find_assignments(text) == []


def test_first_listed_is_lead_convention_applies_onwards() -> None:
    text = ("1.拓展两个市场。（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）"
            "2.释放企业产能。（海关总署、商务部负责）")
    found = find_assignments(text)
    assert [a.lead for a in found] == [["税务总局"], ["海关总署"]]
    assert found[0].responsible == ["税务总局", "财政部", "海关总署"]
    assert find_assignments("（海关总署、商务部负责）")[0].lead == []


def test_group_names_spanning_a_list_separator() -> None:
    assert split_bodies("各省、自治区、直辖市人民政府")[0] == ["各省、自治区、直辖市人民政府"]
    assert split_bodies("市商务局，各区、县级市")[0] == ["市商务局", "各区、县级市"]
    assert split_bodies("各区、市商务局")[0] == ["各区", "市商务局"]


def test_never_split_on_he_inside_a_name() -> None:
    assert split_bodies("住房和城乡建设部、工业和信息化部、粮食和储备局")[0] == [
        "住房和城乡建设部", "工业和信息化部", "粮食和储备局"]


def test_line_form_and_attachment_to_measures() -> None:
    text = ("（一）加快移动电子商务发展。\n1.打造核心平台。推广移动支付。(牵头单位：市商务局)\n"
            "2.创新支付产品。探索技术方案。\n牵头单位：市金融办\n")
    measures = find_outline(text)
    loose = attach(measures, find_assignments(text), "成都市")
    assert loose == []
    assert [(m.number, m.responsible) for m in measures] == [
        ("（一）", []), ("（一）1", ["成都市商务局"]), ("（一）2", ["成都市金融办"])]
