from __future__ import annotations

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"


def sample_text(prefix: str) -> str:
    """The sample article whose file name starts with ``prefix`` (e.g. "003")."""
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def samples() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))}


def require_shared_data() -> Path:
    if not (SHARED_DATA / "saudinewsnet-dev.jsonl.gz").exists():
        pytest.skip("../shared/data is absent: real-data tests skipped")
    return SHARED_DATA


@functools.cache
def dev_texts() -> list[str]:
    """The dev corpus's texts, or none where ../shared/data is absent (for tests that check on it as well)."""
    path = SHARED_DATA / "saudinewsnet-dev.jsonl.gz"
    if not path.exists():
        return []
    from dedupe import read_documents

    return [document.text for document in read_documents([str(path)])]
