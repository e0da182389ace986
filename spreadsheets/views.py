"""Pages for spreadsheets: the list of tables, templates, exports, and import with preview then confirm.

An upload is kept (``Upload``, in the database) and checked — in the request for a small file, as a
background job for a big one — and its preview lives at ``/spreadsheets/uploads/<uuid>/`` for its owner
only. "确认导入" applies that same file; the import service re-checks everything inside the transaction,
so a file that became invalid meanwhile is still refused whole. Each user has at most one upload being
checked or imported at a time.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties import roles
from spreadsheets import background, uploads
from spreadsheets.models import Upload, UploadState
from spreadsheets.readers import ACCEPT, max_bytes
from spreadsheets.registry import all_sheets, get_sheet
from spreadsheets.services import export_file, template_file

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
RECENT = 5


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
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(str(filename))}.{fmt}"
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
    recent = Upload.objects.filter(owner=request.user).defer("data")[:RECENT]
    return render(request, "spreadsheets/index.html", {"sheets": sheets, "recent": recent})


@login_required
def template(request, key, fmt):
    sheet = _sheet_or_404(key)
    if not may_import(request.user, sheet):
        raise PermissionDenied
    if fmt not in CONTENT_TYPES:
        raise Http404("format")
    return _download(template_file(sheet, fmt), fmt, _("%(title)s导入模板") % {"title": sheet.title})


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
    """GET: the upload form. POST: keep the file and check it, here or in the background."""
    sheet = _sheet_or_404(key)
    if not may_import(request.user, sheet):
        raise PermissionDenied
    context = _form_context(request, sheet)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["missing_file"] = True
        elif upload.size > max_bytes():
            context["too_big"] = upload.size / 1048576
        else:
            try:
                kept = uploads.upload_create(
                    owner=request.user, sheet_key=sheet.key, file_name=upload.name, data=upload.read()
                )
            except uploads.ImportBusy as busy:
                context["busy"], context["busy_upload"] = True, busy.upload
            else:
                return _check(request, kept)
    return render(request, "spreadsheets/import.html", context)


def _form_context(request, sheet) -> dict:
    return {
        "sheet": sheet,
        "accept": ACCEPT,
        "max_mb": max_bytes() / 1048576,
        "background_rows": uploads.background_rows(),
        "county_only": roles.is_county_staff(request.user),
        "recent": Upload.objects.filter(owner=request.user, sheet_key=sheet.key).defer("data")[:RECENT],
    }


def _check(request, upload: Upload):
    if background.available() and uploads.runs_in_background(upload):
        return redirect(background.start_check(upload))
    uploads.upload_check(upload_id=upload.pk)
    return redirect(upload)


def _own_upload(request, pk) -> Upload:
    """The user's own upload; anyone else's is a 404, as if it did not exist (users who may import
    nothing at all, such as leaders, are refused first)."""
    if not any(may_import(request.user, s) for s in all_sheets()):
        raise PermissionDenied
    upload = get_object_or_404(Upload.objects.defer("data"), pk=pk, owner=request.user)
    sheet = _sheet_or_404(upload.sheet_key)
    if not may_import(request.user, sheet):
        raise PermissionDenied
    return upload


@login_required
def upload_detail(request, pk):
    """The preview (or the outcome) of one upload: problems, warnings to confirm, skipped rows, old → new."""
    upload = _own_upload(request, pk)
    sheet = get_sheet(upload.sheet_key)
    context = {
        **_form_context(request, sheet),
        "upload": upload,
        "result": uploads.result_of(upload),
        "error": (upload.result or {}).get("error") if upload.state == UploadState.FAILED else None,
        "job_url": background.job_url(upload),
    }
    return render(request, "spreadsheets/import.html", context)


@login_required
@require_POST
def upload_confirm(request, pk):
    """Apply the previewed file: all its rows in one transaction, or none."""
    upload = _own_upload(request, pk)
    if upload.state != UploadState.CHECKED:
        messages.error(request, _("这个文件已不在待确认状态，请重新上传。"))
        return redirect(upload)
    confirmed = ""
    if upload.warnings_digest:
        if not request.POST.get("confirm_warnings"):
            messages.error(request, _("请先逐条核对提醒，并勾选“我已核对”后再导入。"))
            return redirect(upload)
        confirmed = upload.warnings_digest
    try:
        if not uploads.upload_confirm(upload=upload):
            return redirect(upload)
    except uploads.ImportBusy as busy:
        messages.error(request, _("您有一个文件正在检查或导入（%(name)s），请等它完成。") % {"name": busy.upload})
        return redirect(upload)
    if background.available() and uploads.runs_in_background(upload):
        return redirect(background.start_apply(upload, confirmed))
    upload = uploads.upload_apply(upload_id=upload.pk, confirmed=confirmed)
    result = uploads.result_of(upload)
    if upload.state == UploadState.IMPORTED and result is not None:
        messages.success(
            request, _("%(sheet)s已导入：%(summary)s。") % {"sheet": result.title, "summary": result.summary()}
        )
    return redirect(upload)
