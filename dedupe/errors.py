"""Errors raised by dedupe.

Every error a user can cause is a :class:`DedupeError`; the CLI prints its message on one line and exits
with status 2. Anything else escaping the library is a bug.

::

    DedupeError
     ├── InputError     bad corpus input: missing path, malformed JSONL, missing field, duplicate id, bad bytes
     └── ConfigError    bad configuration: unreadable TOML, unknown key, wrong type or range
"""

from __future__ import annotations


class DedupeError(Exception):
    """Base class of every error a user can cause."""


class InputError(DedupeError):
    """The corpus input cannot be read; the message names the file and line and how to fix it."""


class ConfigError(DedupeError):
    """The configuration is invalid; the message names the key and the valid choices."""
