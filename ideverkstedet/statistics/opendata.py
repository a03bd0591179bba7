"""Open data (NLOD 2.0): the public content as datasets, streamed as CSV (RFC 4180) and JSON, and described in
a DCAT-AP-NO catalogue.

No dataset holds an email or an account id. The one name is an idea's author, exactly where the site shows it to
everyone: the name of a person who posted under their own name on a public challenge (`public_author`). An
anonymous idea, an erased account's idea and an idea by someone without a name have an empty author, so the
column tells no more than the public page does. Stories give their unit, not their contact person. Rows are read in chunks by primary key, so a large dataset never sits whole in
memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CHUNK = 500
LICENCE_URI = "http://publications.europa.eu/resource/authority/licence/NLOD_2_0"
LICENCE_PAGE = "https://data.norge.no/nlod/no/2.0"


@dataclass(frozen=True)
class Column:
    name: str
    description: Any  # lazy text
    datatype: str  # "string", "integer", "number", "boolean", "date", "datetime"


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: Any
    description: Any
    columns: list[Column]
    rows: Callable[[], Iterator[dict[str, Any]]]
    theme: str = "GOVE"  # EU data theme: Government and public sector


def _site(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _chunks(queryset: QuerySet[Any]) -> Iterator[list[Any]]:
    """The queryset's objects, CHUNK at a time, by ascending primary key (keyset paging: no OFFSET)."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def _m2m(model: type[Model], field: str, ids: list[int], target: str) -> dict[int, list[str]]:
    through = getattr(model, field).through
    source = f"{model._meta.model_name}_id"
    result: dict[int, list[str]] = {}
    for owner, value in (
        through.objects.filter(**{f"{source}__in": ids}).values_list(source, target).order_by(target)
    ):
        result.setdefault(owner, []).append(value)
    return result


# ---------------------------------------------------------------- the datasets


def _challenges() -> Iterator[dict[str, Any]]:
    from ideverkstedet.challenges.models import Challenge

    challenges = Challenge.objects.filter(visibility="public").select_related("phase")
    for chunk in _chunks(challenges):
        areas = _m2m(Challenge, "service_areas", [c.pk for c in chunk], "servicearea__slug")
        for c in chunk:
            yield {
                "id": c.pk,
                "title": c.title,
                "summary": c.summary,
                "description": c.description,
                "phase": c.phase.slug,
                "service_areas": ";".join(areas.get(c.pk, [])),
                "input_opens_at": _iso(c.input_opens_at),
                "input_closes_at": _iso(c.input_closes_at),
                "input_question": c.input_question,
                "ideas": c.idea_count,
                "comments": c.comment_count,
                "created_at": _iso(c.created_at),
                "updated_at": _iso(c.updated_at),
                "url": _site(c.get_absolute_url()),
            }


def _ideas() -> Iterator[dict[str, Any]]:
    from ideverkstedet.challenges.models import Idea

    ideas = Idea.objects.filter(challenge__visibility="public", hidden_at__isnull=True).select_related(
        "challenge", "author"
    )
    for chunk in _chunks(ideas):
        for idea in chunk:
            yield {
                "id": idea.pk,
                "challenge_id": idea.challenge_id,
                "author": public_author(idea),
                "title": idea.title,
                "description": idea.description,
                "status": idea.status,
                "status_note": idea.status_note,
                "cheers": idea.cheer_count,
                "comments": idea.comment_count,
                "created_at": _iso(idea.created_at),
                "url": _site(reverse("challenges:idea", args=[idea.challenge.slug, idea.pk])),
            }


def public_author(idea: Any) -> str:
    """The author's name as the public challenge page shows it, or "" where it shows no name: anonymous, an
    erased account ("Slettet bruker" on the page), or no name given."""
    author = idea.author
    if idea.is_anonymous or author.anonymised_at:
        return ""
    return author.full_name.strip()


def _stories() -> Iterator[dict[str, Any]]:
    from django.db.models import Count

    from ideverkstedet.stories.models import Story

    stories = (
        Story.objects.public().select_related("innovation", "unit").annotate(reuse_count=Count("reuses"))
    )
    for chunk in _chunks(stories):
        ids = [s.pk for s in chunk]
        areas = _m2m(Story, "service_areas", ids, "servicearea__slug")
        methods = _m2m(Story, "methods", ids, "method__slug")
        for s in chunk:
            record = getattr(s, "innovation", None)
            yield {
                "id": s.pk,
                "title": s.title,
                "summary": s.summary,
                "problem": s.problem,
                "tried": s.tried,
                "outcome": s.outcome,
                "not_worked": s.not_worked,
                "next_steps": s.next_steps,
                "unit": s.unit.name if s.unit else "",
                "service_areas": ";".join(areas.get(s.pk, [])),
                "methods": ";".join(methods.get(s.pk, [])),
                "published_at": _iso(s.published_at),
                "taken_into_use": bool(record and record.taken_into_use),
                "taken_into_use_on": _iso(record.taken_into_use_on) if record else None,
                "types": ";".join(record.types) if record else "",
                "core_tasks": bool(record and record.core_tasks),
                "origin": record.origin if record else "",
                "initiators": ";".join(record.initiators) if record else "",
                "carriers": ";".join(record.carriers) if record else "",
                "partners": ";".join(record.partners) if record else "",
                "user_involvement": record.user_involvement if record else "",
                "effects": ";".join(f"{e['kind']}:{e['level']}" for e in record.effects) if record else "",
                "spread_actively": bool(record and record.spread_actively),
                "reuse": s.reuse_count,
                "url": _site(s.get_absolute_url()),
            }


