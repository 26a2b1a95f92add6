"""Stage 2: the cleaning rules, as table tests, and on the sample articles."""

from __future__ import annotations

import pytest
from conftest import sample_text
from hypothesis import example, given
from hypothesis import strategies as st

from dedupe import clean_text, matching_tokens
from dedupe.clean import BUILTIN_RULES, active_rules
from dedupe.config import CleanConfig
from dedupe.errors import ConfigError

PROSE = "وقال المتحدث إن الاجتماع سيعقد غدا في العاصمة."

# (rule, input, expected output): each rule removes its furniture and leaves the prose around it.
REMOVES = [
    ("bbc_image_caption", "مصدر الصورةReutersImage caption يحظى حفتر بدعم روسيا. " + PROSE, PROSE),
    ("bbc_image_caption", "مصدر الصورة Getty ImagesImage caption صورة أرشيفية للمجلس. " + PROSE, PROSE),
    (
        "bbc_image_caption",
        PROSE + " مصدر الصورةAFPImage caption المبنى بعد القصف. " + PROSE,
        PROSE + " " + PROSE,
    ),
    (
        "read_also_block",
        "انتهى الاجتماع. اقرأ أيضا على يورونيوز: عنوان أول عن ليبيا عنوان ثان عن تونس وفي وقت لاحق قال الوزير كلاما.",
        "انتهى الاجتماع. وفي وقت لاحق قال الوزير كلاما.",
    ),
    (
        "read_also_block",
        PROSE + "\nاقرأ أيضاً:\nعنوان أول عن ليبيا\nعنوان ثان عن تونس\n" + PROSE,
        PROSE + "\n" + PROSE,
    ),
    ("read_also_block", "اقرأ ايضا: عنوان مقال آخر\n" + PROSE, PROSE),
    ("share_prompt", PROSE + "\nمشاركة :", PROSE),
    ("share_prompt", PROSE + "\n\nشارك الخبر\n\n" + PROSE, PROSE + "\n\n" + PROSE),
    ("share_prompt", PROSE + "\nطباعة", PROSE),
    ("related_heading", PROSE + "\n\nاخترنا لك", PROSE),
    ("related_heading", PROSE + "\nأخبار ذات صلة\nعنوان أول\nعنوان ثان\n" + PROSE, PROSE + "\n" + PROSE),
    ("related_heading", PROSE + "\nالأكثر قراءة:", PROSE),
    ("follow_us", PROSE + "\nتابعونا على تويتر وفيسبوك", PROSE),
    ("video_unavailable", "جهازك لا يدعم تشغيل الفيديو " + PROSE, PROSE),
    ("breaking_label", "عاجل: " + PROSE, PROSE),
    ("breaking_label", "عاجل\n" + PROSE, PROSE),
    (
        "embedded_code",
        PROSE
        + " #vote_area2 ul { padding: 0; margin: 0; } jQuery('#v').submit(function() { jQuery('#v').html('انتظر لحظات…'); }); "
        + PROSE,
        PROSE + " " + PROSE,
    ),
    (
        "sms_contact_footer",
        PROSE + "\nللتواصل مع الكاتب ارسل رسالة SMS\nتبدأ بالرمز (136) ثم مسافة ثم نص الرسالة إلى\n88591 - Stc\n"
        "635031 - Mobily\n737221 - Zain",
        PROSE,
    ),
    (
        "sms_contact_footer",
        PROSE + "\nللتواصل أرسل sms إلى 88548 الاتصالات ,636250 موبايلي, 738303 زين تبدأ بالرمز 159 مسافة ثم الرسالة",
        PROSE,
    ),
    (
        "sms_contact_footer",
        PROSE + "\nIbrahim.badawood@gmail.comللتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (123) ثم مسافة ثم نص الرسالة",
        PROSE,
    ),
    ("read_more_link", PROSE + "\n...المزيد", PROSE),
    ("slider_nav", "Next Previous\n" + PROSE, PROSE),
    ("separator_line", PROSE + "\n* * *\n" + PROSE, PROSE + "\n" + PROSE),
    ("author_contact", PROSE + "\nsuraihi@gmail.com", PROSE),
    ("author_contact", PROSE + "\nتويتر: @T_algashgari\nللتواصل أرسل sms إلى 88548", PROSE),
]

