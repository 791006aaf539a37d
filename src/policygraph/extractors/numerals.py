"""Chinese and Arabic numerals, as they appear in item numbers and dates."""

from __future__ import annotations

_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "O": 0, "０": 0, "0": 0, "Ｏ": 0, "ｏ": 0, "o": 0,
    "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}

CN_DIGIT_CHARS = "零〇○OＯ一二两三四五六七八九十百千"
FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
PAREN_CN = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"


def to_halfwidth_digits(s: str) -> str:
    """Full-width digits to ASCII.

    >>> to_halfwidth_digits("２０１３")
    '2013'
    """
    return s.translate(FULLWIDTH)


def cn_to_int(s: str) -> int | None:
    """Value of a Chinese (or Arabic) numeral; ``None`` when ``s`` is not one.

    >>> [cn_to_int(x) for x in ["十", "十一", "二十五", "一百零三", "三十", "12", "１２"]]
    [10, 11, 25, 103, 30, 12, 12]
    """
    s = to_halfwidth_digits(s.strip())
    if not s:
        return None
    if s.isdigit():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def cn_digits_to_int(s: str) -> int | None:
    """Digit-by-digit reading used for years: 二〇一二 → 2012.

    >>> cn_digits_to_int("二○一二"), cn_digits_to_int("二零二四")
    (2012, 2024)
    """
    out = []
    for ch in to_halfwidth_digits(s):
        if ch.isdigit():
            out.append(ch)
        elif ch in _DIGITS:
            out.append(str(_DIGITS[ch]))
        else:
            return None
    return int("".join(out)) if out else None


def cn_any_to_int(s: str) -> int | None:
    """Day/month/year numerals in either reading (二十六 → 26, 二〇一二 → 2012).

    >>> cn_any_to_int("二十六"), cn_any_to_int("二〇一二"), cn_any_to_int("6")
    (26, 2012, 6)
    """
    if any(u in s for u in _UNITS):
        return cn_to_int(s)
    return cn_digits_to_int(s)
