"""Reading corpora and writing outputs: the only module that opens files.

Readers yield :class:`Document` records and stop at the first bad input with an :class:`InputError` that
names the file and line. Outputs are written into a hidden folder beside the target and moved into place
only when the run has succeeded, so a failed run leaves no half-written output.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import pickle
import shutil
import sys
import tempfile
import weakref
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, Self

import numpy as np

from dedupe.errors import InputError
from dedupe.records import Document

RESERVED_OUTPUT_FIELDS = ("id", "text", "bylines", "duplicate_of", "relation", "matched", "scores", "reason", "origin")
ENCODING_HINT = "convert it to UTF-8 (for example: iconv -f WINDOWS-1256 -t UTF-8 FILE)"


def _decode(data: bytes, where: str, line: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line += data[: err.start].count(b"\n")
        raise InputError(f"{where}:{line}: byte 0x{data[err.start]:02x} is not valid UTF-8; {ENCODING_HINT}") from None


def read_text_file(path: Path) -> Document:
    """A ``.txt`` file as one document; its id is the file name without extension."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from None
    return Document(id=path.stem, text=_decode(data, str(path), 1), origin=str(path))


def _json_line(raw: bytes, where: str, number: int) -> dict[str, Any] | None:
    line = _decode(raw, where, number)
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{where}:{number}: malformed JSON ({err.msg} at column {err.colno}); each line must be one JSON object"
        ) from None
    if not isinstance(record, dict):
        raise InputError(f"{where}:{number}: expected a JSON object, found {type(record).__name__}")
    return record


def _document(record: dict[str, Any], where: str, number: int, id_field: str, text_field: str) -> Document:
    origin = f"{where}:{number}"
    if id_field not in record:
        raise InputError(f"{origin}: field {id_field!r} is missing; pass --id-field NAME to use another field")
    doc_id = record[id_field]
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or doc_id == "":
        raise InputError(f"{origin}: field {id_field!r} must be a non-empty string or integer, not {doc_id!r}")
    text = record.get(text_field)
    if not isinstance(text, str):
        found = "missing" if text_field not in record else f"{type(text).__name__}, not a string"
        raise InputError(f"{origin}: field {text_field!r} is {found}; pass --text-field NAME to use another field")
    fields = {key: value for key, value in record.items() if key not in (id_field, text_field)}
    clash = next((key for key in RESERVED_OUTPUT_FIELDS if key in fields), None)
    if clash:
        raise InputError(
            f"{origin}: field {clash!r} would clash with dedupe's output field of that name; rename it in the input"
        )
    return Document(id=str(doc_id), text=text, fields=fields, origin=origin)


def read_jsonl(stream: BinaryIO, where: str, id_field: str, text_field: str) -> Iterator[Document]:
    """Documents from a JSONL byte stream; blank lines are skipped."""
    number = 0
    try:
        for number, raw in enumerate(stream, start=1):
            record = _json_line(raw, where, number)
            if record is not None:
                yield _document(record, where, number, id_field, text_field)
    except (gzip.BadGzipFile, EOFError, zlib.error) as err:
        raise InputError(
            f"{where}:{number + 1}: not a readable gzip file ({err}); check the file is complete"
        ) from None


def _jsonl_file(path: Path, id_field: str, text_field: str) -> Iterator[Document]:
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            yield from read_jsonl(stream, str(path), id_field, text_field)
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def _is_jsonl(path: Path) -> bool:
    return path.name.endswith((".jsonl", ".jsonl.gz", ".json", ".ndjson", ".ndjson.gz"))


def _check_inputs(inputs: Sequence[str]) -> None:
    if not inputs:
        raise InputError("no input given; name a folder of .txt files, a .jsonl(.gz) file, or - for stdin")
    for name in inputs:
        if name == "-":
            continue
        path = Path(name)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            if not any(path.glob("*.txt")):
                raise InputError(f"{path}: folder has no .txt files; pass JSONL files by name")
        elif not (_is_jsonl(path) or path.suffix == ".txt"):
            raise InputError(f"{path}: unknown input type; expected a folder of .txt files, .txt, .jsonl or .jsonl.gz")


