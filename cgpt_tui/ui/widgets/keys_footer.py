"""The footer of every screen: Textual's, with the keys drawn by one widget (`KeyLine`)."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.color import Color
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; Footer.compose makes them


class Key(NamedTuple):
    """One key the footer shows, as `Footer.compose` reads it from the bindings."""

    key: str  # what pressing it simulates
    display: str  # as the app shows keys ("^n")
    description: str
    enabled: bool
    tooltip: str


def _drawn(key: Key) -> tuple[str, str]:
    """The key's two parts as FooterKey pads them; one without a description gets none."""
    if key.description:
        return f" {key.display} ", f"{key.description} "
    return key.display, ""


class KeyLine(Widget):
    """The footer's keys, drawn as Textual's `FooterKey`s look side by side (same styles,
    same padding), hovered and clicked one by one as they are. Textual mounts one widget per
    key, each styled with two component classes: ~12 M instructions a key, ~4 % of a start
    with nine keys (cachegrind)."""

    ALLOW_SELECT = False
    PARTS = ("footer-key--key", "footer-key--description")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "key-line--hover",
    }
    DEFAULT_CSS = """
    KeyLine {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        pointer: pointer;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-line--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
    }
    """

    def __init__(self, keys: tuple[Key, ...] = ()) -> None:
        super().__init__()
        self.keys = keys
        self._hovered: int | None = None
        # each key as drawn, its cells [start, end): what a click or the mouse meets is what
        # the terminal shows, also between a change of `keys` and the next render
        self._spans: list[tuple[int, int, Key]] = []

    def show(self, keys: tuple[Key, ...]) -> None:
        if keys != self.keys:
            self.keys = keys
            self._hovered = None
            self.tooltip = None
            self.refresh(layout=True)

    def render(self) -> Text:
        line = Text(no_wrap=True, end="")
        self._spans = []
        for index, key in enumerate(self.keys):
            if index == self._hovered:
                key_style, description_style = map(self._hovered_part, self.PARTS)
            else:
                key_style, description_style = map(self.get_component_rich_style, self.PARTS)
            start, cells = len(line), line.cell_len
            shown_key, shown_description = _drawn(key)
            line.append(shown_key, key_style)
            line.append(shown_description, description_style)
            self._spans.append((cells, line.cell_len, key))
            line.stylize_before(self._key_base(index), start, len(line))
        return line

    def _key_base(self, index: int) -> Style:
        """What a `FooterKey` puts under its text: its own style, hovered or not; dim when
        the key does nothing here."""
        base = (
            self.get_component_rich_style("key-line--hover")
            if index == self._hovered
            else self.rich_style
        )
        return base + Style(dim=True) if not self.keys[index].enabled else base

    def _hovered_part(self, part: str) -> Style:
        """A part's style over the hover's background, blended as Textual blends a hovered
        `FooterKey`'s parts over the key's own background (its component styles are
        blended over the line's, which the hover does not change)."""
        styles = self.get_component_styles(part)
        hover = self.get_component_styles("key-line--hover")
        under = self.get_component_rich_style("key-line--hover").bgcolor
        background = (
            Color.from_rich_color(under) if under else Color(0, 0, 0, 0)
        ) + styles.background
        color = styles.color if styles.has_rule("color") else hover.color
        return styles.text_style + Style.from_color(
            (background + color).rich_color, background.rich_color if background.a else None
        )

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(cell_len("".join(_drawn(key))) for key in self.keys)

    def key_at(self, x: int) -> int | None:
        for index, (start, end, _key) in enumerate(self._spans):
            if start <= x < end:
                return index
        return None

    def _hover(self, index: int | None) -> None:
        if index != self._hovered:
            self._hovered = index
            self.tooltip = None if index is None else (self._spans[index][2].tooltip or None)
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self.key_at(event.x)
        if index is None:
            return
        key = self._spans[index][2]
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()


class KeysFooter(Footer):
    """Textual's `Footer` with its keys drawn by one `KeyLine` (the command palette's key,
    docked on the right, stays Textual's). When the bindings change (every change of focus)
    only the line is drawn again, and only if the keys it shows changed: Textual's rebuilds
    (removes, mounts and styles) every key each time. Not drawn as Textual draws them:
    binding groups (Binding.Group; none here) and the footer's `compact` style (unused)."""

    _palette: ActiveBinding | None = None  # what the palette's key was made from

    def _keys_shown(self) -> tuple[Key, ...]:
        """The keys `Footer.compose` would make, one per action (its first binding)."""
        app = self.app
        keys: dict[str, Key] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = Key(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip,
                )
        return tuple(keys.values())

    def _palette_shown(self) -> ActiveBinding | None:
        app = self.app
        if not (self.show_command_palette and app.ENABLE_COMMAND_PALETTE):
            return None
        return self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        yield KeyLine(self._keys_shown())
        self._palette = palette = self._palette_shown()
        if palette is not None:
            _node, binding, enabled, _tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        lines = self.query(KeyLine)
        if lines and self._palette_shown() == self._palette:
            lines.first().show(self._keys_shown())
            return
        await super().recompose()
        self.screen.check_idle()
