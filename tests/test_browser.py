"""report.html in a real headless browser (Debian's chromium and chromedriver, driven by selenium).

`make test` tries to install the browser (see the Makefile's `browser` target); where it cannot, these tests
skip. Screenshots go to out-test/ for a person to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES

from dedupe import DedupeConfig, Document, read_documents, run_to_directory
from dedupe.config import NearDuplicatesConfig

SCREENSHOTS = ROOT / "out-test"
PROSE = "وقال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة الرياض بحضور عدد من الوزراء والمسؤولين."
STORY = " ".join(
    [
        "أعلنت وزارة الصحة اليوم تسجيل 44 إصابة جديدة في مدينة جدة، وقالت في بيان نشرته على موقعها",
        "إن الفرق الطبية تتابع الحالات. <script>window.__pwned = 1</script> وأضافت الوزارة أن مستشفى",
        'الملك فهد استقبل المرضى <img src=x onerror="window.__pwned = 2"> وأن الحالات مستقرة، ودعت',
        'المواطنين إلى الالتزام بالإرشادات </textarea><a href="javascript:window.__pwned = 3">رابط</a>',
        "المنشورة \u202eعكس الاتجاه\u202c على حسابها في تويتر، مؤكدة أن الوضع تحت السيطرة التامة.",
    ]
)
HOSTILE = [
    Document("story", STORY, {"source": "okaz"}),
    Document(
        "copy<b>", STORY.replace("اليوم", "أمس") + " وكانت الوزارة قد أعلنت أمس إجراءات جديدة.", {"source": "sabq"}
    ),
    Document(
        "furniture",
        PROSE
        + " \u202eعكس الاتجاه\u202c\nأخبار ذات صلة\n<script>window.__pwned = 4</script>\n<img src=x onerror=alert(5)>",
    ),
]


def _driver():
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver_path = shutil.which("chromedriver")
    if not browser or not driver_path:
        pytest.skip("no chromium/chromedriver: `make browser` installs them (Debian packages)")
    options = Options()
    options.binary_location = browser
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(driver_path), options=options)
    except WebDriverException as err:  # pragma: no cover - depends on the machine
        pytest.skip(f"chromium cannot start here: {err.msg}")


@pytest.fixture(scope="module")
def browser():
    driver = _driver()
    yield driver
    driver.quit()


def _open(browser, page: Path, view: str = "") -> None:
    browser.get(page.as_uri() + (f"#{view}" if view else ""))
    assert browser.execute_script("return document.body.getAttribute('data-ready')") == "1"


def _show(browser, view: str) -> None:
    browser.execute_script("location.hash = arguments[0]", view)


def _errors(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def _screenshot(browser, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / name))


def test_sample_report_shows_removals_in_place(browser, tmp_path: Path) -> None:
    run_to_directory(read_documents([str(SAMPLES)]), tmp_path / "out")
    _open(browser, tmp_path / "out" / "report.html")
    cards = browser.find_elements("css selector", ".card")
    assert any("documents in" in card.text and card.text.startswith("5") for card in cards)
    (sample,) = [p.stem for p in SAMPLES.glob("000_*.txt")]
    _show(browser, f"doc/{sample}")
    marks = browser.find_elements("css selector", "#main mark.removed")
    labels = [mark.find_element("css selector", ".label").text for mark in marks]
    assert "bbc_image_caption" in labels and "glued_headlines" in labels
    _screenshot(browser, "report-samples-document.png")
    _show(browser, "documents")
    assert len(browser.find_elements("css selector", "#main tbody tr")) == 5
    assert _errors(browser) == []


def test_hostile_report_renders_text_and_runs_nothing(browser, tmp_path: Path) -> None:
    config = DedupeConfig(near_duplicates=NearDuplicatesConfig(min_words=5))
    report = run_to_directory(HOSTILE, tmp_path / "out", config)
    assert report["clusters"], "the crafted copy must form a cluster"
    page = tmp_path / "out" / "report.html"
    _open(browser, page, "clusters")
    browser.find_element("css selector", "#main tbody a[href^='#cluster/']").click()
    browser.find_element("css selector", "#main a[href^='#pair/']").click()
    assert browser.find_elements("css selector", "table.pair .same")
    assert browser.find_elements("css selector", "table.pair .diff, table.pair .only")
    pair_text = browser.find_element("css selector", "table.pair").text
    assert "<script>window.__pwned = 1</script>" in pair_text and "javascript:window.__pwned = 3" in pair_text
    _screenshot(browser, "report-hostile-pair.png")
    _show(browser, "doc/furniture")  # the text as read, with its direction override shown, not obeyed
    assert "<script>window.__pwned = 4</script>" in browser.find_element("css selector", "#main mark.removed").text
    assert "U+202E" in browser.find_element("css selector", "#main .doc").text
    _show(browser, "doc/copy<b>")
    assert "copy<b>" in browser.find_element("css selector", "#main h2").text
    for view in ("overview", "documents", "contained", "repeats", "learned"):
        _show(browser, view)
    assert browser.execute_script("return window.__pwned === undefined")
    assert (
        browser.execute_script("return document.querySelectorAll('#main script, #main img, #main textarea').length")
        == 0
    )
    assert not browser.find_elements("css selector", "a[href^='javascript']")
    assert _errors(browser) == []
