"""A text as a numpy array of code points, and per-code-point tables built from ``regex`` character classes.

Scanning a text character by character for a class is slow in Python and not fast in a regular-expression
engine either (tens of nanoseconds a character); a table lookup over the code point array costs one or two.
Tables are built once per process from the ``regex`` module itself, so they agree with its Unicode version.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import regex

CODE_POINTS = 0x110000


def codes(text: str) -> np.ndarray:
    """The code points of ``text`` (lone surrogates included) as uint32.

    >>> codes("aب").tolist()
    [97, 1576]
    """
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def decode(points: np.ndarray) -> str:
    """The text of a uint32 code point array (the inverse of :func:`codes`)."""
    return points.astype(np.uint32, copy=False).tobytes().decode("utf-32-le", "surrogatepass")


@cache
def char_class(pattern: str) -> np.ndarray:
    """Whether each code point matches ``pattern``, one ``regex`` character class such as ``[\\p{L}\\p{Nd}]``.

    >>> members = char_class(r"\\p{Nd}")
    >>> bool(members[ord("٣")]), bool(members[ord("a")])
    (True, False)
    """
    every = np.arange(CODE_POINTS, dtype=np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    member = np.zeros(CODE_POINTS, dtype=bool)
    for match in regex.finditer(pattern + "+", every):
        member[match.start() : match.end()] = True
    return member


def shifted(mask: np.ndarray, fill: bool, forward: bool) -> np.ndarray:
    """``mask`` moved one place: each position sees its previous (``forward``) or next neighbour's value, and
    ``fill`` where there is none.

    >>> shifted(np.array([True, False]), False, forward=True).tolist()
    [False, True]
    """
    out = np.empty_like(mask)
    if mask.size:
        if forward:
            out[0], out[1:] = fill, mask[:-1]
        else:
            out[-1], out[:-1] = fill, mask[1:]
    return out


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) of each run of true values of ``mask``: the words, given a word-character mask.

    >>> [x.tolist() for x in runs(np.array([False, True, True, False, True]))]
    [[1, 4], [3, 5]]
    """
    starts = np.flatnonzero(mask & ~shifted(mask, False, forward=True))
    return starts, np.flatnonzero(mask & ~shifted(mask, False, forward=False)) + 1


class ClassScan:
    """Which of several character classes occur in a text, found in one pass.

    >>> scan = ClassScan([r"[\\u0640]", r"[\\u200b\\u200e]"])
    >>> scan.present("نصـــ\\u200e"), scan.present("نص")
    ((True, True), (False, False))
    """

    def __init__(self, patterns: Sequence[str]) -> None:
        if len(patterns) > 32:
            raise ValueError("ClassScan takes at most 32 classes")
        self.patterns = tuple(patterns)
        self._table: np.ndarray | None = None

    def _bits(self) -> np.ndarray:
        if self._table is None:
            table = np.zeros(CODE_POINTS, dtype=np.uint32)
            for bit, pattern in enumerate(self.patterns):
                table[char_class(pattern)] |= np.uint32(1 << bit)
            self._table = table
        return self._table

    def present(self, text: str) -> tuple[bool, ...]:
        """For each class, whether ``text`` has a character of it."""
        found = int(np.bitwise_or.reduce(self._bits()[codes(text)])) if text else 0
        return tuple(bool(found >> bit & 1) for bit in range(len(self.patterns)))
