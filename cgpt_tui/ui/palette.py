"""The command palette (ctrl+p): the app's commands, and agents and conversations by name.

Commands are `SystemCommand`s from `CgptApp.get_system_commands`; agents and conversations
come from two providers that search what the panes have loaded, so a palette over 10,000
agents stays quick (a hit needs a query; only the best `MAX_HITS` are offered).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from cgpt_tui.api import Agent, Conversation
from cgpt_tui.sanitize import clean_line
from cgpt_tui.ui.names import UNTITLED

MAX_HITS = 30
# Names rank just below a command that matches as well: the palette lists hits of equal
# score in the order their providers answered, which varies from run to run.
NAME_WEIGHT = 0.99


def highlight(matcher: Matcher, text: str) -> Content:
    """The text with the letters the query matched marked. Not `Matcher.highlight`: that
    reads the text as markup, and agent and conversation names come from the server."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _best(
    matcher: Callable[[str], float], items: Iterable[tuple[str, object]]
) -> list[tuple[float, str, object]]:
    scored = [
        (score * NAME_WEIGHT, name, item) for name, item in items if (score := matcher(name)) > 0
    ]
    scored.sort(key=lambda hit: -hit[0])
    return scored[:MAX_HITS]


class NameSource:
    """A screen whose loaded agents and conversations the palette finds by name and opens:
    the main screen (through `MainCommands`). Mixed in, so the palette can tell that screen
    without importing it (it sits above, and imports the palette)."""

    def loaded_agents(self) -> Sequence[Agent]:
        raise NotImplementedError

    def loaded_conversations(self) -> Sequence[Conversation]:
        raise NotImplementedError

    def open_agent(self, agent: Agent) -> None:
        raise NotImplementedError

    def open_conversation(self, conversation: Conversation) -> None:
        raise NotImplementedError


class NameSearch(Provider):
    """Hits for what a pane has loaded, found by fuzzy name; subclasses say which."""

    HELP = ""

    def _screen(self) -> NameSource | None:
        screen = self.screen
        return screen if isinstance(screen, NameSource) else None

    def named(self, screen: NameSource) -> Iterator[tuple[str, Callable[[], object]]]:
        """(shown name, what choosing it does) for each item."""
        raise NotImplementedError

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        for score, name, action in _best(matcher.match, self.named(screen)):
            assert callable(action)
            yield Hit(score, highlight(matcher, name), action, text=name, help=self.HELP)


class AgentSearch(NameSearch):
    """“Agent: name” opens that agent."""

    HELP = "Open this agent and its conversations"

    def named(self, screen: NameSource) -> Iterator[tuple[str, Callable[[], object]]]:
        for agent in screen.loaded_agents():
            name = clean_line(agent.name) or f"Agent {agent.id}"
            yield f"Agent: {name}", partial(screen.open_agent, agent)


class ConversationSearch(NameSearch):
    """“Conversation: name” opens one of the selected agent's conversations."""

    HELP = "Open this conversation"

    def named(self, screen: NameSource) -> Iterator[tuple[str, Callable[[], object]]]:
        for conversation in screen.loaded_conversations():
            name = clean_line(conversation.name) or UNTITLED
            yield f"Conversation: {name}", partial(screen.open_conversation, conversation)

    async def discover(self) -> Hits:
        """With nothing typed yet: the newest few conversations."""
        screen = self._screen()
        if screen is None:
            return
        for name, action in list(self.named(screen))[:5]:
            yield DiscoveryHit(Content(name), action, text=name, help=self.HELP)
