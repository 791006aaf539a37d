"""发文字号: find every document number in a text, with its canonical and printed forms.

A 文号 is 机关代字 + year in brackets + serial + 号 (国发〔2013〕32号).  In the wild the brackets
vary (〔〕 [] ［］ 【】 （） () 〈〉 《》), spaces and line breaks creep in, digits are full width,
第 or 字 is inserted and years have two digits.  The canonical form uses 〔〕, half-width digits,
a four-digit year and no spaces; the printed form is kept as found.

>>> [n.canonical for n in find_doc_numbers("按照国发[2015]24号要求，落实粤府办（２０１２）１３１号文")]
['国发〔2015〕24号', '粤府办〔2012〕131号']
"""

from __future__ import annotations

import re
from functools import lru_cache

from policygraph.cues import alternation, cues
from policygraph.extractors.numerals import to_halfwidth_digits
from policygraph.extractors.scan import finditer_near
from policygraph.model import DocNumber

_OPEN = re.escape("〔[［【（(〈《")
_CLOSE = re.escape("〕]］】）)〉》")
_DIGIT = "0-9０-９"

DOC_NUMBER_RE = re.compile(
    rf"(?P<code>[\u4e00-\u9fff]{{1,12}})[ \t\u3000]{{0,2}}\n?[ \t\u3000]{{0,2}}"
    rf"[{_OPEN}][ \t\u3000]{{0,2}}(?P<year>[{_DIGIT}]{{4}}|[{_DIGIT}]{{2}})[ \t\u3000]{{0,2}}[{_CLOSE}]"
    rf"[ \t\u3000]{{0,2}}(?:字[ \t\u3000]{{0,2}})?(?:第[ \t\u3000]{{0,2}})?"
    rf"(?P<serial>[{_DIGIT}]{{1,5}})[ \t\u3000]{{0,2}}号(?!码)"
)

# The bracketed year is rare in ordinary text: find it first, then read the code before it.
_YEAR_CORE_RE = re.compile(
    rf"[{_OPEN}][ \t\u3000]{{0,2}}(?:[{_DIGIT}]{{4}}|[{_DIGIT}]{{2}})[ \t\u3000]{{0,2}}[{_CLOSE}]")


def _candidates(text: str) -> list[re.Match[str]]:
    out = []
    last_end = -1
    for core in _YEAR_CORE_RE.finditer(text):
        k = core.start()
        while k > 0 and k > core.start() - 6 and text[k - 1] in " \t\u3000\n":
            k -= 1
        j = k
        while j > 0 and j > k - 12 and "\u4e00" <= text[j - 1] <= "\u9fff":
            j -= 1
        if j == k or j < last_end:
            continue
        m = DOC_NUMBER_RE.match(text, j)
        if m:
            out.append(m)
            last_end = m.end()
    return out


# Promulgation announcements and orders: 杭州市…常务委员会公告第78号, 国务院令第708号.
NUMBERED_ISSUE_RE = re.compile(
    rf"(?P<body>[\u4e00-\u9fff]{{2,40}}?)[ \t\u3000]{{0,2}}(?P<kind>公告|令)[ \t\u3000]{{0,2}}"
    rf"(?:〔[{_DIGIT}]{{4}}〕)?[ \t\u3000]{{0,2}}第[ \t\u3000]{{0,2}}(?P<serial>[{_DIGIT}]{{1,6}})[ \t\u3000]{{0,2}}号"
)


@lru_cache(maxsize=1)
def _leadin_re() -> re.Pattern[str]:
    words = cues()["references"]["leadin_verbs"] + cues()["relations"]["implements"]["before"]
    return re.compile("^" + alternation(words))


_NON_CODE_END = set("的了将在于以和与及为按据照求等要见经由从对是")


@lru_cache(maxsize=1)
def _leadin_full_re() -> re.Pattern[str]:
    words = cues()["references"]["leadin_verbs"] + cues()["relations"]["implements"]["before"]
    return re.compile("(?:" + alternation(words) + ")+")


def _expand_year(year: str) -> int:
    y = int(to_halfwidth_digits(year))
    if y < 100:
        y += 1900 if y >= 50 else 2000
    return y


@lru_cache(maxsize=16384)
def trim_code(raw: str) -> str:
    """Cut lead-in words a greedy match swallowed in front of the 机关代字.

    The earliest position from which a registered code starts wins; failing that, known
    lead-in verbs are stripped from the left.

    >>> trim_code("按照财库"), trim_code("关于印发深府"), trim_code("发改办高技"), trim_code("国办发")
    ('财库', '深府', '发改办高技', '国办发')
    """
    from policygraph.registry import lookup_agency

    def registered(s: str) -> bool:
        hit = lookup_agency(s)
        return hit is not None and s.startswith(hit.code)

    if registered(raw):
        return raw
    # a registered code further in counts only after words that cannot end a code
    for i in range(1, len(raw)):
        if registered(raw[i:]) and (_leadin_full_re().fullmatch(raw[:i]) or raw[i - 1] in _NON_CODE_END):
            return raw[i:]
    code = raw
    leadin = _leadin_re()
    while True:
        m = leadin.match(code)
        if not m or m.end() >= len(code):
            break
        code = code[m.end():]
    for stop in ("的", "于", "将", "以", "在", "是", "据", "照"):
        idx = code.rfind(stop)
        if 0 <= idx < len(code) - 1:
            code = code[idx + 1:]
    return code[-8:]


def canonical(code: str, year: int | None, serial: int | None) -> str:
    """Canonical 文号 from its parts.

    >>> canonical("国发", 2013, 32)
    '国发〔2013〕32号'
    """
    return f"{code}〔{year}〕{serial}号"


