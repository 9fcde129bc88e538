"""plotly.js, served from the installed plotly package (no CDN: the charts work offline).

The file is read and gzipped once, then served from memory under a versioned URL with a
year-long cache lifetime.
"""

from __future__ import annotations

import gzip
import threading
from functools import cache
from pathlib import Path

import plotly
from fastapi import APIRouter, Request
from fastapi.responses import Response

__all__ = ["PLOTLY_URL", "router"]

router = APIRouter(tags=["assets"])

PLOTLY_VERSION = plotly.__version__
PLOTLY_URL = f"/static/vendor/plotly-{PLOTLY_VERSION}.min.js"
_lock = threading.Lock()


def plotly_path() -> Path:
    """Where the installed plotly package keeps its bundled plotly.min.js."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


@cache
def _bundle() -> tuple[bytes, bytes]:
    raw = plotly_path().read_bytes()
    return raw, gzip.compress(raw, compresslevel=6, mtime=0)


@router.get(PLOTLY_URL, include_in_schema=False)
def plotly_js(request: Request) -> Response:
    """The plotly.js bundle (gzipped when the browser accepts it)."""
    with _lock:
        raw, packed = _bundle()
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable",
        "Vary": "Accept-Encoding",
    }
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(packed, media_type="text/javascript", headers=headers)
    return Response(raw, media_type="text/javascript", headers=headers)
