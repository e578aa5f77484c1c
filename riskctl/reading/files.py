"""Bytes to records: each file parsed once by the YAML reader and checked against its schema.

The one way a file becomes a ``SourceFile``, whether its bytes came from the working tree
or from a git revision. Files that are fine (nearly all) are read without recording
positions and checked by the compiled validator; a file with a problem is read again with
positions so that every finding is placed. Parses are kept by content hash: in memory for
this run, and in the user's cache (``reading.cache``) across runs. Many files at once, on a
cold cache, are parsed in worker processes.
"""

from __future__ import annotations

import marshal
import os
import re
from collections import deque
from collections.abc import Collection, Generator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from riskctl.model.records import Document, JSONPath, Position, Problem, SourceFile
from riskctl.reading.cache import Cache, content_key
from riskctl.reading.loading import load_bytes, load_text
from riskctl.reading.parallel import PARALLEL_MIN, map_chunks, workers
from riskctl.reading.schema import is_valid, validate

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

Positions = tuple[dict[JSONPath, Position], dict[JSONPath, Position], dict[JSONPath, Position]]


class FileInput(NamedTuple):
    """What to parse: the path to show, the schema kind (``register``, ``risk``, ``policy``),
    the bytes or why they could not be read, and the path in the repository when known."""

    path: str
    kind: str
    raw: bytes | Problem
    repo_path: str | None = None
    location: str | None = None  # absolute path in the working tree, for files that can be edited


class Outcome(NamedTuple):
    """A parse, without the path it was read under (so one outcome serves every path with those bytes)."""

    data: Any
    problems: tuple[Problem, ...]
    positions: Positions | None  # recorded only when there were problems to place
    parsed: bool  # the YAML was read (data may still break the schema)


_INTEGER = re.compile(r"-?[0-9]+")


def literal(value: str) -> bool:
    """Whether every YAML scalar that reads as ``value`` holds ``value``'s characters as written,
    in one run. It does unless ``value`` is empty, reads as a decimal integer (``0x1C`` and
    ``+28`` are the item id 28), or holds whitespace (folded lines are joined by a space), a quote
    (``''`` is one ``'`` inside single quotes), a backslash or a character that is not printable
    (escapes, double-quoted)."""
    return (
        bool(value)
        and _INTEGER.fullmatch(value) is None
        and value.isprintable()
        and not any(char.isspace() or char in "'\"\\" for char in value)
    )


def may_name(entry: FileInput, values: Collection[str]) -> bool:
    """Whether the item file ``entry`` may have one of ``values`` (each ``literal``) as its id:
    it is named after one (an item without an id goes by its file's name), its bytes hold
    one, it has a backslash (an escape could spell one), or it could not be read."""
    if not isinstance(entry.raw, bytes) or b"\\" in entry.raw:
        return True
    stem = os.path.splitext(os.path.basename(entry.path))[0]
    return any(value == stem or value.encode("utf-8") in entry.raw for value in values)


UNEXPLAINED = "the file breaks its schema; riskctl check says where"


def parse(raw: bytes, kind: str, explain: bool = True) -> Outcome:
    """Read ``raw`` as a ``kind`` file; never raises. ``explain=False`` gives only the verdict of
    the schema check, for a caller that needs the data and not the reasons (policy references)."""
    quick = load_bytes(raw, "", positions=False)
    if quick.document is not None and not quick.problems:
        if is_valid(quick.document.data, kind):
            return Outcome(quick.document.data, (), None, True)
        if not explain:
            return Outcome(quick.document.data, (Problem("RC102", UNEXPLAINED),), None, True)
    full = load_bytes(raw, "")
    problems = [Problem(p.code, p.message, p.position) for p in full.problems]
    document = full.document
    if document is None:
        return Outcome(None, tuple(problems), None, False)
    problems += [Problem("RC102", s.message, s.position, s.field) for s in validate(document, kind)]
    return Outcome(document.data, tuple(problems), (document.keys, document.values, document.ends), True)


AHEAD_CHUNK = 200  # files a worker parses before handing them back, when the caller is waiting for the first


def _keys(inputs: Sequence[FileInput]) -> list[tuple[str, str] | None]:
    return [(content_key(i.raw), i.kind) if isinstance(i.raw, bytes) else None for i in inputs]


def _parse_chunk(chunk: Sequence[tuple[bytes, str, bool]]) -> list[Outcome]:
    return [parse(raw, kind, explain) for raw, kind, explain in chunk]


Packed = tuple[bytes, dict[int, Outcome]]


