"""Bulk import: many files, folders and Strava exports into the store, in parallel.

Workers parse files and prepare activities (summary metrics, training load with the
athlete's thresholds, encoded samples), a few files per task; this process writes them
to the database in batches of up to :data:`BATCH_SIZE` activities, one transaction per
batch (:meth:`~lydiard.store.activities.ActivityRepository.add_many`: each activity gets
the outcome a transaction of its own would give it). A batch that the database refuses
is written again one transaction per activity. So:

* one bad file never stops the rest: it is listed with its reason at the end;
* an import interrupted at any point loses nothing already stored, and running it again
  finishes it (a file's content hash and each activity's start time are checked first);
* importing the same file twice, or the same activity as FIT and GPX, stores it once
  (a richer format replaces a poorer one; see :mod:`lydiard.store.activities`).

Parallel work goes through any :class:`concurrent.futures.Executor`: a local process pool
by default (``jobs``), this process with ``jobs=1``, or a Dask cluster
(:func:`lydiard.cluster.dask_executor`, ``lydiard import --dask``)::

    with dask_executor("tcp://scheduler:8786") as executor:
        report = import_paths(paths, store, executor=executor)

Results are stored in the order the files were given, whatever order the workers finish
in, so every executor, and a run resumed after a crash, leaves the same database.

The reader and summariser are parameters (module-level functions, so they can be sent to
worker processes): tests and other formats plug in their own.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from lydiard.errors import LydiardError, StoreError, where
from lydiard.importers import read_activities, read_bytes
from lydiard.model import Activity
from lydiard.store.prepare import PreparedActivity, Summariser, prepare_activity
from lydiard.store.records import AddOutcome, SourceFile
from lydiard.store.scoring import LoadScorer, Scorer
from lydiard.store.summary import summarise

if TYPE_CHECKING:
    from lydiard.store.store import Store

__all__ = [
    "ACTIVITY_SUFFIXES",
    "ImportItem",
    "ImportReport",
    "InlineExecutor",
    "Outcome",
    "import_paths",
    "make_executor",
    "prepare_file",
    "prepare_files",
]

#: File endings picked up when walking a folder (files named explicitly are always tried).
ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".zip")
#: Consecutive database failures after which the import stops (the database is down).
MAX_STORE_FAILURES = 5
#: Activities written per database transaction, and the longest (seconds) a prepared
#: activity waits for the rest of its batch (docs/store.md: batched writes).
BATCH_SIZE = 50
BATCH_WAIT_S = 2.0
#: Files per task handed to the executor (one message each way instead of four).
TASK_FILES = 4
_CHUNK = 64

Reader = Callable[..., Activity]
Progress = Callable[["ImportItem", int, int], None]
P = ParamSpec("P")
T = TypeVar("T")


class Outcome(StrEnum):
    """What happened to one file or activity."""

    ADDED = "added"
    REPLACED = "replaced"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"  # the file was imported before: not read again
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ImportItem:
    """The outcome for one file (or one activity of an export).

    Attributes:
        name: the file (for exports ``export.zip/activities/123.fit``).
        outcome: added, replaced, duplicate, skipped or failed.
        activity_id: the stored activity, when there is one.
        reason: why it failed, was a duplicate or replaced another.
    """

    name: str
    outcome: Outcome
    activity_id: int | None = None
    reason: str = ""


@dataclass
class ImportReport:
    """Everything an import did.

    Attributes:
        items: one per file or exported activity, in the order they finished.
        seconds: wall-clock time.
    """

    items: list[ImportItem] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, outcome: Outcome) -> int:
        """How many items had this outcome."""
        return sum(1 for item in self.items if item.outcome is outcome)

    @property
    def failures(self) -> list[ImportItem]:
        """The items that failed, with their reasons."""
        return [item for item in self.items if item.outcome is Outcome.FAILED]

    def counts(self) -> dict[str, int]:
        """Items per outcome, every outcome listed."""
        return {outcome.value: self.count(outcome) for outcome in Outcome}


# --------------------------------------------------------------------- executors


class InlineExecutor(Executor):
    """Runs each task at once in this process: for tests, debugging and ``--jobs 1``."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run ``fn`` now and return a finished future (interrupts propagate at once)."""
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # delivered through the future, as a pool would
            future.set_exception(exc)
        return future


def make_executor(jobs: int) -> Executor:
    """A process pool of ``jobs`` workers, or an :class:`InlineExecutor` for one."""
    if jobs <= 1:
        return InlineExecutor()
    # Never fork this process: it may hold threads (the progress bar) and database
    # connections. A fork server that has imported the worker code once is cheap to fork.
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload([__name__])
        return ProcessPoolExecutor(max_workers=jobs, mp_context=server)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"))