def _events() -> Iterator[dict[str, Any]]:
    from ideverkstedet.events.models import Event

    events = Event.objects.filter(status=Event.Status.PUBLISHED, is_public=True).select_related("kind")
    for chunk in _chunks(events):
        for e in chunk:
            yield {
                "id": e.pk,
                "title": e.title,
                "kind": e.kind.slug,
                "summary": e.summary,
                "starts_at": _iso(e.starts_at),
                "capacity": e.capacity,
                "url": _site(reverse("events:event_detail", args=[e.slug])),
            }


def _room_weeks() -> Iterator[dict[str, Any]]:
    """Confirmed bookings and event sessions per room and ISO week: hours and how many."""
    from ideverkstedet.rooms.models import Booking

    bookings = Booking.objects.filter(status=Booking.Status.CONFIRMED, room__kind="room").exclude(
        kind=Booking.Kind.BLOCK
    )
    totals: dict[tuple[str, str], tuple[float, int]] = {}
    rows = bookings.values_list("room__slug", "start", "end").order_by()
    for room, start, end in rows.iterator(chunk_size=2000):
        year, week, _day = timezone.localtime(start).isocalendar()
        key = (f"{year}-W{week:02d}", room)
        hours, count = totals.get(key, (0.0, 0))
        totals[key] = (hours + (end - start).total_seconds() / 3600, count + 1)
    for (iso_week, room_slug), (total, number) in sorted(totals.items()):
        yield {"week": iso_week, "room": room_slug, "hours": round(total, 2), "bookings": number}


def _barometer() -> Iterator[dict[str, Any]]:
    """The public barometer figures for each year from 2020 to this one (the same numbers as /statistikk/)."""
    from ideverkstedet.statistics.figures import build_barometer
    from ideverkstedet.statistics.period import Period

    for year in range(2020, timezone.localdate().year + 1):
        result = build_barometer(Period.year(year), internal=False)
        for figure in result.figures:
            for row in figure.rows:
                yield {
                    "year": year,
                    "section": figure.section,
                    "figure": figure.key,
                    "key": row.key,
                    "label": row.label,
                    "value": row.export_value,
                    "unit": figure.unit,
                }


