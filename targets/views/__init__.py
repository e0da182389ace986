"""The targets app's pages: the plan's target catalogue as a download."""

from targets.views.catalogue import export_targets

__all__ = ["export_targets"]
