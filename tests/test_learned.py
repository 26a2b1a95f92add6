"""Learned boilerplate: lines that recur across the articles of one source, and the guard."""

from __future__ import annotations

import gzip
import json

import pytest
from conftest import require_shared_data
from hypothesis import given
from hypothesis import strategies as st

from dedupe import DedupeConfig, Document, run
from dedupe.clean import clean_edited, draft
from dedupe.clean.learned import LineCounter, countable, keyed_lines, keyed_lines_of, line_key
from dedupe.config import CleanConfig, LearnedConfig, RepeatsConfig

# Twelve different article bodies (no line in common) to carry the furniture under test.
BODIES = [
    f"{opening} في {place} صباح اليوم بحضور عدد من المسؤولين والمواطنين."
    for opening, place in zip(
        [
            "افتتح الوزير معرضا",
            "هطلت أمطار غزيرة",
            "فاز الفريق بالكأس",
            "عقدت اللجنة اجتماعا",
            "وصل وفد رسمي",
            "انطلقت حملة تطعيم",
            "أعلنت الشركة أرباحها",
            "تخرجت دفعة جديدة",
            "بدأ موسم الحصاد",
            "اكتمل مشروع الطريق",
            "زار الأمير مستشفى",
            "انعقد مؤتمر دولي",
        ],
        ["الرياض", "جدة", "الدمام", "أبها", "تبوك", "حائل", "الطائف", "نجران", "جازان", "القصيم", "مكة", "المدينة"],
        strict=True,
    )
]
SIGN_OFF = "إلى اللقاء.."


def learned_from(texts_by_source: list[tuple[str, str]], **options) -> object:
    counter = LineCounter(LearnedConfig(**options))
    for source, text in texts_by_source:
        counter.add(source, text)
    return counter.learn()


def test_a_line_in_enough_articles_of_one_source_is_learned() -> None:
    learned = learned_from([("paper", body + "\n" + SIGN_OFF) for body in BODIES[:4]])
    assert learned.find("paper", SIGN_OFF).docs == 4
    assert learned.find("other paper", SIGN_OFF) is None


def test_a_line_below_min_docs_is_not_learned() -> None:
    learned = learned_from([("paper", body + "\n" + SIGN_OFF) for body in BODIES[:3]])
    assert learned.find("paper", SIGN_OFF) is None


def test_republished_articles_count_once() -> None:
    # One press release run four times: its lines recur in four documents but one body.
    release = BODIES[0] + "\nوجرى خلال اللقاء بحث المسائل\n" + BODIES[1]
    learned = learned_from([("paper", release)] * 4 + [("paper", BODIES[2] + "\nوجرى خلال اللقاء بحث المسائل")])
    assert learned.find("paper", "وجرى خلال اللقاء بحث المسائل") is None


def test_an_opening_line_is_a_byline() -> None:
    learned = learned_from([("paper", "ناصر الجديع\n" + body) for body in BODIES[:5]])
    assert learned.find("paper", "ناصر الجديع").byline


@pytest.mark.parametrize(
    "line",
    [
        "السطر الأخير :",  # a column label introducing its content
        "#ثمانٍ_وأربعون_قانوناً_للقوة",  # a hashtag naming a series
        "(بين قوسين)",  # a column title
        "وجرى خلال اللقاء بحث عدد من المسائل ذات الاهتمام المشترك.",  # a sentence
        " ".join(["كلمة"] * 30),  # prose-length
        "2015",  # no letters
    ],
)
def test_content_shaped_lines_are_never_counted(line: str) -> None:
    assert not countable(line_key(line), 25)
    learned = learned_from([("paper", body + "\n" + line) for body in BODIES])
    assert learned.find("paper", line_key(line), line) is None


def test_allow_and_deny_lists() -> None:
    texts = [("paper", body + "\n" + SIGN_OFF) for body in BODIES[:6]]
    assert learned_from(texts, allow=(r"إلى اللقاء\.+",)).find("paper", SIGN_OFF, SIGN_OFF) is None
    denied = learned_from(texts[:1], deny=(r"مع تحيات .+",))
    assert denied.find("paper", line_key("مع تحيات التحرير"), "مع تحيات التحرير") is not None


