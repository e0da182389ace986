"""The importable models by their key (``enterprises``, ``parks``, ...), for URLs and the command line."""

from django.utils.module_loading import import_string

SHEETS = [
    "enterprises.resources.EnterpriseSheet",
    "enterprises.resources.ParkSheet",
    "enterprises.resources.OverseasWarehouseSheet",
    "enterprises.resources.TrainingBaseSheet",
    "enterprises.resources.EnterpriseReportSheet",
    "counties.resources.QuarterlyReportSheet",
    "targets.resources.MilestoneSheet",
    "targets.resources.TargetSheet",
]


def all_sheets() -> list:
    return [import_string(path)() for path in SHEETS]


def get_sheet(key: str):
    """The sheet for ``key`` or one of its aliases (also the model's name); ``None`` if there is none."""
    key = key.strip().lower()
    for sheet in all_sheets():
        if key in (sheet.key, sheet.model._meta.model_name, *sheet.aliases):
            return sheet
    return None