# Real sentences that contain a cue word and must stay whole (several from the sample articles).
KEEPS = [
    "نقلت ميليشيات المزيد من الشاحنات الصغيرة المزودة بمدافع رشاشة إلى طرابلس.",
    "أما مندوب جنوب أفريقيا فدعا إلى عدم تجاهل مشاركة الإتحاد الأفريقي في بحث المسألة الليبية.",
    "مشاركة واسعة في الانتخابات البلدية",
    "شارك الوزير في الاجتماع الطارئ لمجلس الأمن.",
    "قال إن طباعة الكتب المدرسية اكتملت.",
    "وأوضح المصدر الدبلوماسي أن الولايات المتحدة رفضت أي صيغة للبيان.",
    "دعا الكاتب قراءه إلى أن يقرأ أيضا ما كتبه المؤرخون عن تلك الحقبة.",
    "وطلب من الطلاب: اقرأ أيضا الفصل الثالث قبل الامتحان. ثم انصرف الجميع إلى قاعاتهم.",
    "اخترنا لك هذه الرحلة لأنها الأجمل في المنطقة، كما قال المرشد.",
    "وتابعونا على مدى سنوات طويلة ونحن نبني هذا المشروع.",
    "وصف المسؤول الوضع بأنه عاجل ويحتاج إلى تدخل فوري.",
    "أعلنت الشركة أن الصورة مصدر الصورة الرسمية للحدث.",
    "إجلاء الجرحى",
    "قال الوزير: سنبدأ {المرحلة الثانية}; وأضاف أن الخطة جاهزة.",
    "تشمل القائمة: الرياض; جدة; الدمام {وفق الترتيب} } ثم الطائف.",
    "The function f(x) = {a: 1; b: 2} returns a map.",
    "للتواصل مع الإدارة يمكن الاتصال على الرقم 920000.",
    "وللاستفسار يمكن مراسلة الوزارة على info@moh.gov.sa خلال أوقات الدوام.",
    "للتواصل مع الكاتب ارسل رسالة SMS\n" + PROSE,
    "* ملاحظة: تنشر المقالة كاملة في عدد الغد",
    "Press the Next Previous buttons to browse.",
    PROSE + "\nوصلت الرسالة ثم الرسالة الثانية إلى الوزير.",
]


EN = "The minister said the meeting would be held in the capital tomorrow."
FR = "Le ministre a déclaré que la réunion se tiendrait demain dans la capitale."
REMOVES += [
    (
        "glued_headlines",
        "بحسب وكالة الأنباء. ليبيا: وزير الخارجية يدعو لوقف الهجوم على طرابلسليبيا: إجلاء عسكريين من العاصمة ودعا "
        "الوزير إلى الهدوء.",
        "بحسب وكالة الأنباء. ودعا الوزير إلى الهدوء.",
    ),
    ("en_media_caption", "Image source, Getty Images\nImage caption, Crowds gathered in the square\n" + EN, EN),
    ("en_related_heading", EN + "\nRead more:\nLibya clashes spread\nUN calls for truce\n" + EN, EN + "\n" + EN),
    ("en_share_prompt", EN + "\nShare this article", EN),
    ("en_follow_us", EN + "\nFollow us on Twitter and Facebook", EN),
    ("en_copyright", EN + "\nBBC 2019. All rights reserved.", EN),
    ("copyright_line", EN + "\n© 2019 BBC", EN),
    ("en_advertisement", EN + "\nAdvertisement\n" + EN, EN + "\n" + EN),
    ("fr_media_caption", "Crédit photo : AFP\n" + FR, FR),
    ("fr_related_heading", FR + "\nÀ lire aussi : Libye, les combats s'étendent\n" + FR, FR + "\n" + FR),
    ("fr_share_prompt", FR + "\nPartager cet article", FR),
    ("fr_follow_us", FR + "\nSuivez-nous sur Twitter", FR),
    ("fr_copyright", FR + "\nLe Monde 2019 - Tous droits réservés", FR),
]

