"""The review queue as a file: CSV (one row per answer) or Markdown (one section per answer).

Written with `services.export.write_export` (which never overwrites). Every text is cleaned
of control characters; a CSV cell that a spreadsheet would run as a formula (`=`, `+`, `-`,
`@` first) is quoted with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.services.review import ReviewItem

ReviewFormat = Literal["csv", "md"]
CSV_COLUMNS = (
    "date",
    "conversation",
    "question",
    "answer",
    "reaction",
    "source",
    "unanswered",
    "message id",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format_for(path_name: str) -> ReviewFormat | None:
    """The format a file name asks for by its extension (.csv, .md / .markdown)."""
    lowered = path_name.lower()
    if lowered.endswith(".csv"):
        return "csv"
    if lowered.endswith((".md", ".markdown")):
        return "md"
    return None


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def _cell(text: str) -> str:
    """A text cell a spreadsheet shows as text (never runs as a formula)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _conversation(item: ReviewItem) -> str:
    return clean_line(item.conversation_name) or (
        f"Conversation {item.conversation_id}" if item.conversation_id else "Unknown conversation"
    )


def render_csv(items: Iterable[ReviewItem]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        writer.writerow(
            (
                _when(item.created_at),
                _cell(_conversation(item)),
                _cell(clean_text(item.question).strip()),
                _cell(clean_text(item.answer).strip()),
                item.reaction.value if item.reaction else "",
                _cell(clean_line(item.request_source)),
                "yes" if item.unanswered else "no",
                item.message_id,
            )
        )
    return out.getvalue()


def _quoted(text: str) -> list[str]:
    return [f"> {row}" if row else ">" for row in text.splitlines()] or [">"]


def render_markdown(items: Iterable[ReviewItem], *, agent_name: str, filters_text: str) -> str:
    rows = list(items)
    name = clean_line(agent_name) or "agent"
    lines = [
        f"# Review queue of {name}",
        "",
        f"Filters: {clean_line(filters_text) or 'all answers'}  ",
        f"Answers: {len(rows)}",
    ]
    for item in rows:
        marks = [item.reaction.value] if item.reaction else ["not reacted to"]
        if item.unanswered:
            marks.insert(0, "unanswered")
        if item.request_source:
            marks.append(f"source {clean_line(item.request_source)}")
        heading = clean_line(_conversation(item)).replace("#", "\\#")
        lines += [
            "",
            "---",
            "",
            f"## {heading} · {_when(item.created_at) or 'unknown time'}",
            "",
            f"Message {item.message_id} · {', '.join(marks)}",
            "",
            "**Question**",
            "",
            *_quoted(clean_text(item.question).strip() or "(no question)"),
            "",
            "**Answer**",
            "",
            clean_text(item.answer).strip() or "(no answer)",
        ]
    return "\n".join(lines) + "\n"


def render_review(
    items: Iterable[ReviewItem],
    format: ReviewFormat,
    *,
    agent_name: str,
    filters_text: str,
) -> str:
    """The items as a CSV or Markdown file's text."""
    if format == "csv":
        return render_csv(items)
    if format == "md":
        return render_markdown(items, agent_name=agent_name, filters_text=filters_text)
    raise ValueError(f"format must be csv or md, not {format!r}")
