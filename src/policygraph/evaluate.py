"""Score extracted :class:`~policygraph.model.Record` objects against hand-checked gold.

The gold format and the scoring rules are described in ``tests/data/GOLD_FORMAT.md``; this
module implements them.  In short, records are paired with gold entries on the base name of
their ``source``, and every field is scored with micro-averaged precision, recall and F1 over
all documents (true positives, false positives and false negatives are summed first):

``references``
    One-to-one matching.  A predicted reference matches a gold one on the normalised 发文字号
    when both have one, otherwise on the normalised title, where the gold ``cited_as`` short
    name counts as a title too (either predicted ``title`` or ``cited_as`` may equal either gold
    ``title`` or ``cited_as``).  Only gold ``references`` count (not ``unbracketed_mentions`` or
    ``self_references``); predicted references with relation ``promulgates`` or ``forwards``
    describe the attachment and are left out.
``relation_accuracy``
    Over matched references whose gold entry has a ``relation``: correct/total.  Its tp is the
    number of correct relations and fp = fn = the number of wrong ones, so P = R = F1 = accuracy.
``measures``
    Heading text: ``norm_title(predicted) == norm_title(gold)`` or the predicted heading extends
    the gold one (starts with it).  A gold measure with ``title: null`` uses its ``evidence``.
    Predicted items of kind ``section``, ``article`` or ``chapter`` are not measures.  Matching
    is one-to-one and greedy in document order: exact matches first, then extensions (the
    longest gold heading wins).  Documents whose gold has ``articles`` are not scored for
    measures, responsibility or lead.
``responsibility``
    Edges (measure, body) for ``responsible`` + ``supporting``; bodies match when equal or when
    one ends with the other (``成都市商务局`` ~ ``市商务局``).  Edges of unmatched predicted
    measures are false positives, edges of unmatched gold measures false negatives.
``lead`` (informative)
    The same edges for lead bodies (gold: the measure's ``lead``, else the union of its
    ``assignments[].lead``), scored only for documents whose gold carries lead annotations.
``targets``
    Multiset matching on (value, unit): values as floats within 1e-9, units after NFKC and
    whitespace removal.  Only predicted targets with ``kind == "target"`` count.
``issuers``, ``addressees`` (informative)
    Bodies per document: issuers with the equal-or-endswith rule, addressees exactly (after
    :func:`norm_body`).
``doc_number``, ``date_signed``, ``title``; ``date_published``, ``date_effective`` (informative)
    One value per document, compared after :func:`norm_doc_number`, ISO normalisation or
    :func:`norm_title`.  Accuracy counts documents (both null is correct); for P/R/F1 a
    non-null prediction is a prediction: right → tp, wrong → fp and fn, missing → fn,
    spurious (gold null) → fp.  For ``title`` the predicted candidates are the record's
    ``title`` and ``notice_title`` and the accepted gold values are ``title``, ``notice_title``
    and ``promulgates``; the prediction is right when the two sets share a value.

Robustness rules for hand-written gold files:

* a key that is absent from a gold entry means "not annotated": that field is not scored for
  that document (an explicit ``null`` or ``[]`` *is* scored);
* a gold entry with no matching record is scored against an empty record, so every gold item
  counts as missed;
* records with no gold entry are not scored (they are listed in :attr:`Report.warnings`);
* malformed items inside lists (non-dicts, missing values) are ignored or never match, they do
  not raise.

When nothing is predicted and nothing is expected, precision, recall, F1 (and accuracy over
zero items) are 1.0; if only one side is empty the undefined ratio is 0.0.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from policygraph.model import Record

__all__ = [
    "FIELDS",
    "INFORMATIVE_FIELDS",
    "FieldScore",
    "Miss",
    "Report",
    "format_report",
    "load_gold",
    "norm_body",
    "norm_date",
    "norm_doc_number",
    "norm_title",
    "report_to_dict",
    "score",
]

FIELDS: tuple[str, ...] = (
    "references",
    "relation_accuracy",
    "measures",
    "responsibility",
    "targets",
    "issuers",
    "doc_number",
    "date_signed",
    "title",
)
"""Fields that make up the score, in report order."""

INFORMATIVE_FIELDS: tuple[str, ...] = ("lead", "addressees", "date_published", "date_effective")
"""Fields reported for information only (``lead`` only when the gold carries lead bodies)."""

NOT_MEASURE_KINDS = frozenset({"section", "article", "chapter"})
UNSCORED_RELATIONS = frozenset({"promulgates", "forwards"})
TARGET_TOLERANCE = 1e-9

_ACCURACY_FIELDS = (
    "relation_accuracy", "doc_number", "date_signed", "title", "date_published", "date_effective"
)
_LIST_KEYS = ("references", "measures", "targets", "issuers", "addressees")

# --------------------------------------------------------------------------------------------
# Normalisers

_FULLWIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # ！ … ～
_DOC_NUMBER_TABLE = {
    **{ord(c): "〔" for c in "〔[［【(（﹝〖"},
    **{ord(c): "〕" for c in "〕]］】)）﹞〗"},
    **{0xFF10 + i: str(i) for i in range(10)},
}
_TITLE_DROP = frozenset("《》〈〉<>“”‘’\"'「」『』~")
_CHINA_PREFIX = "中华人民共和国"


def norm_doc_number(s: str | None) -> str:
    """Canonical 发文字号: 〔〕 brackets, half-width digits, no whitespace (``""`` for None).

    >>> norm_doc_number("国发[2013]32号")
    '国发〔2013〕32号'
    >>> norm_doc_number("国办发（２０１８） 129 号")
    '国办发〔2018〕129号'
    >>> norm_doc_number("粤府办【2012】131号") == norm_doc_number("粤府办〔2012〕131号")
    True
    >>> norm_doc_number(None)
    ''
    """
    if s is None:
        return ""
    text = str(s).translate(_DOC_NUMBER_TABLE)
    return "".join(c for c in text if not c.isspace())


def norm_title(s: str | None) -> str:
    """Title key: drop 《》〈〉<>, quotes, brackets (keeping their content), punctuation,
    whitespace (U+3000 included) and a leading 中华人民共和国.

    Full-width ASCII letters and digits are folded to half-width first.

    >>> norm_title("《中华人民共和国电子签名法》")
    '电子签名法'
    >>> norm_title("电子商务“十二五”发展规划")
    '电子商务十二五发展规划'
    >>> norm_title("成都市电子商务发展规划（2012—2015）")
    '成都市电子商务发展规划20122015'
    >>> norm_title("中共中央　国务院关于打赢脱贫攻坚战三年行动的指导意见")
    '中共中央国务院关于打赢脱贫攻坚战三年行动的指导意见'
    >>> norm_title(None)
    ''
    """
    if s is None:
        return ""
    text = str(s).translate(_FULLWIDTH_ASCII)
    kept = "".join(
        c
        for c in text
        if c not in _TITLE_DROP and unicodedata.category(c)[0] not in "PZC" and not c.isspace()
    )
    if kept.startswith(_CHINA_PREFIX):
        kept = kept[len(_CHINA_PREFIX) :]
    return kept


def norm_body(s: str | None) -> str:
    """Body name with all whitespace removed (``""`` for None).

    >>> norm_body("  市商务局\\n")
    '市商务局'
    >>> norm_body("中央和国家机关　工委")
    '中央和国家机关工委'
    """
    if s is None:
        return ""
    return "".join(c for c in str(s) if not c.isspace())


def norm_date(s: str | None) -> str:
    """ISO ``yyyy-mm-dd`` when the value parses as an ISO date, else the stripped string.

    >>> norm_date(" 2018-12-30 ")
    '2018-12-30'
    >>> norm_date("20181230")
    '2018-12-30'
    >>> norm_date("2018年")
    '2018年'
    >>> norm_date(None)
    ''
    """
    if s is None:
        return ""
    text = str(s).strip()
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return text


def _norm_unit(s: Any) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", str(s or "")) if not c.isspace())


# --------------------------------------------------------------------------------------------
# Report types


@dataclass
class FieldScore:
    """Counts for one field; precision/recall/F1/accuracy are derived from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int | None = None  # accuracy numerator, for fields where accuracy is defined
    total: int | None = None  # accuracy denominator (documents, or matched references)
    documents: int = 0  # gold documents that were scored for this field
    informative: bool = False

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp, self.fn)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, self.fp)

    @property
    def f1(self) -> float:
        if self.tp + self.fp + self.fn == 0:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    @property
    def accuracy(self) -> float | None:
        if self.total is None:
            return None
        return 1.0 if self.total == 0 else (self.correct or 0) / self.total


