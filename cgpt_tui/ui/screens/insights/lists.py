"""The insights screen's lists: the most asked questions, and the unanswered ones (Enter on one
posts `UnansweredList.Chosen`, and the screen closes on that answer)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.insights import QuestionCount
from cgpt_tui.services.review import ReviewItem


class TopQuestions(Static):
    """`  6  Where can I download invoices?`, most asked first."""

    def show(self, questions: Sequence[QuestionCount]) -> None:
        self.questions = tuple(questions)
        if not questions:
            self.update(Text("No questions in this range.", style="italic"))
            return
        width = max(len(f"{q.count:,}") for q in questions)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for row, question in enumerate(questions):
            if row:
                text.append("\n")
            text.append(f"{question.count:,}".rjust(width), "bold")
            text.append("  " + (clean_line(question.text) or "(empty question)"))
        self.update(text)


def item_prompt(item: ReviewItem) -> Text:
    """`Nov 11  Do you have a dark mode?  · web · disliked`: plain text, never markup."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    when = item.created_at
    text.append(f"{when:%b} {when.day:<2}" if when else "      ", "dim")
    text.append("  " + (clean_line(item.question) or "(empty question)"))
    extras = [clean_line(item.request_source or "")]
    if item.reaction is not None and item.reacted:
        extras.append(item.reaction.value)
    shown = [extra for extra in extras if extra]
    if shown:
        text.append("  · " + " · ".join(shown), "dim")
    return text


class UnansweredList(OptionList):
    """The questions the agent gave its no-answer message to, newest first."""

    @dataclass
    class Chosen(Message):
        item: ReviewItem

    def show(self, items: Sequence[ReviewItem]) -> None:
        self.items = tuple(items)
        self.clear_options()
        self.add_options([Option(item_prompt(item)) for item in self.items])
        if self.items:
            self.highlighted = 0

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.items):
            self.post_message(self.Chosen(self.items[event.option_index]))
