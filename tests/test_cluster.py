"""``lydiard import --dask``: a Dask cluster reads the files, the database ends up the same."""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from bench.crashkit import import_inline, prepare_database, write_files

from lydiard.cli import main
from lydiard.cluster import check_address, dask_executor
from lydiard.errors import InputError, LydiardError
from lydiard.ingest import InlineExecutor, import_paths
from lydiard.store import open_store
from lydiard.store.audit import canonical_dump, partial_activities

HAVE_DASK = importlib.util.find_spec("distributed") is not None
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="dask[distributed] not installed")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cluster") / "files"
    write_files(folder, 6)
    return folder


@pytest.fixture(scope="module")
def reference(files: Path, tmp_path_factory: pytest.TempPathFactory):
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'lydiard.db'}"
    prepare_database(url)
    return import_inline(files, url)[1]


@pytest.fixture
def db(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'lydiard.db'}"
    prepare_database(url)
    monkeypatch.setenv("LYDIARD_DATABASE_URL", url)
    monkeypatch.setenv("LYDIARD_ATHLETE", "me")
    return url


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends


@pytest.mark.slow
@needs_dask
def test_import_on_a_local_cluster_stores_exactly_what_an_inline_import_does(
    files, reference, db, capsys
):
    code = main(["import", "--dask", "local", "--jobs", "2", str(files)])
    out = capsys.readouterr().out
    assert code == 3, out  # the damaged file is listed as failed; the rest is stored
    assert "6 added, 1 replaced by a richer file, 1 failed" in out
    with open_store(db) as store:
        assert canonical_dump(store) == reference


@needs_dask
def test_an_unreachable_scheduler_is_one_line_and_loses_nothing(files, reference, db, capsys):
    with open_store(db) as store:
        import_inline(files, db)
        before = canonical_dump(store)
    address = f"tcp://127.0.0.1:{closed_port()}"
    code = main(["import", "--dask", address, "--dask-timeout", "0.5", str(files)])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    text = " ".join(err.split())  # the console wraps long lines
    assert text == (
        f"error: --dask {address}: cannot reach the Dask scheduler within 0.5 s "
        f"(Timed out trying to connect to {address} after 0.5 s); nothing was imported"
    )
    with open_store(db) as store:
        assert canonical_dump(store) == before == reference


@pytest.mark.parametrize(
    "address", ["scheduler:8786", "tcp://host", "tcp://host:99999", "http://host:8786", ""]
)
def test_a_malformed_address_is_an_input_error(address):
    with pytest.raises(InputError, match="expected 'local' or a scheduler address"):
        check_address(address)


@pytest.mark.parametrize("address", ["local", "tcp://10.0.0.5:8786", "tcp://[::1]:8786"])
def test_well_formed_addresses_pass(address):
    assert check_address(address) == address


def test_a_malformed_address_fails_before_the_database_is_opened(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'never.db'}"
    monkeypatch.setenv("LYDIARD_DATABASE_URL", url)
    assert main(["import", "--dask", "scheduler:8786", str(tmp_path)]) == 3
    assert "expected 'local' or a scheduler address" in capsys.readouterr().err
    assert not (tmp_path / "never.db").exists()


def test_without_dask_installed_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    with (
        pytest.raises(LydiardError, match=r"pip install 'lydiard\[cluster\]'"),
        dask_executor("local"),
    ):
        pass


@pytest.mark.slow
def test_the_cli_starts_without_importing_dask():
    code = (
        "import sys; from lydiard.cli import load_commands; load_commands(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    assert child.stdout.decode().strip() == "[]"


class FirstFileLast(ThreadPoolExecutor):
    """Threads where the first file's task finishes well after the others."""

    def __init__(self) -> None:
        super().__init__(max_workers=3)
        self.calls = 0

    def submit(self, fn, /, *args, **kwargs):
        self.calls += 1
        delay_s = 0.5 if self.calls == 1 else 0.0

        def late(*a, **k):
            time.sleep(delay_s)
            return fn(*a, **k)

        return super().submit(late, *args, **kwargs)


def test_results_are_stored_in_file_order_whatever_order_workers_finish(files, reference, db):
    # The first file is the GPX copy of day 0; stored after its FIT (completion order) it
    # would be a "duplicate" instead of being "replaced" by the FIT.
    with open_store(db) as store, FirstFileLast() as pool:
        report = import_paths([files], store, executor=pool, max_in_flight=8)
        outcomes = {Path(item.name).name: item.outcome.value for item in report.items}
        assert (outcomes["00-run-copy.gpx"], outcomes["00-run.fit"]) == ("added", "replaced")
        assert canonical_dump(store) == reference


class FailsOnThird(Executor):
    """Runs tasks inline; the third one fails as a lost cluster worker would."""

    def __init__(self) -> None:
        self.calls = 0

    def submit(self, fn, /, *args, **kwargs):
        self.calls += 1
        future: Future = Future()
        if self.calls == 3:
            future.set_exception(RuntimeError("worker tcp://10.0.0.7:40123 lost"))
        else:
            future.set_result(fn(*args, **kwargs))
        return future


def test_an_executor_failure_stops_with_one_error_and_keeps_what_is_stored(files, reference, db):
    with open_store(db) as store:
        with pytest.raises(LydiardError) as caught:
            import_paths([files], store, executor=FailsOnThird())
        assert str(caught.value) == (
            "import stopped: the executor failed on 01-run.fit (RuntimeError: worker "
            "tcp://10.0.0.7:40123 lost); everything stored so far is kept; run the same "
            "command again to finish"
        )
        assert store.activities.count() == 1  # day 0 (GPX, then replaced by its FIT)
        assert partial_activities(store) == []
        again = import_paths([files], store, executor=InlineExecutor())
        assert again.counts()["skipped"] == 2
        assert canonical_dump(store) == reference
