"""Themes as data: TOML files validated into Textual themes.

The shipped themes live in `themes/` at the top of the repository (packaged into the wheel as
`cgpt_tui/themes`); a user's own go in `themes/` beside their config file. A file that cannot
be used becomes a `ThemeProblem` naming the file and the fault, and is skipped.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

from cgpt_tui.api.frozen import record

COLOURS = (
    "primary",
    "secondary",
    "warning",
    "error",
    "success",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
FLAGS = ("dark", "ansi")
NUMBERS = ("luminosity_spread", "text_alpha")
KNOWN = {"name", "variables", *COLOURS, *FLAGS, *NUMBERS}
NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
VARIABLE = re.compile(r"[a-z][a-z0-9-]{0,60}")
OPACITY = re.compile(r"(100|[1-9]?[0-9])%")
TEXT_STYLES = {"none", "bold", "italic", "reverse", "underline", "strike", "dim", "blink"}
MAX_FILE_BYTES = 64 * 1024


class ThemeError(ValueError):
    """What is wrong with one theme file."""


@record
class ThemeProblem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"


def shipped_themes_dir() -> Path:
    """`cgpt_tui/themes` in an installed wheel, `themes/` at the top of a source checkout."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "themes"
    return installed if installed.is_dir() else package.parent / "themes"


def _colour(key: str, value: Any, *, alpha: bool = False) -> str:
    """A colour ("#8B5CF6", "ansi_blue", "rgb(…)"), with an opacity ("#8B5CF6 35%") in
    variables."""
    if not isinstance(value, str):
        raise ThemeError(f"'{key}' must be a colour in quotes, e.g. \"#8B5CF6\"")
    parts = value.split()
    ok = len(parts) == 1 or (alpha and len(parts) == 2 and OPACITY.fullmatch(parts[1]))
    try:
        Color.parse(parts[0] if ok else "")
    except ColorParseError:
        ok = False
    if not ok:
        raise ThemeError(f"'{key}' = \"{value}\" is not a colour")
    return value


def _variable(key: Any, value: Any) -> str:
    if not isinstance(key, str) or not VARIABLE.fullmatch(key):
        raise ThemeError(f"[variables] '{key}' is not a variable name")
    if key.endswith("text-style"):
        if not isinstance(value, str) or not set(value.split()) <= TEXT_STYLES:
            raise ThemeError(f"[variables] '{key}' must be text styles, e.g. \"bold italic\"")
        return value
    return _colour(f"variables.{key}", value, alpha=True)


def parse_theme(text: str) -> Theme:
    """The theme in a file's text; raises ThemeError saying what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThemeError(f"not valid TOML: {error}") from None
    unknown = sorted(data.keys() - KNOWN)
    if unknown:
        raise ThemeError(f"unknown key '{unknown[0]}'")
    name = data.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        raise ThemeError("'name' must be lowercase letters, digits, '-' or '_' (up to 40)")
    if "primary" not in data:
        raise ThemeError("'primary' is required")
    colours = {key: _colour(key, data[key]) for key in COLOURS if key in data}
    options: dict[str, Any] = {}
    for key in FLAGS:
        if key in data:
            if not isinstance(data[key], bool):
                raise ThemeError(f"'{key}' must be true or false")
            options[key] = data[key]
    for key in NUMBERS:
        if key in data:
            value = data[key]
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ThemeError(f"'{key}' must be a number from 0 to 1")
            options[key] = float(value)
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeError("[variables] must be a table of name = value")
    checked = {key: _variable(key, value) for key, value in variables.items()}
    # Each value was checked above against the field it goes to.
    fields: dict[str, Any] = {**colours, **options}
    theme = Theme(name=name, variables=checked, **fields)
    try:
        theme.to_color_system().generate()
    except Exception as error:  # Textual's own check of the whole palette
        raise ThemeError(f"Textual cannot use it: {error}") from None
    return theme


def _read_regular_file(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file (a link to one is fine).

    Opened without blocking and checked on the open file: a FIFO named `x.toml` would
    otherwise hang the read (and the app's start) until something writes into it.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise ThemeError("not a regular file")
        if status.st_size > MAX_FILE_BYTES:
            raise ThemeError(f"larger than {MAX_FILE_BYTES // 1024} KiB")
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            return file.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(descriptor)


def load_theme_file(path: Path) -> Theme:
    try:
        text = _read_regular_file(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ThemeError("not UTF-8 text") from None
    except OSError as error:
        raise ThemeError(f"cannot read the file: {error.strerror or error}") from None
    return parse_theme(text)


def load_themes(directories: Iterable[Path]) -> tuple[list[Theme], list[ThemeProblem]]:
    """Every `*.toml` theme in the directories (missing ones are fine), in name order per
    directory; a later directory's theme replaces an earlier one of the same name."""
    themes: dict[str, Theme] = {}
    problems: list[ThemeProblem] = []
    for directory in directories:
        try:
            paths = sorted(directory.glob("*.toml"))
        except OSError:
            continue
        for path in paths:
            try:
                theme = load_theme_file(path)
            except ThemeError as error:
                problems.append(ThemeProblem(path, str(error)))
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems
