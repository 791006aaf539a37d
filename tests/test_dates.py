"""Dates in Arabic and Chinese numerals, with every zero variant."""

import pytest

from policygraph.extractors.dates import find_dates, parse_date

CASES = [
    ("2013年12月27日", "2013-12-27"),
    ("2018年1月5日", "2018-01-05"),
    ("２０１８年１２月６日", "2018-12-06"),
    ("二〇一二年六月二十六日", "2012-06-26"),
    ("二○一二年六月二十六日", "2012-06-26"),
    ("二O一二年六月二十六日", "2012-06-26"),
    ("二零一二年六月二十六日", "2012-06-26"),
    ("二00八年十月一日", "2008-10-01"),
    ("二〇一〇年十二月三十一日", "2010-12-31"),
    ("发布日期: 2014-01-08", "2014-01-08"),
    ("2014/1/8", "2014-01-08"),
    ("2014.01.08", "2014-01-08"),
    ("2013 年 12 月 27 日", "2013-12-27"),
]


@pytest.mark.parametrize(("text", "iso"), CASES)
def test_date_forms(text: str, iso: str) -> None:
    found = find_dates(text)
    assert [d.value for d in found] == [iso]
    d = found[0]
    assert find_dates(text[d.span[0]:d.span[1]])[0].value == iso


@pytest.mark.parametrize("text", ["2013年2月30日", "2015年", "到2015年底", "3.2万亿元", "国发〔2013〕32号"])
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_order_and_parse() -> None:
    text = "二○一二年六月二十六日印发，2013年12月27日签发"
    assert [d.value for d in find_dates(text)] == ["2012-06-26", "2013-12-27"]
    assert parse_date("无日期") is None
