"""Cross-article merge: events that different articles report about one real event become one record.

Incremental and near-linear: a new report is compared only with the events of its block (same type family,
same or unknown country, overlapping dates); every join keeps the report it matched and the evidence
(`Link`), a follow-up told beside its incident or a round-up is linked to it (`Related`), and a later
article that tells two merged reports apart splits them again. See docs/store.md.
"""

from __future__ import annotations

from ..settings import Settings
from .clues import ArticleClues, article_clues, families, same_person
from .cluster import Cluster, Link, Merger, Plan, Related, Window, best_member, event_id, plan_article, windows
from .compare import Match, MergeParams, compare, distance_km, follows, mergeable
from .places import AdminCodes
from .records import AdminLookup, Record
from .summary import (
    ArticleRef,
    CountReport,
    MergedCount,
    MergedEvent,
    Report,
    core_reports,
    date_range_from_dict,
    event_from_dict,
    merge_reports,
    reconcile_counts,
)

__all__ = [
    "AdminCodes",
    "AdminLookup",
    "ArticleClues",
    "ArticleRef",
    "Cluster",
    "CountReport",
    "Link",
    "Match",
    "MergeParams",
    "MergedCount",
    "MergedEvent",
    "Merger",
    "Plan",
    "Record",
    "Related",
    "Report",
    "Window",
    "article_clues",
    "best_member",
    "compare",
    "core_reports",
    "date_range_from_dict",
    "distance_km",
    "event_from_dict",
    "event_id",
    "families",
    "follows",
    "merge_reports",
    "mergeable",
    "params_of",
    "plan_article",
    "reconcile_counts",
    "same_person",
    "windows",
]


def params_of(settings: Settings) -> MergeParams:
    """The merge parameters of the settings' `merge` section."""
    m = settings.merge
    return MergeParams(threshold=m.threshold, slack_days=m.slack_days, max_km=m.max_km, max_span_days=m.max_span_days)
