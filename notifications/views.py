"""The inbox and the notification settings. A user sees only their own notices: any other id is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.models import Notification

PER_PAGE = 30


@login_required
def inbox(request):
    page = Paginator(selectors.inbox_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"notices": page})


@login_required
def open_notice(request, pk):
    """Mark the notice read and go to the page it is about (the inbox if it has none)."""
    try:
        notice = services.notification_open(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None):
        return redirect(notice.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    count = services.notifications_read_all(user=request.user)
    messages.success(request, _("已将%(count)s条通知标为已读。") % {"count": count})
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.choices())
        messages.success(request, _("通知设置已保存。"))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})