# (rule, input, expected output, expected bylines): bylines, datelines and credits move to metadata.
MOVES = [
    ("byline", "عين اليوم – الرياض\n" + PROSE, PROSE, ["عين اليوم – الرياض"]),
    ("byline", "Next Previous نايف عبدالله – عين اليوم\n" + PROSE, PROSE, ["نايف عبدالله – عين اليوم"]),
    ("byline", "أنس محمود الشيخ\nكردستان - العراق\n" + PROSE, "أنس محمود الشيخ\n" + PROSE, ["كردستان - العراق"]),
    ("byline", "الرياضي ـ جدة\n" + PROSE, PROSE, ["الرياضي ـ جدة"]),
    ("byline", "رصد وتصوير: أحمد حجازي – عين اليوم\n" + PROSE, PROSE, ["رصد وتصوير: أحمد حجازي – عين اليوم"]),
    ("dateline_prefix", "إيران برس- اوروبا: " + PROSE, PROSE, ["إيران برس- اوروبا:"]),
    ("dateline_prefix", "واس- القدس: " + PROSE, PROSE, ["واس- القدس:"]),
    (
        "dateline_prefix",
        "نايف عبدالله – سعد الفراج: عين اليوم\n" + PROSE,
        PROSE,
        ["نايف عبدالله – سعد الفراج: عين اليوم"],
    ),
    (
        "agency_dateline",
        "واشنطن 15 شوال 1436 هـ الموافق 31 يوليو 2015 م واس\n" + PROSE,
        PROSE,
        ["واشنطن 15 شوال 1436 هـ الموافق 31 يوليو 2015 م واس"],
    ),
    ("syndication_credit", PROSE + "\n* خدمة «نيويورك تايمز»", PROSE, ["* خدمة «نيويورك تايمز»"]),
    ("syndication_credit", PROSE + "\nخاص بـ«الشرق الأوسط»\n" + PROSE, PROSE + "\n" + PROSE, ["خاص بـ«الشرق الأوسط»"]),
    ("syndication_credit", PROSE + "\nـ خاص بـ«الشرق الأوسط»", PROSE, ["ـ خاص بـ«الشرق الأوسط»"]),
    ("author_note", PROSE + "\n* استشاري طب الأطفال", PROSE, ["* استشاري طب الأطفال"]),
    (
        "en_byline",
        "By Lyse Doucet, Chief international correspondent\n" + EN,
        EN,
        ["By Lyse Doucet, Chief international correspondent"],
    ),
    ("agency_dateline_prefix", "WASHINGTON (AP) — " + EN, EN, ["WASHINGTON (AP) —"]),
    (
        "fr_byline",
        "Par Jean Dupont, envoyé spécial à Tripoli\n" + FR,
        FR,
        ["Par Jean Dupont, envoyé spécial à Tripoli"],
    ),
    ("agency_dateline_prefix", "TRIPOLI (AFP) - " + FR, FR, ["TRIPOLI (AFP) -"]),
]

