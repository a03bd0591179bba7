"""Signals several apps share, so that no app has to import another to be told of something."""

from django.dispatch import Signal

# Sent by a form view that made something (a booking, an event, a plan) from a link carrying query parameters,
# e.g. "?bestilling=IV-2026-0042" from the desk. Arguments: obj (what was made), actor (who made it),
# params (the request's query parameters). Receivers tie the new object back to where the link came from.
made_from_link = Signal()
