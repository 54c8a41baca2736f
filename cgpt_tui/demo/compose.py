"""The demo agent's answers composed from the sections retrieval finds.

An answer draws on the best section (and a close sibling of it in the same document) and on
the best sections of up to two more documents that score close and share at least two words
with the question. Each part opens with its section's heading as a bold lead-in and keeps
the section's Markdown as written, block by block (paragraphs, lists, tables, fenced code
are never cut; only an overlong paragraph is shortened, at a sentence). The documents drawn
on are cited in the order the answer first uses them; with inline citations each part ends
its last paragraph or list with `[n]`, n counting in that order.

Overviews (the topics the documents cover, for "what can you help me with", and their
opening sections, for questions about the product as a whole) are made from the documents
too: their titles, descriptions, headings and first sentences, never a fixed list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cgpt_tui.demo.documents import Document, Section
from cgpt_tui.demo.retrieval import Answer, Hit, Library, terms

MAX_DOCUMENTS = 3  # an answer draws on at most this many documents ...
MAX_PARTS = 3  # ... in at most this many sections
RUNNER_UP_SHARE = 0.6  # another section is used when it scores this share of the best
RUNNER_UP_TERMS = 2  # ... and matches at least this many different words of the question
HEADING_SHARE = 0.4  # or this share, when its heading names a question word no other does
FIRST_PART_CHARS = 1_200  # blocks of the best section kept up to about this size
OTHER_PART_CHARS = 500  # ... and of each further section
OVERVIEW_ITEMS = 8  # documents listed in an overview; more are counted
SENTENCE_CHARS = 220  # a description or first sentence longer than this is shortened
OVERVIEW_HEADING = re.compile(
    r"\b(overview|introduction|intro|about|welcome|getting started|get started|quick ?start"
    r"|first steps|basics|what is)\b",
    re.IGNORECASE,
)
FENCE = re.compile(r"^\s*(```|~~~)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
SENTENCE_END = re.compile(r"[.!?](?=\s+[\"'(*_`\[A-Z0-9])")


# ---------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Block:
    text: str
    kind: str  # "paragraph", "list", "table", "code", "heading", "quote"

    @property
    def prose(self) -> bool:
        """Where an inline marker may go (never into code, a table or a heading)."""
        return self.kind in ("paragraph", "list", "quote")


def blocks(body: str) -> list[Block]:
    """The Markdown blocks of a section: runs of lines between blank lines, except that a
    fenced code block is one block, blank lines and all."""
    found: list[Block] = []
    lines: list[str] = []
    fence: str | None = None

    def close() -> None:
        if lines:
            text = "\n".join(lines).strip("\n")
            if text.strip():
                found.append(Block(text, _kind(text)))
            lines.clear()

    for line in body.split("\n"):
        opened = FENCE.match(line)
        if fence is not None:
            lines.append(line)
            if opened and opened.group(1) == fence:
                fence = None
                close()
        elif opened:
            close()
            fence = opened.group(1)
            lines.append(line)
        elif line.strip():
            lines.append(line)
        else:
            close()
    close()
    return found


def _kind(text: str) -> str:
    first = text.lstrip()
    if FENCE.match(first):
        return "code"
    if first.startswith("|"):
        return "table"
    if first.startswith("#"):
        return "heading"
    if first.startswith(">"):
        return "quote"
    if LIST_ITEM.match(first):
        return "list"
    return "paragraph"


def sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences, never split inside `**bold**` or `code` (a `?` in
    **Forgot password?** ends no sentence)."""
    found, start = [], 0
    for match in SENTENCE_END.finditer(paragraph):
        before = paragraph[start : match.end()]
        if before.count("**") % 2 == 0 and before.count("`") % 2 == 0:
            found.append(before.strip())
            start = match.end()
    rest = paragraph[start:].strip()
    return [*found, rest] if rest else found


def shortened(paragraph: str, limit: int) -> str:
    """The paragraph's first sentences that fit in `limit` (at least one), "…" when more
    were left out; a one-sentence paragraph is kept whole."""
    kept: list[str] = []
    for sentence in sentences(" ".join(paragraph.split())):
        if kept and len(" ".join([*kept, sentence])) > limit:
            return " ".join(kept) + " …"
        kept.append(sentence)
    return " ".join(kept)


def first_sentence(text: str) -> str:
    found = sentences(" ".join(text.split()))
    sentence = found[0] if found else ""
    if len(sentence) > SENTENCE_CHARS:
        cut = sentence[:SENTENCE_CHARS].rsplit(" ", 1)[0]
        sentence = _balanced(cut) + " …"
    return sentence


