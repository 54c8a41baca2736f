"""Made-up review items for the review list's own tests and benchmarks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cgpt_tui.api import Reaction
from cgpt_tui.services.review import ReviewItem

SOURCES = ("web", "web", "web", "api", "embed", "slack")
STARTERS = ("anonymous", "anonymous", "me", "team_member")


def made_up_items(count: int, *, now: datetime | None = None) -> list[ReviewItem]:
    """`count` answers, newest first, one an hour back from `now`; every 7th unanswered,
    every 5th liked and every 11th disliked."""
    now = now or datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    items = []
    for n in range(count):
        reaction = Reaction.DISLIKED if n % 11 == 3 else Reaction.LIKED if n % 5 == 1 else None
        unanswered = n % 7 == 2
        items.append(
            ReviewItem(
                agent_id=1,
                session_id=f"session-{n // 4}",
                conversation_id=n // 4,
                conversation_name=f"Conversation {n // 4}",
                message_id=500_000 - n,
                question=f"Question number {n} about shipping\nand a second line",
                answer=(
                    "Sorry, I don't know that."
                    if unanswered
                    else f"**Answer** {n}: we ship to many places.\n\nMore text here."
                ),
                created_at=now - timedelta(hours=n),
                request_source=SOURCES[n % len(SOURCES)],
                reaction=reaction,
                unanswered=unanswered,
                started_by=STARTERS[n % len(STARTERS)],  # type: ignore[arg-type]
            )
        )
    return items
