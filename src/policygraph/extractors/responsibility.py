"""Responsibility lists: who leads, who is responsible, who supports each measure.

Forms (all after the measure text): （牵头单位：市商务局）, (牵头单位：市财政局、市国税局),
（责任单位：省经济和信息化厅、省财政厅）, （商务部、财政部等按职责分工负责）, （A牵头，B、C配合）,
（负责部门：…；适用范围：…）, （A、B负责，排在第一位的部门为牵头部门，下同）, and a
``牵头单位：…`` line on its own.  Names are split on 、 ， and on 和 only between two complete
names (住房和城乡建设部 stays whole).

>>> found = find_assignments("推进试点。（市商务局牵头，市财政局、市国资委配合）")
>>> [(a.lead, a.responsible, a.supporting) for a in found]
[(['市商务局'], ['市商务局'], ['市财政局', '市国资委'])]
>>> [(a.lead, a.responsible) for a in find_assignments("（税务总局、财政部负责，排在第一位的部门为牵头部门，下同）")]
[(['税务总局'], ['税务总局', '财政部'])]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from policygraph.cues import alternation, cues
from policygraph.model import Assignment, Measure

MAX_PAREN = 400
_LINE_BLANKS = " \t\u3000"
_LINE_BREAKS = "。\n"
_BRACKET = re.compile("[（()）]")
_LIST_SEP = re.compile("[、，,/／]|等和|以及|及各|和各")
_OPENERS = {"（": "）", "(": ")"}
_NAME_CHARS = re.compile(r"[\u4e00-\u9fff（）()、]+")
_CLAUSE_SPLIT = re.compile(r"[；;。]|[，,](?=[^，,；;。]*(?:[:：]|牵头|配合|参与|协助|负责))")
_ROLE_HINT = re.compile(r"负责|牵头|配合|参与|协助|单位|部门")


@dataclass
class _Cues:
    label_re: re.Pattern[str]
    label_role: dict[str, str]
    verb_re: re.Pattern[str]
    verb_role: dict[str, str]
    open_re: re.Pattern[str]
    first_lead_re: re.Pattern[str]
    suffix_re: re.Pattern[str]
    groups: tuple[str, ...]
    line_re: re.Pattern[str]
    line_hit_re: re.Pattern[str] | None  # a role label and its colon (see _line_matches)
    group_re: re.Pattern[str]
    category_re: re.Pattern[str]
    raw: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    c = cues()["responsibility"]
    label_role: dict[str, str] = {}
    for key, role in (("lead_labels", "lead"), ("responsible_labels", "responsible"),
                      ("supporting_labels", "supporting"), ("scope_labels", "scope")):
        for w in c[key]:
            label_role[w] = role
    verb_role: dict[str, str] = {}
    for key, role in (("lead_verbs", "lead"), ("responsible_verbs", "responsible"),
                      ("supporting_verbs", "supporting")):
        for w in c[key]:
            verb_role[w] = role
    labels = alternation(list(label_role))
    role_words = [w for w, r in label_role.items() if r != "scope"]
    role_labels = alternation(role_words)
    # _line_matches needs labels that hold no space, line or sentence break and no colon
    plain = all(w and not any(ch in w for ch in _LINE_BLANKS + _LINE_BREAKS + ":：")
                for w in role_words)
    return _Cues(
        label_re=re.compile(rf"^\s*(?P<label>{labels})\s*[:：]\s*(?P<rest>.*)$", re.S),
        label_role=label_role,
        verb_re=re.compile(rf"^(?P<rest>.*?)(?P<verb>{alternation(list(verb_role))})$", re.S),
        verb_role=verb_role,
        open_re=re.compile(alternation(c["open_endings"]) + "$"),
        first_lead_re=re.compile(alternation(c["first_is_lead"])),
        suffix_re=re.compile(alternation(c["body_suffixes"]) + "$"),
        groups=tuple(c["group_prefixes"]),
        line_re=re.compile(
            rf"(?:^|(?<=[。\n]))[ \t\u3000]*(?P<label>{role_labels})[ \t\u3000]*[:：]"
            rf"(?P<rest>[^。\n（()）]{{1,200}})", re.M),
        line_hit_re=re.compile(rf"(?:{role_labels})[{_LINE_BLANKS}]*[:：]") if plain else None,
        group_re=re.compile(r"^(?:各|有关|相关)[\u4e00-\u9fff（）()、]{1,30}$"),
        category_re=re.compile("^" + alternation(c["area_categories"])
                               + r"(?:人民政府|政府|党委|有关部门|相关部门)?$"),
        raw=c,
    )


@lru_cache(maxsize=65536)
def is_body_like(name: str) -> bool:
    """Does ``name`` read as an organisation (or a group of them)?

    >>> is_body_like("市商务局"), is_body_like("住房城乡建设部"), is_body_like("推进试点")
    (True, True, False)
    """
    c = _cues()
    if not name or len(name) > 40:
        return False
    if c.suffix_re.search(name) or c.group_re.match(name):
        return True
    from policygraph.registry import is_known_body

    return is_known_body(name)


def _plausible_name(name: str) -> bool:
    return 2 <= len(name) <= 25 and _NAME_CHARS.fullmatch(name) is not None


def split_bodies(text: str) -> tuple[list[str], str | None]:
    """Names in a list, and the open-ended ending (等, 等有关部门, 会同有关部门) if any.

    >>> split_bodies("工业和信息化部、发展改革委等和各有关省级人民政府")
    (['工业和信息化部', '发展改革委', '各有关省级人民政府'], '等')
    >>> split_bodies("市质监局和市商务局")
    (['市质监局', '市商务局'], None)
    """
    c = _cues()
    open_list: str | None = None
    parts: list[str] = []
    for chunk in _LIST_SEP.split(text.strip("。；; \t\u3000")):
        chunk = chunk.strip(" \t\u3000\n")
        m = c.open_re.search(chunk)
        while m and m.start() > 0:
            open_list = open_list or m.group(0)
            chunk = chunk[:m.start()].strip()
            m = c.open_re.search(chunk)
        if not chunk:
            continue
        parts.extend(_split_on_and(chunk))
    if "等和" in text:
        open_list = open_list or "等"
    # 各… after 和 was cut off with its 和: put the 各 back, then join 各区、县级市 into one group
    return _merge_groups(_restore_group_prefix(text, parts)), open_list


def _merge_groups(parts: list[str]) -> list[str]:
    """各区、县级市 and 各省、自治区、直辖市人民政府 are one group each: an area category after a
    group that is not yet complete belongs to it."""
    c = _cues()
    out: list[str] = []
    for p in parts:
        if out and out[-1].startswith("各") and not c.suffix_re.search(out[-1]) \
                and c.category_re.match(p):
            out[-1] = out[-1] + "、" + p
        else:
            out.append(p)
    return out


def _restore_group_prefix(text: str, parts: list[str]) -> list[str]:
    out = []
    for p in parts:
        if (f"和各{p}" in text or f"及各{p}" in text) and not p.startswith("各"):
            p = "各" + p
        out.append(p)
    return out


def _split_on_and(chunk: str) -> list[str]:
    """Split on 和/与/及 only between two complete names."""
    for sep in ("和", "与", "及"):
        idx = chunk.find(sep)
        while idx > 0:
            left, right = chunk[:idx], chunk[idx + 1:]
            if is_body_like(left) and is_body_like(right):
                return [left, *_split_on_and(right)]
            idx = chunk.find(sep, idx + 1)
    return [chunk]


def _paren_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Outermost balanced （…） / (…) spans of at most MAX_PAREN characters, in one pass over
    the brackets (linear in the text)."""
    out: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _BRACKET.finditer(text, start, end):
        if m.group(0) in _OPENERS:
            stack.append(m.start())
            if len(stack) > 64:
                stack = stack[-64:]  # pathological nesting: keep the innermost
            continue
        if not stack:
            continue
        s = stack.pop()
        if not stack and m.end() - s <= MAX_PAREN:
            out.append((s, m.end()))
    return out