def _balanced(text: str) -> str:
    """`text` without a trailing unclosed `**` or backtick (a shortened sentence must not
    leave bold or code open)."""
    while text.count("**") % 2:
        text = text[: text.rindex("**")].rstrip()
    while text.count("`") % 2:
        text = text[: text.rindex("`")].rstrip()
    return text


def excerpt(body: str, limit: int) -> list[Block]:
    """The section's blocks from the start while they fit in about `limit` characters: the
    first always (an overlong first paragraph shortened), a block ending in ":" only with the
    block it introduces."""
    every = blocks(body)
    kept: list[Block] = []
    size, index = 0, 0
    while index < len(every):
        block = every[index]
        if not kept and block.kind == "paragraph" and len(block.text) > limit:
            block = Block(shortened(block.text, limit), "paragraph")
        group = [block]
        if block.text.endswith(":") and index + 1 < len(every):
            group.append(every[index + 1])
        grown = size + sum(len(member.text) for member in group)
        if kept and grown > limit:
            break
        kept.extend(group)
        size, index = grown, index + len(group)
    return kept


# ---------------------------------------------------------------------- composed answers


@dataclass(frozen=True)
class Part:
    document: Document
    section: Section
    limit: int


def heading_of(document: Document, section: Section) -> str:
    return section.heading or document.title or ""


def render_part(part: Part, marker: str) -> str:
    """The section's excerpt under its heading: a bold lead-in run into a first paragraph,
    else a bold line of its own; `marker` ("" or " [n]") after the last prose block."""
    kept = excerpt(part.section.body, part.limit)
    texts = [block.text for block in kept]
    last_prose = max((i for i, block in enumerate(kept) if block.prose), default=None)
    if marker and last_prose is not None:
        texts[last_prose] += marker
    heading = " ".join(heading_of(part.document, part.section).split()).rstrip(":.")
    if not heading:
        lead = [] if last_prose is not None or not marker else [marker.strip()]
        return "\n\n".join(lead + texts)
    if kept and kept[0].kind == "paragraph":
        stop = "" if heading.endswith(("?", "!")) else "."
        texts[0] = f"**{heading}{stop}** {texts[0]}"
        return "\n\n".join(texts)
    title = f"**{heading}**" + (marker if last_prose is None else "")
    return "\n\n".join([title, *texts])


def compose(parts: Sequence[Part], *, inline: bool) -> Answer:
    """The parts in order, citing their documents in the order they first appear."""
    cited: list[int] = []
    rendered = []
    for part in parts:
        citation_id = part.document.citation_id
        if citation_id not in cited:
            cited.append(citation_id)
        marker = f" [{cited.index(citation_id) + 1}]" if inline else ""
        rendered.append(render_part(part, marker))
    return Answer("\n\n".join(rendered) + "\n", tuple(cited))


def choose_parts(hits: Sequence[Hit], question: str) -> list[Part]:
    """The best section, then the runners-up close enough to it (one sibling section of the
    same document, the best section of up to two others). Close: scoring RUNNER_UP_SHARE of
    the best and sharing RUNNER_UP_TERMS words with the question, or HEADING_SHARE when its
    heading names a word of the question no chosen heading names ("plans ... and invoices")."""
    if not hits:
        return []
    asked = set(terms(question))
    top = hits[0]
    chosen = [top]
    headed = set(terms(top.section.heading)) & asked
    documents = [top.document.citation_id]
    for hit in hits[1:]:
        if len(chosen) == MAX_PARTS:
            break
        names = (set(terms(hit.section.heading)) & asked) - headed
        close = hit.score >= top.score * RUNNER_UP_SHARE and hit.matched >= RUNNER_UP_TERMS
        if not close and not (names and hit.score >= top.score * HEADING_SHARE):
            continue
        citation_id = hit.document.citation_id
        same = sum(1 for other in chosen if other.document.citation_id == citation_id)
        if citation_id == documents[0]:
            if same >= 2:
                continue
        elif same or len(documents) == MAX_DOCUMENTS:
            continue
        else:
            documents.append(citation_id)
        chosen.append(hit)
        headed |= names
    chosen.sort(key=lambda hit: documents.index(hit.document.citation_id))  # stable: by rank
    limits = [FIRST_PART_CHARS] + [OTHER_PART_CHARS] * (len(chosen) - 1)
    return [
        Part(hit.document, hit.section, limit) for hit, limit in zip(chosen, limits, strict=True)
    ]


