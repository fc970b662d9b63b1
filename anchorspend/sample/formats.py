"""How money and CSV text are written in the files."""

from __future__ import annotations

import csv
import io


def money_plain(p: int) -> str:
    return f"{'-' if p < 0 else ''}{abs(p) // 100}.{abs(p) % 100:02d}"


def money_gbp(p: int) -> str:
    return f"{'-' if p < 0 else ''}£{abs(p) // 100:,}.{abs(p) % 100:02d}"


def money_trailing(p: int) -> str:
    return f"{abs(p) // 100:,}.{abs(p) % 100:02d}{'-' if p < 0 else ''}"


def csv_text(rows: list[list[str]], newline: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue()
