"""Search snippets show an answer's words, not its Markdown, with the matches marked there."""

from __future__ import annotations

from cgpt_tui.api import Agent, Conversation, Message, MessageMetadata
from cgpt_tui.history.plain_text import markdown_text
from cgpt_tui.history.search import search
from cgpt_tui.history.store import HistoryStore

ANSWER = """\
### Exporting your data

According to **Data export** [1], go to *Settings → Data* and press `Export`:

- pick __CSV__ or [JSON](https://help.example/json), see <https://help.example/formats>
1. ~~old way~~ wait for the e-mail

| Plan | Exports per day |
|------|-----------------|
| Team | **10** |

```sh
curl -H "Authorization: Bearer $TOKEN" https://api.example/export
```

> Escaped \\*stars\\* &amp; <b>tags</b> and ![a chart of exports](chart.png)
"""


def test_markdown_becomes_its_text_one_line_a_block() -> None:
    assert markdown_text(ANSWER).splitlines() == [
        "Exporting your data",
        "According to Data export [1], go to Settings → Data and press Export:",
        "pick CSV or JSON (https://help.example/json), see https://help.example/formats",
        "old way wait for the e-mail",
        "Plan · Exports per day",
        "Team · 10",
        'curl -H "Authorization: Bearer $TOKEN" https://api.example/export',
        "Escaped *stars* & tags and a chart of exports",
    ]


def test_text_without_markdown_is_left_as_it_is() -> None:
    for text in ("How do I reset my password?", "Plans - monthly or yearly", "snake_case", ""):
        assert markdown_text(text) == text


def test_a_search_snippet_has_no_markdown_and_marks_the_matched_words(tmp_path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        store.save_agents([Agent(1, "Docs", True, None, None, None, False, None)])
        store.save_conversations(1, [Conversation(1, "s-1", "Exports", 1, None, None, None)])
        store.save_messages(
            "s-1",
            [Message(7, "Can I export data?", ANSWER, (), 1, None, None, MessageMetadata(), None)],
        )
        [hit] = search(store, "team exports per")
        for syntax in ("**", "###", "`", "|", "](", "__", "~~", "&amp;", "<b>"):
            assert syntax not in hit.snippet
        assert [hit.snippet[a:b] for a, b in hit.marks] == ["Exports", "per", "Team"]
        [hit] = search(store, "json")
        assert [hit.snippet[a:b] for a, b in hit.marks] == ["JSON", "json"]
        assert "JSON (https://help.example/json)" in hit.snippet