def answer_from(library: Library, question: str, *, inline: bool) -> Answer | None:
    """The answer composed from what the documents say, None when they say nothing."""
    parts = choose_parts(library.sections(question), question)
    return compose(parts, inline=inline) if parts else None


# ---------------------------------------------------------------------- overviews


def in_order(library: Library) -> list[Document]:
    """The documents in citation order (how they were added)."""
    return sorted(library.documents, key=lambda document: document.citation_id)


def topic_of(document: Document) -> str:
    """What a document is about in a few words: its title, else its first heading."""
    first = next((section.heading for section in document.sections if section.heading), "")
    name = document.title or first or document.filename or f"Document {document.citation_id}"
    return " ".join(name.split())


def summary_of(document: Document) -> str:
    """A sentence on a document: its description (shortened when long), else the first
    sentence of its opening, else its headings."""
    description = " ".join((document.description or "").split())
    if description:
        return description if len(description) <= SENTENCE_CHARS else first_sentence(description)
    opening = next((b.text for s in document.sections for b in blocks(s.body) if b.prose), "")
    if opening:
        return first_sentence(opening)
    topic = topic_of(document)
    headings = [" ".join(s.heading.split()) for s in document.sections if s.heading]
    return "; ".join(heading for heading in headings if heading != topic)


def overview_section(document: Document) -> Section | None:
    """The section that introduces a document: one headed like an overview, else the first."""
    named = [section for section in document.sections if OVERVIEW_HEADING.search(section.heading)]
    return named[0] if named else (document.sections[0] if document.sections else None)


def opening_of(document: Document) -> str:
    """The first sentence of a document's overview section when that opens with a paragraph
    that says something (not one introducing a list with ":"), else its summary."""
    section = overview_section(document)
    first = blocks(section.body)[:1] if section else []
    if first and first[0].kind == "paragraph":
        sentence = first_sentence(first[0].text)
        if sentence and not sentence.endswith(":"):
            return sentence
    return summary_of(document)


def named_overviews(library: Library) -> list[Part]:
    """Sections headed like an overview ("Getting started", "About …"), of up to
    MAX_DOCUMENTS documents: what a question about the product as a whole is answered from."""
    parts: list[Part] = []
    for document in in_order(library):
        section = next((s for s in document.sections if OVERVIEW_HEADING.search(s.heading)), None)
        if section is not None:
            limit = FIRST_PART_CHARS if not parts else OTHER_PART_CHARS
            parts.append(Part(document, section, limit))
        if len(parts) == MAX_DOCUMENTS:
            break
    return parts


def listing(items: Sequence[tuple[Document, str]], *, inline: bool) -> tuple[str, tuple[int, ...]]:
    """A Markdown list, one item per document (a bold topic and a sentence), citing each."""
    lines, cited = [], []
    for number, (document, text) in enumerate(items, start=1):
        marker = f" [{number}]" if inline else ""
        separator = ": " if text else ""
        lines.append(f"- **{topic_of(document)}**{separator}{text}{marker}")
        cited.append(document.citation_id)
    return "\n".join(lines), tuple(cited)


def more_line(library: Library) -> str:
    left = len(library.documents) - OVERVIEW_ITEMS
    if left <= 0:
        return ""
    return f"…and {left} more document{'s' if left != 1 else ''}."


def topics_answer(library: Library, lead: str, closing: str, *, inline: bool) -> Answer | None:
    """The topics of the documents as a list (for "what can you help me with")."""
    documents = in_order(library)[:OVERVIEW_ITEMS]
    if not documents:
        return None
    items = [(document, summary_of(document)) for document in documents]
    body, cited = listing(items, inline=inline)
    paragraphs = [lead, body, more_line(library), closing]
    return Answer("\n\n".join(p for p in paragraphs if p) + "\n", cited)


def product_overview(library: Library, lead: str, *, inline: bool) -> Answer | None:
    """For a question about the product as a whole: its overview sections composed when the
    documents have some, else the opening sentence of each document's first section."""
    named = named_overviews(library)
    if named:
        return compose(named, inline=inline)
    items = []
    for document in in_order(library)[:OVERVIEW_ITEMS]:
        items.append((document, opening_of(document)))
    if not items:
        return None
    body, cited = listing(items, inline=inline)
    closing = "Ask me about any of these for the details."
    paragraphs = [lead, body, more_line(library), closing]
    return Answer("\n\n".join(p for p in paragraphs if p) + "\n", cited)