def _parse_packed(chunk: Sequence[tuple[bytes, str, bool]]) -> Packed:
    """``_parse_chunk`` in a worker process, its outcomes packed for the way back: the data of
    files without problems (nearly all) with ``marshal``, which writes and reads plain data
    several times faster than pickle (the parent reads each chunk while the walk waits on
    it); the other outcomes as they are."""
    outcomes = _parse_chunk(chunk)
    plain = [o.data if _is_plain(o) else None for o in outcomes]
    others = {index: o for index, o in enumerate(outcomes) if not _is_plain(o)}
    try:
        return marshal.dumps(plain), others
    except ValueError:  # pragma: no cover - parsed data are JSON types, which marshal writes
        return b"", dict(enumerate(outcomes))


def _is_plain(outcome: Outcome) -> bool:
    return outcome.parsed and not outcome.problems and outcome.positions is None


def _unpacked(packed: Packed) -> list[Outcome]:
    blob, others = packed
    datas = marshal.loads(blob) if blob else [None] * len(others)
    return [others.get(index) or Outcome(data, (), None, True) for index, data in enumerate(datas)]


class Parser:
    """Parses files into ``SourceFile`` records, each distinct content once."""

    def __init__(self, cache: Cache | None = None, *, explain: bool = True) -> None:
        self.cache = cache
        self.explain = explain
        self._outcomes: dict[tuple[str, str], Outcome] = {}
        self._sending: _Batches | None = None

    def terse(self) -> Parser:
        """A parser for data only (``explain=False``) that starts from what this one has parsed:
        an explained outcome answers a terse question too (not the other way round)."""
        other = Parser(self.cache, explain=False)
        other._outcomes.update(self._outcomes)
        return other

    def files(self, inputs: Sequence[FileInput]) -> list[SourceFile]:
        keys = _keys(inputs)
        self._parsed(inputs, keys)
        return [self._record(i, key) for i, key in zip(inputs, keys, strict=True)]

    def ahead(self, inputs: Sequence[FileInput]) -> Generator[int, None, None]:
        """Parse ``inputs`` in order while the caller goes on (in worker processes, when
        there are many), for ``files`` to find later: yields how many of ``inputs``, from
        the first, are parsed so far. Closing it stops the workers."""
        keys = _keys(inputs)
        batches = self._batches()
        for entry, key in zip(inputs, keys, strict=True):
            if key is not None and isinstance(entry.raw, bytes):
                batches.add(key, entry.raw)
        batches.send()
        return self._taken(keys, batches)

    def feed(self, raw: bytes, kind: str) -> None:
        """Start parsing ``raw`` as a ``kind`` file now (as its bytes arrive, while git goes on
        writing its log), for a later ``ahead`` to find parsed or on its way."""
        self._batches().add((content_key(raw), kind), raw)

    def close(self) -> None:
        """Stop the worker processes that parse what ``feed`` and ``ahead`` were given."""
        if self._sending is not None:
            self._sending.close()
            self._sending = None

    def _batches(self) -> _Batches:
        if self._sending is None:
            self._sending = _Batches(self)
        return self._sending

    def _taken(self, keys: Sequence[tuple[str, str] | None], batches: _Batches) -> Generator[int, None, None]:
        done = 0
        try:
            while True:
                while done < len(keys) and (keys[done] is None or keys[done] in self._outcomes):
                    done += 1
                yield done
                if done == len(keys):
                    return
                batches.take()
        finally:
            self.close()

    def _keep(self, key: tuple[str, str], raw: bytes, outcome: Outcome) -> None:
        self._outcomes[key] = outcome
        if self.cache is not None and outcome.parsed and not outcome.problems:
            self.cache.put_parsed(key[0], len(raw), outcome.data, [key[1]])

    def _cached(self, todo: dict[tuple[str, str], bytes]) -> None:
        """Take from the cache what it holds of ``todo`` (which keeps the rest)."""
        if todo and self.cache is not None:
            found = self.cache.parsed((key[0], len(raw)) for key, raw in todo.items())
            for key in list(todo):
                hit = found.get(key[0])
                if hit is not None and key[1] in hit[1]:
                    self._outcomes[key] = Outcome(hit[0], (), None, True)
                    del todo[key]

    def file(self, item: FileInput) -> SourceFile:
        if isinstance(item.raw, bytes):  # parsed already (a history reads each version many times): as is
            key = (content_key(item.raw), item.kind)
            if key in self._outcomes:
                return self._record(item, key)
        return self.files([item])[0]

    def _parsed(self, inputs: Sequence[FileInput], keys: Sequence[tuple[str, str] | None]) -> None:
        """Parse what ``inputs`` hold that is not parsed yet (in one chunk per worker, when many)."""
        todo: dict[tuple[str, str], bytes] = {}
        for entry, key in zip(inputs, keys, strict=True):
            if key is not None and key not in self._outcomes and isinstance(entry.raw, bytes):
                todo.setdefault(key, entry.raw)
        self._cached(todo)
        pending = list(todo.items())
        work = [(raw, key[1], self.explain) for key, raw in pending]
        done = 0
        parallel = map_chunks(_parse_packed, work, PARALLEL_MIN)
        try:
            for outcomes in (_unpacked(packed) for packed in parallel) if parallel else [_parse_chunk(work)]:
                for (key, raw), outcome in zip(pending[done : done + len(outcomes)], outcomes, strict=True):
                    self._keep(key, raw, outcome)
                done += len(outcomes)
        except Exception as error:
            if not _worker_lost(error):
                raise
            for (key, raw), outcome in zip(pending[done:], _parse_chunk(work[done:]), strict=True):
                self._keep(key, raw, outcome)  # what the workers had not sent back is parsed here

    def _record(self, entry: FileInput, key: tuple[str, str] | None) -> SourceFile:
        if key is None or not isinstance(entry.raw, bytes):
            problem = entry.raw if isinstance(entry.raw, Problem) else Problem("RC101", "cannot read the file")
            return SourceFile(entry.path, None, (problem,), entry.repo_path, entry.location)
        outcome = self._outcomes[key]
        if not outcome.parsed:
            return SourceFile(entry.path, None, outcome.problems, entry.repo_path, entry.location)
        text = _text(entry.raw)
        if outcome.positions is not None:
            document = Document(entry.path, text, outcome.data, *outcome.positions)
        else:
            path = entry.path
            document = Document(path, text, outcome.data, locator=lambda: load_text(text, path).document)
        return SourceFile(entry.path, document, outcome.problems, entry.repo_path, entry.location)


