"""What the commands say, word for word where the words were wrong: a directory named as
the export file, counts of one, a server message that ends in a period, a refused agent,
a URL shown as typed. Run as the installed `cgpt-tui` against the stand-in."""

from __future__ import annotations

import re
from pathlib import Path

from cgpt_tui.api import PermissionDenied
from cgpt_tui.demo.server import DemoServer
from cgpt_tui.ui.error_text import describe
from cgpt_tui.wording import plural, sentence, sentences

from .run import cgpt

NORTHWIND = 103


def run(server: DemoServer, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    done = cgpt(tmp_path, server.api_key, *args, "--base-url", server.base_url)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def a_conversation_of_one_message(server: DemoServer, tmp_path: Path) -> str:
    code, out, err = run(server, tmp_path, "ask", "--agent", str(NORTHWIND), "--json", "Hi")
    assert code == 0, err
    return re.search(r'"session_id": "([^"]+)"', out).group(1)  # type: ignore[union-attr]


def test_export_into_a_directory_says_it_is_a_directory(demo_server, tmp_path: Path) -> None:
    session = next(iter(demo_server.state.agents[NORTHWIND].conversations))
    folder = tmp_path / "exports"
    folder.mkdir()
    for target in (f"{folder}/", str(folder), f"{tmp_path}/not-yet/"):
        code, _, err = run(
            demo_server, tmp_path, "export", "--agent", str(NORTHWIND),
            "--conversation", session, "-o", target,
        )  # fmt: skip
        assert code == 1
        assert err == (
            f"cgpt-tui: {target} is a directory; give a file name, "
            f"e.g. -o {Path(target) / 'conversation.md'}\n"
        )
    assert list(folder.iterdir()) == [] and not (tmp_path / "not-yet").exists()


def test_exporting_one_message_says_1_message(demo_server, tmp_path: Path) -> None:
    session = a_conversation_of_one_message(demo_server, tmp_path)
    target = tmp_path / "one.md"
    code, _, err = run(
        demo_server, tmp_path, "export", "--agent", str(NORTHWIND),
        "--conversation", session, "-o", str(target),
    )  # fmt: skip
    assert code == 0
    assert err == f"Exported 1 message to {target}.\n"


def test_sync_of_one_agent_says_1_agent(demo_server, tmp_path: Path) -> None:
    a_conversation_of_one_message(demo_server, tmp_path)
    code, out, err = run(demo_server, tmp_path, "sync", "--agent", str(NORTHWIND))
    assert code == 0, err
    assert out.startswith("Synced 1 agent, ")
    assert re.search(r"\b1 (agents|conversations|messages|sources)\b", out) is None
    assert re.search(r"\b\d+ conversations?, [\d,]+ messages?, \d+ sources? into ", out)


def test_a_server_message_ending_in_a_period_gets_no_second_one(
    demo_server, tmp_path: Path
) -> None:
    demo_server.faults.fail_next(status=500, message="The database is down.", path="/user")
    code, out, _ = run(demo_server, tmp_path, "status")
    assert code == 1
    host = demo_server.base_url.removeprefix("http://")
    assert (
        f"Account:  {host} failed (HTTP 500): The database is down. Try again in a moment.\n" in out
    )
    demo_server.faults.fail_next(status=422, message="Bad prompt.", path="/conversations")
    code, _, err = run(demo_server, tmp_path, "ask", "--agent", str(NORTHWIND), "Hi")
    assert (code, err) == (1, f"cgpt-tui: {host} answered HTTP 422: Bad prompt.\n")
    assert ".." not in out + err


def test_a_403_on_an_agent_says_the_agent_was_refused(demo_server, tmp_path: Path) -> None:
    demo_server.faults.fail_next(status=403, message="This action is unauthorized.")
    code, _, err = run(demo_server, tmp_path, "ask", "--agent", str(NORTHWIND), "Hi")
    host = demo_server.base_url.removeprefix("http://")
    assert (code, err) == (
        1,
        f"cgpt-tui: {host} accepted the key but does not allow it to use agent {NORTHWIND}. "
        "This action is unauthorized.\n",
    )
    demo_server.faults.fail_next(status=403, message="This action is unauthorized.")
    code, out, _ = run(demo_server, tmp_path, "status")
    assert "does not allow it to read the account. This action is unauthorized.\n" in out


def test_status_shows_the_base_url_with_its_slashes(demo_server, tmp_path: Path) -> None:
    done = cgpt(tmp_path, demo_server.api_key, "status", "--base-url", demo_server.base_url + "//")
    assert f"Server:   {demo_server.base_url}\n" in done.stdout.decode()
    assert done.stdout.decode().count("http://") == 1


def test_the_wording_rules() -> None:
    assert [plural(n, "message") for n in (0, 1, 2, 1234)] == [
        "0 messages", "1 message", "2 messages", "1,234 messages",
    ]  # fmt: skip
    assert sentence("Done.") == "Done." and sentence("Done") == "Done." and sentence("") == ""
    assert (
        sentences("It failed: Bad prompt.", "", "Try again") == "It failed: Bad prompt. Try again."
    )


def test_a_403_in_the_app_names_what_was_refused() -> None:
    url = "http://127.0.0.1:1/api/v1/projects/103/conversations/abc/messages"
    refused = PermissionDenied("This action is unauthorized.", status=403, url=url)
    assert describe(refused) == "The API key may not use agent 103: This action is unauthorized."
