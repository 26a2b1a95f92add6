"""Stage 4 (near-duplicate documents) and stage 5 (paragraphs repeated across documents)."""

from __future__ import annotations

import pytest
from conftest import sample_text

from dedupe import Document, clean_text, find_duplicates, find_repeated_paragraphs
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
    assert pair.duplicate and pair.ratio > 0.85


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
        for centre, members in star_clusters(order, [("a", "b"), ("b", "c")]):
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
