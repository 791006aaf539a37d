"""Identity and resolution: stable IRIs for documents, measures and organisations, and the
matching of references to documents across the whole corpus.

IRIs depend only on what a document or citation says, never on build order:

* a document with a 发文字号 is ``id/doc/<文号>``; one without is ``id/doc/t/<normalised title>``
  (with ``@<jurisdiction>`` when the title is relative, such as 关于加快发展我市电子商务的意见);
* a measure is its document's IRI plus its hierarchical path (``/item_2__item_5__item_3``);
* an organisation is ``id/org/<canonical name>``, local abbreviations qualified by the
  document's jurisdiction (市商务局 in a Chengdu document → 成都市商务局).

A citation resolves to a document by 文号, then by normalised title (brackets, quotes, the
中华人民共和国 prefix removed, so 电子签名法 and 中华人民共和国电子签名法 meet), where titles come
from ingested documents, their promulgated attachments, and citations that give both a title
and a 文号.  The index is built from every record at once, so the result does not depend on
which file was built first.

When the normalised title names no known document, two fallbacks are tried, in order, against
the titles of ingested documents (and their attachments) only (:func:`resolve_key`):

1. *short name*: the issuing bodies before 关于 dropped on one side (国务院关于X的意见 and
   关于X的意见 meet; 浙江省人民政府关于X and 国务院关于X never do); one document with that core;
2. *fuzzy title*: candidates from a MinHash LSH index over character bigrams
   (:func:`title_bands`), verified strictly (:func:`fuzzy_score`): equal once the filler words of
   ``ontology/cues.toml`` ``[resolution]`` are dropped (的, 和/与, 进一步, 若干…), the same numbers
   and document type, similar enough, and one best document by a margin.

Every lookup goes through :class:`TitleLookup`, so the in-memory :class:`Index` and the build
catalogue (:class:`policygraph.catalog.Catalog`) give the same answers for the same records.

>>> doc_iri_for_number("国发〔2013〕32号").endswith("/doc/%E5%9B%BD%E5%8F%91%E3%80%942013%E3%80%9532%E5%8F%B7")
True
>>> doc_iri_for_title("《电子签名法》") == doc_iri_for_title("中华人民共和国电子签名法")
True
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from policygraph.cues import alternation, cues
from policygraph.extractors.numerals import CIRCLED, PAREN_CN, PAREN_DIGITS, cn_to_int
from policygraph.extractors.references import norm_key
from policygraph.model import Measure, Record, Reference
from policygraph.vocab import ID, slug

_RELATIVE_TITLE = re.compile(r"我市|本市|我省|本省|我区|本区|我县|本县|全市|全省")


def doc_iri_for_number(canonical: str) -> str:
    """IRI of the document with this canonical 发文字号."""
    return ID + "doc/" + slug(canonical)


def doc_iri_for_title(title: str, jurisdiction: str | None = None) -> str:
    """IRI of a document known by its title only (``jurisdiction`` for relative titles)."""
    key = norm_key(title)
    if jurisdiction:
        key += "@" + jurisdiction
    return ID + "doc/t/" + slug(key)


def title_needs_scope(title: str) -> bool:
    """A title such as 关于加快发展我市电子商务的意见 names no place: it is only unique together
    with the issuing jurisdiction."""
    return bool(_RELATIVE_TITLE.search(title))


def own_doc_iri(rec: Record) -> str:
    """The IRI of the document a record describes."""
    if rec.doc_number:
        return doc_iri_for_number(rec.doc_number)
    if rec.title:
        scope = rec.jurisdiction if title_needs_scope(rec.title) else None
        return doc_iri_for_title(rec.title, scope)
    return ID + "doc/c/" + rec.id


def attachment_iri(rec: Record) -> str | None:
    """The IRI of the attachment a 印发 notice promulgates (a document of its own)."""
    if not rec.promulgates:
        return None
    if rec.title and norm_key(rec.promulgates) == norm_key(rec.title):
        return None  # the record already describes the attachment itself
    scope = rec.jurisdiction if title_needs_scope(rec.promulgates) else None
    return doc_iri_for_title(rec.promulgates, scope)


def _label_value(label: str) -> int | None:
    core = label.strip("（()）、．.第章编条 \u3000")
    if len(core) == 1 and core in CIRCLED:
        return CIRCLED.index(core) + 1
    if len(core) == 1 and core in PAREN_CN:
        return PAREN_CN.index(core) + 1
    if len(core) == 1 and core in PAREN_DIGITS:
        return PAREN_DIGITS.index(core) + 1
    return cn_to_int(core.replace("—", "一"))


_KIND_PREFIX = {"item": "item", "section": "sec", "article": "art", "chapter": "chp"}


def measure_paths(measures: list[Measure]) -> list[str]:
    """Akoma Ntoso–style paths (``item_2__item_5__item_3``), unique within the document.

    >>> from policygraph.extractors.outline import find_outline
    >>> measure_paths(find_outline("一、主要任务\\n（一）甲。\\n1.乙。\\n（二）丙。"))
    ['sec_1', 'sec_1__item_1', 'sec_1__item_1__item_1', 'sec_1__item_2']
    """
    by_number: dict[str, str] = {}
    seen: dict[str, int] = {}
    out: list[str] = []
    for m in measures:
        value = _label_value(m.label)
        own = f"{_KIND_PREFIX.get(m.kind, 'item')}_{value if value is not None else slug(m.label)}"
        path = (by_number[m.parent] + "__" + own) if m.parent in by_number else own
        if path in seen:
            seen[path] += 1
            path = f"{path}_{seen[path]}"
        else:
            seen[path] = 1
        by_number.setdefault(m.number, path)
        out.append(path)
    return out


def org_key(name: str, jurisdiction: str | None) -> tuple[str, str | None]:
    """Canonical name of a body mention and the scope it is unique in.

    >>> org_key("市商务局", "成都市"), org_key("发改委", "成都市"), org_key("市商务局", None)
    (('成都市商务局', None), ('国家发展改革委', None), ('市商务局', 'unscoped'))
    >>> org_key("各区、县级市", "广州市")
    ('各区、县级市', '广州市')
    """
    from policygraph.extractors.responsibility import qualify
    from policygraph.registry import canonical_body, find_body, is_generic_body

    name = name.strip()
    if name.startswith(("各", "有关", "相关")) or is_generic_body(name):
        return name, jurisdiction or "unscoped"  # a group: only meaningful where it is said
    qualified = qualify([name], jurisdiction)[0] if jurisdiction else name
    canonical = canonical_body(qualified, jurisdiction)
    if canonical[:1] in "市省区县" and canonical == name and find_body(canonical) is None:
        return canonical, "unscoped"  # a local abbreviation with no known place
    return canonical, None


def org_iri(name: str, jurisdiction: str | None, doc_id: str) -> tuple[str, str]:
    """IRI and preferred label of the organisation a body mention names."""
    canonical, scope = org_key(name, jurisdiction)
    if scope == "unscoped":
        return ID + "org/" + slug(canonical) + "@doc-" + doc_id, canonical
    if scope:
        return ID + "org/" + slug(canonical) + "@" + slug(scope), canonical
    return ID + "org/" + slug(canonical), canonical


def title_rows(rec: Record) -> list[tuple[str, str]]:
    """(normalised title, document IRI) pairs one record makes known to the corpus index: its
    own titles (:func:`own_title_rows`) and each citation that gives both a title and a 文号."""
    return own_title_rows(rec) + [(norm_key(ref.title), doc_iri_for_number(ref.doc_number))
                                  for ref in rec.references if ref.doc_number and ref.title]


def own_title_rows(rec: Record) -> list[tuple[str, str]]:
    """(normalised title, IRI) of the documents a record describes: its own title and notice
    title (unless relative, such as 我市…) and its promulgated attachment.  Only these titles
    take part in the short-name and fuzzy fallbacks."""
    own = own_doc_iri(rec)
    rows: list[tuple[str, str]] = []
    if not (rec.title and title_needs_scope(rec.title)):
        rows.extend((norm_key(t), own) for t in (rec.title, rec.notice_title) if t)
    att = attachment_iri(rec)
    if att and rec.promulgates and not title_needs_scope(rec.promulgates):
        rows.append((norm_key(rec.promulgates), att))
    return rows


def doc_title_rows(rec: Record) -> list[tuple[str, str]]:
    """(title as the graph writes it, IRI) of the documents a record describes, scoped
    titles included: what a search by part of a title looks through."""
    rows = [(rec.title, own_doc_iri(rec))] if rec.title else []
    att = attachment_iri(rec)
    if att and rec.promulgates:
        rows.append((rec.promulgates, att))
    return rows


def ingested_iris(rec: Record) -> list[str]:
    """IRIs of the documents a record describes: its own, and its attachment's if any."""
    att = attachment_iri(rec)
    return [own_doc_iri(rec), att] if att else [own_doc_iri(rec)]


