"""Stage 4 (near-duplicate documents) and stage 5 (paragraphs repeated across documents)."""

from __future__ import annotations

import pytest
from conftest import sample_text

from dedupe import DedupeConfig, Document, clean_text, find_duplicates, find_repeated_paragraphs, run
from dedupe.cluster import star_clusters
from dedupe.config import NearDuplicatesConfig

SAMPLE_IDS = ["000", "001", "002", "003", "004"]


def cleaned_sample(prefix: str) -> str:
    return clean_text(sample_text(prefix)).text


def republish(text: str) -> str:
    """An edited copy as another outlet would publish it: clitics, punctuation, spelling, a dropped line."""
    lines = text.split("\n")
    edited = "\n".join(lines[:-1])
    for old, new in (("وقال", "قال"), ("إلى", "الى"), ("،", ""), ("الأحد", "أمس الأحد")):
        edited = edited.replace(old, new)
    return "طرابلس - وكالات\n" + edited


def test_the_five_samples_are_not_duplicates() -> None:
    documents = [Document(p, cleaned_sample(p)) for p in SAMPLE_IDS]
    assert find_duplicates(documents) == []


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_a_republished_copy_of_a_sample_is_found(prefix: str) -> None:
    original = cleaned_sample(prefix)
    documents = [Document(p, cleaned_sample(p)) for p in SAMPLE_IDS] + [Document("copy", republish(original))]
    (cluster,) = find_duplicates(documents)
    assert {cluster.kept, *cluster.members} == {prefix, "copy"}
    (pair,) = cluster.pairs
    assert pair.relation == "duplicate" and pair.containment > 0.85 and pair.coverage > 0.85


def test_keep_policy_longest_and_first() -> None:
    text = cleaned_sample("002")
    longer = text + "\nوأضاف المصدر أن المشاورات ستستأنف الأسبوع المقبل في نيويورك بحضور جميع الأعضاء."
    documents = [Document("short", text), Document("long", longer)]
    assert [(c.kept, c.members) for c in find_duplicates(documents)] == [("long", ("short",))]
    first = NearDuplicatesConfig(keep="first")
    assert [(c.kept, c.members) for c in find_duplicates(documents, first)] == [("short", ("long",))]


def test_short_documents_never_enter_lsh() -> None:
    documents = [Document("a", "خبر قصير جدا"), Document("b", "خبر قصير جدا")]
    assert find_duplicates(documents) == []


def test_star_clusters_cannot_chain() -> None:
    # a~b and b~c verified, a and c not: whatever is kept, a and c never share a cluster without a direct link.
    for order in (["a", "b", "c"], ["b", "a", "c"], ["c", "b", "a"]):
        for centre, members in star_clusters(order, {("a", "b"): 0.9, ("b", "c"): 0.9}):
            assert not {"a", "c"} <= {centre, *members} or centre == "b"


def test_paragraph_shared_by_two_documents_is_reported() -> None:
    shared = "وأكد المتحدث باسم البعثة الأممية أن الهدنة الإنسانية لم تتحقق رغم الجهود المبذولة طوال اليوم"
    a = Document("a", "فقرة خاصة بالوثيقة الأولى وحدها لا تتكرر في غيرها أبدا\n" + shared)
    b = Document("b", shared + ".\nفقرة خاصة بالوثيقة الثانية تختلف عن كل ما سبق من كلام")
    (group,) = find_repeated_paragraphs([a, b])
    assert (group.first.doc_id, group.first.index) == ("a", 1)
    assert [(p.doc_id, p.index) for p in group.others] == [("b", 0)]
    assert a.text[group.first.start : group.first.end] == shared


def test_paragraph_repeated_within_one_document_is_not_a_cross_document_repeat() -> None:
    shared = "وأكد المتحدث باسم البعثة الأممية أن الهدنة الإنسانية لم تتحقق رغم الجهود المبذولة طوال اليوم"
    assert find_repeated_paragraphs([Document("a", shared + "\n" + shared)]) == []


def test_samples_share_no_paragraph() -> None:
    documents = [Document(p, cleaned_sample(p)) for p in SAMPLE_IDS]
    assert find_repeated_paragraphs(documents) == []


COUNTRIES = [
    ("كولومبيا", "خوان مانويل سانتوس"),
    ("تونس", "الباجي قايد السبسي"),
    ("المالديف", "عبدالله يامين"),
    ("ليبيريا", "إلين جونسون سيرليف"),
    ("بيرو", "أويانتا هومالا"),
    ("بلجيكا", "فيليب"),
    ("مصر", "عبدالفتاح السيسي"),
]


