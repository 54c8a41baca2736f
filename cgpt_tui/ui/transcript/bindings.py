"""The transcript's keys (ids name them in the keymap, the help screen and the README)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

TRANSCRIPT_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Previous answer", show=False, id="transcript.up"),
    Binding("down,j", "cursor_down", "Next answer", show=False, id="transcript.down"),
    Binding("plus,equals_sign", "react('liked')", "Like", key_display="+", id="transcript.like"),
    Binding("minus", "react('disliked')", "Dislike", key_display="-", id="transcript.dislike"),
    Binding("0", "react('neutral')", "Clear reaction", id="transcript.neutral"),
    Binding("c", "copy", "Copy", id="transcript.copy"),
    Binding("left,h", "card(-1)", "Prev source", show=False, id="transcript.card_prev"),
    Binding("right,l", "card(1)", "Next source", show=False, id="transcript.card_next"),
    Binding("enter,o", "open_card", "Open source", id="transcript.open"),
    Binding("r", "retry", "Retry", show=False, id="transcript.retry"),
    Binding(
        "right_square_bracket",
        "marker(1)",
        "Next citation marker",
        key_display="]",
        show=False,
        id="transcript.marker_next",
    ),
    Binding(
        "left_square_bracket",
        "marker(-1)",
        "Previous citation marker",
        key_display="[",
        show=False,
        id="transcript.marker_prev",
    ),
    Binding("b", "code_block(1)", "Next code block", show=False, id="transcript.code_next"),
    Binding("B", "code_block(-1)", "Prev code block", show=False, id="transcript.code_prev"),
    Binding("y", "copy_code", "Copy code block", show=False, id="transcript.copy_code"),
    Binding("a", "ask_again", "Ask again", show=False, id="transcript.ask_again"),
    Binding("e", "edit_question", "Edit and ask", show=False, id="transcript.edit"),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("home", "scroll_home", "Top", show=False),
    Binding("end", "scroll_end", "Bottom", show=False),
]
