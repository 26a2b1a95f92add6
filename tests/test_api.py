"""The public door: a sorted, complete __all__, and the library run."""

from __future__ import annotations

from conftest import SAMPLES

import dedupe
from dedupe import DedupeConfig, read_documents, run


def test_all_is_sorted_and_importable() -> None:
    assert dedupe.__all__ == sorted(dedupe.__all__)
    for name in dedupe.__all__:
        assert hasattr(dedupe, name)


def test_library_run_on_samples() -> None:
    result = run(read_documents([str(SAMPLES)]), DedupeConfig())
    assert len(result.kept) == 5 and result.duplicates == [] and result.rejected == []
    assert result.report["counts"]["removals"] == 18