# Lines with a dash or a colon that are not bylines: they stay where they are.
KEEPS += [
    PROSE + "\n" + PROSE + "\nعين اليوم – الرياض",  # a byline shape, but not among the first two lines
    "الرياض – وقال المتحدث باسم الوزارة إن الاجتماع سيعقد غدا في العاصمة.",
    "ليبيا: إجلاء الجرحى من طرابلس\n" + PROSE,
    "أسعار النفط - ارتفاع جديد اليوم بعد قرار المنتجين خفض الإنتاج في الأسواق العالمية\n" + PROSE,
    PROSE + "\nوقال إن خدمة «نيويورك تايمز» الجديدة متاحة للمشتركين.",
    PROSE + "\n* أستاذ الجيل كله قال لنا ذلك في محاضرته الأخيرة. ثم مضى.",
    "وصلت الرسالة من الوكالة. ليبيا: بلد يعيش أزمة منذ سنوات طويلة وينتظر الحل.",
    "By the end of the year, the ministry expects to finish the work.",
    "Share prices rose sharply on Monday after the announcement.",
    "Read more about the plan in our report, which was published on Monday.",
    EN + "\nFollow the money, the investigators said.",
    "Advertisement revenue fell by a third last year.",
    "Par ailleurs, le ministre a annoncé une nouvelle réunion.",
    "Lire aussi les mémoires du général est un exercice instructif.",
    "Partager les responsabilités est devenu indispensable, selon le ministre.",
    "L'image source de la polémique a été retirée.",
    "نقلت الوكالة أ.ف.ب وقال المتحدث إن الاجتماع انتهى.",  # no sub-heading glued after these full stops
    "انتهى الاجتماع.وقال المتحدث إن الجلسة المقبلة غدا.",
]


@pytest.mark.parametrize(("rule", "text", "expected", "bylines"), MOVES)
def test_rule_moves_bylines_to_metadata(rule: str, text: str, expected: str, bylines: list[str]) -> None:
    cleaned = clean_text(text)
    assert cleaned.text == expected
    assert list(cleaned.bylines) == bylines
    moved = [r for r in cleaned.removals if r.moved]
    assert rule in {r.rule for r in moved}
    assert all(r.text.strip() in text for r in moved)


@pytest.mark.parametrize(("rule", "text", "expected"), REMOVES)
def test_rule_removes_furniture(rule: str, text: str, expected: str) -> None:
    cleaned = clean_text(text)
    assert cleaned.text == expected
    assert rule in {r.rule for r in cleaned.removals}


@pytest.mark.parametrize("text", KEEPS)
def test_rules_keep_sentences_with_cue_words(text: str) -> None:
    cleaned = clean_text(text)
    assert cleaned.removals == ()
    assert cleaned.text == text


def test_every_builtin_rule_has_a_removal_case() -> None:
    assert {rule.name for rule in BUILTIN_RULES} == {rule for rule, *_ in REMOVES + MOVES}


def test_removals_of_successive_steps_do_not_overlap() -> None:
    # author_contact (removing) goes first, author_note (moving) then reaches the end of the shortened text.
    text = PROSE + "\n* مدير مركز المساعدية\na.khojah@asharqalawsat.com"
    cleaned = clean_text(text)
    assert cleaned.text == PROSE
    assert [(r.rule, r.text) for r in cleaned.removals] == [
        ("author_note", "\n* مدير مركز المساعدية"),
        ("author_contact", "\na.khojah@asharqalawsat.com"),
    ]


def test_block_ending_unclear_removes_only_the_cue() -> None:
    # A full stop before any prose marker: the block's end is unknown, so the sentence after the cue stays.
    text = "اقرأ أيضا على موقعنا: انتهت المباراة بفوز الفريق الضيف بهدفين. " + PROSE
    cleaned = clean_text(text)
    assert cleaned.text == "انتهت المباراة بفوز الفريق الضيف بهدفين. " + PROSE


def test_disabled_rule_does_not_fire() -> None:
    assert clean_text("عاجل: " + PROSE, CleanConfig(disabled_rules=("breaking_label",))).text == "عاجل: " + PROSE


def test_unknown_disabled_rule_lists_valid_rules() -> None:
    with pytest.raises(ConfigError, match="valid rules: bbc_image_caption"):
        active_rules(CleanConfig(disabled_rules=("no_such_rule",)))


