"""Heading forms: each level, inline headings, laws, sections versus measures."""

import pytest

from policygraph.extractors.outline import find_outline


def items(text: str) -> list[tuple[str, str | None, str]]:
    return [(m.number, m.title, m.kind) for m in find_outline(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("一、加强组织领导\n", [("一、", "加强组织领导", "item")]),
    ("（一）支持电子商务平台规模化。\n鼓励企业。", [("（一）", "支持电子商务平台规模化", "item")]),
    ("(一)强化示范城市创建工作。组织协调。", [("(一)", "强化示范城市创建工作", "item")]),
    ("㈠完善标准体系。", [("㈠", "完善标准体系", "item")]),
    ("1.打造移动电子商务核心平台。全面推广。", [("1", "打造移动电子商务核心平台", "item")]),
    ("1、发挥企业主体作用，大力推进企业电子商务应用。", [("1", "发挥企业主体作用，大力推进企业电子商务应用", "item")]),
    ("1．推动重点行业电子商务应用", [("1", "推动重点行业电子商务应用", "item")]),
    ("（1）基础设施。加快建设。", [("（1）", "基础设施", "item")]),
    ("⑴基础设施。", [("⑴", "基础设施", "item")]),
    ("①完善政策。", [("①", "完善政策", "item")]),
])
def test_heading_forms(text: str, expected: list) -> None:
    assert items(text) == expected


def test_tree_and_hierarchical_numbers() -> None:
    text = ("二、主要任务\n（五）优化电子商务生态环境。\n3.构建支撑体系。\n(1)基础设施。建设宽带。(牵头单位：市经信委)\n"
            "(2)物流配送。完善配送。\n三、保障措施\n（一）加强组织领导。")
    got = [(m.number, m.parent, m.title) for m in find_outline(text)]
    assert got == [
        ("二、", None, "主要任务"),
        ("二、（五）", "二、", "优化电子商务生态环境"),
        ("二、（五）3", "二、（五）", "构建支撑体系"),
        ("二、（五）3(1)", "二、（五）3", "基础设施"),
        ("二、（五）3(2)", "二、（五）3", "物流配送"),
        ("三、", None, "保障措施"),
        ("三、（一）", "三、", "加强组织领导"),
    ]


def test_one_long_line_with_run_in_headings() -> None:
    text = ("制定本规划。一、发展现状（一）发展现状——规模较大。2010年达到8000亿元。"
            "二、指导思想（一）指导思想以发展为主线。三、主要任务（一）推动电子商务应用普及和深化1、推动重点行业电子商务应用在钢铁等行业推广。"
            "2、提高企业电子商务应用水平进一步提高。（二）完善电子商务支撑服务体系1、大力发展信用服务加快培育。")
    got = [(m.number, m.kind) for m in find_outline(text)]
    assert got == [("一、", "section"), ("一、（一）", "section"), ("二、", "section"),
                   ("二、（一）", "section"), ("三、", "section"),
                   ("三、（一）", "item"), ("三、（一）1", "item"), ("三、（一）2", "item"),
                   ("三、（二）", "item"), ("三、（二）1", "item")]
    titles = [m.title for m in find_outline(text)]
    assert titles[6].startswith("推动重点行业电子商务应用")


def test_sections_and_descriptive_parts_are_not_measures() -> None:
    text = ("一、总体要求\n（一）指导思想。以新发展理念为指导。\n（二）基本原则。\n1.问题导向。\n"
            "二、主要任务\n（一）建设集约化平台。\n三、有关要求\n各部门要抓好落实。")
    kinds = [(m.number, m.kind) for m in find_outline(text)]
    assert kinds == [("一、", "section"), ("一、（一）", "section"), ("一、（二）", "section"),
                     ("一、（二）1", "section"), ("二、", "section"), ("二、（一）", "item"),
                     ("三、", "section")]


def test_leaf_safeguard_heading_among_leaf_measures_is_a_measure() -> None:
    text = "（一）支持平台规模化。\n（二）强化组织保障。\n（三）加强资金保障。"
    assert [m.kind for m in find_outline(text)] == ["item", "item", "item"]


def test_law_articles_and_chapters() -> None:
    text = ("# 某市促进条例\n\n## 第一章　总则\n\n第一条 为了促进发展，制定本条例。\n\n"
            "第二条 本条例适用于本市。依照本条例第十条规定执行。\n\n## 第二章　管理体制\n\n"
            "第三条 市人民政府履行下列职责：\n\n（一）编制规划；\n\n（二）组织实施。\n")
    got = [(m.number, m.kind) for m in find_outline(text)]
    assert got == [("第一章", "chapter"), ("第一章第一条", "article"), ("第一章第二条", "article"),
                   ("第二章", "chapter"), ("第二章第三条", "article"),
                   ("第二章第三条（一）", "item"), ("第二章第三条（二）", "item")]


def test_item_title_starting_with_digits() -> None:
    text = "10.“羊城学者”特聘岗位项目。设立岗位。\n11.121人才梯队项目。培养人才。\n"
    assert [(m.number, m.title) for m in find_outline(text)] == [
        ("10", "“羊城学者”特聘岗位项目"), ("11", "121人才梯队项目")]


@pytest.mark.parametrize("text", [
    "按照本条第（一）项规定执行。",
    "2010年交易额达到3.2万亿元。",
    "一是加强领导，二是完善机制。",
    "三、四线城市要加快发展。",
    "http://www.sz.gov.cn/zfgb/2014/t20140108_2301298.htm",
])
def test_not_headings(text: str) -> None:
    assert items(text) == []


def test_spans_cover_the_item() -> None:
    text = "（一）甲。内容甲。\n（二）乙。内容乙。"
    ms = find_outline(text)
    assert text[ms[0].span[0]:ms[0].span[1]] == "（一）甲。内容甲。\n"
    assert text[ms[1].title_span[0]:ms[1].title_span[1]] == "乙"
