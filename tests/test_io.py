"""Readers: every kind of input, and a one-line error naming file and line for every kind of bad input."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from hypothesis import given
from hypothesis import strategies as st

from dedupe import InputError, read_documents


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_folder_of_txt_files_in_name_order() -> None:
    documents = list(read_documents([str(SAMPLES)]))
    assert [d.id for d in documents] == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    assert documents[0].text == next(iter(sorted(SAMPLES.glob("*.txt")))).read_text(encoding="utf-8")


def test_jsonl_passes_other_fields_through(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": 7, "text": "نص", "source": "was", "date": "2015-07-21"}])
    (document,) = read_documents([str(path)])
    assert (document.id, document.text, dict(document.fields)) == (
        "7",
        "نص",
        {"source": "was", "date": "2015-07-21"},
    )
    assert document.origin == f"{path}:1"


def test_gzip_jsonl_and_custom_fields(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"doc": "x", "body": "نص"}) + "\n\n")
    (document,) = read_documents([str(path)], id_field="doc", text_field="body")
    assert (document.id, document.text) == ("x", "نص")


def test_stdin() -> None:
    stdin = io.BytesIO(b'{"id": "a", "text": "t"}\n{"id": "b", "text": "u"}\n')
    assert [d.id for d in read_documents(["-"], stdin=stdin)] == ["a", "b"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "a", "text": "t"}\n{"id": "b", "text": \n', r"a\.jsonl:2: malformed JSON"),
        (
            b'{"id": "a", "text": "t"}\n{"id": "b"}\n',
            r"a\.jsonl:2: field 'text' is missing; pass --text-field",
        ),
        (b'{"id": "a", "text": null}\n', r"a\.jsonl:1: field 'text' is NoneType, not a string"),
        (b'{"text": "t"}\n', r"a\.jsonl:1: field 'id' is missing; pass --id-field"),
        (
            b'{"id": "a", "text": "t"}\n{"id": "a", "text": "u"}\n',
            r"a\.jsonl:2: duplicate id 'a' \(first seen at .*a\.jsonl:1\)",
        ),
        (
            b'{"id": "a", "text": "t"}\n\n{"id": "b", "text": "\xff"}\n',
            r"a\.jsonl:3: byte 0xff is not valid UTF-8",
        ),
        (b'["a", "t"]\n', r"a\.jsonl:1: expected a JSON object, found list"),
        (b'{"id": "a", "text": "t", "duplicate_of": "b"}\n', r"a\.jsonl:1: field 'duplicate_of' would clash"),
    ],
)
def test_bad_jsonl_names_file_and_line(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(read_documents([str(path)]))


def test_undecodable_txt_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_bytes("سطر أول\nسطر ثان\n".encode() + b"\xe1\xe4\xd1\n")
    with pytest.raises(InputError, match=r"doc\.txt:3: byte 0xe1 is not valid UTF-8; convert it to UTF-8"):
        list(read_documents([str(tmp_path)]))


def test_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    lines = "".join(f'{{"id": "{i}", "text": "t"}}\n' for i in range(1000)).encode()
    path.write_bytes(gzip.compress(lines)[:200])
    with pytest.raises(InputError, match="not a readable gzip file"):
        list(read_documents([str(path)]))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "no such file or folder"),
        (lambda d: d, "folder has no .txt files"),
        (lambda d: (d / "a.csv").write_text("x") and d / "a.csv", "unknown input type"),
    ],
)
def test_bad_paths(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(read_documents([str(make(tmp_path))]))


def test_duplicate_ids_across_inputs(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "000_310c996d245d4154", "text": "x"}])
    with pytest.raises(InputError, match="duplicate id '000_310c996d245d4154'"):
        list(read_documents([str(SAMPLES), str(path)]))


@given(st.dictionaries(st.integers(0, 2**40), st.text(), max_size=20), st.data())
def test_keyed_texts_read_back_any_subset(tmp_path_factory, stored: dict[int, str], data) -> None:
    """Stage 5's matching texts wait in files beside the parts: any keys asked, in any order, give their texts."""
    from dedupe.io import read_keyed_texts, write_keyed_texts

    path = str(tmp_path_factory.mktemp("keys") / "part.keys")
    keys = sorted(stored)
    write_keyed_texts(path, keys, [stored[k] for k in keys])
    asked = data.draw(st.lists(st.sampled_from(keys), unique=True) if keys else st.just([]))
    assert read_keyed_texts(path, asked) == [stored[k] for k in asked]
    missing = next(k for k in range(len(keys) + 1) if k not in stored)
    with pytest.raises(KeyError):
        read_keyed_texts(path, [*asked, missing])


# Texts a pickle must carry unchanged: lone surrogates (alone, or two that UTF-16 would read as one pair).
pickled_texts = st.text(
    alphabet=st.sampled_from(["ق", "a", " ", "\n", "\ud83d", "\ude00", "😀", "\u200b"]), max_size=30
)


@given(pickled_texts, pickled_texts)
def test_documents_and_edited_texts_come_back_from_pickles_unchanged(text: str, other: str) -> None:
    """Their texts travel as UTF-16 where they can (records.packed_text): the same strings come back, and an
    unedited text is still its own original."""
    import pickle

    from dedupe.clean.edits import EditedText
    from dedupe.records import Document

    document = Document("d1", text, {"source": "s"}, "f.jsonl:3")
    assert pickle.loads(pickle.dumps(document)) == document
    unedited = pickle.loads(pickle.dumps(EditedText.of(text)))
    assert unedited == EditedText.of(text) and unedited.original is unedited.text
    edited = EditedText.of(text + other).replace([(0, len(text), "")])
    assert pickle.loads(pickle.dumps(edited)) == edited


@given(st.lists(st.tuples(pickled_texts, st.integers(), st.booleans()), max_size=12), st.data())
def test_part_files_hold_each_record_as_its_own_pickle(tmp_path_factory, rows: list, data) -> None:
    """A part file is each record's own pickle one after another (what pickle.dump of each would write): all of
    them read back in order, any ascending subset by position, and a text shared within a record stays shared."""
    import pickle

    from dedupe.io import PartSpool

    records = [{"text": text, "original": text, "n": n, "flag": flag} for text, n, flag in rows]
    with PartSpool(tmp_path_factory.mktemp("parts")) as spool:
        path, offsets = PartSpool.write(spool.path(0), records)
        with open(path, "rb") as handle:
            assert handle.read() == b"".join(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in records)
        spool.add((path, offsets))
        assert list(PartSpool.read(path)) == records
        asked = sorted(data.draw(st.sets(st.integers(0, len(records) - 1))) if records else [])
        got = list(spool.items(asked))
        assert got == [(k, records[k]) for k in asked]
        assert all(record["original"] is record["text"] for _, record in got)
