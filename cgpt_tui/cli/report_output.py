"""What `cgpt-tui report` prints: pure functions over an `Insight` (services/insights.py).

JSON for scripts (`report_json`: the keys of README's "From the shell"; numbers as numbers,
days as YYYY-MM-DD or null), or sections of plain aligned tables (`report_text`): the
totals, traffic by request source, queries per day or week, the most frequent questions.
On a terminal the counts get a small bar each; a pipe gets the same lines without them, so
`grep` and `awk` read every value. Every string the server sent is cleaned (tables.py's
`cell`, `clean_text` in JSON).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.cells import cell_len

from cgpt_tui.api import Agent
from cgpt_tui.cli.tables import GAP, pairs_table, table, to_json
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.insights import SECTIONS, Insight
from cgpt_tui.services.reading import Origin

BAR_CELLS = 24  # the longest bar
BAR = "█"
CACHE_NOTE = "computed from the history cache (the server's reports could not be read)"


def number(value: float) -> int | float:
    """A count as an int, a ratio as a float with two places."""
    if float(value).is_integer():
        return int(value)
    return round(float(value), 2)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def all_failed(insight: Insight) -> bool:
    """Every report failed: nothing of the picture is the agent's (the command exits 1)."""
    return all(section in insight.problems for section in SECTIONS)


def report_json(agent: Agent, insight: Insight) -> str:
    """The report as one JSON object (keys: see the README)."""
    totals = insight.totals
    document: dict[str, Any] = {
        "agent": agent.id,
        "agent_name": agent.name,
        "since": _day(insight.dates.since),
        "until": _day(insight.dates.until),
        "origin": str(Origin(insight.origin)),
        "queries": totals.queries,
        "conversations": totals.conversations,
        "average_queries_per_conversation": number(totals.average_queries),
        "answered": totals.answered,
        "unanswered": totals.unanswered,
        "liked": totals.liked,
        "disliked": totals.disliked,
        "traffic": {clean_line(source.source): source.count for source in insight.traffic},
        "series": {
            "interval": insight.interval,
            "points": [
                {"date": _day(point.day), "label": point.label, "queries": number(point.value)}
                for point in insight.series
            ],
        },
        "top_questions": [
            {"question": question.text, "count": question.count}
            for question in insight.top_questions
        ],
        "problems": dict(insight.problems),
    }
    return to_json(document)


def bar(value: float, largest: float) -> str:
    """`value` as a bar of up to BAR_CELLS cells; anything above 0 shows at least one."""
    if value <= 0 or largest <= 0:
        return ""
    return BAR * max(1, round(BAR_CELLS * value / largest))


def _range(insight: Insight) -> str:
    since, until = insight.dates.since, insight.dates.until
    start = since.isoformat() if since else "the first query"
    end = until.isoformat() if until else "today"
    return f"from {start} to {end} (UTC)"


def _section(
    title: str, headers: tuple[str, str], rows: Sequence[tuple[object, float]], bars: bool
) -> str:
    """A titled table of names and counts; on a terminal each row ends in its bar."""
    if not rows:
        return f"{title}: none\n"
    lines = table(headers, ((name, number(value)) for name, value in rows)).splitlines()
    if bars:
        largest = max(value for _, value in rows)
        width = max(cell_len(line) for line in lines)
        lines[1:] = [
            f"{line}{' ' * (width - cell_len(line))}{GAP}{bar(value, largest)}".rstrip()
            for line, (_, value) in zip(lines[1:], rows, strict=True)
        ]
    return f"{title}\n" + "".join(f"{line}\n" for line in lines)


def report_text(agent: Agent, insight: Insight, *, bars: bool) -> str:
    """The report as sections of aligned tables; `bars` on a terminal."""
    totals = insight.totals
    head = f"Agent {agent.id} “{clean_line(agent.name)}”, {_range(insight)}\n"
    if insight.origin == Origin.CACHE:
        head += f"{CACHE_NOTE[0].upper()}{CACHE_NOTE[1:]}.\n"
    parts = [head]
    parts.append(
        pairs_table(
            (
                ("Queries", totals.queries),
                ("Conversations", totals.conversations),
                ("Average per conversation", f"{totals.average_queries:.2f}"),
                ("Answered", totals.answered),
                ("Unanswered", totals.unanswered),
                ("Liked", totals.liked),
                ("Disliked", totals.disliked),
            )
        )
    )
    traffic = [(source.source, float(source.count)) for source in insight.traffic]
    parts.append(_section("Traffic by source", ("SOURCE", "QUERIES"), traffic, bars))
    daily = insight.interval == "daily"
    series = [(point.day or point.label, point.value) for point in insight.series]
    title = "Queries per day" if daily else "Queries per week"
    parts.append(_section(title, ("DAY" if daily else "WEEK OF", "QUERIES"), series, bars))
    top = [(question.count, question.text) for question in insight.top_questions]
    if top:
        parts.append("Top questions\n" + table(("COUNT", "QUESTION"), top))
    else:
        parts.append("Top questions: none\n")
    return "\n".join(parts)


def problem_lines(insight: Insight) -> list[str]:
    """Each failed report and why, one line each (said on stderr)."""
    return [
        f"the {section} report failed: {clean_line(reason)}"
        for section, reason in insight.problems.items()
    ]
