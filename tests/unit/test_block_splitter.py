"""The streamed-Markdown block splitter: same blocks however the text arrives."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from cgpt_tui.ui.render.blocks import BlockSplitter, split_blocks

ANSWER = """# Resetting your password

Open **Settings** and choose *Security*.

1. Click **Reset**.
2. Check your inbox.

   The mail can take a minute.

3. Follow the link.

```python
def reset(user):

    return user.send_mail()
```

| Plan | Price |
| --- | --- |
| Free | 0 |
"""

LINES = st.sampled_from(
    [
        "",
        "text",
        "- item",
        "1. first",
        "   indented",
        "```",
        "~~~",
        "| a | b |",
        "# head",
        "    code",
    ]
)


def _pieces(text: str, cuts: list[int]) -> Iterator[str]:
    """`text` as it might stream: pieces of the `cuts` sizes, over and over, then the rest."""
    position = 0
    for cut in cuts * (len(text) // max(sum(cuts), 1) + 1):
        yield text[position : position + cut]
        position += cut
    yield text[position:]


def test_blocks_of_a_real_answer() -> None:
    blocks = split_blocks(ANSWER)
    assert blocks[0] == "# Resetting your password"
    assert blocks[2].startswith("1. Click") and "The mail can take a minute." in blocks[2]
    fence = next(block for block in blocks if block.startswith("```python"))
    assert "\n\n    return" in fence, "a blank line inside a fence must not split it"
    assert blocks[-1].startswith("| Plan")


def test_finished_blocks_only_grow() -> None:
    splitter = BlockSplitter()
    seen: list[str] = []
    for char in ANSWER:
        splitter.append(char)
        assert splitter.finished[: len(seen)] == seen
        seen = list(splitter.finished)
    assert [*splitter.finished, splitter.tail] == split_blocks(ANSWER)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=30), st.lists(st.integers(1, 12), min_size=1, max_size=40))
def test_any_chunking_gives_the_same_blocks(lines: list[str], cuts: list[int]) -> None:
    text = "\n".join(lines) + "\n"
    splitter = BlockSplitter()
    for piece in _pieces(text, cuts):
        splitter.append(piece)
    tail = splitter.tail
    streamed = [*splitter.finished, tail] if tail.strip() else splitter.finished
    assert streamed == split_blocks(text)
    assert "".join(streamed).replace("\n", "").replace(" ", "") == text.replace("\n", "").replace(
        " ", ""
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(LINES, max_size=30), st.lists(st.integers(1, 12), min_size=1, max_size=40))
def test_the_text_so_far_is_every_piece_appended(lines: list[str], cuts: list[int]) -> None:
    """Whatever finished blocks have left the growing part (BlockSplitter._open), the text
    and the tail are what arrived, at every step."""
    text = "\n".join(lines) + "\n"
    splitter = BlockSplitter()
    arrived = ""
    for piece in _pieces(text, cuts):
        splitter.append(piece)
        arrived += piece
        assert splitter.text == arrived
        assert arrived.rstrip("\n").endswith(splitter.tail)
