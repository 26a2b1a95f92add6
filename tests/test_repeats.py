"""Stage 3: paragraphs repeated inside one document."""

from __future__ import annotations

from conftest import sample_text

from dedupe import remove_repeated_paragraphs
from dedupe.config import RepeatsConfig


def test_sample_001_keeps_one_copy_of_its_doubled_block() -> None:
    original = sample_text("001")
    lines = original.split("\n")
    assert lines[:12] == lines[12:24]  # the sample as crawled: twelve paragraphs, twice
    cleaned = remove_repeated_paragraphs(original)
    assert cleaned.text.split("\n") == lines[:12] + lines[24:]
    assert [r.rule for r in cleaned.removals] == ["repeated_paragraph"] * 12
    assert "".join(r.text for r in cleaned.removals) == "\n".join(lines[12:24]) + "\n"
    for removal in cleaned.removals:
        assert original[removal.start : removal.end] == removal.text
        assert removal.start >= original.index(lines[11]) + len(lines[11])


def test_repeat_in_a_one_line_document_is_a_sentence() -> None:
    sentence = "وصل وزير الخارجية إلى العاصمة صباح اليوم في زيارة رسمية تستغرق يومين."
    text = f"{sentence} وعقد اجتماعا مع نظيره. {sentence}"
    assert remove_repeated_paragraphs(text).text == f"{sentence} وعقد اجتماعا مع نظيره."


def test_repeat_differing_only_in_punctuation_and_diacritics_counts() -> None:
    text = (
        "قالَ الوزيرُ إنّ الاجتماع مهم جدا للبلدين في هذه المرحلة الدقيقة.\nوأضاف شيئا آخر تماما هنا.\n"
        "قال الوزير إن الاجتماع مهم جدا للبلدين في هذه المرحلة الدقيقة"
    )
    assert remove_repeated_paragraphs(text).text == text.rsplit("\n", 1)[0]


def test_short_repeated_lines_stay() -> None:
    text = "إجلاء الجرحى\nفقرة أولى طويلة بما يكفي هنا.\nإجلاء الجرحى\nفقرة ثانية مختلفة تماما عنها."
    assert remove_repeated_paragraphs(text).text == text


def test_a_repeated_formula_stays_unless_it_is_part_of_a_doubled_block() -> None:
    # Two statements in one article (dev snn-10670), each closing with the same prayer: both closings stay.
    prayer = "حفظ الله خادم الحرمين الشريفين في سفره وإقامته."
    text = f"صدر عن الديوان الملكي بيان.\n{prayer}\nوقد غادر خادم الحرمين الشريفين أمس.\n{prayer}"
    assert remove_repeated_paragraphs(text).text == text
    # The same line inside a doubled block goes with the rest of the block.
    block = f"وقد غادر خادم الحرمين الشريفين أمس إلى خارج المملكة.\n{prayer}"
    assert remove_repeated_paragraphs(f"{block}\n{block}").text == block


def test_min_words_is_configurable() -> None:
    text = "إجلاء الجرحى\nفقرة أولى طويلة بما يكفي هنا.\nإجلاء الجرحى"
    config = RepeatsConfig(min_words=2, lone_min_words=2)
    assert remove_repeated_paragraphs(text, config).text == "إجلاء الجرحى\nفقرة أولى طويلة بما يكفي هنا."


def test_near_but_different_paragraphs_stay() -> None:
    text = "أسرت القوات 145 جنديا من قوات الشرق.\nفقرة بينهما.\nأسرت القوات 146 جنديا من قوات الغرب."
    assert remove_repeated_paragraphs(text).text == text
