"""A county's registries in its workspace: list, add, edit and the history of each record.

Every view goes through ``counties.access``: another county's code or record is a 404, a leader's
form is a 403, and the county of a new record is the one in the URL, never a form field.
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from counties import roles
from counties.access import county_for, record_for
from counties.history import history_entries
from enterprises import forms
from enterprises.models import Enterprise, OverseasWarehouse, Park, TrainingBase


@dataclass(frozen=True)
class Registry:
    slug: str
    model: type[models.Model]
    form: type[forms.RegistryForm]
    columns: tuple[str, ...]
    related: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """The list's title: "CBEC parks", "跨境电商园区"."""
        return capfirst(str(self.model._meta.verbose_name_plural))

    @property
    def one(self) -> str:
        """One record's kind, mid-sentence: "New overseas warehouse"."""
        return str(self.model._meta.verbose_name)


REGISTRIES = {
    r.slug: r
    for r in [
        Registry(
            "enterprises",
            Enterprise,
            forms.EnterpriseForm,
            ("name", "credit_code", "industry", "filed_on", "deregistered_on", "city_demo_year", "province_demo_year"),
        ),
        Registry(
            "parks",
            Park,
            forms.ParkForm,
            ("name", "status", "industry", "established_on", "is_specialised", "is_demonstration", "closed_on"),
        ),
        Registry(
            "warehouses",
            OverseasWarehouse,
            forms.OverseasWarehouseForm,
            ("name", "enterprise", "country", "city", "mode", "opened_on", "is_public", "province_public_year"),
            related=("enterprise",),
        ),
        Registry(
            "training-bases", TrainingBase, forms.TrainingBaseForm, ("name", "operator", "established_on", "closed_on")
        ),
    ]
}


@dataclass(frozen=True)
class Cell:
    """A registry list cell: its value and how it is laid out (``name`` cells are cut short with the whole
    name on hover, so one 200-character name cannot squeeze every other column; ``date`` cells keep one line)."""

    value: object
    kind: str = "plain"


def _cell(obj, name: str) -> Cell:
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name)
    if isinstance(value, bool):
        return Cell(_("是") if value else _("否"))
    if name.endswith("_year") and value is not None:
        return Cell(str(value))  # a year, not a quantity: no thousands separator
    if name == "name" or name == "enterprise":
        return Cell("" if value is None else str(value), "name")
    if isinstance(value, datetime.date):
        return Cell(value, "date")
    return Cell(value)


@login_required
def registry_list(request, code, kind):
    registry = REGISTRIES[kind]
    county = county_for(request.user, code)
    records = registry.model.objects.visible_to(request.user).filter(county=county).select_related(*registry.related)
    ctx = {
        "county": county,
        "registry": registry,
        "headers": [registry.model._meta.get_field(c).verbose_name for c in registry.columns],
        "rows": [(obj, [_cell(obj, c) for c in registry.columns]) for obj in records],
        "can_edit": roles.can_edit_county(request.user, county.pk),
    }
    return render(request, "counties/registry_list.html", ctx)


def _form_page(request, county, registry, instance):
    form = registry.form(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        record = form.save()
        messages.success(request, _("已保存：%(record)s") % {"record": record})
        return redirect("registry_list", code=county.code, kind=registry.slug)
    ctx = {"county": county, "registry": registry, "form": form, "record": instance if instance.pk else None}
    return render(request, "counties/registry_form.html", ctx)


@login_required
def registry_add(request, code, kind):
    registry = REGISTRIES[kind]
    county = county_for(request.user, code, write=True)
    return _form_page(request, county, registry, registry.model(county=county))


@login_required
def registry_edit(request, code, kind, pk):
    registry = REGISTRIES[kind]
    county = county_for(request.user, code)
    record = record_for(request.user, registry.model.objects, county, pk, write=True)
    return _form_page(request, county, registry, record)


@login_required
def registry_history(request, code, kind, pk):
    registry = REGISTRIES[kind]
    county = county_for(request.user, code)
    record = record_for(request.user, registry.model.objects, county, pk)
    ctx = {"county": county, "registry": registry, "record": record, "history": history_entries(record)}
    return render(request, "counties/registry_history.html", ctx)