def cable(country: str, president: str, variant: int) -> str:
    """The royal congratulation-cable template: same wording, different recipient (ARABIC_NEWS_NOTES.md §4)."""
    return (
        f"بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة لفخامة الرئيس {president} "
        f"رئيس جمهورية {country} بمناسبة ذكرى استقلال بلاده. وأعرب الملك المفدى باسمه واسم شعب وحكومة المملكة "
        f"العربية السعودية عن أصدق التهاني وأطيب التمنيات بالصحة والسعادة لفخامته، ولحكومة وشعب جمهورية {country} "
        f"الشقيق اطراد التقدم والازدهار. كما بعث ولي العهد برقية مماثلة في اليوم {variant}."
    )


def test_same_template_different_recipients_are_not_duplicates() -> None:
    # The template recurs in more documents than rare_df, so only the names and facts are compared.
    config = NearDuplicatesConfig(rare_df=3)
    documents = [Document(f"{c}-{v}", cable(c, p, v)) for c, p in COUNTRIES for v in (1,)]
    documents += [Document(f"extra-{i}", cable("اليابان", "شينزو آبي", i)) for i in range(2, 6)]
    assert [c for c in find_duplicates(documents, config) if not c.kept.startswith("extra")] == []


def test_copies_of_a_release_merge_among_template_items() -> None:
    config = NearDuplicatesConfig(rare_df=3)
    release = cleaned_sample("002")
    documents = [Document(f"{c}", cable(c, p, 1)) for c, p in COUNTRIES]
    documents += [Document("release", release), Document("copy", republish(release))]
    assert [(c.kept, c.members) for c in find_duplicates(documents, config)] == [("release", ("copy",))]


STATEMENT = (
    "أعلنت وزارة الداخلية المصرية أمس أن أجهزتها الأمنية تمكنت من ضبط {n} من القيادات الوسطى لتنظيم الإخوان "
    "خلال الساعات الماضية في إطار المتابعات الأمنية المكثفة وتوجيه الضربات الاستباقية التي تستهدف عناصر التنظيم "
    "على مستوى محافظات الجمهورية، وأوضح البيان أن المضبوطين متهمون بالتحريض وتمويل أعمال العنف {extra}"
)


def test_a_different_figure_in_the_same_slot_is_a_different_statement() -> None:
    # Two days' statements of one ministry (dev pair D0148): shared wording, other figures, other details.
    a = Document(
        "a",
        STATEMENT.format(
            n=19,
            extra="وقال مصدر أمني إن بين المضبوطين مسؤولين عن لجان نوعية نفذت هجمات على أبراج الكهرباء في الجيزة والفيوم.",
        ),
    )
    b = Document(
        "b",
        STATEMENT.format(
            n=44,
            extra="ونشرت الوزارة صور المضبوطات التي شملت أسلحة نارية وذخائر ومنشورات تحريضية ضبطت في شقق سكنية بالقاهرة والإسكندرية.",
        ),
    )
    assert find_duplicates([a, b]) == []
    same_figure = Document(
        "c",
        STATEMENT.format(
            n=19,
            extra="ونشرت الوزارة صور المضبوطات التي شملت أسلحة نارية وذخائر ومنشورات تحريضية ضبطت في شقق سكنية بالقاهرة والإسكندرية.",
        ),
    )
    assert [(c.kept, c.members) for c in find_duplicates([a, same_figure])] == [("c", ("a",))]


def test_a_short_item_inside_a_long_report_is_contained_not_duplicate() -> None:
    item = cleaned_sample("002")
    report = cleaned_sample("004") + "\n" + item + "\n" + cleaned_sample("001")
    documents = [Document("report", report), Document("item", item)]
    assert find_duplicates(documents) == []
    result = run(documents)
    assert [d["id"] for d in result.kept] == ["report", "item"]
    (contained,) = result.report["contained"]
    assert (contained["id"], contained["contained_in"], contained["dropped"]) == ("item", "report", False)
    assert contained["containment"] > 0.9 and contained["coverage"] < 0.5
    dropped = run(documents, DedupeConfig(near_duplicates=NearDuplicatesConfig(drop_contained=True)))
    (duplicate,) = dropped.duplicates
    assert (duplicate["id"], duplicate["duplicate_of"], duplicate["relation"], duplicate["matched"]) == (
        "item",
        "report",
        "contained",
        "report",
    )


@pytest.mark.parametrize(
    ("policy", "priority", "kept"),
    [("longest", (), "b"), ("first", (), "a"), ("earliest", (), "c"), ("source", ("was", "okaz"), "c")],
)
def test_keep_policies(policy: str, priority: tuple[str, ...], kept: str) -> None:
    text = cleaned_sample("002")
    documents = [
        Document("a", text, {"date": "2015-07-22", "source": "okaz"}),
        Document("b", text + "\nوأضاف المصدر أن المشاورات ستستأنف الأسبوع المقبل.", {"date": "2015-07-23"}),
        Document("c", text, {"date": "2015-07-21", "source": "was"}),
    ]
    config = NearDuplicatesConfig(keep=policy, source_priority=priority)
    (cluster,) = find_duplicates(documents, config)
    assert cluster.kept == kept and len(cluster.members) == 2
