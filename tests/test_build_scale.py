"""The streaming build: catalogue-backed resolution across builds, stamps that skip unchanged
files without reading them, N-Quads hand-off, and the Dask executor."""

from __future__ import annotations

import gc
import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

import policygraph.build as build_module
from policygraph.build import StoreFolder, build
from policygraph.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]


def _synth():
    if "synth" in sys.modules:  # loaded by test_synth: the same module object, or pickling breaks
        return sys.modules["synth"]
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 synthetic documents that cite each other by 文号 and by title alone."""
    out = tmp_path_factory.mktemp("synth") / "corpus"
    _synth().generate(120, 11, out)
    (out / "truth.jsonl").unlink()
    return out


def _nt(store: Path) -> bytes:
    return StoreFolder(store).store(read_only=True).export("nt")


def _age(folder: Path) -> None:
    """Give every file an mtime well before now (as files that were not just written)."""
    for p in folder.rglob("*"):
        if p.is_file():
            os.utime(p, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))


def test_documents_added_later_resolve_earlier_title_citations(synthetic: Path, tmp_path: Path) -> None:
    files = sorted(synthetic.iterdir())
    late = tmp_path / "late"
    late.mkdir()
    for f in files[len(files) // 2:]:  # later documents cite earlier ones: build the citing half first
        shutil.copy(f, late / f.name)
    store = tmp_path / "store"
    first = build([late], store)
    for f in files[: len(files) // 2]:
        shutil.copy(f, late / f.name)
    second = build([late], store)
    assert second.extracted == len(files) // 2
    # documents that were not extracted again still had their graphs rewritten: their title
    # citations now resolve to documents of the second half
    assert second.graphs_written > second.extracted
    assert second.resolved > first.resolved
    whole = tmp_path / "whole"
    build([late], whole)  # the same files in one build
    assert _nt(store) == _nt(whole)


def test_unchanged_files_are_not_read_again(synthetic: Path, tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(synthetic, corpus)
    _age(corpus)
    store = tmp_path / "store"
    build([corpus], store)
    reads: list[str] = []
    real = build_module.read_document

    def counting(path, hints=None):
        reads.append(Path(path).name)
        return real(path, hints)

    monkeypatch.setattr(build_module, "read_document", counting)
    again = build([corpus], store)
    assert (reads, again.extracted, again.graphs_written) == ([], 0, 0)

    target = sorted(corpus.iterdir())[5]
    target.write_bytes(target.read_bytes() + b"\n(END)\n")  # ASCII: fine in UTF-8 and GB18030 files
    os.utime(target, ns=(1_650_000_000_000_000_000, 1_650_000_000_000_000_000))  # else "racy": read again
    changed = build([corpus], store)
    assert reads == [target.name] and changed.extracted == 1
    # touched but identical content: read (the stamp changed), not extracted, no graph written
    reads.clear()
    other = sorted(corpus.iterdir())[7]
    os.utime(other, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    touched = build([corpus], store)
    assert reads == [other.name] and (touched.extracted, touched.graphs_written) == (0, 0)


def test_many_batches_loading_side_by_side_give_the_same_graph(synthetic: Path, tmp_path: Path,
                                                              monkeypatch) -> None:
    whole = tmp_path / "whole"
    build([synthetic], whole)
    monkeypatch.setattr(build_module, "LOAD_BATCH_QUADS", 3000)  # ~40 batches, two loading at once
    monkeypatch.setattr(build_module, "PARALLEL_LOADS", 2)
    batched = tmp_path / "batched"
    summary = build([synthetic], batched, jobs=2)
    assert summary.graphs_written >= summary.extracted == len(list(synthetic.iterdir()))
    assert _nt(batched) == _nt(whole)


def test_a_failed_load_is_not_recorded_and_the_next_build_writes_it(synthetic: Path, tmp_path: Path,
                                                                     monkeypatch) -> None:
    store = tmp_path / "store"
    monkeypatch.setattr(build_module, "LOAD_BATCH_QUADS", 3000)
    real = GraphStore.bulk_load_nquads
    calls = [0]

    def failing(self: GraphStore, data: bytes) -> None:
        calls[0] += 1
        if calls[0] == 5:  # a load in the middle, while another may be running
            raise OSError("disk full")
        real(self, data)

    monkeypatch.setattr(GraphStore, "bulk_load_nquads", failing)
    try:
        build([synthetic], store)
    except OSError as exc:  # not pytest.raises: its traceback would keep the store open (locked)
        assert "disk full" in str(exc)
    else:
        pytest.fail("the failed load did not stop the build")
    gc.collect()
    monkeypatch.setattr(GraphStore, "bulk_load_nquads", real)
    again = build([synthetic], store)
    assert again.extracted == 0 and again.graphs_written > 0  # the graphs not loaded, written now
    fresh = tmp_path / "fresh"
    build([synthetic], fresh)
    assert _nt(store) == _nt(fresh)


def test_a_record_that_cannot_be_written_stops_the_build_and_the_next_one_recovers(
        synthetic: Path, tmp_path: Path, monkeypatch) -> None:
    """A failed write of the records cache stops the build with its error; no catalogue entry
    names a record that is not there, and the next build completes the store."""
    store = tmp_path / "store"
    real = StoreFolder.save_record
    saved = [0]

    def failing(self: StoreFolder, content_id: str, record_json: str, text: str) -> None:
        saved[0] += 1
        if saved[0] == 50:
            raise OSError(28, "No space left on device")
        real(self, content_id, record_json, text)

    monkeypatch.setattr(StoreFolder, "save_record", failing)
    try:
        build([synthetic], store, jobs=2)
    except OSError as exc:
        assert "No space left" in str(exc)
    else:
        pytest.fail("the failed write did not stop the build")
    gc.collect()
    monkeypatch.setattr(StoreFolder, "save_record", real)
    folder = StoreFolder(store)
    cat = folder.catalog(read_only=True)
    named = set(cat.ids().values())
    cat.close()
    assert named <= (folder.cached_ids() or set())
    again = build([synthetic], store)
    assert again.failed == 0 and again.documents == len(list(synthetic.iterdir()))
    fresh = tmp_path / "fresh"
    build([synthetic], fresh)
    assert _nt(store) == _nt(fresh)


def test_nquads_hand_off_holds_the_whole_graph(synthetic: Path, tmp_path: Path) -> None:
    store, nq = tmp_path / "store", tmp_path / "nq"
    build([synthetic], store, nquads_dir=nq)
    parts = sorted(nq.glob("part-*.nq"))
    assert len(parts) >= 2  # source graphs and derived graphs
    loaded = GraphStore()
    for part in parts:
        loaded.bulk_load_nquads(part.read_bytes())
    assert loaded.export("nt") == _nt(store)
    assert sorted(loaded.graphs()) == sorted(StoreFolder(store).store(read_only=True).graphs())


def test_dask_executor_gives_the_same_graph(synthetic: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("dask.distributed", reason="the optional extra policygraph[dask]")
    from policygraph.distributed import dask_mapper

    local = tmp_path / "local"
    build([synthetic], local, jobs=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        summary = build([synthetic], tmp_path / "dask", mapper=dask_mapper(client, wave=8))
    assert summary.failed == 0 and summary.extracted == len(list(synthetic.iterdir()))
    assert _nt(tmp_path / "dask") == _nt(local)


def test_dask_executor_from_the_command_line(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="the optional extra policygraph[dask]")
    from click.testing import CliRunner

    from policygraph.cli import main

    corpus = ROOT / "corpus" / "seeds"
    result = CliRunner().invoke(main, ["build", str(corpus), "--store", str(tmp_path / "s"),
                                       "--executor", "dask", "--jobs", "1", "--nquads", str(tmp_path / "nq")])
    assert result.exit_code == 0, result.output
    assert "5 documents (5 extracted" in result.output
    assert _nt(tmp_path / "s") == _nt_of_local_build(corpus, tmp_path / "l")


def _nt_of_local_build(corpus: Path, store: Path) -> bytes:
    build([corpus], store)
    return _nt(store)


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed", reason="the optional extra policygraph[dask]")
    from click.testing import CliRunner

    from policygraph.cli import main

    result = CliRunner().invoke(main, ["build", str(ROOT / "corpus" / "seeds"), "--store", str(tmp_path / "s"),
                                       "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


def test_same_size_edit_within_the_same_clock_tick_is_seen(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    doc = corpus / "a.txt"
    doc.write_text("某市人民政府关于推进甲工作的通知\n各区人民政府：\n一、加快推进甲工作。\n", encoding="utf-8")
    mtime = doc.stat().st_mtime_ns
    store = tmp_path / "store"
    build([corpus], store)
    doc.write_text("某市人民政府关于推进乙工作的通知\n各区人民政府：\n一、加快推进乙工作。\n", encoding="utf-8")
    os.utime(doc, ns=(mtime, mtime))  # same size, same mtime: only the content tells
    again = build([corpus], store)
    assert again.extracted == 1
    assert "乙工作" in _nt(store).decode()


def test_incremental_build_equals_a_fresh_build_graph_by_graph(synthetic: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(synthetic, corpus)
    store = tmp_path / "store"
    build([corpus], store)
    files = sorted(corpus.iterdir())
    for f in files[3:40:6]:  # edits that change organisation IRIs (@doc-<content id>), titles, citations
        f.write_bytes(f.read_bytes().replace(b"\n", b"\n\n", 3) + b"\n(edit)\n")
    files[50].unlink()
    incremental = build([corpus], store, prune=True)
    assert incremental.extracted == 7 and incremental.removed == 1
    fresh = tmp_path / "fresh"
    build([corpus], fresh)
    nq = [StoreFolder(s).store(read_only=True).export("nq") for s in (store, fresh)]
    assert nq[0] == nq[1]
    assert StoreFolder(store).graph_hashes() == StoreFolder(fresh).graph_hashes()


def test_a_body_edit_regenerates_no_other_graph(synthetic: Path, tmp_path: Path, monkeypatch) -> None:
    """Editing a cited document's body (not its title) changes no other document's resolution,
    so only its own graph is made again: the one-changed-file rebuild of a large corpus."""
    corpus = tmp_path / "c"
    shutil.copytree(synthetic, corpus)
    store = tmp_path / "store"
    build([corpus], store)
    cat = StoreFolder(store).catalog(read_only=True)
    cited = cat.db.execute("SELECT t.key, COUNT(*) FROM title t JOIN ref r ON r.tkey = t.tkey "
                           "GROUP BY t.key ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
    cat.close()
    assert cited and cited[1] >= 2  # a document others cite by its title
    made: list[str] = []
    real = build_module.graph_nquads
    monkeypatch.setattr(build_module, "graph_nquads", lambda task: made.append(task[0]) or real(task))
    target = corpus / Path(cited[0]).name
    target.write_bytes(target.read_bytes() + b"\n(END)\n")
    again = build([corpus], store)
    assert again.extracted == 1 and made == [cited[0]]
    fresh = tmp_path / "fresh"
    build([corpus], fresh)
    assert _nt(store) == _nt(fresh)


def test_a_lost_cached_record_is_extracted_again(synthetic: Path, tmp_path: Path) -> None:
    """Unchanged builds trust the records folder when its mtime is the one the last build
    noted; removing a record changes that mtime, and the file is extracted again."""
    corpus = tmp_path / "c"
    shutil.copytree(synthetic, corpus)
    _age(corpus)
    store = tmp_path / "store"
    build([corpus], store)
    folder = StoreFolder(store)
    os.utime(folder.records, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))
    assert build([corpus], store).extracted == 0  # lists the records and notes the folder's mtime
    cat = folder.catalog(read_only=True)
    assert cat.meta("records_mtime") == str(folder.records.stat().st_mtime_ns)
    assert folder.cached_ids(cat) is None  # trusted: no listing of the records
    cat.close()
    before = _nt(store)
    lost = sorted(folder.records.glob("*.json"))[3]
    lost.unlink()
    again = build([corpus], store)
    assert again.extracted == 1 and lost.exists()
    assert _nt(store) == before


def test_citation_edits_rewrite_the_references_graph_a_subject_at_a_time(
        synthetic: Path, tmp_path: Path, monkeypatch) -> None:
    """A new citation of an uningested document, its removal, and the removal of a cited
    document change the references graph a subject at a time (never rewritten whole), and the
    store equals a fresh build's after each step, graph hash by graph hash."""
    from policygraph.rdf import REFERENCES_GRAPH

    corpus = tmp_path / "c"
    shutil.copytree(synthetic, corpus)
    store = tmp_path / "store"
    build([corpus], store)
    whole: list[str] = []
    real = build_module._stream_graph
    monkeypatch.setattr(build_module, "_stream_graph",
                        lambda gs, graph, parts, writer: whole.append(graph) or real(gs, graph, parts, writer))

    def same_as_fresh(name: str) -> str:
        fresh = tmp_path / name
        build([corpus], fresh)
        assert _nt(store) == _nt(fresh)
        assert StoreFolder(store).graph_hashes() == StoreFolder(fresh).graph_hashes()
        return _nt(store).decode()

    files = sorted(corpus.iterdir())
    citing = next(f for f in files[10:] if _is_utf8(f.read_bytes()))
    original = citing.read_bytes()
    citing.write_bytes(original + "\n根据《国家文物局关于开展测试引用工作的通知》，结合实际制定。\n".encode())
    one = build([corpus], store)
    assert one.extracted == 1 and REFERENCES_GRAPH not in whole
    text = same_as_fresh("fresh1")
    assert "国家文物局关于开展测试引用工作的通知" in text and "国家文物局" in text

    citing.write_bytes(original)
    whole.clear()  # the fresh build wrote every graph whole
    next(f for f in files[20:] if f != citing).unlink()  # a document others may cite: its citers' targets become referenced-only
    two = build([corpus], store, prune=True)
    assert two.removed == 1 and REFERENCES_GRAPH not in whole
    text = same_as_fresh("fresh2")
    assert "国家文物局关于开展测试引用工作的通知" not in text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_a_catalogue_too_old_to_upgrade_is_started_afresh(synthetic: Path, tmp_path: Path) -> None:
    """A catalogue of a schema older than those it can be upgraded from is dropped: every file
    is extracted again and the store ends as a fresh build's."""
    import sqlite3

    from policygraph.catalog import UPGRADED_FROM

    store = tmp_path / "store"
    build([synthetic], store)
    old = str(int(min(UPGRADED_FROM)) - 1)
    db = sqlite3.connect(StoreFolder(store).catalog_path)
    db.execute("UPDATE meta SET value=? WHERE name='version'", (old,))
    db.commit()
    db.close()
    again = build([synthetic], store)
    assert again.extracted == again.documents == len(list(synthetic.iterdir()))
    fresh = tmp_path / "fresh"
    build([synthetic], fresh)
    assert StoreFolder(store).graph_hashes() == StoreFolder(fresh).graph_hashes()
    assert _nt(store) == _nt(fresh)


