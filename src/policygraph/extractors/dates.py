"""Dates in Arabic (2013年12月27日, 2014-01-08) and Chinese numerals (二〇一二年六月二十六日).

>>> [d.value for d in find_dates("二○一二年六月二十六日印发，2013年12月27日签发，发布日期: 2014-01-08")]
['2012-06-26', '2013-12-27', '2014-01-08']
"""

from __future__ import annotations

import datetime as dt
import re

from policygraph.extractors.numerals import cn_any_to_int, to_halfwidth_digits
from policygraph.model import DateMention

_CN = "零〇○OＯ0０一二三四五六七八九十"
_D = "0-9０-９"

CN_DATE_RE = re.compile(
    rf"(?P<y>[{_CN}]{{4}})\s?年\s?(?P<m>[{_CN}]{{1,3}})\s?月\s?(?P<d>[{_CN}]{{1,4}})\s?日"
)
AR_DATE_RE = re.compile(
    rf"(?<![{_D}])(?P<y>[{_D}]{{4}})\s?年\s?(?P<m>[{_D}]{{1,2}})\s?月\s?(?P<d>[{_D}]{{1,2}})\s?[日号]"
)
ISO_DATE_RE = re.compile(
    rf"(?<![{_D}])(?P<y>[12][{_D}]{{3}})[-/.．](?P<m>[{_D}]{{1,2}})[-/.．](?P<d>[{_D}]{{1,2}})(?![{_D}])"
)


def _iso(y: int | None, m: int | None, d: int | None) -> str | None:
    if y is None or m is None or d is None:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_date(s: str) -> str | None:
    """ISO form of a single date string, or ``None``.

    >>> parse_date("二〇〇八年十月一日"), parse_date("2018年12月6日"), parse_date("2019/1/5")
    ('2008-10-01', '2018-12-06', '2019-01-05')
    """
    found = find_dates(s)
    return found[0].value if found else None


def find_dates(text: str) -> list[DateMention]:
    """All full dates (year, month and day) in ``text``, in order of position."""
    out: list[DateMention] = []
    for m in AR_DATE_RE.finditer(text):
        value = _iso(*(int(to_halfwidth_digits(m.group(k))) for k in "ymd"))
        if value:
            out.append(DateMention(value=value, span=m.span()))
    for m in ISO_DATE_RE.finditer(text):
        value = _iso(*(int(to_halfwidth_digits(m.group(k))) for k in "ymd"))
        if value:
            out.append(DateMention(value=value, span=m.span()))
    for m in CN_DATE_RE.finditer(text):
        value = _iso(*(cn_any_to_int(m.group(k)) for k in "ymd"))
        if value:
            out.append(DateMention(value=value, span=m.span()))
    out.sort(key=lambda d: d.span)
    return out
