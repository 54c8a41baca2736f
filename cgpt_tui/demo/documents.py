"""The seed documents each demo agent answers from, shipped as files in `documents/<folder>/`.

A document is a small header of `key: value` lines, a line `---`, then Markdown (`.md`,
split into sections at `## ` headings) or plain text (`.txt`, split at headings underlined
with `===` or `---`). Header keys:

- `citation_id` (required): the id answers cite it by, resolved by the citations endpoint;
- `url`, `title`, `description`, `image`, `site_name`: its Open Graph data (empty = null);
- `file_id`, `filename`: for a source uploaded as a file, previewed at /api/v1/preview/{id}.

A PDF or DOCX document (`.pdf`, `.docx`) is the file itself, served as it is by the preview;
its header is the file beside it named `<file>.meta` (the same lines, no `---`). A PDF page
is a section headed by its first line; a DOCX section starts at each heading paragraph.
(`python -m tests.support.office_documents` wrote the shipped ones.)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from cgpt_tui.demo.office_files import docx_paragraphs, pdf_page_texts

CONTENT_TYPES = {
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
BINARY = (".pdf", ".docx")


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
    seed_file: str | None = None  # a shipped PDF/DOCX ("lumen/warranty.pdf"): its bytes

    @property
    def words(self) -> int:
        return len(self.text.split())

    def file_bytes(self) -> bytes:
        """What the preview serves: the shipped file itself, else the document's text."""
        if self.seed_file is None:
            return self.text.encode()
        return _documents_root().joinpath(*self.seed_file.split("/")).read_bytes()


def parse_document(raw: str, *, suffix: str = ".md") -> Document:
    header, separator, body = raw.partition("\n---\n")
    if not separator:
        raise ValueError("a demo document needs a header, then a line '---'")
    sections = markdown_sections(body) if suffix == ".md" else text_sections(body)
    return _document(_header(header), suffix, body.strip() + "\n", sections)


def _header(header: str) -> dict[str, str | None]:
    meta: dict[str, str | None] = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip() or None
    return meta


def _document(
    meta: dict[str, str | None],
    suffix: str,
    text: str,
    sections: list[Section],
    seed_file: str | None = None,
) -> Document:
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
        text=text,
        sections=tuple(sections),
        seed_file=seed_file,
    )


def binary_document(folder: str, entry: Traversable) -> Document:
    """A shipped PDF or DOCX document, its header read from `<file>.meta` beside it."""
    suffix = "." + entry.name.rsplit(".", 1)[-1]
    sidecar = _documents_root().joinpath(folder, entry.name + ".meta")
    meta = _header(sidecar.read_text(encoding="utf-8"))
    data = entry.read_bytes()
    if suffix == ".pdf":
        sections = [_page_section(text) for text in pdf_page_texts(data) if text.strip()]
    else:
        sections = docx_sections(docx_paragraphs(data))
    text = "\n\n".join(f"{s.heading}\n\n{s.body}".strip() for s in sections) + "\n"
    return _document(meta, suffix, text, sections, seed_file=f"{folder}/{entry.name}")


def _page_section(text: str) -> Section:
    """A PDF page: its first line the heading, the rest one paragraph per blank-line run."""
    heading, _, rest = text.strip().partition("\n")
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", rest))
    return Section(heading.strip(), "\n\n".join(p for p in paragraphs if p))


def docx_sections(paragraphs: list[tuple[bool, str]]) -> list[Section]:
    """A Word document's sections: each heading paragraph starts one (text before the first
    heading is a section without one); empty ones are left out."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for heading, text in paragraphs:
        if heading:
            sections.append((text, []))
        else:
            sections[-1][1].append(text)
    return [Section(h, "\n\n".join(body)) for h, body in sections if h or body]


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
    entries = sorted(
        (
            entry
            for entry in _documents_root().joinpath(folder).iterdir()
            if entry.name.endswith(tuple(CONTENT_TYPES))
        ),
        key=lambda entry: entry.name,
    )
    return tuple(
        binary_document(folder, entry)
        if entry.name.endswith(BINARY)
        else parse_document(
            entry.read_text(encoding="utf-8"), suffix="." + entry.name.split(".")[-1]
        )
        for entry in entries
    )


def _documents_root() -> Traversable:
    return resources.files("cgpt_tui.demo").joinpath("documents")
