"""The extract and evaluate commands as a user runs them."""

import json
from pathlib import Path

from click.testing import CliRunner

from policygraph.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_extract_jsonl_and_failures(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("国务院关于促进信息消费扩大内需的若干意见\n国发〔2013〕32号\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    gbk = tmp_path / "b.txt"
    gbk.write_bytes("深圳市人民政府关于加快发展电子商务的意见\n深府〔2013〕119号\n".encode("gb18030"))
    result = CliRunner().invoke(main, ["extract", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr and "empty" in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_number"] for r in records] == ["国发〔2013〕32号", "深府〔2013〕119号"]


def test_extract_table_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "records.json"
    result = CliRunner().invoke(main, ["extract", str(ROOT / "corpus" / "extra"), "--format", "json",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 8
    table = CliRunner().invoke(main, ["extract", str(ROOT / "corpus" / "seeds"), "--format", "table"])
    assert table.exit_code == 0
    assert "深府〔2013〕119号" in table.stdout


def test_evaluate_prints_scores() -> None:
    result = CliRunner().invoke(main, ["evaluate", str(ROOT / "tests" / "data" / "extra.json"),
                                       str(ROOT / "corpus"), "--format", "json", "--no-misses"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert "references" in json.dumps(report)


def test_help_has_examples() -> None:
    for cmd in ("extract", "evaluate"):
        result = CliRunner().invoke(main, [cmd, "--help"])
        assert "Examples" in result.output


def test_keywords_come_from_jieba_on_request(tmp_path: Path) -> None:
    from policygraph import extract

    text = ("加快发展电子商务的意见\n（一）推进电子商务应用。鼓励企业开展电子商务，发展跨境电子商务和移动电子商务。\n"
            "（二）完善物流配送体系。建设物流配送中心，提升物流配送能力。\n")
    rec = extract(text, keywords=True)
    assert "电子商务" in rec.keywords
    assert "物流配送" in "".join(rec.measures[1].keywords) or "物流" in rec.measures[1].keywords
    assert extract(text).keywords == []


def test_optimize_compacts_without_changing_the_graph(tmp_path: Path) -> None:
    from policygraph.build import StoreFolder, build

    store = tmp_path / "store"
    build([ROOT / "corpus" / "seeds"], store)
    before = sorted(str(q) for q in StoreFolder(store).store(read_only=True).store)
    result = CliRunner().invoke(main, ["optimize", "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["seconds"] >= 0 and summary["bytes_after"] > 0
    assert sorted(str(q) for q in StoreFolder(store).store(read_only=True).store) == before


def test_optimize_names_a_store_in_use(tmp_path: Path) -> None:
    from policygraph.build import StoreFolder, build

    store = tmp_path / "store"
    build([ROOT / "corpus" / "seeds"], store)
    writer = StoreFolder(store).store()  # a build or server holding the store
    result = CliRunner().invoke(main, ["optimize", "--store", str(store)])
    assert result.exit_code == 1 and str(store) in result.output and "cannot open" in result.output
    assert len(writer) > 0
