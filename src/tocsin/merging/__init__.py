"""Cross-article merge: events that different articles report about one real event become one record.

Incremental and near-linear: a new report is compared only with the events of its block (same type and
country, overlapping dates); every join keeps the report it matched and the evidence (`Link`), and a later
article that tells two merged reports apart splits them again. See docs/store.md.
"""

from __future__ import annotations

from ..settings import Settings
from .cluster import Cluster, Link, Merger, Plan, best_member, event_id, plan_article
from .compare import Match, MergeParams, compare, distance_km, mergeable
from .records import Record
from .summary import (
    ArticleRef,
    CountReport,
    MergedCount,
    MergedEvent,
    Report,
    date_range_from_dict,
    event_from_dict,
    merge_reports,
    reconcile_counts,
)

__all__ = [
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
    "Report",
    "best_member",
    "compare",
    "date_range_from_dict",
    "distance_km",
    "event_from_dict",
    "event_id",
    "merge_reports",
    "mergeable",
    "params_of",
    "plan_article",
    "reconcile_counts",
]


def params_of(settings: Settings) -> MergeParams:
    """The merge parameters of the settings' `merge` section."""
    m = settings.merge
    return MergeParams(threshold=m.threshold, slack_days=m.slack_days, max_km=m.max_km, max_span_days=m.max_span_days)