def read_documents(
    inputs: Sequence[str], id_field: str = "id", text_field: str = "text", stdin: BinaryIO | None = None
) -> Iterator[Document]:
    """Every document of every input, in order. Ids must be unique across all inputs.

    An input is a folder (its ``.txt`` files, sorted by name), a ``.txt`` file, a ``.jsonl`` or
    ``.jsonl.gz`` file, or ``-`` for JSONL on standard input.
    """
    _check_inputs(inputs)
    seen: dict[str, str] = {}
    for name in inputs:
        if name == "-":
            documents: Iterable[Document] = read_jsonl(stdin or sys.stdin.buffer, "<stdin>", id_field, text_field)
        else:
            path = Path(name)
            if path.is_dir():
                documents = (read_text_file(p) for p in sorted(path.glob("*.txt")) if p.is_file())
            elif path.suffix == ".txt":
                documents = [read_text_file(path)]
            else:
                documents = _jsonl_file(path, id_field, text_field)
        for document in documents:
            if document.id in seen:
                raise InputError(
                    f"{document.origin}: duplicate id {document.id!r} (first seen at {seen[document.id]}); "
                    "ids must be unique across all inputs"
                )
            seen[document.id] = document.origin
            yield document


def read_jsonl_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """The JSON objects of a ``.jsonl`` or ``.jsonl.gz`` file (dedupe's own outputs, labels), without checks
    beyond well-formed JSON."""
    path = Path(path)
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            for number, raw in enumerate(stream, start=1):
                record = _json_line(raw, str(path), number)
                if record is not None:
                    yield record
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None


def read_text(path: str | Path) -> str:
    """A UTF-8 text file of dedupe's own (report.json), with a one-line error when it cannot be read."""
    path = Path(path)
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror or err}") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 at byte {err.start}") from None


# One encoder each, made once: json.dumps with any option builds a new encoder on every call.
_LINE_ENCODER = json.JSONEncoder(ensure_ascii=False)
_COMPACT_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def dumps_line(record: dict[str, Any]) -> str:
    """One JSONL line: UTF-8 text, keys in the order given."""
    return _LINE_ENCODER.encode(record) + "\n"


def dumps_compact(value: Any) -> str:
    """Compact JSON with sorted keys and UTF-8 text (report.json's items): json's C encoder, which it uses only
    without an indent, at ten times the speed of the indenting one."""
    return _COMPACT_ENCODER.encode(value)


