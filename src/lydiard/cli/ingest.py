"""``lydiard import PATH...``: activity files, folders and Strava exports into the store."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from lydiard.cli.app import app, console, console_err
from lydiard.cli.output import print_json
from lydiard.cli.store_access import open_cli_store, read_settings
from lydiard.cluster import DEFAULT_CONNECT_TIMEOUT_S, LOCAL_WORKERS, check_address, dask_executor
from lydiard.errors import ExitCode, InputError
from lydiard.ingest import ImportItem, ImportReport, Outcome, import_paths

if TYPE_CHECKING:
    from concurrent.futures import Executor

    from lydiard.store import Store


def _summary(report: ImportReport) -> str:
    counts = report.counts()
    parts = [f"{counts['added']} added"]
    for outcome, words in (
        (Outcome.REPLACED, "replaced by a richer file"),
        (Outcome.DUPLICATE, "already stored (duplicates)"),
        (Outcome.SKIPPED, "files imported before"),
        (Outcome.FAILED, "failed"),
    ):
        if counts[outcome.value]:
            parts.append(f"{counts[outcome.value]} {words}")
    return f"{', '.join(parts)} in {report.seconds:.1f} s"


@app.command("import")
def import_(
    paths: Annotated[
        list[Path], typer.Argument(help="Activity files, folders, Strava export zips.")
    ],
    athlete: Annotated[str | None, typer.Option("--athlete", help="Whose activities.")] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (1: no pool).")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Refuse files with recoverable problems.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Read files on a Dask cluster: tcp://HOST:PORT, or 'local' for a "
            "LocalCluster (needs lydiard[cluster]).",
        ),
    ] = None,
    dask_timeout: Annotated[
        float, typer.Option("--dask-timeout", help="Seconds to wait for the scheduler.")
    ] = DEFAULT_CONNECT_TIMEOUT_S,
) -> None:
    """Import activities; running it again skips what is stored and finishes the rest.

    Exit code 0 when every file was imported or already stored, 3 when some failed (they
    are listed; the others are stored).
    """
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs: expected 1 or more, got {jobs}")
    if dask is not None:
        dask = check_address(dask)
        if dask_timeout <= 0:
            raise InputError(f"--dask-timeout: expected seconds above 0, got {dask_timeout}")
    settings = read_settings()
    workers = jobs or settings.jobs
    with open_cli_store(settings) as store, ExitStack() as stack:
        executor = None
        if dask is not None:
            cluster_workers = jobs or LOCAL_WORKERS
            executor = stack.enter_context(
                dask_executor(dask, workers=cluster_workers, timeout_s=dask_timeout)
            )
        athlete_name = athlete or settings.athlete
        report = _run(store, paths, athlete_name, workers, strict, as_json, executor)
    if as_json:
        print_json({"counts": report.counts(), "seconds": report.seconds, "items": report.items})
    else:
        console.print(_summary(report))
        if report.failures:
            table = Table("file", "why it failed", title="Not imported", title_justify="left")
            for item in report.failures:
                table.add_row(item.name, item.reason)
            console.print(table)
    if report.failures:
        raise typer.Exit(int(ExitCode.INPUT))


def _run(
    store: Store,
    paths: list[Path],
    athlete: str,
    jobs: int,
    strict: bool,
    quiet: bool,
    executor: Executor | None = None,
) -> ImportReport:
    stored = 0
    progress = Progress(
        TextColumn("[bold]importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console_err,
        transient=True,
        disable=quiet or not console_err.is_terminal,
    )
    task: TaskID = progress.add_task("", total=None)

    def advance(item: ImportItem, done: int, total: int) -> None:
        nonlocal stored
        if item.outcome in (Outcome.ADDED, Outcome.REPLACED):
            stored += 1
        progress.update(task, completed=done, total=total, description=Path(item.name).name)

    try:
        with progress:
            return import_paths(
                paths,
                store,
                athlete=athlete,
                jobs=jobs,
                executor=executor,
                strict=strict,
                progress=advance,
            )
    except KeyboardInterrupt:
        console_err.print(
            f"interrupted: {stored} activities stored so far are kept; "
            "run the same command again to finish"
        )
        raise
