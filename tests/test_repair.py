"""Encoding and layout repairs of the output text, and the map from edited text back to the input."""

from __future__ import annotations

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

from dedupe import clean_text
from dedupe.clean import repair
from dedupe.clean.edits import EditedText
from dedupe.clean.repair import repair_text
from dedupe.segment import paragraphs

REPAIRS = [
    # (input, output, repair counted)
    (
        "وأفادت المیادین نت فی تقریر الوفد الروسي",
        "وأفادت الميادين نت في تقرير الوفد الروسي",
        "persian_letters",
    ),
    ("الإسلامــــية", "الإسلامية", "tatweel"),
    ("a\u200bb\u200fc\ufeffd", "abcd", "invisible"),
    ("مجلس\u00a0الأمن", "مجلس الأمن", "spaces"),
    ("قرارٍ\u00a0 يدعو", "قرارٍ يدعو", "spaces"),
    ("سطر\r\nسطر", "سطر\nسطر", "line_breaks"),
    ("أ\n\n\n\nب", "أ\n\nب", "blank_lines"),
    ("أ  \n  ب", "أ\nب", "blank_lines"),
    ("\ufefb", "\u0644\u0627", "presentation_forms"),
    ("e\u0301", "\u00e9", "nfc"),
    ("  نص  ", "نص", "ends"),
]

UNCHANGED = [
    "أإآ ى ي ة ه",  # hamza/alef, alef maqsura and ta marbuta are spelling, not encoding
    "مُحَمَّدٌ",  # diacritics stay
    'طالبت روسيا بـ"تعديل" صيغة البيان',  # tatweel after a proclitic before a quote stays
    "پژوهشگران ایرانی",  # a Persian word keeps its letters
    "می\u200cخواهم",  # ZWNJ is Persian spelling
    "دانشگاه تهران در ایران",  # Persian: no Arabic-only letter
]


@pytest.mark.parametrize(("text", "expected", "repair"), REPAIRS)
def test_repair(text: str, expected: str, repair: str) -> None:
    repaired, counts = repair_text(EditedText.of(text))
    assert repaired.text == expected
    assert repair in counts


@pytest.mark.parametrize("text", UNCHANGED)
def test_repairs_leave_orthography_alone(text: str) -> None:
    repaired, counts = repair_text(EditedText.of(text))
    assert repaired.text == text and counts == {}


def test_removal_spans_refer_to_the_input_after_repairs() -> None:
    original = "\u200bخبر\u00a0\u00a0اليوم.\r\nمشاركة :"
    cleaned = clean_text(original)
    assert cleaned.text == "خبر اليوم."
    (removal,) = cleaned.removals
    assert removal.text == original[removal.start : removal.end] == "\r\nمشاركة :"


edits_strategy = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 4), st.text("xyz", max_size=3)), max_size=6)


def _normalize_edits(text: str, raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    edits, position = [], 0
    for start, length, replacement in sorted(raw):
        start = max(start, position)
        end = min(start + length, len(text))
        if start > len(text):
            break
        edits.append((start, end, replacement))
        position = end
    return edits


@given(st.text("abcdef", min_size=0, max_size=30), edits_strategy, edits_strategy)
def test_edited_text_maps_kept_characters_to_their_origin(text: str, first: list, second: list) -> None:
    """After any two rounds of edits, each character never replaced maps back to the same character."""
    edited = EditedText.of(text).replace(_normalize_edits(text, first))
    edited = edited.replace(_normalize_edits(edited.text, second))
    positions = [edited.origin(i) for i in range(len(edited.text))]
    assert positions == sorted(positions)
    for i, char in enumerate(edited.text):
        if char in "abcdef":
            assert text[edited.origin(i)] == char
    assert edited.origin(len(edited.text)) == len(text)


@given(st.text(alphabet=" \nab\t", max_size=12))
def test_end_trimming_finds_what_its_regular_expression_finds(text: str) -> None:
    ends = regex.compile(r"\A[ \n]+|[ \n]+\Z")
    assert repair._ends(text) == [(m.start(), m.end(), "") for m in ends.finditer(text)]


@given(st.text(alphabet=" \nab\t\u00a0\r\u200b\u0640ی", max_size=16))
def test_a_repair_skipped_as_not_needed_would_change_nothing(text: str) -> None:
    for name, edits_of, needed in repair.REPAIRS:
        if not needed(text):
            assert edits_of(text) == [], name


@given(st.text(alphabet=" \nab\t", max_size=16))
def test_break_runs_find_what_the_blank_lines_pattern_finds(text: str) -> None:
    runs = regex.compile(r" *\n[ \n]*")
    expected = [(m.start(), m.end(), "\n\n" if m.group().count("\n") > 1 else "\n") for m in runs.finditer(text)]
    assert repair._break_runs(text) == [edit for edit in expected if text[edit[0] : edit[1]] != edit[2]]


@given(st.text(alphabet=" \na\t", max_size=16))
def test_paragraphs_are_the_non_blank_runs_between_line_breaks(text: str) -> None:
    lines = [m for m in regex.finditer(r"[^\n]+", text) if m.group().strip()]
    assert [(s.start, s.end, s.text) for s in paragraphs(text)] == [(m.start(), m.end(), m.group()) for m in lines]


@given(st.text(alphabet=" \u00a0\ta", max_size=16))
def test_space_runs_find_what_the_spaces_pattern_finds(text: str) -> None:
    spaces = regex.compile(rf"[ {repair.ODD_SPACE}]{{2,}}|[{repair.ODD_SPACE}]")
    expected = [(m.start(), m.end(), " ") for m in spaces.finditer(text)]
    assert repair._space_runs(text) == [edit for edit in expected if text[edit[0] : edit[1]] != " "]


@given(
    st.lists(
        st.sampled_from(["قال", "الوزير", "وقال", "كما", " ", ".", "!", "؟", "?", "3", "a", "\n", ":", "ـ", "\u0600"]),
        max_size=24,
    )
)
@example(["الوزير", ".", "قال", " ", "الوزير", " ", "وقال", " ", "قال"])  # a glued subheading
def test_glued_subheading_is_looked_for_only_where_a_stop_meets_a_letter(pieces: list[str]) -> None:
    """The repair's pattern runs only where its cheap test finds a stop right before a character from U+0600 on:
    wherever the pattern matches, the test says so."""
    from dedupe.clean.repair import GLUED_SUBHEADING_RE, _stop_before_letter

    text = "".join(pieces)
    if GLUED_SUBHEADING_RE.search(text):
        assert _stop_before_letter(text)
    assert _stop_before_letter(text) == any(
        text[k] in ".!?\u061f" and text[k + 1] >= "\u0600" for k in range(len(text) - 1)
    )
