"""The cache read a page at a time, as the API lists things; the schema's migration; a page
of conversations from the server forgets the cached ones deleted there."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from cgpt_tui.api import Agent, AgentSettings, Conversation, Message, MessageMetadata
from cgpt_tui.history.pages import CONVERSATIONS_PER_PAGE, MESSAGES_PER_PAGE, CachedPages
from cgpt_tui.history.schema import MIGRATIONS
from cgpt_tui.history.store import HistoryStore

WHEN = datetime(2026, 11, 1, tzinfo=UTC)


def agent(n: int, name: str) -> Agent:
    return Agent(n, name, True, "SITEMAP", WHEN, WHEN, False, None)


def conversation(n: int, agent_id: int = 1, name: str = "") -> Conversation:
    return Conversation(n, f"s-{n}", name or f"Talk {n}", agent_id, None, WHEN, WHEN)


def message(n: int, conversation_id: int) -> Message:
    return Message(n, f"q{n}", f"a{n}", (), conversation_id, WHEN, WHEN, MessageMetadata(), None)


def test_pages_of_conversations_come_newest_id_first_as_the_api_lists_them() -> None:
    with HistoryStore(":memory:") as store:
        store.save_conversations(1, [conversation(n) for n in range(1, 46)])
        store.save_conversations(2, [conversation(99, agent_id=2)])
        pages = CachedPages(store)
        first, last = pages.conversations(1), pages.conversations(1, offset=40)
        assert [c.id for c in first.items] == list(range(45, 45 - CONVERSATIONS_PER_PAGE, -1))
        assert first.has_next and first.total == 45 and first.last_page == 3
        assert [c.id for c in last.items] == [5, 4, 3, 2, 1] and not last.has_next
        assert [c.id for c in pages.conversations(2).items] == [99]


def test_a_name_filter_is_a_substring_in_any_case_and_wildcards_are_plain_text() -> None:
    with HistoryStore(":memory:") as store:
        names = ["Sales Bot", "sales_ops", "Salesforce 100%", "Support"]
        store.save_agents([agent(n, name) for n, name in enumerate(names, start=1)])
        pages = CachedPages(store)
        assert [a.name for a in pages.agents(name="SALES").items] == names[:3]
        assert [a.name for a in pages.agents(name="s_o").items] == ["sales_ops"]
        assert [a.name for a in pages.agents(name="0%").items] == ["Salesforce 100%"]
        assert pages.agents(name="%").total == 1
        assert pages.agents().total == 4 and pages.agent(4) == agent(4, "Support")


def test_messages_come_a_page_at_a_time_newest_first() -> None:
    with HistoryStore(":memory:") as store:
        store.save_conversations(1, [conversation(7)])
        store.save_messages("s-7", [message(n, 7) for n in range(1, 31)])
        pages = CachedPages(store)
        first = pages.messages("s-7", 1)
        assert first is not None and first.conversation.id == 7
        assert [m.id for m in first.page.items] == list(range(30, 30 - MESSAGES_PER_PAGE, -1))
        second = pages.messages("s-7", 2)
        assert second is not None and not second.page.has_next
        assert [m.id for m in second.page.items] == list(range(10, 0, -1))
        assert pages.messages("s-unknown", 1) is None


def test_a_page_from_the_server_forgets_what_it_no_longer_lists_in_its_span() -> None:
    with HistoryStore(":memory:") as store:
        store.save_conversations(1, [conversation(n) for n in range(1, 11)])
        store.save_messages("s-5", [message(1, 5)])

        def listed(*ids: int) -> list[Conversation]:
            return [conversation(n) for n in ids]

        # A middle page (ids 8..4) without 5: only 5 is gone; 9, 10 and 1..3 lie outside it.
        assert store.forget_missing_conversations(1, listed(8, 7, 6, 4), first=False, last=False)
        assert [c.id for c in store.conversations(1)] == [10, 9, 8, 7, 6, 4, 3, 2, 1]
        assert store.count_messages() == 0  # its messages went with it
        # The first page covers everything newer than its oldest: 10 is gone.
        assert store.forget_missing_conversations(1, listed(9, 8), first=True, last=False) == 1
        # The last page covers everything older than its newest: 2 is gone.
        assert store.forget_missing_conversations(1, listed(3, 1), first=False, last=True) == 1
        assert [c.id for c in store.conversations(1)] == [9, 8, 7, 6, 4, 3, 1]
        # An empty only page: the agent has no conversations left at all.
        assert store.forget_missing_conversations(1, [], first=True, last=True) == 7
        assert store.conversations(1) == []


def test_a_file_of_the_first_schema_is_migrated_and_keeps_its_history(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(f"{MIGRATIONS[0]}; PRAGMA user_version = 1;")
        db.execute("INSERT INTO conversations VALUES ('s-1', 1, 1, 'Kept', NULL, NULL, NULL)")
    with HistoryStore(path) as store:
        assert store.version == len(MIGRATIONS) == 4
        assert [c.name for c in store.conversations(1)] == ["Kept"]
        indexes = {row[0] for row in store.rows("SELECT name FROM sqlite_master")}
        assert "conversations_by_agent_id" in indexes


def test_agents_the_server_no_longer_lists_leave_with_all_they_held() -> None:
    with HistoryStore(":memory:") as store:
        store.save_agents([agent(1, "Kept"), agent(2, "Deleted")])
        store.save_conversations(2, [conversation(5, agent_id=2)])
        store.save_messages("s-5", [message(1, 5)])
        assert store.keep_only_agents([1]) == 1
        assert [a.id for a in store.agents()] == [1]
        assert store.conversations(2) == [] and store.count_messages() == 0


def test_settings_are_kept_cleaned_and_a_record_of_other_fields_counts_as_not_cached() -> None:
    settings = AgentSettings(
        default_prompt="Ask \x1b[31mme",
        example_questions=("One?", "Two\x07?"),
        chatbot_avatar=None,
        chatbot_title="Helper",
        persona_instructions=None,
        response_source="default",
        chatbot_model="gpt-4o",
        language="en",
        enable_citations=3,
        citations_view_type="show",
        enable_feedbacks=True,
        no_answer_message=None,
        error_message=None,
        markdown_enabled=True,
    )
    with HistoryStore(":memory:") as store:
        store.save_agents([agent(1, "A")])
        store.save_settings(1, settings)
        kept = store.settings(1)
        assert kept is not None and kept.chatbot_title == "Helper"
        assert kept.example_questions == ("One?", "Two?")
        assert kept.default_prompt is not None and "\x1b" not in kept.default_prompt
        assert store.settings(2) is None
        store.rows('UPDATE agent_settings SET settings = \'{"chatbot_title": "x"}\'')
        assert store.settings(1) is None
        store.save_settings(1, settings)
        assert store.keep_only_agents([]) == 1 and store.settings(1) is None
