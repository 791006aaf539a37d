"""Tests of the reading stage (policygraph.corpus), on real policy text in many encodings."""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

import pytest

from policygraph.corpus import (
    ReadError,
    content_id,
    decode_bytes,
    html_to_text,
    iter_paths,
    load_manifest,
    looks_like_html,
    normalise_text,
    read_corpus,
    read_document,
)
from policygraph.model import Document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.txt"))
SAMPLE_FILE = CORPUS / "extra" / "05_guobanfa_2018_129_xiaofei_fupin.txt"
SAMPLE = SAMPLE_FILE.read_text(encoding="utf-8")[:2000]  # 14 lines of a real 国办发 document
SHORT = "深府〔2013〕119号"
SHORT_2 = "国办发〔2018〕129号"  # charset-normalizer's first guess: cp949
HEADING = "一、总体要求\n"  # 一 is U+4E00: a NUL byte on the "wrong" side in UTF-16
TRADITIONAL = "國務院辦公廳關於深入開展消費扶貧助力打贏脫貧攻堅戰的指導意見\n"
MANIFEST_COLUMNS = [
    "file", "title", "doc_number", "issuer", "date_signed", "date_published",
    "date_effective", "index_number", "url", "origin",
]  # fmt: skip


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


# ---------------------------------------------------------------------------------- decoding

KOREAN_PAGE = '<html><head><meta charset="euc-kr"></head><body><p>대한민국 정부는 전자상거래</p>'
HEAD, MIDDLE, TAIL = SAMPLE[:100], SAMPLE[100:200], SAMPLE[200:]
DECODE_CASES = [
    # (id, bytes, text, encoding, warnings)
    ("utf-8", SAMPLE.encode(), SAMPLE, "utf-8", []),
    ("utf-8-bom", codecs.BOM_UTF8 + SAMPLE.encode(), SAMPLE, "utf-8-sig", []),
    ("gb18030", SAMPLE.encode("gb18030"), SAMPLE, "gb18030", []),
    ("gbk", SAMPLE.encode("gbk"), SAMPLE, "gb18030", []),
    ("gbk-crlf", _crlf(SAMPLE).encode("gbk"), _crlf(SAMPLE), "gb18030", []),
    ("gbk-short", SHORT.encode("gbk"), SHORT, "gb18030", []),
    ("gbk-short-cp949-guess", SHORT_2.encode("gbk"), SHORT_2, "gb18030", []),
    ("gb2312-heading", HEADING.encode("gb2312"), HEADING, "gb18030", []),
    # GBK bytes that are partly valid UTF-8 (范围 -> "㷶Χ"): not taken for broken UTF-8.
    ("gbk-partly-valid-utf-8", "二、试点范围".encode("gbk"), "二、试点范围", "gb18030", []),
    ("gbk-three-chars", "国务院".encode("gbk"), "国务院", "gb18030", []),
    ("big5", TRADITIONAL.encode("big5"), TRADITIONAL, "big5", []),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), SAMPLE, "utf-16-le", []),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), SAMPLE, "utf-16-be", []),
    ("utf-16-le", SAMPLE.encode("utf-16-le"), SAMPLE, "utf-16-le", []),
    ("utf-16-be", SAMPLE.encode("utf-16-be"), SAMPLE, "utf-16-be", []),
    ("utf-16-le-heading", HEADING.encode("utf-16-le"), HEADING, "utf-16-le", []),
    ("utf-16-be-heading", HEADING.encode("utf-16-be"), HEADING, "utf-16-be", []),
    # Without a newline both byte orders read as assigned characters; the CJK reading wins.
    ("utf-16-le-bare", "一、总体要求".encode("utf-16-le"), "一、总体要求", "utf-16-le", []),
    ("utf-16-be-bare", "一、总体要求".encode("utf-16-be"), "一、总体要求", "utf-16-be", []),
    ("utf-16-be-item", "2.提前适用".encode("utf-16-be"), "2.提前适用", "utf-16-be", []),
    ("utf-32-le-bom", codecs.BOM_UTF32_LE + SAMPLE.encode("utf-32-le"), SAMPLE, "utf-32-le", []),
    ("utf-32-be", SAMPLE.encode("utf-32-be"), SAMPLE, "utf-32-be", []),
    (
        "utf-8-cut-mid-char",
        SHORT.encode()[:-1],
        "深府〔2013〕119\ufffd",
        "utf-8",
        ["invalid UTF-8 bytes replaced (1 place)"],
    ),
    (
        "utf-8-cut-sample",
        SAMPLE.encode()[:-2],
        SAMPLE[:-1] + "\ufffd",
        "utf-8",
        ["invalid UTF-8 bytes replaced (1 place)"],
    ),
    (
        "utf-8-two-bad-bytes",
        b"\xff".join([HEAD.encode(), MIDDLE.encode() + b"\xfe" + TAIL.encode()]),
        f"{HEAD}\ufffd{MIDDLE}\ufffd{TAIL}",
        "utf-8",
        ["invalid UTF-8 bytes replaced (2 places)"],
    ),
    (
        "utf-8-bom-cut",
        codecs.BOM_UTF8 + SHORT.encode()[:-2],
        "深府〔2013〕119\ufffd",
        "utf-8-sig",
        ["invalid UTF-8 bytes replaced (1 place)"],
    ),
    (
        "utf-16-bom-odd-length",
        codecs.BOM_UTF16_LE + SHORT.encode("utf-16-le") + b"\x53",
        SHORT + "\ufffd",
        "utf-16-le",
        ["invalid UTF-16-LE bytes replaced (1 place)"],
    ),
    (
        "html-meta-charset-gbk",
        f'<html><head><meta charset="gb2312"></head><body><p>{SHORT}</p>'.encode("gbk"),
        f'<html><head><meta charset="gb2312"></head><body><p>{SHORT}</p>',
        "gb18030",
        [],
    ),
    (  # a declared charset beats the GB18030 preference
        "html-meta-charset-euc-kr",
        KOREAN_PAGE.encode("euc-kr"),
        KOREAN_PAGE,
        "euc_kr",
        [],
    ),
    (
        "stray-control-character",
        ("\x07" + SAMPLE[:200]).encode(),
        "\x07" + SAMPLE[:200],
        "utf-8",
        ["1 control character in text"],
    ),
]


