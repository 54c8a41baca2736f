"""The installed app in a real pseudo-terminal, against a benchmark stand-in."""

from __future__ import annotations

import atexit
import compileall
import functools
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cgpt_tui
from tests.bench.standin import StandIn
from tests.e2e.terminal import Terminal, find_installed

COLUMNS, LINES = 140, 45


def command() -> str:
    found = find_installed()
    if found is None:
        raise SystemExit("cgpt-tui is not installed here: pip install -e .")
    return found


@functools.cache
def installed_copy() -> Path:
    """A folder holding the package as `pip install .` (not `-e`) leaves it: the modules
    and the shipped themes copied (pyproject's wheel target), their bytecode compiled. The
    editable install compiles every module it imports at every start here
    (PYTHONDONTWRITEBYTECODE=1 keeps it from writing the bytecode)."""
    root = Path(tempfile.mkdtemp(prefix="cgpt-tui-installed-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    package, tree = root / "cgpt_tui", Path(cgpt_tui.__file__).parent
    shutil.copytree(tree, package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(tree.parent / "themes", package / "themes")
    assert compileall.compile_dir(package, quiet=1), "the copy did not compile"
    return root


# What the `cgpt-tui` script of a wheel install runs.
ENTRY_POINT = "import sys; from cgpt_tui.cli.main import main; sys.exit(main())"


@contextmanager
def app_in_terminal(
    server: StandIn,
    *args: str,
    env: dict[str, str] | None = None,
    size: tuple[int, int] = (COLUMNS, LINES),
    installed: bool = False,
) -> Iterator[Terminal]:
    """`cgpt-tui --base-url …` on a fresh home, the key in the environment (and `env`), in a
    terminal of `size` (columns, lines). `installed`: run `installed_copy()`'s package, with
    its bytecode, instead of this tree's."""
    argv = [command()]
    extra_env = {}
    if installed:
        argv = [sys.executable, "-P", "-c", ENTRY_POINT]  # -P: not the cwd first
        extra_env["PYTHONPATH"] = str(installed_copy())  # before the editable install's path
    with tempfile.TemporaryDirectory() as home:
        terminal = Terminal(
            [*argv, "--base-url", server.base_url, *args],
            columns=size[0],
            lines=size[1],
            env={
                "HOME": home,
                "CUSTOMGPT_API_KEY": server.api_key,
                "XDG_CONFIG_HOME": home,
                "XDG_DATA_HOME": home,
                "XDG_STATE_HOME": home,
                **extra_env,
                **(env or {}),
            },
        )
        try:
            yield terminal
        finally:
            terminal.close()
