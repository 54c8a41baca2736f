"""The review queue: every answer of an agent, newest first, worked from the keyboard."""

from cgpt_tui.ui.screens.review.review_screen import ReviewScreen

__all__ = ["ReviewScreen"]
