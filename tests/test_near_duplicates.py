"""Stage 4 (near-duplicate documents) and stage 5 (paragraphs repeated across documents)."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from conftest import sample_text
from hypothesis import given
from hypothesis import strategies as st

from dedupe import DedupeConfig, Document, clean_text, find_duplicates, find_repeated_paragraphs, run
from dedupe.cluster import connected_components, lazy_star_clusters, star_clusters
from dedupe.config import NearDuplicatesConfig
from dedupe.index import shared_shingle_pairs

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


@given(st.data(), st.integers(1, 9))
def test_lazy_stars_equal_the_stars_of_every_verified_pair(data: st.DataObject, n: int) -> None:
    """Verifying only the pairs of items unassigned at their turn gives the clusters (and the members' scores)
    that verifying every candidate pair gives."""
    order = data.draw(st.permutations(range(n)))
    candidates = data.draw(
        st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1]))
    )
    outcome = {pair: data.draw(st.sampled_from([None, 0.7, 0.8, 0.9])) for pair in sorted(candidates)}
    rank = {item: position for position, item in enumerate(order)}

    def in_order(x: int, y: int) -> tuple[int, int]:
        return (x, y) if rank[x] < rank[y] else (y, x)

    asked = []

    def verify(x: int, y: int) -> float | None:
        assert rank[x] < rank[y]
        asked.append((x, y))
        return outcome[(min(x, y), max(x, y))]

    partners = {item: [b if a == item else a for a, b in candidates if item in (a, b)] for item in order}
    stars, scores = lazy_star_clusters(order, partners.__getitem__, verify)
    every = {in_order(*pair): score for pair, score in outcome.items() if score is not None}
    assert stars == star_clusters(order, every)
    assert len(asked) == len(set(asked)) <= len(candidates)
    for centre, members in stars:
        assert all(scores[in_order(centre, m)] == every[in_order(centre, m)] for m in members)


def test_paragraph_shared_by_two_documents_is_reported() -> None:
    shared = "وأكد المتحدث باسم البعثة الأممية أن الهدنة الإنسانية لم تتحقق رغم الجهود المبذولة طوال اليوم"
    a = Document("a", "فقرة خاصة بالوثيقة الأولى وحدها لا تتكرر في غيرها أبدا\n" + shared)
    b = Document("b", shared + ".\nفقرة خاصة بالوثيقة الثانية تختلف عن كل ما سبق من كلام")
    (group,) = find_repeated_paragraphs([a, b])
    assert (group.first.doc_id, group.first.index) == ("a", 1)
    assert [(p.doc_id, p.index) for p in group.others] == [("b", 0)]
    assert a.text[group.first.start : group.first.end] == shared


def test_repeated_paragraph_groups_come_out_the_same_whatever_the_block_of_texts(monkeypatch) -> None:
    import dedupe.pipeline

    shared = [
        "وأكد المتحدث باسم البعثة الأممية أن الهدنة الإنسانية لم تتحقق رغم الجهود المبذولة طوال اليوم",
        "وقالت وزارة الصحة إن عدد الضحايا ارتفع إلى عشرين شخصا بعد انهيار المبنى في وسط المدينة",
    ]
    own = "فقرة خاصة بالوثيقة رقم {} لا تتكرر في غيرها من الوثائق على الإطلاق"
    documents = [Document(f"d{k}", "\n".join([own.format(k), shared[k % 2], shared[k % 3 == 0]])) for k in range(7)]
    whole = find_repeated_paragraphs(documents)
    assert len(whole) >= 2 and sum(len(g.others) for g in whole) > 5
    monkeypatch.setattr(dedupe.pipeline, "GROUP_TEXTS", 1)  # a group's texts at a time
    assert find_repeated_paragraphs(documents) == whole
    monkeypatch.setattr(dedupe.pipeline, "STAR_ROWS", 1)  # and one component's matching texts at a time
    assert find_repeated_paragraphs(documents) == whole


@given(st.integers(1, 30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29)), max_size=40))
def test_connected_components_name_each_component_by_its_smallest_item(size: int, edges: list) -> None:

    edges = [(a % size, b % size) for a, b in edges]
    owner = list(range(size))  # the plain way: merge the sets of each edge's ends

    for a, b in edges:
        old, new = max(owner[a], owner[b]), min(owner[a], owner[b])
        owner = [new if o == old else o for o in owner]
    firsts, seconds = (np.array([e[k] for e in edges], dtype=np.int64) for k in (0, 1))
    assert connected_components(size, firsts, seconds).tolist() == owner


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


def first_lines(prefix: str, count: int) -> str:
    return "\n".join(cleaned_sample(prefix).split("\n")[:count])


def test_a_short_item_in_a_long_roundup_is_found_whatever_its_jaccard() -> None:
    # The item is a small part of the roundup: Jaccard is tiny, containment complete. Candidate pairs come from
    # an exact join on rare shingles, so a low Jaccard cannot hide the pair the way it can from MinHash LSH.
    item = first_lines("001", 4)
    roundup = "\n".join([cleaned_sample("000"), cleaned_sample("003"), item, cleaned_sample("004")])
    result = run([Document("roundup", roundup), Document("item", item)])
    (contained,) = result.report["contained"]
    assert (contained["id"], contained["contained_in"]) == ("item", "roundup")
    assert contained["jaccard"] < 0.1 and contained["containment"] > 0.95


def dropped_run(documents: list[Document], **options) -> dict:
    config = DedupeConfig(near_duplicates=NearDuplicatesConfig(drop_contained=True, **options))
    return run(documents, config)


def test_a_roundup_absorbs_one_item_family_not_every_item() -> None:
    item1, item2 = first_lines("001", 8), first_lines("004", 10)
    roundup = "\n".join([cleaned_sample("000"), item1, item2])
    documents = [
        Document("roundup", roundup),
        Document("item1", item1),
        Document("copy1", republish(item1)),
        Document("item2", item2),
    ]
    # item1 and its copy are inside the roundup: every pair across is related, so their cluster joins it. item2
    # is inside too, but joining would put it with item1 and copy1, which it has nothing in common with (one
    # related pair in three, below contained_linkage): it stays, reported as contained.
    result = dropped_run(documents)
    assert sorted((d["id"], d["duplicate_of"]) for d in result.duplicates) == [
        ("copy1", "roundup"),
        ("item1", "roundup"),
    ]
    assert all(d["relation"] != "distinct" for d in result.duplicates)
    (kept_item,) = [c for c in result.report["contained"] if not c["dropped"]]
    assert (kept_item["id"], kept_item["contained_in"]) == ("item2", "roundup")
    # A user who accepts one related pair in three lets the roundup take every item.
    loose = dropped_run(documents, contained_linkage=0.3)
    assert sorted(d["id"] for d in loose.duplicates) == ["copy1", "item1", "item2"]


def test_a_copy_of_a_contained_item_reaches_the_container_through_it() -> None:
    # The roundup quotes only the first half of the item; a longer version of the item adds background, so it
    # is a copy of the item but mostly not in the roundup. With contained_linkage 0.5 (one related pair in two)
    # the item's cluster joins the roundup, and the longer version is reported as matched to the item.
    item = first_lines("001", 8)
    longer = item + "\n" + first_lines("002", 4)
    roundup = "\n".join([cleaned_sample("000"), first_lines("001", 4), cleaned_sample("003")])
    documents = [Document("roundup", roundup), Document("item", item), Document("longer", longer)]
    loose = dropped_run(documents, contained_linkage=0.5)
    assert sorted((d["id"], d["duplicate_of"], d["matched"], d["relation"]) for d in loose.duplicates) == [
        ("item", "roundup", "roundup", "contained"),
        ("longer", "roundup", "item", "duplicate"),
    ]
    # By default that one pair in two is not enough: the item stays with its copy, reported as contained.
    default = dropped_run(documents)
    assert [(d["id"], d["duplicate_of"]) for d in default.duplicates] == [("item", "longer")]
    assert [(c["id"], c["contained_in"]) for c in default.report["contained"]] == []


def test_a_container_is_never_dropped_into_a_smaller_document() -> None:
    # The item is inside both the long roundup and a shorter report; it joins the roundup, and the roundup
    # does not follow it into the shorter report (it is not inside it).
    item = first_lines("001", 8)
    roundup = "\n".join([cleaned_sample("000"), item, cleaned_sample("003")])
    report = item + "\n" + first_lines("002", 8)
    documents = [Document("roundup", roundup), Document("item", item), Document("report", report)]
    result = dropped_run(documents, contained_linkage=0.5)
    assert [(d["id"], d["duplicate_of"]) for d in result.duplicates] == [("item", "roundup")]
    assert {d["id"] for d in result.kept} == {"roundup", "report"}


@given(st.lists(st.frozensets(st.integers(0, 40), max_size=15), max_size=12), st.integers(1, 4), st.integers(1, 5))
def test_the_join_finds_exactly_the_pairs_that_share_enough(
    sets: list[frozenset[int]], min_shared: int, parts: int
) -> None:
    """The join in any number of buckets (hashes spread over them) against every pair counted directly."""
    a, b, shared = shared_shingle_pairs(
        (
            (key, np.array(sorted(values), dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
            for key, values in enumerate(sets)
        ),
        min_shared,
        parts=parts,
    )
    expected = [
        (x, y, len(sets[x] & sets[y]))
        for x, y in combinations(range(len(sets)), 2)
        if len(sets[x] & sets[y]) >= min_shared
    ]
    assert list(zip(a.tolist(), b.tolist(), shared.tolist(), strict=True)) == expected


@given(st.lists(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=40), min_size=1, max_size=8))
def test_vectorized_signatures_equal_datasketch(sets: list[list[str]]) -> None:
    """The fast path (one numpy pass over many sets) against datasketch's MinHash, one set at a time."""
    from dedupe.signature import Signer

    signer = Signer(64, 1)
    fast = signer.signatures(sets)
    assert [f.tolist() for f in fast] == [signer.signature(values).tolist() for values in sets]
