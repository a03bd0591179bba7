from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions import authorize
from ideverkstedet.notifications.models import Notification
from ideverkstedet.notifications.selectors import notifications_page_for_user
from ideverkstedet.notifications.services import notifications_mark_read


@authorize("notifications.view_notifications")
def notification_list(request: HttpRequest) -> HttpResponse:
    page = notifications_page_for_user(user=_user(request), page=request.GET.get("side"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@authorize("notifications.mark_read")
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_read(user=_user(request))
    if count:
        messages.success(request, _("Alle varsler er merket som lest."))
    return redirect("notifications:list")


@require_POST
@authorize("notifications.mark_read")
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice as read and follow its link (only to our own site)."""
    notifications_mark_read(user=_user(request), notification_ids=[pk])
    notification = Notification.objects.filter(user=_user(request), pk=pk).first()
    target = notification.url if notification else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")