def test_a_store_of_the_previous_catalogue_schema_is_updated_without_a_rebuild(
        synthetic: Path, tmp_path: Path) -> None:
    """Catalogue schema 5 had no per-subject hashes for the references graph: such a store is
    brought up to date by writing that one graph anew, not by extracting every file again."""
    import sqlite3

    from policygraph.rdf import REFERENCES_GRAPH

    corpus = tmp_path / "c"
    shutil.copytree(synthetic, corpus)
    _age(corpus)
    store = tmp_path / "store"
    build([corpus], store)
    db = sqlite3.connect(StoreFolder(store).catalog_path)
    db.executescript("DROP TABLE refdesc; DROP INDEX ref_target; UPDATE meta SET value='5' WHERE name='version';")
    db.commit()
    db.close()
    again = build([corpus], store)
    assert (again.extracted, again.graphs_written) == (0, 2)  # the references graph, whole; statistics
    cat = StoreFolder(store).catalog(read_only=True)
    assert cat.derived_hash(REFERENCES_GRAPH) and cat.part_hash("refdesc", next(iter(
        r[0] for r in cat.db.execute("SELECT iri FROM refdesc WHERE iri LIKE '%/doc/%' LIMIT 1"))))
    cat.close()
    fresh = tmp_path / "fresh"
    build([corpus], fresh)
    assert StoreFolder(store).graph_hashes() == StoreFolder(fresh).graph_hashes()


