"""The advisers' daily digest of what is new and what is overdue, in each adviser's language.

`send_daily_digest` is safe to call any time: each adviser gets at most one digest a day (DigestSent is
unique per adviser and day), and nobody gets an empty one. The housekeeping sweep or `manage.py desk_digest`
calls it; `send_daily_digest_task` runs it on the task worker.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ideverkstedet.core import dates
from ideverkstedet.desk import selectors
from ideverkstedet.desk.models import DigestSent
from ideverkstedet.notifications.models import Kind as NoticeKind
from ideverkstedet.notifications.services import notify


def send_daily_digest(*, today: date | None = None) -> int:
    """Tell every adviser what is new and overdue today. Returns how many digests were sent."""
    today = today or timezone.localdate()
    new, overdue = selectors.digest_for(today)
    if not new and not overdue:
        return 0
    sent = 0
    for adviser in selectors.advisers():
        try:
            with transaction.atomic():
                DigestSent.objects.create(adviser=adviser, day=today)
                with translation.override(adviser.language):
                    lines = [_("Nye henvendelser:")] if new else []
                    lines += [f"- {r.reference} ({r.kind.label})" for r in new]
                    if overdue:
                        lines += ["", _("Over svarfristen:")]
                        lines += [
                            f"- {r.reference} ({r.kind.label}), "
                            + _("frist %(due)s") % {"due": dates.when(r.answer_due, "day_month")}
                            for r in overdue
                        ]
                    title = ngettext(
                        "Skranken i dag: %(new)s ny, %(overdue)s over fristen",
                        "Skranken i dag: %(new)s nye, %(overdue)s over fristen",
                        len(new),
                    ) % {"new": len(new), "overdue": len(overdue)}
                    notify(
                        user=adviser,
                        title=title,
                        body="\n".join(lines),
                        url=reverse("desk:queue"),
                        kind=NoticeKind.DESK,
                        email_template="desk/email/notice",
                    )
        except IntegrityError:
            continue  # already sent today
        sent += 1
    return sent


DIGEST_HOUR = 7  # local time: the digest waits for the working day, however often housekeeping runs


def digest_sweep(now: datetime) -> dict[str, int]:
    """The housekeeping registry's hook (core.housekeeping): from 07:00 in Oslo, once a day per adviser."""
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return {}
    return {"desk_digests": send_daily_digest(today=local.date())}


@task()
def send_daily_digest_task() -> int:
    return send_daily_digest()
