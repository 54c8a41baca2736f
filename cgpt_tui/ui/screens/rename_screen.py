"""Rename a conversation: a modal with the current name prefilled."""

from __future__ import annotations

from cgpt_tui.ui.screens.prompt_screen import PromptScreen

MAX_NAME = 255


class RenameScreen(PromptScreen):
    """Returns the new name (spaces collapsed), or None when cancelled."""

    EMPTY_MESSAGE = "A name cannot be empty."

    def __init__(self, name: str) -> None:
        super().__init__("Rename conversation", name, ok_label="Rename", max_length=MAX_NAME)

    def clean(self, text: str) -> str:
        return " ".join(text.split())