def test_a_store_without_the_title_index_gets_it_from_the_store_not_a_rebuild(
        synthetic: Path, tmp_path: Path) -> None:
    """Catalogue schema 6 had no title index: until a build, title searches go without it (the
    answer is the same, only slower); the next build fills it from the store, extracting nothing
    and writing no document's graph, with the same rows a fresh build makes."""
    import sqlite3

    from policygraph import query as q

    corpus = tmp_path / "c"
    shutil.copytree(synthetic, corpus)
    _age(corpus)
    store = tmp_path / "store"
    build([corpus], store)
    titled = q.run_in_folder(store, "SELECT ?t WHERE { GRAPH ?g { ?d a pg:PolicyDocument ; dcterms:title ?t . "
                             "?h pg:has_target ?x } } ORDER BY ?t LIMIT 1", {})
    part = titled.rows[0][0].value[2:8]  # part of the title of a document with targets
    db = sqlite3.connect(StoreFolder(store).catalog_path)
    db.executescript("DROP TABLE doctitle_fts; DROP TABLE doctitle; UPDATE meta SET value='6' WHERE name='version';")
    db.commit()
    db.close()
    saved = q.saved_queries()["targets"]
    terms = q.bindings({"title": part}, saved)
    old = StoreFolder(store).catalog(read_only=True)
    assert old.titled(part) is None
    old.close()
    before = q.run_in_folder(store, saved.text, terms, saved).rows
    assert before  # the part names a document with targets
    again = build([corpus], store)
    assert (again.extracted, again.graphs_written) == (0, 1)  # 1: the statistics graph schema 8 adds
    cat = StoreFolder(store).catalog(read_only=True)
    assert cat.titled(part)
    assert q.run_in_folder(store, saved.text, terms, saved).rows == before
    rows = sorted(cat.db.execute("SELECT key, iri, title FROM doctitle"))
    cat.close()
    fresh = tmp_path / "fresh"
    build([corpus], fresh)
    fcat = StoreFolder(fresh).catalog(read_only=True)
    assert rows == sorted(fcat.db.execute("SELECT key, iri, title FROM doctitle"))
    fcat.close()