def test_bbc_caption_in_sample_000() -> None:
    original = sample_text("000")
    cleaned = clean_text(original)
    assert "مصدر الصورة" not in cleaned.text and "Image caption" not in cleaned.text
    assert cleaned.text.startswith("عرقلت روسيا بيانا من مجلس الأمن")
    (removal,) = [r for r in cleaned.removals if r.rule == "bbc_image_caption"]
    assert removal.start == 0 and original[removal.start : removal.end] == removal.text
    assert removal.text.startswith("مصدر الصورةReutersImage caption يحظى خليفة حفتر")
    # The caption repeats a sentence of the article; the article's own copy stays.
    assert "ويحظى الجنرال خليفة حفتر بدعم كل من روسيا ومصر والإمارات العربية المتحدة." in cleaned.text


def test_read_also_block_in_sample_003_ends_where_prose_resumes() -> None:
    original = sample_text("003")
    cleaned = clean_text(original)
    assert "اقرأ أيضا" not in cleaned.text
    for headline in ("وموسكو تحذر من حمام دم", "طرد مقاتلين موالين لحفتر", "وأمريكا تدعو لوقف التصعيد"):
        assert headline not in cleaned.text
    assert 'قوات شرق ليبيا "الجيش الوطني الليبي بقيادة حفتر". وفي وقت سابق اليوم قال قائد عسكري' in cleaned.text
    assert "المزيد من الشاحنات الصغيرة" in cleaned.text
    assert not cleaned.text.endswith("مشاركة :") and cleaned.text.endswith("الوصول إلى أوروبا.")
    assert [r.rule for r in cleaned.removals] == ["read_also_block", "share_prompt"]


def test_glued_headlines_in_sample_000_go_up_to_where_prose_resumes() -> None:
    cleaned = clean_text(sample_text("000"))
    (removal,) = [r for r in cleaned.removals if r.rule == "glued_headlines"]
    assert removal.text.startswith("ليبيا: وزير الخارجية الأمريكي يدعو للوقف الفوري لهجوم حفتر على طرابلسليبيا:")
    assert removal.text.endswith("مع احتدام القتال حول طرابلس ")
    assert "طرابلسليبيا" not in cleaned.text
    assert "بحسب وكالة فرانس برس الفرنسية للأنباء. ودعا وزير الخارجية الأمريكي، مايك بومبيو" in cleaned.text


def test_glued_subheading_in_sample_003_gets_its_own_line() -> None:
    cleaned = clean_text(sample_text("003"))
    assert "مما يسمى البوابة 27.\nآخر المواقف الدولية\nودعت ألمانيا إلى اجتماع طارئ" in cleaned.text
    assert cleaned.repairs["glued_subheading"] == 1


def test_dateline_of_sample_002_moves_to_bylines() -> None:
    cleaned = clean_text(sample_text("002"))
    assert cleaned.bylines == ("إيران برس- اوروبا:",)
    assert cleaned.text.startswith("منعت روسيا في مجلس الأمن الدولي")
    assert [(r.rule, r.moved) for r in cleaned.removals] == [("dateline_prefix", True)]


def test_related_heading_in_sample_004() -> None:
    cleaned = clean_text(sample_text("004"))
    assert not cleaned.text.endswith("اخترنا لك")
    assert cleaned.text.endswith('هو العمل على ترسيخ الاستقرار الديمقراطي هناك".')
    assert "مشاركة الإتحاد الأفريقي" in cleaned.text
    assert cleaned.text.startswith("الناطق باسم الجيش الليبي للميادين: عملياتنا مستمرة")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_cleaned_sample_is_input_minus_removals(prefix: str) -> None:
    """Nothing lost, nothing invented: the output is the input with the removed spans cut, up to repairs."""
    original = sample_text(prefix)
    cleaned = clean_text(original)
    remainder, position = [], 0
    for removal in cleaned.removals:
        remainder.append(original[position : removal.start])
        position = removal.end
    remainder.append(original[position:])
    assert matching_tokens(" ".join(remainder)) == matching_tokens(cleaned.text)


