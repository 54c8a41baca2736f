"""The footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; Footer.compose makes them


class KeysFooter(Footer):
    """Textual's `Footer` rebuilds its keys (removes, mounts and styles each) after every
    change of focus or bindings, even when the keys it shows stay the same: at start, three
    rebuilds of nine keys before the first frame, ~55 ms of a ~0.6 s start. Here a rebuild
    that would show the same keys is skipped.

    Each key is made already in the footer's style (compact or not). Textual's keys start
    compact and take the footer's style by a data binding once mounted: each key was styled
    twice more as it mounted (the class added, then removed), ~20 ms of a start for
    sixteen keys."""

    _shown: object = None  # what the keys show now; None: not built yet

    def _keys_shown(self) -> object:
        """Everything `Footer.compose` reads of the bindings."""
        app = self.app
        return (
            tuple(
                (key, binding, app.get_key_display(binding), enabled, tooltip)
                for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
                if binding.show or key == app.COMMAND_PALETTE_BINDING
            ),
            self._bindings_ready,
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
        )

    def compose(self) -> ComposeResult:
        # What is shown is what this reads: a rebuild started earlier may compose after
        # the keys changed again (it awaits the removal of the old keys first).
        self._shown = self._keys_shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and "compact" in (widget._reactive_connect or {}):
                # bound to the footer's style (the palette's key is not: it stays compact);
                # set before mounting, no watcher runs
                widget.set_reactive(FooterKey.compact, self.compact)
            yield widget

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        if self._keys_shown() != self._shown:
            await super().recompose()
            self.screen.check_idle()