# --- the fallbacks -------------------------------------------------------------------------------

EXACT, SHORT_NAME, FUZZY_TITLE = "title", "short_name", "fuzzy_title"
LSH_BANDS, LSH_ROWS = 8, 5  # 40 MinHash values; P(candidate) = 1-(1-s^5)^8: .96 at s=.8, 8e-5 at s=.1
_CJK_PREFIX = re.compile(r"[\u4e00-\u9fff]{2,40}")
_NUMERALS = re.compile(r"[0-9０-９]+|[〇零一二两三四五六七八九十百千万]+")


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    return cues()["resolution"]


@lru_cache(maxsize=1)
def _filler_re() -> re.Pattern[str]:
    return re.compile(alternation(_settings()["fuzzy_fillers"]))


def fallback_confidence(method: str) -> float:
    """Factor on the extraction confidence of a citation edge resolved by ``method``.

    >>> fallback_confidence("title"), fallback_confidence("short_name"), fallback_confidence("fuzzy_title")
    (1.0, 0.9, 0.8)
    """
    return float(_settings()["confidence"].get(method, 1.0))


@lru_cache(maxsize=65536)
def issuer_split(key: str) -> tuple[str, str] | None:
    """(issuing bodies, core from 关于 on) of a normalised title, or None when the text before
    the first 关于 does not read as issuing bodies (or there is no 关于).

    >>> issuer_split("国务院关于大力发展电子商务加快培育经济新动力的意见")
    ('国务院', '关于大力发展电子商务加快培育经济新动力的意见')
    >>> issuer_split("关于加快发展电子商务的意见"), issuer_split("电子商务发展规划")
    (('', '关于加快发展电子商务的意见'), None)
    >>> issuer_split("国务院办公厅转发商务部关于X的通知") is None, issuer_split("2019年国务院关于X的通知") is None
    (True, True)
    """
    from policygraph.extractors.responsibility import is_body_like

    at = key.find("关于")
    if at < 0:
        return None
    prefix, core = key[:at], key[at:]
    if prefix and not (_CJK_PREFIX.fullmatch(prefix) and is_body_like(prefix)
                       and not any(w in prefix for w in _settings()["prefix_not_bodies"])):
        return None
    return prefix, core


