"""What the main screen does for insights (f7) and the review queue (f8).

Each agent's review queue is one screen for as long as the app runs, installed on the app
(Textual removes a popped screen unless it is installed): Enter on an answer opens its
conversation here at that answer, and f8 (or Esc on the answers of that conversation) goes
back to the queue as it was, with the same selection, filters and counter.

Mixed into `MainScreen` (handlers are named `on_chat_pane_…`: `@on` in a mixin that is not a
widget does not register). Both screens are imported when first asked for.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from cgpt_tui.api import Agent, Reaction
from cgpt_tui.ui.screens.main_parts import MainScreenParts
from cgpt_tui.ui.widgets.chat_pane import ChatPane

if TYPE_CHECKING:  # imported when the review is first opened
    from cgpt_tui.services.review import ReviewItem

BACK_HINT = "f8 (or Esc on the answers): back to the review queue"


def review_screen_name(agent_id: int) -> str:
    return f"review-{agent_id}"


class MainReview:
    """Insights and the review queue of the open agent."""

    def _agent_or_warn(self: MainScreenParts) -> Agent | None:
        agent = self.chat.agent
        if agent is None:
            self.notify("Pick an agent first.", severity="warning")
        return agent

    def action_insights(self: MainScreenParts) -> None:
        if (agent := self._agent_or_warn()) is None:
            return
        from cgpt_tui.ui.screens.insights import InsightsScreen  # when asked

        self.app.push_screen(InsightsScreen(agent), callback=self.open_answer)

    def action_review(self: MainScreenParts) -> None:
        """The open agent's review queue, as it was left (made the first time)."""
        if (agent := self._agent_or_warn()) is None:
            return
        from cgpt_tui.ui.screens.review import ReviewScreen  # when asked

        name = review_screen_name(agent.id)
        if not self.app.is_screen_installed(name):
            self.app.install_screen(ReviewScreen(agent), name)
        self.app.push_screen(name, callback=partial(self._review_closed, agent.id))

    def _review_closed(self: MainScreenParts, agent_id: int, item: ReviewItem | None) -> None:
        if item is None or item.session_id is None:
            return
        self.open_answer(item)
        self.chat.back_session = item.session_id
        self.notify(BACK_HINT)

    def open_answer(self: MainScreenParts, item: ReviewItem | None) -> None:
        """Open the conversation of an answer (from insights or the queue) at that answer."""
        if item is None:
            return
        if item.session_id is None:
            self.notify("This answer's conversation is not known here.", severity="warning")
            return
        self.chat.back_session = None
        self.chat.reveal(item.message_id)
        self._restore(item.agent_id, item.session_id)
        self.app.remember(item.agent_id, item.session_id)

    def on_chat_pane_back_requested(self: MainScreenParts, event: ChatPane.BackRequested) -> None:
        event.stop()
        self.action_review()

    def forget_review(self: MainScreenParts, agent_id: int) -> None:
        """The agent is gone: its queue goes too."""
        name = review_screen_name(agent_id)
        if self.app.is_screen_installed(name):
            screen = self.app.get_screen(name)
            self.app.uninstall_screen(name)
            if screen not in self.app.screen_stack:
                screen.remove()

    def tell_review(
        self: MainScreenParts, agent_id: int, message_id: int, reaction: Reaction | None
    ) -> None:
        """A reaction shown in the chat: the agent's queue, if it has one, shows it too."""
        from cgpt_tui.ui.screens.review import ReviewScreen  # made already if it matters

        name = review_screen_name(agent_id)
        if self.app.is_screen_installed(name):
            screen = self.app.get_screen(name)
            if isinstance(screen, ReviewScreen):
                screen.reaction_changed(message_id, reaction)
