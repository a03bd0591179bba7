from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ideverkstedet.core.current import current_user as _user
from ideverkstedet.core.permissions import authorize
from ideverkstedet.notifications.forms import EmailSettingsForm
from ideverkstedet.notifications.models import Notification
from ideverkstedet.notifications.selectors import email_settings_for, notifications_page_for_user
from ideverkstedet.notifications.services import email_settings_update, notifications_mark_read


@authorize("notifications.view_notifications")
def notification_list(request: HttpRequest) -> HttpResponse:
    page = notifications_page_for_user(user=_user(request), page=request.GET.get("side"))
    return render(request, "notifications/list.html", {"page": page})


@authorize("notifications.change_email_settings")
def notification_settings(request: HttpRequest) -> HttpResponse:
    """Which kinds of notice come by email, and whether one each or one a day. In-app they always come."""
    user = _user(request)
    form = EmailSettingsForm.for_settings(
        email_settings_for(user), data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        email_settings_update(
            user=user,
            email_kinds=set(form.cleaned_data["email_kinds"]),
            daily_digest=form.cleaned_data["delivery"] == "daily",
        )
        messages.success(request, _("Valgene dine for e-post er lagret."))
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


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
