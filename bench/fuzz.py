"""Fuzz the importers: ``make fuzz`` (``python -m bench.fuzz``).

Mutates the shared FIT, GPX and TCX samples (:mod:`lydiard.importers.mutate`) and reads
every case through :func:`lydiard.importers.read_bytes` / ``read_bytes_all`` in a worker
subprocess whose address space is capped (``RLIMIT_AS``). Each case must end in an
Activity or a :class:`~lydiard.errors.LydiardError` whose message starts with the file's
name, within :data:`LIMIT_S` of CPU time. Anything else is a failure: another exception
(MemoryError included), a case slower than the limit, a hang (the worker is killed after
:data:`KILL_S`) or a worker that dies. Failures are printed with the command that replays
them and saved under ``out/fuzz/``; the figures go into docs/benchmarks.md (section
``fuzz``, other sections kept).

    python -m bench.fuzz                      # 10,000 cases per format, 2 workers
    python -m bench.fuzz --cases 500 --no-write
    python -m bench.fuzz --seed 1 --replay fit:4711  # one case, in-process, with a traceback
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import select
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.report import Section

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "benchmarks.md"
FAILURES = ROOT / "out" / "fuzz"
SHARED = Path(os.environ.get("LYDIARD_SHARED_DATA") or ROOT.parent / "shared" / "data")

FORMATS = ("fit", "gpx", "tcx")
#: A case slower than this fails (seconds of the worker's CPU time: on a shared machine the
#: wall clock also counts the neighbours; cases over it in wall time are counted apart).
LIMIT_S = 2.0
#: A worker silent for this long is killed and the case counted as a hang.
KILL_S = 30.0
#: The address-space cap of a worker (bytes): a case needing more fails with MemoryError.
MEMORY_BYTES = 2 << 30
#: Samples larger than this are not mutated (bytes), keeping 30,000 cases in minutes.
MAX_BYTES = {"fit": 160_000, "gpx": 250_000, "tcx": 500_000}


# --- one case (worker side) ---------------------------------------------------------


def _corpora() -> dict[str, list[tuple[str, bytes]]]:
    from lydiard.importers.mutate import corpus

    return {fmt: corpus(SHARED, fmt, MAX_BYTES[fmt]) for fmt in FORMATS}


def _donors(corpora: dict[str, list[tuple[str, bytes]]]) -> list[bytes]:
    return [data for fmt in FORMATS for _, data in corpora[fmt]]


def read_case(name: str, data: bytes, index: int) -> tuple[str, str]:
    """Read one case as the campaign does: (outcome, detail).

    Outcomes: "activity", "error" (a LydiardError naming the file) or "failure". Cases
    cycle through the entry points: ``read_bytes_all`` (2 in 5), ``read_bytes`` (2 in 5)
    and ``read_bytes(strict=True)`` (1 in 5).
    """
    from lydiard.errors import LydiardError
    from lydiard.importers import read_bytes, read_bytes_all
    from lydiard.model import Activity

    inner = name.removesuffix(".gz")
    try:
        if index % 5 in (0, 1):
            results = read_bytes_all(data, name)
        else:
            results = [read_bytes(data, name, strict=index % 5 == 4)]
    except LydiardError as exc:
        message = str(exc)
        if not message.startswith((f"{inner}: ", f"{name}: ")):
            return "failure", f"message does not start with the file name: {message!r}"
        return "error", message
    except BaseException as exc:  # the point of fuzzing: nothing else may escape
        if isinstance(exc, KeyboardInterrupt):
            raise
        return "failure", "".join(traceback.format_exception(exc, limit=-4)).strip()
    if not results or not all(isinstance(a, Activity) for a in results):
        return "failure", f"returned {results!r:.200}"
    return "activity", f"{len(results)} activit{'y' if len(results) == 1 else 'ies'}"


def _worker(seed: int) -> int:
    """Answer "fmt index" lines on stdin with one JSON line each on stdout."""
    from lydiard.importers.mutate import make_case

    corpora = _corpora()
    donors = _donors(corpora)
    for fmt in FORMATS:  # import and load everything (FIT profile...) before the cap
        name, data = min(corpora[fmt], key=lambda item: len(item[1]))
        read_case(name, data, 0)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    for line in sys.stdin:
        fmt, index_text = line.split()
        index = int(index_text)
        case = make_case(fmt, seed, index, corpora[fmt], donors)
        started, cpu_started = time.perf_counter(), time.process_time()
        outcome, detail = read_case(case.name, case.data, index)
        ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu_started) * 1000
        if outcome != "failure" and cpu_ms > LIMIT_S * 1000:
            outcome = "failure"
            detail = f"took {cpu_ms:.0f} ms of CPU, {ms:.0f} ms wall (limit {LIMIT_S * 1000:.0f})"
        reply = {
            "index": index,
            "outcome": outcome,
            "detail": detail[:2000],
            "ms": ms,
            "cpu_ms": cpu_ms,
            "kind": case.kind,
            "source": case.source,
            "size": len(case.data),
            "rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


# --- the campaign (parent side) -----------------------------------------------------


@dataclass
class Tally:
    """One format's results."""

    fmt: str
    cases: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: {"activity": 0, "error": 0})
    failures: list[dict[str, Any]] = field(default_factory=list)
    times_ms: list[float] = field(default_factory=list)
    slowest: dict[str, Any] = field(default_factory=dict)
    rss_kib: int = 0
    cpu_max_ms: float = 0.0
    wall_over: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, reply: dict[str, Any]) -> None:
        with self.lock:
            self.cases += 1
            outcome = reply["outcome"]
            if outcome == "failure":
                self.failures.append(reply)
            else:
                self.outcomes[outcome] += 1
            if "ms" in reply:
                self.times_ms.append(reply["ms"])
                if reply["ms"] > self.slowest.get("ms", -1.0):
                    self.slowest = reply
            self.rss_kib = max(self.rss_kib, reply.get("rss_kib", 0))
            self.cpu_max_ms = max(self.cpu_max_ms, reply.get("cpu_ms", 0.0))
            self.wall_over += reply.get("ms", 0.0) > LIMIT_S * 1000


