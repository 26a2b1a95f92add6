"""The matching view (normalize.py) and segmentation (segment.py)."""

from __future__ import annotations

import unicodedata

import pytest
import reference_normalize as reference
import regex
from hypothesis import given
from hypothesis import strategies as st

from dedupe import normalize
from dedupe.hashing import ngram_sequence
from dedupe.normalize import (
    fact_tokens,
    fact_tokens_and_hashes,
    matching_span_tokens,
    matching_text,
    matching_tokens,
    matching_views,
    token_hashes,
)
from dedupe.segment import sentences, units

# Pairs of spellings that the matching view must make equal (ARABIC_NEWS_NOTES.md §2).
SAME = [
    ("أحمد إلى آخر", "احمد الي اخر"),
    ("في المستشفى", "فى المستشفي"),
    ("المدرسة", "المدرسه"),
    ("مسؤول رئيس", "مسءول رءيس"),
    ("مُحَمَّدٌ", "محمد"),
    ("الإسلامــية", "الاسلامية"),
    ("المیادین نت فی تقریر", "الميادين نت في تقرير"),
    ("عام ٢٠١٩ و 2020 و ۱۳۹۸", "عام 1 و 2 و 3"),
    ("«قال»، ثم؛ سأل؟", "قال ثم سأل"),
    ("وقال الوزير", "قال الوزير"),
    ("فقال الوزير", "قال الوزير"),
    ("Reuters AFP", "reuters afp"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_matching_view_folds_spelling_variants(a: str, b: str) -> None:
    assert matching_tokens(a) == matching_tokens(b)


def test_matching_view_keeps_arabic_words() -> None:
    # An ASCII word pattern would give [] here, and every Arabic document would match every other.
    assert len(matching_tokens("عرقلت روسيا بيانا من مجلس الأمن")) == 6
    assert matching_tokens("عرقلت روسيا") != matching_tokens("دعت الولايات")


@given(st.text())
def test_matching_text_is_idempotent(text: str) -> None:
    once = matching_text(text)
    assert matching_text(once) == once


def test_units_are_sentences_in_a_one_line_document() -> None:
    text = "الجملة الأولى هنا. الجملة الثانية هنا؟ وآخر جملة"
    assert [u.text for u in units(text)] == ["الجملة الأولى هنا.", "الجملة الثانية هنا؟", "وآخر جملة"]
    assert all(text[u.start : u.end] == u.text for u in units(text))


def test_units_are_lines_in_a_multi_line_document() -> None:
    text = "سطر أول. فيه جملتان.\n\nسطر ثان"
    assert [u.text for u in units(text)] == ["سطر أول. فيه جملتان.", "سطر ثان"]


def test_ellipsis_in_a_headline_is_a_break_but_decimal_is_not() -> None:
    assert [s.text for s in sentences("نما الاقتصاد 3.5 بالمئة.. وارتفعت الأسعار")] == [
        "نما الاقتصاد 3.5 بالمئة..",
        "وارتفعت الأسعار",
    ]


# Text the matching view must treat as the regular-expression definition does: Arabic letters, harakat and
# tatweel, Persian letters, digits of three scripts with separators, Greek sigmas and Turkish İ (lowercasing
# that depends on context or changes length), compatibility characters (NFKC), white space of every kind.
TRICKY = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    "أإآٱىةؤئ"
    "\u064b\u064e\u0650\u0651\u0652\u0670\u0640\u0615"
    "یکگپڤۀە"
    "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
    ".,٫٬،؛؟!:«»()\"'-…"
    "ΣσςİIiAbC"
    "\ufb50\ufefb\u2026\u00bd\ufb01\u00a0\u2028\u3000"
    " \n\t\r"
    "وف"
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=80) | st.text(max_size=40)


@given(tricky_text)
def test_the_matching_view_equals_its_regular_expression_definition(text: str) -> None:
    assert matching_text(text) == reference.matching_text(text)
    assert matching_tokens(text) == reference.matching_tokens(text)
    assert fact_tokens(text) == reference.fact_tokens(text)
    assert normalize._fold(text) == reference._fold(text)


@given(st.text(alphabet="0123456789\u0663 ,.\u066b\u066ca\n", max_size=60))
def test_numbers_in_the_fact_view_equal_their_regular_expression_definition(text: str) -> None:
    """Thousands and decimal separators are found by masks and in the number runs alone: the same as the
    reference's patterns over the whole text."""
    assert fact_tokens(text) == reference.fact_tokens(text)


@given(tricky_text)
def test_text_whose_offsets_move_is_normalized_as_a_whole(text: str) -> None:
    lowered, moved = normalize._nfkc_lower(text)
    assert lowered == unicodedata.normalize("NFKC", text).lower()
    if moved is None:
        assert len(lowered) == len(text)
    else:  # in order, and the text's white space kept in place: a span between white space keeps its characters
        assert moved.size == len(lowered)
        assert (moved[1:] >= moved[:-1]).all()
        space = regex.compile(r"\s")  # white space as Unicode defines it (str.isspace adds \x1c-\x1f)
        assert all(space.match(lowered[i]) for i, at in enumerate(moved.tolist()) if space.match(text[at]))


@given(st.lists(st.lists(tricky_text, max_size=6), max_size=4), st.sampled_from(["\n", "\n\n", " "]))
def test_views_made_together_equal_each_spans_own(documents: list[list[str]], glue: str) -> None:
    texts = [glue.join(parts) for parts in documents]
    for text, view in zip(texts, matching_views(texts), strict=True):
        for unit in units(text):
            assert view.tokens(unit.start, unit.end) == reference.matching_tokens(unit.text)
            assert view.hashes(unit.start, unit.end).tolist() == token_hashes(matching_tokens(unit.text)).tolist()
        segments, _ = view.units()
        assert segments == units(text)
        # Stage 5's matching texts, written in pass two: each unit's tokens joined by single spaces.
        assert view.unit_texts(range(len(segments))) == [" ".join(reference.matching_tokens(u.text)) for u in segments]


@given(st.lists(st.lists(tricky_text, max_size=6), max_size=4), st.sampled_from(["\n", "\n\n", " "]), st.randoms())
def test_span_tokens_made_together_equal_each_spans_own(documents: list[list[str]], glue: str, rng) -> None:
    texts = [glue.join(parts) for parts in documents]
    spans = [[(u.start, u.end) for u in units(text)] for text in texts]
    for text_spans in spans:
        rng.shuffle(text_spans)  # any order, as a caller may ask
    found = matching_span_tokens(texts, spans)
    assert [len(tokens) for tokens in found] == [len(text_spans) for text_spans in spans]
    for text, text_spans, tokens in zip(texts, spans, found, strict=True):
        assert tokens == [reference.matching_tokens(text[start:end]) for start, end in text_spans]


@given(st.lists(tricky_text, max_size=5), st.integers(1, 4))
def test_fact_hashes_made_together_equal_each_texts_own(texts: list[str], size: int) -> None:
    hashes, tokens = fact_tokens_and_hashes(texts)
    assert len(hashes) == len(texts)
    for k, text in enumerate(texts):
        assert tokens[k] == reference.fact_tokens(text)
        own = token_hashes(reference.fact_tokens(text))
        assert hashes.of(k).tolist() == own.tolist()
        assert hashes.grams(k, size).tolist() == ngram_sequence(own, size).tolist()


def test_a_layouts_spans_and_grams_are_the_texts_own(samples: dict[str, str]) -> None:
    texts = list(samples.values())
    for text, view in zip(texts, matching_views(texts), strict=True):
        spans = [(u.start, u.end) for u in units(text)]
        layout = view.layout(spans)
        grams = layout.grams(3)
        for (start, end), first, last in zip(spans, layout.firsts, layout.lasts, strict=True):
            own = token_hashes(reference.matching_tokens(text[start:end]))
            assert layout.hashes[first:last].tolist() == own.tolist()
            assert grams[first : max(first, last - 2)].tolist() == ngram_sequence(own, 3).tolist()


def test_the_matching_view_equals_its_definition_on_the_samples(samples: dict[str, str]) -> None:
    texts = list(samples.values())
    for text, view in zip(texts, matching_views(texts), strict=True):
        assert fact_tokens(text) == reference.fact_tokens(text)
        assert [view.tokens(u.start, u.end) for u in units(text)] == [
            reference.matching_tokens(u.text) for u in units(text)
        ]


@given(st.lists(tricky_text | st.text(alphabet="0123456789٣.,٬٫ ab", max_size=30), max_size=5))
def test_numbers_read_from_the_digit_tokens_alone_are_those_of_all_the_tokens(texts: list[str]) -> None:
    """Pass 2 makes a string only for the fact tokens that hold a digit (normalize.fact_hashes_and_numbers): the
    facts stage 4 checks numbers on are those made from every token."""
    from dedupe.normalize import fact_hashes_and_numbers
    from dedupe.verify import Facts

    hashes, tokens = fact_tokens_and_hashes(texts)
    same_hashes, numbers = fact_hashes_and_numbers(texts)
    assert same_hashes.bounds == hashes.bounds and (same_hashes.hashes == hashes.hashes).all()
    for k in range(len(texts)):
        whole, sparse = Facts.of(hashes.of(k), tokens[k]), Facts.of_numbers(hashes.of(k), *numbers[k])
        assert whole.positions.tolist() == sparse.positions.tolist()
        assert whole.values.tolist() == sparse.values.tolist()
        assert all(tokens[k][p] == t for p, t in zip(*numbers[k], strict=True))


def _token_hash(token: str) -> int:
    """A token's hash as its definition reads, one token at a time (normalize._run_hashes makes them all in
    whole-array passes)."""
    import numpy as np

    from dedupe.hashing import mix64

    points = np.array([ord(c) for c in token], dtype=np.uint64)
    places = np.arange(len(token), dtype=np.uint64)
    xored = np.bitwise_xor.reduce(mix64((points << np.uint64(32) | places) + normalize._CHAR_SALT))
    length = np.array([len(token)], dtype=np.uint64)  # arrays: uint64 arithmetic wraps around silently
    return int(mix64(xored ^ length * normalize._LENGTH_SALT)[0])


@given(st.lists(st.text(alphabet="ab\u0628\u0629\U0001f600", min_size=1, max_size=40), max_size=30))
def test_token_hashes_are_each_tokens_own_hash(tokens: list[str]) -> None:
    assert token_hashes(tokens).tolist() == [_token_hash(token) for token in tokens]


def test_token_hashes_of_the_samples_are_each_tokens_own_hash(samples: dict[str, str]) -> None:
    for text in samples.values():
        tokens = matching_tokens(text)
        assert token_hashes(tokens).tolist() == [_token_hash(token) for token in tokens]
