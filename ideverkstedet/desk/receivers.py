"""Ties a booking, an event or a plan made from a request's "one step" links back to the request."""

from typing import Any

from django.dispatch import receiver

from ideverkstedet.core.signals import made_from_link
from ideverkstedet.desk.errors import DeskError


@receiver(made_from_link)
def tie_to_request(sender: Any, *, obj: Any, actor: Any, params: Any, **kwargs: Any) -> None:
    from ideverkstedet.desk import services
    from ideverkstedet.desk.models import Request
    from ideverkstedet.desk.selectors import clean_reference

    reference = clean_reference(params.get("bestilling"))
    if reference is None:
        return
    request = Request.objects.filter(reference=reference).first()
    if request is None or not actor.has_perm("desk.make_from_request", request):
        return  # a stale or foreign link: the object stands on its own
    label = obj._meta.label_lower
    what = {"rooms.booking": "booking", "events.event": "event", "methods.plan": "plan"}.get(label)
    if what is None:
        return
    try:
        services.request_tie(actor=actor, request=request, **{what: obj})
    except DeskError:
        return
