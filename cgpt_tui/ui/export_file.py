"""Writing an export the user named: never over an existing file, and every refusal said."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cgpt_tui.services.export import write_export


def save_export(answer: str, text: str, *, notify: Callable[..., object]) -> Path | None:
    """`text` to the file the user typed (`answer`); the path written, or None once `notify`
    (a screen's) has said why not: the file exists already, or it could not be written."""
    try:
        return write_export(Path(answer), text)
    except FileExistsError:
        notify(f"{answer} exists already; pick another name.", severity="warning")
    except OSError as error:
        notify(f"Could not write {answer}: {error.strerror or error}", severity="error")
    return None