def _ratio(num: int, den: int, other: int) -> float:
    """num/den; with den == 0: 1.0 when the other side is empty too, else 0.0."""
    if den:
        return num / den
    return 1.0 if other == 0 else 0.0


@dataclass(frozen=True)
class Miss:
    """One scoring error.

    ``kind`` is ``missed`` (gold item not found), ``spurious`` (predicted item not in gold),
    ``wrong-relation`` (matched reference, other relation) or ``wrong-value`` (one-per-document
    field with a different value).  ``context`` names the measure for edge misses, the
    reference for relation misses and the evidence/indicator for targets.  A gold document
    with no record at all also gets one ``Miss(field="document", kind="missed")``.
    """

    source: str
    field: str
    kind: str
    gold: Any = None
    predicted: Any = None
    context: str | None = None


@dataclass
class Report:
    """Scores per field, the list of errors and notes about unpaired records or gold."""

    fields: dict[str, FieldScore]
    misses: list[Miss] = field(default_factory=list)
    documents: int = 0
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Gold loading


def load_gold(path: str | Path) -> list[dict]:
    """Read a gold file: a JSON list of objects, each with a non-empty string ``source``.

    Raises :class:`ValueError` naming the file on bad JSON or a wrong shape (not a list, an
    entry that is not an object, a missing ``source``, a duplicate document, or one of
    ``references``/``measures``/``targets``/``issuers``/``addressees`` that is not a list).
    """
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p}: gold file is not UTF-8 text ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"{p}: invalid JSON in gold file: {exc}") from exc
    if not isinstance(data, list):
        raise ValueError(
            f"{p}: gold file must hold a JSON list of documents, got {type(data).__name__}"
        )
    seen: dict[str, int] = {}
    for i, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise ValueError(f"{p}: entry {i} is not a JSON object")
        source = entry.get("source")
        if not isinstance(source, str) or not source.strip():
            raise ValueError(f"{p}: entry {i} has no string 'source'")
        for key in _LIST_KEYS:
            value = entry.get(key)
            if value is not None and not isinstance(value, list):
                raise ValueError(f"{p}: entry {i} ({source}): '{key}' must be a list")
        name = _base_name(source)
        if name in seen:
            raise ValueError(f"{p}: entries {seen[name]} and {i} are both for {name}")
        seen[name] = i
    return data


