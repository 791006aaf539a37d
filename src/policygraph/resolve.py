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

>>> doc_iri_for_number("国发〔2013〕32号").endswith("/doc/%E5%9B%BD%E5%8F%91%E3%80%942013%E3%80%9532%E5%8F%B7")
True
>>> doc_iri_for_title("《电子签名法》") == doc_iri_for_title("中华人民共和国电子签名法")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

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
    own title and notice title (unless relative, such as 我市…), its promulgated attachment, and
    each citation that gives both a title and a 文号."""
    own = own_doc_iri(rec)
    rows: list[tuple[str, str]] = []
    if not (rec.title and title_needs_scope(rec.title)):
        rows.extend((norm_key(t), own) for t in (rec.title, rec.notice_title) if t)
    att = attachment_iri(rec)
    if att and rec.promulgates and not title_needs_scope(rec.promulgates):
        rows.append((norm_key(rec.promulgates), att))
    rows.extend((norm_key(ref.title), doc_iri_for_number(ref.doc_number))
                for ref in rec.references if ref.doc_number and ref.title)
    return rows


def ingested_iris(rec: Record) -> list[str]:
    """IRIs of the documents a record describes: its own, and its attachment's if any."""
    att = attachment_iri(rec)
    return [own_doc_iri(rec), att] if att else [own_doc_iri(rec)]


@dataclass
class Index:
    """Who is who across the corpus: 文号 and titles of every ingested document, its
    attachments, and titles learnt from citations that also give a 文号.

    This in-memory form suits a few thousand records; a build keeps the same facts in its
    SQLite catalogue (:class:`policygraph.catalog.CatalogIndex` overrides the two lookups)."""

    ingested: set[str] = field(default_factory=set)
    by_title: dict[str, set[str]] = field(default_factory=dict)

    def add_title(self, title: str | None, target: str) -> None:
        if title:
            self.by_title.setdefault(norm_key(title), set()).add(target)

    def targets(self, title_key: str) -> set[str]:
        """Documents known under a normalised title."""
        return self.by_title.get(title_key, set())

    def is_ingested(self, target: str) -> bool:
        return target in self.ingested

    def resolve(self, ref: Reference) -> tuple[str, bool]:
        """IRI a reference points to, and whether it was resolved to a known document (by
        文号 or an unambiguous title) rather than minted from the citation alone."""
        if ref.doc_number:
            target = doc_iri_for_number(ref.doc_number)
            return target, self.is_ingested(target)
        if ref.title:
            hits = self.targets(norm_key(ref.title))
            if len(hits) == 1:
                target = next(iter(hits))
                return target, self.is_ingested(target)
            return doc_iri_for_title(ref.title), False
        return ID + "doc/unknown", False


def build_index(records: Iterable[Record]) -> Index:
    """Index every record (order does not matter: the result is a set of facts)."""
    index = Index()
    for rec in records:
        index.ingested.update(ingested_iris(rec))
        for key, target in title_rows(rec):
            index.by_title.setdefault(key, set()).add(target)
    return index
