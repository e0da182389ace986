"""A key project's page (status, progress timeline, evidence files), the form the city records progress
with, and the evidence files' downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from counties import roles
from milestones import files as evidence_files
from milestones import selectors
from milestones.forms import ProgressForm
from milestones.models import Attachment
from milestones.services import progress_record
from targets.models import Milestone
from targets.templatetags.cbec import named


def _row_for(request, pk):
    if not roles.sees_milestones(request.user):
        raise PermissionDenied
    try:
        return selectors.milestone_row(pk)
    except Milestone.DoesNotExist:
        raise Http404 from None


@login_required
def detail(request, pk):
    """What a leader reads about one key project: its state, the plan's words, and every progress entry."""
    row = _row_for(request, pk)
    context = {
        "row": row,
        "milestone": row.milestone,
        "entries": selectors.progress_history(row.milestone),
        "can_record": roles.records_milestones(request.user),
    }
    return render(request, "milestones/detail.html", context)


@csrf_exempt  # checked by csrf_protect below, once the body is known not to be too big to read
@login_required
def record(request, pk):
    """City admins record progress: status, date reached, a note and evidence files, as one new entry.

    A request body larger than the files allowed could ever be is refused before anything reads it (Django
    would first store every uploaded byte in a temporary file); the CSRF check reads the body, so it comes
    after that, in ``_record``."""
    if not roles.records_milestones(request.user):
        raise PermissionDenied
    row = _row_for(request, pk)
    if request.method == "POST" and (too_big := evidence_files.body_problem(request.META.get("CONTENT_LENGTH"))):
        form = _form(None, row.milestone)
        context = {"row": row, "milestone": row.milestone, "form": form, "too_big": too_big}
        return render(request, "milestones/record.html", context, status=413)
    return _record(request, row)


def _form(request, milestone) -> ProgressForm:
    initial = {"status": milestone.status, "reached_on": milestone.reached_on}
    data, uploads = (request.POST, request.FILES) if request is not None and request.method == "POST" else (None, None)
    return ProgressForm(data, uploads, milestone=milestone, initial=initial)


@csrf_protect
def _record(request, row):
    milestone = row.milestone
    form = _form(request, milestone)
    if request.method == "POST" and form.is_valid():
        try:
            progress_record(milestone=milestone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("已登记“%(title)s”的进展。") % {"title": named(milestone, "title")})
            return redirect("milestones:detail", pk=milestone.pk)
    return render(request, "milestones/record.html", {"row": row, "milestone": milestone, "form": form})


@login_required
def attachment(request, key):
    """An evidence file, to signed-in users with a role only, under its original name."""
    if not roles.sees_milestones(request.user):
        raise PermissionDenied
    found = get_object_or_404(Attachment, key=key)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("附件文件已不在服务器上，请联系市商务局管理员。")) from None
    response = FileResponse(handle, as_attachment=True, filename=found.original_name, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    return response