def _base_name(source: str) -> str:
    return re.split(r"[\\/]", str(source).strip())[-1]


# --------------------------------------------------------------------------------------------
# Matching

Pass = Callable[[int, int], float | None]


def _match(n_pred: int, n_gold: int, passes: Sequence[Pass]) -> dict[int, int]:
    """One-to-one greedy matching, returned as ``{pred_index: gold_index}``.

    Each pass (strictest first) walks the unmatched predictions in order and pairs each with
    the unmatched gold item of highest score (``None`` = incompatible; ties: the earliest).
    """
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for test in passes:
        for i in range(n_pred):
            if i in pairs:
                continue
            best: int | None = None
            best_score = 0.0
            for j in range(n_gold):
                if j in used:
                    continue
                value = test(i, j)
                if value is not None and (best is None or value > best_score):
                    best, best_score = j, value
            if best is not None:
                pairs[i] = best
                used.add(best)
    return pairs


def _match_bodies(pred: Sequence[str], gold: Sequence[str]) -> dict[int, int]:
    """Bodies (already normalised): equal first, then one ends with the other."""

    def equal(i: int, j: int) -> float | None:
        return 0.0 if pred[i] == gold[j] else None

    def suffix(i: int, j: int) -> float | None:
        p, g = pred[i], gold[j]
        return 0.0 if p and g and (p.endswith(g) or g.endswith(p)) else None

    return _match(len(pred), len(gold), [equal, suffix])


def _bodies(values: Any) -> list[str]:
    """Normalised, de-duplicated, non-empty body names from a list (anything else: [])."""
    out: list[str] = []
    if isinstance(values, (list, tuple)):
        for v in values:
            if isinstance(v, str):
                b = norm_body(v)
                if b and b not in out:
                    out.append(b)
    return out


def _dicts(value: Any) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


# --------------------------------------------------------------------------------------------
# Scoring


