"""Records that travel between stages. All are frozen and slotted; change them with dataclasses.replace."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def by_fields(record: Any) -> tuple[type, tuple]:
    """``__reduce__`` for a frozen, slotted dataclass: pickled as its class and its field values in order, three
    times faster to write than the state that dataclasses give such a class (the records that cross processes
    and wait on disk a million at a time use it)."""
    return type(record), tuple(getattr(record, name) for name in record.__slots__)


def packed_text(text: str) -> str | bytes:
    """A long text as a pickle should carry it: UTF-16 bytes, which take a third to a half as long to write and
    read back as pickle's own UTF-8 for Arabic (a tenth more bytes); the text itself where it holds a lone
    surrogate, which UTF-16 cannot carry unchanged. :func:`unpacked_text` reverses it.

    >>> [unpacked_text(packed_text(t)) == t for t in ("قال", "a\\ud83d", "")], type(packed_text("a\\ud83d"))
    ([True, True, True], <class 'str'>)
    """
    try:
        return text.encode("utf-16-le")
    except UnicodeEncodeError:
        return text


def unpacked_text(packed: str | bytes) -> str:
    return packed if isinstance(packed, str) else packed.decode("utf-16-le")


def _document(id: str, text: str | bytes, fields: Mapping[str, Any], origin: str) -> Document:
    return Document(id, unpacked_text(text), fields, origin)


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

    def __reduce__(self) -> tuple[Any, tuple]:
        return _document, (self.id, packed_text(self.text), self.fields, self.origin)


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of text taken out of a document.

    ``start`` and ``end`` are character offsets in the document's original input text, and ``text`` is
    exactly ``original[start:end]``, so every removal can be shown and undone. A ``moved`` removal took a
    byline or dateline into the document's ``bylines`` metadata rather than deleting it.
    """

    rule: str
    start: int
    end: int
    text: str
    moved: bool = False

    __reduce__ = by_fields


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The output text of a document and everything that was done to get it.

    ``repairs`` counts the encoding and layout repairs by kind (they change characters, never words).
    ``bylines`` holds the text of the moved removals, repaired, in order. ``withheld`` holds the removals the
    guard did not apply because together they would have cut too much of the document (``removals`` is then
    empty and ``text`` is only repaired).
    """

    text: str
    removals: tuple[Removal, ...] = ()
    repairs: Mapping[str, int] = field(default_factory=dict)
    bylines: tuple[str, ...] = ()
    withheld: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class PairScores:
    """The evidence computed for one candidate pair of documents (see verify.py) and the relation it gives:
    ``duplicate``, ``contained`` (the document with fewer rare shingles inside the other) or ``distinct``."""

    a: str
    b: str
    jaccard: float
    containment: float
    coverage: float
    shared: int
    number_conflicts: int
    relation: str

    def as_dict(self) -> dict[str, Any]:
        """The scores as written to duplicates.jsonl and report.json."""
        return {
            "containment": round(self.containment, 4),
            "coverage": round(self.coverage, 4),
            "jaccard": round(self.jaccard, 4),
            "number_conflicts": self.number_conflicts,
            "shared": self.shared,
        }


@dataclass(frozen=True, slots=True)
class Cluster:
    """A kept document and the documents dropped with it. ``members[i]`` was verified against ``matched[i]``
    (its parent on a path of verified pairs to the kept document) with scores ``pairs[i]``."""

    kept: str
    members: tuple[str, ...]
    pairs: tuple[PairScores, ...]
    matched: tuple[str, ...] = ()


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
    """A paragraph that occurs (near-)verbatim in several kept documents: the first occurrence, the others, and
    the edit similarity of each other occurrence to the first."""

    first: Paragraph
    others: tuple[Paragraph, ...]
    ratios: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class Containment:
    """A document most of whose rare text sits inside a longer one that adds much of its own, and whether it
    was dropped (``near_duplicates.drop_contained``)."""

    id: str
    contained_in: str
    scores: PairScores
    dropped: bool = False


@dataclass(frozen=True, slots=True)
class Rejection:
    """A document that could not be processed, and why."""

    document: Document
    reason: str
