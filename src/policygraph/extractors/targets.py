"""Quantitative targets (指标 / 目标) in Chinese policy text.

:func:`find_targets` finds numbers with units (Arabic, full-width or Chinese numerals, ranges such
as 3－5家, fractions such as 五分之一), reads the comparator around them (超过3000亿元, 70%以上,
稳定在11亿千瓦左右), the deadline in scope (到2015年 / 2018年底前 / “十三五”末, carried from
a sentence-initial deadline or a 发展目标 section to the clauses that follow), and decides whether
each is a goal (``kind == "target"``) or a baseline figure (``kind == "statistic"``).  Subsidies,
penalties, durations, ages, counts of measures, quotas, rule limits, item numbers and dates are
not returned at all.

All cue words live in ``ontology/targets.toml``; the code only knows the shapes of numbers.

Every pattern is either a literal alternation or a bounded repetition behind a look-behind guard,
and every per-value look-up is a bisection or a bounded window, so the running time is linear in
the size of the input.

>>> found = find_targets("到2015年，电子商务交易额突破6000亿元。")
>>> [(t.value, t.unit, t.year, t.comparator, t.indicator) for t in found]
[(6000.0, '亿元', 2015, '>', '电子商务交易额')]
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from policygraph.extractors.scan import finditer_near
from policygraph.model import Target

__all__ = ["TargetCues", "find_targets", "load_cues"]

MAX_CANDIDATES = 4000
"""Numbers examined per call; a policy document has a few hundred at most."""
MAX_BOUNDARIES = 200000
"""Punctuation marks indexed per call (about 1 MB of ordinary prose)."""
MAX_MARKS = 4000
"""Headings and time expressions examined per call (each kind)."""
MAX_PER_CLAUSE = 12
"""A clause with more numbers than this is a table row or noise, not a goal statement."""
WINDOW = 80
"""Characters looked at on either side of a number (bounds all per-number work)."""

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "零〇○一二两三四五六七八九十百千万亿"
_SCALE_FACTOR = {"万亿": 10**12, "亿": 10**8, "万": 10**4}
_SPACE = " \t\u3000\xa0\r"
# what stands right before a heading (or the heading opens the text)
_HEADING_AFTER = r"\n。；;：:\s"
# the marks between the two ends of a range (3－5家, 三至五家)
_RANGE_DASHES = "-－—–~～〜"
_RANGE_WORDS = ("至", "到")
_BULLETS = _SPACE + "—–-·•●◆■□*#>“”\"'‘’"


# ------------------------------------------------------------------------------------------
# Cue data


def _ontology_path() -> Path | None:
    """``targets.toml`` in the project's ontology folder (``policygraph.cues.ontology_dir``:
    ``$POLICYGRAPH_ONTOLOGY``, the source tree, or the copy packaged in the wheel)."""
    candidates: list[Path] = []
    try:
        from policygraph.cues import ontology_dir

        candidates.append(ontology_dir() / "targets.toml")
    except ImportError:  # pragma: no cover - the shared loader is part of the package
        pass
    here = Path(__file__).resolve()
    candidates.append(here.parents[3] / "ontology" / "targets.toml")  # source checkout
    candidates.append(here.parents[1] / "_ontology" / "targets.toml")  # installed wheel
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def _alt(words: Any) -> str:
    """A regex alternation of literal words, longest first (no backtracking beyond one word)."""
    items = sorted({str(w) for w in words if str(w)}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in items) if items else r"(?!x)x"


def _words(words: Any) -> tuple[str, ...]:
    return tuple(sorted({str(w) for w in words if str(w)}, key=lambda w: (-len(w), w)))


def _common_prefix(words: tuple[str, ...]) -> str:
    """The longest string every word starts with ("" for no words)."""
    if not words:
        return ""
    prefix = min(words, key=len)
    while prefix and not all(w.startswith(prefix) for w in words):
        prefix = prefix[:-1]
    return prefix


def _common_suffix(words: tuple[str, ...]) -> str:
    """The longest string every word ends with ("" for no words)."""
    return _common_prefix(tuple(w[::-1] for w in words))[::-1]


def _longest(words: tuple[str, ...]) -> int:
    return max((len(w) for w in words), default=0)


@dataclass(frozen=True)
class TargetCues:
    """The compiled cue data of ``ontology/targets.toml``."""

    raw: dict[str, Any]
    value_re: re.Pattern[str]
    range_re: re.Pattern[str]
    after_re: re.Pattern[str]
    before_re: re.Pattern[str]
    year_re: re.Pattern[str]
    five_re: re.Pattern[str]
    relative_re: re.Pattern[str]
    plan_end_re: re.Pattern[str]
    heading_re: re.Pattern[str]
    multiple_re: re.Pattern[str]
    clause_re: re.Pattern[str]
    sentence_re: re.Pattern[str]
    para_re: re.Pattern[str]
    aliases: dict[str, str]
    blockers: tuple[str, ...]
    before_info: dict[str, tuple[str, bool]]
    adjacent_info: dict[str, tuple[str, bool]]
    after_info: dict[str, tuple[str, bool]]
    approx: frozenset[str]
    multiples: dict[str, int]
    multiple_unit: str
    multiple_norm: str
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # (literal every match contains, reach before it, reach after it) of the time patterns, for
    # :func:`~policygraph.extractors.scan.finditer_near`; an empty literal scans the whole text
    year_scan: tuple[str, int, int] = ("", 0, 0)
    five_scan: tuple[str, int, int] = ("", 0, 0)
    relative_scan: tuple[str, int, int] = ("", 0, 0)
    plan_end_scan: tuple[str, int, int] = ("", 0, 0)
    # section heading words as alternations (``sections.target`` not followed by a
    # ``sections.target_not_before`` word; ``sections.status``; ``sections.other``)
    section_res: tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None = None
    # the sentence ends, when they can be read off the clause ends (see _compile)
    sentence_chars: frozenset[str] | None = None
    # each word list of ``lists`` as one alternation: "does the text hold any of the words"
    list_res: dict[str, re.Pattern[str]] = field(default_factory=dict)


def load_cues(path: str | Path | None = None) -> TargetCues:
    """Load and compile the cue data (``ontology/targets.toml`` unless *path* is given)."""
    if path is None:
        return _default_cues()
    with open(path, "rb") as fh:
        return _compile(tomllib.load(fh))


@lru_cache(maxsize=1)
def _default_cues() -> TargetCues:
    path = _ontology_path()
    if path is None:
        raise FileNotFoundError("ontology/targets.toml not found")
    with open(path, "rb") as fh:
        return _compile(tomllib.load(fh))


def _compile(raw: dict[str, Any]) -> TargetCues:
    units = raw.get("units", {})
    scales = _alt(units.get("scales", []))
    base = _alt(units.get("base", []))
    arabic = (
        r"(?<![A-Za-z0-9０-９_.．/\\])(?<![0-9],)"
        r"(?P<ar>[0-9０-９]{1,15}+(?:,[0-9]{3}(?![0-9])){0,4}+(?:[.．][0-9０-９]{1,8}+)?+)"
    )
    chinese = (
        rf"(?<![{_CN_CHARS}点])"
        rf"(?P<cn>[{_CN_CHARS}]{{1,12}}(?:点[零〇○一二三四五六七八九]{{1,6}})?)"
    )
    fraction = (
        rf"(?<![{_CN_CHARS}])(?P<den>[一二三四五六七八九十百千]{{1,4}})分之"
        rf"(?P<fnum>[{_CN_CHARS}点]{{1,8}})"
    )
    stop = r"(?=[，。；、,;:：\s)）]|以上|以下|以内|左右|$)"
    unit_words = [*units.get("scales", []), *units.get("base", []), "多", "余"]
    unit_first = re.escape("".join(sorted({str(w)[0] for w in unit_words if str(w)})))
    unit = (
        rf"(?=[{unit_first}])"
        rf"(?P<mid>多|余)?(?P<unit>(?P<scale>{scales})?(?:{base})|(?:{scales}){stop})"
    )
    # the leading look-ahead lets the scanner skip text that cannot start a number
    value_re = re.compile(
        rf"(?=[0-9０-９{_CN_CHARS}])(?:{fraction}|(?:{arabic}|{chinese}){unit})"
    )
    range_re = re.compile(
        rf"(?P<first>[0-9０-９]{{1,15}}(?:[.．][0-9０-９]{{1,8}})?|[{_CN_CHARS}]{{1,12}})"
        rf"(?:多|余)?(?P<funit>(?:{scales})?(?:{base}))?"
        rf"[ \u3000]?(?:[{_RANGE_DASHES}]{{1,2}}|{'|'.join(_RANGE_WORDS)})[ \u3000]?\Z"
    )

    before_info: dict[str, tuple[str, bool]] = {}
    adjacent_info: dict[str, tuple[str, bool]] = {}
    after_info: dict[str, tuple[str, bool]] = {}
    for comp in raw.get("comparators", []):
        norm = str(comp.get("norm", "="))
        goal = bool(comp.get("goal", False))
        for w in comp.get("words", []):
            if comp.get("position") == "after":
                after_info.setdefault(w, (norm, goal))
            elif comp.get("adjacent"):
                adjacent_info.setdefault(w, (norm, goal))
            else:
                before_info.setdefault(w, (norm, goal))
    after_re = re.compile(_alt(after_info))
    not_comparators = list(raw.get("not_comparators", {}).get("words", []))
    not_comparators += list(raw.get("goal", {}).get("base_words", []))
    for w in not_comparators:
        before_info[w] = ("", False)
    before_re = re.compile(_alt(before_info))

    time = raw.get("time", {})
    year_re = re.compile(
        r"(?=[12１２一二])(?<![0-9０-９])(?P<y>(?:19|20)[0-9]{2}|[１２][０-９]{3})[ \u3000]?年"
        r"|(?<![〇○零一二三四五六七八九])(?P<cy>[一二][〇○零一二三四五六七八九]{3})年"
    )
    year_scan = ("年", 4 + 1, 0)  # four digits and a space before 年
    five_tail = _alt(
        list(time.get("five_year_end", []))
        + list(time.get("five_year_period", []))
        + list(time.get("five_year_since", []))
    )
    five_re = re.compile(
        rf"(?=[“\"‘十])[“\"‘]?十(?P<n>[一二三四五六七八九])五[”\"’]?(?:规划)?"
        rf"(?P<tail>{five_tail})?"
    )
    five_words = _words(
        list(time.get("five_year_end", []))
        + list(time.get("five_year_period", []))
        + list(time.get("five_year_since", []))
    )
    five_scan = ("十", 1, 1 + 1 + 1 + len("规划") + _longest(five_words))  # quote before 十
    relative_re = re.compile(
        rf"(?=[0-9一二两三四五六七八九十])(?<![0-9{_CN_CHARS}])"
        rf"(?P<n>[0-9]{{1,2}}|[一二两三四五六七八九十]{{1,3}})(?:个)?"
        rf"(?:{_alt(time.get('relative_after', []))})"
    )
    after_words = _words(time.get("relative_after", []))
    prefix = _common_prefix(after_words)
    relative_scan = (prefix, 3 + 1, _longest(after_words) - len(prefix))  # 三 / 12, 个
    plan_end_re = re.compile(
        rf"(?:{_alt(time.get('deadline_before', []))})(?:{_alt(time.get('plan_end', []))})"
    )
    plan_words = _words(time.get("plan_end", []))
    suffix = _common_suffix(plan_words)
    plan_end_scan = (
        suffix, _longest(_words(time.get("deadline_before", []))) + _longest(plan_words) - len(suffix), 0
    )
    heading = (
        r"(?:#{1,6}[ \u3000])?(?:"
        r"(?P<l0>第[一二三四五六七八九十百零〇]{1,5}[章编])"
        r"|(?P<l1>[一二三四五六七八九十]{1,3}、)"
        r"|(?P<l2>[（(][一二三四五六七八九十]{1,3}[）)])"
        r"|(?P<l3>[0-9０-９]{1,2}(?:[、．]|\.(?![0-9])))"
        r"|(?P<l4>[（(][0-9０-９]{1,2}[）)]))"
    )
    heading_re = re.compile(
        rf"(?=[#第一二三四五六七八九十（(0-9０-９])(?:(?<=[{_HEADING_AFTER}])|^){heading}"
    )
    mult = raw.get("multiples", {})
    multiples = {str(k): int(v) for k, v in dict(mult.get("words", {})).items()}
    layout = raw.get("layout", {})
    sentence_end = list(layout.get("sentence_end", ["。", "\n"]))
    clause_end = list(layout.get("clause_end", ["，", "；"])) + sentence_end
    clause_re = re.compile(
        rf"{_alt([w for w in clause_end if w != ','])}|,(?![0-9]{{3}}(?![0-9]))"
        if "," in clause_end
        else _alt(clause_end)
    )
    sentence_re = re.compile(_alt(sentence_end))
    # single-character sentence ends that no other clause end holds: the sentence ends are then
    # exactly the clause ends that are one of them (one scan finds both)
    sentence_words = set(_words(sentence_end))
    clause_only = [w for w in _words(clause_end) if w not in sentence_words]
    sentence_chars = frozenset(sentence_words) if (
        all(len(w) == 1 for w in sentence_words) and "," not in sentence_words
        and not any(ch in w for w in clause_only for ch in sentence_words)
    ) else None
    # \n, or a run of two or more spaces (written to begin with a character class, which the
    # scanner looks for quickly)
    para_re = re.compile(r"[\n \u3000](?:(?<=\n)|[ \u3000]+)")

    lists: dict[str, tuple[str, ...]] = {}
    for section in ("time", "sections", "goal", "statistic", "exclude"):
        for key, value in raw.get(section, {}).items():
            if isinstance(value, list):
                lists[f"{section}.{key}"] = _words(value)
    not_before = lists.get("sections.target_not_before", ())
    section_res = (
        re.compile(
            f"(?:{_alt(lists.get('sections.target', ()))})"
            + (f"(?!{_alt(not_before)})" if not_before else "")
        ),
        re.compile(_alt(lists.get("sections.status", ()))),
        re.compile(_alt(lists.get("sections.other", ()))),
    )
    return TargetCues(
        raw=raw,
        value_re=value_re,
        range_re=range_re,
        after_re=after_re,
        before_re=before_re,
        year_re=year_re,
        five_re=five_re,
        relative_re=relative_re,
        plan_end_re=plan_end_re,
        heading_re=heading_re,
        multiple_re=re.compile(_alt(multiples)),
        clause_re=clause_re,
        sentence_re=sentence_re,
        sentence_chars=sentence_chars,
        para_re=para_re,
        aliases={str(k): str(v) for k, v in dict(units.get("aliases", {})).items()},
        blockers=_words(units.get("blockers", [])),
        before_info=before_info,
        adjacent_info=adjacent_info,
        after_info=after_info,
        approx=frozenset(str(w) for w in raw.get("approximate", {}).get("words", [])),
        multiples=multiples,
        multiple_unit=str(mult.get("unit", "倍")),
        multiple_norm=str(mult.get("norm", "multiple")),
        lists=lists,
        year_scan=year_scan,
        five_scan=five_scan,
        relative_scan=relative_scan,
        plan_end_scan=plan_end_scan,
        section_res=section_res,
        list_res={key: re.compile(_alt(words)) for key, words in lists.items()},
    )


# ------------------------------------------------------------------------------------------
# Numbers


def _cn_int(s: str) -> int:
    if not s:
        return 0
    for big, factor in (("亿", 10**8), ("万", 10**4)):
        i = s.rfind(big)
        if i >= 0:
            left = _cn_int(s[:i]) if i else 1
            return left * factor + _cn_int(s[i + 1 :])
    if len(s) > 1 and all(ch in _CN_DIGITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total = 0
    num = 0
    for ch in s:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            total += (num if num else 1) * _CN_SMALL[ch]
            num = 0
    return total + num


def _cn_number(s: str) -> float:
    if "点" in s:
        whole, _, frac = s.partition("点")
        digits = "".join(str(_CN_DIGITS.get(ch, 0)) for ch in frac)
        return _cn_int(whole) + (float("0." + digits) if digits else 0.0)
    return float(_cn_int(s))


def _cn_valid(s: str) -> bool:
    """A Chinese numeral that is a number, not an idiom (百家, 万家) or a digit string (一五九)."""
    if not s or s[0] not in "零〇○一二两三四五六七八九十":
        return False
    return len(s) == 1 or any(ch in "十百千万亿点" for ch in s)


def _ar_number(s: str) -> float:
    return float(s.translate(_FULLWIDTH).replace(",", ""))


def _round(v: float) -> float:
    return float(round(v, 6))


# ------------------------------------------------------------------------------------------
# Text structure


@dataclass(slots=True)
class _Heading:
    pos: int
    level: int
    kind: str | None
    eff: str | None = None
    text_end: int = 0
    end: int = 0
    target_end: int = 0


@dataclass(slots=True)
class _Anchor:
    pos: int
    end: int
    type: str  # deadline | bare | point | asof | period | relative
    year: int | None
    scope_end: int = 0


@dataclass(slots=True)
class _Value:
    start: int  # first character of the value expression (range start included)
    num_start: int
    num_end: int
    end: int  # after unit and after-comparator
    unit_end: int
    value: float
    unit: str
    value_max: float | None = None
    approx: bool = False
    after: str | None = None
    cn_single: bool = False
    multiple: bool = False
    clause: int = 0


@dataclass(slots=True)
class _Doc:
    text: str
    cues: TargetCues
    doc_year: int | None
    clause_starts: list[int]
    clause_ends: list[int]
    sent_starts: list[int]
    sent_ends: list[int]
    para_starts: list[int]
    para_ends: list[int]
    line_starts: list[int]
    headings: list[_Heading]
    heading_pos: list[int]
    anchors: list[_Anchor]
    anchor_pos: list[int]
    horizon: int | None

    def _prev_end(self, ends: list[int], pos: int) -> int:
        i = bisect_right(ends, pos) - 1
        return ends[i] if i >= 0 else 0

    def _next_start(self, starts: list[int], pos: int) -> int:
        i = bisect_left(starts, pos)
        return starts[i] if i < len(starts) else len(self.text)

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        return self._prev_end(self.clause_ends, pos), self._next_start(self.clause_starts, pos)

    def clause_index(self, pos: int) -> int:
        return bisect_right(self.clause_ends, pos)

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        return self._prev_end(self.sent_ends, pos), self._next_start(self.sent_starts, pos)

    def para_end(self, pos: int) -> int:
        return self._next_start(self.para_starts, pos + 1)

    def line_bounds(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.line_starts, pos) - 1
        start = self.line_starts[i] if i >= 0 else 0
        nxt = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(self.text)
        return start, nxt

    def heading_at(self, pos: int) -> _Heading | None:
        i = bisect_right(self.heading_pos, pos) - 1
        return self.headings[i] if i >= 0 else None


def _positions(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
    spans = [m.span() for m in islice(pattern.finditer(text), MAX_BOUNDARIES)]
    return [s for s, _ in spans], [e for _, e in spans]


def _classify_heading(cues: TargetCues, head: str) -> str | None:
    if cues.section_res is not None:
        # the same tests as below, one search each: a target word not followed by a
        # target_not_before word anywhere, else any status word, else any other word
        target, status, other = cues.section_res
        if target.search(head):
            return "target"
        if status.search(head):
            return "status"
        if other.search(head):
            return "other"
        return None
    lists = cues.lists
    for word in lists.get("sections.target", ()):
        i = head.find(word)
        while i >= 0:
            rest = head[i + len(word) :]
            if not rest.startswith(lists.get("sections.target_not_before", ())):
                return "target"
            i = head.find(word, i + 1)
    if _contains(cues, "sections.status", head):
        return "status"
    if _contains(cues, "sections.other", head):
        return "other"
    return None


_HEADING_LEVEL = {f"l{i}": i for i in range(5)}
# a heading's text ends at the first of these
_HEAD_STOP = re.compile("[。\n；;，,：:（( \u3000]")


def _headings(cues: TargetCues, text: str) -> list[_Heading]:
    found: list[_Heading] = []
    size = len(text)
    for m in islice(cues.heading_re.finditer(text), MAX_MARKS):
        # exactly one of the groups l0 … l4 takes part in a match
        level = _HEADING_LEVEL[m.lastgroup or ""]
        end = m.end()
        lead = 0
        while lead < 8 and end + lead < size and text[end + lead] in _SPACE:
            lead += 1
        head = text[end + lead : end + lead + 30]
        stop = _HEAD_STOP.search(head)
        cut = stop.start() if stop else len(head)
        kind = _classify_heading(cues, head[:cut])
        text_end = end + lead + (cut if kind else 0)
        found.append(_Heading(m.start(), level, kind, text_end=text_end))
    stack: list[_Heading] = []
    for h in found:
        while stack and stack[-1].level >= h.level:
            stack.pop().end = h.pos
        parent = stack[-1] if stack else None
        if h.kind in ("target", "status"):
            h.eff = h.kind
        elif h.kind is None and parent is not None and parent.eff in ("target", "status"):
            h.eff = parent.eff
        stack.append(h)
    for h in stack:
        h.end = len(text)
    # target_end: the end of the section that makes this heading a target section
    stack = []
    for h in found:
        while stack and stack[-1].level >= h.level:
            stack.pop()
        if h.eff == "target":
            if h.kind == "target" or not stack:
                h.target_end = h.end
            else:
                h.target_end = stack[-1].target_end or h.end
        stack.append(h)
    return found


def _anchors(cues: TargetCues, doc: _Doc) -> list[_Anchor]:
    text = doc.text
    lists = cues.lists
    before_deadline = lists.get("time.deadline_before", ())
    before_asof = lists.get("time.as_of_before", ())
    before_base = lists.get("time.base_before", ())
    after_base = lists.get("time.base_after", ())
    after_deadline = lists.get("time.deadline_after", ())
    end_words = lists.get("time.deadline_end", ())
    anchors: list[_Anchor] = []
    for m in islice(finditer_near(cues.year_re, text, *cues.year_scan), MAX_MARKS):
        if m.group("y"):
            year = int(m.group("y").translate(_FULLWIDTH))
        else:
            year = int("".join(str(_CN_DIGITS[ch]) for ch in m.group("cy")))
        pre = text[max(0, m.start() - 6) : m.start()].rstrip(_SPACE)
        post = text[m.end() : m.end() + 12]
        date = _MONTH_DAY.match(post)
        rest = post[date.end() :] if date else post
        if pre.endswith(before_base) or rest.startswith(after_base):
            continue
        if pre.endswith(before_asof):
            kind = "asof"
        elif (
            rest.startswith(after_deadline)
            or pre.endswith(before_deadline)
            or (_PERIOD_START.search(pre) and pre.endswith(lists.get("time.range_marks", ())))
        ):
            kind = "deadline"
        elif date:
            continue  # a plain date (2013年12月27日)
        elif pre.endswith(lists.get("time.from_before", ())) or rest.startswith("的"):
            kind = "point"  # 由2015年的45%提高到55%: the year dates the next figure only
        else:
            kind = "bare"
        end = m.end() + (date.end() if date else 0)
        for w in end_words + after_deadline:
            if text.startswith(w, end):
                end += len(w)
                break
        anchors.append(_Anchor(m.start(), end, kind, year))
    period_words = lists.get("time.five_year_period", ())
    for m in islice(finditer_near(cues.five_re, text, *cues.five_scan), MAX_MARKS):
        tail = m.group("tail")
        if not tail:
            continue
        year = 1955 + 5 * (10 + _CN_DIGITS[m.group("n")])
        if tail in lists.get("time.five_year_since", ()):
            kind = "asof"
        elif tail in period_words:
            kind = "period"
        else:
            kind = "deadline"
        anchors.append(_Anchor(m.start(), m.end(), kind, year))
    for m in islice(finditer_near(cues.relative_re, text, *cues.relative_scan), MAX_MARKS):
        n = m.group("n")
        years = int(n) if n.isdigit() else _cn_int(n)
        year = doc.doc_year + years if doc.doc_year is not None else None
        anchors.append(_Anchor(m.start(), m.end(), "relative", year))
    plan_matches = list(islice(finditer_near(cues.plan_end_re, text, *cues.plan_end_scan), MAX_MARKS))
    if plan_matches:
        head = text[:300].translate(_FULLWIDTH)
        rng = re.search(r"(?:19|20)[0-9]{2}[ ]?[-－—–~～至到][ ]?((?:19|20)[0-9]{2})", head)
        deadlines = [a.year for a in anchors if a.type == "deadline" and a.year]
        end_year = int(rng.group(1)) if rng else (max(deadlines) if deadlines else None)
        for m in plan_matches:
            anchors.append(_Anchor(m.start(), m.end(), "deadline", end_year))
    anchors.sort(key=lambda a: a.pos)
    return anchors


def _sentence_initial(doc: _Doc, anchor: _Anchor) -> bool:
    start, _ = doc.sentence_bounds(anchor.pos)
    if anchor.pos - start > 24:
        return False
    prefix = doc.text[start : anchor.pos].strip(_BULLETS + "，,：:")
    lists = doc.cues.lists
    for word in lists.get("goal.sentence", ()) + lists.get("time.deadline_before", ()):
        prefix = prefix.replace(word, "")
    return not prefix.strip(_BULLETS + "，,：:")


def _scope(doc: _Doc, anchor: _Anchor) -> int:
    _, sent_end = doc.sentence_bounds(anchor.pos)
    if anchor.type == "point":
        return min(sent_end, anchor.end + 4)
    if anchor.type != "deadline":
        return sent_end
    head = doc.heading_at(anchor.pos)
    if head is not None and head.eff == "target" and head.target_end > anchor.pos:
        return head.target_end
    if _sentence_initial(doc, anchor):
        return max(doc.para_end(anchor.pos), sent_end)
    return sent_end


def _build_doc(text: str, cues: TargetCues, doc_year: int | None) -> _Doc:
    cs, ce = _positions(cues.clause_re, text)
    if cues.sentence_chars is not None and len(cs) < MAX_BOUNDARIES:
        chars = cues.sentence_chars
        ss = [s for s in cs if text[s] in chars]
        se = [s + 1 for s in ss]
    else:
        ss, se = _positions(cues.sentence_re, text)
    ps, pe = _positions(cues.para_re, text)
    headings = _headings(cues, text)
    heading_pos = [h.pos for h in headings]
    # headings open new paragraphs and sentences
    ps = sorted(set(ps) | set(heading_pos))
    pe = sorted(set(pe) | set(heading_pos))
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    doc = _Doc(
        text=text,
        cues=cues,
        doc_year=doc_year,
        clause_starts=cs,
        clause_ends=ce,
        sent_starts=ss,
        sent_ends=se,
        para_starts=ps,
        para_ends=pe,
        line_starts=line_starts,
        headings=headings,
        heading_pos=heading_pos,
        anchors=[],
        anchor_pos=[],
        horizon=None,
    )
    anchors = _anchors(cues, doc)
    for a in anchors:
        a.scope_end = _scope(doc, a)
    doc.anchors = anchors
    doc.anchor_pos = [a.pos for a in anchors]
    future = [
        a.year
        for a in anchors
        if a.type == "deadline" and a.year and (doc_year is None or a.year >= doc_year)
    ]
    doc.horizon = min(future) if future else None
    return doc


# ------------------------------------------------------------------------------------------
# Values


# the characters that can end range_re's match (its dash or word, then an optional space)
_RANGE_MARKS = _RANGE_DASHES + "".join(w[-1] for w in _RANGE_WORDS)
_RANGE_SPACE = " \u3000"


def _values(doc: _Doc) -> list[_Value]:
    text = doc.text
    cues = doc.cues
    out: list[_Value] = []
    for m in cues.value_re.finditer(text):
        if len(out) >= MAX_CANDIDATES:
            break
        if m.group("den"):
            den = _cn_number(m.group("den"))
            num = _cn_number(m.group("fnum"))
            if not den:
                continue
            value, unit, mid = num / den * 100.0, "%", None
            unit_end = m.end()
            cn_single = False
        else:
            unit = m.group("unit")
            mid = m.group("mid")
            unit_end = m.end()
            base_at = m.end("scale") if m.group("scale") else m.start("unit")
            if text.startswith(cues.blockers, base_at):
                continue
            if m.group("ar") is not None:
                value = _ar_number(m.group("ar"))
                cn_single = False
            else:
                numeral = m.group("cn")
                scale = ""
                for s in ("万亿", "亿", "万"):
                    if numeral.endswith(s) and len(numeral) > len(s):
                        scale = s
                        break
                if scale and not unit.startswith(("万", "亿")):
                    value = _cn_number(numeral) / _SCALE_FACTOR[scale]
                    unit = scale + unit
                    numeral = numeral[: -len(scale)]
                else:
                    value = _cn_number(numeral)
                if not _cn_valid(numeral):
                    continue
                cn_single = len(numeral) == 1
        unit = cues.aliases.get(unit, unit)
        end = unit_end
        after = None
        am = cues.after_re.match(text, unit_end)
        if am:
            after = am.group(0)
            end = am.end()
        out.append(
            _Value(
                start=m.start(),
                num_start=m.start(),
                num_end=m.start("unit") if not m.group("den") else m.end(),
                end=end,
                unit_end=unit_end,
                value=_round(value),
                unit=unit,
                approx=bool(mid) or (after in cues.approx if after else False),
                after=after,
                cn_single=cn_single,
            )
        )
    for m in islice(cues.multiple_re.finditer(text), MAX_MARKS):
        out.append(
            _Value(
                start=m.start(),
                num_start=m.start(),
                num_end=m.end(),
                end=m.end(),
                unit_end=m.end(),
                value=float(cues.multiples[m.group(0)]),
                unit=cues.multiple_unit,
                multiple=True,
            )
        )
    out.sort(key=lambda v: v.start)
    # ranges: 3－5家, 50%－60%, 三至五家
    merged: list[_Value] = []
    for v in out:
        if not v.multiple:
            window = text[max(0, v.num_start - 24) : v.num_start]
            # a range ends in a range mark, perhaps followed by one space
            tail = window[-1:] if window[-1:] not in _RANGE_SPACE else window[-2:-1]
            rm = cues.range_re.search(window) if tail and tail in _RANGE_MARKS else None
            if rm:
                first = rm.group("first")
                start = v.num_start - len(window) + rm.start()
                funit = rm.group("funit")
                funit = cues.aliases.get(funit, funit) if funit else None
                ok = funit in (None, v.unit)
                if first[0] in _CN_CHARS:
                    ok = ok and _cn_valid(first)
                    fval = _cn_number(first) if ok else 0.0
                else:
                    fval = _ar_number(first)
                glued = start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()
                ok = ok and not glued
                if ok and fval < v.value:
                    if merged and merged[-1].start >= start:
                        merged.pop()
                    v.value_max = v.value
                    v.value = _round(fval)
                    v.start = start
                    v.cn_single = False
        merged.append(v)
    for v in merged:
        v.clause = doc.clause_index(v.start)
    return merged


# ------------------------------------------------------------------------------------------
# Classification


def _contains(cues: TargetCues, key: str, s: str) -> bool:
    """Does ``s`` hold any word of the list ``key`` (``any(w in s for w in cues.lists[key])``)?"""
    if key in cues.list_res:
        return cues.list_res[key].search(s) is not None
    return any(w in s for w in cues.lists.get(key, ()))


def _ends_with(s: str, words: tuple[str, ...]) -> str | None:
    if not s.endswith(words):
        return None
    for w in words:
        if s.endswith(w):
            return w
    return None


_PERIOD_START = re.compile(r"(?:19|20)[0-9]{2}年?[ \u3000]?[^0-9\s]{1,2}$")
_MONTH_DAY = re.compile(
    r"[0-9０-９一二三四五六七八九十]{1,3}月(?:[0-9０-９一二三四五六七八九十]{1,3}[日号])?"
)
_YEAR_PREFIX = re.compile(
    r"^(?:(?:力争|争取|确保|计划|预计)?(?:到|至|在|于)?"
    r"(?:19|20)[0-9]{2}[ \u3000]?年(?:底|末)?(?:前|以前|之前)?)"
)
_YEAR_INSIDE = re.compile(
    r"(?:力争|争取|确保|计划|预计)?(?:到|至)(?:19|20)[0-9]{2}[ \u3000]?年"
    r"(?:底|末)?(?:前|以前|之前)?"
)
_BASE_YEAR = re.compile(r"(?:比|较|与|由|从)(?:19|20)[0-9]{2}[ \u3000]?年(?:相比|同期|的)?")


def _strip_base(s: str, cues: TargetCues) -> str:
    """Remove a base of comparison (比上年, 比2010年) from the ends of an indicator."""
    base = cues.lists.get("goal.base_words", ())
    for _ in range(3):
        before = s
        for w in base:
            s = s.removeprefix(w).removesuffix(w)
        m = _BASE_YEAR.match(s)
        if m:
            s = s[m.end() :]
        m = _BASE_YEAR.search(s)
        if m and m.end() == len(s):
            s = s[: m.start()]
        s = s.strip(_SPACE + "，,")
        if s == before:
            break
    return s


def _strip_lead(s: str, cues: TargetCues) -> str:
    lead = cues.lists.get("goal.lead_words", ())
    s = _YEAR_INSIDE.sub("", s)
    for _ in range(6):
        before = s
        s = s.strip(_BULLETS + "，,：:；;、")
        s = _YEAR_PREFIX.sub("", s)
        rel = cues.relative_re.match(s)
        if rel:
            s = s[rel.end() :]
        for w in cues.lists.get("time.relative_before", ()):
            rel = cues.relative_re.match(s, len(w)) if s.startswith(w) else None
            if rel:  # 经过3年努力 / 用3年时间
                s = s[rel.end() :].removeprefix("的").removeprefix("努力")
                break
        for w in lead:
            if s.startswith(w):
                s = s[len(w) :]
                break
        s = _strip_base(s, cues)
        if s == before:
            break
    return s


def _strip_trail(s: str, cues: TargetCues) -> tuple[str, set[str]]:
    trail = cues.lists.get("goal.trail_words", ())
    keep = cues.lists.get("goal.trail_keep", ())
    seen: set[str] = set()
    for _ in range(8):
        s = s.rstrip(_SPACE)
        if _ends_with(s, keep):
            break
        w = _ends_with(s, trail)
        if not w or len(w) >= len(s):
            break
        seen.add(w)
        s = s[: -len(w)]
    return _strip_base(s.rstrip(_SPACE + "，,"), cues), seen


_LIST_SPLIT = re.compile(r"[、和及与]")
_DIGIT = re.compile(r"[0-9０-９]")


def _split_indicator(ind: str, n: int | None) -> list[str]:
    parts = [p for p in _LIST_SPLIT.split(ind) if p]
    if len(parts) < 2:
        return [ind]
    if n is not None and len(parts) != n:
        return [ind]
    middle = parts[1:-1]
    size = round(sum(len(p) for p in middle) / len(middle)) if middle else 2
    first, last = parts[0], parts[-1]
    if len(first) <= size or len(last) <= size:
        return parts
    prefix, suffix = first[:-size], last[size:]
    items = [first[-size:], *middle, last[:size]]
    return [prefix + item + suffix for item in items]


@dataclass(slots=True)
class _Decision:
    kind: str
    year: int | None


def _find_anchor(doc: _Doc, pos: int) -> _Anchor | None:
    i = bisect_left(doc.anchor_pos, pos) - 1
    for j in range(i, max(-1, i - 8), -1):
        a = doc.anchors[j]
        if a.end <= pos < a.scope_end:
            return a
    return None


def _decide(
    doc: _Doc, v: _Value, pre: str, sentence: str, sentence_before: str, has_goal_cmp: bool
) -> _Decision | None:
    head = doc.heading_at(v.start)
    section = head.eff if head is not None else None
    anchor = _find_anchor(doc, v.start)
    if section == "status":
        return _Decision("statistic", anchor.year if anchor else None)
    if _contains(doc.cues, "statistic.strong", pre):
        return _Decision("statistic", anchor.year if anchor else None)
    if anchor is not None:
        y = anchor.year
        if anchor.type == "asof":
            return _Decision("statistic", y)
        if anchor.type == "relative":
            return _Decision("target", y)
        if anchor.type == "deadline":
            if y is not None and doc.doc_year is not None and y < doc.doc_year:
                return _Decision("statistic", y)
            return _Decision("target", y)
        # bare year or five-year period
        if y is not None:
            past = (doc.doc_year is not None and y < doc.doc_year) or (
                doc.horizon is not None and y < doc.horizon
            )
            future = (doc.doc_year is not None and y > doc.doc_year) or (
                doc.horizon is not None and y >= doc.horizon
            )
            if future and not past:
                return _Decision("target", y)
            if past or doc.doc_year is None or y != doc.doc_year:
                return _Decision("statistic", y)
            # the document's own year: a goal only if worded as one (预期增长7%左右)
            if has_goal_cmp or section == "target" or v.approx:
                return _Decision("target", y)
            return _Decision("statistic", y)
    if _contains(doc.cues, "goal.sentence", pre):
        return _Decision("target", None)
    if _contains(doc.cues, "statistic.weak", sentence_before):
        return _Decision("statistic", None)
    if section == "target":
        return _Decision("target", None)
    if has_goal_cmp or _contains(doc.cues, "goal.sentence", sentence):
        return _Decision("target", None)
    return None


def _comparator(cues: TargetCues, pre: str) -> tuple[str | None, bool, int, int]:
    """(normalised comparator, goal flag, start, end in *pre*) of the comparator before a value."""
    last = None
    for m in cues.before_re.finditer(pre):
        if cues.before_info[m.group(0)][0]:
            last = m
    if last is not None and last.end() == len(pre):
        norm, goal = cues.before_info[last.group(0)]
        return norm, goal, last.start(), last.end()
    if pre and pre[-1] in cues.adjacent_info:
        norm, goal = cues.adjacent_info[pre[-1]]
        return norm, goal, len(pre) - 1, len(pre)
    if last is not None:
        norm, goal = cues.before_info[last.group(0)]
        return norm, goal, last.start(), last.end()
    return None, False, len(pre), len(pre)


def _excluded(doc: _Doc, v: _Value, pre: str, post: str, clause: str, sentence: str,
              in_context: bool) -> bool:
    lists = doc.cues.lists
    text = doc.text
    if v.start > 0 and text[v.start - 1] in lists.get("exclude.quote_open", ()):
        return True
    if _ends_with(pre, lists.get("exclude.ordinal_before", ())):
        return True
    if _contains(doc.cues, "exclude.penalty", clause):
        return True
    if _ends_with(pre, lists.get("exclude.penalty_adjacent", ())):
        return True
    if v.unit in lists.get("exclude.age_units", ()) and (
        _ends_with(pre, lists.get("exclude.age", ())) or v.after or post.startswith("的")
    ):
        return True
    if _ends_with(pre, lists.get("exclude.age", ())):
        return True
    if _contains(doc.cues, "exclude.duration", pre[-12:]):
        return True
    if v.unit in lists.get("exclude.count_units", ()) and _contains(
        doc.cues, "exclude.count_nouns", post[:10]
    ):
        return True
    if post.startswith(lists.get("exclude.quota_after", ())):
        return True
    if not in_context and _contains(doc.cues, "exclude.quota_before", pre[-6:]):
        return True
    if _contains(doc.cues, "exclude.rule_limit", pre):
        return True
    scope = clause if in_context else sentence
    if _contains(doc.cues, "exclude.subsidy", scope):
        return True
    lead = clause.lstrip(_BULLETS)
    return lead.startswith(lists.get("exclude.condition_lead", ())) and post.startswith("的")


def _clause_subject(doc: _Doc, clause_start: int) -> str:
    """The subject of the clause before *clause_start* in the same sentence (its text before its
    first comparator or number): 全省电子商务交易额翻两番，突破3.2万亿元 -> 全省电子商务交易额."""
    text = doc.text
    if clause_start <= 0 or text[clause_start - 1] not in "，,；;":
        return ""
    prev_start, _ = doc.clause_bounds(clause_start - 1)
    prev = text[max(prev_start, clause_start - 1 - WINDOW) : clause_start - 1]
    cut = len(prev)
    for m in doc.cues.before_re.finditer(prev):
        if doc.cues.before_info[m.group(0)][0]:
            cut = m.start()
            break
    for pattern in (doc.cues.multiple_re, doc.cues.value_re):
        m = pattern.search(prev)
        if m and m.start() < cut:
            cut = m.start()
    subject, _ = _strip_trail(_strip_lead(prev[:cut], doc.cues), doc.cues)
    return subject


def _is_headline(doc: _Doc, pos: int, max_chars: int) -> bool:
    start, end = doc.line_bounds(pos)
    if end - start > max_chars:
        return False
    line = doc.text[start:end]
    return not any(p in line for p in "。，；,;！？!?")


def _find_targets(text: str, doc_year: int | None, cues: TargetCues) -> list[Target]:
    doc = _build_doc(text, cues, doc_year)
    values = _values(doc)
    lists = cues.lists
    # drop dense clauses (tables, noise)
    counts: dict[int, int] = {}
    for v in values:
        counts[v.clause] = counts.get(v.clause, 0) + 1
    values = [v for v in values if counts[v.clause] <= MAX_PER_CLAUSE]

    # groups: 60%和30%, 65%、55%
    groups: list[list[_Value]] = []
    for v in values:
        if groups and not v.multiple and not groups[-1][-1].multiple:
            prev = groups[-1][-1]
            gap = text[prev.end : v.start]
            joined = gap.strip(_SPACE) in ("和", "、", "及", "与", "或", "以及")
            if joined and prev.clause == v.clause and prev.unit == v.unit:
                groups[-1].append(v)
                continue
        groups.append([v])

    build_verbs = lists.get("goal.build_verbs", ())
    each_words = set(lists.get("goal.each", ()))
    resp_words = set(lists.get("goal.respectively", ()))
    results: list[tuple[Target, bool]] = []
    last_kept_end: dict[int, int] = {}
    prev_indicator: dict[int, str] = {}
    for gi, group in enumerate(groups):
        first, last = group[0], group[-1]
        cs, ce = doc.clause_bounds(first.start)
        ss, se = doc.sentence_bounds(first.start)
        seg_start = min(
            max(cs, last_kept_end.get(first.clause, cs), first.start - WINDOW), first.start
        )
        head = doc.heading_at(first.start)
        if head is not None and seg_start <= head.pos and head.text_end <= first.start:
            seg_start = head.text_end
        pre = text[seg_start : first.start]
        nxt_start = groups[gi + 1][0].start if gi + 1 < len(groups) else len(text)
        post = text[last.end : max(last.end, min(ce, last.end + WINDOW, nxt_start))]
        clause = text[max(cs, first.start - WINDOW) : min(ce, last.end + WINDOW)]
        sentence = text[max(ss, first.start - 2 * WINDOW) : min(se, last.end + 2 * WINDOW)]
        norm, goal, cstart, cend = _comparator(cues, pre)
        if first.multiple:
            norm, goal = cues.multiple_norm, True
            # 翻两番，突破3.2万亿元: the figure that follows carries the target
            nxt = groups[gi + 1][0] if gi + 1 < len(groups) else None
            if nxt is not None and not nxt.multiple and nxt.clause == first.clause + 1:
                lead = text[doc.clause_bounds(nxt.start)[0] : nxt.start]
                nnorm, _, nstart, _ = _comparator(cues, lead)
                if nnorm not in (None, "growth", "decline") and not _strip_lead(
                    lead[:nstart], cues
                ):
                    continue
        # 一家 / 两个 are words, not figures, unless a comparator or a verb stands right before
        if first.cn_single and not (
            (cstart < len(pre) and cend == len(pre)) or _ends_with(pre, build_verbs)
        ):
            continue
        # qualifier: 超过100亿元的平台超过20家, 超十亿元企业5－10家, 培育10家年收入超10亿元的企业
        nxt = groups[gi + 1][0] if gi + 1 < len(groups) else None
        prv = groups[gi - 1][-1] if gi > 0 else None
        same_next = nxt is not None and nxt.clause == first.clause and not nxt.multiple
        same_prev = prv is not None and prv.clause == first.clause and not prv.multiple
        if post.startswith("的") and (same_next or same_prev):
            continue
        if same_next and nxt is not None:
            between = text[last.end : nxt.start]
            if not (
                between[-1:] in cues.adjacent_info
                or any(ch in between for ch in "和及、")
                or any(cues.before_info[m.group(0)][0] for m in cues.before_re.finditer(between))
            ):
                continue
        deadline_ctx = _find_anchor(doc, first.start)
        head = doc.heading_at(first.start)
        in_context = (
            deadline_ctx is not None and deadline_ctx.type in ("deadline", "relative")
        ) or (head is not None and head.eff == "target")
        if _excluded(doc, first, pre, post, clause, sentence, in_context):
            continue
        sentence_before = text[max(ss, first.start - 2 * WINDOW) : first.start]
        decision = _decide(doc, first, pre, sentence, sentence_before, goal)
        if decision is None:
            continue
        if first.after and not first.multiple:
            anorm, _ = cues.after_info.get(first.after, (None, False))
            if anorm and norm not in ("growth", "decline"):
                norm = anorm
        approx = any(v.approx for v in group) or (
            bool(pre) and pre[-1] in cues.adjacent_info and cues.adjacent_info[pre[-1]][0] == "~"
        )
        # indicator
        span_start = seg_start
        while span_start < first.start and text[span_start] in _BULLETS + "和及、":
            span_start += 1
        span_end = last.end
        raw_ind = pre[:cstart]
        between = pre[cend:].strip(_SPACE)
        if between and not between.endswith("的"):
            raw_ind = pre[:cstart] + pre[cend:]  # verb and object: 实现地区生产总值5000亿元
        ind = _strip_lead(raw_ind, cues)
        ind, trail = _strip_trail(ind, cues)
        verb = _ends_with(ind, build_verbs) or _ends_with(pre.rstrip(_SPACE), build_verbs)
        if verb and ind.endswith(verb):
            ind = ind[: -len(verb)]
        if post[:1] and post[0] not in _SPACE + "，,；;。：:、（(和及与或":
            obj = post[1:] if post.startswith("的") else post
            cut = len(obj)
            for stop in ("和", "及", "、", "，", "；", "。"):
                j = obj.find(stop)
                if 0 < j < cut:
                    cut = j
            for m in cues.before_re.finditer(obj, 0, cut):
                if cues.before_info[m.group(0)][0]:
                    cut = m.start()
                    break
            digit = _DIGIT.search(obj, 0, cut)
            if digit:
                cut = digit.start()
            if obj[:cut].strip(_SPACE):
                span_end = last.end + (len(post) - len(obj)) + cut
                if verb or not ind:
                    ind = obj[:cut].strip(_SPACE)
        if not ind:
            ind = (
                prev_indicator.get(first.clause, "")
                or prev_indicator.get(first.clause - 1, "")
                or _clause_subject(doc, cs)
            )
        indicator = ind[-60:] if ind else None
        if indicator is not None:
            prev_indicator[first.clause] = indicator
        last_kept_end[first.clause] = span_end
        while span_end > span_start and text[span_end - 1] in _SPACE:
            span_end -= 1
        span = (span_start, span_end)
        # one target per value, or per listed indicator (均 / 分别)
        indicators: list[str | None] = [indicator] * len(group)
        items: list[tuple[_Value, str | None]] = list(zip(group, indicators, strict=True))
        if indicator and trail & resp_words and len(group) > 1:
            parts = _split_indicator(indicator, len(group))
            if len(parts) == len(group):
                items = list(zip(group, parts, strict=True))
        elif indicator and trail & each_words and len(group) == 1:
            parts = _split_indicator(indicator, None)
            items = [(first, p) for p in parts]
        headline = _is_headline(doc, first.start, int(cues.raw.get("layout", {}).get(
            "headline_max_chars", 40)))
        for v, ind_v in items:
            results.append(
                (
                    Target(
                        value=v.value,
                        unit=v.unit,
                        span=span,
                        year=decision.year,
                        comparator=norm,
                        kind=decision.kind,
                        indicator=ind_v or None,
                        value_max=v.value_max,
                        approximate=approx or v.approx,
                    ),
                    headline,
                )
            )
    body = {(t.value, t.unit) for t, h in results if not h and t.kind == "target"}
    out = [t for t, h in results if not (h and t.kind == "target" and (t.value, t.unit) in body)]
    out.sort(key=lambda t: (t.span[0], t.span[1]))
    return out


def find_targets(text: str, *, doc_year: int | None = None) -> list[Target]:
    """Quantitative targets and baseline statistics in *text*, in text order.

    ``doc_year`` (the year the document was issued, when known) separates past figures from
    goals when the text gives only a bare year.  Never raises: on unusable input it returns [].

    >>> ts = find_targets("到2025年，马铃薯种植、收获机械化率均达到45%。")
    >>> [(t.indicator, t.value, t.unit, t.year) for t in ts]
    [('马铃薯种植机械化率', 45.0, '%', 2025), ('马铃薯收获机械化率', 45.0, '%', 2025)]
    """
    if not isinstance(text, str) or not text:
        return []
    if doc_year is not None and not isinstance(doc_year, int):
        doc_year = None
    try:
        cues = _default_cues()
        return _find_targets(text, doc_year, cues)
    except Exception:  # the extractor must never take the pipeline down
        return []