class _Scorer:
    def __init__(self) -> None:
        self.fields: dict[str, FieldScore] = {name: FieldScore() for name in FIELDS}
        for name in INFORMATIVE_FIELDS:
            self.fields[name] = FieldScore(informative=True)
        for name in _ACCURACY_FIELDS:
            self.fields[name].correct = self.fields[name].total = 0
        self.misses: list[Miss] = []
        self.lead_annotated = False

    def miss(self, source: str, name: str, kind: str, gold: Any = None, pred: Any = None,
             context: str | None = None) -> None:
        self.misses.append(Miss(source, name, kind, gold, pred, context))

    # -- one-per-document fields ------------------------------------------------------------

    def scalar(self, source: str, name: str, gold: list[str], gold_shown: Any,
               pred: list[str], pred_shown: Any) -> None:
        """``gold``/``pred``: normalised candidate values (empty list = null)."""
        fs = self.fields[name]
        fs.documents += 1
        fs.total = (fs.total or 0) + 1
        gold_set = {g for g in gold if g}
        pred_set = {p for p in pred if p}
        if not gold_set and not pred_set:
            fs.correct = (fs.correct or 0) + 1
        elif not pred_set:
            fs.fn += 1
            self.miss(source, name, "missed", gold_shown, None)
        elif not gold_set:
            fs.fp += 1
            self.miss(source, name, "spurious", None, pred_shown)
        elif gold_set & pred_set:
            fs.tp += 1
            fs.correct = (fs.correct or 0) + 1
        else:
            fs.fp += 1
            fs.fn += 1
            self.miss(source, name, "wrong-value", gold_shown, pred_shown)

    # -- sets of bodies ---------------------------------------------------------------------

    def body_set(self, source: str, name: str, gold: list[str], pred: list[str],
                 suffix_rule: bool, context: str | None = None) -> None:
        fs = self.fields[name]
        if suffix_rule:
            pairs = _match_bodies(pred, gold)
        else:
            pairs = _match(
                len(pred), len(gold), [lambda i, j: 0.0 if pred[i] == gold[j] else None]
            )
        fs.tp += len(pairs)
        matched_gold = set(pairs.values())
        for i, p in enumerate(pred):
            if i not in pairs:
                fs.fp += 1
                self.miss(source, name, "spurious", None, p, context)
        for j, g in enumerate(gold):
            if j not in matched_gold:
                fs.fn += 1
                self.miss(source, name, "missed", g, None, context)

    # -- references -------------------------------------------------------------------------

    def references(self, source: str, gold_refs: list[dict], record: Any) -> None:
        fs = self.fields["references"]
        rel = self.fields["relation_accuracy"]
        fs.documents += 1
        rel.documents += 1
        preds = [
            r for r in (getattr(record, "references", None) or [])
            if str(getattr(r, "relation", "") or "").strip() not in UNSCORED_RELATIONS
        ]
        p_num = [
            norm_doc_number(
                getattr(r, "doc_number", None) or getattr(r, "doc_number_printed", None)
            )
            for r in preds
        ]
        p_titles = [norm_title(getattr(r, "title", None)) for r in preds]
        p_names = [
            {t for t in (p_titles[i], norm_title(getattr(r, "cited_as", None))) if t}
            for i, r in enumerate(preds)
        ]
        g_num = [norm_doc_number(_str_or_none(g.get("doc_number"))) for g in gold_refs]
        g_titles = [norm_title(_str_or_none(g.get("title"))) for g in gold_refs]
        g_names = [
            {t for t in (g_titles[j], norm_title(_str_or_none(g.get("cited_as")))) if t}
            for j, g in enumerate(gold_refs)
        ]

        def by_number(i: int, j: int) -> float | None:
            return 0.0 if p_num[i] and g_num[j] and p_num[i] == g_num[j] else None

        def by_title(i: int, j: int) -> float | None:
            if p_num[i] and g_num[j]:
                return None
            return 0.0 if p_titles[i] and p_titles[i] == g_titles[j] else None

        def by_name(i: int, j: int) -> float | None:
            if p_num[i] and g_num[j]:
                return None
            return 0.0 if p_names[i] & g_names[j] else None

        pairs = _match(len(preds), len(gold_refs), [by_number, by_title, by_name])
        fs.tp += len(pairs)
        for i, j in pairs.items():
            gold_rel = _str_or_none(gold_refs[j].get("relation"))
            if not gold_rel:
                continue
            pred_rel = str(getattr(preds[i], "relation", "") or "").strip()
            rel.total = (rel.total or 0) + 1
            if pred_rel == gold_rel.strip():
                rel.tp += 1
                rel.correct = (rel.correct or 0) + 1
            else:
                rel.fp += 1
                rel.fn += 1
                self.miss(source, "relation_accuracy", "wrong-relation", gold_rel, pred_rel,
                          _show_gold_ref(gold_refs[j]))
        matched_gold = set(pairs.values())
        for i, r in enumerate(preds):
            if i not in pairs:
                fs.fp += 1
                self.miss(source, "references", "spurious", None, _show_pred_ref(r))
        for j, g in enumerate(gold_refs):
            if j not in matched_gold:
                fs.fn += 1
                self.miss(source, "references", "missed", _show_gold_ref(g), None)

    # -- measures, responsibility, lead -----------------------------------------------------

    def measures(self, source: str, gold_measures: list[dict], record: Any,
                 score_lead: bool) -> None:
        fm = self.fields["measures"]
        fm.documents += 1
        self.fields["responsibility"].documents += 1
        if score_lead:
            self.fields["lead"].documents += 1
        preds = [
            m for m in (getattr(record, "measures", None) or [])
            if str(getattr(m, "kind", "item") or "item") not in NOT_MEASURE_KINDS
        ]
        p_head = [norm_title(getattr(m, "title", None)) for m in preds]
        g_head = [norm_title(_gold_heading(g)) for g in gold_measures]

        def exact(i: int, j: int) -> float | None:
            return 0.0 if p_head[i] and p_head[i] == g_head[j] else None

        def extends(i: int, j: int) -> float | None:
            ok = g_head[j] and p_head[i].startswith(g_head[j])
            return float(len(g_head[j])) if ok else None

        pairs = _match(len(preds), len(gold_measures), [exact, extends])
        gold_to_pred = {j: i for i, j in pairs.items()}
        fm.tp += len(pairs)

        for i, m in enumerate(preds):
            shown = _show_pred_measure(m)
            if i not in pairs:
                fm.fp += 1
                self.miss(source, "measures", "spurious", None, shown)
                self.body_set(source, "responsibility", [], _pred_edges(m), True, shown)
                if score_lead:
                    self.body_set(source, "lead", [], _bodies(getattr(m, "lead", None)),
                                  True, shown)
        for j, g in enumerate(gold_measures):
            shown = _show_gold_measure(g)
            i = gold_to_pred.get(j)
            if i is None:
                fm.fn += 1
                self.miss(source, "measures", "missed", shown, None)
                self.body_set(source, "responsibility", _gold_edges(g), [], True, shown)
                if score_lead:
                    self.body_set(source, "lead", _gold_lead(g), [], True, shown)
            else:
                m = preds[i]
                self.body_set(source, "responsibility", _gold_edges(g), _pred_edges(m), True,
                              shown)
                if score_lead:
                    self.body_set(source, "lead", _gold_lead(g),
                                  _bodies(getattr(m, "lead", None)), True, shown)

    # -- targets ----------------------------------------------------------------------------

    def targets(self, source: str, gold_targets: list[dict], record: Any) -> None:
        fs = self.fields["targets"]
        fs.documents += 1
        preds = [
            t for t in (getattr(record, "targets", None) or [])
            if str(getattr(t, "kind", "target") or "target") == "target"
        ]
        p_key = [(_float(getattr(t, "value", None)), _norm_unit(getattr(t, "unit", "")))
                 for t in preds]
        g_key = [(_float(g.get("value")), _norm_unit(g.get("unit"))) for g in gold_targets]

        def same(i: int, j: int) -> float | None:
            (pv, pu), (gv, gu) = p_key[i], g_key[j]
            if pv is None or gv is None or pu != gu:
                return None
            return 0.0 if abs(pv - gv) <= TARGET_TOLERANCE else None

        pairs = _match(len(preds), len(gold_targets), [same])
        fs.tp += len(pairs)
        matched_gold = set(pairs.values())
        for i, t in enumerate(preds):
            if i not in pairs:
                fs.fp += 1
                self.miss(source, "targets", "spurious", None, _show_target(*p_key[i]),
                          getattr(t, "indicator", None))
        for j, g in enumerate(gold_targets):
            if j not in matched_gold:
                fs.fn += 1
                self.miss(source, "targets", "missed", _show_target(*g_key[j]), None,
                          _str_or_none(g.get("evidence")))

    # -- one document -----------------------------------------------------------------------

    def document(self, source: str, gold: dict, record: Any) -> None:
        if "references" in gold:
            self.references(source, _dicts(gold.get("references")), record)
        if "measures" in gold and gold.get("articles") is None:
            gold_measures = _dicts(gold.get("measures"))
            score_lead = _has_lead(gold_measures)
            self.lead_annotated |= score_lead
            self.measures(source, gold_measures, record, score_lead)
        if "targets" in gold:
            self.targets(source, _dicts(gold.get("targets")), record)
        if "issuers" in gold:
            self.fields["issuers"].documents += 1
            self.body_set(source, "issuers", _bodies(gold.get("issuers")),
                          _bodies(getattr(record, "issuers", None)), True)
        if "addressees" in gold:
            self.fields["addressees"].documents += 1
            self.body_set(source, "addressees", _bodies(gold.get("addressees")),
                          _bodies(getattr(record, "addressees", None)), False)
        if "doc_number" in gold:
            g = _str_or_none(gold.get("doc_number"))
            p = _str_or_none(
                getattr(record, "doc_number", None)
                or getattr(record, "doc_number_printed", None)
            )
            self.scalar(source, "doc_number", [norm_doc_number(g)], g, [norm_doc_number(p)], p)
        for name in ("date_signed", "date_published", "date_effective"):
            if name in gold:
                g = _str_or_none(gold.get(name))
                p = _str_or_none(getattr(record, name, None))
                self.scalar(source, name, [norm_date(g)], g, [norm_date(p)], p)
        title_keys = ("title", "notice_title", "promulgates")
        if any(k in gold for k in title_keys):
            g_vals = [_str_or_none(gold.get(k)) for k in title_keys]
            p_vals = [_str_or_none(getattr(record, k, None)) for k in ("title", "notice_title")]
            self.scalar(source, "title", [norm_title(v) for v in g_vals],
                        _first(g_vals), [norm_title(v) for v in p_vals], _first(p_vals))


