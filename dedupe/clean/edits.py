"""Text that remembers where each of its characters came from.

Repairs and removals both rewrite the text; the report must still point into the document as it was read.
:class:`EditedText` carries the current text with a piecewise map back to the original: runs of characters
that map one-to-one are stored as (start in text, start in original) anchors, so an untouched document costs
one anchor whatever its length.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dedupe.records import packed_text, unpacked_text

Edit = tuple[int, int, str]  # (start, end, replacement) in the current text


@dataclass(frozen=True, slots=True)
class EditedText:
    text: str
    original: str
    starts: tuple[int, ...] = (0,)
    origins: tuple[int, ...] = (0,)

    def __reduce__(self) -> tuple[Any, tuple]:
        # The texts travel as UTF-16 (records.packed_text); an unedited text's original is the text itself.
        original = None if self.original is self.text else packed_text(self.original)
        return _edited_text, (packed_text(self.text), original, self.starts, self.origins)

    @classmethod
    def of(cls, text: str) -> EditedText:
        """The unedited text.

        >>> EditedText.of("abc").origin(2)
        2
        """
        return cls(text, text)

    def origin(self, position: int) -> int:
        """Offset in the original of the character at ``position``; the end of the text maps to the end.

        >>> e = EditedText.of("a\\u200bb").replace([(1, 2, "")])
        >>> e.text, e.origin(1), e.origin(2)
        ('ab', 2, 3)
        """
        if position >= len(self.text):
            return len(self.original)
        k = bisect_right(self.starts, position) - 1
        return self.origins[k] + position - self.starts[k]

    def replace(self, edits: Iterable[Edit]) -> EditedText:
        """Apply sorted, non-overlapping edits; the result still maps to the same original.

        >>> e = EditedText.of("x  yz").replace([(1, 3, " "), (4, 5, "")])
        >>> e.text, [e.origin(i) for i in range(3)]
        ('x y', [0, 1, 3])
        """
        pieces: list[str] = []
        starts: list[int] = []
        origins: list[int] = []

        def anchor(out: int, orig: int) -> None:
            # Skip anchors that merely continue the previous run.
            if starts and orig - origins[-1] == out - starts[-1]:
                return
            starts.append(out)
            origins.append(orig)

        def keep(begin: int, end: int, out: int) -> None:
            anchor(out, self.origin(begin))
            k = bisect_right(self.starts, begin)
            while k < len(self.starts) and self.starts[k] < end:
                anchor(out + self.starts[k] - begin, self.origins[k])
                k += 1

        out = 0
        position = 0
        for start, end, replacement in edits:
            if start < position:
                raise ValueError(f"edits overlap or are unsorted at {start}")
            if start > position:
                keep(position, start, out)
                pieces.append(self.text[position:start])
                out += start - position
            if replacement:
                if len(replacement) == end - start:
                    keep(start, end, out)
                else:
                    # Each new character maps to the old character at the same place, or the last one.
                    for k in range(len(replacement)):
                        anchor(out + k, self.origin(min(start + k, max(start, end - 1))))
                pieces.append(replacement)
                out += len(replacement)
            position = end
        if position < len(self.text):
            keep(position, len(self.text), out)
            pieces.append(self.text[position:])
        if not starts:
            starts, origins = [0], [len(self.original)]
        return EditedText("".join(pieces), self.original, tuple(starts), tuple(origins))

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the current text to the original (characters repairs deleted inside it included).

        A span that reaches the end of the text ends after its last character's origin (and the combining
        marks after it), not at the end of the original: what follows there may be text an earlier step
        removed, which must not be claimed twice, or white space the ``ends`` repair trimmed.

        >>> e = EditedText.of("ab\\ncd ").replace([(2, 6, "")])
        >>> e.text, e.span_in_original(1, 2)
        ('ab', (1, 2))
        """
        if end < len(self.text):
            return self.origin(start), self.origin(end)
        if end <= start:
            return len(self.original), len(self.original)
        stop = self.origin(end - 1) + 1
        while stop < len(self.original) and unicodedata.combining(self.original[stop]):
            stop += 1
        return self.origin(start), stop


def _edited_text(
    text: str | bytes, original: str | bytes | None, starts: tuple[int, ...], origins: tuple[int, ...]
) -> EditedText:
    text = unpacked_text(text)
    return EditedText(text, text if original is None else unpacked_text(original), starts, origins)
