"""Changing one top-level setting in the user's config.toml, leaving the rest as written.

tomllib only reads, and a TOML writer would drop the user's comments and layout; the one
line `key = "value"` is replaced where it is (above the first table) or added there.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from cgpt_tui.local.config import TABLE_HEADER
from cgpt_tui.local.files import write_atomically

_TRAILING_COMMENT = re.compile(r"""\s+#[^"']*$""")


def _assignment(key: str) -> re.Pattern[str]:
    return re.compile(rf"""^\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")


def with_setting(text: str, key: str, value: str) -> str:
    """`text` with the top-level `key` set to the string `value`."""
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
    lines = text.splitlines()
    first_table = next((i for i, row in enumerate(lines) if TABLE_HEADER.match(row)), len(lines))
    pattern = _assignment(key)
    for index in range(first_table):
        if pattern.match(lines[index]):
            comment = _TRAILING_COMMENT.search(lines[index])
            lines[index] = line + (comment.group(0) if comment else "")
            break
    else:
        insert = first_table
        while insert > 0 and not lines[insert - 1].strip():
            insert -= 1  # above the blank lines that part the top from the first table
        lines.insert(insert, line)
    result = "\n".join(lines) + "\n"
    if tomllib.loads(result).get(key) != value:  # raises if the edit broke the file
        raise ValueError(f"could not set {key} in the settings file")
    return result


def save_setting(path: Path, key: str, value: str) -> None:
    """Set `key = "value"` in the file at `path` (created if missing), atomically.

    A symbolic link (a config file kept in a dotfiles repository) stays a link: the file
    it points to is written, beside itself, with its own mode.

    Raises OSError when the file cannot be read or written, and ValueError (tomllib's
    included) when the file is not valid TOML: a broken file is never overwritten.
    """
    target = path.resolve()
    try:
        text = target.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        text = ""
    tomllib.loads(text)
    updated = with_setting(text, key, value)
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o600
    write_atomically(target, updated, mode=mode)
