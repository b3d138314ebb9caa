"""tocsin: turn news reports into event data.

    >>> import tocsin
    >>> result = tocsin.extract("La police a arrêté 300 manifestants jeudi à Lyon.", published="2024-03-07")
    >>> [e.type for e in result.events]
    ['ARREST']
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import TocsinError
from .model import (
    Actor,
    Article,
    ArticleResult,
    Count,
    DateRange,
    Event,
    Location,
    Place,
    PlaceMention,
    QuantityMention,
    Rejected,
    Source,
    Span,
    TimeMention,
)
from .pipeline import Extractor, extract, extract_many
from .settings import Settings, load_settings

__all__ = [
    "Actor",
    "Article",
    "ArticleResult",
    "Count",
    "DateRange",
    "Event",
    "Extractor",
    "Location",
    "Place",
    "PlaceMention",
    "QuantityMention",
    "Rejected",
    "Settings",
    "Source",
    "Span",
    "TimeMention",
    "TocsinError",
    "__version__",
    "extract",
    "extract_many",
    "load_settings",
]