arabic_words = st.lists(
    st.sampled_from(
        ["قال", "الوزير", "مشاركة", "اقرأ", "أيضا", ":", "عاجل", "وفي", ".", "\n", "طرابلس", "اخترنا", "لك"]
    ),
    max_size=40,
)


@given(arabic_words)
def test_removals_point_at_the_original_and_never_overlap(words: list[str]) -> None:
    original = " ".join(words)
    cleaned = clean_text(original)
    previous_end = 0
    for removal in cleaned.removals:
        assert original[removal.start : removal.end] == removal.text
        assert removal.start >= previous_end
        previous_end = removal.end


@given(arabic_words)
def test_cleaning_never_invents_words(words: list[str]) -> None:
    original = " ".join(words)
    cleaned = clean_text(original)
    assert set(cleaned.text.split()) <= set(original.split())


@given(
    st.lists(
        st.sampled_from(["اقرأ", " ", "\n", "أيضا", "أيضاً", "ايضا", "ً", ":", "على", "في", "يورونيوز", "x", ".", "\t"]),
        max_size=14,
    )
)
def test_read_also_cue_finds_what_its_two_branch_form_finds(pieces: list[str]) -> None:
    """The rule's pattern takes the cue out in front of its two branches (for speed): the same matches."""
    import regex

    from dedupe.clean.arabic import ALSO
    from dedupe.clean.rules import compiled

    text = "".join(pieces)
    plain = rf"اقرأ\s+{ALSO}(?:\s+(?:على|في)\s+[^\n:.،]{{1,30}})?\s*:|^اقرأ\s+{ALSO}(?=\s|$)"
    (rule,) = [r for r in BUILTIN_RULES if r.name == "read_also_block"]
    expected = [m.span() for m in regex.finditer(plain, text, regex.V1 | regex.MULTILINE)]
    assert [m.span() for m in compiled(rule.pattern).finditer(text)] == expected


# Whole-line rules for the joined matcher: overlapping ones, and ones it must not join (a group of its own, a
# back reference, a global flag, verbose mode with a comment) but ask one at a time.
LINE_PATTERNS = {
    "a_share": r"\s*شارك\s*:?\s*",
    "b_word": r"\p{Arabic}+",
    "c_two": r"\p{Arabic}+ \p{Arabic}+",
    "d_group": r"(\p{Arabic}+) \1",
    "e_flag": r"(?i)x+ \p{Arabic}+",
    "f_verbose": r"(?x) \p{Arabic}+ \s+ x  # a comment",
    "g_any": r".{1,12}",
}
line_rule_sets = st.lists(st.sampled_from(sorted(LINE_PATTERNS)), min_size=1, max_size=4, unique=True)
line_texts = st.lists(st.sampled_from(["شارك", "قال", "قال قال", "X", "x", " ", ":", "\n", "كلمة"]), max_size=16)


def _spans_rule_by_rule(text: str, rules: list) -> list:
    """find_spans as it was before the joined matcher: every rule asked of every line on its own."""
    from dedupe.clean.rules import LEAD_LINES, Span, _absorb_headlines, compiled, resolve_overlaps, widen
    from dedupe.segment import paragraphs

    lines = [(line.start, line.end) for line in paragraphs(text)]
    found = []
    for rule in rules:
        pattern = compiled(rule.pattern)
        candidates = lines[:LEAD_LINES] if rule.kind == "lead" else lines
        for s, e in candidates if rule.kind != "trailer" else ():
            if pattern.fullmatch(text, s, e):
                found.append(Span(s, _absorb_headlines(text, lines, e) if rule.kind == "heading" else e, rule.name))
    removed_lines = {(s.start, s.end) for s in found}
    trailers = [r for r in rules if r.kind == "trailer"]
    for s, e in reversed(lines) if trailers else ():
        rule = next((r for r in trailers if compiled(r.pattern).fullmatch(text, s, e)), None)
        if rule is not None:
            found.append(Span(s, e, rule.name))
        elif (s, e) not in removed_lines:
            break
    return resolve_overlaps([widen(text, span) for span in resolve_overlaps(found)])


