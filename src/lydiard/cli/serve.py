"""``lydiard serve``: the web dashboard (FastAPI + uvicorn), on 127.0.0.1 by default."""

from __future__ import annotations

from typing import Annotated

import typer

from lydiard.cli.app import app, console, console_err
from lydiard.cli.store_access import open_cli_store, read_settings
from lydiard.errors import InputError


@app.command()
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback: no login needed).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    accounts: Annotated[
        bool | None,
        typer.Option(
            "--accounts/--no-accounts",
            help="Require login (default: only when not on loopback).",
        ),
    ] = None,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", help="Largest upload accepted, MB.")
    ] = 200.0,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Host header to accept (repeatable; default any)."),
    ] = None,
    ssl_certfile: Annotated[
        str | None, typer.Option("--ssl-certfile", help="TLS certificate (PEM) to serve HTTPS.")
    ] = None,
    ssl_keyfile: Annotated[
        str | None, typer.Option("--ssl-keyfile", help="TLS private key (PEM).")
    ] = None,
) -> None:
    """Serve the web dashboard until Ctrl-C.

    On 127.0.0.1 it runs in single-user mode without login; any other address requires
    accounts (create them with `lydiard user add`) and marks cookies Secure, so put it
    behind HTTPS (a reverse proxy, or --ssl-certfile/--ssl-keyfile).
    """
    from lydiard.web import WebConfig, create_app
    from lydiard.web.server import serve as run_server

    if max_upload_mb <= 0:
        raise InputError(f"--max-upload-mb: expected a positive size, got {max_upload_mb:g}")
    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise InputError("--ssl-certfile and --ssl-keyfile go together")
    config = WebConfig(
        host=host,
        port=port,
        accounts=accounts,
        max_upload_bytes=int(max_upload_mb * 1024 * 1024),
        allowed_hosts=tuple(allow_host or ()),
    )
    settings = read_settings()
    store = open_cli_store(settings)
    if config.requires_login and not store.users.list():
        store.close()
        raise InputError(
            "serving with accounts needs at least one user: "
            "`lydiard user add NAME --role athlete` (or coach, admin)"
        )
    web = create_app(settings, config, store=store)
    scheme = "https" if ssl_certfile else "http"
    mode = "accounts (login required)" if config.requires_login else "single user, no login"
    console.print(f"lydiard on {scheme}://{host}:{port}  ({mode}; data: {store.url})")
    if not config.loopback and not ssl_certfile:
        console_err.print(
            "[yellow]note:[/] cookies are marked Secure: serve this behind HTTPS "
            "(a reverse proxy) or pass --ssl-certfile and --ssl-keyfile"
        )
    try:
        run_server(web, host, port, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile)
    finally:
        store.close()
