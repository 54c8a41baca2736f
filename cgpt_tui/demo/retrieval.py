"""Deterministic retrieval over an agent's seed documents.

Questions are scored against document sections with BM25 over lightly stemmed words, stop
words left out. No section scoring at least MIN_SCORE (scaled down for libraries of a few
sections, where every word's idf is low) means the documents do not cover the question.
What the agent makes of the sections it finds is compose.py's (answers.py decides what
kind of answer a question gets). The same question always finds the same sections.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass

from cgpt_tui.demo.documents import Document, Section, load_documents

STOP_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        """
    a about after all also am an and any are as at be been before but by can could did
    do does doing for from get got had happen happens has have how i if in into is it
    its just know let like me more my need no not of off on once only or other our out
    over please should so some take than that the their them then there these they this
    those through to too offer offers under up use very want was way we were what when
    where which while who why will with would you your
    """,
    )
)
MIN_SCORE = 1.0  # below this a question matches nothing
COVERAGE = 0.4  # share of a question's words (by idf) one matching word must weigh
SMALL_LIBRARY = 6  # sections; in fewer, words weigh little (low idf): MIN_SCORE scales down
K1, B = 1.2, 0.75  # the usual BM25 constants


def stem(word: str) -> str:
    """A light suffix stripper: plans/planned/planning -> plan, updates/updating -> updat."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # planned -> plann -> plan
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [stem(word) for word in words if word not in STOP_WORDS]


def tokenize(text: str) -> list[str]:
    """Word-ish pieces that join back to exactly `text` (whitespace rides before a word)."""
    return re.findall(r"\s*\S+|\s+$", text)


@dataclass(frozen=True)
class Answer:
    text: str
    citation_ids: tuple[int, ...]
    answered: bool = True  # False: the agent's no_answer_message (a failed query)

    def with_text_inserted(self, extra: str | None) -> Answer:
        """The answer with `extra` put in at the first word boundary past the middle."""
        if not extra:
            return self
        middle = len(self.text) // 2
        boundary = self.text.find(" ", middle)
        at = boundary if boundary >= 0 else len(self.text)
        return Answer(self.text[:at] + extra + self.text[at:], self.citation_ids, self.answered)


@dataclass(frozen=True)
class Hit:
    score: float
    matched: int  # how many different words of the question the section has
    document: Document
    section: Section
    position: int = 0  # the section's place in its document


class Library:
    """The documents of one agent, with BM25 statistics over their sections."""

    def __init__(self, documents: tuple[Document, ...]) -> None:
        self.documents = documents
        self.by_citation = {document.citation_id: document for document in documents}
        self._sections = [
            (document, position, section, Counter(terms(f"{section.heading} {section.body}")))
            for document in documents
            for position, section in enumerate(document.sections)
        ]
        self._df: Counter[str] = Counter()
        for *_, counts in self._sections:
            self._df.update(set(counts))
        lengths = [sum(counts.values()) for *_, counts in self._sections]
        self._avg_len = (sum(lengths) / len(lengths)) if lengths else 1.0
        self._count = max(len(self._sections), 1)
        self.min_score = MIN_SCORE * min(1.0, self._count / SMALL_LIBRARY)

    def _score(self, query: set[str], counts: Counter[str]) -> float:
        length = sum(counts.values())
        score = 0.0
        for term in query:
            freq = counts.get(term, 0)
            if freq:
                score += (
                    self._idf(term)
                    * freq
                    * (K1 + 1)
                    / (freq + K1 * (1 - B + B * length / self._avg_len))
                )
        return score

    def _idf(self, term: str, *, least: int = 0) -> float:
        df = max(self._df[term], least)
        return math.log(1 + (self._count - df + 0.5) / (df + 0.5))

    def sections(self, question: str) -> list[Hit]:
        """Every section scoring at least `min_score`, best first (ties: lower citation id,
        then the earlier section); none when together they hold a single word of the
        question and less than COVERAGE of its words, weighed by idf: "How do I change the
        lens?" to a help center matches "change" alone, and is not covered."""
        query = set(terms(question))
        hits = []
        held: set[str] = set()
        for document, position, section, counts in self._sections:
            score = self._score(query, counts)
            if score > 0 and score >= self.min_score:
                matched = {term for term in query if term in counts}
                held |= matched
                hits.append(Hit(score, len(matched), document, section, position))
        # A word no section has weighs as one that a single section has.
        weight = {term: self._idf(term, least=1) for term in query}
        if len(held) < 2 and sum(weight[term] for term in held) < COVERAGE * sum(weight.values()):
            return []
        return sorted(hits, key=lambda hit: (-hit.score, hit.document.citation_id, hit.position))

    def search(self, question: str) -> list[Hit]:
        """The best section of each matching document, best first."""
        best: dict[int, Hit] = {}
        for hit in self.sections(question):
            best.setdefault(hit.document.citation_id, hit)
        return list(best.values())


@functools.cache
def library(folder: str) -> Library:
    """The shared, read-only library of one documents folder."""
    return Library(load_documents(folder))