def test_bad_allow_pattern_is_a_config_error() -> None:
    from dedupe import ConfigError

    with pytest.raises(ConfigError, match=r"learned\.allow: pattern '\(unclosed' is not valid"):
        LineCounter(LearnedConfig(allow=("(unclosed",)))


def test_learned_lines_are_removed_or_moved_with_their_rule() -> None:
    learned = learned_from([("paper", "ناصر الجديع\n" + body + "\n" + SIGN_OFF) for body in BODIES[:5]])
    config = DedupeConfig()
    cleaned = clean_edited(
        "ناصر الجديع\n" + BODIES[6] + "\n" + SIGN_OFF, config.clean, config.repeats, learned=learned, source="paper"
    )
    assert cleaned.text == BODIES[6]
    assert cleaned.bylines == ("ناصر الجديع",)
    assert [(r.rule, r.moved) for r in cleaned.removals] == [("learned_byline", True), ("learned_boilerplate", False)]


def test_run_learns_per_source_and_reports_each_line() -> None:
    documents = [
        Document(f"a{i}", "ناصر الجديع\n" + body + "\n" + SIGN_OFF, {"source": "paper"})
        for i, body in enumerate(BODIES[:6])
    ] + [Document(f"b{i}", body + "\n" + SIGN_OFF, {"source": "other"}) for i, body in enumerate(BODIES[6:9])]
    result = run(documents)
    kept = {d["id"]: d for d in result.kept}
    assert kept["a0"]["text"] == BODIES[0] and kept["a0"]["bylines"] == ["ناصر الجديع"]
    assert kept["b0"]["text"] == BODIES[6] + "\n" + SIGN_OFF  # three articles of "other": not learned
    entries = {(e["source"], e["line"]): e for e in result.report["learned_boilerplate"]}
    assert entries[("paper", SIGN_OFF)] == {
        "source": "paper",
        "line": SIGN_OFF,
        "moved": False,
        "removed_from": 6,
        "examples": ["a0", "a1", "a2"],
        "docs": 6,
    }
    assert entries[("paper", "ناصر الجديع")]["moved"] is True
    assert result.report["counts"]["learned_lines"] == 2


def test_learning_can_be_switched_off() -> None:
    documents = [Document(f"a{i}", body + "\n" + SIGN_OFF, {"source": "paper"}) for i, body in enumerate(BODIES)]
    config = DedupeConfig(learned=LearnedConfig(enabled=False))
    assert all(d["text"].endswith(SIGN_OFF) for d in run(documents, config).kept)


def test_guard_withholds_a_cut_that_takes_too_much() -> None:
    text = "اخترنا لك\nعنوان أول\nعنوان ثان\nعنوان ثالث\n" + BODIES[0]
    cut = clean_edited(text, CleanConfig(), RepeatsConfig())
    assert cut.text == BODIES[0] and not cut.withheld
    guarded = clean_edited(text, CleanConfig(max_cut_share=0.2), RepeatsConfig())
    assert guarded.text == text and guarded.removals == ()
    assert [r.rule for r in guarded.withheld] == ["related_heading"]


def test_guarded_documents_are_flagged_in_the_report() -> None:
    text = "اخترنا لك\nعنوان أول\nعنوان ثان\nعنوان ثالث\n" + BODIES[0]
    config = DedupeConfig(clean=CleanConfig(max_cut_share=0.2))
    result = run([Document("g", text)], config)
    assert result.kept[0]["text"] == text
    assert result.report["guarded"] == ["g"] and result.report["counts"]["guarded"] == 1
    (entry,) = result.report["documents"]
    assert entry["guarded"] and entry["removals"] == [] and entry["withheld"][0]["rule"] == "related_heading"


def test_draft_text_is_what_learning_counts() -> None:
    drafted = draft("Next Previous عين اليوم – الرياض\n" + BODIES[0], CleanConfig())
    assert drafted.text == BODIES[0] and drafted.bylines == ("عين اليوم – الرياض",)