class Worker:
    """A worker subprocess answering one case at a time."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.proc = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        return subprocess.Popen(
            [sys.executable, "-m", "bench.fuzz", "--worker", "--seed", str(self.seed)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=ROOT,
            env=env,
        )

    def ask(self, fmt: str, index: int) -> dict[str, Any]:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        try:
            self.proc.stdin.write(f"{fmt} {index}\n".encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            return self._restart(index, "the worker had died before the case")
        ready, _, _ = select.select([self.proc.stdout], [], [], KILL_S)
        if not ready:
            return self._restart(index, f"no answer within {KILL_S:.0f} s (a hang)")
        line = self.proc.stdout.readline()
        if not line:
            return self._restart(index, f"the worker died (exit code {self.proc.wait()})")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def _restart(self, index: int, why: str) -> dict[str, Any]:
        self.proc.kill()
        self.proc.wait()
        self.proc = self._start()
        return {"index": index, "outcome": "failure", "detail": why}

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def campaign(fmt: str, seed: int, cases: int, workers: int) -> Tally:
    """Run ``cases`` cases of one format on ``workers`` fresh worker processes."""
    tally = Tally(fmt)
    indices = iter(range(cases))
    lock = threading.Lock()
    started = time.perf_counter()

    def run() -> None:
        worker = Worker(seed)
        try:
            while True:
                with lock:
                    index = next(indices, None)
                if index is None:
                    return
                reply = worker.ask(fmt, index)
                tally.add(reply)
                if reply["outcome"] == "failure":
                    print(f"  FAIL {fmt} #{index}: {reply['detail'][-300:]}", flush=True)
                if tally.cases % 1000 == 0:
                    print(
                        f"  {fmt}: {tally.cases} cases, {len(tally.failures)} failures", flush=True
                    )
        finally:
            worker.close()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.seconds = time.perf_counter() - started
    return tally


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def section(tallies: list[Tally], seed: int, workers: int) -> Section:
    """The benchmark-file section of a campaign."""
    result = Section(
        module="fuzz",
        title="Fuzzed inputs (make fuzz)",
        columns=[
            "format",
            "cases",
            "activity",
            "LydiardError",
            "failures",
            "slowest case ms",
            "most CPU ms",
            f"wall > {LIMIT_S:.0f} s",
            "p99 ms",
            "median ms",
            "peak worker RSS MiB",
            "wall s",
        ],
    )
    for t in tallies:
        result.rows.append(
            [
                t.fmt.upper(),
                f"{t.cases:,}",
                f"{t.outcomes['activity']:,}",
                f"{t.outcomes['error']:,}",
                len(t.failures),
                f"{t.slowest.get('ms', float('nan')):.0f}",
                f"{t.cpu_max_ms:.0f}",
                t.wall_over,
                f"{_percentile(t.times_ms, 0.99):.0f}",
                f"{_percentile(t.times_ms, 0.5):.1f}",
                f"{t.rss_kib / 1024:.0f}",
                f"{t.seconds:.0f}",
            ]
        )
    result.notes = [
        f"Seed {seed}; {workers} worker processes, each capped at "
        f"{MEMORY_BYTES >> 30} GiB of address space (RLIMIT_AS); a case slower than "
        f"{LIMIT_S:.0f} s of CPU fails, a worker silent for {KILL_S:.0f} s is killed (a hang). "
        "Times are per case in the worker: wall clock (slowest, p99, median; it includes "
        "waiting for the shared 2-core machine, whose load average was "
        f"{os.getloadavg()[0]:.1f} at the end) and the worker's own CPU time (most CPU); "
        f"'wall > {LIMIT_S:.0f} s' counts cases over the limit in wall time only.",
        "Mutated samples: shared FIT files up to "
        f"{MAX_BYTES['fit'] // 1000} kB, GPX up to {MAX_BYTES['gpx'] // 1000} kB, TCX up to "
        f"{MAX_BYTES['tcx'] // 1000} kB; mutations from lydiard.importers.mutate (bit flips, "
        "insertions, deletions, repeats, truncations, cross-format splices, FIT huge sizes "
        "and field counts, XML huge attributes/text, deep nesting, entity tricks, extreme "
        "numbers and times, lying encodings; 1 case in 8 gzipped).",
        "Entry points: read_bytes_all (2 in 5), read_bytes (2 in 5), read_bytes strict "
        "(1 in 5). Slowest cases: "
        + "; ".join(
            f"{t.fmt} #{t.slowest.get('index')} {t.slowest.get('kind')} of "
            f"{t.slowest.get('source')}"
            for t in tallies
            if t.slowest
        )
        + ".",
    ]
    return result


def write_section(text: str, out: Path) -> None:
    """Put the section into ``out``, replacing an earlier fuzz section, keeping the rest."""
    from bench.__main__ import _existing_sections

    existing = _existing_sections(out)
    head = out.read_text().split("<!-- bench:", 1)[0] if out.exists() else "# Benchmarks\n\n"
    existing["fuzz"] = text
    out.write_text(head + "\n".join(existing[k] for k in sorted(existing)))


def _report_failures(tallies: list[Tally], seed: int) -> int:
    failures = [(t.fmt, f) for t in tallies for f in t.failures]
    if not failures:
        return 0
    FAILURES.mkdir(parents=True, exist_ok=True)
    saved = FAILURES / f"failures-{seed}.jsonl"
    with saved.open("w") as out:
        for fmt, failure in failures:
            replay = f"python -m bench.fuzz --seed {seed} --replay {fmt}:{failure['index']}"
            out.write(json.dumps({"fmt": fmt, "seed": seed, "replay": replay, **failure}) + "\n")
            print(
                f"FAIL {fmt} #{failure['index']} {failure.get('kind')} of "
                f"{failure.get('source')}: {failure['detail'][-600:]}\n  replay: {replay}"
            )
    print(f"{len(failures)} failures saved in {saved}")
    return 1


def replay(spec: str, seed: int) -> int:
    """Run one case in this process and show what happened (with a traceback)."""
    from lydiard.importers import read_bytes_all
    from lydiard.importers.mutate import make_case

    fmt, index_text = spec.split(":")
    corpora = _corpora()
    case = make_case(fmt, seed, int(index_text), corpora[fmt], _donors(corpora))
    print(f"{fmt} #{case.index}: {case.kind} of {case.source} ({len(case.data)} bytes)")
    started = time.perf_counter()
    outcome, detail = read_case(case.name, case.data, case.index)
    print(f"{outcome} in {(time.perf_counter() - started) * 1000:.0f} ms: {detail}")
    if outcome == "failure":
        read_bytes_all(case.data, case.name)
    return 0 if outcome != "failure" else 1


def main() -> int:
    parser = argparse.ArgumentParser(description="fuzz the FIT, GPX and TCX importers")
    parser.add_argument("--cases", type=int, default=10_000, help="cases per format")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--replay", metavar="FMT:INDEX")
    parser.add_argument("--no-write", action="store_true", help="leave docs/benchmarks.md")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return _worker(args.seed)
    if not SHARED.is_dir():
        print(f"shared sample data not found at {SHARED}; set LYDIARD_SHARED_DATA")
        return 2
    if args.replay:
        return replay(args.replay, args.seed)
    started = time.perf_counter()
    tallies = []
    for fmt in args.formats.split(","):
        print(f"== fuzz {fmt}: {args.cases} cases", flush=True)
        tallies.append(campaign(fmt, args.seed, args.cases, args.workers))
    result = section(tallies, args.seed, args.workers)
    result.seconds = time.perf_counter() - started
    text = result.markdown()
    print(text)
    if not args.no_write:
        write_section(text, args.out)
        print(f"wrote {args.out}")
    return _report_failures(tallies, args.seed)


if __name__ == "__main__":
    sys.exit(main())
