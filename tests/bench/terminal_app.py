"""The installed app in a real pseudo-terminal, against a benchmark stand-in."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from tests.bench.standin import StandIn
from tests.e2e.terminal import Terminal, find_installed

COLUMNS, LINES = 140, 45


def command() -> str:
    found = find_installed()
    if found is None:
        raise SystemExit("cgpt-tui is not installed here: pip install -e .")
    return found


@contextmanager
def app_in_terminal(
    server: StandIn,
    *args: str,
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (COLUMNS, LINES),
) -> Iterator[Terminal]:
    """`cgpt-tui --base-url …` on a fresh home, the key in the environment (and `env`), in a
    terminal of `size` (columns, lines)."""
    with tempfile.TemporaryDirectory() as home:
        terminal = Terminal(
            [command(), "--base-url", server.base_url, *args],
            columns=size[0],
            lines=size[1],
            env={
                "HOME": home,
                "CUSTOMGPT_API_KEY": server.api_key,
                "XDG_CONFIG_HOME": home,
                "XDG_DATA_HOME": home,
                "XDG_STATE_HOME": home,
                **(env or {}),
            },
        )
        try:
            yield terminal
        finally:
            terminal.close()
