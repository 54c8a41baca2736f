"""The seed documents each demo agent answers from, shipped as files in `documents/<folder>/`.

A document is a small header of `key: value` lines, a line `---`, then Markdown (`.md`,
split into sections at `## ` headings) or plain text (`.txt`, split at headings underlined
with `===` or `---`). Header keys:

- `citation_id` (required): the id answers cite it by, resolved by the citations endpoint;
- `url`, `title`, `description`, `image`, `site_name`: its Open Graph data (empty = null);
- `file_id`, `filename`: for a source uploaded as a file, previewed at /api/v1/preview/{id}.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

CONTENT_TYPES = {".md": "text/markdown; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


@dataclass(frozen=True)
class Section:
    heading: str
    body: str


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
    content_type: str
    text: str
    sections: tuple[Section, ...]

    @property
    def words(self) -> int:
        return len(self.text.split())


def parse_document(raw: str, *, suffix: str = ".md") -> Document:
    header, separator, body = raw.partition("\n---\n")
    if not separator:
        raise ValueError("a demo document needs a header, then a line '---'")
    meta: dict[str, str | None] = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip() or None
    sections = markdown_sections(body) if suffix == ".md" else text_sections(body)
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
        content_type=CONTENT_TYPES[suffix],
        text=body.strip() + "\n",
        sections=tuple(sections),
    )


def markdown_sections(body: str) -> list[Section]:
    sections = []
    for chunk in re.split(r"(?m)^(?=## )", body.strip()):
        if chunk.strip():
            heading, _, text = chunk.partition("\n")
            sections.append(Section(heading.removeprefix("## ").strip(), text.strip()))
    return sections


def text_sections(body: str) -> list[Section]:
    parts = re.split(r"(?m)^(.+)\n[=-]{3,}[ \t]*$", body.strip())
    # parts: [text before the first heading, heading, text, heading, text, ...]
    sections = [Section("", parts[0].strip())] if parts[0].strip() else []
    for heading, text in zip(parts[1::2], parts[2::2], strict=True):
        sections.append(Section(heading.strip(), text.strip()))
    return sections


@functools.cache
def load_documents(folder: str) -> tuple[Document, ...]:
    """The documents of one folder, in file-name order (read once per process)."""
    root = resources.files("cgpt_tui.demo").joinpath("documents", folder)
    entries = sorted(
        (entry for entry in root.iterdir() if entry.name.endswith(tuple(CONTENT_TYPES))),
        key=lambda entry: entry.name,
    )
    return tuple(
        parse_document(entry.read_text(encoding="utf-8"), suffix="." + entry.name.split(".")[-1])
        for entry in entries
    )
