"""Amounts and item numbers over wide inputs: exact round trips, clear refusals, no crash."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from baolian.lib.numerals import cn_numeral, parse_numeral
from baolian.support.money import AmountInvalid, format_wan, parse_yuan

fen = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)


@given(fen)
def test_an_amount_written_with_separators_reads_back_exactly(amount):
    assert parse_yuan(f"{amount:,.2f}元") == amount


@given(fen)
def test_wan_is_exact(amount):
    shown = format_wan(amount)
    assert Decimal(shown.removesuffix("万元")) * 10000 == amount


@given(st.text(max_size=20))
def test_any_text_is_an_amount_or_a_clear_refusal(text):
    try:
        value = parse_yuan(text)
    except AmountInvalid as exc:
        assert str(exc)
    else:
        assert value is None or (value >= 0 and value == value.quantize(Decimal("0.01")))


@given(st.integers(min_value=1, max_value=999))
def test_item_numbers_round_trip_through_chinese(number):
    assert parse_numeral(f"（{cn_numeral(number)}）") == number
    assert parse_numeral(str(number)) == number
