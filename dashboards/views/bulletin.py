"""The quarterly bulletin: the page to make one for any quarter, the request that renders it as a job,
and the download of a stored file. For the leadership group and city admins (it names every county's
late and returned reports)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from counties import roles
from dashboards.bulletin.pdf import pdf_available
from dashboards.bulletin.services import bulletin_current
from dashboards.forms import BulletinRequestForm
from dashboards.models import Bulletin, BulletinFormat
from dashboards.views.params import choice_from

CONTENT_TYPES = {
    BulletinFormat.PDF: "application/pdf",
    BulletinFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _require_reader(user) -> None:
    if not roles.sees_all_counties(user):
        raise PermissionDenied


@login_required
def bulletins(request):
    """Pick a quarter (the overview's, by default) and a format; the official bulletins sent to the leaders."""
    _require_reader(request.user)
    choice = choice_from(request)
    stored = Bulletin.objects.defer("pdf", "docx").annotate(
        has_pdf=ExpressionWrapper(Q(pdf__isnull=False), output_field=BooleanField()),
        has_docx=ExpressionWrapper(Q(docx__isnull=False), output_field=BooleanField()),
    )
    context = {
        "choice": choice,
        "official": stored.filter(sent_at__isnull=False).select_related("plan"),
        "recent": stored.filter(sent_at__isnull=True).select_related("plan", "generated_by")[:20],
        "pdf_available": pdf_available(),
    }
    return render(request, "dashboards/bulletins.html", context)


@login_required
@require_POST
def bulletin_request(request):
    """Serve the stored file if the figures have not changed since it was rendered, else render it as a job."""
    _require_reader(request.user)
    choice = choice_from(request)
    form = BulletinRequestForm(request.POST, years=choice.years, pending_allowed=roles.sees_pending(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("bulletins")
    year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    pending, fmt = form.cleaned_data["pending"], form.cleaned_data["format"]
    if fmt == BulletinFormat.PDF and not pdf_available():
        messages.error(request, _("本服务器未安装生成PDF所需的组件（WeasyPrint 与 pango），请下载Word版本。"))
        return redirect("bulletins")
    language = translation.get_language()
    existing = bulletin_current(year=year, quarter=quarter, include_pending=pending, language=language, fmt=fmt)
    if existing is not None:
        return redirect("bulletin_download", existing.pk, fmt)
    from dashboards.tasks import render_bulletin

    job = render_bulletin.start(owner=request.user, year=year, quarter=quarter, pending=pending, fmt=fmt)
    return redirect(job)


def filename(bulletin: Bulletin, fmt: str) -> str:
    with translation.override(bulletin.language):
        name = _("商丘市跨境电商三年行动计划推进情况通报-%(year)s年第%(quarter)s季度") % {
            "year": bulletin.year,
            "quarter": bulletin.quarter,
        }
        if bulletin.include_pending:
            name += _("（含待审核数据）")
    return f"{name}.{fmt}"


@login_required
def bulletin_download(request, pk, fmt):
    _require_reader(request.user)
    if fmt not in BulletinFormat.values:
        raise Http404("不支持的格式")
    bulletin = get_object_or_404(Bulletin, pk=pk)
    data = bulletin.content(fmt)
    if data is None:
        raise Http404("该通报没有此格式的文件")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, filename(bulletin, fmt))
    response["Cache-Control"] = "private, no-store"
    return response