@pytest.mark.parametrize(
    ("data", "text", "encoding", "warnings"),
    [case[1:] for case in DECODE_CASES],
    ids=[case[0] for case in DECODE_CASES],
)
def test_decode_bytes(data: bytes, text: str, encoding: str, warnings: list[str]) -> None:
    assert decode_bytes(data) == (text, encoding, warnings)


DECODE_ERRORS = [
    ("empty", b"", r"file is empty"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32, r"binary file \(NUL bytes\)"),
    ("controls", bytes(range(1, 9)) * 20, r"binary file \(control characters\)"),
    ("undecodable", bytes(range(0x80, 0x100)) * 3, r"cannot decode text \(tried utf-8, .*\)"),
]


@pytest.mark.parametrize(
    ("data", "cause"), [case[1:] for case in DECODE_ERRORS], ids=[c[0] for c in DECODE_ERRORS]
)
def test_decode_bytes_errors(data: bytes, cause: str) -> None:
    with pytest.raises(ValueError) as info:
        decode_bytes(data)
    assert re.fullmatch(cause, str(info.value))


# ------------------------------------------------------------------------------- normalising

NORMALISE_CASES = [
    ("crlf", "第一条\r\n第二条\r\n", "第一条\n第二条\n"),
    ("lone-cr", "第一条\r第二条\r", "第一条\n第二条\n"),
    ("mixed", "一\r\n二\r三\n四", "一\n二\n三\n四"),
    ("bom-and-zero-width", "\ufeff国务院\u200b办公厅\u200c\u200d\u2060", "国务院办公厅"),
    ("bom-inside", "甲\ufeff乙", "甲乙"),
    (
        "kept-as-is",
        "①㈠（一）１２３ＡＢ　\u3000\xa0ﬁ〔2013〕",
        "①㈠（一）１２３ＡＢ　\u3000\xa0ﬁ〔2013〕",
    ),
    ("trailing-space-kept", "第一条  \n", "第一条  \n"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in NORMALISE_CASES],
    ids=[case[0] for case in NORMALISE_CASES],
)
def test_normalise_text(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


def test_content_id() -> None:
    assert content_id("国办发〔2018〕129号") == "c647cf744dffda4f"
    assert content_id("国办发〔2018〕129号\r\n") == content_id("国办发〔2018〕129号\n")
    assert content_id("国办发〔2018〕129号") != content_id("国办发〔2018〕128号")


# ------------------------------------------------------------------------------------- HTML

PARAGRAPH = (
    "　　消费扶贫是社会各界通过消费来自贫困地区和贫困人口的产品与服务，"
    "帮助贫困人口增收脱贫的一种扶贫方式。"
)
CITATION = "中共中央 国务院关于打赢脱贫攻坚战三年行动的指导意见"
PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见</title>
<style>p {{ color: red; }} p:before {{ content: "样式文字"; }}</style>
<script type="text/javascript">var s = "<p>脚本文字</p>"; alert(1);</script>
</head>
<body onload="track()">
<!-- 页面注释 -->
<div class="content">
<p>国办发〔2018〕129号</p>
<p>各省、自治区、直辖市人民政府，
   国务院各部委、各直属机构：</p>
<p>{PARAGRAPH}</p>
<img src="x.png" onerror="alert('xss')" alt="配图">
<p>贯彻落实&ldquo;{CITATION}&rdquo;（扶贫办 &amp; 发展改革委负责）</p>
<noscript><p>请启用脚本</p></noscript>
<table><tr><td>索引号：</td><td>000014349/2018-00229</td></tr></table>
<br><br><br>
<p><a href="javascript:alert(2)">国务院办公厅</a><br>2018年12月30日</p>
</div></body></html>
"""
PAGE_TEXT = f"""国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见
国办发〔2018〕129号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
{PARAGRAPH}
贯彻落实“{CITATION}”（扶贫办 & 发展改革委负责）
索引号：\t000014349/2018-00229

国务院办公厅
2018年12月30日"""

HTML_CASES = [
    ("page", PAGE, PAGE_TEXT),
    ("blank-lines", "<div>一、</div><br><br><br><br><div>二、</div>", "一、\n\n二、"),
    ("inline-tags", "<p>第<b>一</b>条 <i>总则</i></p>", "第一条 总则"),
    ("template", "<p>正文</p><template><p>模板</p></template>", "正文"),
    ("headings-and-lists", "<h1>标题</h1><ul><li>一</li><li>二</li></ul>", "标题\n一\n二"),
    ("latin-line-break", "<p>Internet\nPlus</p>", "Internet Plus"),
    ("pre", "<p>前</p><pre>\n  第一行\n  第二行</pre>", "前\n  第一行\n  第二行"),
    ("zero-width-entity-kept-for-normalise", "<p>甲&#8203;乙</p>", "甲\u200b乙"),
]


@pytest.mark.parametrize(
    ("html", "expected"), [c[1:] for c in HTML_CASES], ids=[c[0] for c in HTML_CASES]
)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


@pytest.mark.parametrize(
    "fragment",
    ["alert", "onerror", "javascript", "track", "<", ">", "样式", "脚本", "请启用", "配图", "注释"],
)
def test_html_to_text_keeps_nothing_of_tags(fragment: str) -> None:
    assert fragment not in html_to_text(PAGE)


LOOKS_LIKE_HTML = [
    ("doctype", "<!DOCTYPE html><title>通知</title>", True),
    ("html-tag", "  <html>\n<head></head></html>", True),
    ("xhtml", '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', True),
    ("fragment", "国务院\n<p>第一条</p>", True),
    ("div", "<div class='x'>正文</div>", True),
    ("plain", SAMPLE, False),
    ("markdown-comment", (CORPUS / "extra/08_hangzhou_kuajing_dianshang_cujin_tiaoli.txt")
     .read_text(encoding="utf-8"), False),
    ("angle-quote-text", "依据<中华人民共和国电子商务法>制定", False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in LOOKS_LIKE_HTML], ids=[c[0] for c in LOOKS_LIKE_HTML]
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


# ---------------------------------------------------------------------------- read_document

FILE_CASES = [
    # (id, file name, bytes, encoding)
    ("utf-8", "a.txt", SAMPLE.encode(), "utf-8"),
    ("utf-8-crlf", "a.txt", _crlf(SAMPLE).encode(), "utf-8"),
    ("utf-8-cr", "a.txt", SAMPLE.replace("\n", "\r").encode(), "utf-8"),
    ("utf-8-bom-crlf", "a.txt", codecs.BOM_UTF8 + _crlf(SAMPLE).encode(), "utf-8-sig"),
    ("gb18030", "a.txt", SAMPLE.encode("gb18030"), "gb18030"),
    ("gbk-crlf", "a", _crlf(SAMPLE).encode("gbk"), "gb18030"),
    ("utf-16-le-bom-crlf", "a.md", codecs.BOM_UTF16_LE + _crlf(SAMPLE).encode("utf-16-le"),
     "utf-16-le"),
    ("utf-16-be-bom", "a.txt", codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16-be"),
    ("utf-16-le-no-bom-crlf", "a.txt", _crlf(SAMPLE).encode("utf-16-le"), "utf-16-le"),
    ("zero-width", "a.txt", ("\u200b" + SAMPLE.replace("。", "。\u200d")).encode(), "utf-8"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "encoding"), [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES]
)
def test_read_document_same_text_and_id(
    tmp_path: Path, name: str, data: bytes, encoding: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    doc = read_document(path, {"url": "http://www.gov.cn/x.htm"})
    assert doc == Document(
        source=path.as_posix(),
        id=content_id(SAMPLE),
        text=SAMPLE,
        encoding=encoding,
        hints={"url": "http://www.gov.cn/x.htm"},
        warnings=(),
    )


def test_read_document_source_is_path_as_given(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text(SHORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = read_document("sub/x.txt")
    assert (doc.source, doc.text, doc.id, doc.hints) == ("sub/x.txt", SHORT, content_id(SHORT), {})


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16"])
def test_read_document_html_page(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "page.html"
    page = PAGE.replace('charset="utf-8"', f'charset="{encoding}"')
    path.write_bytes(_crlf(page).encode(encoding))
    doc = read_document(path)
    assert doc.text == PAGE_TEXT
    assert doc.id == content_id(PAGE_TEXT)
    assert doc.warnings == ()


def test_read_document_truncated_utf8_warns(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(_crlf(SAMPLE).encode()[:-1])  # last character 探 is 3 bytes: 2 remain
    doc = read_document(path)
    assert doc.text == SAMPLE[:-1] + "\ufffd"
    assert doc.encoding == "utf-8"
    assert doc.warnings == ("invalid UTF-8 bytes replaced (1 place)",)


WHITESPACE_ONLY = "file is empty (whitespace only)"
ERROR_CASES = [
    # (id, file name, bytes or None (no file), cause pattern)
    ("empty", "empty.txt", b"", re.escape("file is empty")),
    ("whitespace", "blank.txt", " \r\n\t\r\n　\n".encode(), re.escape(WHITESPACE_ONLY)),
    ("bom-only", "bom.txt", codecs.BOM_UTF8 + b"\r\n", re.escape(WHITESPACE_ONLY)),
    ("html-without-text", "empty.html", b"<html><body><script>x()</script></body></html>",
     re.escape("file is empty (HTML page without visible text)")),
    ("binary", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64,
     re.escape("binary file (NUL bytes)")),
    ("controls", "ctl.txt", bytes(range(1, 9)) * 20, re.escape("binary file (control characters)")),
    ("undecodable", "junk.txt", bytes(range(0x80, 0x100)) * 3,
     r"cannot decode text \(tried utf-8, .*gb18030.*\)"),
    ("missing", "missing.txt", None, re.escape("no such file")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "cause"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_read_document_errors(tmp_path: Path, name: str, data: bytes | None, cause: str) -> None:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_document(path)
    err = info.value
    assert err.path == path.as_posix()
    assert re.fullmatch(cause, err.cause)
    assert str(err) == f"{path.as_posix()}: {err.cause}"
    assert name in str(err)


def test_read_document_directory_is_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_document(tmp_path)
    assert str(info.value) == f"{tmp_path.as_posix()}: is a directory"


# ------------------------------------------------------------------------ paths and manifest


def _make_tree(root: Path, files: list[str]) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SHORT, encoding="utf-8")


TREE = [
    "b.txt", "a.htm", "c.html", "d.md", "NOSUFFIX", "e.TXT",
    ".hidden.txt", ".git/x.txt", "sub/.cache/y.txt", "sub/z.txt", "sub/deeper/w.txt",
    "manifest.csv", "README.md", "SOURCES.md", "sub/manifest.csv", "image.png", "doc.pdf",
]  # fmt: skip
TREE_TAKEN = [
    "NOSUFFIX", "a.htm", "b.txt", "c.html", "d.md", "e.TXT", "sub/deeper/w.txt", "sub/z.txt",
]  # fmt: skip

ITER_CASES = [
    # (id, arguments relative to the tree, files expected)
    ("folder", ["."], TREE_TAKEN),
    ("folder-twice-and-overlapping", [".", "sub", "./sub/z.txt"], TREE_TAKEN),
    ("subfolder", ["sub"], ["sub/deeper/w.txt", "sub/z.txt"]),
    ("explicit-files-any-suffix", ["doc.pdf", "b.txt"], ["b.txt", "doc.pdf"]),
    ("explicit-metadata-skipped", ["manifest.csv", "README.md", "b.txt"], ["b.txt"]),
]


@pytest.mark.parametrize(
    ("args", "expected"), [c[1:] for c in ITER_CASES], ids=[c[0] for c in ITER_CASES]
)
def test_iter_paths(tmp_path: Path, args: list[str], expected: list[str]) -> None:
    _make_tree(tmp_path, TREE)
    found = iter_paths([tmp_path / arg for arg in args])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == expected


def test_iter_paths_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ReadError) as info:
        iter_paths([tmp_path, missing])
    assert str(info.value) == f"{missing.as_posix()}: no such file or directory"


def _write_manifest(folder: Path, rows: list[list[str]], bom: bool = False) -> None:
    with (folder / "manifest.csv").open("w", encoding="utf-8-sig" if bom else "utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_load_manifest(tmp_path: Path) -> None:
    _write_manifest(
        tmp_path,
        [
            ["file", "doc_number", "date_published", "url"],
            ["extra/a.txt", "国办发〔2018〕129号", "2019-01-14", ""],
            ["b.txt", "", " ", "http://www.gov.cn/b.htm"],
            ["", "orphan", "", ""],
        ],
        bom=True,
    )
    assert load_manifest(tmp_path) == {
        "a.txt": {"doc_number": "国办发〔2018〕129号", "date_published": "2019-01-14"},
        "b.txt": {"url": "http://www.gov.cn/b.htm"},
    }


def test_load_manifest_absent(tmp_path: Path) -> None:
    assert load_manifest(tmp_path) == {}


@pytest.mark.parametrize(
    ("rows", "cause"),
    [
        ([["name", "url"], ["a.txt", "x"]], "manifest's first column is not 'file'"),
        ([["file", "url"], ["x/a.txt", "1"], ["y/a.txt", "2"]], "file name a.txt appears twice"),
    ],
    ids=["no-file-column", "duplicate-name"],
)
def test_load_manifest_errors(tmp_path: Path, rows: list[list[str]], cause: str) -> None:
    _write_manifest(tmp_path, rows)
    with pytest.raises(ReadError) as info:
        load_manifest(tmp_path)
    assert str(info.value) == f"{(tmp_path / 'manifest.csv').as_posix()}: {cause}"


# ------------------------------------------------------------------------------ read_corpus


def test_read_corpus_good_and_bad_files(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_bytes(_crlf(SAMPLE).encode("gb18030"))
    (tmp_path / "b_bad.txt").write_bytes(b"")
    (tmp_path / "c_good.txt").write_text(SHORT, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_bytes(b"")
    _write_manifest(tmp_path, [["file", "url"], ["a_good.txt", "http://www.gov.cn/a.htm"]])
    results = list(read_corpus([tmp_path]))
    assert [type(item).__name__ for item in results] == ["Document", "ReadError", "Document"]
    first, error, last = results
    assert (first.source, first.text, first.encoding) == (
        (tmp_path / "a_good.txt").as_posix(),
        SAMPLE,
        "gb18030",
    )
    assert first.hints == {"url": "http://www.gov.cn/a.htm"}
    assert str(error) == f"{(tmp_path / 'b_bad.txt').as_posix()}: file is empty"
    assert (last.text, last.hints) == (SHORT, {})


def test_read_corpus_missing_path_does_not_stop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SHORT, encoding="utf-8")
    results = list(read_corpus([tmp_path / "missing", tmp_path]))
    assert [type(item).__name__ for item in results] == ["ReadError", "Document"]
    assert results[0].cause == "no such file or directory"


def test_read_corpus_manifest_hints_nearest_wins(tmp_path: Path) -> None:
    _make_tree(tmp_path, ["top.txt", "sub/inner.txt"])
    _write_manifest(
        tmp_path,
        [
            ["file", "issuer", "url"],
            ["top.txt", "国务院", ""],
            ["sub/inner.txt", "国务院办公厅", "http://outer"],
        ],
    )
    _write_manifest(tmp_path / "sub", [["file", "url"], ["inner.txt", "http://inner"]])
    hints = {Path(doc.source).name: doc.hints for doc in read_corpus([tmp_path])}
    assert hints == {
        "top.txt": {"issuer": "国务院"},
        "inner.txt": {"issuer": "国务院办公厅", "url": "http://inner"},
    }
    # A file given alone gets the hints of its own folder only.
    alone = list(read_corpus([tmp_path / "sub" / "inner.txt"]))
    assert [doc.hints for doc in alone] == [{"url": "http://inner"}]


def test_read_corpus_given_folders_nearer_manifest_wins(tmp_path: Path) -> None:
    _make_tree(tmp_path, ["sub/deeper/deep.txt"])
    _write_manifest(tmp_path, [["file", "url", "origin"], ["sub/deeper/deep.txt", "outer", "o"]])
    _write_manifest(tmp_path / "sub", [["file", "url"], ["deeper/deep.txt", "middle"]])
    docs = list(read_corpus([tmp_path / "sub", tmp_path]))
    assert [doc.hints for doc in docs] == [{"url": "middle", "origin": "o"}]


def test_read_corpus_bad_manifest_is_reported_once(tmp_path: Path) -> None:
    _make_tree(tmp_path, ["a.txt", "b.txt"])
    _write_manifest(tmp_path, [["name"], ["a.txt"]])
    results = list(read_corpus([tmp_path]))
    assert [type(item).__name__ for item in results] == ["ReadError", "Document", "Document"]
    assert results[0].path.endswith("manifest.csv")


# ------------------------------------------------------------------------------ real corpus


def test_corpus_has_thirteen_files() -> None:
    assert len(CORPUS_FILES) == 13


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_real_corpus_file_reads_exactly(path: Path) -> None:
    doc = read_document(path)
    expected = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert doc.text == expected
    assert doc.encoding == "utf-8"
    assert doc.warnings == ()
    assert doc.id == content_id(expected)


def test_real_corpus_manifest() -> None:
    with (CORPUS / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == MANIFEST_COLUMNS
    assert sorted(row[0] for row in rows[1:]) == [
        p.relative_to(CORPUS).as_posix() for p in CORPUS_FILES
    ]
    assert all(len(row) == len(MANIFEST_COLUMNS) for row in rows)
    for row in rows[1:]:
        for value in row[4:7]:
            assert value == "" or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), row


def test_read_corpus_on_real_corpus() -> None:
    results = list(read_corpus([CORPUS]))
    assert all(isinstance(doc, Document) for doc in results), [str(r) for r in results]
    assert [Path(doc.source).name for doc in results] == [p.name for p in CORPUS_FILES]
    by_name = {Path(doc.source).name: doc for doc in results}
    assert by_name["05_guobanfa_2018_129_xiaofei_fupin.txt"].hints == {
        "title": "国务院办公厅关于深入开展消费扶贫助力打赢脱贫攻坚战的指导意见",
        "doc_number": "国办发〔2018〕129号",
        "issuer": "国务院办公厅",
        "date_signed": "2018-12-30",
        "date_published": "2019-01-14",
        "index_number": "000014349/2018-00229",
        "url": "http://www.gov.cn/zhengce/content/2019-01/14/content_5357723.htm",
        "origin": "gov.cn page via GitHub ZhouYNF/platform-1",
    }
    assert by_name["001_d0fd18282865717f.txt"].hints == {
        "url": "http://www.sz.gov.cn/zfgb/2014/gb865/201401/t20140108_2301298.htm",
        "origin": "project seed",
    }
    assert by_name["000_3e38021e430ff3e0.txt"].hints == {"origin": "project seed"}
    # gov.cn documents print their own 文号; the manifest must agree with the text.
    for doc in results:
        if doc.hints.get("origin", "").startswith("gov.cn"):
            assert doc.hints["doc_number"] in doc.text, doc.source


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("path", CORPUS_FILES, ids=[p.name for p in CORPUS_FILES])
def test_real_corpus_file_reencoded(path: Path, encoding: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert decode_bytes(text.encode(encoding)) == (text, encoding, [])
