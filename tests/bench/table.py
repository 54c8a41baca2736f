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

    def row(self) -> dict[str, object]:
        """The figure as plain data (what a benchmark process sends the one printing)."""
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "baseline": self.baseline,
            "baseline_name": self.baseline_name,
            "ratio": self.ratio,
            "budget": self.budget,
            "met": self.met,
        }


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


def render(rows: list[dict]) -> str:
    """The table of `Figure.row()`s as plain text, columns aligned."""
    header = ("figure", "value", "baseline", "ratio", "budget", "met")
    table = [header]
    for row in rows:
        baseline = _number(row["baseline"], row["unit"])
        if row["baseline_name"]:
            baseline += f" ({row['baseline_name']})"
        table.append(
            (
                row["name"],
                _number(row["value"], row["unit"]),
                baseline if row["baseline"] is not None else "",
                _number(row["ratio"]) + "x" if row["ratio"] is not None else "",
                row["budget"],
                {True: "yes", False: "NO", None: ""}[row["met"]],
            )
        )
    widths = [max(len(line[n]) for line in table) for n in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
