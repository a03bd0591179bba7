"""The advisers' queue as HTML, made in Python: one pass over the page's rows, every label translated once.

The queue is the desk's busiest page (50 cards of eight facts each). Through the template engine each card was
~60 node renders, a lazy translation per label and a model instance per related row; here a page is one narrow
query for the page's ids (sorted by the queue's index), one for their facts and one for the advisers on them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from html import (
    escape,  # the standard library's: the same five characters as Django's, without the lazy wrapper
)
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ideverkstedet.core import dates
from ideverkstedet.desk.models import OPEN_STATUSES, Priority, Request, Status

ROW_FIELDS = (
    "pk",
    "reference",
    "need",
    "status",
    "priority",
    "answer_due",
    "first_answer_at",
    "kind__name",
    "kind__name_nn",
    "kind__name_en",
    "requester__full_name",
    "requester__anonymised_at",
    "unit__name",
    "organisation__name",
)


def _localized(row: dict[str, Any], field: str, suffix: str) -> str:
    return str((row.get(field + suffix) if suffix else "") or row[field])


def _person(full_name: str, anonymised: object) -> str:
    # As User.display_name: never the email address.
    if anonymised:
        return _("Slettet bruker")
    return full_name.strip() or _("Navn ikke oppgitt")


def queue_rows(ids: Sequence[int]) -> list[dict[str, Any]]:
    """The facts the queue shows for these requests, in the order given, with `advisers` (names)."""
    found = {row["pk"]: row for row in Request.objects.filter(pk__in=ids).values(*ROW_FIELDS)}
    advisers: dict[int, list[str]] = defaultdict(list)
    through = Request.assignees.through.objects.filter(request_id__in=ids).order_by("user__full_name")
    for request_id, name, anonymised in through.values_list(
        "request_id", "user__full_name", "user__anonymised_at"
    ):
        advisers[request_id].append(_person(name, anonymised))
    rows = [found[pk] for pk in ids if pk in found]
    for row in rows:
        row["advisers"] = advisers.get(row["pk"], [])
    return rows


def _shortened(text: str, limit: int = 160) -> str:
    """At most `limit` characters, as the `truncatechars` filter gives (Django's Truncator normalises every
    character first, a third of the queue's rendering)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_queue(rows: Iterable[dict[str, Any]], today: date) -> SafeString:
    """The queue's cards (`<li>`s) as in desk/queue.html's list. Everything a person typed is escaped."""
    language = (get_language() or "nb").lower()
    suffix = "_nn" if language.startswith("nn") else "_en" if language.startswith("en") else ""
    statuses = {value: escape(str(label).capitalize()) for value, label in Status.choices}
    priorities = {value: escape(str(label).capitalize()) for value, label in Priority.choices}
    status, due_word, from_word, priority, advisers, overdue_word, answered, nobody = (
        escape(text)
        for text in (
            _("Status"),
            _("Frist"),
            _("Fra"),
            _("Prioritet"),
            _("Rådgivere"),
            _("Over fristen"),
            _("Besvart"),
            _("ingen ennå"),
        )
    )
    url = escape(reverse("desk:request_detail", args=["IV-0000-0000"]).replace("IV-0000-0000", "%s"))
    cards = []
    days: dict[date, str] = {}
    for row in rows:
        overdue = (
            row["first_answer_at"] is None and row["status"] in OPEN_STATUSES and row["answer_due"] < today
        )
        day = days.get(row["answer_due"])
        if day is None:
            day = days[row["answer_due"]] = escape(dates.when(row["answer_due"], "day_month"))
        if overdue:
            due = f'<strong class="desk-overdue">{overdue_word}</strong> ({day})'
        elif row["first_answer_at"]:
            due = answered
        else:
            due = day
        group = row["unit__name"] or row["organisation__name"]
        person = _person(row["requester__full_name"], row["requester__anonymised_at"])
        person = escape(f"{person}, {group}" if group else person)
        reference = escape(row["reference"])
        cards.append(
            f'<li class="desk-row{" overdue" if overdue else ""}"><h2><a href="{url % reference}">{reference}</a> '
            f'<span class="desk-kind">{escape(_localized(row, "kind__name", suffix))}</span></h2>'
            f'<p class="desk-need">{escape(_shortened(row["need"]))}</p>'
            f'<dl class="facts desk-facts"><dt>{status}</dt><dd>{statuses.get(row["status"], "")}</dd>'
            f"<dt>{due_word}</dt><dd>{due}</dd><dt>{from_word}</dt><dd>{person}</dd>"
            f"<dt>{priority}</dt><dd>{priorities.get(row['priority'], '')}</dd>"
            f"<dt>{advisers}</dt><dd>{escape(', '.join(row['advisers'])) or nobody}</dd></dl></li>"
        )
    return mark_safe("\n".join(cards))  # noqa: S308 - every part above is escaped or our own markup
