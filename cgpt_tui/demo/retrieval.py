"""Deterministic retrieval over the seed documents, and answers composed from what it finds.

Each agent has a folder of Markdown documents under `documents/`, each with a small header
(`key: value` lines, then `---`). Questions are scored against document sections with BM25
over lightly stemmed words; the answer quotes the best section and points to a runner-up, and
cites every document it drew on. The same question always gets the same answer.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "could",
        "do",
        "does",
        "for",
        "from",
        "get",
        "how",
        "i",
        "if",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "please",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "this",
        "to",
        "use",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
MIN_SCORE = 1.0  # below this a question matches nothing
RUNNER_UP_SHARE = 0.6  # a second document is cited when it scores this share of the best


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [stem(word) for word in words if word not in STOP_WORDS]


@dataclass(frozen=True)
class Section:
    heading: str
    body: str
    terms: Counter[str]


@dataclass(frozen=True)
class Document:
    citation_id: int
    title: str | None
    description: str | None
    url: str | None
    image: str | None
    site_name: str | None
    file_id: int | None
    filename: str | None
    text: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Answer:
    text: str
    citation_ids: tuple[int, ...]


def parse_document(raw: str) -> Document:
    header, _, body = raw.partition("\n---\n")
    meta: dict[str, str | None] = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip() or None
    sections = []
    for chunk in re.split(r"(?m)^(?=## )", body.strip()):
        if not chunk.strip():
            continue
        heading, _, text = chunk.partition("\n")
        heading = heading.removeprefix("## ").strip()
        sections.append(Section(heading, text.strip(), Counter(terms(heading + " " + text))))
    file_id = meta.get("file_id")
    return Document(
        citation_id=int(meta["citation_id"] or 0),
        title=meta.get("title"),
        description=meta.get("description"),
        url=meta.get("url"),
        image=meta.get("image"),
        site_name=meta.get("site_name"),
        file_id=int(file_id) if file_id else None,
        filename=meta.get("filename"),
        text=body.strip() + "\n",
        sections=tuple(sections),
    )


def load_documents(folder: str) -> list[Document]:
    root = resources.files("cgpt_tui.demo").joinpath("documents", folder)
    names = sorted(entry.name for entry in root.iterdir() if entry.name.endswith(".md"))
    return [parse_document(root.joinpath(name).read_text(encoding="utf-8")) for name in names]


@dataclass
class Library:
    """The documents of one agent, with BM25 statistics over their sections."""

    documents: list[Document]
    _df: Counter[str] = field(default_factory=Counter)
    _avg_len: float = 1.0

    def __post_init__(self) -> None:
        sections = [s for d in self.documents for s in d.sections]
        for section in sections:
            self._df.update(set(section.terms))
        lengths = [sum(s.terms.values()) for s in sections]
        self._avg_len = (sum(lengths) / len(lengths)) if lengths else 1.0
        self._count = max(len(sections), 1)

    def _score(self, query: list[str], section: Section, k1: float = 1.2, b: float = 0.75) -> float:
        length = sum(section.terms.values())
        score = 0.0
        for term in set(query):
            freq = section.terms.get(term, 0)
            if not freq:
                continue
            idf = math.log(1 + (self._count - self._df[term] + 0.5) / (self._df[term] + 0.5))
            score += idf * freq * (k1 + 1) / (freq + k1 * (1 - b + b * length / self._avg_len))
        return score

    def search(self, question: str) -> list[tuple[float, Document, Section]]:
        """Best section per document, best documents first (ties broken by citation id)."""
        query = terms(question)
        best: dict[int, tuple[float, Document, Section]] = {}
        for document in self.documents:
            for section in document.sections:
                score = self._score(query, section)
                known = best.get(document.citation_id)
                if score > 0 and (known is None or score > known[0]):
                    best[document.citation_id] = (score, document, section)
        return sorted(best.values(), key=lambda hit: (-hit[0], hit[1].citation_id))

    def answer(self, question: str, no_answer: str) -> Answer:
        hits = [hit for hit in self.search(question) if hit[0] >= MIN_SCORE]
        if not hits:
            return Answer(no_answer, ())
        score, document, section = hits[0]
        source = document.title or document.site_name or "our documentation"
        parts = [f"According to **{source}**:", f"### {section.heading}", section.body]
        cited = [document.citation_id]
        for runner_score, other, other_section in hits[1:2]:
            if runner_score >= score * RUNNER_UP_SHARE:
                first_paragraph = other_section.body.split("\n\n")[0]
                parts.append(f"**See also — {other_section.heading}:** {first_paragraph}")
                cited.append(other.citation_id)
        return Answer("\n\n".join(parts) + "\n", tuple(cited))


def tokenize(text: str) -> list[str]:
    """Word-ish pieces that join back to exactly `text` (whitespace rides with the word)."""
    return re.findall(r"\s*\S+|\s+$", text)
