"""The leadership pages. ``home`` is "/", the leadership overview."""

from dashboards.views.dashboards import (
    forecast,
    home,
    milestones,
    overview,
    overview_export,
    scorecard,
    scorecard_export,
    scorecard_latest,
)
from dashboards.views.drilldown import county, indicator

__all__ = [
    "county",
    "forecast",
    "home",
    "indicator",
    "milestones",
    "overview",
    "overview_export",
    "scorecard",
    "scorecard_export",
    "scorecard_latest",
]
