"""The matching view of a text: what hashing and similarity see. Never written out.

The steps follow ../shared/ARABIC_NEWS_NOTES.md §2, in order: NFKC; Persian/Urdu letters to Arabic; drop
harakat and tatweel; fold alef forms to ا; ى→ي and ة→ه; ؤ ئ→ء; lowercase; every digit run → 0;
punctuation → space; split on white space; strip a leading و/ف conjunction from words of three or more
letters and drop a standalone و (clitic edits are the commonest change between republished copies).

Every step but NFKC and lowercasing maps one character to at most one, so after those two (str methods) the
rest runs in numpy over the text's code points (codepoints.py): a lookup table folds letters and marks harakat
for deletion, and word characters are those of the ``regex`` class ``[\\p{L}\\p{M}\\p{Nd}]``. A Python loop
per character or per word costs ten times as much, and this runs on every word of the corpus. The tests check
the result against the regular-expression definition these tables replace (tests/reference_normalize.py).

An ASCII word pattern would turn every Arabic document into the same empty token list, and everything would
match everything: word characters are Unicode letters, marks and digits.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import regex

from dedupe.codepoints import CODE_POINTS, char_class, decode, runs, shifted
from dedupe.codepoints import codes as points_of
from dedupe.hashing import mix64, ngram_sequence, unique_sorted
from dedupe.segment import Segment, units

# fmt: off
LETTER_FOLD = {
    # Persian and Urdu letters to their Arabic counterparts.
    "\u06cc": "\u064a", "\u06d0": "\u064a", "\u06cd": "\u064a",  # ی ې ۍ → ي
    "\u06a9": "\u0643", "\u06af": "\u0643",  # ک گ → ك
    "\u06a4": "\u0641",  # ڤ → ف
    "\u067e": "\u0628",  # پ → ب
    "\u06c0": "\u0647", "\u06d5": "\u0647",  # ۀ ە → ه
    # Alef forms (hamza above/below, madda, wasla) → bare alef.
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064a",  # ى → ي
    "\u0629": "\u0647",  # ة → ه
    "\u0624": "\u0621", "\u0626": "\u0621",  # ؤ ئ → ء
}
# fmt: on
# Harakat, Quranic marks, superscript alef and tatweel: dropped.
DIACRITICS = ((0x064B, 0x065F), (0x0610, 0x061A), (0x0670, 0x0670), (0x06D6, 0x06ED), (0x0640, 0x0640))
# Digits of any script to ASCII in the fact view, so ٢٠١٩ and 2019 are one number.
ASCII_DIGITS = {chr(c): str(unicodedata.digit(chr(c))) for c in (*range(0x660, 0x66A), *range(0x6F0, 0x6FA))}
# "3.324.641", "3,324,641", "3 324 641": one number. The first group has 1-3 digits, so "2015 100" stays two.
THOUSANDS_SEPARATOR = r"[ ,.\u066c]"
THOUSANDS_RE = regex.compile(rf"(?<!\d)\d{{1,3}}(?:{THOUSANDS_SEPARATOR}\d{{3}})+(?![\d.,\u066b]\d)")
# What a thousands match and the characters its look-ahead reads are made of.
NUMBER_CHAR = r"[\p{Nd} ,.\u066b\u066c]"
# A decimal comma (the tests' reference reads "(?<=\d)[,\u066b](?=\d)"): a comma between two digits.
_COMMA, _ARABIC_DECIMAL = np.uint32(ord(",")), np.uint32(0x066B)
WORD_CHAR = r"[\p{L}\p{M}\p{Nd}]"
DIGIT_CHAR = r"\p{Nd}"
CONJUNCTIONS = (0x0648, 0x0641)  # و ف
# What NFKC or lowercasing may change, lengthen, or join to its neighbour: an unstable character.
UNSTABLE_CHAR = r"[\p{NFKC_QC=No}\p{NFKC_QC=Maybe}\P{ccc=0}\u0130]"
WAW = 0x0648

_DELETE = np.uint32(0xFFFFFFFF)
_SPACE = np.uint32(0x20)
_ZERO = np.uint32(ord("0"))
_DOT = np.uint32(ord("."))


@cache
def _fold_table(fact: bool) -> np.ndarray:
    """Code point → folded code point, or _DELETE; ``fact`` also makes digits ASCII."""
    table = np.arange(CODE_POINTS, dtype=np.uint32)
    for source, target in (LETTER_FOLD | ASCII_DIGITS if fact else LETTER_FOLD).items():
        table[ord(source)] = ord(target)
    for first, last in DIACRITICS:
        table[first : last + 1] = _DELETE
    return table


# The second pass of the pipeline makes the matching views and the fact tokens of the same texts, a part of
# 256 documents (pipeline.PART_SIZE) at a time: each text is lowered once for both.
@lru_cache(maxsize=1024)
def _nfkc_lower(text: str) -> tuple[str, np.ndarray | None]:
    """NFKC then lowercase; and, when that moved offsets, the offset in ``text`` of each character of the result
    (None when every character kept its own). The most recent results are kept (never change them).

    A no-break space is the commonest reason a news text is not in NFKC already; NFKC makes it a plain space,
    one character for one, so it is replaced first. A text whose offsets move (a "…" becomes "...") is
    normalized piece by piece between white space: no step reaches across white space, which keeps its length,
    so a character of the result maps into the piece it came from, and a span that begins and ends at white
    space keeps its characters.
    """
    if "\xa0" in text:
        text = text.replace("\xa0", " ")
    if unicodedata.is_normalized("NFKC", text):
        lowered = text.lower()
        if len(lowered) == len(text):
            return lowered, None
    return _piecewise(text)


def _piecewise(text: str) -> tuple[str, np.ndarray]:
    """:func:`_nfkc_lower` of a text whose offsets move: each piece between white space that holds a character
    NFKC or lowercasing may change in length, or join to a neighbour, is normalized alone; the stretches between
    such pieces keep their length (white space included: NFKC makes any space one plain space)."""
    points = points_of(text)
    space = char_class(r"\s")[points]
    unstable = np.flatnonzero(char_class(UNSTABLE_CHAR)[points] & ~space)
    space = np.flatnonzero(space)
    after = unique_sorted(np.searchsorted(space, unstable))  # the white space after each piece with one
    starts = np.insert(space + 1, 0, 0)[after].tolist()
    ends = np.append(space, len(text))[after].tolist()
    pieces, positions, done = [], [], 0
    for start, end in zip(starts, ends, strict=True):
        piece = unicodedata.normalize("NFKC", text[start:end]).lower()
        pieces += (unicodedata.normalize("NFKC", text[done:start]).lower(), piece)
        positions += (np.arange(done, start), np.minimum(np.arange(start, start + len(piece)), end - 1))
        done = end
    pieces.append(unicodedata.normalize("NFKC", text[done:]).lower())
    positions.append(np.arange(done, len(text)))
    return "".join(pieces), np.concatenate(positions)


def _lowered(texts: Sequence[str]) -> tuple[str, np.ndarray, list[np.ndarray | None]]:
    """The texts after :func:`_nfkc_lower`, joined by newlines; where each begins in the joint string (one more
    entry: the end of the last, plus one); and each text's moved offsets (None where none moved). Neither step
    reaches across a newline (NFKC composes nothing with it, and it ends the context of a final sigma), so each
    text's part of the joint string is its own normal form."""
    pieces = [_nfkc_lower(text) for text in texts]
    starts = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum([len(lowered) + 1 for lowered, _ in pieces], out=starts[1:])
    return "\n".join(lowered for lowered, _ in pieces), starts, [moved for _, moved in pieces]


