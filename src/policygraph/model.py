"""Typed records handed from one stage to the next.

Every extracted item carries a :data:`Span`: ``(start, end)`` character offsets into
:attr:`Document.text`, so that ``text[start:end]`` is the exact evidence.  Nothing here knows
about files, RDF or the command line.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Span = tuple[int, int]
"""``(start, end)`` offsets into the decoded document text; ``end`` is excluded."""

Relation = Literal["implements", "based_on", "cites", "repeals", "amends", "promulgates", "forwards"]
Level = Literal["national", "provincial", "municipal", "county"]
Origin = Literal["text", "manifest"]

RELATION_STRENGTH: dict[str, int] = {
    "repeals": 6,
    "amends": 5,
    "implements": 4,
    "based_on": 3,
    "cites": 2,
    "forwards": 1,
    "promulgates": 1,
}
"""Order used when one document is referenced several times: the strongest relation wins."""


@dataclass(frozen=True)
class Document:
    """A decoded input file.

    ``text`` is the decoded text with line endings normalised to ``\\n`` (and, for HTML input,
    reduced to its visible text); all spans point into it.  ``id`` is a content hash of ``text``.
    ``hints`` holds page-only metadata from a corpus manifest (``date_published``,
    ``index_number``, ``url`` …); the extractor may use them only where the text is silent.
    """

    source: str
    id: str
    text: str
    encoding: str = "utf-8"
    hints: dict[str, str] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Where a metadata value came from: a span of the text, or the manifest."""

    span: Span | None
    origin: Origin = "text"


@dataclass
class DocNumber:
    """A 发文字号 found in text: ``canonical`` (〔〕, half-width digits, no spaces) and as printed."""

    canonical: str
    printed: str
    span: Span
    agency_code: str
    year: int | None
    serial: int | None
    kind: str = "wenhao"  # wenhao | announcement (公告第N号) | order (令第N号)


@dataclass
class DateMention:
    value: str  # ISO yyyy-mm-dd
    span: Span
    role: str | None = None  # signed | published | effective | None


@dataclass
class Reference:
    """A mention of another document, typed by the cue words around it."""

    title: str | None
    doc_number: str | None
    relation: str
    span: Span
    doc_number_printed: str | None = None
    issuers: list[str] = field(default_factory=list)
    cue: str | None = None
    cited_as: str | None = None  # short name or alias as written, when ``title`` is expanded
    title_span: Span | None = None
    confidence: float = 0.9


@dataclass
class Assignment:
    """One responsibility list (牵头单位 / 责任单位 / …负责) attached to a measure."""

    span: Span
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    supporting: list[str] = field(default_factory=list)
    open_list: str | None = None  # 等 / 等有关部门 / 会同有关部门 when the list is open-ended
    scope: str | None = None  # 适用范围 when the list carries one


@dataclass
class Measure:
    """A numbered item of policy content, or a section heading (``kind == "section"``)."""

    number: str  # hierarchical label, e.g. 二、（五）3（4）
    label: str  # its own label as printed, e.g. （4）
    title: str | None
    span: Span  # the whole item, label to end
    title_span: Span | None = None
    parent: str | None = None  # hierarchical label of the parent item, None at top level
    depth: int = 0
    kind: str = "item"  # item | section | article | chapter
    responsible: list[str] = field(default_factory=list)  # all responsible bodies, leads first
    supporting: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


@dataclass
class Target:
    """A quantitative goal (or, with ``kind == "statistic"``, a baseline figure)."""

    value: float
    unit: str
    span: Span
    year: int | None = None
    comparator: str | None = None
    kind: str = "target"  # target | statistic
    indicator: str | None = None
    value_max: float | None = None  # upper bound of a range such as 3－5家
    approximate: bool = False


@dataclass
class Record:
    """Everything extracted from one document."""

    source: str
    id: str
    title: str | None = None
    notice_title: str | None = None
    doc_number: str | None = None
    doc_number_printed: str | None = None
    issuers: list[str] = field(default_factory=list)
    doc_type: str | None = None
    jurisdiction: str | None = None
    level: str | None = None
    date_signed: str | None = None
    date_published: str | None = None
    date_effective: str | None = None
    valid_years: int | None = None
    addressees: list[str] = field(default_factory=list)
    promulgates: str | None = None
    references: list[Reference] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (spans as ``[start, end]`` lists)."""
        data = asdict(self)
        return _spans_to_lists(data)

    def to_json(self) -> str:
        """``json.dumps(self.to_dict())`` with sorted keys, without the deep copy ``asdict``
        makes (a quarter of the time)."""
        return json.dumps(self, default=vars, ensure_ascii=False, sort_keys=True)


def _spans_to_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _spans_to_lists(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_spans_to_lists(v) for v in value]
    return value


def record_from_dict(data: dict[str, Any]) -> Record:
    """Rebuild a :class:`Record` from :meth:`Record.to_dict` output (spans back to tuples)."""

    def span(x: Any) -> Span | None:
        return (int(x[0]), int(x[1])) if x is not None else None

    def assignment(a: dict[str, Any]) -> Assignment:
        return Assignment(**{**a, "span": span(a["span"])})

    def measure(m: dict[str, Any]) -> Measure:
        return Measure(**{**m, "span": span(m["span"]), "title_span": span(m.get("title_span")),
                          "assignments": [assignment(a) for a in m.get("assignments", [])]})

    def reference(r: dict[str, Any]) -> Reference:
        return Reference(**{**r, "span": span(r["span"]), "title_span": span(r.get("title_span"))})

    def target(t: dict[str, Any]) -> Target:
        return Target(**{**t, "span": span(t["span"])})

    fields = dict(data)
    fields["references"] = [reference(r) for r in data.get("references", [])]
    fields["measures"] = [measure(m) for m in data.get("measures", [])]
    fields["targets"] = [target(t) for t in data.get("targets", [])]
    fields["evidence"] = {k: Evidence(span(e.get("span")), e.get("origin", "text"))
                          for k, e in data.get("evidence", {}).items()}
    return Record(**fields)
