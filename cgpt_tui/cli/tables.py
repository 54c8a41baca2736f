"""Output of the workshop commands: plain aligned tables, or JSON for scripts.

Every cell is server text until proven otherwise, so each one goes through `clean_line`
(escape sequences, control and bidi characters removed; one line) before it is measured and
printed. Columns are aligned by the cells a terminal draws (wide CJK characters count two),
the last column is never padded, and the same table is printed on a terminal and on a pipe.
JSON strings are cleaned with `clean_text` (newlines kept), as `ask --json` does.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.cells import cell_len

from cgpt_tui.sanitize import clean_line, clean_text

GAP = "  "
EMPTY = "-"  # a cell with nothing to show, so columns stay countable with `awk`


def cell(value: object) -> str:
    """One table cell: cleaned to one visible line; `-` for nothing."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        value = " | ".join(clean_line(str(item)) for item in value)
    return clean_line(str(value)) or EMPTY


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """`headers` and `rows` as aligned columns, one line each, ending in a newline."""
    lines = [list(headers), *([cell(value) for value in row] for row in rows)]
    widths = [max(cell_len(line[column]) for line in lines) for column in range(len(headers))]
    out = []
    for line in lines:
        padded = [
            text + " " * (widths[column] - cell_len(text)) for column, text in enumerate(line[:-1])
        ]
        out.append(GAP.join([*padded, line[-1]]).rstrip())
    return "\n".join(out) + "\n"


def pairs_table(pairs: Iterable[tuple[str, object]]) -> str:
    """Names and values, two aligned columns without a header (a record, a setting list)."""
    rows = [(name, cell(value)) for name, value in pairs]
    width = max((len(name) for name, _ in rows), default=0)
    return "".join(f"{name.ljust(width)}{GAP}{value}\n" for name, value in rows)


def plain(value: Any) -> Any:
    """`value` as JSON can hold it: records as objects of their fields, dates in ISO 8601,
    tuples as lists, paths as strings, every string cleaned."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Path):
        return str(value)
    return value


def to_json(value: Any) -> str:
    """`value` as indented JSON, ending in a newline."""
    return json.dumps(plain(value), indent=2, ensure_ascii=False) + "\n"