def _positions(starts: np.ndarray, moved: list[np.ndarray | None]) -> np.ndarray:
    """For each character of :func:`_lowered`'s joint string, its offset in its own text."""
    positions = np.arange(starts[-1], dtype=np.int64) - np.repeat(starts[:-1], np.diff(starts))
    for start, offsets in zip(starts.tolist(), moved, strict=False):
        if offsets is not None:
            positions[start : start + offsets.size] = offsets
    return positions


def _fold_codes(lowered: str, fact: bool) -> tuple[np.ndarray, np.ndarray]:
    """The folded code points of a lowered text (letters folded, harakat and tatweel dropped) and the offset of
    each in it. Lowercasing before folding is the same as after: it changes no Arabic letter or mark, and a
    dropped mark is case-ignorable, so no final sigma depends on it."""
    codes = _fold_table(fact)[points_of(lowered)]
    kept = codes != _DELETE
    return codes[kept], np.flatnonzero(kept)


@dataclass(frozen=True, slots=True)
class _Scan:
    """A text in the matching view: ``codes`` with every separator run one space; ``word`` marks the rest;
    ``offsets`` gives the offset of each code in the lowered text it came from."""

    codes: np.ndarray
    word: np.ndarray
    offsets: np.ndarray


def _matching_scan(lowered: str) -> _Scan:
    codes, offsets = _fold_codes(lowered, fact=False)
    digit = char_class(DIGIT_CHAR)[codes]
    first = ~(digit & shifted(digit, False, forward=True))  # digit runs keep their first digit, as 0
    codes, digit, offsets = codes[first], digit[first], offsets[first]
    codes = np.where(digit, _ZERO, codes)
    return _separated(codes, char_class(WORD_CHAR)[codes], offsets)


