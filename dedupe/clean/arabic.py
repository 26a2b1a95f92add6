"""Arabic news furniture: the built-in rule pack.

Every cue here was seen in the sample articles or in outlets' own page code (see
../shared/ARABIC_NEWS_NOTES.md §3), and each carries a position constraint, because the bare words occur in
real sentences: "المزيد من الشاحنات", "مشاركة الإتحاد الأفريقي", "شارك في الاجتماع". tests/test_clean.py holds,
for each rule, text it must remove and real sentences with the same cue that it must keep.
"""

from __future__ import annotations

from dedupe.clean.rules import Rule

ALSO = r"(?:أيضا|أيضاً|أيضًا|ايضا|ايضاً|أيضاَ)"
# A name or place of one to four Arabic words, and the dash between reporter, outlet and place.
NAME = r"\p{Arabic}+(?:[ \t]+\p{Arabic}+){0,3}"
DASH = r"[ \t]*[–—ـ-][ \t]*"

ARABIC_RULES: tuple[Rule, ...] = (
    Rule(
        name="bbc_image_caption",
        kind="inline",
        # "مصدر الصورةReutersImage caption يحظى خليفة حفتر بدعم … المتحدة." (000): credit, label, caption
        # sentence. Without a full stop the caption cannot be told from the prose it is glued to, so then
        # only the credit and label go.
        pattern=r"مصدر الصورة[^\n]{0,60}?Image caption(?:[ ]*[^\n.!?؟]{1,300}[.!?؟])?",
        description="BBC image credit and caption glued into the text",
        needs=("Image caption",),
    ),
    Rule(
        name="read_also_block",
        kind="block",
        # "اقرأ أيضا على يورونيوز:" (003) with a colon anywhere; without a colon only at a line start. That is
        # "CUE…:|^CUE(?=\s|$)" with the cue taken out in front (the look-behind checks the line start), so the
        # engine can skip to the literal "اقرأ" instead of trying both branches at every position (4x faster).
        pattern=rf"اقرأ\s+{ALSO}(?:(?:\s+(?:على|في)\s+[^\n:.،]{{1,30}})?\s*:|(?<=^اقرأ\s+{ALSO})(?=\s|$))",
        description="'read also' cue and the related headlines glued after it, up to where prose resumes",
        needs=("اقرأ",),
    ),
    Rule(
        name="glued_headlines",
        kind="block",
        # BBC's related-story links glued into the prose after a sentence (000): "… للأنباء. ليبيا: وزير الخارجية
        # … على طرابلسليبيا: إجلاء عسكريين … حول طرابلس ودعا وزير الخارجية …". The cue is a topic label opening
        # a sentence and the same label glued to the end of the next headline's first word; the block runs on
        # to where prose resumes.
        pattern=r"(?<=[.!?\u061f\"»][ \t]{1,3})(\p{Arabic}{2,20}):[ \t][^.!?\u061f\n]{5,200}?\p{Arabic}\1:",
        description="related-story headlines glued into the prose, each opening with the same topic label",
        needs=(":",),
    ),
    Rule(
        name="share_prompt",
        kind="line",
        pattern=r"\s*(?:مشاركة|شارك|شارك الخبر|شارك المقال|شارك هذا المقال|طباعة|أرسل لصديق|ارسل لصديق)\s*:?\s*",
        description="share / print / send-to-a-friend prompt alone on a line",
    ),
    Rule(
        name="related_heading",
        kind="heading",
        pattern=(
            r"\s*(?:اخترنا لك|اخترنا لكم|مواضيع ذات صلة|موضوعات ذات صلة|أخبار ذات صلة|اخبار ذات صلة|"
            r"الموضوعات المتعلقة|الأكثر قراءة|الأكثر مشاهدة|قصص مقترحة)\s*:?\s*"
        ),
        description="related-articles heading and the headline-like lines after it",
    ),
    Rule(
        name="follow_us",
        kind="trailer",
        pattern=r"\s*(?:تابعونا|تابعنا|تابعوا\s+\S+)\s+على\s+[^\n.]{1,80}",
        description="'follow us on …' line at the end of the article",
    ),
    Rule(
        name="video_unavailable",
        kind="inline",
        pattern=r"جهازك لا يدعم تشغيل الفيديو|هذا المحتوى لم يعد متوفرا?ً?",
        description="video player fallback sentence",
        needs=("جهازك لا يدعم تشغيل الفيديو", "هذا المحتوى لم يعد متوفر"),
    ),
    Rule(
        name="breaking_label",
        kind="inline",
        # Only as a line of its own or as "عاجل:" opening a line; "عاجل" inside a sentence stays.
        pattern=r"^عاجل *(?:: *|$)",
        description="'breaking' label alone or opening a line",
        needs=("عاجل",),
    ),
    Rule(
        name="sms_contact_footer",
        kind="trailer",
        # The columnists' SMS footer of almadina and okaz, one line or split over several at the end:
        # "للتواصل مع الكاتب ارسل رسالة SMS" / "تبدأ بالرمز (136) ثم مسافة ثم نص الرسالة إلى" / "88591 - Stc" /
        # "للتواصل أرسل sms إلى 88548 الاتصالات ,636250 موبايلي, 738303 زين تبدأ بالرمز 159 مسافة ثم الرسالة".
        # Each alternative is a whole line; an e-mail address may be glued before it.
        pattern=(
            r"[ \t]*(?:(?:تويتر[ \t]*:[ \t]*)?\S*@\S*?)?(?:"
            r"للتواصل[^\n]{0,30}?[أا]رسل[^\n]{0,20}?(?:sms|SMS|رسالة)[^\n]{0,200}"
            r"|(?:زين[ \t]+)?تبدأ[ \t]+بالرمز[^\n]{0,80}"
            r"|\d{4,7}[ \t]*-[ \t]*(?:Stc|STC|stc|Mobily|mobily|Zain|zain)"
            r"|الاتصالات[ \t]*[,،][ \t]*\d+[ \t]*موبايلي[ \t]*[,،]?[ \t]*\d*"
            r"|(?:\d+[ \t]+)?(?:مسافة[ \t]+)?ثم[ \t]+(?:نص[ \t]+)?الرسالة(?:[ \t]+إلى)?"
            r")[ \t]*"
        ),
        description="columnist's SMS contact footer (one line or several) at the end of the article",
    ),
    Rule(
        name="read_more_link",
        kind="trailer",
        pattern=r"[ \t]*\.{2,}[ \t]*المزيد[ \t]*",
        description="'...المزيد' (read more) link text ending the article",
    ),
)