def test_dev_corpus_learns_boilerplate_and_no_labeled_content() -> None:
    data = require_shared_data()
    labels = {}
    with (data / "saudinewsnet-dev-lines.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            labels[line_key(record["key"])] = record["label"]
    counter = LineCounter(LearnedConfig())
    clean = CleanConfig()
    drafts = []
    with gzip.open(data / "saudinewsnet-dev.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            text = draft(record["text"], clean, source=record["source"]).text
            counter.add(record["source"], text)
            drafts.append((record["source"], text))
    learned = counter.learn()
    found = {
        (source, key)
        for source, text in drafts
        for key in map(line_key, text.split("\n"))
        if key and learned.find(source, key) is not None
    }
    assert ("aawsat", "إلى اللقاء..") in found
    assert not [key for _, key in found if labels.get(key) == "CONTENT"]


def _each_line_keyed(text: str) -> list[tuple[int, int, str]]:
    """What keyed_lines should give: (start, end, line_key) of each line with a non-empty key, line by line."""
    lines = text.split("\n")
    starts = [sum(len(line) + 1 for line in lines[:k]) for k in range(len(lines))]
    return [(s, s + len(line), line_key(line)) for s, line in zip(starts, lines, strict=True) if line_key(line)]


@given(st.text(alphabet="ab 12\u00a0\t\u200b\u0640\u2028ـ\n", max_size=30))
def test_whole_text_line_keys_are_the_line_keys_of_each_line(text: str) -> None:
    assert keyed_lines(text) == _each_line_keyed(text)


@given(
    st.lists(st.text(alphabet="ab 12\u0661\u00a0\t\u200b\u200e\u0640\u2028\u0301\n", max_size=20), max_size=6),
    st.integers(min_value=1, max_value=50),
)
def test_texts_keyed_together_key_as_each_alone(texts: list[str], chars: int) -> None:
    """Several texts are keyed in one pass over them joined (a chunk of about ``chars`` characters at a time)."""
    assert keyed_lines_of(texts, chars) == [_each_line_keyed(text) for text in texts]


def test_no_character_is_of_two_kinds_of_line_key_step() -> None:
    """The numpy line keys tell a character's step by comparing its kind to one bit: invisible, white space and
    digit must not overlap (they do not in the Unicode version of the ``regex`` module)."""
    from dedupe.clean.learned import _key_kinds

    kinds = _key_kinds()
    assert not (kinds & (kinds - 1)).any()


def test_the_lines_of_real_texts_key_as_each_line_alone(samples: dict[str, str]) -> None:
    from conftest import dev_texts

    texts = list(samples.values()) + dev_texts()
    assert keyed_lines_of(texts) == [_each_line_keyed(text) for text in texts]


def test_line_hashes_made_by_the_first_pass_find_what_keying_the_lines_again_finds() -> None:
    """The pipeline's first pass keeps each line's hash beside the draft (clean.Draft.lines), so that finishing
    does not key the lines again: the same lines are learned, removed and moved either way."""
    from dataclasses import replace

    from dedupe.clean import finish
    from dedupe.clean.learned import hashed_lines, learned_spans

    texts = ["ناصر الجديع\n" + body + "\n  " + SIGN_OFF + " \nسطر ١٢" for body in BODIES[:6]]
    learned = learned_from([("paper", text) for text in texts] + [("other", BODIES[7] + "\n" + SIGN_OFF)])
    config = DedupeConfig()
    for source, text in [("paper", t) for t in texts] + [("other", BODIES[7] + "\n" + SIGN_OFF), (None, texts[0])]:
        drafted = draft(text, config.clean, source=source)
        lines = tuple((start, end, hashed) for start, end, _, hashed in hashed_lines(source, drafted.text))
        assert list(learned_spans(drafted.text, source, learned, lines)) == list(
            learned_spans(drafted.text, source, learned)
        )
        with_lines = finish(replace(drafted, lines=lines), config.clean, config.repeats, learned, source)
        assert with_lines == finish(drafted, config.clean, config.repeats, learned, source)
        if source == "paper":
            assert with_lines.text in BODIES and with_lines.bylines == ("ناصر الجديع",)


def test_line_hash_is_keyed_blake2b_of_the_key_whatever_came_before() -> None:
    """Line hashes name learned lines across processes and runs: BLAKE2b of the key, keyed by the source."""
    import hashlib

    from dedupe.clean.learned import line_hash

    for source, key in [("sabq", "إلى اللقاء.."), ("", "سطر 0"), ("s" * 100, "x"), ("sabq", "سطر 0")]:
        digest = hashlib.blake2b(key.encode(), digest_size=8, person=b"dedupe-line", key=source.encode()[:64])
        assert line_hash(source, key) == int.from_bytes(digest.digest(), "little")