def _fact_scan(lowered: str) -> _Scan:
    codes, offsets = _fold_codes(lowered, fact=True)
    digit = char_class(DIGIT_CHAR)[codes]
    if digit.any():
        # Thousands separators go and decimal commas become points, both applied as masks so that offsets
        # survive. A separator inside a thousands match sits between two digits, so no decimal comma's
        # neighbours change when it goes.
        bounds = _thousands_spans(codes, digit)
        inside = np.zeros(codes.size + 1, dtype=np.int64)
        np.add.at(inside, bounds[:, 0], 1)
        np.add.at(inside, bounds[:, 1], -1)
        kept = ~((np.cumsum(inside[:-1]) > 0) & ~digit)
        # Decimal commas: a comma between two digits.
        comma = (codes == _COMMA) | (codes == _ARABIC_DECIMAL)
        decimals = np.flatnonzero(comma & shifted(digit, False, forward=True) & shifted(digit, False, forward=False))
        if decimals.size:
            codes = codes.copy()
            codes[decimals] = _DOT
        codes, offsets = codes[kept], offsets[kept]
        digit = char_class(DIGIT_CHAR)[codes]
    # A full stop stays only between two digits (a decimal point).
    point = (codes == _DOT) & shifted(digit, False, forward=True) & shifted(digit, False, forward=False)
    return _separated(codes, char_class(WORD_CHAR)[codes] | point, offsets)


def _thousands_spans(codes: np.ndarray, digit: np.ndarray) -> np.ndarray:
    """The spans of THOUSANDS_RE's matches in the text of ``codes`` (``digit``: which are digits), as rows.

    The pattern is asked only of the runs of number characters (:data:`NUMBER_CHAR`) that hold a separator
    between a digit and three more, which every match does: a run ends at characters that are neither digits
    nor in the look-ahead's class, so neither look-around reads differently inside a run than in the whole
    text, and only a scan of what may match is left to the pattern."""
    found = np.zeros(codes.size, dtype=bool)
    if codes.size >= 5:
        found[1:-3] = char_class(THOUSANDS_SEPARATOR)[codes[1:-3]] & digit[:-4] & digit[2:-2] & digit[3:-1] & digit[4:]
    if not found.any():
        return np.empty((0, 2), dtype=np.int64)
    starts, ends = runs(char_class(NUMBER_CHAR)[codes])
    holding = np.unique(np.searchsorted(starts, np.flatnonzero(found), side="right") - 1)
    spans = [
        (start + m.start(), start + m.end())
        for start, end in zip(starts[holding].tolist(), ends[holding].tolist(), strict=True)
        for m in THOUSANDS_RE.finditer(decode(codes[start:end]))
    ]
    return np.array(spans, dtype=np.int64).reshape(-1, 2)


