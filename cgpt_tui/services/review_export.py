"""PROVISIONAL (helper E): the contract's render_review, until helper B's module lands."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Literal

from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.services.review import ReviewItem


def render_review(
    items: Sequence[ReviewItem],
    format: Literal["csv", "md"],
    *,
    agent_name: str,
    filters_text: str,
) -> str:
    if format == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "date",
                "conversation",
                "question",
                "answer",
                "reaction",
                "source",
                "unanswered",
                "message id",
            ]
        )
        for item in items:
            writer.writerow(
                [
                    item.created_at.isoformat() if item.created_at else "",
                    clean_line(item.conversation_name),
                    clean_text(item.question),
                    clean_text(item.answer),
                    item.reaction.value if item.reaction else "",
                    item.request_source or "",
                    "yes" if item.unanswered else "no",
                    item.message_id,
                ]
            )
        return out.getvalue()
    lines = [f"# Review queue: {clean_line(agent_name)}", "", filters_text, ""]
    for item in items:
        lines += [f"## {clean_line(item.question)}", "", clean_text(item.answer), ""]
    return "\n".join(lines)