def compatible_issuers(a: str, b: str) -> bool:
    """Two titles' issuer prefixes agree when equal or when either title has none.

    >>> compatible_issuers("国务院", ""), compatible_issuers("国务院", "浙江省人民政府")
    (True, False)
    """
    return a == b or not a or not b


def fuzzy_form(key: str) -> tuple[str, str] | None:
    """(issuer prefix, core without filler words) a title is compared by in the fuzzy fallback;
    None when that core is too short to name one document.

    >>> fuzzy_form("国务院关于进一步加强和改进电子商务统计工作的意见")
    ('国务院', '关于加强改进电子商务统计工作意见')
    >>> fuzzy_form("关于加强管理的通知") is None
    True
    """
    prefix, core = issuer_split(key) or ("", key)
    skeleton = _filler_re().sub("", core)
    if len(skeleton) < int(_settings()["fuzzy_min_chars"]):
        return None
    return prefix, skeleton


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def _minhash(shingles: set[str]) -> list[int]:
    """LSH_BANDS × LSH_ROWS MinHash values: each 32-bit slice of three BLAKE2b digests of a
    shingle is one independent hash function (deterministic on every machine)."""
    n = LSH_BANDS * LSH_ROWS
    rows = []
    for sh in shingles:
        data = sh.encode()
        digest = b"".join(hashlib.blake2b(data, digest_size=64, person=bytes([k]) * 16).digest()
                          for k in range((n * 4 + 63) // 64))
        rows.append(struct.unpack_from(f"<{n}I", digest))
    return [min(col) for col in zip(*rows, strict=True)]


@lru_cache(maxsize=65536)
def title_bands(key: str) -> tuple[int, ...]:
    """The MinHash LSH band hashes of a normalised title (signed 64-bit, for SQLite): two titles
    are fuzzy candidates of each other when they share one.  Computed over the character bigrams
    of :func:`fuzzy_form`'s core, so titles equal but for fillers or the issuer prefix share all
    bands; none for titles too short to be matched.

    >>> title_bands("关于加快发展电子商务的意见") == title_bands("国务院关于加快发展电子商务意见")
    True
    >>> len(title_bands("关于加快发展电子商务的意见")), title_bands("关于加强管理的通知")
    (8, ())
    """
    form = fuzzy_form(key)
    if form is None:
        return ()
    values = _minhash(_bigrams(form[1]))
    out = []
    for b in range(LSH_BANDS):
        band = struct.pack(f"<B{LSH_ROWS}I", b, *values[b * LSH_ROWS:(b + 1) * LSH_ROWS])
        out.append(int.from_bytes(hashlib.blake2b(band, digest_size=8).digest(), "little", signed=True))
    return tuple(out)


def _numbers(text: str) -> list[str]:
    return sorted(_NUMERALS.findall(text))


def _jaccard(a: str, b: str) -> float:
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / len(x | y)


def fuzzy_score(cited: str, known: str) -> float | None:
    """Similarity of a cited and a known normalised title when the known one may be what the
    citation means, else None: compatible issuers, equal cores once fillers are dropped, the
    same numbers (years, 十四五…) and document type (these two implied by the equal cores with
    today's fillers, and checked in case the list grows), and a character-bigram Jaccard similarity
    of the cores of at least ``fuzzy_min_similarity``.

    >>> round(fuzzy_score("关于进一步加快发展电子商务的意见", "关于加快发展电子商务的意见"), 2)
    0.69
    >>> fuzzy_score("关于印发2019年电子商务工作要点的通知", "关于印发2020年电子商务工作要点的通知") is None
    True
    >>> fuzzy_score("关于加快发展电子商务的意见", "关于加快发展电子商务的通知") is None
    True
    """
    from policygraph.extractors.metadata import doc_type_of

    a, b = fuzzy_form(cited), fuzzy_form(known)
    if a is None or b is None or a[1] != b[1] or not compatible_issuers(a[0], b[0]):
        return None
    core_a = (issuer_split(cited) or ("", cited))[1]
    core_b = (issuer_split(known) or ("", known))[1]
    if _numbers(a[1]) != _numbers(b[1]) or doc_type_of(a[1]) != doc_type_of(b[1]):
        return None
    score = _jaccard(core_a, core_b)
    return score if score >= float(_settings()["fuzzy_min_similarity"]) else None


class TitleLookup(Protocol):
    """The three look-ups resolution needs, answered from memory or from the catalogue."""

    def targets(self, title_key: str) -> set[str]:
        """Documents known under a normalised title (any source of titles)."""
        ...

    def core_rows(self, core: str) -> set[tuple[str, str]]:
        """(issuer prefix, IRI) of ingested documents whose title has this core."""
        ...

    def band_rows(self, bands: tuple[int, ...]) -> set[tuple[str, str]]:
        """(normalised title, IRI) of ingested documents sharing one of these LSH bands."""
        ...


def resolve_key(key: str, lookup: TitleLookup) -> tuple[str | None, str]:
    """The document a citation by the normalised title ``key`` resolves to (None: no single
    one), and the method: the exact title, else the short name, else the fuzzy title.  An
    ambiguous answer at one step is final (the next step is not tried)."""
    hits = lookup.targets(key)
    if hits:
        return (next(iter(hits)) if len(hits) == 1 else None), EXACT
    if title_needs_scope(key):
        return None, EXACT  # relative titles (我市…) resolve only by their exact key
    split = issuer_split(key)
    if split:
        rows = lookup.core_rows(split[1])
        if any(compatible_issuers(split[0], p) for p, _ in rows):
            group = {t for _, t in rows}
            return (next(iter(group)) if len(group) == 1 else None), SHORT_NAME
    return _fuzzy(key, lookup), FUZZY_TITLE


def _fuzzy(key: str, lookup: TitleLookup) -> str | None:
    bands = title_bands(key)
    if not bands:
        return None
    scores: dict[str, float] = {}
    for known, target in lookup.band_rows(bands):
        score = fuzzy_score(key, known)
        if score is not None and score > scores.get(target, -1.0):
            scores[target] = score
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < float(_settings()["fuzzy_margin"]):
        return None
    return ranked[0][0]


@dataclass
class Index:
    """Who is who across the corpus: 文号 and titles of every ingested document, its
    attachments, and titles learnt from citations that also give a 文号; the cores and LSH
    bands of the ingested documents' own titles for the fallbacks.

    This in-memory form suits a few thousand records; a build keeps the same facts in its
    SQLite catalogue (:class:`policygraph.catalog.Catalog`), and hands a graph task only the
    answers it needs (:class:`policygraph.catalog.ResolvedIndex`).

    >>> from policygraph.model import Reference
    >>> idx = Index()
    >>> idx.add_own_title("国务院关于大力发展电子商务加快培育经济新动力的意见", "D")
    >>> idx.ingested.add("D")
    >>> idx.lookup(Reference("《关于大力发展电子商务加快培育经济新动力的意见》", None, "cites", (0, 1)))
    ('D', True, 'short_name')
    >>> idx.lookup(Reference("《国务院关于大力发展电子商务加快培育经济新动力意见》", None, "cites", (0, 1)))
    ('D', True, 'fuzzy_title')
    """

    ingested: set[str] = field(default_factory=set)
    by_title: dict[str, set[str]] = field(default_factory=dict)
    by_core: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    by_band: dict[int, set[tuple[str, str]]] = field(default_factory=dict)

    def add_title(self, title: str | None, target: str) -> None:
        if title:
            self.by_title.setdefault(norm_key(title), set()).add(target)

    def add_own_title(self, title: str, target: str) -> None:
        """A title of an ingested document: exact, short-name and fuzzy look-ups find it."""
        key = norm_key(title)
        self.by_title.setdefault(key, set()).add(target)
        split = issuer_split(key)
        if split:
            self.by_core.setdefault(split[1], set()).add((split[0], target))
        for band in title_bands(key):
            self.by_band.setdefault(band, set()).add((key, target))

    def targets(self, title_key: str) -> set[str]:
        """Documents known under a normalised title."""
        return self.by_title.get(title_key, set())

    def core_rows(self, core: str) -> set[tuple[str, str]]:
        return self.by_core.get(core, set())

    def band_rows(self, bands: tuple[int, ...]) -> set[tuple[str, str]]:
        return set().union(*(self.by_band.get(b, set()) for b in bands))

    def is_ingested(self, target: str) -> bool:
        return target in self.ingested

    def resolve_title(self, title_key: str) -> tuple[str | None, str]:
        """:func:`resolve_key` over this index."""
        return resolve_key(title_key, self)

    def lookup(self, ref: Reference) -> tuple[str, bool, str]:
        """:meth:`resolve`, and the method that found the target (``title`` for a 文号)."""
        if ref.doc_number:
            target = doc_iri_for_number(ref.doc_number)
            return target, self.is_ingested(target), EXACT
        if ref.title:
            found, method = self.resolve_title(norm_key(ref.title))
            if found is not None:
                return found, self.is_ingested(found), method
            return doc_iri_for_title(ref.title), False, EXACT
        return ID + "doc/unknown", False, EXACT

    def resolve(self, ref: Reference) -> tuple[str, bool]:
        """IRI a reference points to, and whether it was resolved to a known document (by
        文号, an unambiguous title or a fallback) rather than minted from the citation alone."""
        target, known, _ = self.lookup(ref)
        return target, known


def build_index(records: Iterable[Record]) -> Index:
    """Index every record (order does not matter: the result is a set of facts)."""
    index = Index()
    for rec in records:
        index.ingested.update(ingested_iris(rec))
        own = own_title_rows(rec)
        for key, target in own:
            index.add_own_title(key, target)
        for key, target in title_rows(rec)[len(own):]:
            index.by_title.setdefault(key, set()).add(target)
    return index