def normalise_doc_number(printed: str) -> str | None:
    """Canonical form of a printed 文号, or ``None`` if it is not one.

    >>> normalise_doc_number("深府 [２０１３] 第119号")
    '深府〔2013〕119号'
    """
    found = _candidates(printed)
    if not found:
        return None
    m = found[0]
    return canonical(trim_code(m.group("code")), _expand_year(m.group("year")),
                     int(to_halfwidth_digits(m.group("serial"))))


def find_doc_numbers(text: str) -> list[DocNumber]:
    """Every 发文字号 in ``text``, in order, with spans covering the printed form."""
    out: list[DocNumber] = []
    for m in _candidates(text):
        raw = m.group("code")
        code = trim_code(raw)
        start = m.start("code") + (len(raw) - len(code))
        year = _expand_year(m.group("year"))
        serial = int(to_halfwidth_digits(m.group("serial")))
        printed = text[start:m.end()]
        out.append(DocNumber(canonical=canonical(code, year, serial), printed=printed,
                             span=(start, m.end()), agency_code=code, year=year, serial=serial))
    return out


def find_numbered_issues(text: str) -> list[DocNumber]:
    """Announcement and order numbers (…公告第78号, 国务院令第708号): numbers of another
    series, used as a document's own number only when its masthead gives nothing else."""
    out: list[DocNumber] = []
    for m in NUMBERED_ISSUE_RE.finditer(text):
        body = m.group("body")
        # keep the issuing body only: drop dates and verbs before it
        cut = max(body.rfind(ch) for ch in "日年，。；：、 ")
        if cut >= 0:
            body = body[cut + 1:]
        start = m.end("body") - len(body)
        serial = int(to_halfwidth_digits(m.group("serial")))
        printed = text[start:m.end()]
        out.append(DocNumber(canonical=re.sub(r"\s+", "", to_halfwidth_digits(printed)),
                             printed=printed, span=(start, m.end()), agency_code=body,
                             year=None, serial=serial,
                             kind="announcement" if m.group("kind") == "公告" else "order"))
    return out


# Prose forms: 国发32号文 (code and serial, no year), 国务院2013年32号文件 (body, year, serial).
_PROSE_CODE_RE = re.compile(rf"(?P<code>[\u4e00-\u9fff]{{2,6}}?)(?P<serial>[{_DIGIT}]{{1,4}})号文(?:件)?")
_PROSE_BODY_RE = re.compile(
    rf"(?P<body>[\u4e00-\u9fff]{{2,12}}?)(?P<year>(?:19|20)[{_DIGIT}]{{2}})年(?:第)?(?P<serial>[{_DIGIT}]{{1,4}})号文(?:件)?")
# Both prose forms end in 号文(件); no match starts more than this many characters before it
# (body, year, 年, 第, serial) or ends more than one character after it (件).
_PROSE_TAIL = "号文"
_PROSE_REACH = 12 + 4 + 1 + 1 + 4


def find_prose_numbers(text: str, known: list[DocNumber] | None = None) -> list[DocNumber]:
    """文号 written as prose: 国发32号文 and 国务院2013年32号文件.  A code-and-serial form takes
    its year from a full 文号 with the same code and serial elsewhere in ``known``; without one
    its canonical form has no year (``国发〔?〕32号``).

    >>> [n.canonical for n in find_prose_numbers("按照国务院2013年32号文件和国发32号文精神")]
    ['国发〔2013〕32号', '国发〔2013〕32号']
    """
    from policygraph.registry import agency_codes, lookup_agency

    out: list[DocNumber] = []
    if _PROSE_TAIL not in text:
        return out
    taken: list[tuple[int, int]] = []
    for m in finditer_near(_PROSE_BODY_RE, text, _PROSE_TAIL, _PROSE_REACH, 1):
        body = m.group("body")
        code = None
        for i in range(len(body)):
            rows = [a for a in agency_codes() if a.body == body[i:] and a.code.endswith("发")]
            if rows:
                code, body = sorted(rows, key=lambda a: len(a.code))[0].code, body[i:]
                break
        if code is None:
            continue
        start = m.end("body") - len(body)
        year = _expand_year(m.group("year"))
        serial = int(to_halfwidth_digits(m.group("serial")))
        out.append(DocNumber(canonical=canonical(code, year, serial), printed=text[start:m.end()],
                             span=(start, m.end()), agency_code=code, year=year, serial=serial,
                             kind="prose"))
        taken.append((start, m.end()))
    for m in finditer_near(_PROSE_CODE_RE, text, _PROSE_TAIL, _PROSE_REACH, 1):
        raw = m.group("code")
        code = next((raw[i:] for i in range(len(raw)) if (hit := lookup_agency(raw[i:])) is not None
                     and hit.code == raw[i:]), None)
        if code is None:
            continue
        start = m.end("code") - len(code)
        if any(s <= start < e for s, e in taken):
            continue
        serial = int(to_halfwidth_digits(m.group("serial")))
        year = next((k.year for k in known or [] if k.agency_code == code and k.serial == serial), None)
        if year is None:
            year = next((k.year for k in out if k.agency_code == code and k.serial == serial), None)
        canon = canonical(code, year, serial) if year else f"{code}〔?〕{serial}号"
        out.append(DocNumber(canonical=canon, printed=text[start:m.end()], span=(start, m.end()),
                             agency_code=code, year=year, serial=serial, kind="prose"))
    out.sort(key=lambda n: n.span)
    return out
