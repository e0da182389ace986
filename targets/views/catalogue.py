"""The target catalogue as a download: every quantitative target of every plan."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.translation import gettext

from shangqiu_cbec.language import is_english
from spreadsheets.writers import csv_bytes, xlsx_bytes
from targets.catalogue import catalogue_rows, catalogue_targets

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def export_targets(request, fmt):
    """目标清单 as csv or xlsx: Chinese headers on Chinese pages unless ``?headers=en`` asks for the stable English
    ones, which English pages get (with English names)."""
    if fmt not in CONTENT_TYPES:
        raise Http404("不支持的格式")
    asked = request.GET.get("headers") or ("en" if is_english() else "zh")
    headers, rows = catalogue_rows(catalogue_targets(), chinese=asked != "en")
    data = csv_bytes(headers, rows) if fmt == "csv" else xlsx_bytes([(gettext("目标清单"), headers, rows)])
    return attachment(data, f"targets.{fmt}", CONTENT_TYPES[fmt])