def _separated(codes: np.ndarray, word: np.ndarray, offsets: np.ndarray) -> _Scan:
    """Each run of non-word characters made one space."""
    lone = word | shifted(word, True, forward=True)  # a separator right after a word character
    return _Scan(np.where(word, codes, _SPACE)[lone], word[lone], offsets[lone])


@dataclass(frozen=True, slots=True)
class _Tokens:
    """The tokens of a scan: their code points, separated by spaces, with the offset of each code point; and
    the offset of each token's first character."""

    points: np.ndarray
    point_offsets: np.ndarray
    starts: np.ndarray


def _tokenized(scan: _Scan) -> _Tokens:
    """The tokens of a scan without a standalone و, a leading و or ف dropped from words of three or more
    letters."""
    word = scan.word
    starts, ends = runs(word)
    lengths = ends - starts
    first = scan.codes[starts]
    conjunction = (first == CONJUNCTIONS[0]) | (first == CONJUNCTIONS[1])
    lone_waw = (lengths == 1) & (first == WAW)
    drop = np.zeros(scan.codes.size, dtype=bool)
    drop[starts[(lengths >= 3) & conjunction]] = True
    drop[starts[lone_waw]] = True
    return _Tokens(scan.codes[~drop], scan.offsets[~drop], scan.offsets[starts[~lone_waw]])


def _words(scan: _Scan) -> list[str]:
    return decode(_tokenized(scan).points).split()


_CHAR_SALT = np.uint64(0x2545F4914F6CDD1D)
_LENGTH_SALT = np.uint64(0x9E3779B97F4A7C15)