C = Column
URL = C("url", _("Adressen til siden"), "string")
DATASETS: list[Dataset] = [
    Dataset(
        "utfordringer",
        _("Åpne utfordringer"),
        _("Utfordringer tjenestene jobber med og har gjort åpne for alle."),
        [
            C("id", _("Løpenummer"), "integer"),
            C("title", _("Tittel"), "string"),
            C("summary", _("Kort sammendrag"), "string"),
            C("description", _("Beskrivelse (Markdown)"), "string"),
            C("phase", _("Fasen nå (mote, tenke, skape, dele)"), "string"),
            C("service_areas", _("Tjenesteområder, kortnavn skilt med semikolon"), "string"),
            C("input_opens_at", _("Åpen for innspill fra (ISO 8601)"), "datetime"),
            C("input_closes_at", _("Åpen for innspill til (ISO 8601)"), "datetime"),
            C("input_question", _("Spørsmålet innbyggerne ble stilt"), "string"),
            C("ideas", _("Antall ideer"), "integer"),
            C("comments", _("Antall kommentarer"), "integer"),
            C("created_at", _("Opprettet (ISO 8601)"), "datetime"),
            C("updated_at", _("Sist endret (ISO 8601)"), "datetime"),
            URL,
        ],
        _challenges,
    ),
    Dataset(
        "ideer",
        _("Ideer på åpne utfordringer"),
        _(
            "Ideer på utfordringer som er åpne for alle, uten skjulte ideer. Navnet på den som skrev, står bare der "
            "nettstedet viser det: anonyme ideer er anonyme her også."
        ),
        [
            C("id", _("Løpenummer"), "integer"),
            C("challenge_id", _("Utfordringens løpenummer (se datasettet utfordringer)"), "integer"),
            C(
                "author",
                _("Navnet på den som skrev ideen, slik nettstedet viser det; tomt når ideen er anonym"),
                "string",
            ),
            C("title", _("Tittel"), "string"),
            C("description", _("Beskrivelse (Markdown)"), "string"),
            C("status", _("Status: new, considering, testing, implemented, set_aside"), "string"),
            C("status_note", _("Forklaring av status"), "string"),
            C("cheers", _("Antall heiarop"), "integer"),
            C("comments", _("Antall kommentarer"), "integer"),
            C("created_at", _("Opprettet (ISO 8601)"), "datetime"),
            URL,
        ],
        _ideas,
    ),
    Dataset(
        "historier",
        _("Historier med innovasjonsopplysninger"),
        _("Åpne historier om hva team prøvde og lærte, med svarene på KS sitt innovasjonsbarometer."),
        [
            C("id", _("Løpenummer"), "integer"),
            C("title", _("Tittel"), "string"),
            C("summary", _("Kort sammendrag"), "string"),
            C("problem", _("Problemet (Markdown)"), "string"),
            C("tried", _("Hva vi prøvde (Markdown)"), "string"),
            C("outcome", _("Hva det ble til (Markdown)"), "string"),
            C("not_worked", _("Hva som ikke virket (Markdown)"), "string"),
            C("next_steps", _("Veien videre (Markdown)"), "string"),
            C("unit", _("Enheten som står bak"), "string"),
            C("service_areas", _("Tjenesteområder, kortnavn skilt med semikolon"), "string"),
            C("methods", _("Metodekort som ble brukt, kortnavn skilt med semikolon"), "string"),
            C("published_at", _("Publisert (ISO 8601)"), "datetime"),
            C("taken_into_use", _("Noe nytt eller vesentlig endret er tatt i bruk"), "boolean"),
            C("taken_into_use_on", _("Tatt i bruk fra (ISO 8601)"), "date"),
            C("types", _("Type: service, product, process, communication (semikolon)"), "string"),
            C("core_tasks", _("Berører kjerneoppgaver"), "boolean"),
            C("origin", _("Hvor ideen kom fra: own, adopted, both"), "string"),
            C("initiators", _("Hvem tok initiativet (semikolon)"), "string"),
            C("carriers", _("Hvem gjennomførte (semikolon)"), "string"),
            C("partners", _("Samarbeidspartnere (semikolon)"), "string"),
            C(
                "user_involvement",
                _("Brukermedvirkning: none, informed, consulted, co_created, user_led"),
                "string",
            ),
            C("effects", _("Effekter som effekt:nivå (expected, observed, measured), semikolon"), "string"),
            C("spread_actively", _("Aktivt spredt til andre"), "boolean"),
            C("reuse", _("Antall som har meldt «Vi vil prøve dette»"), "integer"),
            URL,
        ],
        _stories,
    ),
    Dataset(
        "arrangementer",
        _("Kurs, åpne dager og verksteder"),
        _("Åpne arrangementer i Ideverkstedet, uten deltakere."),
        [
            C("id", _("Løpenummer"), "integer"),
            C("title", _("Tittel"), "string"),
            C("kind", _("Type arrangement (kortnavn)"), "string"),
            C("summary", _("Kort beskrivelse"), "string"),
            C("starts_at", _("Starter (ISO 8601)"), "datetime"),
            C("capacity", _("Plasser"), "integer"),
            URL,
        ],
        _events,
    ),
    Dataset(
        "rombruk",
        _("Bruk av rommet per uke"),
        _("Bekreftede bookinger og arrangementer per rom og ISO-uke: timer og antall."),
        [
            C("week", _("ISO-uke, for eksempel 2026-W48"), "string"),
            C("room", _("Rommets kortnavn"), "string"),
            C("hours", _("Bookede timer"), "number"),
            C("bookings", _("Antall bookinger"), "integer"),
        ],
        _room_weeks,
    ),
    Dataset(
        "barometer",
        _("Innovasjonsbarometeret"),
        _("Tallene fra /statistikk/ for hvert år, slik de vises for alle (under 5 personer vises som <5)."),
        [
            C("year", _("År"), "integer"),
            C("section", _("Del: innovation, workshop, participation"), "string"),
            C("figure", _("Figurens kortnavn"), "string"),
            C("key", _("Radens kortnavn"), "string"),
            C("label", _("Radens navn"), "string"),
            C("value", _("Tallet, eller <5"), "string"),
            C("unit", _("Enhet"), "string"),
        ],
        _barometer,
    ),
]


def dataset(slug: str) -> Dataset | None:
    return next((d for d in DATASETS if d.slug == slug), None)


# ---------------------------------------------------------------- streaming


class _Line:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(data: Dataset) -> Iterable[str]:
    """RFC 4180: comma-separated, CRLF line ends, quotes where needed, one header row; UTF-8 without a BOM."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    names = [c.name for c in data.columns]
    yield writer.writerow(names)
    for row in data.rows():
        yield writer.writerow(["" if row[n] is None else _csv_value(row[n]) for n in names])


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def json_chunks(data: Dataset) -> Iterable[str]:
    """A JSON array of objects, written as it is read."""
    yield "["
    first = True
    for row in data.rows():
        yield ("" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]\n"
