"""Writing results: atomic files and aligned tables that respect the width of Chinese text."""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path


def display_width(s: str) -> int:
    """Terminal columns taken by ``s`` (wide and full-width characters count two).

    >>> display_width("国发〔2013〕32号"), display_width("abc")
    (16, 3)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def truncate(s: str, width: int) -> str:
    """Cut ``s`` to at most ``width`` columns, marking the cut with …"""
    if display_width(s) <= width:
        return s
    out, used = [], 0
    for ch in s:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int = 40) -> str:
    """Rows as an aligned plain-text table.

    >>> print(format_table(["文号", "n"], [["国发〔2013〕32号", 3]]))
    文号              n
    ----------------  -
    国发〔2013〕32号  3
    """
    cells = [[truncate("" if v is None else str(v), max_width) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for k, v in enumerate(row):
            widths[k] = max(widths[k], display_width(v))

    def line(values: Sequence[str]) -> str:
        parts = [v + " " * (widths[k] - display_width(v)) for k, v in enumerate(values)]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def write_atomic_bytes(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, fsync and an
    atomic rename: readers see the old file or the new one, never half of one.  ``durable=False``
    skips the fsync (a killed process still leaves the old file or the new one; only a power
    failure may lose the write), for caches that are rebuilt when missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output file is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: str, *, durable: bool = True) -> None:
    """Write ``data`` (UTF-8) to ``path`` through a temporary file and a rename, so that a
    crash never leaves half a file under the final name."""
    if not isinstance(data, str):
        raise TypeError(f"write_atomic takes text, not {type(data).__name__}")
    write_atomic_bytes(path, data.encode("utf-8"), durable=durable)
