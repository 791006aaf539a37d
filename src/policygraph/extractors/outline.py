"""Numbered items as a tree: 一、 → （一） → 1. / 1、 → （1） → ①, and 第X章 / 第X条 for laws.

Headings are found at line starts and inline (some documents are one long line, and some run a
heading straight into the next one with no punctuation between).  An inline candidate is
accepted when punctuation or white space stands before it, when it continues the numbering of
its level, or when it opens a sub-level right after its parent's heading.

Section headings (指导思想, 基本原则, 主要任务, 保障措施 …) are structure: their ``kind`` is
``"section"``.  Items under a descriptive section (总体要求, 发展现状, 基本原则, 发展目标) are not
measures either.  Everything else numbered is a measure (``kind == "item"``), or an article /
chapter in a law.

>>> text = "一、主要任务\\n（一）推进电子商务应用。鼓励企业上网。\\n（二）完善支撑体系。\\n1.发展信用服务。"
>>> for m in find_outline(text):
...     print(m.number, m.title, m.kind)
一、 主要任务 section
一、（一） 推进电子商务应用 item
一、（二） 完善支撑体系 item
一、（二）1 发展信用服务 item
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policygraph.cues import alternation, cues
from policygraph.extractors.numerals import CIRCLED, PAREN_CN, PAREN_DIGITS, cn_to_int
from policygraph.model import Measure

_CN_NUM = "一二三四五六七八九十百零〇两"

# the leading look-ahead (every character a marker can start with) lets the scanner skip text
# that cannot start one instead of trying each alternative at every position
_MARKER_FIRST = f"第{_CN_NUM}（(0-9０-９{PAREN_CN}{PAREN_DIGITS}{CIRCLED}"

MARKER_RE = re.compile(
    rf"(?=[{_MARKER_FIRST}])(?:"
    rf"(?P<chapter>第[{_CN_NUM}0-9]{{1,5}}[章编])"
    rf"|(?P<article>第[{_CN_NUM}0-9]{{1,6}}条)"
    rf"|(?P<l1>[{_CN_NUM}]{{1,4}})[、．](?![{_CN_NUM}]{{1,3}}[、线类级是])"
    rf"|(?P<l2>[（(][ \u3000]?[{_CN_NUM}—－-]{{1,4}}[ \u3000]?[）)]|[{PAREN_CN}])"
    rf"|(?<![0-9０-９.．A-Za-z])(?P<l3>[0-9０-９]{{1,2}})[ \u3000]?[\.．、](?![0-9０-９])"
    rf"|(?<![0-9０-９.．A-Za-z])(?P<l3d>[0-9０-９]{{1,2}})[\.．](?=[0-9０-９])"
    rf"|(?P<l4>[（(][ \u3000]?[0-9０-９]{{1,2}}[ \u3000]?[）)]|[{PAREN_DIGITS}])"
    rf"|(?P<l5>[{CIRCLED}]))"
)

RANK = {"chapter": 0, "article": 1, "l1": 2, "l2": 3, "l3": 4, "l3d": 4, "l4": 5, "l5": 6}
_DELIMS = set("。；;！？!?：:）)」”\"　\u00a0 \t\n")
_LINE_PREFIX = set(" \t\u3000\u00a0#>*-")
_SENTENCE_END = re.compile(r"[。！？]")
_TITLE_STOP = re.compile(r"[。！？!?：:\n\u3000\u00a0 \t]|——")
_RESP_PAREN = re.compile(r"[（(][^（()）]{0,200}(?:负责|牵头|单位[:：]|部门[:：])[^（()）]{0,200}[）)]")
TITLE_CAP = 300
MAX_MARKERS = 10_000
"""No real document has more numbered items; past this a text is pathological and the rest of
its candidates are not examined (keeps every input near-linear and bounded)."""


@dataclass(slots=True)
class _Marker:
    rank: int
    group: str
    label: str
    number: int | None
    start: int
    end: int


@lru_cache(maxsize=4096)
def _marker_number(group: str, label: str) -> int | None:
    core = label.strip("（()）、．.第章编条 \u3000")
    if group in ("l2",) and len(label) == 1:
        return PAREN_CN.index(label) + 1
    if group == "l4" and len(label) == 1:
        return PAREN_DIGITS.index(label) + 1
    if group == "l5":
        return CIRCLED.index(label) + 1
    core = core.replace("—", "一").replace("－", "一").replace("-", "一")
    return cn_to_int(core)


def _at_line_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in _LINE_PREFIX:
        i -= 1
    return i < 0 or text[i] == "\n"


def _scan(text: str, start: int, end: int) -> list[_Marker]:
    accepted: list[_Marker] = []
    last_number: dict[int, int] = {}
    for m in MARKER_RE.finditer(text, start, end):
        if len(accepted) >= MAX_MARKERS:
            break
        group = m.lastgroup or ""
        label = m.group(0)
        rank = RANK[group]
        number = _marker_number(group, label)
        if number is None:
            continue
        pos = m.start()
        prev = text[pos - 1] if pos > 0 else "\n"
        if prev in "第" or (group in ("l3", "l1") and prev in "0123456789０１２３４５６７８９"):
            continue
        line_start = _at_line_start(text, pos)
        if group == "l3d":
            # 11.121人才梯队项目: a number before a dot and a digit is an item only at a line
            # start, continuing its level's numbering (not 3.2万亿元)
            if not (line_start and last_number.get(rank) and number == last_number[rank] + 1):
                continue
            group = "l3"
        if group in ("chapter", "article"):
            # laws: only headings at a line start (or after a full stop and a space) count
            follow = text[m.end():m.end() + 1]
            if not (line_start or (prev in "。\u3000 " and follow in " \u3000")):
                continue
            if not line_start and follow not in " \u3000\n":
                continue
        else:
            expected = last_number.get(rank, 0) + 1
            continues = number == expected or (number == 1)
            if line_start:
                pass
            elif prev in _DELIMS:
                if not continues:
                    continue
            else:
                parent_near = bool(accepted) and accepted[-1].rank < rank and \
                    pos - accepted[-1].end <= 40 and number == 1 and \
                    not _SENTENCE_END.search(text, accepted[-1].end, pos)
                sibling = group in ("l1", "l2") and number == expected and number > 1 and \
                    prev not in "的和及与或、，,"
                if not (parent_near or sibling):
                    continue
        accepted.append(_Marker(rank, group, label, number, pos, m.end()))
        last_number[rank] = number
        # a new parent restarts the numbering of deeper levels
        for r in list(last_number):
            if r > rank:
                del last_number[r]
    return accepted


def _title(text: str, start: int, limit: int) -> tuple[str | None, tuple[int, int] | None]:
    i = start
    while i < limit and text[i] in " \t\u3000\u00a0":
        i += 1
    stop = _TITLE_STOP.search(text, i, min(limit, i + TITLE_CAP))
    j = stop.start() if stop else min(limit, i + TITLE_CAP)
    # a responsibility parenthetical before the full stop is not part of the heading
    resp = _RESP_PAREN.search(text, i, j)
    if resp and resp.end() >= j - 1:
        j = resp.start()
    while j > i and text[j - 1] in "，,；;、 ":
        j -= 1
    if j <= i:
        return None, None
    return text[i:j], (i, j)


@lru_cache(maxsize=1)
def _section_words() -> tuple[tuple[str, ...], tuple[str, ...], int]:
    o = cues()["outline"]
    return tuple(o["preamble_keywords"]), tuple(o["operative_keywords"]), int(o["section_max_chars"])


_KEYWORD_SEPARATORS = "、和及与，,"
_SEPARATORS_RE = re.compile(rf"[{_KEYWORD_SEPARATORS}\s]")


def _only_keywords(title: str, words: tuple[str, ...]) -> bool:
    rest = title
    for w in sorted(words, key=len, reverse=True):
        rest = rest.replace(w, "")
    return not _SEPARATORS_RE.sub("", rest)


@dataclass(frozen=True)
class _SectionCues:
    preamble_re: re.Pattern[str]  # any preamble keyword; the leftmost match is the first one
    operative: tuple[str, ...]
    operative_re: re.Pattern[str]  # any operative keyword
    foreign_re: re.Pattern[str]  # a character no operative keyword nor separator contains
    max_chars: int


@lru_cache(maxsize=1)
def _section_cues() -> _SectionCues:
    preamble, operative, max_chars = _section_words()
    chars = "".join(sorted(set("".join(operative))))
    return _SectionCues(
        preamble_re=re.compile(alternation(preamble)),
        operative=operative,
        operative_re=re.compile(alternation(operative)),
        foreign_re=re.compile(f"[^{re.escape(_KEYWORD_SEPARATORS + chars)}\\s]"),
        max_chars=max_chars,
    )


def _classify(title: str | None, depth: int, groups: bool) -> tuple[bool, bool]:
    """(is a section heading, its children are descriptive rather than measures)."""
    if not title:
        return False, False
    sc = _section_cues()
    head = title[:sc.max_chars]
    # a preamble keyword whose first occurrence starts within the first 7 characters
    first = sc.preamble_re.search(head)
    if first is not None and first.start() <= 6:
        return True, True
    if len(title) > sc.max_chars:
        return False, False
    # a character that no keyword contains survives the removal of keywords
    if not sc.foreign_re.search(title) and _only_keywords(title, sc.operative):
        return True, False
    if sc.operative_re.search(title) and depth == 0 and groups:
        return True, False
    return False, False


def _display_label(group: str, label: str) -> str:
    if group == "l3":
        return label.rstrip("、.． \u3000")
    return label.replace(" ", "").replace("\u3000", "")


def find_outline(text: str, start: int = 0, end: int | None = None) -> list[Measure]:
    """Headings of ``text[start:end]`` as :class:`Measure` items in document order."""
    end = len(text) if end is None else end
    markers = _scan(text, start, end)
    # tree by rank: a marker's parent is the nearest earlier marker of a smaller rank
    parents: list[int | None] = []
    stack: list[int] = []
    for idx, mk in enumerate(markers):
        while stack and markers[stack[-1]].rank >= mk.rank:
            stack.pop()
        parents.append(stack[-1] if stack else None)
        stack.append(idx)
    children: dict[int, list[int]] = {}
    for idx, p in enumerate(parents):
        if p is not None:
            children.setdefault(p, []).append(idx)

    top_level_groups = any(parents[i] is None for i in children)
    in_articles: list[bool] = []
    out: list[Measure] = []
    numbers: list[str] = []
    non_measure: list[bool] = []
    # each item ends where the next marker of the same or a higher level starts (one pass)
    ends = [end] * len(markers)
    open_items: list[int] = []
    for idx, mk in enumerate(markers):
        while open_items and markers[open_items[-1]].rank >= mk.rank:
            ends[open_items.pop()] = mk.start
        open_items.append(idx)
    for idx, mk in enumerate(markers):
        item_end = ends[idx]
        next_start = markers[idx + 1].start if idx + 1 < len(markers) else end
        title, tspan = _title(text, mk.end, min(next_start, item_end))
        parent = parents[idx]
        depth = 0 if parent is None else out[parent].depth + 1
        label = _display_label(mk.group, mk.label)
        number = (numbers[parent] if parent is not None else "") + label
        numbers.append(number)
        if mk.group == "chapter":
            kind = "chapter"
        elif mk.group == "article":
            kind = "article"
        else:
            kind = "item"
        inherited = parent is not None and non_measure[parent]
        descriptive = inherited
        in_article = mk.group != "article" and parent is not None and (
            markers[parent].group == "article" or in_articles[parent])
        in_articles.append(in_article)
        if kind == "item" and not in_article:
            # a top-level heading groups measures when it, or a sibling, has children
            groups = idx in children or (parent is None and top_level_groups)
            is_section, desc = _classify(title, depth, groups)
            if is_section or inherited:
                kind = "section"
            descriptive = inherited or desc
        non_measure.append(descriptive)
        out.append(Measure(number=number, label=label, title=title, span=(mk.start, item_end),
                           title_span=tspan, parent=numbers[parent] if parent is not None else None,
                           depth=depth, kind=kind))
    return out


def own_text_end(measures: list[Measure], index: int) -> int:
    """End of a measure's own text: where its first child (or the next item) begins."""
    m = measures[index]
    if index + 1 < len(measures) and measures[index + 1].span[0] < m.span[1]:
        return measures[index + 1].span[0]
    return m.span[1]
