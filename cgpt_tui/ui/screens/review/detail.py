"""The review queue's detail pane: the selected answer's whole question and answer.

The answer's Markdown is shown as its text (cleaned, never read as markup): the reviewer sees
what the agent wrote, and a hostile answer cannot style or link anything.
"""

from __future__ import annotations

from rich.text import Text

from cgpt_tui.api import Reaction
from cgpt_tui.sanitize import clean_line, clean_text
from cgpt_tui.services.review import ReviewItem
from cgpt_tui.ui.timefmt import exact_time

STARTERS = {"me": "you", "team_member": "a team member", "anonymous": "a visitor"}
REACTION_WORDS = {Reaction.LIKED: "liked", Reaction.DISLIKED: "disliked"}
EMPTY = "Nothing matches these filters."


def reaction_words(reaction: Reaction | None) -> str:
    return REACTION_WORDS.get(reaction, "no reaction") if reaction else "no reaction"


def detail_text(item: ReviewItem | None) -> Text:
    """Where the answer was given, then the question and the answer in full."""
    if item is None:
        return Text(EMPTY, style="italic")
    name = clean_line(item.conversation_name) or "Untitled conversation"
    starter = STARTERS.get(item.started_by, item.started_by)
    where = " · ".join(
        (
            f"“{name}”",
            f"started by {starter}",
            clean_line(item.request_source) or "unknown source",
            exact_time(item.created_at),
            reaction_words(item.reaction),
        )
    )
    text = Text()
    text.append(where, style="dim")
    text.append("\n\nQuestion\n", style="bold")
    text.append(clean_text(item.question).strip() or "(no question)")
    heading = "\n\nAnswer (the agent's no-answer message)\n" if item.unanswered else "\n\nAnswer\n"
    text.append(heading, style="bold")
    text.append(clean_text(item.answer).strip() or "(no answer)")
    return text
