"""The server side of the load test: ``python -m bench.load_server DATA_DIR PORT``.

Runs the real app with uvicorn (one process, as ``lydiard serve`` does) in accounts mode
on loopback, with the benchmark's fixed clock, until terminated.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from bench.bench_web import END
from lydiard.settings import Settings
from lydiard.web import WebConfig, create_app
from lydiard.web.server import serve


def main(argv: list[str]) -> None:
    data_dir, port = Path(argv[0]), int(argv[1])
    clock = datetime(END.year, END.month, END.day, 19, tzinfo=UTC)
    config = WebConfig(host="127.0.0.1", port=port, accounts=True, clock=lambda: clock)
    app = create_app(Settings.for_data_dir(data_dir, athlete="jim"), config)
    serve(app, "127.0.0.1", port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1:])
