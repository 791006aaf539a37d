"""Reading stage: input files to :class:`~policygraph.model.Document`.

Policy texts come as they are found: UTF-8 with or without BOM, GBK/GB18030, UTF-16, CRLF/CR/LF
line endings, HTML pages, web headers.  This module detects the encoding (never assumes it),
reduces HTML pages to their visible text and normalises line endings, and nothing more: the
characters of the text are kept exactly, because every extracted span points into it.

>>> decode_bytes("深府〔2013〕119号".encode("gbk"))
('深府〔2013〕119号', 'gb18030', [])
>>> normalise_text("第一条\\r\\n第二条\\r第三条\\u200b")
'第一条\\n第二条\\n第三条'
>>> content_id("国办发〔2018〕129号")
'c647cf744dffda4f'
"""

from __future__ import annotations

import codecs
import csv
import functools
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePath, PurePosixPath
from typing import NamedTuple

import charset_normalizer

from policygraph.model import Document

__all__ = [
    "ReadError",
    "content_id",
    "decode_bytes",
    "html_to_text",
    "iter_input_files",
    "iter_inputs",
    "iter_paths",
    "load_manifest",
    "looks_like_html",
    "normalise_text",
    "read_corpus",
    "read_document",
]

MANIFEST_NAME = "manifest.csv"
INPUT_SUFFIXES = frozenset({".txt", ".htm", ".html", ".md", ""})
SKIPPED_NAMES = frozenset({MANIFEST_NAME, "README.md", "SOURCES.md"})


class ReadError(Exception):
    """A file that could not be read as a document; ``str(err)`` is ``"<path>: <cause>"``."""

    def __init__(self, path: str | PurePath, cause: str) -> None:
        self.path = PurePath(path).as_posix()
        self.cause = cause
        super().__init__(self.path, cause)

    def __str__(self) -> str:
        return f"{self.path}: {self.cause}"


