"""dedupe: boilerplate cleaning and deduplication for news text corpora (Arabic first).

The whole run over an iterable of documents, or single stages inside other pipelines::

    from dedupe import Document, run, clean_text, find_duplicates
"""

__version__ = "0.10.4"

from dedupe.clean import clean_text, remove_repeated_paragraphs  # noqa: E402
from dedupe.config import DedupeConfig, load_config  # noqa: E402
from dedupe.errors import ConfigError, DedupeError, InputError  # noqa: E402
from dedupe.io import read_documents  # noqa: E402
from dedupe.normalize import matching_tokens  # noqa: E402
from dedupe.pipeline import (  # noqa: E402
    RunResult,
    find_duplicates,
    find_repeated_paragraphs,
    learn_boilerplate,
    run,
    run_to_directory,
)
from dedupe.records import (  # noqa: E402
    CleanedText,
    Cluster,
    Document,
    PairScores,
    Paragraph,
    Removal,
    RepeatedParagraph,
)

__all__ = [
    "CleanedText",
    "Cluster",
    "ConfigError",
    "DedupeConfig",
    "DedupeError",
    "Document",
    "InputError",
    "PairScores",
    "Paragraph",
    "Removal",
    "RepeatedParagraph",
    "RunResult",
    "__version__",
    "clean_text",
    "find_duplicates",
    "find_repeated_paragraphs",
    "learn_boilerplate",
    "load_config",
    "matching_tokens",
    "read_documents",
    "remove_repeated_paragraphs",
    "run",
    "run_to_directory",
]
