"""The synthetic corpus generator (benchmarks/synth.py): determinism, variety, truth consistency."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look the module up while the class body runs
    spec.loader.exec_module(mod)
    return mod


synth = _load("synth")

LEVEL_RANK = {"national": 0, "provincial": 1, "municipal": 2, "county": 3}
BRACKET_RE = re.compile(r"(?:〔|\[|（|【|［|\()[0-9０-９]{4}(?:〕|\]|）|】|］|\))[0-9０-９]+号")


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.iterdir()):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _truth(folder: Path) -> list[dict]:
    with open(folder / "truth.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def _text(folder: Path, row: dict) -> str:
    data = (folder / row["source"]).read_bytes()
    text = data.decode(row["variants"]["encoding"])
    return text.replace("\r\n", "\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth60")
    synth.generate(60, 11, out)
    return out


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synth.generate(40, 5, a)
    synth.generate(40, 5, b, jobs=2, chunk=15)  # worker processes do not change the output
    synth.generate(40, 6, c)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)
    assert len(list(a.glob("*.txt"))) == 40


def test_file_names_and_truth_lines(corpus):
    rows = _truth(corpus)
    assert len(rows) == 60
    files = sorted(p.name for p in corpus.glob("*.txt"))
    assert files == [r["source"] for r in rows]
    for r in rows:
        assert re.fullmatch(r"n\d{6}_[a-z]+\.txt", r["source"])
        assert r["bytes"] == (corpus / r["source"]).stat().st_size


def test_small_corpus_has_every_level_and_kind(corpus):
    rows = _truth(corpus)
    assert {r["level"] for r in rows} == set(LEVEL_RANK)
    assert {"opinion", "notice_att", "notice"} <= {r["kind"] for r in rows}
    numbers = [r["doc_number"] for r in rows if r["doc_number"]]
    prefixes = {n.split("〔")[0] for n in numbers}
    assert len(prefixes) >= 15  # 国发, 粤府, 成府发, 深宝府 … not one issuer
    assert len(set(numbers)) == len(numbers)
    titles = [r["title"] for r in rows]
    assert len(set(titles)) == len(titles)


def test_encoding_crlf_header_and_bracket_variants(corpus):
    rows = _truth(corpus)
    gb = [r for r in rows if r["variants"]["encoding"] == "gb18030"]
    crlf = [r for r in rows if r["variants"]["crlf"]]
    web = [r for r in rows if r["variants"]["web_header"]]
    assert len(gb) == 3 and len(crlf) == 6 and web  # 5 % and 10 % per block of 20
    for r in gb:
        data = (corpus / r["source"]).read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        data.decode("gb18030")
    for r in crlf:
        assert b"\r\n" in (corpus / r["source"]).read_bytes()
    for r in web:
        text = _text(corpus, r)
        assert "索引号" in text and "发布日期" in text
        assert text.index("索引号") < text.index("发布日期")
    variants = set()
    for r in rows:
        for m in BRACKET_RE.finditer(_text(corpus, r)):
            s = m.group(0)
            variants.add("fullwidth" if re.search("[０-９]", s) else s[0])
    assert "〔" in variants and len(variants) >= 3


def test_references_point_to_earlier_documents_up_the_chain_or_laws(corpus):
    rows = _truth(corpus)
    by_source = {r["source"]: r for r in rows}
    order = {r["source"]: i for i, r in enumerate(rows)}
    n_refs = 0
    for r in rows:
        seen = set()
        for ref in r["references"]:
            n_refs += 1
            assert ref["relation"] in {"implements", "based_on", "cites", "repeals"}
            if ref["target"] is None:  # a national law
                assert ref["doc_number"] is None
                assert ref["title"].startswith("中华人民共和国") and ref["title"].endswith("法")
                key = ref["title"]
            else:
                t = by_source[ref["target"]]
                assert order[t["source"]] < order[r["source"]]
                assert t["date_signed"] < r["date_signed"]
                assert LEVEL_RANK[t["level"]] <= LEVEL_RANK[r["level"]]
                assert t["jurisdiction"] in r["place_chain"]
                assert ref["doc_number"] == t["doc_number"]
                assert ref["title"] in (t["title"], t["promulgates"])
                key = t["source"]
            assert key not in seen  # one entry per referenced document
            seen.add(key)
    assert n_refs > 40


def test_truth_evidence_is_printed_in_the_text(corpus):
    rows = _truth(corpus)
    n_resp = n_targets = 0
    for r in rows:
        text = _text(corpus, r)
        flat = text.replace("\n", "")
        assert r["title"] in flat or r["title"] in text
        if r["doc_number"]:
            canon = text.translate(str.maketrans("[]（）【】［］()０１２３４５６７８９",
                                                 "〔〕〔〕〔〕〔〕〔〕0123456789"))
            assert r["doc_number"] in canon
        for ref in r["references"]:
            assert ref["evidence"] in text
        for row in r["responsibility"]:
            n_resp += 1
            assert row["evidence"] in text and row["measure"] in text
            assert row["role"] in {"lead", "supporting", "responsible"}
            for body in row["bodies"]:
                assert body in row["evidence"]
        for t in r["targets"]:
            n_targets += 1
            assert t["evidence"] in text
            assert str(t["value"]) + t["unit"] in t["evidence"]
            assert t["year"] > int(r["date_signed"][:4])
    assert n_resp > 50 and n_targets > 30


def test_sizes_within_range(tmp_path):
    synth.generate(400, 3, tmp_path)
    sizes = sorted(r["bytes"] for r in _truth(tmp_path))
    assert sizes[0] > 300 and sizes[-1] < 60_000
    median = sizes[len(sizes) // 2]
    assert 3_000 < median < 12_000
    assert sizes[int(len(sizes) * 0.9)] > 2 * median  # a long tail


def test_variant_shares_are_exact_per_block():
    flags = synth.variant_flags(200, 9)
    assert sum(f[0] for f in flags) == 10
    assert sum(f[1] for f in flags) == 20
    assert sum(f[2] for f in flags) == 10


def test_command_line(tmp_path, capsys):
    assert synth.main(["--docs", "25", "--seed", "2", "--out", str(tmp_path / "o")]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["docs"] == 25 and info["mb_written"] > 0 and info["peak_rss_mb"] > 0
    assert len(list((tmp_path / "o").glob("*.txt"))) == 25


def test_checker_scores_a_small_sample(corpus):
    check = _load("synth_check")
    rep = check.check(corpus, sample=20, seed=1)
    assert rep["documents"] == 20 and not rep["errors"]
    for key in ("references", "responsibility", "targets"):
        assert 0.0 <= rep[key]["f1"] <= 1.0
    assert rep["doc_number_accuracy"] is not None
