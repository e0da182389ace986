"""The targets app's pages. ``home`` is "/", the leadership overview."""

from targets.views.catalogue import export_targets
from targets.views.dashboards import (
    forecast,
    home,
    milestones,
    overview_export,
    scorecard,
    scorecard_export,
    scorecard_latest,
)
from targets.views.drilldown import county, indicator

__all__ = [
    "county",
    "export_targets",
    "forecast",
    "home",
    "indicator",
    "milestones",
    "overview_export",
    "scorecard",
    "scorecard_export",
    "scorecard_latest",
]
