"""Records that travel between stages. All are frozen and slotted; change them with dataclasses.replace."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Document:
    """One input document.

    ``fields`` holds every input field other than the id and the text; they pass through to the output.
    ``origin`` says where the document came from (``path:line`` or a file path), for messages and the report.
    """

    id: str
    text: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    origin: str = ""


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of text taken out of a document.

    ``start`` and ``end`` are character offsets in the document's original input text, and ``text`` is
    exactly ``original[start:end]``, so every removal can be shown and undone.
    """

    rule: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The output text of a document and everything that was done to get it.

    ``repairs`` counts the encoding and layout repairs by kind (they change characters, never words).
    """

    text: str
    removals: tuple[Removal, ...] = ()
    repairs: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PairScores:
    """The evidence computed for one candidate pair of documents (or paragraphs)."""

    a: str
    b: str
    jaccard: float
    containment: float
    ratio: float
    duplicate: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "containment": round(self.containment, 4),
            "duplicate": self.duplicate,
            "jaccard": round(self.jaccard, 4),
            "ratio": round(self.ratio, 4),
        }


@dataclass(frozen=True, slots=True)
class Cluster:
    """A kept document and the documents dropped as its duplicates, each verified against the kept one."""

    kept: str
    members: tuple[str, ...]
    pairs: tuple[PairScores, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph (or sentence) of a document: its index among the document's segments and its span."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class RepeatedParagraph:
    """A paragraph that occurs (near-)verbatim in several kept documents: the first occurrence and the others."""

    first: Paragraph
    others: tuple[Paragraph, ...]
    scores: tuple[PairScores, ...]


@dataclass(frozen=True, slots=True)
class Rejection:
    """A document that could not be processed, and why."""

    document: Document
    reason: str
