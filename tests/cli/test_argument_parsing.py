"""The command line is read the same whichever parser reads it: the usual start goes through
the app's options alone (`parse_arguments`), everything else through the full parser, and
the two never disagree: same values, same errors, same help."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from cgpt_tui.cli.main import build_parser, parse_arguments

CASES = [
    [],
    ["--demo"],
    ["--base-url", "http://127.0.0.1:8931"],
    ["--base-url=http://x.io", "--profile", "work", "--config", "/tmp/c.toml"],
    ["--agent", "3", "--conversation", "abc"],
    ["--conv", "abc", "--ag", "7"],  # abbreviations argparse allows
    ["status"],
    ["--profile", "work", "status", "--base-url", "http://y"],
    ["ask", "--agent", "1", "hi"],
    ["agents", "list"],
    ["--agent", "x"],  # not a number
    ["--c", "x"],  # ambiguous: --config or --conversation
    ["--no-such-option"],
    ["stray"],
    ["--help"],
    ["-h"],
    ["--he"],
    ["--version"],
]


def _outcome(parse) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(parse())
        except SystemExit as leaving:
            result = ("exit", leaving.code)
    return result, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("argv", CASES, ids=" ".join)
def test_the_app_options_alone_read_what_the_full_parser_reads(argv: list[str]) -> None:
    full = _outcome(lambda: build_parser().parse_args(argv))
    assert _outcome(lambda: parse_arguments(argv)) == full


def _commands_built_after(argv: list[str]) -> bool:
    code = (
        "import sys; from cgpt_tui.cli.main import parse_arguments; "
        f"parse_arguments({argv!r}); print('cgpt_tui.cli.workshop_args' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return done.stdout.strip() == "True"


def test_the_usual_start_does_not_build_the_commands() -> None:
    assert not _commands_built_after(["--base-url", "http://x.io", "--agent", "3"])
    assert _commands_built_after(["agents", "list"])