# --------------------------------------------------------------------- worker side


@dataclass(frozen=True, slots=True)
class _Parsed:
    prepared: PreparedActivity | None
    error: str = ""


def prepare_file(
    data: bytes,
    name: str,
    reader: Reader = read_bytes,
    summariser: Summariser = summarise,
    strict: bool = False,
    scorer: Scorer | None = None,
) -> _Parsed:
    """Read one file and prepare its activity for storing (runs in a worker).

    Returns the prepared activity (summary, load when a scorer is given, encoded
    samples), or the reason the file cannot be imported; never raises for a bad file, so
    one file cannot stop the others.
    """
    try:
        activity = reader(data, name=name, strict=strict)
        return _Parsed(prepare_activity(activity, summariser, scorer=scorer))
    except LydiardError as exc:
        return _Parsed(None, str(exc))
    except Exception as exc:  # a reader bug must not stop the other files
        return _Parsed(None, f"{name}: unexpected {type(exc).__name__} while reading: {exc}")


def prepare_files(
    files: Sequence[tuple[bytes, str]],
    reader: Reader = read_bytes,
    summariser: Summariser = summarise,
    strict: bool = False,
    scorer: Scorer | None = None,
) -> list[_Parsed]:
    """:func:`prepare_file` for several files in one task (fewer, larger messages)."""
    return [prepare_file(data, name, reader, summariser, strict, scorer) for data, name in files]


# --------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class _File:
    path: Path


@dataclass(frozen=True, slots=True)
class _Export:
    path: Path


@dataclass(frozen=True, slots=True)
class _Missing:
    path: Path


_Source = _File | _Export | _Missing


def _is_export_dir(path: Path) -> bool:
    return (path / "activities.csv").is_file()


def _walk(folder: Path) -> Iterator[_Source]:
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from [_Export(child)] if _is_export_dir(child) else _walk(child)
        elif child.name.lower().endswith(ACTIVITY_SUFFIXES):
            yield _Export(child) if child.name.lower().endswith(".zip") else _File(child)


def _sources(paths: Iterable[str | Path]) -> list[_Source]:
    found: list[_Source] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend([_Export(path)] if _is_export_dir(path) else _walk(path))
        elif path.is_file():
            is_zip = path.name.lower().endswith(".zip")
            found.append(_Export(path) if is_zip else _File(path))
        else:
            found.append(_Missing(path))
    return found


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------- the import


class _Run:
    """State of one import: the store, the athlete, the report, progress."""

    def __init__(self, store: Store, athlete_id: int, progress: Progress | None) -> None:
        self.store = store
        self.athlete_id = athlete_id
        self.progress = progress
        self.report = ImportReport()
        self.total = 0
        self.store_failures = 0
        self.batch: list[tuple[str, PreparedActivity, SourceFile | None]] = []
        self.batch_started = 0.0

    def done(self, item: ImportItem) -> None:
        self.report.items.append(item)
        if self.progress is not None:
            self.progress(item, len(self.report.items), max(self.total, len(self.report.items)))

    def queue(self, name: str, prepared: PreparedActivity, source: SourceFile | None) -> None:
        """Add a prepared activity to the batch; write the batch when it is full."""
        if not self.batch:
            self.batch_started = time.monotonic()
        self.batch.append((name, prepared, source))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def batch_wait_s(self) -> float | None:
        """Seconds until the waiting batch is due, or None when there is none."""
        if not self.batch:
            return None
        return max(0.0, self.batch_started + BATCH_WAIT_S - time.monotonic())

    def flush(self, *, due_only: bool = False) -> None:
        """Write the waiting batch in one transaction (with ``due_only``, once it is due).

        When the batch fails, its activities are written one transaction each, so a bad
        one is reported alone and never costs the others.
        """
        wait_s = self.batch_wait_s()
        if wait_s is None or (due_only and wait_s > 0):
            return
        batch, self.batch = self.batch, []
        try:
            results = self.store.activities.add_many(
                self.athlete_id, [(prepared, source) for _, prepared, source in batch]
            )
        except StoreError:
            for name, prepared, source in batch:
                self.store_prepared(name, prepared, source)
            return
        self.store_failures = 0
        for (name, _, _), result in zip(batch, results, strict=True):
            self.done(ImportItem(name, _OUTCOME[result.outcome], result.activity_id, result.reason))

    def store_prepared(
        self, name: str, prepared: PreparedActivity, source: SourceFile | None
    ) -> None:
        """Write one activity in its own transaction."""
        try:
            result = self.store.activities.add(self.athlete_id, prepared, source_file=source)
        except StoreError as exc:
            self.store_failures += 1
            if self.store_failures >= MAX_STORE_FAILURES:
                raise StoreError(f"import stopped after repeated database failures: {exc}") from exc
            self.done(ImportItem(name, Outcome.FAILED, reason=str(exc)))
            return
        self.store_failures = 0
        self.done(ImportItem(name, _OUTCOME[result.outcome], result.activity_id, result.reason))