def test_a_store_without_place_year_counts_gets_them_from_the_store_not_a_rebuild(
        synthetic: Path, tmp_path: Path) -> None:
    """Catalogue schema 7 kept no jurisdictions and years: the next build reads them from the
    store, extracting nothing and rewriting no document's graph, and writes the statistics
    graph a fresh build writes."""
    import sqlite3

    from policygraph import query as q
    from policygraph.rdf import STATISTICS_GRAPH

    corpus = tmp_path / "c"
    shutil.copytree(synthetic, corpus)
    _age(corpus)
    store = tmp_path / "store"
    build([corpus], store)
    gs = StoreFolder(store).store()
    gs.drop_graph(STATISTICS_GRAPH)
    del gs  # the database is opened again by the checks and the build
    db = sqlite3.connect(StoreFolder(store).catalog_path)
    db.executescript("DROP TABLE docyear; DROP TABLE statdesc; UPDATE meta SET value='7' WHERE name='version'; "
                     f"DELETE FROM derived WHERE graph='{STATISTICS_GRAPH}';")
    db.commit()
    db.close()
    saved = q.saved_queries()["documents_by_place_year"]
    assert q.run_in_folder(store, saved.text, {}).rows == []
    again = build([corpus], store)
    assert (again.extracted, again.graphs_written) == (0, 1)  # the statistics graph only
    fresh = tmp_path / "fresh"
    build([corpus], fresh)
    assert StoreFolder(store).graph_hashes() == StoreFolder(fresh).graph_hashes()
    rows = q.run_in_folder(store, saved.text, {}).rows
    assert rows and rows == q.run_in_folder(fresh, saved.text, {}).rows
