"""Signals that lower layers send and higher layers (the dashboards' cache) listen to."""

from django.dispatch import Signal

# Sent after a bulk write that bypasses model signals (bulk_create, bulk_update, QuerySet.update),
# so that caches of computed figures know the data changed.
bulk_data_changed = Signal()

# Sent (after the transaction commits) when an approval makes a quarter complete: every county-level
# unit has approved figures for it. Keyword arguments: ``year``, ``quarter``. The leaders' "figures
# complete" notice and the quarterly bulletin hang on it.
quarter_completed = Signal()
