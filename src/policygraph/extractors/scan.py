"""Whole-text pattern scans restricted to the neighbourhood of a required literal.

Many patterns can only match around a short literal that every match contains (a year ends in
年, a prose 文号 in 号文).  Looking for the literal is a fast string search, while a pattern that
cannot begin with a literal is tried at every position of the text.  :func:`finditer_near` runs
the pattern only in the windows around the literal's occurrences and yields exactly the matches
of ``pattern.finditer(text, start, end)``.

>>> import re
>>> year = re.compile(r"(?<![0-9])[0-9]{4}年")
>>> [m.group(0) for m in finditer_near(year, "2013年到2015年，12345年", "年", 4, 0)]
['2013年', '2015年']
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def finditer_near(pattern: re.Pattern[str], text: str, anchor: str, before: int, after: int,
                  start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text, start, end)`` for a pattern each of whose matches contains
    ``anchor``, begins at most ``before`` characters before it and ends (look-aheads included)
    at most ``after`` characters after it.

    Every match lies inside one merged window (two windows a match could straddle overlap, and
    are merged), no match starts outside the windows, and look-behinds still see the text
    before a window, so the matches and their order are those of the whole-text scan.
    """
    end = len(text) if end is None else end
    if not anchor:
        yield from pattern.finditer(text, start, end)
        return
    find = text.find
    reach = len(anchor) + after
    i = find(anchor, start, end)
    while i >= 0:
        lo, hi = max(start, i - before), i + reach
        i = find(anchor, i + 1, end)
        while i >= 0 and i - before <= hi:  # overlapping windows merge
            hi = i + reach
            i = find(anchor, i + 1, end)
        yield from pattern.finditer(text, lo, min(hi, end))
