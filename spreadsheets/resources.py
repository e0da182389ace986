"""The bridge to django-import-export: a ``ModelResource`` whose columns come from a ``Sheet``.

The admin's export (and its field selection) therefore writes the same Chinese headers and the
same cell values as the portal's own export; the admin's formats (``spreadsheets.admin``) write them with
``spreadsheets.writers``, which neutralise formula-like text (django-import-export by itself only escapes
``=``, and only when asked).
Imports in the admin go to the portal's preview page (``spreadsheets.admin``), which reports every
problem by row and column and applies a file whole or not at all.
"""

from import_export import resources

from spreadsheets.writers import cell_value


class SheetResource(resources.ModelResource):
    """Subclasses set ``sheet`` and a ``Meta`` with the model and the sheet's fields (see ``resource_for``)."""

    sheet = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._columns = {c.field: c for c in self.sheet.columns}
        for name, column in self._columns.items():
            if name in self.fields:
                self.fields[name].column_name = column.header

    def get_queryset(self):
        return self.sheet.export_queryset()

    def filter_export(self, queryset, **kwargs):
        return self.sheet.export_queryset(queryset)

    def export_field(self, field, instance, **kwargs):
        column = self._columns.get(self.get_field_name(field))
        if column is None:
            return cell_value(super().export_field(field, instance, **kwargs))
        return cell_value(column.value_of(instance))


def resource_for(sheet_class) -> type[SheetResource]:
    """The django-import-export resource of a sheet: its model, its columns in order, its natural key."""
    fields = tuple(c.field for c in sheet_class.columns)
    meta = type(
        "Meta",
        (),
        {
            "model": sheet_class.model,
            "fields": fields,
            "export_order": fields,
            "import_id_fields": sheet_class.natural_key,
        },
    )
    name = f"{sheet_class.model.__name__}Resource"
    return type(name, (SheetResource,), {"sheet": sheet_class(), "Meta": meta, "__module__": sheet_class.__module__})