def score(records: Iterable[Record], gold: list[dict]) -> Report:
    """Score ``records`` against ``gold`` (as returned by :func:`load_gold`).

    Records and gold entries are paired on the base name of ``source``.  See the module
    docstring for the per-field rules.  Plain dicts shaped like :meth:`Record.to_dict`
    (e.g. read back from JSONL output) are accepted in place of records.
    """
    warnings: list[str] = []
    by_name: dict[str, Any] = {}
    for item in records:
        record = _as_obj(item)
        name = _base_name(getattr(record, "source", "") or "")
        if name in by_name:
            warnings.append(f"duplicate record for {name}: only the first one is scored")
            continue
        by_name[name] = record

    scorer = _Scorer()
    seen: set[str] = set()
    documents = 0
    for k, entry in enumerate(gold):
        source = entry.get("source") if isinstance(entry, dict) else None
        if not isinstance(source, str) or not source.strip():
            warnings.append(f"gold entry {k} has no 'source': skipped")
            continue
        name = _base_name(source)
        if name in seen:
            warnings.append(f"duplicate gold entry for {name}: only the first one is scored")
            continue
        seen.add(name)
        documents += 1
        record = by_name.get(name)
        if record is None:
            scorer.miss(name, "document", "missed", name, None)
            record = Record(source=name, id="")
        scorer.document(name, entry, record)
    for name in by_name:
        if name not in seen:
            warnings.append(f"no gold entry for record {name}: not scored")

    fields = scorer.fields
    if not scorer.lead_annotated:
        del fields["lead"]
    return Report(fields=fields, misses=scorer.misses, documents=documents, warnings=warnings)


