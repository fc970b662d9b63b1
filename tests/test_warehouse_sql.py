"""SQL files: identifier placeholders and shared blocks pasted in with `-- include`."""

import pytest

from anchorspend.pipelines.warehouse import sql_text


def test_include_fills_the_block_with_its_own_placeholders():
    text = sql_text("models/marts/kpi_spend_by_month")
    assert "-- include" not in text
    # Both copies of the measure block are there, one per spend column.
    assert "sum(spend) AS total_spend," in text
    assert "sum(fytd_spend) AS fytd_total_spend," in text
    assert "sum(fytd_payment_count) AS fytd_payment_count," in text
    assert "marts.share_pct(fytd_sme_spend, fytd_total_spend) AS fytd_pct_sme," in text
    assert "{prefix}" not in text and "{spend}" not in text


def test_identifier_placeholders_refuse_anything_but_names():
    with pytest.raises(ValueError, match="unsafe SQL identifier"):
        sql_text("models/marts/_spend_breakdown", dimension="expense_area; DROP TABLE core.fct_payment")