_OUTCOME = {
    AddOutcome.ADDED: Outcome.ADDED,
    AddOutcome.REPLACED: Outcome.REPLACED,
    AddOutcome.DUPLICATE: Outcome.DUPLICATE,
}


def import_paths(
    paths: Iterable[str | Path],
    store: Store,
    *,
    athlete: str | int | None = None,
    reader: Reader = read_bytes,
    summariser: Summariser = summarise,
    executor: Executor | None = None,
    jobs: int = 1,
    max_in_flight: int | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    score: bool = True,
) -> ImportReport:
    """Import activity files, folders (recursively) and Strava exports into the store.

    Args:
        paths: files, folders and Strava exports (zip or unpacked folder).
        store: the open store.
        athlete: whose activities (name or id); created by name when absent; "me" if None.
        reader: ``reader(data, name=..., strict=...) -> Activity`` (runs in the workers).
        summariser: computes the stored summary metrics (runs in the workers).
        executor: where files are parsed; a new pool of ``jobs`` processes when None.
        jobs: worker processes when no executor is given (1: in this process).
        max_in_flight: files handed to the executor at once (bounds memory).
        strict: make readers raise on problems they would otherwise list as issues.
        progress: called as ``progress(item, done, total)`` after each item.
        score: compute each activity's training load with the athlete's thresholds as it
            is read (:class:`~lydiard.store.scoring.LoadScorer`).

    Returns:
        The report: one item per file (or exported activity), failures with reasons.

    Raises:
        KeyboardInterrupt: when interrupted; everything stored so far stays stored.
        StoreError: when the database keeps failing.
    """
    started = time.perf_counter()
    if isinstance(athlete, int):
        person = store.athletes.get(athlete)
    else:
        person = store.athletes.ensure(athlete or "me")
    athlete_id = person.id
    scorer = LoadScorer(person) if score else None
    run = _Run(store, athlete_id, progress)
    sources = _sources(paths)
    files = [s for s in sources if isinstance(s, _File)]
    run.total = len(files)
    for source in sources:
        if isinstance(source, _Missing):
            run.total += 1
            run.done(ImportItem(str(source.path), Outcome.FAILED, reason="no such file or folder"))
    own_executor = executor is None
    pool = executor or make_executor(jobs if len(files) > 1 else 1)
    window = max_in_flight or max(4, (jobs + 2) * _task_size(len(files)))
    try:
        _import_files(run, files, pool, window, reader, summariser, strict, scorer)
        for source in sources:
            if isinstance(source, _Export):
                _import_export(run, source.path, summariser, strict, scorer)
    except BaseException as exc:
        if own_executor:
            pool.shutdown(wait=False, cancel_futures=True)
        if not isinstance(exc, StoreError):
            # Activities already prepared are kept (their batch is written whole or not
            # at all); a failure here must not hide why the import stopped.
            with contextlib.suppress(LydiardError):
                run.flush()
        raise
    if own_executor:
        pool.shutdown(wait=True)
    run.report.seconds = time.perf_counter() - started
    return run.report


