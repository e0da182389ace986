"""Pages for spreadsheets: the list of tables, templates, exports, and import with preview then confirm.

An upload is checked (a dry run) and kept in a private temporary file named by a random token held in
the uploader's session; "确认导入" applies that same file. The import service re-checks everything
inside the transaction, so a file that became invalid meanwhile is still refused whole.
"""

import re
import secrets
import tempfile
import time
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties import roles
from spreadsheets.readers import max_bytes
from spreadsheets.registry import all_sheets, get_sheet
from spreadsheets.services import export_file, spreadsheet_import, template_file

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
SESSION_KEY = "spreadsheet_uploads"
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _perm(sheet, action: str) -> str:
    opts = sheet.model._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def may_import(user, sheet) -> bool:
    """Adding and changing rights on the model; rows are further limited to the user's county."""
    return user.has_perm(_perm(sheet, "add")) and user.has_perm(_perm(sheet, "change"))


def may_export(user, sheet) -> bool:
    return user.has_perm(_perm(sheet, "view"))


def _sheet_or_404(key: str):
    sheet = get_sheet(key)
    if sheet is None:
        raise Http404("no such table")
    return sheet


def _download(data: bytes, fmt: str, filename: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("format")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}.{fmt}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
def index(request):
    sheets = [
        {"sheet": s, "may_import": may_import(request.user, s), "may_export": may_export(request.user, s)}
        for s in all_sheets()
    ]
    sheets = [s for s in sheets if s["may_import"] or s["may_export"]]
    if not sheets:
        raise PermissionDenied
    return render(request, "spreadsheets/index.html", {"sheets": sheets})


@login_required
def template(request, key, fmt):
    sheet = _sheet_or_404(key)
    if not may_import(request.user, sheet):
        raise PermissionDenied
    if fmt not in CONTENT_TYPES:
        raise Http404("format")
    return _download(template_file(sheet, fmt), fmt, f"{sheet.title}导入模板")


@login_required
def export(request, key, fmt):
    sheet = _sheet_or_404(key)
    if not may_export(request.user, sheet):
        raise PermissionDenied
    if fmt not in CONTENT_TYPES:
        raise Http404("format")
    return _download(export_file(sheet, sheet.visible_to(request.user), fmt), fmt, sheet.title)


@login_required
def import_preview(request, key):
    """GET: the upload form. POST: check the uploaded file and show what would change, row by row."""
    sheet = _sheet_or_404(key)
    if not may_import(request.user, sheet):
        raise PermissionDenied
    context = {"sheet": sheet, "max_mb": max_bytes() / 1048576, "county_only": roles.is_county_staff(request.user)}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["missing_file"] = True
        elif upload.size > max_bytes():
            context["too_big"] = upload.size / 1048576
        else:
            data = upload.read()
            result = spreadsheet_import(sheet=sheet, file_name=upload.name, data=data, user=request.user)
            context["result"] = result
            if not result.has_errors:
                context["token"] = _keep(request, sheet, upload.name, data)
    return render(request, "spreadsheets/import.html", context)


@login_required
@require_POST
def import_confirm(request, key):
    """Apply the file previewed under ``token``: all its rows in one transaction, or none."""
    sheet = _sheet_or_404(key)
    if not may_import(request.user, sheet):
        raise PermissionDenied
    token = request.POST.get("token", "")
    kept = request.session.get(SESSION_KEY, {}).get(token) if TOKEN_RE.fullmatch(token) else None
    path = _upload_dir() / token if kept and kept["key"] == sheet.key else None
    if path is None or not path.is_file():
        messages.error(request, _("预览已过期，请重新上传文件。"))
        return redirect("spreadsheets:import", key=sheet.key)
    result = spreadsheet_import(
        sheet=sheet, file_name=kept["name"], data=path.read_bytes(), user=request.user, dry_run=False
    )
    _forget(request, token)
    if not result.applied:
        return render(request, "spreadsheets/import.html", {"sheet": sheet, "result": result})
    messages.success(request, _("%(sheet)s已导入：%(summary)s。") % {"sheet": sheet.title, "summary": result.summary()})
    return redirect("spreadsheets:import", key=sheet.key)


def _upload_dir() -> Path:
    path = Path(tempfile.gettempdir()) / "cbec-imports"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _keep(request, sheet, name: str, data: bytes) -> str:
    stale = time.time() - 24 * 3600  # previews never confirmed are swept after a day
    for old in _upload_dir().iterdir():
        if old.stat().st_mtime < stale:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    (_upload_dir() / token).write_bytes(data)
    uploads = request.session.get(SESSION_KEY, {})
    for old in list(uploads)[:-4]:  # a user keeps at most five previews
        _forget(request, old, uploads)
    uploads[token] = {"key": sheet.key, "name": name}
    request.session[SESSION_KEY] = uploads
    return token


def _forget(request, token: str, uploads: dict | None = None) -> None:
    uploads = uploads if uploads is not None else request.session.get(SESSION_KEY, {})
    uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    if TOKEN_RE.fullmatch(token or ""):
        (_upload_dir() / token).unlink(missing_ok=True)
