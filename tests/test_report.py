"""report.html treats article text as untrusted."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dedupe import Document, run
from dedupe.report import build_html
from dedupe.verify import WORD_RE, _words_at, _words_of, aligned_many, aligned_segments

PROSE = "وقال المتحدث إن الاجتماع سيعقد غدا في العاصمة."
# Furniture blocks whose removed text (shown on the page) carries markup and direction overrides.
HOSTILE = [
    PROSE + "\nأخبار ذات صلة\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>",
    PROSE + '\nاقرأ أيضا: </textarea><a href="javascript:alert(3)">رابط</a>\n' + PROSE,
    PROSE + "\nاقرأ أيضا: \u202eعكس الاتجاه\n" + PROSE,
]


def test_hostile_text_is_escaped() -> None:
    documents = [Document(f"d{i}", text) for i, text in enumerate(HOSTILE)] + [
        Document("<b>id</b>", PROSE + "\nاخترنا لك")
    ]
    result = run(documents)
    removed = "".join(r["text"] for d in result.report["documents"] for r in d["removals"])
    assert "<script>" in removed and "javascript:" in removed and "\u202e" in removed
    for page in (build_html(result.review), build_html(result.report)):
        # The page's own two script elements (data, viewer) and nothing else that could run.
        assert page.count("<script") == 2 and page.count('<script type="application/json" id="review-data">') == 1
        assert "<img" not in page and "</textarea>" not in page and '<a href="javascript' not in page
        assert "<b>id" not in page and "&lt;b&gt;id" in page  # in the static summary
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page  # in the data
        assert "\u202e" not in page and "U+202E" in page
        assert "default-src 'none'" in page and "script-src 'sha256-" in page and "script-src 'unsafe" not in page


def test_guarded_and_learned_text_is_escaped() -> None:
    from dedupe import DedupeConfig
    from dedupe.config import CleanConfig, LearnedConfig

    bodies = [f"{word} في المدينة اليوم بحضور عدد من المسؤولين." for word in ("افتتح", "زار", "أعلن", "وصل")]
    documents = [Document(f"l{i}", body + "\n<script>alert(4)</script>") for i, body in enumerate(bodies)]
    documents.append(Document("g", "اخترنا لك\n<img src=x onerror=alert(5)>\n" + PROSE))
    config = DedupeConfig(clean=CleanConfig(max_cut_share=0.4), learned=LearnedConfig(min_docs=4))
    result = run(documents, config)
    report = result.report
    assert report["guarded"] == ["g"] and report["learned_boilerplate"][0]["line"] == "<script>alert(4)</script>"
    page = build_html(result.review)
    assert page.count("<script") == 2 and "<img" not in page
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in page and "&lt;img src=x onerror=alert(5)&gt;" in page


@given(st.lists(st.text(alphabet=" \t\n\u00a0\u2028\x1c\x85ab\u200bق", max_size=20), min_size=1, max_size=4))
def test_the_pair_views_words_are_what_the_word_pattern_finds(texts: list[str]) -> None:
    expected = []
    for text in texts:
        found = list(WORD_RE.finditer(text))
        expected.append(([m.group() for m in found], [m.start() for m in found] + [len(text)]))
    assert _words_of(texts) == expected
    assert _words_at(texts[0]) == expected[0]
    pairs = [(a, b) for a in range(len(texts)) for b in range(len(texts))]
    together = aligned_many(dict(enumerate(texts)), pairs)
    assert together == [aligned_segments(texts[a], texts[b]) for a, b in pairs]


JSONABLE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(max_size=5), JSONABLE, max_size=5), st.text())
def test_page_data_written_in_pieces_is_the_whole_json(value: dict, hostile: str) -> None:
    """The page's data is written piece by piece (a large run's is hundreds of megabytes): the same text as
    one json.dumps of it, escaped, whatever the strings hold."""
    import json

    from dedupe.report.html import BIDI_CONTROL_RE, _json_for_script, _script_json

    value = {**value, "x": [hostile, {"t": hostile + "</script>\u202e&"}]}
    whole = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    whole = whole.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    whole = BIDI_CONTROL_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", whole)
    assert "".join(_script_json(value)) == _json_for_script(value) == whole
    assert "".join(_script_json(value, depths={"x": 2})) == whole
    assert json.loads(whole) == value


def test_bidi_control_characters_are_the_members_of_the_pattern_class() -> None:
    from dedupe.codepoints import char_class
    from dedupe.report.html import BIDI_CONTROL, BIDI_CONTROLS

    assert sorted(map(ord, BIDI_CONTROLS)) == char_class(BIDI_CONTROL).nonzero()[0].tolist()
