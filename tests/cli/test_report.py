"""`cgpt-tui report` as a script would use it, against the stand-in: questions asked over
HTTP first (one the agent cannot answer), one disliked, and the report counts them exactly
(the expected counts are computed from the agent's messages, read over HTTP as well)."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from cgpt_tui.api import CustomGPTClient, Message, Reaction
from cgpt_tui.demo.server import DemoServer
from tests.cli.test_workshop_terminal import read_until_exit
from tests.cli.workshop_run import cli, cli_env, command

NORTHWIND = 103
ANSWERED = ("How do I reset my password?", "What plans do you offer?")
OFF_TOPIC = "What is the capital of Mongolia?"


@dataclass(frozen=True)
class Held:
    """What the agent holds, read over HTTP: every message and its conversation."""

    messages: list[tuple[str, Message]]  # (session id, message)
    no_answer: str

    def within(self, since: date | None = None, until: date | None = None) -> Held:
        def inside(message: Message) -> bool:
            day = message.created_at.astimezone(UTC).date() if message.created_at else None
            return (
                day is not None
                and (since is None or day >= since)
                and (until is None or day <= until)
            )

        kept = [(session, m) for session, m in self.messages if inside(m)]
        return Held(kept, self.no_answer)

    def expected(self) -> dict[str, object]:
        queries = len(self.messages)
        conversations = len({session for session, _ in self.messages})
        unanswered = sum(m.answer.strip() == self.no_answer for _, m in self.messages)
        reactions = Counter(m.reaction for _, m in self.messages)
        return {
            "queries": queries,
            "conversations": conversations,
            "answered": queries - unanswered,
            "unanswered": unanswered,
            "liked": reactions[Reaction.LIKED],
            "disliked": reactions[Reaction.DISLIKED],
            "average_queries_per_conversation": (
                round(queries / conversations, 2) if conversations else 0
            ),
        }


def run(coroutine):
    return asyncio.run(coroutine)


async def _ask_and_dislike(server: DemoServer) -> Message:
    """Three questions in a new conversation (the last one off-topic); the first disliked."""
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        conversation = await client.create_conversation(NORTHWIND, "Report test")
        asked = [
            await client.send_message(NORTHWIND, conversation.session_id, question)
            for question in (*ANSWERED, OFF_TOPIC)
        ]
        await client.set_reaction(
            NORTHWIND, conversation.session_id, asked[0].id, Reaction.DISLIKED
        )
        return asked[-1]


async def _held(server: DemoServer) -> Held:
    async with CustomGPTClient(server.base_url, server.api_key) as client:
        settings = await client.get_agent_settings(NORTHWIND)
        messages = []
        async for conversation in client.iter_conversations(NORTHWIND):
            async for message in client.iter_messages(NORTHWIND, conversation.session_id):
                messages.append((conversation.session_id, message))
        return Held(messages, (settings.no_answer_message or "").strip())


@pytest.fixture
def asked(demo_server: DemoServer) -> Held:
    off_topic = run(_ask_and_dislike(demo_server))
    held = run(_held(demo_server))
    assert off_topic.answer.strip() == held.no_answer  # the stand-in could not answer it
    return held


def report(server: DemoServer, tmp_path, *args: str, key: str | None = ""):
    return cli(server, tmp_path, "report", "--agent", str(NORTHWIND), *args, key=key)


def totals(document: dict[str, object]) -> dict[str, object]:
    return {name: document[name] for name in Held([], "").expected()}


def test_json_counts_what_was_asked_and_what_the_seed_holds(demo_server, tmp_path, asked) -> None:
    done = report(demo_server, tmp_path, "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert totals(document) == asked.expected()
    assert asked.expected()["unanswered"] >= 1 and asked.expected()["disliked"] >= 1
    assert document["agent"] == NORTHWIND and document["agent_name"] == "Northwind Help Center"
    assert document["since"] is None and document["until"] is None
    assert document["origin"] == "server" and document["problems"] == {}
    assert sum(document["traffic"].values()) == document["queries"]
    assert document["traffic"]["api"] >= 3  # ours, sent over the API
    series = document["series"]
    assert series["interval"] == "weekly"
    assert sum(point["queries"] for point in series["points"]) == document["queries"]
    for point in series["points"]:
        assert date.fromisoformat(point["date"]).weekday() == 0  # weeks start on Monday
        assert isinstance(point["queries"], int)
    questions = {entry["question"]: entry["count"] for entry in document["top_questions"]}
    assert OFF_TOPIC in questions or len(questions) == 10
    assert demo_server.api_key not in done.stdout + done.stderr


def test_since_and_until_narrow_every_count(demo_server, tmp_path, asked) -> None:
    days = sorted({m.created_at.astimezone(UTC).date() for _, m in asked.messages if m.created_at})
    middle = days[len(days) // 2]
    for since, until in ((middle, None), (None, middle), (middle, middle), (days[0], days[0])):
        args = ["--json", "--interval", "daily"]
        args += ["--since", since.isoformat()] if since else []
        args += ["--until", until.isoformat()] if until else []
        done = report(demo_server, tmp_path, *args)
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        assert totals(document) == asked.within(since, until).expected(), (since, until)
        assert document["since"] == (since.isoformat() if since else None)
        assert document["until"] == (until.isoformat() if until else None)
        points = document["series"]["points"]
        assert sum(point["queries"] for point in points) == document["queries"]
        if since is not None:
            assert points[0]["date"] == since.isoformat()  # every day, empty ones too
        if until is not None:
            assert points[-1]["date"] == until.isoformat()


def test_a_range_with_nothing_in_it_counts_zero(demo_server, tmp_path, asked) -> None:
    first = min(m.created_at for _, m in asked.messages if m.created_at).date()
    before = (first - timedelta(days=30)).isoformat()
    done = report(demo_server, tmp_path, "--json", "--since", before, "--until", before)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert totals(document) == Held([], asked.no_answer).expected()
    assert document["traffic"] == {} and document["top_questions"] == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--since", "2026-13-01"), "argument --since: '2026-13-01' is not a date"),
        (("--until", "20261101"), "argument --until: '20261101' is not a date"),
        (("--since", "2026-W44-1"), "argument --since: '2026-W44-1' is not a date"),
        (("--since", "yesterday"), "argument --since: 'yesterday' is not a date"),
    ],
)
def test_a_date_that_is_not_a_day_is_refused_before_anything_is_asked(
    demo_server, tmp_path, args, said
) -> None:
    done = report(demo_server, tmp_path, *args)
    assert done.returncode == 2 and done.stdout == ""
    assert said in done.stderr and "YYYY-MM-DD" in done.stderr


def test_since_after_until_is_refused(demo_server, tmp_path) -> None:
    done = report(demo_server, tmp_path, "--since", "2026-11-20", "--until", "2026-11-01")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "cgpt-tui: --since 2026-11-20 is after --until 2026-11-01\n"


def test_an_unknown_agent_is_said_as_the_other_commands_say_it(demo_server, tmp_path) -> None:
    done = cli(demo_server, tmp_path, "report", "--agent", "999999", "--json")
    settings = cli(demo_server, tmp_path, "settings", "--agent", "999999")
    assert done.returncode == settings.returncode == 1
    assert done.stdout == ""
    assert done.stderr == settings.stderr and "999999" in done.stderr


def test_without_a_key_it_says_how_to_sign_in(demo_server, tmp_path) -> None:
    done = report(demo_server, tmp_path, key=None)
    assert done.returncode == 2
    assert done.stderr == "cgpt-tui: no API key; run `cgpt-tui login` first\n"


def test_a_failing_report_is_named_and_the_others_still_count(demo_server, tmp_path, asked) -> None:
    demo_server.faults.fail_next(20, status=500, message="Traffic is down", path="/reports/traffic")
    done = report(demo_server, tmp_path, "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document["problems"]) == {"traffic"} and document["traffic"] == {}
    assert "Traffic is down" in document["problems"]["traffic"]
    assert totals(document) == asked.expected()
    assert "cgpt-tui: the traffic report failed: " in done.stderr


def test_every_report_failing_exits_1(demo_server, tmp_path) -> None:
    demo_server.faults.fail_next(100, status=500, message="Reports are down", path="/reports/")
    done = report(demo_server, tmp_path, "--json")
    assert done.returncode == 1 and done.stdout == ""
    for section in ("traffic", "queries", "conversations", "analysis", "intelligence"):
        assert f"cgpt-tui: the {section} report failed: " in done.stderr


def test_piped_the_table_is_plain_lines(demo_server, tmp_path, asked) -> None:
    done = report(demo_server, tmp_path, "--interval", "daily")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith(f"Agent {NORTHWIND} “Northwind Help Center”, from the first query")
    rows = dict(line.rsplit(None, 1) for line in out.split("\n\n")[1].splitlines())
    expected = asked.expected()
    assert rows["Queries"] == str(expected["queries"])
    assert rows["Unanswered"] == str(expected["unanswered"])
    assert rows["Disliked"] == str(expected["disliked"])
    assert "\nTraffic by source\nSOURCE" in out and "\nQueries per day\nDAY" in out
    assert "\nTop questions\nCOUNT  QUESTION\n" in out
    assert "█" not in out and "\x1b" not in out + done.stderr  # no bars, no progress
    assert "history cache" not in out
    assert demo_server.api_key not in out + done.stderr


def test_on_a_terminal_a_table_with_bars(demo_server, tmp_path, asked) -> None:
    master, slave = pty.openpty()
    process = subprocess.Popen(
        command(demo_server, "report", "--agent", str(NORTHWIND)),
        env={**cli_env(demo_server, tmp_path, demo_server.api_key), "COLUMNS": "100"},
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=slave,
    )
    os.close(slave)
    try:
        drawn = read_until_exit(master, process).decode()
        assert process.wait(10) == 0, drawn
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    progress, table = drawn.split("\r\x1b[K", 1)[0], drawn.split("\r\x1b[K")[-1]
    assert progress.startswith("\rreading the reports: 1 of 5")  # redrawn in place, then gone
    assert table.startswith(f"Agent {NORTHWIND} “Northwind Help Center”")
    shown = table.replace("\r\n", "\n")
    assert f"\nQueries                   {asked.expected()['queries']}\n" in shown
    assert "Traffic by source\nSOURCE" in shown and "█" in shown
    assert "Queries per week\nWEEK OF" in shown
    assert demo_server.api_key not in shown


def test_offline_it_is_computed_from_the_history_cache(tmp_path) -> None:
    with DemoServer(port=0, api_key="offline-key", pace=0) as server:
        run(_ask_and_dislike(server))
        held = run(_held(server))
        synced = cli(server, tmp_path, "sync", "--agent", str(NORTHWIND))
        assert synced.returncode == 0, synced.stderr
        online = json.loads(report(server, tmp_path, "--json").stdout)
    done = report(server, tmp_path, "--json")  # the server is gone: the same URL refuses
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["origin"] == "cache"
    assert totals(document) == held.expected() == totals(online)
    assert document["traffic"] == online["traffic"]
    table = report(server, tmp_path)
    assert table.returncode == 0, table.stderr
    assert "Computed from the history cache" in table.stdout
    assert server.api_key not in done.stdout + done.stderr + table.stdout + table.stderr


def test_today_holds_what_was_just_asked_and_its_top_questions(
    demo_server, tmp_path, asked
) -> None:
    today = datetime.now(UTC).date()
    held = asked.within(today, today)
    done = report(demo_server, tmp_path, "--json", "--since", today.isoformat())
    document = json.loads(done.stdout)
    assert totals(document) == held.expected() and document["queries"] >= 3  # ours
    asked_today = Counter(message.question for _, message in held.messages)
    shown = {entry["question"]: entry["count"] for entry in document["top_questions"]}
    assert shown == dict(asked_today)
    assert set(shown) >= {*ANSWERED, OFF_TOPIC}
    assert document["series"]["points"][-1] == {
        "date": (today - timedelta(days=today.weekday())).isoformat(),
        "label": (today - timedelta(days=today.weekday())).isoformat(),
        "queries": document["queries"],
    }  # this week, named by its Monday


def test_server_text_is_cleaned_in_the_table_and_in_json(demo_server, tmp_path) -> None:
    hostile = "Where is \x1b]52;c;cHduZWQ=\x07my \x1b[31mparcel\u202e?"

    async def ask() -> None:
        async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
            conversation = await client.create_conversation(NORTHWIND, "Hostile")
            await client.send_message(NORTHWIND, conversation.session_id, hostile)

    run(ask())
    today = datetime.now(UTC).date().isoformat()
    for args in (("--json",), ()):
        done = report(demo_server, tmp_path, "--since", today, *args)
        assert done.returncode == 0, done.stderr
        assert "Where is my parcel?" in done.stdout
        for bad in ("\x1b", "\x07", "\u202e"):
            assert bad not in done.stdout + done.stderr


def test_a_server_that_cannot_be_reached_and_no_cache_is_one_line(tmp_path) -> None:
    with DemoServer(port=0, api_key="gone-key", pace=0) as server:
        pass  # stopped: its port refuses
    done = report(server, tmp_path, "--json")
    assert done.returncode == 1 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"cgpt-tui: Cannot reach {server.base_url}")
