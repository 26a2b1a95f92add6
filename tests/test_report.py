"""report.html treats article text as untrusted."""

from __future__ import annotations

from dedupe import Document, run
from dedupe.report import build_html

PROSE = "وقال المتحدث إن الاجتماع سيعقد غدا في العاصمة."
# Furniture blocks whose removed text (shown on the page) carries markup and direction overrides.
HOSTILE = [
    PROSE + "\nأخبار ذات صلة\n<script>alert(1)</script>\n<img src=x onerror=alert(2)>",
    PROSE + '\nاقرأ أيضا: </textarea><a href="javascript:alert(3)">رابط</a>\n' + PROSE,
    PROSE + "\nاقرأ أيضا: \u202eعكس الاتجاه\n" + PROSE,
]


def test_hostile_text_is_escaped() -> None:
    documents = [Document(f"d{i}", text) for i, text in enumerate(HOSTILE)] + [Document("<b>id</b>", "اخترنا لك")]
    result = run(documents)
    removed = "".join(r["text"] for d in result.report["documents"] for r in d["removals"])
    assert "<script>" in removed and "javascript:" in removed and "\u202e" in removed
    page = build_html(result.report)
    assert "<script>" not in page and "<img" not in page and "</textarea>" not in page and "<a " not in page
    assert "<b>id" not in page and "&lt;b&gt;id" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "U+202E" in page
    assert "default-src 'none'" in page and "script-src" not in page
