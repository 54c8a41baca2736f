"""One row per figure: the value, the baseline measured in the same run, their ratio, the budget."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None  # the same quantity for the baseline, same unit
    baseline_name: str = ""
    budget: str = ""  # what must hold, in words ("≤ 0.5 s", "ratio ≥ 10")
    check: Callable[[Figure], bool] | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        return None if self.check is None else bool(self.check(self))


def _number(value: float | None, unit: str = "") -> str:
    if value is None or math.isnan(value):
        return "—"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".strip()


def render(figures: list[Figure]) -> str:
    """The table as plain text, columns aligned."""
    header = ("figure", "value", "baseline", "ratio", "budget", "met")
    rows = [header]
    for figure in figures:
        met = {True: "yes", False: "NO", None: ""}[figure.met]
        baseline = _number(figure.baseline, figure.unit)
        if figure.baseline_name:
            baseline += f" ({figure.baseline_name})"
        rows.append(
            (
                figure.name,
                _number(figure.value, figure.unit),
                baseline if figure.baseline is not None else "",
                _number(figure.ratio) + "x" if figure.ratio is not None else "",
                figure.budget,
                met,
            )
        )
    widths = [max(len(row[n]) for row in rows) for n in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
