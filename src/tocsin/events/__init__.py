"""Events: what happened, who did it to whom, where, when, how many, according to whom."""

from .extract import extract_events
from .lexicon import Lexicon, lexicon

__all__ = ["Lexicon", "extract_events", "lexicon"]
