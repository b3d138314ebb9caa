"""The REST API and web dashboard (`tocsin serve`): FastAPI over the store and the extraction pipeline.

    >>> from tocsin.api import create_app
    >>> app = create_app(store_url="sqlite:///events.db")      # serve it with uvicorn, or `tocsin serve`

Needs the optional extra: pip install 'tocsin[api]'. See docs/api.md and docs/dashboard.md.
"""

from __future__ import annotations

from ..errors import MissingExtraError

try:
    import fastapi  # noqa: F401
    import jinja2  # noqa: F401
except ImportError as err:  # pragma: no cover - the extra is installed wherever the tests run
    raise MissingExtraError("the API and dashboard need an optional extra: pip install 'tocsin[api]'") from err

from .app import create_app

__all__ = ["create_app"]
