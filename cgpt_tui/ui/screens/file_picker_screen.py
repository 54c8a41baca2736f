"""Choose files from disk: a directory tree, a typed (or pasted) path, the list of chosen files.

Used to add files to an agent (the workshop's Sources tab, creating an agent). The typed path
accepts `~`, quotes a file manager adds when a path is dropped or pasted, and `file://` URLs;
a directory moves the tree there, a file is chosen, anything else is an inline error.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlparse

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, OptionList, Static
from textual.widgets.option_list import Option


class PickerTree(DirectoryTree):
    """The directory tree without hidden entries (a typed path still reaches them)."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [path for path in paths if not path.name.startswith(".")]


def parse_typed_path(text: str, base: Path) -> Path | None:
    """The path the user typed or pasted, `~` expanded, relative to `base`; None when blank."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text.startswith("file://"):
        text = unquote(urlparse(text).path)
    if not text:
        return None
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


class FilePickerScreen(ModalScreen[list[Path] | None]):
    """Returns the chosen files (in the order chosen), or None when cancelled.

    With `multiple`, Enter on a file (in the tree or typed) adds it to the list, or takes it
    out when already there, and "Add files" returns the list; without, the first file chosen
    is returned at once."""

    CSS_PATH = "file_picker_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="file_picker.cancel"),
        Binding("ctrl+s", "done", "Add files", id="file_picker.done"),
        Binding("delete", "remove_chosen", "Remove", show=False, id="file_picker.remove"),
    ]

    def __init__(self, start: Path, multiple: bool = False, *, title: str = "") -> None:
        super().__init__()
        start = start.expanduser()
        self.start = start if start.is_dir() else Path.home()
        self.multiple = multiple
        self.title_text = title or ("Choose files" if multiple else "Choose a file")
        self.chosen: list[Path] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Static(Content(self.title_text), classes="dialog-title")
            with Horizontal(id="picker-body"):
                yield PickerTree(self.start, id="picker-tree")
                with Vertical(id="picker-side"):
                    yield Input(
                        placeholder="Type or paste a path, Enter",
                        id="picker-path",
                    )
                    yield Static("", id="picker-error")
                    if self.multiple:
                        yield Static("Chosen (Delete removes):", classes="picker-heading")
                        yield OptionList(id="picker-chosen")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                if self.multiple:
                    yield Button("Add files (ctrl+s)", id="done", variant="primary")

    def on_mount(self) -> None:
        self.query_one(PickerTree).focus()
        self._show_chosen()

    @on(DirectoryTree.FileSelected)
    def _tree_file(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.choose(event.path)

    @on(Input.Submitted, "#picker-path")
    async def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        tree = self.query_one(PickerTree)
        path = parse_typed_path(event.value, Path(tree.path))
        if path is None:
            if self.multiple and self.chosen:
                self.action_done()
            return
        if path.is_dir():
            tree.path = path
            self._set_error("")
            event.input.value = ""
            return
        if not path.exists():
            self._set_error(f"No such file: {path}")
            return
        if not path.is_file():
            self._set_error(f"Not a regular file: {path}")
            return
        event.input.value = ""
        self.choose(path)

    def choose(self, path: Path) -> None:
        """Toggle `path` in the chosen list (multiple), or return it (single)."""
        path = path.resolve()
        self._set_error("")
        if not self.multiple:
            self.dismiss([path])
            return
        if path in self.chosen:
            self.chosen.remove(path)
        else:
            self.chosen.append(path)
        self._show_chosen()

    def _show_chosen(self) -> None:
        if not self.multiple:
            return
        chosen = self.query_one("#picker-chosen", OptionList)
        chosen.clear_options()
        if self.chosen:
            chosen.add_options(
                Option(
                    Content.assemble(path.name, (f"  {path.parent}", "$text-muted")), id=str(path)
                )
                for path in self.chosen
            )
        else:
            chosen.add_option(Option(Content("(none yet: Enter on a file)"), disabled=True))
        self.query_one("#done", Button).disabled = not self.chosen

    def _set_error(self, message: str) -> None:
        error = self.query_one("#picker-error", Static)
        error.update(Content(message))
        error.set_class(bool(message), "-shown")

    def action_remove_chosen(self) -> None:
        if not self.multiple:
            return
        chosen = self.query_one("#picker-chosen", OptionList)
        if not chosen.has_focus or chosen.highlighted is None or not self.chosen:
            return
        option_id = chosen.get_option_at_index(chosen.highlighted).id
        self.chosen = [path for path in self.chosen if str(path) != option_id]
        self._show_chosen()

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        if self.multiple and self.chosen:
            self.dismiss(list(self.chosen))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
