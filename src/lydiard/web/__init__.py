"""The web dashboard: a FastAPI app over the store and the core (``lydiard serve``).

``create_app(settings, WebConfig(...))`` builds it; see docs/web.md for the pages, the
JSON API and the security model.
"""

from lydiard.web.app import create_app
from lydiard.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