class _Closing:
    """A store usable in a ``with`` block: :meth:`close` on the way out."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PartSpool(_Closing):
    """Records in numbered part files, each written whole by whichever process made the part (a worker), and
    read back by position across all parts (:meth:`items`); the parts are registered in order with :meth:`add`.
    A copy for a worker process (pickled) reads the same parts.

    >>> with PartSpool() as spool:
    ...     spool.add(PartSpool.write(spool.path(0), ["a", "b"]))
    ...     spool.add(PartSpool.write(spool.path(1), ["c"]))
    ...     list(spool), len(spool)
    (['a', 'b', 'c'], 3)
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(tempfile.mkdtemp(dir=directory, prefix="dedupe-parts-"))
        self._parts: list[tuple[str, Sequence[int]]] = []  # (path, offset of each record)
        self._firsts: list[int] = []  # position of each part's first record
        self._size = 0

    def path(self, part: int) -> str:
        return str(self.directory / f"part-{part:07d}")

    @staticmethod
    def write(path: str, records: Iterable[Any]) -> tuple[str, list[int]]:
        """Write one part; returns what :meth:`add` takes. The records are pickled one after another into memory
        by one pickler (the same bytes as a ``pickle.dump`` of each into the file, in about a third less
        time), then written at once."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        offsets = []
        for record in records:
            offsets.append(buffer.tell())
            pickler.dump(record)
            pickler.clear_memo()  # each record stands alone: read back by itself (load)
        with open(path, "wb") as handle:
            handle.write(buffer.getbuffer())
        return path, offsets

    @staticmethod
    def read(path: str) -> Iterator[Any]:
        """The records of one part, in order."""
        with open(path, "rb") as handle:
            while handle.peek(1):
                yield pickle.load(handle)

    def paths(self) -> list[str]:
        return [path for path, _ in self._parts]

    def parts(self) -> list[tuple[str, int]]:
        """(path, number of records) of each part, in order."""
        return [(path, len(offsets)) for path, offsets in self._parts]

    def add(self, part: tuple[str, list[int]]) -> None:
        path, offsets = part
        self._parts.append((path, array("q", offsets)))  # 8 bytes a record
        self._firsts.append(self._size)
        self._size += len(part[1])

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[Any]:
        for path, _ in self._parts:
            yield from self.read(path)

    def items(self, positions: Iterable[int]) -> Iterator[tuple[int, Any]]:
        """(position, record) for ascending ``positions``, each part file opened once and read forwards: many
        records at once cost a pass over the disk, not a seek and a file switch each.

        >>> with PartSpool() as spool:
        ...     spool.add(PartSpool.write(spool.path(0), ["a", "b"]))
        ...     spool.add(PartSpool.write(spool.path(1), ["c"]))
        ...     list(spool.items([0, 2]))
        [(0, 'a'), (2, 'c')]
        """
        wanted = list(positions)
        found = (record for path, offsets in self.locate(wanted) for record in self.load(path, offsets))
        return zip(wanted, found, strict=True)

    def locate(self, positions: Iterable[int]) -> Iterator[tuple[str, list[int]]]:
        """(part path, offsets) of the records at ascending ``positions``, a part at a time: what :meth:`load`
        takes, in a worker process as well as here."""
        current, offsets = -1, []
        for index in positions:
            k = bisect_right(self._firsts, index) - 1
            if k != current:
                if offsets:
                    yield self._parts[current][0], offsets
                current, offsets = k, []
            offsets.append(self._parts[k][1][index - self._firsts[k]])
        if offsets:
            yield self._parts[current][0], offsets

    @staticmethod
    def load(path: str, offsets: Sequence[int]) -> list[Any]:
        """The records of one part at ascending ``offsets`` (:meth:`locate`)."""
        with open(path, "rb") as handle:
            records = []
            for offset in offsets:
                handle.seek(offset)
                records.append(pickle.load(handle))
            return records

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def write_keyed_texts(path: str, keys: Sequence[int], texts: Sequence[str]) -> None:
    """Write texts, each under an integer key (ascending), so that :func:`read_keyed_texts` reads a few of them
    without the rest: the count, the keys, where each text ends, then the texts as UTF-8. Stage 5's matching
    texts wait in such files beside the part files.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "texts")
    >>> write_keyed_texts(path, [3, 7, 9], ["قال", "", "نص آخر"])
    >>> read_keyed_texts(path, [9, 3]), read_keyed_texts(path, [])
    (['نص آخر', 'قال'], [])
    """
    blobs = [text.encode("utf-8") for text in texts]
    ends = np.cumsum([len(blob) for blob in blobs], dtype=np.int64)
    with open(path, "wb") as handle:
        handle.write(np.array([len(blobs)], dtype=np.int64).tobytes())
        handle.write(np.asarray(keys, dtype=np.int64).tobytes())
        handle.write(ends.tobytes())
        handle.write(b"".join(blobs))


def read_keyed_texts(path: str, keys: Sequence[int]) -> list[str]:
    """The texts written under ``keys`` by :func:`write_keyed_texts` (any order; each must be there), read in
    one stretch from the first to the last of them."""
    if not len(keys):
        return []
    with open(path, "rb") as handle:
        fd = handle.fileno()
        count = int(np.frombuffer(os.pread(fd, 8, 0), dtype=np.int64)[0])
        index = np.frombuffer(os.pread(fd, 16 * count, 8), dtype=np.int64)
        stored, ends = index[:count], index[count:]
        rows = np.searchsorted(stored, np.asarray(keys, dtype=np.int64))
        if (rows >= count).any() or (stored[np.minimum(rows, count - 1)] != keys).any():
            raise KeyError(f"{path}: a key asked for is not there")
        starts = np.where(rows > 0, ends[rows - 1], 0)
        low, high = int(starts.min()), int(ends[rows].max())
        blob = os.pread(fd, high - low, 8 + 16 * count + low)
    return [blob[a - low : b - low].decode("utf-8") for a, b in zip(starts.tolist(), ends[rows].tolist(), strict=True)]


class Packed:
    """Many uint64 arrays end to end, with the length of each: one buffer to send between processes and one
    write to a file (:meth:`ArrayStore.extend`) where separate arrays cost a pickle and a write each.

    >>> packed = Packed.of([np.array([3, 1], dtype=np.uint64), np.array([], dtype=np.uint64)])
    >>> packed.values.tolist(), packed.lengths.tolist()
    ([3, 1], [2, 0])
    """

    __slots__ = ("values", "lengths")

    def __init__(self, values: np.ndarray, lengths: np.ndarray) -> None:
        self.values = values  # uint64
        self.lengths = lengths  # int64, one per array

    @classmethod
    def of(cls, arrays: Sequence[np.ndarray]) -> Packed:
        lengths = np.fromiter((one.size for one in arrays), dtype=np.int64, count=len(arrays))
        values = np.concatenate(arrays).astype(np.uint64, copy=False) if arrays else np.empty(0, dtype=np.uint64)
        return cls(values, lengths)


class ArrayStore(_Closing):
    """Variable-length uint64 arrays appended to one flat file and read back by position: the shingle hashes of
    every document wait on disk, not in memory, between counting and the join.

    >>> with ArrayStore() as store:
    ...     for values in ([3, 1], [], [7]):
    ...         _ = store.append(np.array(values, dtype=np.uint64))
    ...     store[0].tolist(), store[1].tolist(), [a.tolist() for a in store], [a.tolist() for a in store.many([0, 2])]
    ([3, 1], [], [[3, 1], [], [7]], [[3, 1], [7]])
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        # A named file, so that worker processes can read it too (:meth:`span`, :func:`read_span`).
        self._file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed by close()
            dir=directory, prefix="dedupe-arrays-", delete=False
        )
        # Removed on close or when garbage, and quietly if its folder went first (a failed run's staging).
        self._remove = weakref.finalize(self, _remove_file, self._file)
        self._bounds = array("q", [0])  # the first item of each array, and the end: 8 bytes a document

    @property
    def path(self) -> str:
        """The file's path, everything appended so far written to it."""
        self._file.flush()
        return self._file.name

    def span(self, index: int) -> tuple[int, int]:
        """Where array ``index`` lies in the file, in bytes (start, end): :func:`read_span` reads it."""
        return self._bounds[index] * 8, self._bounds[index + 1] * 8

    def append(self, values: np.ndarray) -> int:
        """Append one array; returns its index."""
        self.extend(Packed.of([values]))
        return len(self._bounds) - 2

    def extend(self, packed: Packed) -> None:
        """Append the arrays of ``packed``, in order, in one write."""
        # The file position stays at the end: reads go by position (os.pread), and a seek would flush the
        # write buffer every time.
        self._file.write(packed.values.tobytes())
        self._bounds.extend((np.cumsum(packed.lengths) + self._bounds[-1]).tolist())

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def __getitem__(self, index: int) -> np.ndarray:
        self._file.flush()
        return read_span(self._file.fileno(), self.span(index))

    def many(self, indices: Sequence[int]) -> list[np.ndarray]:
        """The arrays at ascending ``indices``, in one read of the stretch of the file from the first to the last
        (a block of neighbours costs one system call, not one each)."""
        if not indices:
            return []
        self._file.flush()
        base = self._bounds[indices[0]]
        block = read_span(self._file.fileno(), (base * 8, self._bounds[indices[-1] + 1] * 8))
        return [block[self._bounds[k] - base : self._bounds[k + 1] - base] for k in indices]

    def __iter__(self) -> Iterator[np.ndarray]:
        """Every array in order, read in blocks of about a million values (:meth:`many`)."""
        index = 0
        while index < len(self):
            last = min(bisect_right(self._bounds, self._bounds[index] + (1 << 20)) - 1, len(self))
            last = max(last, index + 1)
            yield from self.many(range(index, last))
            index = last

    def close(self) -> None:
        self._remove()


