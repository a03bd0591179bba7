"""Download-my-data and delete-my-account for the desk.

A requester's export holds their requests and the conversation they can see — never the unit's internal
notes. When a requester deletes their account, requests nobody has worked on yet go with them; the others stay
for the unit (the work depends on them), with the person's name gone (the account is anonymised by accounts),
their group name blanked and their attachments deleted.
"""

from typing import Any

from ideverkstedet.core import privacy


def export_requests(user: Any) -> list[dict[str, Any]]:
    from ideverkstedet.desk.models import Request

    requests = (
        Request.objects.filter(requester=user)
        .select_related("kind")
        .prefetch_related("messages__author", "attachments")
        .order_by("created_at")
    )
    return [
        {
            "reference": item.reference,
            "kind": item.kind.name,
            "need": item.need,
            "group": item.group_name,
            "group_size": item.group_size,
            "no_hurry": item.no_hurry,
            "window": [
                item.window_start.isoformat() if item.window_start else None,
                item.window_end.isoformat() if item.window_end else None,
            ],
            "status": item.status,
            "status_reason": item.status_reason,
            "agreed": item.agreed,
            "asked_at": item.created_at.isoformat(),
            "rating": item.rating,
            "rating_comment": item.rating_comment,
            "attachments": [a.name for a in item.attachments.all()],
            "conversation": [
                {
                    "from": "me" if m.author_id == user.pk else "Innovasjonsenheten",
                    "at": m.created_at.isoformat(),
                    "text": m.body,
                }
                for m in item.messages.all()
                if not m.is_internal
            ],
        }
        for item in requests
    ]


def export_written(user: Any) -> list[dict[str, Any]]:
    """What an adviser wrote on other people's requests (their own words, including their own notes)."""
    from ideverkstedet.desk.models import Message

    return [
        {
            "reference": m.request.reference,
            "at": m.created_at.isoformat(),
            "internal": m.is_internal,
            "text": m.body,
        }
        for m in Message.objects.filter(author=user)
        .exclude(request__requester=user)
        .select_related("request")
    ]


def erase_requests(user: Any) -> None:
    from ideverkstedet.desk.models import Attachment, Message, Request, Status

    for attachment in Attachment.objects.filter(uploaded_by=user):
        attachment.file.delete(save=False)
    Attachment.objects.filter(uploaded_by=user).delete()
    new = Request.objects.filter(requester=user, status=Status.NEW, first_answer_at__isnull=True)
    # Nobody but the person has written on these: nothing of the unit's work is lost with them.
    untouched = list(
        new.exclude(messages__in=Message.objects.exclude(author=user)).values_list("pk", flat=True)
    )
    Message.objects.filter(request_id__in=untouched).delete()
    Request.objects.filter(pk__in=untouched).delete()
    Request.objects.filter(requester=user).update(group_name="")
    user.desk_assignments.clear()


privacy.register_exporter("desk_requests", export_requests)
privacy.register_exporter("desk_written", export_written)
privacy.register_eraser("desk_requests", erase_requests)