def parse_assignment(content: str, first_is_lead: bool = False) -> tuple[Assignment | None, bool]:
    """Parse the inside of one parenthetical.  Returns the assignment (or ``None`` when it is not
    a responsibility list) and whether it declares the first-listed-is-lead convention."""
    c = _cues()
    declares = bool(c.first_lead_re.search(content))
    first_is_lead = first_is_lead or declares
    lead: list[str] = []
    responsible: list[str] = []
    supporting: list[str] = []
    scope: str | None = None
    open_list: str | None = None
    pending: list[str] = []
    found_role = False
    clauses = [x for x in _CLAUSE_SPLIT.split(content) if x.strip()]
    for clause in clauses:
        clause = clause.strip(" \t\u3000\n")
        if c.first_lead_re.search(clause) or clause in ("下同", "以下同"):
            continue
        role: str | None = None
        names_text = ""
        m = c.label_re.match(clause)
        if m:
            role = c.label_role[m.group("label")]
            names_text = m.group("rest")
            if role == "scope":
                scope = names_text.split("，")[0].split(",")[0].strip() or None
                continue
        else:
            v = c.verb_re.match(clause)
            if v and v.group("rest").strip():
                role = c.verb_role[v.group("verb")]
                names_text = v.group("rest")
                if "会同" in names_text:
                    head, _, tail = names_text.partition("会同")
                    tail_names, tail_open = split_bodies(tail)
                    if all(t.startswith(("有关", "相关")) for t in tail_names):
                        open_list = open_list or "会同" + tail
                    else:
                        supporting.extend(n for n in tail_names if is_body_like(n))
                        open_list = open_list or tail_open
                    names_text = head
            else:
                names, _ = split_bodies(clause)
                if names and all(is_body_like(n) for n in names):
                    pending.extend(names)
                    continue
                return None, declares
        names, ol = split_bodies(names_text)
        names = pending + names
        pending = []
        # after an explicit label (牵头单位：) any short name counts (越秀区, 市科协)
        ok = _plausible_name if m else is_body_like
        if not names or not all(ok(n) for n in names):
            return None, declares
        open_list = open_list or ol
        found_role = True
        if role == "lead":
            lead.extend(names)
            responsible.extend(names)
        elif role == "supporting":
            supporting.extend(names)
        else:
            if first_is_lead and not lead:
                lead.append(names[0])
            responsible.extend(names)
    if not found_role:
        return None, declares
    return Assignment(span=(0, 0), lead=_dedupe(lead), responsible=_dedupe(responsible),
                      supporting=_dedupe(supporting), open_list=open_list, scope=scope), declares


