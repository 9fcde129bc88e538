"""Bulk import on a Dask cluster: an :class:`~concurrent.futures.Executor` for ``import_paths``.

:func:`dask_executor` connects to a Dask distributed scheduler (``tcp://host:8786``) or
starts a small local cluster (``"local"``: worker processes with a memory limit each) and
yields the client's executor; :func:`lydiard.ingest.import_paths` sends each file's bytes
to the workers and stores what they prepare in this process, in the order the files were
given, so the database ends up exactly as after a local import. Workers need lydiard
installed (the same version); they never touch the database.

Dask is optional (``pip install 'lydiard[cluster]'``) and imported only here, when a
cluster is asked for: the CLI starts without it. A LocalCluster starts its workers with
``spawn``, which re-imports the main module: a script using ``"local"`` needs the usual
``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import ExitStack, contextmanager
from typing import Any

from lydiard.errors import InputError, LydiardError

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT_S",
    "LOCAL",
    "LOCAL_MEMORY_LIMIT",
    "LOCAL_WORKERS",
    "check_address",
    "dask_executor",
]

#: The address that asks for a LocalCluster instead of a remote scheduler.
LOCAL = "local"
#: Worker processes of a LocalCluster (one thread each: parsing holds the GIL).
LOCAL_WORKERS = 2
#: Memory limit per LocalCluster worker (Dask's nanny restarts a worker above it).
LOCAL_MEMORY_LIMIT = "1GiB"
#: Seconds to wait for a remote scheduler before giving up.
DEFAULT_CONNECT_TIMEOUT_S = 10.0

_ADDRESS = re.compile(r"^(tcp|tls)://(\[[0-9a-fA-F:]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$")


def check_address(address: str) -> str:
    """Return the scheduler address if it reads ``local`` or ``tcp://HOST:PORT``.

    Raises:
        InputError: for anything else, saying what is expected.
    """
    text = address.strip()
    if text == LOCAL:
        return text
    match = _ADDRESS.match(text)
    if match is None or not 0 < int(match.group(3)) < 65536:
        raise InputError(
            f"--dask {address!r}: expected 'local' or a scheduler address such as "
            "tcp://scheduler:8786"
        )
    return text


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as exc:
        raise LydiardError(
            "--dask needs Dask distributed, which is not installed; "
            "install it with: pip install 'lydiard[cluster]'"
        ) from exc
    return distributed


@contextmanager
def dask_executor(
    address: str,
    *,
    workers: int = LOCAL_WORKERS,
    memory_limit: str = LOCAL_MEMORY_LIMIT,
    timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S,
) -> Iterator[Executor]:
    """An executor running tasks on a Dask cluster; closed (and a local one stopped) after.

    Args:
        address: ``"local"`` for a LocalCluster, else the scheduler, ``tcp://HOST:PORT``.
        workers: worker processes of a LocalCluster.
        memory_limit: memory limit per LocalCluster worker (e.g. ``"1GiB"``).
        timeout_s: seconds to wait for a remote scheduler.

    Raises:
        InputError: when the address cannot be read.
        LydiardError: when Dask is not installed or the scheduler cannot be reached.
    """
    target = check_address(address)
    distributed = _distributed()
    with ExitStack() as stack:
        if target == LOCAL:
            try:
                cluster = distributed.LocalCluster(
                    n_workers=max(1, workers),
                    threads_per_worker=1,
                    processes=True,
                    memory_limit=memory_limit,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            except (OSError, RuntimeError, TimeoutError) as exc:
                raise LydiardError(
                    f"--dask local: cannot start a local Dask cluster ({_first_line(exc)}); "
                    "a script starting one needs `if __name__ == '__main__':`; "
                    "nothing was imported"
                ) from exc
            stack.callback(cluster.close)
            client = distributed.Client(cluster)
        else:
            try:
                client = distributed.Client(target, timeout=f"{timeout_s}s")
            except (OSError, TimeoutError) as exc:
                raise LydiardError(
                    f"--dask {target}: cannot reach the Dask scheduler within {timeout_s:g} s "
                    f"({_first_line(exc)}); nothing was imported"
                ) from exc
        stack.callback(client.close)
        yield client.get_executor()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
