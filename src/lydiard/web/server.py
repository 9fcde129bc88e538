"""Running the app with uvicorn, in the foreground or in a background thread.

``lydiard serve`` runs it in the foreground; browser tests, screenshots and notebooks
run it in a thread on a free port.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from lydiard.errors import LydiardError

__all__ = ["background_server", "free_port", "serve"]


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def serve(
    app: FastAPI,
    host: str,
    port: int,
    *,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    log_level: str = "info",
) -> None:
    """Serve until interrupted (Ctrl-C)."""
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        proxy_headers=False,
        server_header=False,
    )


@contextmanager
def background_server(
    app: FastAPI, host: str = "127.0.0.1", port: int | None = None, *, timeout_s: float = 20.0
) -> Iterator[str]:
    """Serve the app in a thread; yields its base URL ("http://127.0.0.1:PORT").

    Raises:
        LydiardError: when the server does not start within ``timeout_s``.
    """
    port = port or free_port(host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"lydiard-web-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise LydiardError(f"the web server on {host}:{port} did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout_s)