def _dedupe(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def find_assignments(text: str, start: int = 0, end: int | None = None) -> list[Assignment]:
    """Every responsibility list in ``text[start:end]``, with spans covering the printed list."""
    end = len(text) if end is None else end
    c = _cues()
    found: list[Assignment] = []
    first_is_lead = False
    taken: list[tuple[int, int]] = []
    for s, e in _paren_spans(text, start, end):
        inner = text[s + 1:e - 1]
        if not _ROLE_HINT.search(inner):
            continue
        assignment, declares = parse_assignment(inner, first_is_lead)
        first_is_lead = first_is_lead or declares
        if assignment is None:
            continue
        assignment.span = (s, e)
        found.append(assignment)
        taken.append((s, e))
    for m in _line_matches(c, text, start, end):
        if any(s <= m.start() < e for s, e in taken):
            continue
        content = m.group(0).strip(" \t\u3000\n")
        assignment, _ = parse_assignment(content, first_is_lead)
        if assignment is None:
            continue
        lead_start = m.start("label")
        assignment.span = (lead_start, m.end())
        found.append(assignment)
    found.sort(key=lambda a: a.span)
    return found


def _line_matches(c: _Cues, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``c.line_re.finditer(text, start, end)``, tried only where a match can start.

    A match is blanks, a role label, blanks and a colon at a line start or after 。.  Every
    label-and-colon is found by a scan that starts with a literal (fast); the blanks before it
    lead back to the one position where a match through it can start.  Labels hold no blank,
    break or colon, so no label-and-colon hides inside another one, and the positions are
    tried in order from the end of the last match, as ``finditer`` does.
    """
    if c.line_hit_re is None:
        yield from c.line_re.finditer(text, start, end)
        return
    last_end = start
    for hit in c.line_hit_re.finditer(text, start, end):
        s = hit.start()
        while s > start and text[s - 1] in _LINE_BLANKS:
            s -= 1
        if s < last_end or (s > 0 and text[s - 1] not in _LINE_BREAKS):
            continue
        m = c.line_re.match(text, s, end)
        if m is not None:
            yield m
            last_end = m.end()


def qualify(names: list[str], jurisdiction: str | None) -> list[str]:
    """Abbreviated local names qualified by the document's jurisdiction, keeping the printed
    name otherwise (市商务局 → 成都市商务局, 省财政厅 in a Chengdu document → 四川省财政厅).

    >>> qualify(["市发改委", "省财政厅", "商务部", "各区政府"], "成都市")
    ['成都市发改委', '四川省财政厅', '商务部', '各区政府']
    """
    return _qualifier(jurisdiction)(names)


def _qualifier(jurisdiction: str | None) -> Callable[[list[str]], list[str]]:
    """:func:`qualify` for one jurisdiction, resolved once; each name is looked up once."""
    if not jurisdiction or jurisdiction == "全国":
        return list
    from policygraph.registry import broader, find_body, find_jurisdiction

    here = find_jurisdiction(jurisdiction)
    if here is None:
        return list
    province = here if here.level == "provincial" else broader(here.name)
    memo: dict[str, str] = {}

    def one(n: str) -> str:
        if find_body(n) is not None:  # 市场监管总局 is a national body, not 市 + 场监管总局
            return n
        if n.startswith("市") and here.level == "municipal":
            return here.name + n[1:]
        if n.startswith("省") and province is not None:
            return province.name + n[1:]
        return n

    def apply(names: list[str]) -> list[str]:
        out = []
        for n in names:
            q = memo.get(n)
            if q is None:
                q = memo[n] = one(n)
            out.append(q)
        return out

    return apply


def attach(measures: list[Measure], assignments: list[Assignment],
           jurisdiction: str | None = None) -> list[Assignment]:
    """Attach each assignment to the innermost measure whose own text holds it.  Returns the
    assignments that no measure holds."""
    from policygraph.extractors.outline import own_text_end

    loose: list[Assignment] = []
    regions = [(m.span[0], own_text_end(measures, i), i) for i, m in enumerate(measures)]
    starts = [s for s, _, _ in regions]
    # regions in order and disjoint (as find_outline makes them): the holder is found by
    # bisection instead of a pass over every region for every assignment
    ordered = all(s <= e for s, e, _ in regions) and \
        all(regions[k][1] <= regions[k + 1][0] for k in range(len(regions) - 1))
    qualified = _qualifier(jurisdiction)
    for a in assignments:
        holder = None
        if ordered:
            k = bisect_right(starts, a.span[0]) - 1
            if k >= 0 and a.span[0] < regions[k][1]:
                holder = k
        else:
            for s, e, i in regions:
                if s <= a.span[0] < e:
                    holder = i
        if holder is None:
            loose.append(a)
            continue
        m = measures[holder]
        a.lead = qualified(a.lead)
        a.responsible = qualified(a.responsible)
        a.supporting = qualified(a.supporting)
        m.assignments.append(a)
        m.lead = _dedupe(m.lead + a.lead)
        m.responsible = _dedupe(m.responsible + a.responsible)
        m.supporting = _dedupe(m.supporting + a.supporting)
    return loose
