"""Output of the workshop commands: plain aligned tables, or JSON for scripts.

Every cell is server text until proven otherwise, so each one goes through `clean_line`
(escape sequences, control and bidi characters removed; one line) before it is measured and
printed. Columns are aligned by the cells a terminal draws (wide CJK characters count two),
and the last column is never padded. The same table goes to a terminal and to a pipe, but
on a terminal the widest columns are cut (with …) to fit its width, so rows never wrap.
JSON strings are cleaned with `clean_text` (newlines kept), as `ask --json` does.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.cells import cell_len, set_cell_size

from cgpt_tui.sanitize import clean_line, clean_text

GAP = "  "
EMPTY = "-"  # a cell with nothing to show, so columns stay countable with `awk`
ELLIPSIS = "…"
MIN_COLUMN = 8  # cells a column keeps however narrow the terminal


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


def terminal_width() -> int:
    """The terminal's columns when stdout is one, else 0 (no limit)."""
    if not sys.stdout.isatty():
        return 0
    return shutil.get_terminal_size(fallback=(0, 0)).columns


def _clip(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in … when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS


def _fit(widths: list[int], room: int) -> list[int]:
    """Column widths that fit `room` cells (gaps included): the widest column gives up a
    cell at a time, none below MIN_COLUMN. The last column's width counts as it is drawn."""
    widths = list(widths)
    while sum(widths) + len(GAP) * (len(widths) - 1) > room:
        widest = max(range(len(widths)), key=lambda column: widths[column])
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def table(
    headers: Sequence[str], rows: Iterable[Sequence[object]], *, width: int | None = None
) -> str:
    """`headers` and `rows` as aligned columns, one line each, ending in a newline.

    `width`: the cells a line may take (0: no limit; None: the terminal's width when stdout
    is a terminal, so a long URL is cut with … rather than wrapping every row; a pipe always
    gets whole values)."""
    lines = [list(headers), *([cell(value) for value in row] for row in rows)]
    widths = [max(cell_len(line[column]) for line in lines) for column in range(len(headers))]
    room = terminal_width() if width is None else width
    if room:
        widths = _fit(widths, room)
    out = []
    for line in lines:
        texts = [_clip(text, widths[column]) for column, text in enumerate(line)]
        padded = [
            text + " " * (widths[column] - cell_len(text)) for column, text in enumerate(texts[:-1])
        ]
        out.append(GAP.join([*padded, texts[-1]]).rstrip())
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