class _Batches:
    """Files parsed in batches of ``AHEAD_CHUNK``, sent as their bytes arrive and taken back in
    the order sent: in worker processes once there are enough of them to pay for the
    workers (half of ``PARALLEL_MIN``, since more are likely to follow), else here."""

    def __init__(self, parser: Parser) -> None:
        self.parser = parser
        self.waiting: dict[tuple[str, str], bytes] = {}
        self.sent: deque[tuple[Future[Packed] | list[Outcome], list[tuple[tuple[str, str], bytes]]]] = deque()
        self.queued: set[tuple[str, str]] = set()  # waiting or sent, not taken yet
        self.count = 0
        self.pool: ProcessPoolExecutor | None = None
        self.started = False

    def add(self, key: tuple[str, str], raw: bytes) -> None:
        if key in self.parser._outcomes or key in self.queued:
            return
        self.queued.add(key)
        self.waiting[key] = raw
        self.count += 1
        if len(self.waiting) >= AHEAD_CHUNK and self.count >= PARALLEL_MIN // 2:
            self.send()

    def send(self) -> None:
        """Send what waits (or parse it here, when workers would not pay)."""
        waiting, self.waiting = self.waiting, {}
        asked = list(waiting)
        self.parser._cached(waiting)
        self.queued.difference_update(key for key in asked if key not in waiting)  # found in the cache
        if not waiting:
            return
        if not self.started and self.count >= PARALLEL_MIN // 2:
            self.started, self.pool = True, workers()
        batch = list(waiting.items())
        work = [(raw, key[1], self.parser.explain) for key, raw in batch]
        for start in range(0, len(work), AHEAD_CHUNK):
            part = work[start : start + AHEAD_CHUNK]
            self.sent.append((self._submitted(part), batch[start : start + AHEAD_CHUNK]))

    def _submitted(self, part: list[tuple[bytes, str, bool]]) -> Future[Packed] | list[Outcome]:
        """``part`` on its way to a worker; or parsed here, without one (or once one is lost)."""
        if self.pool is not None:
            try:
                return self.pool.submit(_parse_packed, part)
            except Exception as error:
                if not _worker_lost(error):
                    raise
                self.close()
        return _parse_chunk(part)

    def take(self) -> None:
        """Wait for the batch sent first, and keep its outcomes."""
        if not self.sent:
            self.send()
        done, batch = self.sent.popleft()
        try:
            outcomes = done if isinstance(done, list) else _unpacked(done.result())
        except Exception as error:
            if not _worker_lost(error):
                raise
            self.close()  # this batch, and every one after it, is parsed here
            outcomes = _parse_chunk([(raw, key[1], self.parser.explain) for key, raw in batch])
        for (key, raw), outcome in zip(batch, outcomes, strict=True):
            self.parser._keep(key, raw, outcome)
            self.queued.discard(key)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _worker_lost(error: Exception) -> bool:
    """Whether ``error`` says a worker process ended before it sent its files back (killed,
    say, by the system for memory): then they are parsed here, and the answer is the same."""
    from concurrent.futures import CancelledError
    from concurrent.futures.process import BrokenProcessPool

    return isinstance(error, BrokenProcessPool | CancelledError)


def _text(raw: bytes) -> str:
    """The text of bytes that parsed: ``loading.decode`` has found them UTF-8 without a NUL
    or a control character already, so only the byte-order mark is left to drop."""
    return (raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw).decode("utf-8")