# Bylines, datelines and credits: metadata, moved into the document's `bylines` rather than deleted.
ARABIC_BYLINE_RULES: tuple[Rule, ...] = (
    Rule(
        name="byline",
        kind="lead",
        # "عين اليوم – الرياض", "نايف عبدالله – عين اليوم", "الرياضي ـ جدة", "الرياض - واس", "رصد وتصوير: … – …":
        # two short names joined by a dash, as a whole line among the first lines.
        pattern=rf"[ \t]*(?:رصد(?:[ \t]+وتصوير)?[ \t]*:[ \t]*)?{NAME}{DASH}{NAME}[ \t]*",
        description="reporter or outlet and place, alone on one of the first lines",
        moves=True,
    ),
    Rule(
        name="dateline_prefix",
        kind="inline",
        # "إيران برس- اوروبا: منعت روسيا …" (002), "أنقرة- رويترز: قال …", "واس- القدس: …": only where the text
        # starts, and with the colon; when the rest of the line is a name too, the whole line goes.
        pattern=rf"\A[ \t]*{NAME}{DASH}{NAME}[ \t]*:(?:[ \t]*{NAME}[ \t]*$)?[ \t]*",
        description="outlet or reporter and place, with a colon, opening the text",
        needs=(":",),
        moves=True,
    ),
    Rule(
        name="agency_dateline",
        kind="lead",
        # "واشنطن 15 شوال 1436 هـ الموافق 31 يوليو 2015 م واس": place, Hijri and Gregorian date, agency.
        pattern=(
            rf"[ \t]*{NAME}[ \t]+\d{{1,2}}[ \t]+\p{{Arabic}}+(?:[ \t]+\p{{Arabic}}+)?[ \t]+\d{{4}}[ \t]*هـ?[ \t]+"
            rf"الموافق[ \t]+\d{{1,2}}[ \t]+\p{{Arabic}}+[ \t]+\d{{4}}[ \t]*م?(?:{DASH}|[ \t]+)\(?{NAME}\)?[ \t]*"
        ),
        description="place, Hijri and Gregorian date and agency, alone on one of the first lines",
        moves=True,
    ),
    Rule(
        name="syndication_credit",
        kind="line",
        # "* خدمة «نيويورك تايمز»", "ـ خاص بـ«الشرق الأوسط»", "* بالاتفاق مع «بلومبيرغ»" (aawsat).
        pattern=(
            r"[ \t]*(?:[*ـ–-][ \t]*)?(?:خدمة|بالاتفاق[ \t]+مع|بالتعاون[ \t]+مع|خاص[ \t]*بـ?)[ \t]*"
            r"[«{\"“][^»}\"”\n]{2,40}[»}\"”][ \t]*"
        ),
        description="syndication or exclusivity credit alone on a line",
        moves=True,
    ),
    Rule(
        name="author_note",
        kind="trailer",
        # "* استشاري طب الأطفال": the writer's title, starred, closing a column.
        pattern=(
            r"[ \t]*\*[ \t]*(?:استشاري|استشارية|أستاذ|أستاذة|كاتب|كاتبة|باحث|باحثة|مستشار|أكاديمي|أكاديمية|"
            r"طبيب|طبيبة|محلل|محللة|سفير|وزير|صحفي|صحافي|إعلامي|إعلامية|رئيس|مدير|عضو)\b[^\n.!?؟]{0,80}"
        ),
        description="the writer's title, starred, on one of the last lines",
        moves=True,
    ),
)