def _run_hashes(points: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each run of non-space code points: each (code point, position) pair mixed (SplitMix64),
    XORed over the run, mixed again with the run's length. The same in every process, no Python per token.

    The runs' XORs are differences of one running XOR over the whole array (the spaces' mixes zeroed), and each
    position counts from the last run start at or before it: whole-array passes, where a per-run reduction
    (``reduceat``) or the array of non-spaces alone would cost a pass with work per run or a copy."""
    inside = points != _SPACE
    starts, ends = runs(inside)
    if not starts.size:
        return np.empty(0, dtype=np.uint64)
    first = np.zeros(points.size, dtype=np.int64)
    first[starts] = starts
    position = np.arange(points.size, dtype=np.int64) - np.maximum.accumulate(first)  # spaces' are never used
    mixed = mix64((points.astype(np.uint64) << np.uint64(32) | position.view(np.uint64)) + _CHAR_SALT)
    mixed[~inside] = 0  # uint64 arithmetic above wraps around silently
    xored = np.bitwise_xor.accumulate(mixed)
    before = np.where(starts > 0, xored[starts - 1], np.uint64(0))
    return mix64(xored[ends - 1] ^ before ^ (ends - starts).astype(np.uint64) * _LENGTH_SALT)


def token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """The 64-bit hash of each token, as :class:`TokenHashes` and :class:`MatchingView` give them.

    >>> bool((token_hashes(["قال", "قال", "لاق"]) == token_hashes(["قال"])[0]).tolist() == [True, True, False])
    True
    """
    return _run_hashes(points_of(" ".join(tokens)))


class TokenHashes:
    """The token hashes of several texts, made in one numpy pass over all of them: over a single article,
    numpy's cost per call, not per element, is most of the time. ``of(k)`` gives text k's token hashes;
    ``grams(k, size)`` the hash of the ``size``-gram at each of its positions (:func:`hashing.ngram_sequence`)."""

    def __init__(self, hashes: np.ndarray, bounds: np.ndarray) -> None:
        self.hashes = hashes
        self.bounds = bounds.tolist()  # text k's tokens are hashes[bounds[k]:bounds[k + 1]]
        self._grams: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def of(self, k: int) -> np.ndarray:
        return self.hashes[self.bounds[k] : self.bounds[k + 1]]

    def all_grams(self, size: int) -> np.ndarray:
        """The n-gram at each position of all the texts' tokens in a row: those that cross from one text into
        the next are never read."""
        if size not in self._grams:
            self._grams[size] = ngram_sequence(self.hashes, size)
        return self._grams[size]

    def grams(self, k: int, size: int) -> np.ndarray:
        first, last = self.bounds[k], self.bounds[k + 1]
        return self.all_grams(size)[first : max(first, last - size + 1)]


def _tokens_of(
    texts: Sequence[str], fact: bool, offsets: bool = False
) -> tuple[_Tokens, np.ndarray, np.ndarray, np.ndarray | None]:
    """The tokens of ``texts`` in one pass; where each text begins in the joint lowered text (:func:`_lowered`);
    each text's first token (one more entry: the end); and, when ``offsets``, for each token the offset of its
    first character in its own text."""
    lowered, starts, moved = _lowered(texts)
    tokens = _tokenized(_fact_scan(lowered) if fact else _matching_scan(lowered))
    bounds = np.searchsorted(tokens.starts, starts)
    return tokens, starts, bounds, _positions(starts, moved)[tokens.starts] if offsets else None


def fact_tokens_and_hashes(texts: Sequence[str]) -> tuple[TokenHashes, list[list[str]]]:
    """The :func:`fact_tokens` of each text and their hashes (as :func:`token_hashes` gives them), made in one pass
    over all the texts.

    >>> hashes, tokens = fact_tokens_and_hashes(["قال ٣ مرات", "", "و3.324.641 ريالا"])
    >>> tokens, bool((hashes.of(0) == token_hashes(tokens[0])).all()), len(hashes.of(1))
    ([['قال', '3', 'مرات'], [], ['3324641', 'ريالا']], True, 0)
    """
    tokens, _, bounds, _ = _tokens_of(texts, fact=True)
    words = decode(tokens.points).split()
    hashes = TokenHashes(_run_hashes(tokens.points), bounds)
    return hashes, [words[first:last] for first, last in itertools.pairwise(hashes.bounds)]


def fact_hashes_and_numbers(texts: Sequence[str]) -> tuple[TokenHashes, list[tuple[list[int], list[str]]]]:
    """The hashes of each text's :func:`fact_tokens` (as :func:`fact_tokens_and_hashes` gives them) and, for each
    text, the position and spelling of every token that holds a digit (``\\d``, as ``verify.NUMBER_RE`` reads
    one): numbers are read from those alone, so no string is made for the other tokens.

    >>> hashes, numbers = fact_hashes_and_numbers(["قال ٣ مرات", "", "و3.324.641 ريالا"])
    >>> numbers, bool((hashes.of(2) == fact_tokens_and_hashes(["و3.324.641 ريالا"])[0].of(0)).all())
    ([([1], ['3']), ([], []), ([0], ['3324641'])], True)
    """
    tokens, _, bounds, _ = _tokens_of(texts, fact=True)
    hashes = TokenHashes(_run_hashes(tokens.points), bounds)
    starts, ends = runs(tokens.points != _SPACE)  # token k is the k-th run of non-space points
    digits = np.cumsum(char_class(r"\d")[tokens.points], dtype=np.int64)
    before = np.where(starts > 0, digits[np.maximum(starts - 1, 0)], 0)
    which = np.flatnonzero(digits[ends - 1] - before > 0) if starts.size else starts
    spelled = decode(tokens.points)
    found = [spelled[a:b] for a, b in zip(starts[which].tolist(), ends[which].tolist(), strict=True)]
    cuts = np.searchsorted(which, bounds).tolist()
    which_list = which.tolist()
    return hashes, [
        ([k - first for k in which_list[low:high]], found[low:high])
        for first, low, high in zip(hashes.bounds, cuts, cuts[1:], strict=False)
    ]


def _fold(text: str) -> str:
    """NFKC, Persian letters and alef forms folded, harakat and tatweel dropped, lowercase."""
    return decode(_fold_codes(_nfkc_lower(text)[0], fact=False)[0])


def matching_text(text: str) -> str:
    """The normalized string before tokenization (letters folded, digits to 0, punctuation to spaces).

    >>> matching_text("إلى المستشفى، في ٢٠١٩!")
    'الي المستشفي في 0 '
    """
    return decode(_matching_scan(_nfkc_lower(text)[0]).codes)


def fact_tokens(text: str) -> list[str]:
    """The matching view with numbers kept as values: what near-duplicate detection compares.

    Two copies of a release agree on their figures; two items of one template ("44 arrested" against
    "19 arrested") differ exactly there, so numbers stay, with digits of every script made ASCII and
    thousands separators dropped.

    >>> fact_tokens("ضبط ٤٤ عنصرا و3.324.641 ريالا، بنسبة 0,31%")
    ['ضبط', '44', 'عنصرا', '3324641', 'ريالا', 'بنسبه', '0.31']
    """
    return _words(_fact_scan(_nfkc_lower(text)[0]))


def matching_tokens(text: str) -> list[str]:
    """The tokens of the matching view.

    >>> matching_tokens("وقالَ الرئيسُ: و «أكّد» ٣ مرات")
    ['قال', 'الرءيس', 'اكد', '0', 'مرات']
    """
    return _words(_matching_scan(_nfkc_lower(text)[0]))


@lru_cache(maxsize=4)
def matching_view(text: str) -> MatchingView:
    """The :class:`MatchingView` of ``text``; the few most recent are kept."""
    return matching_views([text])[0]


def matching_views(texts: Sequence[str]) -> list[MatchingView]:
    """The :class:`MatchingView` of each text, made in one pass over all of them."""
    tokens, starts, bounds, offsets = _tokens_of(texts, fact=False, offsets=True)
    hashes = TokenHashes(_run_hashes(tokens.points), bounds)
    point_bounds = np.searchsorted(tokens.point_offsets, starts).tolist()
    spelled = _Spelled(tokens.points)
    return [
        MatchingView(
            text,
            hashes,
            k,
            tokens.points[point_bounds[k] : point_bounds[k + 1]],
            offsets[hashes.bounds[k] : hashes.bounds[k + 1]],
            spelled,
        )
        for k, text in enumerate(texts)
    ]


class _Spelled:
    """The code points of a batch's tokens (separated by spaces) as one string, a character each, and where each
    token (a run of non-space points, in the order of the batch's hashes) starts and ends in it; made when first
    asked for, once for all the batch's views."""

    def __init__(self, points: np.ndarray) -> None:
        self._points = points
        self._made: tuple[str, list[int], list[int]] | None = None

    def get(self) -> tuple[str, list[int], list[int]]:
        if self._made is None:
            starts, ends = runs(self._points != _SPACE)
            self._made = decode(self._points), starts.tolist(), ends.tolist()
        return self._made


def matching_span_tokens(texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> list[list[list[str]]]:
    """For each text, the matching tokens of each of its ``spans`` (as :meth:`MatchingView.tokens` gives them), in
    one pass over all the texts and no hashes.

    >>> matching_span_tokens(["قالَ الوزير.\\nوأكّد ٣ مرات", "نص"], [[(13, 25), (0, 12)], []])
    [[['اكد', '0', 'مرات'], ['قال', 'الوزير']], []]
    """
    tokens, _, bounds, offsets = _tokens_of(texts, fact=False, offsets=True)
    words = decode(tokens.points).split()
    # Tokens and span ends ordered by (text, offset) as one 64-bit key: a search for all the spans at once.
    text_of = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(bounds))
    token_keys = text_of << 32 | offsets
    counts = [len(text_spans) for text_spans in spans]
    ends = np.array([end for text_spans in spans for end in text_spans], dtype=np.int64).reshape(-1, 2)
    span_keys = np.repeat(np.arange(len(texts), dtype=np.int64), counts)[:, None] << 32 | ends
    firsts, lasts = np.searchsorted(token_keys, span_keys).T.tolist() if ends.size else ([], [])
    found = iter([words[first:last] for first, last in zip(firsts, lasts, strict=True)])
    return [[next(found) for _ in range(count)] for count in counts]


class Layout:
    """Token hashes of several spans of a text: span k's tokens hash to ``hashes[firsts[k]:lasts[k]]``, and
    ``grams(size)`` gives the n-gram at each position of ``hashes`` (only those inside a span mean anything)."""

    __slots__ = ("hashes", "firsts", "lasts", "_tokens")

    def __init__(self, tokens: TokenHashes, firsts: list[int], lasts: list[int]) -> None:
        self.hashes, self.firsts, self.lasts, self._tokens = tokens.hashes, firsts, lasts, tokens

    def grams(self, size: int) -> np.ndarray:
        return self._tokens.all_grams(size)


class MatchingView:
    """The matching tokens of a whole text, looked up by span: one pass for all of a document's paragraphs
    (made by :func:`matching_view`, or :func:`matching_views` for several texts at once).

    ``tokens(start, end)`` equals ``matching_tokens(text[start:end])`` for a span that starts and ends next to
    white space or the text's ends (paragraphs and sentences do), since no token crosses white space;
    ``hashes(start, end)`` equals ``token_hashes`` of those tokens.

    >>> view = matching_view("قالَ الوزير.\\nوأكّد ٣ مرات")
    >>> view.tokens(0, 12), view.tokens(13, 25)
    (['قال', 'الوزير'], ['اكد', '0', 'مرات'])
    >>> bool((view.hashes(13, 25) == token_hashes(["اكد", "0", "مرات"])).all())
    True
    """

    def __init__(
        self, text: str, batch: TokenHashes, index: int, points: np.ndarray, offsets: np.ndarray, spelled: _Spelled
    ) -> None:
        # Text ``index`` of ``batch``, with its tokens' code points (separated by spaces), the offset in ``text``
        # of each token's first character, and the batch's tokens spelled out.
        self.text = text
        self._batch, self._index, self._first = batch, index, batch.bounds[index]
        self._points, self._offsets, self._spelled = points, offsets, spelled
        self._tokens: list[str] | None = None
        self._units: tuple[list[Segment], Layout] | None = None

    def _range(self, start: int, end: int) -> tuple[int, int]:
        first, last = np.searchsorted(self._offsets, (start, end))
        return int(first), int(last)

    def tokens(self, start: int, end: int) -> list[str]:
        if self._tokens is None:
            self._tokens = decode(self._points).split()
        first, last = self._range(start, end)
        return self._tokens[first:last]

    def hashes(self, start: int, end: int) -> np.ndarray:
        first, last = self._range(start, end)
        return self._batch.of(self._index)[first:last]

    def units(self) -> tuple[list[Segment], Layout]:
        """The text's units (:func:`dedupe.segment.units`: what repeats and paragraph signatures look at) and
        their :meth:`layout`, made once for the view. Read them; do not change them."""
        if self._units is None:
            segments = units(self.text)
            self._units = segments, self.layout([(unit.start, unit.end) for unit in segments])
        return self._units

    def unit_texts(self, indices: Sequence[int]) -> list[str]:
        """The matching text of units ``indices`` (of :meth:`units`): their tokens joined by single spaces, as
        ``" ".join(self.tokens(unit.start, unit.end))`` gives it, cut from the batch's tokens spelled out."""
        _, layout = self.units()
        points, starts, ends = self._spelled.get()
        texts = []
        for index in indices:
            first, last = layout.firsts[index], layout.lasts[index]  # token positions in the batch
            if last <= first:
                texts.append("")
                continue
            text = points[starts[first] : ends[last - 1]]
            texts.append(" ".join(text.split()) if "  " in text else text)  # a dropped lone و leaves two spaces
        return texts

    def layout(self, spans: Sequence[tuple[int, int]]) -> Layout:
        """Token hashes for several spans at once. The spans must be in order and not overlap.

        >>> layout = matching_view("قال الوزير.\\nوأكد ٣ مرات").layout([(0, 11), (12, 23)])
        >>> [layout.lasts[k] - layout.firsts[k] for k in range(2)]
        [2, 3]
        """
        bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
        return Layout(
            self._batch,
            (np.searchsorted(self._offsets, bounds[:, 0]) + self._first).tolist(),
            (np.searchsorted(self._offsets, bounds[:, 1]) + self._first).tolist(),
        )
