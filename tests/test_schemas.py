"""report.json, duplicates.jsonl and pairs.jsonl against their JSON Schemas (dedupe/schemas/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SAMPLES

from dedupe import DedupeConfig, Document, read_documents, run_to_directory
from dedupe.config import NearDuplicatesConfig
from dedupe.pipeline import REPORT_SCHEMA_VERSION

jsonschema = pytest.importorskip("jsonschema")
SCHEMAS = Path(__file__).resolve().parent.parent / "dedupe" / "schemas"


def validator(name: str):
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


STORY = (
    "أعلنت وزارة الصحة اليوم تسجيل 44 إصابة جديدة في مدينة جدة، وقالت في بيان نشرته على موقعها إن الفرق الطبية "
    "تتابع الحالات وإن مستشفى الملك فهد استقبل المرضى وإن الحالات مستقرة، ودعت المواطنين إلى الالتزام بالإرشادات."
)
CORPUS = [
    Document("a", "عين اليوم – جدة\n" + STORY, {"source": "3alyoum"}),
    Document("b", STORY.replace("اليوم", "أمس") + "\nمشاركة :", {"source": "okaz"}),
    Document("c", STORY + "\n" + " ".join(f"مفردة{chr(0x0627 + n % 20)}{chr(0x0627 + n // 20)}" for n in range(300))),
    Document("d", "  "),
]


@pytest.mark.parametrize("drop_contained", [False, True])
def test_outputs_follow_their_schemas(tmp_path: Path, drop_contained: bool) -> None:
    config = DedupeConfig(near_duplicates=NearDuplicatesConfig(min_words=5, drop_contained=drop_contained))
    returned = run_to_directory(CORPUS, tmp_path, config)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["clusters"] and report["contained"] and report["documents"]
    spooled = ("documents", "repeated_paragraphs")  # on disk during the run, in report.json only
    assert returned == {k: v for k, v in report.items() if k not in spooled}
    validator("report").validate(report)
    duplicates = lines(tmp_path / "duplicates.jsonl")
    assert duplicates
    for record in duplicates:
        validator("duplicates").validate(record)
    pairs = lines(tmp_path / "pairs.jsonl")
    assert pairs
    for record in pairs:
        validator("pairs").validate(record)


def test_sample_report_follows_the_schema(tmp_path: Path) -> None:
    run_to_directory(read_documents([str(SAMPLES)]), tmp_path)
    validator("report").validate(json.loads((tmp_path / "report.json").read_text(encoding="utf-8")))


def test_schema_version_matches_the_code() -> None:
    schema = json.loads((SCHEMAS / "report.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["schema_version"]["const"] == REPORT_SCHEMA_VERSION
    assert f"report-{REPORT_SCHEMA_VERSION}" in schema["$id"]


def test_schema_rejects_a_broken_report(tmp_path: Path) -> None:
    run_to_directory(read_documents([str(SAMPLES)]), tmp_path)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    del report["documents"][0]["removals"][0]["rule"]
    with pytest.raises(jsonschema.ValidationError, match="'rule' is a required property"):
        validator("report").validate(report)
