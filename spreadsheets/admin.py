"""Import and export in the Django admin, through django-import-export.

Export uses the model's ``SheetResource`` (Chinese headers, the portal's cell values) and the portal's
writers (``PortalXLSX``, ``PortalCSV``), which neutralise formula-like text. The admin's "导入"
button opens the portal's own preview page for the model, which names every problem by row and
column, applies the whole file in one transaction and keeps the history; django-import-export's
row-by-row import could do neither at the scale the plan's registries reach.
"""

from django.shortcuts import redirect
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from spreadsheets.registry import all_sheets
from spreadsheets.writers import csv_text, xlsx_bytes


class PortalXLSX(XLSX):
    """xlsx written by the portal's own writer: formula-like text as quote-prefixed text cells."""

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes([(dataset.title or "导出", dataset.headers or [], dataset)])


class PortalCSV(CSV):
    """CSV written by the portal's own writer: formula-like text after an apostrophe (the admin adds the BOM)."""

    def export_data(self, dataset, **kwargs):
        return csv_text(dataset.headers or [], dataset)


class SpreadsheetAdminMixin(ImportExportMixin):
    """Mix in before ``SimpleHistoryAdmin``/``ModelAdmin``; set ``resource_classes`` to the model's resource."""

    formats = [PortalXLSX, PortalCSV]
    to_encoding = "utf-8-sig"  # Chinese Excel reads UTF-8 csv only with a byte-order mark

    def import_action(self, request, **kwargs):
        sheet = next(s for s in all_sheets() if s.model is self.model)
        return redirect("spreadsheets:import", key=sheet.key)