@given(line_rule_sets, line_rule_sets, st.sampled_from(["line", "lead", "heading"]), line_texts)
@example(["a_share", "d_group"], ["g_any"], "line", ["قال", "قال"])  # joined, \1 would name a_share's group
@example(["e_flag", "b_word"], ["f_verbose", "a_share"], "heading", ["X", "قال", "\n", "قال", "x"])
def test_whole_line_rules_find_what_they_find_one_at_a_time(names, trailers, kind, pieces) -> None:
    """find_spans asks one joined pattern per line (the first rule by name that matches, which is the one
    resolve_overlaps keeps) and the trailers by their order: the same spans as every rule on its own."""
    from dedupe.clean.rules import Rule, find_spans

    rules = [Rule(f"{kind}_{name}", kind, LINE_PATTERNS[name], "test") for name in reversed(names)]
    rules += [Rule(f"trailer_{name}", "trailer", LINE_PATTERNS[name], "test") for name in trailers]
    text = " ".join(pieces)
    assert find_spans(text, rules) == _spans_rule_by_rule(text, rules)


def test_joined_line_pattern_leaves_out_what_would_change_inside_it() -> None:
    from dedupe.clean.rules import _joined

    assert _joined((LINE_PATTERNS["a_share"], LINE_PATTERNS["b_word"])) is not None
    for name in ("d_group", "e_flag", "f_verbose"):
        assert _joined((LINE_PATTERNS["a_share"], LINE_PATTERNS[name])) is None
    assert _joined((r"\p{Arabic}+(?R)?",)) is None


@pytest.mark.parametrize("rule", [rule for rule in BUILTIN_RULES if rule.needs], ids=lambda rule: rule.name)
def test_a_rules_needs_are_in_every_match_it_makes(rule, samples: dict[str, str]) -> None:
    """A rule is skipped on texts without any of its ``needs``: each of its matches holds one, on its own cases,
    the cases of every other rule, the samples and the dev corpus where it is present."""
    from conftest import dev_texts

    from dedupe.clean.rules import compiled

    texts = [text for _, text, *_ in REMOVES + MOVES] + KEEPS + list(samples.values()) + dev_texts()
    pattern, matched = compiled(rule.pattern), 0
    for text in texts:
        for match in pattern.finditer(text):
            assert any(need in match.group() for need in rule.needs), (rule.name, match.group())
            matched += 1
    assert matched


def test_a_rule_is_not_asked_of_a_text_without_its_needs() -> None:
    from dedupe.clean.rules import Rule, find_spans

    rule = Rule("x_word", "inline", r"\bx\w*", "test", needs=("xy",))
    assert [s.rule for s in find_spans("a xy b", [rule])] == ["x_word"]
    assert find_spans("a xz b", [rule]) == []  # the pattern would match "xz": the declared needs rule it out
    with pytest.raises(ValueError, match="needs must be non-empty strings"):
        Rule("x_word", "inline", "x", "test", needs=("",))


@given(
    st.text(alphabet="ab \n", max_size=20),
    st.lists(st.tuples(st.integers(0, 20), st.integers(0, 3), st.text("xy", max_size=2))),
)
def test_a_replace_without_edits_gives_the_same_edited_text(text: str, edits: list) -> None:
    """clean._cut returns the text as it is when there is nothing to cut, as a replace without edits would."""
    from dedupe.clean.edits import EditedText

    edited = EditedText.of(text)
    for start, length, replacement in edits:  # edits one at a time, each clipped to the current text
        start = min(start, len(edited.text))
        edited = edited.replace([(start, min(start + length, len(edited.text)), replacement)])
    assert edited.replace([]) == edited
