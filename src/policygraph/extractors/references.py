"""References to other documents, typed by the cue words around them.

Forms: 《title》; 《title》（文号）; issuer + 《title》; joint issuers (A、B等十三部委《…》); a 文号
alone; short names of laws (《电子签名法》); aliases defined in place (（以下简称《意见》）); nested
titles (《关于印发〈X〉的通知》, 《《X》》); chains (《A》《B》和《C》), where one cue types the
whole chain.  Self-references (the document's own title, the attachment it promulgates) are
dropped; a promulgated or forwarded attachment comes back with relation ``promulgates`` /
``forwards``.

>>> refs = find_references("为贯彻落实《国务院关于促进信息消费扩大内需的若干意见》（国发〔2013〕32号），制定本措施。")
>>> [(r.title, r.doc_number, r.relation, r.issuers) for r in refs]
[('国务院关于促进信息消费扩大内需的若干意见', '国发〔2013〕32号', 'implements', ['国务院'])]
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import lru_cache

from policygraph.cues import alternation, cues
from policygraph.extractors.docnumber import find_doc_numbers
from policygraph.model import RELATION_STRENGTH, DocNumber, Reference

MAX_TITLE = 150
_CLAUSE_END = "。；;！？!?\n"
_CHAIN_GAP_RE = re.compile(r"^[、和及与或以及\s]*(?:[\u4e00-\u9fff]{2,30}(?:、[\u4e00-\u9fff]{2,30})*)?$")


@dataclass(slots=True)
class _Mention:
    start: int  # of 《
    end: int  # after 》 (and after an attached 文号 in brackets)
    title: str
    title_span: tuple[int, int]
    number: DocNumber | None = None
    alias: str | None = None


@dataclass
class _RelCues:
    before: list[tuple[str, str]]  # (cue, relation), longest first
    after: list[tuple[str, str]]
    weak: dict[str, tuple[str, tuple[str, ...]]]
    directive_after: tuple[str, ...]
    after_fillers: tuple[str, ...]
    amend_not_self: tuple[str, ...]
    governed_elsewhere: tuple[str, ...]
    not_document_suffixes: tuple[str, ...]
    partial_after: tuple[str, ...]
    promulgates_after: tuple[str, ...]
    forwards_after: tuple[str, ...]
    before_re: re.Pattern[str]
    leadin_re: re.Pattern[str]
    not_documents: frozenset[str]
    alias_re: re.Pattern[str]
    law_prefix: str
    doc_type_words: frozenset[str]


@lru_cache(maxsize=1)
def _rel() -> _RelCues:
    c = cues()
    r = c["relations"]
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []
    for rel in ("repeals", "amends", "implements", "based_on", "cites"):
        before += [(w, rel) for w in r[rel].get("before", [])]
        after += [(w, rel) for w in r[rel].get("after", [])]
    weak = {w: (spec["relation"], tuple(spec["after"])) for w, spec in r["weak"].items()}
    before = [(w, rel) for w, rel in before if w not in weak]
    before.sort(key=lambda x: -len(x[0]))
    after.sort(key=lambda x: -len(x[0]))
    cue_words = [w for w, _ in before] + list(weak)
    refs = c["references"]
    doc_types = c["doc_types"]["statutory"] + c["doc_types"]["other"]
    return _RelCues(
        before=before, after=after, weak=weak, directive_after=tuple(r["directive_after"]),
        after_fillers=tuple(sorted(r["after_fillers"], key=len, reverse=True)),
        amend_not_self=tuple(r["amend_not_self"]), governed_elsewhere=tuple(r["governed_elsewhere"]),
        not_document_suffixes=tuple(refs["not_document_suffixes"]),
        partial_after=tuple(r["partial_after"]),
        promulgates_after=tuple(r["promulgates_after"]),
        forwards_after=tuple(r["forwards_after"]),
        before_re=re.compile(alternation(cue_words)),
        leadin_re=re.compile("^" + alternation(refs["leadin_verbs"] + cue_words)),
        not_documents=frozenset(refs["not_documents"]),
        alias_re=re.compile(r"\s*[（(]\s*" + alternation(refs["alias_markers"])
                            + r"\s*[“\"《]?(?P<alias>[^”\"》）)]{1,30})[”\"》]?\s*[）)]"),
        law_prefix=refs["law_full_prefix"],
        doc_type_words=frozenset(doc_types),
    )


def _find_title_mentions(text: str) -> list[_Mention]:
    out: list[_Mention] = []
    i = 0
    while True:
        s = text.find("《", i)
        if s < 0:
            break
        # the first 》 that balances the 《 inside a short window; no line or sentence break
        window = text[s:s + MAX_TITLE + 4]
        stop = _TITLE_BREAK.search(window)
        if stop:
            window = window[:stop.start()]
        j = -1
        depth = 0
        for m in _ANGLE.finditer(window):
            depth += 1 if m.group(0) == "《" else -1
            if depth == 0:
                j = s + m.start()
                break
        if j < 0:
            if "》" not in window:
                nxt = text.find("》", s)
                if nxt < 0:
                    break  # no closing bracket anywhere after: no more titles
            i = s + 1
            continue
        inner_s, inner_e = s + 1, j
        # 《《X》》: doubled brackets
        while inner_e - inner_s > 2 and text[inner_s] == "《" and text[inner_e - 1] == "》":
            inner_s, inner_e = inner_s + 1, inner_e - 1
        title = text[inner_s:inner_e].strip()
        if title:
            out.append(_Mention(start=s, end=j + 1, title=title, title_span=(inner_s, inner_e)))
        i = j + 1
    return out


_ANGLE = re.compile("[《》]")
_TITLES = re.compile("《[^《》]*》")
_PROMULGATION = re.compile("(?:现|现予|予以)?印发给你们|现予印发|予以印发|现印发|现予公布|予以公布")
_PROMULGATION_AFTER = re.compile("(?:印发|公布)")
_LATE_REPEAL = re.compile(r"(?:之日)?起(?:同时)?(?:废止|停止执行|不再执行|失效)$|(?:同时|予以|自行)(?:废止|失效)$")
_NUMBER_LIST = re.compile(r"^(?:(?:文件|文)?[、和及与][ \t\u3000]?[\u4e00-\u9fff]{1,12}"
                          r"[〔\[［【（(][0-9０-９]{2,4}[〕\]］】）)]第?[0-9０-９]{1,5}号)+")
_ISSUER_EXTRA = "、0123456789０１２３４５６７８９"
_ISSUER_TAIL = re.compile(f"[\u4e00-\u9fff{_ISSUER_EXTRA}]+$")
_OPEN_GROUP = re.compile("等[\u4e00-\u9fff0-9０-９]{0,4}(?:部委|部门|单位|机构|个部门)$")
_TITLE_ISSUERS = re.compile("^(?P<who>[\u4e00-\u9fff 、\u3000]{2,60}?)(?:关于|转发|印发|批转)")
_NAME_SEP = re.compile("[ 、\u3000]+")
_TITLE_BREAK = re.compile("[\n。；]")
_NUM_AFTER_RE = re.compile(r"[ \t\u3000]{0,2}[（(][ \t\u3000]{0,2}")
_NUM_CLOSE_RE = re.compile(r"[ \t\u3000]{0,2}(?:[，,；;][ \t\u3000]{0,2}(?:以下简称|下称|简称)"
                           r"[“\"《]?[^”\"》）)]{1,30}[”\"》]?)?[ \t\u3000]{0,2}[）)]")
_NUM_ALIAS_RE = re.compile(r"(?:以下简称|下称|简称)[“\"《]?(?P<a>[^”\"》）)]{1,30})")
_LEADING_PAREN = re.compile(r"^[ \t\u3000]*[（(][^（()）]{0,40}[）)]")
_NOT_SHORT_LAW = re.compile(r"关于|[省市县区州]")
_KEY_DROP = re.compile(r"[《》〈〉<>“”‘’\"'「」『』（）()\[\]［］【】〔〕\s\u3000、，,。：:；;·—\-－]")
_PROMULGATION_BEFORE = re.compile(r"现将|现予|予以")
_FORWARDING = re.compile(r"现(?:予)?转发给你们|现(?:予)?转发")
_GAP_BREAK = re.compile(r"[，,。；;！？\n]")


def _attach_numbers(text: str, mentions: list[_Mention], numbers: list[DocNumber]) -> set[int]:
    """Attach a 文号 printed in brackets right after a title.  Returns the indexes of the
    numbers used."""
    used: set[int] = set()
    by_start = {n.span[0]: (k, n) for k, n in enumerate(numbers)}
    for m in mentions:
        lead = _NUM_AFTER_RE.match(text, m.end)
        if not lead:
            continue
        hit = by_start.get(lead.end())
        if hit is None:
            continue
        k, num = hit
        close = _NUM_CLOSE_RE.match(text[num.span[1]:num.span[1] + 50])
        if not close:
            continue
        alias = _NUM_ALIAS_RE.search(close.group(0))
        if alias:
            m.alias = alias.group("a")
        m.number = num
        m.end = num.span[1] + close.end()
        used.add(k)
    return used


def _clause_before(text: str, pos: int, window: int = 40) -> tuple[str, int]:
    start = pos
    floor = max(0, pos - window)
    while start > floor and text[start - 1] not in _CLAUSE_END and text[start - 1] != "，":
        start -= 1
    return text[start:pos], start


def _clause_after(text: str, pos: int, window: int = 40) -> str:
    end = pos
    ceil = min(len(text), pos + window)
    while end < ceil and text[end] not in _CLAUSE_END and text[end] not in "，,":
        end += 1
    return text[pos:end]


def _sentence_after(text: str, pos: int, window: int = 80) -> str:
    end = pos
    ceil = min(len(text), pos + window)
    while end < ceil and text[end] not in "。\n":
        end += 1
    return text[pos:end]


def classify(before: str, after: str) -> tuple[str, str | None]:
    """Relation and cue for a reference from the clause text before and after it.

    >>> classify("为贯彻落实", "，围绕")
    ('implements', '为贯彻落实')
    >>> classify("要按照", "要求")
    ('implements', '按照…要求')
    >>> classify("", "停止执行")
    ('repeals', '停止执行')
    >>> classify("不再执行", "中关于工程承包范围的限制性规定")
    ('amends', '不再执行…中关于')
    >>> classify("根据", "，制定本规划")
    ('based_on', '根据')
    >>> classify("参照", "规定执行")
    ('cites', '参照')
    """
    rc = _rel()
    after = _LEADING_PAREN.sub("", after)  # （国务院令656号）
    after = after.lstrip("，, \t\u3000")
    for filler in rc.after_fillers:
        if after.startswith(filler):
            after = after[len(filler):]
            break
    after_hit: tuple[str, str] | None = None
    for w, rel in rc.after:
        if after.startswith(w) or after.startswith("的" + w):
            after_hit = (w, rel)
            break
    # the cue nearest to the title wins in the clause before it
    best: tuple[int, str, str] | None = None
    for m in rc.before_re.finditer(before):
        w = m.group(0)
        rel = next((r for c, r in rc.before if c == w), None)
        if rel is None:
            weak_rel, needs = rc.weak[w]
            if not any(after.startswith(x) or after.startswith("的" + x) for x in needs):
                continue
            rel = weak_rel
            w = f"{w}…{next(x for x in needs if after.startswith(x) or after.startswith('的' + x))}"
        if best is None or m.end() >= best[0]:
            best = (m.end(), w, rel)
    if best and before[best[0]:].rstrip().endswith(rc.governed_elsewhere):
        best = None  # 为落实…对《X》的批示: the cue governs the 批示, not X
    if after_hit and after_hit[1] == "amends" and any(w in before for w in rc.amend_not_self):
        after_hit = None  # 正在对《X》进行修订: another body's revision
    if best and best[2] == "amends" and any(w in before[:best[0]] for w in rc.amend_not_self):
        best = None
    if best and best[2] == "based_on" and after.startswith(rc.directive_after):
        return "implements", f"{best[1]}…{next(d for d in rc.directive_after if after.startswith(d))}"
    if best and best[2] == "repeals" and after.startswith(rc.partial_after):
        part = next(p for p in rc.partial_after if after.startswith(p))
        return "amends", f"{best[1]}…{part}"
    if after_hit is None:
        late = _LATE_REPEAL.search(after)
        if late:
            after_hit = (late.group(0), "repeals")
    if after_hit and after_hit[1] in ("repeals", "amends"):
        return after_hit[1], after_hit[0]
    if best:
        return best[2], best[1]
    # 《X》实施 / 《X》精神 with no verb before: still the document carries it out
    if after_hit and after_hit[1] in ("implements", "based_on") and \
            after_hit[0] in ("实施", "要求", "精神", "部署", "制定"):
        return after_hit[1], after_hit[0]
    return "cites", None


def _issuer_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in _ISSUER_EXTRA


def _issuer_tail_start(text: str, floor: int, pos: int) -> int:
    """``_ISSUER_TAIL.search(text, floor, pos).start()`` (``pos`` for no match), walking back
    from ``pos`` instead of trying every start: the match is the run of issuer characters that
    ends at ``pos``, or right before a line break that ends the window (where ``$`` matches)."""
    end = pos
    if end > floor and text[end - 1] == "\n":
        end -= 1
    start = end
    while start > floor and _issuer_char(text[start - 1]):
        start -= 1
    return start if start < end else pos


def _issuers_before(text: str, pos: int) -> tuple[list[str], int]:
    """Bodies named right before a title: 工业和信息化部《…》, A、B等十三部委《…》."""
    from policygraph.extractors.responsibility import is_body_like, split_bodies

    floor = max(0, pos - 60)
    seg_start = _issuer_tail_start(text, floor, pos)
    seg = text[seg_start:pos]
    rc = _rel()
    while True:
        m = rc.leadin_re.match(seg)
        if not m or not m.group(0):
            break
        seg, seg_start = seg[m.end():], seg_start + m.end()
    seg = seg.lstrip("、")
    seg_start = pos - len(seg)
    seg_clean = _OPEN_GROUP.sub("", seg)
    if not seg_clean:
        return [], pos
    names, _ = split_bodies(seg_clean)
    # the last name must touch the title; earlier words may be prose
    good: list[str] = []
    for name in reversed(names):
        if is_body_like(name):
            good.insert(0, name)
        else:
            break
    if not good or good[-1] != names[-1]:
        return [], pos
    first = seg.find(good[0])
    return good, seg_start + max(first, 0)


def _issuers_in_title(title: str) -> list[str]:
    """Bodies that open a title: 国务院办公厅转发… → 国务院办公厅; 中共中央 国务院关于… → both."""
    from policygraph.extractors.responsibility import is_body_like

    m = _TITLE_ISSUERS.match(title)
    if not m:
        return []
    names = [n for n in _NAME_SEP.split(m.group("who").strip()) if n]
    if names and all(is_body_like(n) for n in names):
        return names
    return []


def _expand_short_name(title: str) -> tuple[str, str | None]:
    """《电子签名法》 → (中华人民共和国电子签名法, 电子签名法)."""
    rc = _rel()
    if title.startswith(rc.law_prefix) or not title.endswith("法") or title.endswith("办法"):
        return title, None
    if len(title) > 20 or _NOT_SHORT_LAW.search(title):
        return title, None
    return rc.law_prefix + title, title


@lru_cache(maxsize=65536)
def norm_key(title: str) -> str:
    """Identity key for a title: brackets, quotes, punctuation, spaces and a leading
    中华人民共和国 removed.

    >>> norm_key("《中华人民共和国电子签名法》") == norm_key("电子签名法")
    True
    """
    t = _KEY_DROP.sub("", title)
    return t.removeprefix("中华人民共和国")


def find_references(text: str, *, own_titles: tuple[str, ...] = (),
                    own_number: str | None = None, start: int = 0) -> list[Reference]:
    """All references of ``text[start:]``, one per referenced document (strongest relation),
    in order of first mention.  ``own_titles`` and ``own_number`` mark self-references."""
    rc = _rel()
    mentions = [m for m in _find_title_mentions(text) if m.start >= start]
    numbers = find_doc_numbers(text)
    used = _attach_numbers(text, mentions, numbers)
    own_keys = {norm_key(t) for t in own_titles if t}

    # chains: a cue before the first title types them all
    chains: list[list[int]] = []
    for k, m in enumerate(mentions):
        if chains:
            prev = mentions[chains[-1][-1]]
            gap = text[prev.end:m.start]
            if len(gap) <= 30 and _CHAIN_GAP_RE.match(gap):
                chains[-1].append(k)
                continue
        chains.append([k])

    typed: list[tuple[str, str | None]] = []
    for chain in chains:
        first, last = mentions[chain[0]], mentions[chain[-1]]
        before, _ = _clause_before(text, first.start)
        after = _clause_after(text, last.end)
        sentence = _sentence_after(text, last.end)
        relation, cue = classify(before, after)
        bare = _TITLES.sub("", sentence[:60])
        if _PROMULGATION.search(bare) or (_PROMULGATION_AFTER.match(after.lstrip()) and
                                          _PROMULGATION_BEFORE.search(before)):
            relation, cue = "promulgates", "印发"
        if any(after.lstrip().startswith(w) for w in rc.forwards_after) or \
                _FORWARDING.search(sentence[:40]):
            relation, cue = "forwards", "转发"
        typed.append((relation, cue))
    # 《A》（…）、…发布的《B》同时废止: a repeal or amendment said once after an enumeration
    # covers the earlier items of the same clause that carry no cue of their own
    for j in range(len(chains) - 1, 0, -1):
        if typed[j][0] not in ("repeals", "amends"):
            continue
        i = j - 1
        while i >= 0 and typed[i] == ("cites", None):
            gap = text[mentions[chains[i][-1]].end:mentions[chains[i + 1][0]].start]
            if _GAP_BREAK.search(gap) or ("、" not in gap[:3] + gap[-3:] and "、" not in gap):
                break
            typed[i] = typed[j]
            i -= 1

    aliases: dict[str, str] = {}
    found: list[Reference] = []
    for chain, (relation, cue) in zip(chains, typed, strict=True):
        for k in chain:
            m = mentions[k]
            title = m.title
            alias = rc.alias_re.match(text, m.end)
            key = norm_key(title)
            if key in aliases and not m.number:
                title = aliases[key]
            if title in rc.not_documents or (title in rc.doc_type_words and key not in aliases) \
                    or title.endswith(rc.not_document_suffixes):
                continue
            if m.number and m.number.canonical == own_number:
                continue
            # the own title is a self-reference, unless a different 文号 says otherwise (a notice
            # that repeals an older notice of the same title)
            if norm_key(title) in own_keys and not (m.number and own_number):
                continue
            full, cited_as = _expand_short_name(title)
            issuers, iss_start = _issuers_before(text, m.start)
            if not issuers:
                issuers = _issuers_in_title(full)
                iss_start = m.start
            ref = Reference(
                title=full, doc_number=m.number.canonical if m.number else None,
                doc_number_printed=m.number.printed if m.number else None,
                relation=relation, span=(min(iss_start, m.start), m.end), issuers=issuers,
                cue=cue, cited_as=cited_as, title_span=m.title_span,
                confidence=0.9 if cue else 0.7,
            )
            found.append(ref)
            if alias:
                aliases[norm_key(alias.group("alias"))] = full
            if m.alias:
                aliases[norm_key(m.alias)] = full

    # a 文号 on its own (按照国发〔2015〕24号要求), or in prose (国发32号文, 国务院2013年32号文件)
    from policygraph.extractors.docnumber import find_prose_numbers

    prose = [p for p in find_prose_numbers(text, numbers) if p.year is not None]
    for num in prose:
        if num.span[0] < start or num.canonical == own_number:
            continue
        if any(m.start <= num.span[0] < m.end for m in mentions):
            continue
        before, _ = _clause_before(text, num.span[0])
        after = _clause_after(text, num.span[1])
        relation, cue = classify(before, after)
        found.append(Reference(title=None, doc_number=num.canonical, doc_number_printed=num.printed,
                               relation=relation, span=num.span, cue=cue, confidence=0.6 if cue else 0.5))
    for k, num in enumerate(numbers):
        if k in used or num.span[0] < start or num.canonical == own_number:
            continue
        if any(m.start <= num.span[0] < m.end for m in mentions):
            continue
        before, _ = _clause_before(text, num.span[0])
        after = _clause_after(text, num.span[1])
        # 按照A号、B号要求: the cue after an enumeration of numbers types each of them
        relation, cue = classify(before, _NUMBER_LIST.sub("", after))
        found.append(Reference(title=None, doc_number=num.canonical,
                               doc_number_printed=num.printed, relation=relation, span=num.span,
                               cue=cue, confidence=0.8 if cue else 0.6))
    found.sort(key=lambda r: r.span)
    return _merge(found)


def _merge(refs: list[Reference]) -> list[Reference]:
    """One reference per document: same 文号, or same title when either lacks a 文号.

    Each reference joins the first earlier one that is the same document, found through
    indexes of the merged list (by 文号, by title key, by title key among those without a 文号)
    rather than by a pass over it, so the merge stays linear in the number of references.
    """
    out: list[Reference] = []
    by_number: dict[str, int] = {}  # 文号 -> first position in out holding it
    by_key: dict[str, list[int]] = {}  # title key -> heap of positions with that title
    # title key -> heap of positions without a 文号; a position that gains one is dropped lazily
    by_key_bare: dict[str, list[int]] = {}

    def first_bare(key: str) -> int | None:
        heap = by_key_bare.get(key)
        while heap and out[heap[0]].doc_number:
            heapq.heappop(heap)
        return heap[0] if heap else None

    def index_title(k: int, key: str) -> None:
        heapq.heappush(by_key.setdefault(key, []), k)
        if not out[k].doc_number:
            heapq.heappush(by_key_bare.setdefault(key, []), k)

    for r in refs:
        key = norm_key(r.title) if r.title else None
        found: list[int] = []
        if r.doc_number:
            # the same 文号, or the same title on one that has no 文号
            if r.doc_number in by_number:
                found.append(by_number[r.doc_number])
            bare = first_bare(key) if key is not None else None
            if bare is not None:
                found.append(bare)
        elif key is not None and by_key.get(key):
            found.append(by_key[key][0])
        if not found:
            k = len(out)
            out.append(r)
            if r.doc_number:
                by_number.setdefault(r.doc_number, k)
            if key is not None:
                index_title(k, key)
            continue
        k = min(found)
        hit = out[k]
        if RELATION_STRENGTH.get(r.relation, 0) > RELATION_STRENGTH.get(hit.relation, 0):
            hit.relation, hit.cue, hit.span = r.relation, r.cue, r.span
        gains_number = not hit.doc_number and bool(r.doc_number)
        gains_title = not hit.title and bool(r.title)
        hit.doc_number = hit.doc_number or r.doc_number
        hit.doc_number_printed = hit.doc_number_printed or r.doc_number_printed
        hit.title = hit.title or r.title
        hit.issuers = hit.issuers or r.issuers
        if gains_number and hit.doc_number:
            by_number[hit.doc_number] = min(by_number.get(hit.doc_number, k), k)
        if gains_title and key is not None:
            index_title(k, key)
    return out