# --------------------------------------------------------------------------------------------
# Gold helpers and display


def _as_obj(value: Any) -> Any:
    """Dicts (recursively) to attribute access, so ``Record.to_dict()`` output scores too."""
    if isinstance(value, dict):
        return SimpleNamespace(**{str(k): _as_obj(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_as_obj(v) for v in value]
    return value


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _first(values: Sequence[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _gold_heading(measure: dict) -> str | None:
    return _str_or_none(measure.get("title")) or _str_or_none(measure.get("evidence"))


def _gold_edges(measure: dict) -> list[str]:
    return _bodies(_as_list(measure.get("responsible")) + _as_list(measure.get("supporting")))


def _gold_lead(measure: dict) -> list[str]:
    if "lead" in measure:
        return _bodies(measure.get("lead"))
    out: list[Any] = []
    for a in _dicts(measure.get("assignments")):
        out.extend(_as_list(a.get("lead")))
    return _bodies(out)


def _has_lead(measures: list[dict]) -> bool:
    return any(
        "lead" in m or any("lead" in a for a in _dicts(m.get("assignments"))) for m in measures
    )


def _pred_edges(measure: Any) -> list[str]:
    return _bodies(
        list(getattr(measure, "responsible", None) or [])
        + list(getattr(measure, "supporting", None) or [])
    )


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, list) else []


def _show_gold_ref(ref: dict) -> str:
    title = _str_or_none(ref.get("title")) or _str_or_none(ref.get("cited_as")) or "?"
    number = _str_or_none(ref.get("doc_number"))
    return f"《{title}》（{number}）" if number else f"《{title}》"


def _show_pred_ref(ref: Any) -> str:
    title = getattr(ref, "title", None) or getattr(ref, "cited_as", None) or "?"
    number = getattr(ref, "doc_number", None)
    relation = getattr(ref, "relation", None)
    shown = f"《{title}》（{number}）" if number else f"《{title}》"
    return f"{shown} [{relation}]" if relation else shown


def _show_gold_measure(measure: dict) -> str:
    number = _str_or_none(measure.get("number")) or ""
    return f"{number} {_gold_heading(measure) or '?'}".strip()


def _show_pred_measure(measure: Any) -> str:
    number = getattr(measure, "number", None) or ""
    return f"{number} {getattr(measure, 'title', None) or '?'}".strip()


def _show_target(value: float | None, unit: str) -> str:
    if value is None:
        return f"? {unit}".strip()
    shown = f"{value:g}" if value == value else str(value)
    return f"{shown} {unit}".strip()


# --------------------------------------------------------------------------------------------
# Output


def report_to_dict(report: Report) -> dict[str, Any]:
    """JSON-ready dict: per-field counts and rates, the misses and the warnings."""
    fields: dict[str, Any] = {}
    for name, fs in report.fields.items():
        fields[name] = {
            "tp": fs.tp,
            "fp": fs.fp,
            "fn": fs.fn,
            "precision": fs.precision,
            "recall": fs.recall,
            "f1": fs.f1,
            "accuracy": fs.accuracy,
            "correct": fs.correct,
            "total": fs.total,
            "documents": fs.documents,
            "informative": fs.informative,
        }
    return {
        "documents": report.documents,
        "fields": fields,
        "misses": [asdict(m) for m in report.misses],
        "warnings": list(report.warnings),
    }


def format_report(report: Report, misses: bool = True) -> str:
    """Plain-text table (field, P, R, F1, tp/fp/fn, accuracy), then the misses per document.

    Informative fields are listed after the scored ones and marked with ``*``.
    """
    rows = [("field", "P", "R", "F1", "tp/fp/fn", "acc")]
    ordered = [n for n in report.fields if not report.fields[n].informative]
    ordered += [n for n in report.fields if report.fields[n].informative]
    for name in ordered:
        fs = report.fields[name]
        acc = "-" if fs.accuracy is None else f"{fs.accuracy:.3f} ({fs.correct}/{fs.total})"
        rows.append((
            name + (" *" if fs.informative else ""),
            f"{fs.precision:.3f}",
            f"{fs.recall:.3f}",
            f"{fs.f1:.3f}",
            f"{fs.tp}/{fs.fp}/{fs.fn}",
            acc,
        ))
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = [f"documents: {report.documents}"]
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])]
        cells += [row[k].rjust(widths[k]) for k in range(1, 5)]
        cells.append(row[5])
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    if any(fs.informative for fs in report.fields.values()):
        lines.append("* informative only")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    if misses:
        lines.append("")
        lines.append(f"misses: {len(report.misses)}")
        grouped: dict[str, list[Miss]] = {}
        for m in report.misses:
            grouped.setdefault(m.source, []).append(m)
        width_field = max((len(m.field) for m in report.misses), default=0)
        width_kind = max((len(m.kind) for m in report.misses), default=0)
        for source, items in grouped.items():
            lines.append(source)
            for m in items:
                lines.append(
                    f"  {m.field.ljust(width_field)}  {m.kind.ljust(width_kind)}  {_detail(m)}"
                )
    return "\n".join(lines)


def _detail(m: Miss) -> str:
    if m.kind == "missed":
        text = f"gold: {m.gold}"
    elif m.kind == "spurious":
        text = f"predicted: {m.predicted}"
    else:
        text = f"gold: {m.gold} | predicted: {m.predicted}"
    return f"[{m.context}] {text}" if m.context else text