# --------------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CHINESE_CODECS = frozenset(
    {"gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp950", "iso2022_cn"}
)
_BIG5_CODECS = frozenset({"big5", "big5hkscs", "cp950"})
# Guesses charset-normalizer makes for short GBK texts (seen on lines of this corpus):
# Korean, Japanese and BOM-less UTF-16 codecs.
_CONFUSABLE_CODECS = frozenset(
    {
        "cp949", "euc_kr", "johab", "iso2022_kr",
        "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213",
        "euc_jp", "euc_jis_2004", "euc_jisx0213", "iso2022_jp",
        "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be",
    }
)  # fmt: skip
_GB_ALIASES = frozenset({"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "x-gbk", "x_gbk"})

_DECLARED_CHARSET = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_BINARY_CONTROL_SHARE = 0.1
_UTF16_MIN_PLAUSIBLE = 0.95
_GB_MIN_FREQUENT = 0.6


def _codec_name(name: str) -> str:
    """Python's canonical name of a codec (``utf_16_le`` -> ``utf-16-le``, ``cp936`` -> ``gbk``)."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


_CONTROLS_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc minus _ALLOWED_CONTROLS


def _count_controls(text: str) -> int:
    """C0/C1 control characters other than tab, line and page breaks.

    >>> _count_controls("a\\tb\\x07c\\x85"), _count_controls("正文\\n")
    (2, 0)
    """
    return len(_CONTROLS_RE.findall(text))


def _is_plausible_char(ch: str) -> bool:
    """False for unassigned, private-use, surrogate and stray control characters."""
    category = unicodedata.category(ch)
    if category == "Cc":
        return ch in _ALLOWED_CONTROLS
    return category not in ("Cn", "Co", "Cs")


def _plausible_share(text: str) -> float:
    if not text:
        return 0.0
    return sum(1 for ch in text if _is_plausible_char(ch)) / len(text)


def _is_common_char(ch: str) -> bool:
    """CJK ideographs (basic block) and the punctuation Chinese text uses."""
    return (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u2010" <= ch <= "\u206f"
    )


def _cjk_share(text: str) -> float:
    """Share of non-ASCII characters that are CJK ideographs or CJK/general punctuation.

    Telling Big5 from GBK: Big5 bytes read as GBK give kana, Greek, Cyrillic and private-use
    characters where the Big5 reading gives ideographs.
    """
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    return sum(1 for ch in wide if _is_common_char(ch)) / len(wide)


@functools.lru_cache(maxsize=8192)
def _is_frequent_char(ch: str) -> bool:
    """CJK punctuation, or one of the 3,755 level-1 (most frequent) hanzi of GB2312."""
    if not "\u4e00" <= ch <= "\u9fff":
        return _is_common_char(ch)
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _frequent_share(text: str) -> float:
    """Share of non-ASCII characters that are frequent in Chinese text (U+FFFD is not).

    UTF-8 Chinese misread as GB18030 gives level-2 (rare) hanzi: UTF-8 lead bytes E4–E9 are
    GB2312 level-2 rows.  Real GBK text is mostly level-1 hanzi.
    """
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    return sum(1 for ch in wide if _is_frequent_char(ch)) / len(wide)


def _text_share(text: str) -> float:
    """Share of characters that are ASCII text or common CJK characters and punctuation."""
    if not text:
        return 0.0
    good = sum(
        1 for ch in text if (" " <= ch <= "~") or ch in _ALLOWED_CONTROLS or _is_common_char(ch)
    )
    return good / len(text)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_replacing(data: bytes, encoding: str, max_places: int = 1000) -> tuple[str, int]:
    """Decode, replacing each invalid sequence by U+FFFD; returns (text, places replaced).

    Adjacent invalid sequences count as one place.  Raises ValueError after ``max_places``.
    """
    parts: list[str] = []
    places = 0
    pos = 0
    previous_error_end = -1
    while True:
        try:
            parts.append(data[pos:].decode(encoding))
            return "".join(parts), places
        except UnicodeDecodeError as err:
            parts.append(data[pos : pos + err.start].decode(encoding))
            parts.append("\ufffd")
            if pos + err.start != previous_error_end:
                places += 1
                if places > max_places:
                    raise ValueError(f"cannot decode text (invalid {encoding} data)") from None
            pos += max(err.end, err.start + 1)
            previous_error_end = pos


def _replacement_warning(encoding: str, places: int) -> str:
    label = encoding.upper().removesuffix("-SIG")
    return f"invalid {label} bytes replaced ({places} place{'s' if places != 1 else ''})"


def _decode_bom(data: bytes) -> tuple[str, str, list[str]] | None:
    """Decode text that starts with a byte-order mark; None without one."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            text = _strict(body, encoding.removesuffix("-sig"))
            if text is not None:
                return text, encoding, []
            if encoding == "utf-8-sig":
                text, places, _ = _utf8_replacing(body)
            else:
                text, places = _decode_replacing(body, encoding)
            return text, encoding, [_replacement_warning(encoding, places)]
    return None


def _guess_utf16_32(data: bytes) -> str | None:
    """UTF-16/32 without BOM: the codec whose strict decoding looks like text, or None.

    ASCII characters give a NUL byte after (LE) or before (BE) them.  Chinese text also has
    NULs on the other side (U+3000 ideographic space, 一 U+4E00), so the NUL positions only
    break ties.  The decoded characters must be assigned, non-private ones; the codec whose
    text has the most ASCII and common CJK characters wins.
    """
    candidates: list[tuple[float, float, int, str]] = []
    for encoding, width in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        if len(data) % width:
            continue
        text = _strict(data, encoding)
        if not text or "\x00" in text:
            continue
        share = _plausible_share(text)
        if share < _UTF16_MIN_PLAUSIBLE:
            continue
        # NULs where this byte order puts the high byte of an ASCII character.
        offset = width - 1 if encoding.endswith("le") else 0
        nuls_in_place = data[offset::width].count(0)
        candidates.append((_text_share(text), share, nuls_in_place, encoding))
    if not candidates:
        return None
    return max(candidates)[-1]


_INVALID_RUN = re.compile("[\udc80-\udcff]+")  # bytes surrogateescape could not decode
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]+")


def _utf8_replacing(data: bytes) -> tuple[str, int, int]:
    """UTF-8 with invalid bytes replaced: (text, invalid places, valid non-ASCII characters).

    >>> _utf8_replacing("中文 ok".encode() + b"\\xff\\xfe" + "。".encode())
    ('中文 ok\ufffd\ufffd。', 1, 3)
    """
    escaped = data.decode("utf-8", "surrogateescape")  # invalid bytes -> U+DC80..U+DCFF
    places = len(_INVALID_RUN.findall(escaped))
    valid = sum(map(len, _VALID_NON_ASCII.findall(escaped)))  # not a loop over every character
    return data.decode("utf-8", "replace"), places, valid


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """Decode UTF-8 with a few invalid bytes: (text, places), or None if not mostly UTF-8.

    Mostly UTF-8 means at least one valid multi-byte character and at most one invalid place
    per 20 of them (a character cut at the end of a short phrase still counts).  Text in GBK or
    Latin-1 gives far more invalid places than valid characters.
    """
    text, places, valid = _utf8_replacing(data)
    if valid == 0 or places > max(1, valid // 20):
        return None
    return text, places


def _declared_charset(data: bytes) -> str | None:
    """A charset declared by an HTML ``<meta>`` or XML declaration near the start, if any."""
    match = _DECLARED_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    if name in _GB_ALIASES:
        return "gb18030"  # superset of GB2312 and GBK
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decode_wide(data: bytes, fallback: str | None = None) -> tuple[str, str] | None:
    """BOM-less UTF-16/32 by :func:`_guess_utf16_32` (or ``fallback``); (text, codec)."""
    encoding = _guess_utf16_32(data) or fallback
    if encoding is None:
        return None
    text = _strict(data, encoding)
    return (text, encoding) if text is not None else None


def _guess_codec(data: bytes, tried: list[str]) -> tuple[str, str] | None:
    """charset-normalizer's guess, corrected towards GB18030 for Chinese; (text, codec).

    charset-normalizer takes short GBK phrases for Big5, cp949, johab, Shift-JIS or UTF-16.
    GB18030 wins when the guess is a Chinese codec (Big5 only if its reading has clearly
    more ideographs), or a Korean/Japanese/UTF-16 codec while the GB18030 reading is mostly
    frequent hanzi.  EUC-KR Korean cannot be told from GBK this way and reads as GB18030.
    """
    matches = list(charset_normalizer.from_bytes(data))
    names = [_codec_name(match.encoding) for match in matches]
    tried.extend(name for name in [*names, "gb18030"] if name not in tried)
    gb_text = _strict(data, "gb18030")
    if not matches:
        if gb_text is not None:
            return gb_text, "gb18030"
        tried.append("utf-16")
        return _decode_wide(data)
    top = names[0]
    if gb_text is not None and top in _CHINESE_CODECS:
        if top in _BIG5_CODECS:
            big5_text = _strict(data, top)
            if big5_text is not None and _cjk_share(big5_text) > _cjk_share(gb_text) + 0.02:
                return big5_text, top
        return gb_text, "gb18030"
    confusable = gb_text is not None and top in _CONFUSABLE_CODECS
    if confusable and _frequent_share(gb_text) >= _GB_MIN_FREQUENT:
        return gb_text, "gb18030"
    if top.startswith(("utf-16", "utf-32")):
        return _decode_wide(data, fallback=top)
    return str(matches[0]), top


def _check_not_binary(text: str) -> list[str]:
    """Raise ValueError for text that is mostly control characters; warn about a few."""
    controls = _count_controls(text)
    if not controls:
        return []
    if controls > _BINARY_CONTROL_SHARE * len(text):
        raise ValueError("binary file (control characters)")
    return [f"{controls} control character{'s' if controls != 1 else ''} in text"]


def _decode_any(data: bytes) -> tuple[str, str, list[str]]:
    """The detection steps of :func:`decode_bytes`, without the final binary check."""
    if not data:
        raise ValueError("file is empty")
    bom = _decode_bom(data)
    if bom is not None:
        return bom
    if b"\x00" in data:
        encoding = _guess_utf16_32(data)
        if encoding is None:
            raise ValueError("binary file (NUL bytes)")
        return data.decode(encoding), encoding, []
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8", []
    tried = ["utf-8"]
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8", "utf-8-sig"):
        tried.append(declared)
        text = _strict(data, declared)
        if text is not None:
            return text, declared, []
    mostly = _mostly_utf8(data)
    if mostly is not None:
        text, places = mostly
        gb_text = _strict(data, "gb18030")
        if gb_text is None or _frequent_share(gb_text) <= _frequent_share(text):
            return text, "utf-8", [_replacement_warning("utf-8", places)]
    guess = _guess_codec(data, tried)
    if guess is not None:
        return guess[0], guess[1], []
    raise ValueError(f"cannot decode text (tried {', '.join(tried)})")


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode file contents; returns ``(text, encoding, warnings)``.

    Steps: byte-order marks (UTF-32, UTF-8, UTF-16); NUL bytes mean BOM-less UTF-16/32 or a
    binary file; strict UTF-8; a charset declared in an HTML/XML header; UTF-8 with a few
    invalid bytes (replaced by U+FFFD, with a warning); charset-normalizer, preferring GB18030
    when it guesses a Chinese codec, or a Korean/Japanese/UTF-16 one while the GB18030 reading
    is mostly frequent hanzi, because its guesses are unreliable on short Chinese texts.

    Raises ValueError (the message is the cause) for empty, binary or undecodable input.

    >>> decode_bytes("一、总体要求".encode("utf-16-le"))[:2]
    ('一、总体要求', 'utf-16-le')
    >>> decode_bytes("第一百二十九号".encode()[:-1])
    ('第一百二十九\\ufffd', 'utf-8', ['invalid UTF-8 bytes replaced (1 place)'])
    """
    text, encoding, warnings = _decode_any(data)
    return text, encoding, warnings + _check_not_binary(text)


# --------------------------------------------------------------------------------------------
# Normalising
# --------------------------------------------------------------------------------------------

# searched for, not translated: str.translate with a dict walks every character in Python's
# slow path, and almost no text has any of these
_REMOVED_CHARS = re.compile("[\ufeff\u200b\u200c\u200d\u2060]")


def normalise_text(text: str) -> str:
    """CRLF and lone CR to LF; drop BOM and zero-width characters.  Nothing else changes.

    Full-width characters, ①, ㈠ and U+3000 spaces stay exactly as they are.

    >>> normalise_text("\\ufeff一、\\u3000总体要求\\r\\n（一）")
    '一、\\u3000总体要求\\n（一）'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _REMOVED_CHARS.search(text):
        text = _REMOVED_CHARS.sub("", text)
    return text


def content_id(text: str) -> str:
    """Stable document id: the first 16 hex digits of SHA-256 of the normalised text."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?<(?:!doctype\s+html|html[\s>])", re.I)
_HTML_TAG = re.compile(r"<(?:html|body|p|div)[\s>/]", re.I)
_HTML_SNIFF_CHARS = 4096

_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "caption", "center", "dd", "details",
        "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li",
        "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary", "table",
        "tbody", "textarea", "tfoot", "thead", "title", "tr", "ul",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_PREFORMATTED_TAGS = frozenset({"pre", "textarea", "listing"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_CELL_SEPARATOR = "\t"


def looks_like_html(text: str) -> bool:
    """Cheap test for an HTML page: a doctype/``<html>`` start or body/p/div tags near the top.

    >>> looks_like_html("<!DOCTYPE html><html><body><p>通知</p></body></html>")
    True
    >>> looks_like_html("# 条例\\n\\n<!-- INFO END -->\\n\\n第一条")
    False
    """
    head = text[:_HTML_SNIFF_CHARS]
    return bool(_HTML_START.match(head) or _HTML_TAG.search(head))


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _collapse_space(text: str) -> str:
    """HTML white-space collapsing: a run becomes one space, or nothing when it holds a line
    break between two wide (CJK) characters (CSS Text 3 segment-break rule)."""

    def replace(match: re.Match[str]) -> str:
        start, end = match.span()
        line_break = "\n" in match.group() or "\r" in match.group()
        if line_break and start > 0 and end < len(text):
            return "" if _is_wide(text[start - 1]) and _is_wide(text[end]) else " "
        return " "

    return _HTML_SPACE.sub(replace, text)


class _TextExtractor(HTMLParser):
    """Collects the visible text of a page, one block element per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._pieces: list[tuple[str, bool]] = []  # (text, preformatted)
        self._skip_depth = 0
        self._pre_depth = 0
        self._pre_opened = False  # a newline right after <pre> is not content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif self._skip_depth:
            return
        elif tag == "br":
            self._end_line(force=True)
        elif tag in _BLOCK_TAGS:
            self._end_line()
        elif tag in _CELL_TAGS and self._pieces:
            self._pieces.append((_CELL_SEPARATOR, True))
        if tag in _PREFORMATTED_TAGS and not self._skip_depth:
            self._pre_depth += 1
            self._pre_opened = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
            return
        if self._skip_depth:
            return
        if tag in _BLOCK_TAGS:
            self._end_line()
        if tag in _PREFORMATTED_TAGS:
            self._pre_depth = max(0, self._pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if not self._pre_depth:
            self._pieces.append((data, False))
            return
        data = data.replace("\r\n", "\n").replace("\r", "\n")
        if self._pre_opened:
            data = data.removeprefix("\n")
            self._pre_opened = False
        first, *rest = data.split("\n")
        self._pieces.append((first, True))
        for line in rest:
            self._end_line(force=True)
            self._pieces.append((line, True))

    def close(self) -> None:
        super().close()
        self._end_line()

    def _end_line(self, force: bool = False) -> None:
        parts: list[str] = []
        flowing: list[str] = []
        preformatted = False
        for text, pre in self._pieces:
            if pre:
                parts.append(_collapse_space("".join(flowing)))
                flowing = []
                parts.append(text)
                preformatted = preformatted or text != _CELL_SEPARATOR
            else:
                flowing.append(text)
        parts.append(_collapse_space("".join(flowing)))
        self._pieces = []
        line = "".join(parts).rstrip(" \t")
        if not preformatted:
            line = line.lstrip(" \t")
        if line.strip() or force:
            self.lines.append(line)


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one paragraph per line.

    Scripts, styles, ``<noscript>``, ``<template>`` and comments are dropped, as is every tag
    and attribute; entities are decoded; block elements (p, div, br, li, tr, h1–h6, title …)
    end a line; table cells are separated by a tab; runs of blank lines become one blank line.

    >>> html_to_text("<p>一、总体要求</p><script>alert(1)</script><p>&ldquo;互联网+&rdquo;</p>")
    '一、总体要求\\n“互联网+”'
    """
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines: list[str] = []
    for line in parser.lines:
        blank = not line.strip()
        if blank and (not lines or not lines[-1]):
            continue
        lines.append("" if blank else line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def _os_cause(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    return (err.strerror or type(err).__name__).lower()


def read_document(path: str | Path, hints: dict[str, str] | None = None) -> Document:
    """Read one file as a :class:`Document`; raises :class:`ReadError` naming the file."""
    source = PurePath(path).as_posix()
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise ReadError(source, _os_cause(err)) from err
    try:
        text, encoding, warnings = decode_bytes(data)
    except ValueError as err:
        raise ReadError(source, str(err)) from err
    text = normalise_text(text)
    is_html = looks_like_html(text)
    if is_html:
        text = normalise_text(html_to_text(text))
    if not text.strip():
        detail = "HTML page without visible text" if is_html else "whitespace only"
        raise ReadError(source, f"file is empty ({detail})")
    return Document(
        source=source,
        id=content_id(text),
        text=text,
        encoding=encoding,
        hints=dict(hints or {}),
        warnings=tuple(warnings),
    )


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


# a name a folder walk takes: not hidden, and a text-like suffix or none (os.path.splitext's rule)
_INPUT_NAME = re.compile(r"(?s)[^.][^.]*|[^.].*\.(?i:txt|html?|md)")


def _is_input_name(name: str) -> bool:
    """A name a folder walk takes: a text-like suffix, not hidden, not corpus metadata."""
    return _INPUT_NAME.fullmatch(name) is not None and name not in SKIPPED_NAMES


class InputFile(NamedTuple):
    """One input file found by :func:`iter_input_files`: its path as listed, its hints."""

    path: str
    hints: dict[str, str]


def _groups(path: Path) -> list[tuple[str, list[str]]]:
    """(folder, names) of the input files under one given path, a folder at a time, as listed
    (a named file is taken whatever its suffix)."""
    if path.is_file():
        if path.name in SKIPPED_NAMES:
            return []
        folder, name = os.path.split(path.as_posix())
        return [(folder, [name])]
    if not path.is_dir():
        raise ReadError(path, "no such file or directory")
    out: list[tuple[str, list[str]]] = []
    match = _INPUT_NAME.fullmatch
    for folder, dirnames, filenames in os.walk(path):
        dirnames[:] = [name for name in dirnames if not _is_hidden(name)]
        names = [name for name in filenames if match(name) and name not in SKIPPED_NAMES]
        if names:
            out.append((folder, names))
    return out


def _prefix(folder: str) -> str:
    """What goes before a name to make the path of a file in ``folder`` (as ``os.path.join``)."""
    return folder if not folder or folder.endswith("/") else folder + "/"


def _unique(groups: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Groups from several given paths with each file once, under the first folder (in sort
    order) that reaches it; each folder is resolved once, not each file."""
    merged: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for folder, names in sorted(groups):
        real = os.path.realpath(folder or ".")
        for name in sorted(names):
            if (real, name) not in seen:
                seen.add((real, name))
                merged.setdefault(folder, []).append(name)
    return list(merged.items())


def iter_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files and folders (searched recursively) to a sorted list of input files, no repeats.

    Folder walks take ``*.txt``, ``*.htm``, ``*.html``, ``*.md`` and suffix-less files, and
    skip hidden files and folders.  A file named directly is taken whatever its suffix.
    ``manifest.csv``, ``README.md`` and ``SOURCES.md`` are never taken.  A path that does not
    exist raises :class:`ReadError`.
    """
    given = [Path(path) for path in paths]
    groups = [group for path in given for group in _groups(path)]
    if len(given) > 1:
        groups = _unique(groups)
    return [Path(p) for p in sorted(_prefix(folder) + name for folder, names in groups for name in names)]


def load_manifest(root: str | Path) -> dict[str, dict[str, str]]:
    """Hints from ``<root>/manifest.csv``, keyed by file base name; ``{}`` without a manifest.

    The manifest is a UTF-8 CSV with a header whose first column, ``file``, is the path of the
    file relative to ``root``.  Empty cells are dropped.  Raises :class:`ReadError` for a
    manifest that cannot be read, has no ``file`` column or names one file twice.
    """
    manifest = Path(root) / MANIFEST_NAME
    if not manifest.is_file():
        return {}
    try:
        with manifest.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            fields = [name.strip() for name in reader.fieldnames or []]
    except OSError as err:
        raise ReadError(manifest, _os_cause(err)) from err
    except (UnicodeDecodeError, csv.Error) as err:
        raise ReadError(manifest, f"unreadable manifest ({err})") from err
    if not fields or fields[0] != "file":
        raise ReadError(manifest, "manifest's first column is not 'file'")
    hints: dict[str, dict[str, str]] = {}
    for row in rows:
        row = {key.strip(): value for key, value in row.items() if isinstance(key, str)}
        name = PurePosixPath((row.get("file") or "").strip().replace("\\", "/")).name
        if not name:
            continue
        if name in hints:
            raise ReadError(manifest, f"file name {name} appears twice")
        hints[name] = {
            key: value.strip()
            for key, value in row.items()
            if key and key != "file" and isinstance(value, str) and value.strip()
        }
    return hints


class _Manifests:
    """Manifest hints for files under the given folders (cached per folder)."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self._folders = [folder.resolve() for folder in folders]
        self._cache: dict[Path, dict[str, dict[str, str]]] = {}
        self._chains: dict[str, list[Path]] = {}  # a file's folder → manifest folders, outermost first

    def chain(self, parent: str) -> tuple[list[dict[str, dict[str, str]]], list[ReadError]]:
        """The manifests that apply in folder ``parent`` (outermost first; empty ones left out)
        and the errors of those read for the first time."""
        errors: list[ReadError] = []
        chain = self._chains.get(parent)
        if chain is None:
            own = Path(parent or ".").resolve()
            folders = [f for f in self._folders if f != own and own.is_relative_to(f)]
            folders.sort(key=lambda f: len(f.parts))
            chain = self._chains[parent] = [*folders, own]
            for folder in chain:
                if folder not in self._cache:
                    try:
                        self._cache[folder] = load_manifest(folder)
                    except ReadError as err:
                        self._cache[folder] = {}
                        errors.append(err)
        return [self._cache[f] for f in chain if self._cache[f]], errors


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[InputFile | ReadError]:
    """:func:`iter_inputs` with each file as an :class:`InputFile` of strings (listing a large
    corpus without making a ``Path`` per file); errors first, then the files sorted by path."""
    found: list[InputFile] = []
    for group in iter_input_folders(paths):
        if isinstance(group, ReadError):
            yield group
            continue
        prefix = group.prefix
        found.extend(InputFile(prefix + name, group.hints(name)) for name in group.names)
    found.sort(key=lambda f: f.path)
    yield from found


class InputFolder(NamedTuple):
    """The input files of one folder, as :func:`iter_input_folders` gives them."""

    folder: str  # as listed ("" for the working folder)
    names: list[str]  # sorted
    manifests: list[dict[str, dict[str, str]]]  # those that apply, outermost first

    @property
    def prefix(self) -> str:
        """The folder as it goes before a name to make a path."""
        return _prefix(self.folder)

    def hints(self, name: str) -> dict[str, str]:
        """Manifest hints for the file ``name`` (its own folder's manifest wins)."""
        hints: dict[str, str] = {}
        for manifest in self.manifests:
            hints.update(manifest.get(name, ()))
        return hints


def iter_input_folders(paths: Iterable[str | Path]) -> Iterator[InputFolder | ReadError]:
    """The files of :func:`iter_input_files`, a folder at a time (folders sorted, names sorted
    within each), for callers that look at every file of a large corpus and want the per-file
    work to be a name: 180,000 files without making a path, a key or a hints mapping for each.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("b.txt", "a.txt", ".hidden.txt", "sub/c.md", "x.pdf"):
    ...         (Path(tmp) / name).parent.mkdir(exist_ok=True)
    ...         _ = (Path(tmp) / name).write_text("甲", encoding="utf-8")
    ...     [(Path(f.folder).name, f.names) for f in iter_input_folders([tmp])]  # doctest: +ELLIPSIS
    [('tmp...', ['a.txt', 'b.txt']), ('sub', ['c.md'])]
    """
    given = [Path(path) for path in paths]
    groups: list[tuple[str, list[str]]] = []
    for path in given:
        try:
            groups.extend(_groups(path))
        except ReadError as err:
            yield err
    manifests = _Manifests(path for path in given if path.is_dir())
    if len(given) > 1:  # the same file reached twice: keep it once
        groups = _unique(groups)
    for folder, names in sorted(groups):
        chain, errors = manifests.chain(folder)
        yield from errors
        yield InputFolder(folder, sorted(names), chain)


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[Path, dict[str, str]] | ReadError]:
    """Every input file under ``paths`` with its manifest hints, in sorted order, without
    reading it; or the :class:`ReadError` of a given path or a manifest that failed.

    Hints come from ``manifest.csv`` in each given folder and in each file's own folder (the
    nearer wins)."""
    for item in iter_input_files(paths):
        yield item if isinstance(item, ReadError) else (Path(item.path), item.hints)


def read_corpus(paths: Iterable[str | Path]) -> Iterator[Document | ReadError]:
    """Read every input file under ``paths``, in sorted order.

    Yields a :class:`Document` per file, or the :class:`ReadError` for a file (or a given path,
    or a manifest) that failed; one bad file never stops the rest.  Hints as in
    :func:`iter_inputs`.
    """
    for item in iter_inputs(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        path, hints = item
        try:
            yield read_document(path, hints)
        except ReadError as err:
            yield err
