"""Citation resolution fallbacks: the short name (issuing bodies before 关于 dropped on one side)
and the fuzzy title (MinHash LSH candidates, strictly verified), in memory, in the catalogue,
and across incremental builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from policygraph.build import StoreFolder, build
from policygraph.catalog import Catalog, catalog_rows
from policygraph.corpus import read_document
from policygraph.extractors.pipeline import extract_document
from policygraph.model import Reference
from policygraph.resolve import Index, build_index, resolve_key

D1, D2 = "https://example.org/d1", "https://example.org/d2"


def _index(*titles: tuple[str, str]) -> Index:
    idx = Index()
    for title, target in titles:
        idx.add_own_title(title, target)
        idx.ingested.add(target)
    return idx


def _cite(idx: Index, title: str) -> tuple[str | None, str]:
    target, known, method = idx.lookup(Reference(f"《{title}》", None, "cites", (0, 1)))
    return (target if known else None), method


# --- short name -----------------------------------------------------------------------------------

def test_prefix_dropped_in_the_citation_resolves() -> None:
    idx = _index(("国务院关于大力发展电子商务加快培育经济新动力的意见", D1))
    assert _cite(idx, "关于大力发展电子商务加快培育经济新动力的意见") == (D1, "short_name")


def test_prefix_added_in_the_citation_resolves() -> None:
    idx = _index(("关于大力发展电子商务加快培育经济新动力的意见", D1))
    assert _cite(idx, "国务院关于大力发展电子商务加快培育经济新动力的意见") == (D1, "short_name")


def test_different_prefixes_do_not_resolve() -> None:
    idx = _index(("国务院关于大力发展电子商务加快培育经济新动力的意见", D1))
    assert _cite(idx, "浙江省人民政府关于大力发展电子商务加快培育经济新动力的意见")[0] is None


def test_ambiguous_core_stays_unresolved() -> None:
    idx = _index(("国务院关于大力发展电子商务加快培育经济新动力的意见", D1),
                 ("浙江省人民政府关于大力发展电子商务加快培育经济新动力的意见", D2))
    assert _cite(idx, "关于大力发展电子商务加快培育经济新动力的意见")[0] is None
    # nor does the fuzzy step pick one after the short name found two
    assert _cite(idx, "关于大力发展电子商务加快培育经济新动力意见")[0] is None


def test_text_before_guan_yu_that_is_no_body_is_no_prefix() -> None:
    idx = _index(("国务院办公厅转发商务部关于加快发展电子商务促进消费的通知", D1))
    assert _cite(idx, "关于加快发展电子商务促进消费的通知")[0] is None


def test_exact_title_wins_and_relative_titles_keep_their_rules() -> None:
    idx = _index(("国务院关于加快发展电子商务的意见", D1), ("关于加快发展电子商务的意见", D2))
    assert _cite(idx, "关于加快发展电子商务的意见") == (D2, "title")
    idx = _index(("杭州市人民政府关于加快发展我市电子商务的意见", D1))
    assert _cite(idx, "关于加快发展我市电子商务的意见")[0] is None


# --- fuzzy title ----------------------------------------------------------------------------------

@pytest.mark.parametrize("cited", [
    "关于大力发展电子商务加快培育经济新动力意见",          # 的 dropped
    "关于进一步大力发展电子商务加快培育经济新动力的意见",  # 进一步 added
    "国务院关于大力发展电子商务和加快培育经济新动力的意见",  # 和 added, with the prefix
])
def test_near_identical_titles_resolve(cited: str) -> None:
    idx = _index(("国务院关于大力发展电子商务加快培育经济新动力的意见", D1))
    assert _cite(idx, cited) == (D1, "fuzzy_title")


def test_and_or_with_and_ruogan() -> None:
    idx = _index(("关于促进外贸稳定增长与结构优化的若干意见", D1))
    assert _cite(idx, "关于促进外贸稳定增长和结构优化的意见") == (D1, "fuzzy_title")


@pytest.mark.parametrize("known, cited", [
    ("关于印发2019年全市电子商务工作要点的通知", "关于印发2020年全市电子商务工作要点通知"),
    ("浙江省电子商务发展第十四个五年规划", "浙江省电子商务发展第十三个五年的规划"),
    ("关于加快发展跨境电子商务产业的意见", "关于加快发展跨境电子商务产业的通知"),
    ("关于加快发展跨境电子商务产业的意见", "关于加快发展电子商务产业的意见"),  # 跨境 is no filler
    ("关于加快发展跨境电子商务产业的实施意见", "关于加快发展跨境电子商务产业的指导意见"),
])
def test_different_numbers_types_or_words_do_not_resolve(known: str, cited: str) -> None:
    assert _cite(_index((known, D1)), cited)[0] is None


def test_ambiguous_fuzzy_candidates_stay_unresolved() -> None:
    idx = _index(("关于加快推进电子商务进农村工作的意见", D1), ("关于加快推进电子商务与进农村工作意见", D2))
    assert _cite(idx, "关于加快推进电子商务进农村工作意见")[0] is None


# --- the catalogue answers as the in-memory index does ---------------------------------------------

def _doc(title: str, cites: list[str]) -> str:
    body = "为贯彻落实" + "和".join(f"《{c}》" for c in cites) + "精神，结合实际，提出如下意见。" if cites else "提出如下意见。"
    return (f"{title}\n\n各区人民政府，市政府各部门：\n{body}\n"
            "一、加快发展电子商务产业。由市商务局负责。\n\n杭州市人民政府\n2015年6月1日\n")


CITING = _doc("杭州市人民政府关于加快电子商务发展的实施意见",
              ["关于大力发展电子商务加快培育经济新动力的意见", "国务院关于推进跨境电子商务健康快速发展的指导意见"])
BY_SHORT = _doc("国务院关于大力发展电子商务加快培育经济新动力的意见", [])
BY_FUZZY = _doc("国务院关于推进跨境电子商务健康和快速发展的指导意见", [])
DECOY = _doc("浙江省人民政府关于推进跨境电子商务健康快速发展的指导意见", [])


def _write(folder: Path, docs: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
        os.utime(folder / name, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


def test_catalogue_and_memory_index_agree(tmp_path: Path) -> None:
    _write(tmp_path, {"a.txt": CITING, "b.txt": BY_SHORT, "c.txt": BY_FUZZY, "d.txt": DECOY})
    recs = [extract_document(read_document(tmp_path / n)) for n in ("a.txt", "b.txt", "c.txt", "d.txt")]
    cat = Catalog(":memory:")
    for n, rec in enumerate(recs):
        cat.put(f"k{n}", catalog_rows(rec), "stamp")
    idx = build_index(recs)
    keys = cat.title_keys_of("k0")
    assert len(keys) == 2
    answers = {k: resolve_key(k, cat) for k in keys}
    assert answers == {k: idx.resolve_title(k) for k in keys}
    assert sorted(m for _, m in answers.values()) == ["fuzzy_title", "short_name"]
    assert all(t is not None for t, _ in answers.values())


# --- incremental builds -----------------------------------------------------------------------------

def _nt(store: Path) -> set[bytes]:
    return set(StoreFolder(store).store(read_only=True).export("nt").splitlines())


@pytest.mark.parametrize("late", ["b.txt", "c.txt"], ids=["short_name", "fuzzy_title"])
def test_late_title_resolves_earlier_citation_as_a_fresh_build(tmp_path: Path, late: str) -> None:
    docs = {"a.txt": CITING, "b.txt": BY_SHORT, "c.txt": BY_FUZZY}
    corpus = tmp_path / "corpus"
    _write(corpus, {k: v for k, v in docs.items() if k != late})
    store = tmp_path / "store"
    first = build([corpus], store)
    _write(corpus, {late: docs[late]})
    second = build([corpus], store, prune=True)
    assert second.resolved == first.resolved + 1
    assert second.graphs_written >= 2  # the new document and the citing one
    fresh = tmp_path / "fresh"
    build([corpus], fresh)
    assert _nt(store) == _nt(fresh)
    method = "short_name" if late == "b.txt" else "fuzzy_title"
    assert any(b"resolved_by" in t and method.encode() in t for t in _nt(store))

    (corpus / late).unlink()  # removing it again un-resolves the citation
    third = build([corpus], store, prune=True)
    assert third.resolved == first.resolved
    again = tmp_path / "again"
    build([corpus], again)
    assert _nt(store) == _nt(again)
    shutil.rmtree(fresh)
    shutil.rmtree(again)


def test_a_decoy_with_another_issuer_adds_no_edge(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus, {"a.txt": CITING, "d.txt": DECOY})
    summary = build([corpus], tmp_path / "store")
    assert summary.resolved == 0