def _chunks(items: Sequence[_File], size: int) -> Iterator[Sequence[_File]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _task_size(files: int) -> int:
    """Files per task: up to :data:`TASK_FILES`, fewer for small imports (keep workers busy)."""
    return max(1, min(TASK_FILES, files // 16))


def _import_files(
    run: _Run,
    files: Sequence[_File],
    pool: Executor,
    window: int,
    reader: Reader,
    summariser: Summariser,
    strict: bool,
    scorer: Scorer | None,
) -> None:
    pending: dict[Future[list[_Parsed]], list[tuple[str, SourceFile]]] = {}
    seen: set[str] = set()
    size = _task_size(len(files))
    task: list[tuple[bytes, str]] = []
    task_items: list[tuple[str, SourceFile]] = []

    def in_flight() -> int:
        return sum(len(items) for items in pending.values())

    def collect(block: bool) -> None:
        """Store finished results in the order the files were given.

        In order, whatever order the workers finish in: which of two recordings of one
        activity is kept then never depends on the executor or on where an interrupted
        import stopped, so every run, pool or cluster, resumed or not, stores the same.
        With ``block``, first wait for the oldest task (no longer than the waiting batch
        has before it is due).
        """
        if block and pending:
            oldest = next(iter(pending))
            wait([oldest], timeout=run.batch_wait_s(), return_when=FIRST_COMPLETED)
        while pending and next(iter(pending)).done():
            future = next(iter(pending))
            items = pending.pop(future)
            try:
                results = future.result()
            except BrokenExecutor as exc:
                names = ", ".join(Path(name).name for name, _ in items)
                raise LydiardError(
                    f"import stopped: a worker process died while reading one of {names} "
                    f"or a file next to them ({exc}); everything stored so far is kept; run "
                    "again with --jobs 1 to find the file"
                ) from exc
            except Exception as exc:  # a cluster's own failure (lost worker, scheduler)
                names = ", ".join(Path(name).name for name, _ in items)
                raise LydiardError(
                    f"import stopped: the executor failed on {names} "
                    f"({type(exc).__name__}: {exc}); everything stored so far is kept; "
                    "run the same command again to finish"
                ) from exc
            for (name, source), parsed in zip(items, results, strict=True):
                if parsed.prepared is None:
                    run.done(ImportItem(name, Outcome.FAILED, reason=parsed.error))
                else:
                    run.queue(name, parsed.prepared, source)
        run.flush(due_only=True)

    def submit() -> None:
        """Hand the files gathered so far to the executor as one task."""
        future = pool.submit(prepare_files, list(task), reader, summariser, strict, scorer)
        pending[future] = list(task_items)
        task.clear()
        task_items.clear()
        collect(block=in_flight() >= window)

    try:
        for chunk in _chunks(files, _CHUNK):
            loaded: list[tuple[Path, bytes, str]] = []
            for item in chunk:
                try:
                    data = item.path.read_bytes()
                except OSError as exc:
                    reason = f"{where(item.path)}: cannot read the file ({exc.strerror})"
                    run.done(ImportItem(str(item.path), Outcome.FAILED, reason=reason))
                    continue
                loaded.append((item.path, data, _sha256(data)))
            known = run.store.activities.known_files(run.athlete_id, [sha for *_, sha in loaded])
            for path, data, sha in loaded:
                if sha in known or sha in seen:
                    reason = "imported before" if sha in known else "same file given twice"
                    run.done(ImportItem(str(path), Outcome.SKIPPED, reason=reason))
                    continue
                seen.add(sha)
                task.append((data, path.name))
                task_items.append((str(path), SourceFile(sha, path.name, len(data))))
                if len(task) >= size:
                    submit()
        if task:
            submit()
        while pending:
            collect(block=True)
        run.flush()
    except BaseException:
        for future in pending:
            future.cancel()
        raise


def _import_export(
    run: _Run, path: Path, summariser: Summariser, strict: bool, scorer: Scorer | None
) -> None:
    """A Strava export: read through ``read_activities`` here, one transaction each."""
    export_file: SourceFile | None = None
    if path.is_file():
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        export_file = SourceFile(digest.hexdigest(), path.name, path.stat().st_size)
        if run.store.activities.known_files(run.athlete_id, [export_file.sha256]):
            run.total += 1
            run.done(ImportItem(str(path), Outcome.SKIPPED, reason="export imported before"))
            return
    failed = False
    try:
        for name, value in read_activities(path, strict=strict):
            run.total += 1
            label = f"{path}/{name}"
            if isinstance(value, LydiardError):
                failed = True
                run.done(ImportItem(label, Outcome.FAILED, reason=str(value)))
                continue
            try:
                prepared = prepare_activity(value, summariser, scorer=scorer)
            except Exception as exc:  # a summariser bug must not stop the other activities
                failed = True
                reason = f"{name}: unexpected {type(exc).__name__} while preparing: {exc}"
                run.done(ImportItem(label, Outcome.FAILED, reason=reason))
                continue
            run.queue(label, prepared, None)
    except (LydiardError, OSError, ImportError) as exc:
        failed = True
        run.total += 1
        run.done(ImportItem(str(path), Outcome.FAILED, reason=f"{where(path)}: {exc}"))
    run.flush()
    if export_file is not None and not failed:
        run.store.activities.record_file(run.athlete_id, export_file, "export")
