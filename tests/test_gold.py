"""Accuracy floors on the hand-checked gold of the bundled corpus (the issue's done-when figures).

The same extractor is scored on documents it was not tuned on (tests/data/heldout.json), at
nearly the same floors: a regression on either set fails the build.
"""

from pathlib import Path

import pytest

from policygraph.corpus import read_document
from policygraph.evaluate import load_gold, score
from policygraph.extractors.pipeline import extract_document

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

FLOORS = {
    "references": ("f1", 0.95),
    "relation_accuracy": ("accuracy", 0.90),
    "measures": ("f1", 0.90),
    "responsibility": ("f1", 0.95),
    "targets": ("f1", 0.85),
    "issuers": ("f1", 0.90),
    "doc_number": ("accuracy", 0.95),
    "date_signed": ("accuracy", 0.95),
    "title": ("accuracy", 0.90),
}


def _files(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def corpus_report():  # type: ignore[no-untyped-def]
    gold = load_gold(DATA / "seeds.json") + load_gold(DATA / "extra.json")
    files = _files(ROOT / "corpus")
    records = [extract_document(read_document(files[g["source"]])) for g in gold]
    return score(records, gold)


# Held-out documents: slightly lower floors, as the issue allows for unseen text.
HELDOUT_FLOORS = {
    "references": ("f1", 0.90),
    "relation_accuracy": ("accuracy", 0.85),
    "measures": ("f1", 0.90),
    "responsibility": ("f1", 0.90),
    "targets": ("f1", 0.80),
    "issuers": ("f1", 0.85),
    "doc_number": ("accuracy", 0.90),
    "date_signed": ("accuracy", 0.90),
    "title": ("accuracy", 0.90),
}


@pytest.fixture(scope="module")
def heldout_report():  # type: ignore[no-untyped-def]
    gold = load_gold(DATA / "heldout.json")
    files = _files(DATA / "heldout")
    records = [extract_document(read_document(files[g["source"]])) for g in gold]
    return score(records, gold)


@pytest.mark.parametrize("field", sorted(HELDOUT_FLOORS))
def test_heldout_floor(heldout_report, field: str) -> None:  # type: ignore[no-untyped-def]
    attr, floor = HELDOUT_FLOORS[field]
    value = getattr(heldout_report.fields[field], attr)
    assert value >= floor, f"{field} {attr} {value:.3f} < {floor}"


@pytest.fixture(scope="module")
def heldout2_report():  # type: ignore[no-untyped-def]
    gold = load_gold(DATA / "heldout2.json")
    files = _files(DATA / "heldout2")
    records = [extract_document(read_document(files[g["source"]])) for g in gold]
    return score(records, gold)


# The second held-out set has no quantitative targets and no responsibility lists in its gold.
@pytest.mark.parametrize("field", sorted(set(HELDOUT_FLOORS) - {"targets", "responsibility"}))
def test_heldout2_floor(heldout2_report, field: str) -> None:  # type: ignore[no-untyped-def]
    attr, floor = HELDOUT_FLOORS[field]
    value = getattr(heldout2_report.fields[field], attr)
    assert value >= floor, f"{field} {attr} {value:.3f} < {floor}"


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_corpus_floor(corpus_report, field: str) -> None:  # type: ignore[no-untyped-def]
    attr, floor = FLOORS[field]
    value = getattr(corpus_report.fields[field], attr)
    assert value >= floor, f"{field} {attr} {value:.3f} < {floor}"