def _remove_file(file: IO[bytes]) -> None:
    file.close()
    Path(file.name).unlink(missing_ok=True)


def read_span(fd: int, span: tuple[int, int]) -> np.ndarray:
    """The uint64 array at ``span`` (:meth:`ArrayStore.span`) of the file open as ``fd``, from any process."""
    start, end = span
    return np.frombuffer(os.pread(fd, end - start, start), dtype=np.uint64)


class FactStore(_Closing):
    """Every document's :class:`dedupe.verify.Facts` (None: an empty one) on disk by position, as two
    :class:`ArrayStore`: the token hashes, and the numbers' positions and values (as their bits).

    >>> from dedupe.verify import Facts
    >>> with FactStore() as store:
    ...     store.append(Facts.of(np.array([7, 8], dtype=np.uint64), ["قال", "3.5"]))
    ...     store.append(None)
    ...     one = store[0]
    ...     one.hashes.tolist(), one.positions.tolist(), one.values.tolist(), len(store[1].hashes)
    ([7, 8], [1], [3.5], 0)
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self._hashes, self._numbers = ArrayStore(directory), ArrayStore(directory)

    def append(self, facts: Any) -> None:
        self.extend(self.pack([facts]))

    def extend(self, packed: tuple[Packed, Packed]) -> None:
        """Append the facts that :meth:`pack` packed (in a worker, say)."""
        self._hashes.extend(packed[0])
        self._numbers.extend(packed[1])

    @staticmethod
    def pack(facts: Sequence[Any]) -> tuple[Packed, Packed]:
        """Several documents' facts (or None) as what :meth:`extend` appends."""
        empty = np.empty(0, dtype=np.uint64)
        hashes = [empty if one is None else one.hashes for one in facts]
        numbers = [
            empty if one is None else np.concatenate((one.positions.astype(np.uint64), one.values.view(np.uint64)))
            for one in facts
        ]
        return Packed.of(hashes), Packed.of(numbers)

    def __len__(self) -> int:
        return len(self._hashes)

    def __getitem__(self, index: int) -> Any:
        return self.facts(self._hashes[index], self._numbers[index])

    @property
    def paths(self) -> tuple[str, str]:
        """The two files (token hashes, numbers), for :meth:`spans` read elsewhere."""
        return self._hashes.path, self._numbers.path

    def spans(self, index: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """Where document ``index``'s facts lie in the two files: ``facts(read_span(...), read_span(...))``."""
        return self._hashes.span(index), self._numbers.span(index)

    @staticmethod
    def facts(hashes: np.ndarray, numbers: np.ndarray) -> Any:
        """The :class:`dedupe.verify.Facts` of one document's two stored arrays."""
        from dedupe.verify import Facts  # verify needs rapidfuzz, which reading a corpus does not

        half = numbers.size // 2
        return Facts(hashes, numbers[:half].astype(np.int64), numbers[half:].view(np.float64))

    def close(self) -> None:
        self._hashes.close()
        self._numbers.close()


class ListSpool(_Closing):
    """A long list of JSON values waiting in a file, one compact JSON text a line, in order: the report's
    per-document entries stay here, not in memory, until report.json copies the lines.

    >>> with ListSpool() as entries:
    ...     entries.extend([dumps_compact({"id": "a"}), dumps_compact([1, "ب"])])
    ...     len(entries), list(entries), list(entries.lines())
    (2, [{'id': 'a'}, [1, 'ب']], ['{"id":"a"}', '[1,"ب"]'])
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        # No newline translation: a compact JSON text holds no raw line break, so each line is one item.
        self._file = tempfile.TemporaryFile(  # noqa: SIM115 - closed by close()
            "w+", encoding="utf-8", newline="\n", dir=directory, prefix="dedupe-list-"
        )
        self._size = 0

    def extend(self, lines: Iterable[str]) -> None:
        """Append items given as compact JSON texts (:func:`dumps_compact`)."""
        self._file.seek(0, io.SEEK_END)  # a reader may have stopped anywhere
        for line in lines:
            self._file.write(line)
            self._file.write("\n")
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def lines(self) -> Iterator[str]:
        """Each item's JSON text, in order."""
        self._file.seek(0)
        for _ in range(self._size):
            yield self._file.readline()[:-1]

    def __iter__(self) -> Iterator[Any]:
        return map(json.loads, self.lines())

    def close(self) -> None:
        self._file.close()


class Buckets(_Closing):
    """Arrays of one dtype appended into numbered buckets on disk and read back a bucket at a time: a join or a
    count too large for memory, partitioned the way a distributed engine shuffles.

    >>> with Buckets(3, np.uint64) as buckets:
    ...     buckets.add(np.array([0, 2, 0]), np.array([5, 6, 7], dtype=np.uint64))
    ...     buckets.add(np.array([2]), np.array([8], dtype=np.uint64))
    ...     [values.tolist() for values in buckets]
    [[5, 7], [], [6, 8]]
    """

    def __init__(self, count: int, dtype: Any, directory: str | Path | None = None) -> None:
        self.dtype = np.dtype(dtype)
        self._files = [
            tempfile.TemporaryFile(dir=directory, prefix="dedupe-bucket-")  # noqa: SIM115 - closed by close()
            for _ in range(count)
        ]

    def add(self, bucket_of: np.ndarray, values: np.ndarray) -> None:
        """Append each value to its bucket (``bucket_of``, one per value), keeping their order within a bucket."""
        # As the narrowest type that holds the bucket numbers: numpy's stable sort of 8- and 16-bit integers is a
        # radix sort, five times faster than its merge sort of 64-bit ones.
        narrow = np.uint8 if len(self._files) <= 1 << 8 else np.uint16 if len(self._files) <= 1 << 16 else np.int64
        bucket_of = np.asarray(bucket_of).astype(narrow)
        order = np.argsort(bucket_of, kind="stable")
        bounds = np.searchsorted(bucket_of[order], np.arange(len(self._files) + 1))
        values = np.ascontiguousarray(values, dtype=self.dtype)[order]
        for handle, start, end in zip(self._files, bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            if end > start:
                handle.write(values[start:end].tobytes())

    def __iter__(self) -> Iterator[np.ndarray]:
        """Each bucket's values, in bucket order (one bucket in memory at a time)."""
        for handle in self._files:
            handle.seek(0)
            yield np.frombuffer(handle.read(), dtype=self.dtype)

    def close(self) -> None:
        for handle in self._files:
            handle.close()


class OutputFolder:
    """Files written into a hidden folder beside ``path`` and moved into place by :meth:`commit`.

    Existing files of the same names in ``path`` are replaced; other files there are left alone.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.exists() and not self.path.is_dir():
            raise InputError(f"{self.path}: exists and is not a folder; choose another -o")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.partial-", dir=self.path.parent))
            # mkdtemp makes the folder private; the output folder gets the permissions of any new folder.
            umask = os.umask(0)
            os.umask(umask)
            self.staging.chmod(0o777 & ~umask)
        except OSError as err:
            raise InputError(f"{self.path}: cannot create output folder: {err.strerror}") from None

    def open(self, name: str) -> IO[str]:
        return (self.staging / name).open("w", encoding="utf-8", newline="\n")

    def open_binary(self, name: str) -> IO[bytes]:
        """For text already encoded as UTF-8 (by the worker processes that made it)."""
        return (self.staging / name).open("wb")

    def commit(self) -> None:
        if not self.path.exists():
            os.rename(self.staging, self.path)
            return
        for item in sorted(self.staging.iterdir()):
            os.replace(item, self.path / item.name)
        self.staging.rmdir()

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
