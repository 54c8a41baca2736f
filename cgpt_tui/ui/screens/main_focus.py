"""Which pane has the focus: moving it to a pane (shown first, when hidden), the pane of
whatever took the focus becoming the current one, and a list still loading that gets the
focus once its page is in, unless the focus went elsewhere since.

Mixed into `MainScreen`.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget

from cgpt_tui.ui.screens.main_parts import MainScreenParts
from cgpt_tui.ui.widgets.paged_list import PagedList

PANES = ("agents", "conversations", "chat")


class MainPaneFocus:
    """The focus between the panes."""

    # Focus changes so far (MainScreen.set_focus counts them), and how many there had been
    # when a pane was last asked for (see on_descendant_focus).
    focus_changes = 0
    focus_changes_when_asked = 0

    def on_descendant_focus(self: MainScreenParts, event: events.DescendantFocus) -> None:
        """The pane holding the focus is the current one (the one shown when narrow).

        Hiding a pane that holds the focus makes Textual hand the focus to a neighbour,
        which may be in a hidden pane too: it goes on to the current pane instead."""
        if event.widget is not self.focused:
            return  # the focus moved on since: the event of where it is now follows
        if self.focus_changes == self.focus_changes_when_asked:
            # The focus was given before the latest pane was asked for; its event came late
            # (it climbs the tree a widget at a time). Taken as a choice, it cancelled the
            # list's wish for the focus and made the old pane current again: under load,
            # chat then agents in quick succession ended in chat. The request stands.
            return
        for node in event.widget.ancestors_with_self:
            if node.id in PANES:
                if not node.display:
                    self.focus_pane(self.current_pane)
                else:
                    self._cancel_pending_focus(but=event.widget)
                    self.current_pane = node.id
                return

    def _cancel_pending_focus(self: MainScreenParts, but: Widget) -> None:
        """The focus went somewhere on purpose: a list still loading must not take it."""
        for paged_list in (self.agents.options, self.conversations.options):
            if paged_list is not but:
                paged_list.cancel_focus_when_loaded()

    def focus_pane(self: MainScreenParts, pane: str, *, at_once: bool = False) -> None:
        """Show a pane (it may be hidden when narrow or by F4) and focus its main widget.

        A list that is loading cannot take the focus yet, and gets it when its page is in.
        `at_once`: the composer takes it before the keys already read are handed out
        (`Widget.focus` waits for them), so text typed right after ctrl+n goes into it."""
        self.focus_changes_when_asked = self.focus_changes
        if pane != "chat":
            self.side_panes = True
        self.current_pane = pane
        target = self._pane_target(pane)
        self._cancel_pending_focus(but=target)  # now, not when the focus event comes
        if isinstance(target, PagedList):
            target.focus_when_loaded()
        elif at_once:
            self.set_focus(target)
        else:
            target.focus()

    def _pane_target(self: MainScreenParts, pane: str) -> Widget:
        if pane == "agents":
            return self.agents.options
        if pane == "conversations":
            return self.conversations.options
        return self.chat.composer
