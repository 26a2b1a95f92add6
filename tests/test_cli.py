"""The command line, end to end: outputs on the samples, the contract, determinism, and every error path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, sample_text

from dedupe.cli import main

OUTPUTS = ("corpus.jsonl", "duplicates.jsonl", "rejected.jsonl", "report.json", "report.html")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["run", str(SAMPLES), "-o", str(out), "--no-progress", "-q"]) == 0
    return out


def test_samples_all_kept_and_cleaned(sample_run: Path) -> None:
    corpus = {d["id"]: d["text"] for d in read_jsonl(sample_run / "corpus.jsonl")}
    assert sorted(corpus) == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    assert read_jsonl(sample_run / "duplicates.jsonl") == [] and read_jsonl(sample_run / "rejected.jsonl") == []
    texts = dict(zip([k[:3] for k in corpus], corpus.values(), strict=True))
    assert "Image caption" not in texts["000"] and texts["000"].startswith("عرقلت روسيا")
    assert "اقرأ أيضا" not in texts["003"] and "وفي وقت سابق اليوم قال قائد عسكري" in texts["003"]
    assert "مشاركة :" not in texts["003"] and "اخترنا لك" not in texts["004"]
    assert "مشاركة الإتحاد الأفريقي" in texts["004"]
    first_paragraph = sample_text("001").split("\n")[0]
    assert texts["001"].count(first_paragraph) == 1 and "إجلاء الجرحى" in texts["001"]


def test_report_lists_every_removal_with_its_rule(sample_run: Path) -> None:
    report = json.loads((sample_run / "report.json").read_text(encoding="utf-8"))
    assert report["counts"] | {} == report["counts"]
    assert {k: report["counts"][k] for k in ("input", "kept", "duplicates", "rejected")} == {
        "input": 5,
        "kept": 5,
        "duplicates": 0,
        "rejected": 0,
    }
    rules = [(d["id"][:3], r["rule"]) for d in report["documents"] for r in d["removals"]]
    assert ("000", "bbc_image_caption") in rules and ("003", "read_also_block") in rules
    assert ("003", "share_prompt") in rules and ("004", "related_heading") in rules
    assert rules.count(("001", "repeated_paragraph")) == 12
    assert report["counts"]["removals"] == len(rules) == sum(t["count"] for t in report["removals_by_rule"].values())
    for doc in report["documents"]:
        original = next(SAMPLES.glob(f"{doc['id']}.txt")).read_text(encoding="utf-8")
        for removal in doc["removals"]:
            assert original[removal["start"] : removal["end"]] == removal["text"]
    html = (sample_run / "report.html").read_text(encoding="utf-8")
    assert "read_also_block" in html and "اقرأ أيضا على يورونيوز" in html


def test_same_input_gives_the_same_bytes(sample_run: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert main(["run", str(SAMPLES), "-o", str(again), "--no-progress", "-q"]) == 0
    for name in OUTPUTS:
        assert (again / name).read_bytes() == (sample_run / name).read_bytes(), name


def test_duplicates_rejects_and_passthrough(tmp_path: Path) -> None:
    body = sample_text("002")
    records = [
        {"id": "a", "text": body, "source": "iranpress"},
        {"id": "b", "text": body.replace("إيران برس- اوروبا: ", "") + "\nمشاركة :", "source": "copy"},
        {"id": "c", "text": "", "source": "broken"},
        {"id": "d", "text": sample_text("004"), "source": "almayadeen"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(source), "-o", str(out), "-q", "--no-progress"]) == 0
    kept = read_jsonl(out / "corpus.jsonl")
    (duplicate,) = read_jsonl(out / "duplicates.jsonl")
    (rejected,) = read_jsonl(out / "rejected.jsonl")
    assert [d["id"] for d in kept] == ["a", "d"] and kept[0]["source"] == "iranpress"
    assert (duplicate["id"], duplicate["duplicate_of"], duplicate["source"]) == ("b", "a", "copy")
    assert (duplicate["relation"], duplicate["matched"]) == ("duplicate", "a")
    assert set(duplicate["scores"]) == {"shared", "containment", "coverage", "jaccard", "number_conflicts"}
    assert duplicate["scores"]["containment"] > 0.9 and duplicate["scores"]["coverage"] > 0.9
    assert (rejected["id"], rejected["reason"], rejected["source"]) == ("c", "empty text", "broken")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["clusters"] == [
        {"kept": "a", "members": [{"id": "b", "matched": "a", "relation": "duplicate", **duplicate["scores"]}]},
    ]
    assert report["counts"]["kept"] + report["counts"]["duplicates"] + report["counts"]["rejected"] == 4


def test_keep_first_from_the_command_line(tmp_path: Path) -> None:
    body = sample_text("002")
    records = [
        {"id": "short", "text": body},
        {"id": "long", "text": body + "\nجملة إضافية في آخر الخبر المنشور هنا."},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    for keep, kept_id in (("longest", "long"), ("first", "short")):
        out = tmp_path / keep
        assert main(["run", str(source), "-o", str(out), "-q", "--no-progress", "--keep", keep]) == 0
        assert [d["id"] for d in read_jsonl(out / "corpus.jsonl")] == [kept_id]


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dedupe", *args], input=stdin, capture_output=True, cwd=ROOT)


def test_stdin_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("run", "-", "-o", str(out), stdin='{"id": "x", "text": "خبر قصير."}\n'.encode())
    assert result.returncode == 0, result.stderr
    assert b"1 documents: 1 kept, 0 duplicates, 0 rejected" in result.stdout
    assert [d["id"] for d in read_jsonl(out / "corpus.jsonl")] == ["x"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "a", "text": "t"}\n{"id": "b", "text": \n', "bad.jsonl:2: malformed JSON"),
        (b'{"id": "a"}\n', "bad.jsonl:1: field 'text' is missing; pass --text-field NAME"),
        (b'{"id": "a", "text": "t"}\n{"id": "a", "text": "t"}\n', "bad.jsonl:2: duplicate id 'a'"),
        (b'{"id": "a", "text": "\xd9"}\n', "bad.jsonl:1: byte 0xd9 is not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_output(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(content)
    out = tmp_path / "out"
    result = run_cli("run", str(bad), "-o", str(out))
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.count("\n") == 1 and message in stderr and "Traceback" not in stderr
    assert not out.exists() and list(tmp_path.iterdir()) == [bad]


def test_failed_run_leaves_an_existing_output_untouched(sample_run: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"id": "a"}\n')
    before = {name: (sample_run / name).read_bytes() for name in OUTPUTS}
    assert run_cli("run", str(bad), "-o", str(sample_run)).returncode == 2
    assert {name: (sample_run / name).read_bytes() for name in OUTPUTS} == before
    assert not [p for p in sample_run.parent.iterdir() if ".partial-" in p.name]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "no/such/dir", "-o", "x"], "no/such/dir: no such file or folder"),
        (
            ["run", "sample_corpus", "-o", "x", "--config", "missing.toml"],
            "missing.toml: config file not found",
        ),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2 and message in result.stderr.decode() and b"Traceback" not in result.stderr


def test_output_that_is_a_file(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("x")
    result = run_cli("run", str(SAMPLES), "-o", str(taken))
    assert result.returncode == 2 and b"taken: exists and is not a folder" in result.stderr
    assert taken.read_text() == "x"


def test_unknown_config_key(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[near_duplicates]\nnum_perms = 64\n")
    result = run_cli("run", str(SAMPLES), "-o", str(tmp_path / "out"), "--config", str(config))
    assert result.returncode == 2 and b"valid keys in [near_duplicates]" in result.stderr


def test_every_command_has_help_and_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("run", "rules", "explain"):
        result = run_cli(command, "--help")
        assert result.returncode == 0 and result.stdout
        assert f"dedupe {command}" in readme
    for option in ("--config", "--id-field", "--text-field", "--keep", "--jobs", "--progress", "--quiet"):
        assert option in readme


def test_rules_lists_builtin_rules() -> None:
    result = run_cli("rules")
    assert result.returncode == 0 and b"read_also_block" in result.stdout


def test_explain_one_and_two_documents(tmp_path: Path) -> None:
    from test_schemas import CORPUS

    from dedupe import DedupeConfig, run_to_directory
    from dedupe.config import NearDuplicatesConfig

    run_to_directory(CORPUS, tmp_path, DedupeConfig(near_duplicates=NearDuplicatesConfig(min_words=5)))
    one = run_cli("explain", str(tmp_path), "b")
    assert one.returncode == 0
    text = one.stdout.decode()
    assert "dropped (duplicates.jsonl) as a duplicate of a" in text
    assert "coverage 0.943 ≥ min_coverage 0.5" in text and "share_prompt removed" in text
    two = run_cli("explain", str(tmp_path), "a", "c").stdout.decode()
    assert "a and c:" in two and "coverage 0.104 < min_coverage 0.5" in two
    assert "so: contained (reported" in two and "not in the same cluster" in two
    assert "never compared: d was rejected" in run_cli("explain", str(tmp_path), "a", "d").stdout.decode()
    missing = run_cli("explain", str(tmp_path), "nope")
    assert missing.returncode == 2 and b"no document with id 'nope'" in missing.stderr
    assert run_cli("explain", str(tmp_path.parent), "a").returncode == 2


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    result = run_cli("run", str(SAMPLES), "-o", str(tmp_path / "out"), "--jobs", "0")
    assert result.returncode == 2 and b"--jobs must be at least 1" in result.stderr


def test_bad_input_is_reported_the_same_with_workers(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "نص أول"}\n{"id": "b", "text": "نص"}\nnot json\n', encoding="utf-8")
    for jobs in ("1", "2"):
        result = run_cli("run", str(bad), "-o", str(tmp_path / "out"), "--jobs", jobs)
        assert result.returncode == 2 and b"bad.jsonl:3: malformed JSON" in result.stderr
        assert not (tmp_path / "out").exists()
