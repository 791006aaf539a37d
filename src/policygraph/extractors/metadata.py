"""A document's own metadata: title, 发文字号, issuers, type, addressees, dates, validity.

The masthead (title lines, 文号, 主送机关) and the signature block (issuer line followed by a date
line) give a document's own facts; citations in the body never do.  Web-page headers
(索引号, 发布机构, 发布日期, 信息名称, 文号 fields), repository headers (a Markdown ``# title``
and the adoption / publication lines of a law) are read as what they are.

>>> meta = find_metadata("国务院办公厅关于印发《政府网站集约化\\n试点工作方案》的通知\\n"
...                      "国办函〔2018〕71号\\n各省、自治区、直辖市人民政府，国务院各部委：\\n"
...                      "现印发给你们。\\n国务院办公厅\\n2018年10月27日\\n")
>>> meta.title, meta.promulgates
('国务院办公厅关于印发《政府网站集约化试点工作方案》的通知', '政府网站集约化试点工作方案')
>>> meta.doc_number, meta.date_signed, meta.addressees
('国办函〔2018〕71号', '2018-10-27', ['各省、自治区、直辖市人民政府', '国务院各部委'])
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from policygraph.cues import alternation, cues
from policygraph.extractors.dates import find_dates
from policygraph.extractors.docnumber import DOC_NUMBER_RE, find_doc_numbers, find_numbered_issues
from policygraph.model import Evidence, Span

HEADER_KEYS = {
    "索引号": "index_number", "信息分类": "category", "主题分类": "category",
    "发布机构": "publisher", "发文机关": "publisher", "发布日期": "date_published",
    "成文日期": "date_signed", "生效日期": "date_effective", "实施日期": "date_effective",
    "信息名称": "title", "标题": "title", "名称": "title", "文号": "doc_number",
    "发文字号": "doc_number", "关键词": "keywords", "主题词": "keywords", "来源": "source",
    "法宝引证码": "cli", "原文链接": "url", "有效性": "validity", "时效性": "validity",
}
_HEADER_RE = re.compile(
    r"^[ \t\u3000]*[【\[]?(?P<key>" + "|".join(
        "[ \t\u3000]*".join(re.escape(ch) for ch in k) for k in sorted(HEADER_KEYS, key=len, reverse=True)
    ) + r")[】\]]?[ \t\u3000]*[:：]?[ \t\u3000]*(?P<value>[^\n]*)$"
)
_HEADER_FIRST = frozenset("【[" + "".join(k[0] for k in HEADER_KEYS))
_URL_OPENINGS = ("http://", "https://", "www.")
_URL_RE = re.compile(r"^[ \t\u3000]*(?:https?://|www\.)\S+[ \t\u3000]*$")
_DATE_LINE_RE = re.compile(r"^[ \t\u3000（(]*(?P<date>[^\n]{6,22}?)[ \t\u3000）)]*$")
_CLAUSE_END = re.compile(r"[。；：:]$")
_NEWS_RE = re.compile(r"报讯|记者|通讯员|讯[（(]|新华社|中新网")


@lru_cache(maxsize=1)
def _doc_type_re() -> re.Pattern[str]:
    c = cues()["doc_types"]
    words = c["other"] + c["statutory"]
    return re.compile("(?P<type>" + alternation(words) + ")" + c["title_tail"] + r"$")


def doc_type_of(title: str | None) -> str | None:
    """The document type a title ends with (the longest known type word).

    >>> doc_type_of("国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见")
    '指导意见'
    >>> doc_type_of("加快促进成都电子商务健康快速发展实施方案(2013—2015年)")
    '实施方案'
    """
    if not title:
        return None
    m = _doc_type_re().search(title.strip())
    return m.group("type") if m else None


@dataclass
class Metadata:
    title: str | None = None
    notice_title: str | None = None
    promulgates: str | None = None
    doc_number: str | None = None
    doc_number_printed: str | None = None
    doc_type: str | None = None
    issuers: list[str] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)
    date_signed: str | None = None
    date_published: str | None = None
    date_effective: str | None = None
    valid_years: int | None = None
    jurisdiction: str | None = None
    level: str | None = None
    body_start: int = 0
    body_end: int | None = None
    header: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _Line(NamedTuple):
    start: int
    end: int
    text: str  # stripped


_BLANKS = " \t\u3000\u00a0"


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    append = out.append
    pos = 0
    for raw in text.split("\n"):
        left = raw.lstrip(_BLANKS)
        stripped = left.rstrip(_BLANKS)
        if stripped.startswith("<!--") and stripped.endswith("-->"):
            stripped = ""  # repository markers such as <!-- INFO END -->
        start = pos + len(raw) - len(left)
        append(_Line(start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _is_date_line(line: str) -> str | None:
    m = _DATE_LINE_RE.match(line)
    if not m:
        return None
    dates = find_dates(line)
    if len(dates) == 1:
        d = dates[0]
        rest = (line[:d.span[0]] + line[d.span[1]:]).strip(" \t\u3000（()）")
        if not rest:
            return d.value
    return None


_NOT_NAMES = re.compile(r"[。，,；;：:《》“”]")
_NAME_GAP = re.compile(r"[ \t\u3000]+")


def _body_names(line: str) -> list[str] | None:
    """A signature line: one or more body names separated by spaces."""
    from policygraph.extractors.responsibility import is_body_like

    if not line or len(line) > 60 or _NOT_NAMES.search(line):
        return None
    names = [n for n in _NAME_GAP.split(line) if n]
    if names and all(is_body_like(n) and len(n) >= 2 for n in names):
        out: list[str] = []
        for n in names:
            out.extend(_segment_known(n) or [n])
        return out
    return None


def _segment_known(name: str) -> list[str] | None:
    """Split names printed without a separator (财政部国家税务总局) into known bodies, when
    the whole string is covered by them."""
    from policygraph.registry import find_body, listed_body_names

    if find_body(name) is not None:
        return None
    known = listed_body_names()
    out: list[str] = []
    i = 0
    while i < len(name):
        for length in range(min(len(name) - i, 20), 1, -1):
            if name[i:i + length] in known:
                out.append(name[i:i + length])
                i += length
                break
        else:
            return None
    return out if len(out) >= 2 else None


def _strip_title_prefix(title: str) -> tuple[str, str | None]:
    """``珠海市 关于…`` (a place label before a title that opens with 关于) → the title alone."""
    m = re.match(r"^(?P<place>[\u4e00-\u9fff]{2,10}[省市县区])[ \t\u3000\u00a0]+(?P<rest>关于.+)$", title)
    if m:
        return m.group("rest"), m.group("place")
    return title, None


def _promulgated_in(title: str) -> str | None:
    """The attachment named in a 印发/转发 title: 关于印发《X》的通知 → X."""
    m = re.search(r"(?:印发|转发|批转|发布|公布)《(?P<x>.+)》的(?:通知|决定|公告|通告)$", title)
    if m:
        return m.group("x")
    m = re.search(r"(?:^|关于|[府厅局委部办院])(?:印发|转发|批转)(?P<x>[^《》]{4,80}?)的通知$", title)
    if m:
        return m.group("x")
    return None


def find_metadata(text: str, hints: dict[str, str] | None = None) -> Metadata:
    """Read the masthead, header and signature of ``text``."""
    from policygraph.registry import find_jurisdiction_in

    hints = hints or {}
    meta = Metadata()
    lines = _lines(text)
    i = 0
    # --- web / repository header -------------------------------------------------------
    header_spans: dict[str, Span] = {}
    last_header = -1
    for k, ln in enumerate(lines[:30]):
        if not ln.text:
            continue
        # (the lines are stripped: a URL or header line opens with one of its first characters)
        if ln.text.startswith(_URL_OPENINGS) and _URL_RE.match(ln.text):
            meta.header.setdefault("url", ln.text)
            last_header = k
            continue
        m = _HEADER_RE.match(ln.text) if ln.text[0] in _HEADER_FIRST else None
        if m and (m.group("value").strip() or k <= last_header + 2):
            key = HEADER_KEYS[re.sub(r"[ \t\u3000]", "", m.group("key"))]
            value = m.group("value").strip()
            if value:
                meta.header.setdefault(key, value)
                vs = ln.start + m.start("value")
                header_spans.setdefault(key, (vs, vs + len(value)))
            last_header = k
            continue
        if last_header >= 0 and k > last_header + 1:
            break
    i = last_header + 1

    # --- Markdown law collection: "# title", then adoption / publication lines ------------
    info_end = text.find("<!-- INFO END -->")
    title_lines: list[_Line] = []
    while i < len(lines) and not lines[i].text:
        i += 1
    if i < len(lines) and lines[i].text.startswith("#"):
        ln = lines[i]
        t = ln.text.lstrip("#").strip()
        offset = ln.text.find(t)
        title_lines = [_Line(ln.start + offset, ln.end, t)]
        i += 1
    else:
        # title lines: short, no sentence punctuation, until one ends with a type word
        k = i
        while k < len(lines) and (not lines[k].text or DOC_NUMBER_RE.fullmatch(lines[k].text)):
            k += 1
        while k < len(lines) and len(title_lines) < 3:
            t = lines[k].text
            if not t:
                if title_lines:
                    break
                k += 1
                continue
            if len(t) > 90 or _CLAUSE_END.search(t) or DOC_NUMBER_RE.fullmatch(t) \
                    or _is_date_line(t) or t.startswith("各"):
                break
            so_far = "".join(x.text for x in title_lines)
            if title_lines and doc_type_of(so_far) and so_far.count("《") <= so_far.count("》"):
                break
            title_lines.append(lines[k])
            k += 1
        # a first line that does not end in a type word, followed by one that does: one title
        if len(title_lines) >= 2 and not doc_type_of(title_lines[0].text) and \
                not doc_type_of("".join(x.text for x in title_lines)):
            title_lines = title_lines[:1]
        i = k if title_lines else i
    title_span: Span | None = None
    if title_lines:
        joined = "".join(x.text for x in title_lines)
        title_span = (title_lines[0].start, title_lines[-1].end)
        meta.title = joined
    # a notice title run into the same line as the addressees (…的通知  各地级以上市…：)
    # --- news report: the document it reports on --------------------------------------------
    first_para = text[title_span[1] if title_span else 0:][:200]
    if meta.title and not doc_type_of(meta.title) and _NEWS_RE.search(first_para):
        m = re.search(r"《(?P<t>[^《》\n]{4,80})》", text)
        if m and doc_type_of(m.group("t")):
            meta.warnings.append(f"news report: headline {meta.title!r}; title is the document it reports")
            meta.title = m.group("t")
            title_span = m.span("t")
    if meta.title:
        meta.title, place = _strip_title_prefix(meta.title)
        if place and title_span:
            title_span = (title_span[1] - len(meta.title), title_span[1])
            meta.header.setdefault("place_label", place)
    # next line may be a second (notice) title: 印发X的通知
    while i < len(lines) and not lines[i].text:
        i += 1
    if i < len(lines):
        nt = re.match(r"^(?P<t>(?:关于)?(?:印发|转发|批转)[^。：:\n]{2,80}?的通知)(?P<rest>[ \t\u3000\u00a0]+.*)?$",
                      lines[i].text)
        if nt:
            meta.notice_title = nt.group("t")
            meta.evidence["notice_title"] = Evidence((lines[i].start, lines[i].start + len(nt.group("t"))))
            if not nt.group("rest"):
                i += 1
    if not meta.title and meta.header.get("title"):
        meta.title = meta.header["title"]
        title_span = header_spans.get("title")
    own_in_title = None
    if meta.title:
        tm = re.search(r"[（(](?P<n>[^（()）]{4,30})[）)]$", meta.title)
        nums = find_doc_numbers(tm.group("n")) if tm else []
        if tm and nums and nums[0].printed == tm.group("n").strip():
            own_in_title = nums[0]
            meta.title = meta.title[:tm.start()].rstrip()
            if title_span:
                own_in_title.span = (title_span[0] + tm.start("n"), title_span[0] + tm.end("n"))
                title_span = (title_span[0], title_span[0] + len(meta.title))
    if meta.title and title_span:
        meta.evidence["title"] = Evidence(title_span)

    # --- own 文号: header field, or a line of its own in the masthead ----------------------
    head_end = lines[min(len(lines) - 1, i + 4)].end if lines else 0
    own = None
    for num in find_doc_numbers(text[: max(head_end, 0)]):
        line = next((ln for ln in lines if ln.start <= num.span[0] <= ln.end), None)
        if line and len(line.text) <= 60 and line.text.replace(" ", "").replace("\u3000", "") == \
                num.printed.replace(" ", "").replace("\u3000", "").replace("\n", ""):
            own = num
            break
    if own is None and own_in_title is not None:
        own = own_in_title
    if own is None and "doc_number" in meta.header:
        nums = find_doc_numbers(meta.header["doc_number"])
        if nums:
            own = nums[0]
            s = header_spans["doc_number"][0] + nums[0].span[0]
            own.span = (s, s + len(nums[0].printed))
    if own is not None:
        meta.doc_number, meta.doc_number_printed = own.canonical, own.printed
        meta.evidence["doc_number"] = Evidence(own.span)
        if own.span[1] > (lines[i].start if i < len(lines) else 0):
            while i < len(lines) and lines[i].end <= own.span[1]:
                i += 1

    # --- 主送机关 ---------------------------------------------------------------------------
    body_start = lines[i].start if i < len(lines) else len(text)
    search_from = meta.evidence["notice_title"].span[1] if "notice_title" in meta.evidence else body_start  # type: ignore[index]
    am = re.compile(r"[ \t\u3000\u00a0]*(?P<a>[^。：:\n《》]{2,150}?)[：:]").match(text, search_from)
    if am and _looks_like_addressees(am.group("a")):
        parts = [p.strip() for p in re.split(r"[，,；;]", am.group("a")) if p.strip()]
        meta.addressees = parts
        meta.evidence["addressees"] = Evidence(am.span("a"))
        body_start = am.end()
    meta.body_start = body_start

    # --- law information block ---------------------------------------------------------------
    block = text[: info_end] if info_end >= 0 else text[: min(len(text), 600)]
    _law_block(meta, text, block)

    # --- signature block: body line(s) then a date line ------------------------------------
    sig = _signature(lines)
    if sig is not None:
        names, date, date_span, sig_start = sig
        if meta.date_signed is None:
            meta.date_signed = date
            meta.evidence["date_signed"] = Evidence(date_span)
        meta.issuers.extend(names)
        rest = text[date_span[1]:].strip()
        if len(re.sub(r"[（(]此件[^）)]*[）)]", "", rest)) < 100 and sig_start > body_start:
            meta.body_end = sig_start
    else:
        # a signature with no date line: the last line of the text, if it names bodies only
        last = next((ln for ln in reversed(lines) if ln.text and not re.fullmatch(
            r"[（(]此件[^）)]*[）)]", ln.text)), None)
        names = _body_names(last.text) if last is not None and last.start > body_start else None
        if names and last is not None:
            meta.issuers.extend(names)
            meta.evidence["issuers"] = Evidence((last.start, last.end))

    # --- issuers from the 文号, the title, the header --------------------------------------
    _issuers(meta, text)

    # --- promulgated attachment ---------------------------------------------------------------
    for t in (meta.title, meta.notice_title):
        if t and not meta.promulgates:
            meta.promulgates = _promulgated_in(t)

    # --- dates from the header, validity, effective date ------------------------------------
    if meta.date_published is None and meta.header.get("date_published"):
        d = find_dates(meta.header["date_published"])
        if d:
            meta.date_published = d[0].value
            meta.evidence["date_published"] = Evidence(header_spans.get("date_published"))
    if meta.date_signed is None and meta.header.get("date_signed"):
        d = find_dates(meta.header["date_signed"])
        if d:
            meta.date_signed = d[0].value
            meta.evidence["date_signed"] = Evidence(header_spans.get("date_signed"))
    vm = re.search(r"有效期(?:为|至)?\s*(?P<n>[0-9０-９一二三四五六七八九十]{1,3})\s*年", text)
    if vm:
        from policygraph.extractors.numerals import cn_to_int

        meta.valid_years = cn_to_int(vm.group("n"))
        meta.evidence["valid_years"] = Evidence(vm.span())
    if meta.date_effective is None:
        em = re.search(r"自(?P<d>[^，。\n]{6,20}?)起(?:施行|实施|执行|生效)", text)
        if em:
            d = find_dates(em.group("d"))
            if d:
                meta.date_effective = d[0].value
                meta.evidence["date_effective"] = Evidence(em.span("d"))

    if meta.date_effective is None and meta.date_published:
        em = re.search(r"自(?:公布|发布)之日起(?:施行|实施|执行|生效)", text)
        if em:
            meta.date_effective = meta.date_published
            meta.evidence["date_effective"] = Evidence(em.span())

    # --- manifest hints where the text is silent -------------------------------------------
    for key in ("date_published", "date_signed", "date_effective", "doc_number", "title"):
        if getattr(meta, key) is None and hints.get(key):
            setattr(meta, key, hints[key])
            meta.evidence[key] = Evidence(None, "manifest")

    # --- jurisdiction and level ----------------------------------------------------------------
    _jurisdiction(meta, text, find_jurisdiction_in)
    meta.doc_type = doc_type_of(meta.notice_title) if meta.notice_title and not doc_type_of(meta.title) \
        else doc_type_of(meta.title)
    return meta


def _looks_like_addressees(a: str) -> bool:
    from policygraph.extractors.responsibility import is_body_like

    parts = [p.strip() for p in re.split(r"[，,；;、]", a) if p.strip()]
    if not parts or len(a) > 150:
        return False
    last = re.sub(r"[（(][^（）()]{1,6}[）)]$", "", parts[-1])
    return (is_body_like(last) or last.startswith("各") or last.endswith(("机构", "单位", "部门"))) \
        and not re.search(r"为|根据|按照|经", parts[0][:2])


def _signature(lines: list[_Line]) -> tuple[list[str], str, Span, int] | None:
    """The first issuer line(s) directly followed by a date line."""
    for k in range(1, len(lines)):
        t = lines[k].text
        if not (6 <= len(t) <= 26 and "日" in t):  # cheap test before the date parser
            continue
        value = _is_date_line(t)
        if not value:
            continue
        names: list[str] = []
        j = k - 1
        while j >= 0 and len(names) < 6:
            got = _body_names(lines[j].text)
            if not got:
                break
            names = got + names
            j -= 1
        if names:
            d = find_dates(lines[k].text)[0]
            span = (lines[k].start + d.span[0], lines[k].start + d.span[1])
            return names, value, span, lines[j + 1].start
    return None


_LAW_LINE_RE = re.compile(r"(?P<date>[^\n]{6,20}?日)[ \t\u3000]*(?P<who>[^\n]{4,80}?)"
                          r"(?P<verb>通过|批准|公布|施行)[ \t\u3000]*$", re.M)


def _law_lines(block: str) -> Iterator[re.Match[str]]:
    """``_LAW_LINE_RE.finditer(block)``, run only over the lines that hold a 日 (a match lies
    inside one line and holds one; ``$`` at the end of a line window is the line's end)."""
    i = block.find("日")
    while i >= 0:
        lo = block.rfind("\n", 0, i) + 1
        hi = block.find("\n", i)
        hi = len(block) if hi < 0 else hi
        yield from _LAW_LINE_RE.finditer(block, lo, hi)
        i = block.find("日", hi)


def _law_block(meta: Metadata, text: str, block: str) -> None:
    """Adoption, approval, publication and entry-into-force lines of a law or regulation."""
    for m in _law_lines(block):
        dates = find_dates(m.group("date"))
        if not dates:
            continue
        value = dates[0].value
        dspan = (m.start("date") + dates[0].span[0], m.start("date") + dates[0].span[1])
        verb = m.group("verb")
        who = m.group("who").strip()
        if verb == "通过" and meta.date_signed is None:
            meta.date_signed = value
            meta.evidence["date_signed"] = Evidence(dspan)
            body = re.sub(r"第[一二三四五六七八九十百零〇0-9]+次[\u4e00-\u9fff]{0,6}会议$", "", who)
            body = re.sub(r"第[一二三四五六七八九十百零〇0-9]+届", "", body)
            body = re.sub(r"^(?:经|由|在)", "", body)
            if body and body not in meta.issuers:
                meta.issuers.append(body)
        elif verb == "公布":
            if meta.date_published is None:
                meta.date_published = value
                meta.evidence["date_published"] = Evidence(dspan)
            issues = find_numbered_issues(who)
            if issues:
                issuer = re.sub(r"第[一二三四五六七八九十百零〇0-9]+届", "", issues[0].agency_code)
                issuer = re.sub(r"^原", "", issuer)
                if issuer and issuer not in meta.issuers:
                    meta.issuers.append(issuer)
            if issues and meta.doc_number is None:
                n = issues[0]
                s = m.start("who") + n.span[0]
                meta.doc_number, meta.doc_number_printed = n.printed, n.printed
                meta.evidence["doc_number"] = Evidence((s, s + len(n.printed)))
        elif (verb == "施行" and not who.strip(" \t\u3000")) or (verb == "施行" and meta.date_effective is None):
            meta.date_effective = value
            meta.evidence["date_effective"] = Evidence(dspan)
    if meta.date_effective is None:
        m = re.search(r"^(?P<date>[^\n]{6,20}?日)[ \t\u3000]*施行[ \t\u3000]*$", block, re.M)
        if m:
            d = find_dates(m.group("date"))
            if d:
                meta.date_effective = d[0].value
                base = m.start("date")
                meta.evidence["date_effective"] = Evidence((base + d[0].span[0], base + d[0].span[1]))


def _own_agency(meta: Metadata):  # type: ignore[no-untyped-def]
    """The registry row of the document's own 机关代字, if its 文号 has a known one."""
    from policygraph.registry import lookup_agency

    nums = find_doc_numbers(meta.doc_number) if meta.doc_number else []
    return lookup_agency(nums[0].agency_code) if nums else None


def _issuers(meta: Metadata, text: str) -> None:
    from policygraph.extractors.references import _issuers_in_title

    found: list[str] = list(meta.issuers)
    agency = _own_agency(meta)
    if agency is not None:
        found.append(agency.body)
    for t in (meta.title, meta.header.get("title")):
        if t:
            found.extend(_issuers_in_title(t))
            pm = re.match(r"^(?P<who>[\u4e00-\u9fff]{2,30}?(?:人民政府|办公厅|委员会|局|厅|部|委))"
                          r"(?:印发|转发|批转)", t)
            if pm and not re.search(r"关于|印发|转发|批转", pm.group("who")):
                found.append(pm.group("who"))
    if "publisher" in meta.header:
        found.append(meta.header["publisher"])
    if not found and meta.warnings and meta.warnings[0].startswith("news report"):
        nm = re.search(r"(?P<who>[市省区县])政府[^。]{0,20}?(?:常务会议|常委会议|全体会议)[^。]{0,30}?通过", text)
        if nm:
            found.append(nm.group("who") + "政府")
    out: list[str] = []
    for name in found:
        name = name.strip()
        if not name:
            continue
        if any(o == name or o.endswith(name) for o in out):
            continue
        out = [o for o in out if not name.endswith(o)]
        out.append(name)
    meta.issuers = out


def _jurisdiction(meta: Metadata, text: str, find_in) -> None:  # type: ignore[no-untyped-def]
    from policygraph.registry import bodies, find_jurisdiction

    agency = _own_agency(meta)
    jur = agency.jurisdiction if agency is not None else None
    if jur is None:
        known = bodies()
        for name in meta.issuers:
            b = known.get(name)
            if b is not None and b.jurisdiction:
                jur = b.jurisdiction
                break
            j = find_in(name)
            if j is not None and name.startswith(j.name):
                jur = j.name
                break
            if name in ("国务院", "国务院办公厅", "中共中央", "中共中央办公厅"):
                jur = "全国"
                break
    if jur is None:
        for t in (meta.title, meta.header.get("title"), meta.notice_title, meta.header.get("place_label")):
            if t:
                j = find_in(t)
                if j is not None:
                    jur = j.name
                    break
    if jur is None:
        j = find_in(text[:300])
        if j is not None:
            jur = j.name
    meta.jurisdiction = jur
    level = None
    if jur == "全国":
        level = "national"
    elif jur:
        j = find_jurisdiction(jur)
        level = j.level if j is not None else None
    if level is None:
        if re.search(r"我市|本市|全市", text[:3000]):
            level = "municipal"
        elif re.search(r"我省|本省|全省", text[:3000]):
            level = "provincial"
        elif re.search(r"我县|本县|全县", text[:3000]):
            level = "county"
    meta.level = level
    # local issuers written short (市政府) are qualified by the jurisdiction
    if jur and jur != "全国":
        from policygraph.registry import canonical_body

        meta.issuers = [canonical_body(n, jur) if n[:1] in "市省区县" else n for n in meta.issuers]
