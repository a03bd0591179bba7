"""The innovation barometer: every figure the page, the downloads and the API show, built in one place.

A figure is a list of rows (label and number). Counts of people under 5 are shown as "under 5" to the public
(`SUPPRESS_BELOW`), so that no one can be singled out; the municipality's own people see exact numbers.
"""

from __future__ import annotations

import statistics as stats
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ideverkstedet.statistics import selectors
from ideverkstedet.statistics.period import Period
from ideverkstedet.stories.innovation import (
    Actor,
    Effect,
    EffectLevel,
    InnovationType,
    Origin,
    UserInvolvement,
)

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"

SECTIONS = {
    "innovation": gettext_lazy("Innovasjon"),
    "workshop": gettext_lazy("Verkstedet"),
    "participation": gettext_lazy("Deltakelse"),
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: int | float | None  # None: suppressed (a count of people under 5, for the public)
    decimals: int = 0
    # How many people the value rests on (an average of ratings), when that is not the value itself.
    basis: int | None = None

    @property
    def display(self) -> str:
        if self.value is None:
            return _("under 5")
        return number_format(self.value, decimal_pos=self.decimals, use_l10n=True, force_grouping=True)

    @property
    def export_value(self) -> int | float | str:
        return SUPPRESSED if self.value is None else self.value


@dataclass(frozen=True)
class Figure:
    key: str
    section: str
    title: str
    description: str
    unit: str
    rows: list[Row]
    chart: str = "bar"  # "bar" or "line"
    people: bool = False  # counts people: the under-5 rule applies for the public
    people_rows: tuple[str, ...] = ()  # only these rows count people (empty: all rows)
    internal: bool = False  # only for the municipality's people
    summary: str = ""  # one sentence in the caption, e.g. a share
    note: str = ""

    @property
    def total(self) -> int | float:
        return sum(row.value or 0 for row in self.rows)


@dataclass
class Barometer:
    period: Period
    internal: bool
    figures: list[Figure] = field(default_factory=list)

    def sections(self) -> list[tuple[str, str, list[Figure]]]:
        return [
            (key, str(label), [f for f in self.figures if f.section == key])
            for key, label in SECTIONS.items()
        ]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


def _few(number: int | float | None) -> bool:
    return number is not None and 0 < number < SUPPRESS_BELOW


def _suppress(figure: Figure) -> Figure:
    """The public version: a count of fewer than 5 people (or a value resting on fewer than 5) is hidden."""
    rows = []
    for row in figure.rows:
        counts_people = figure.people and (not figure.people_rows or row.key in figure.people_rows)
        if (counts_people and _few(row.value)) or _few(row.basis):
            row = replace(row, value=None)
        rows.append(row)
    return replace(figure, rows=rows)


def _percent(part: float, whole: float) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _counted(choices: Any, values: list[list[str]] | list[str]) -> list[Row]:
    counter: Counter[str] = Counter()
    for value in values:
        counter.update(value if isinstance(value, list) else [value])
    return [Row(code, str(label), counter.get(code, 0)) for code, label in choices]


def section_figures(section: str, period: Period, *, internal: bool) -> list[Figure]:
    """One section's figures (a key of SECTIONS), computed afresh; cache.py keeps them."""
    builders = {"innovation": _innovation, "workshop": _workshop, "participation": _participation}
    figures = builders[section](period)
    if not internal:
        figures = [_suppress(f) for f in figures if not f.internal]
    return figures


def build_barometer(period: Period, *, internal: bool) -> Barometer:
    """All figures for the period and service area, computed afresh (cache.barometer keeps them).
    `internal`: exact small counts and internal figures."""
    figures = [f for section in SECTIONS for f in section_figures(section, period, internal=internal)]
    return Barometer(period=period, internal=internal, figures=figures)


# ---------------------------------------------------------------- innovation


def _innovation(period: Period) -> list[Figure]:
    rows = selectors.innovation_rows(period)
    used = [r for r in rows if r.taken_into_use]
    with_units, all_units = selectors.unit_innovation(period)
    share = _percent(with_units, all_units)
    effects = [e for r in used for e in r.effects]
    reuse = selectors.reuse_by_status(period)
    from ideverkstedet.stories.models import Reuse

    figures = [
        Figure(
            "innovations",
            "innovation",
            _("Innovasjoner tatt i bruk"),
            _(
                "Antall historier med noe nytt tatt i bruk i perioden, og historier om det som ikke ble tatt i bruk."
            ),
            _("antall"),
            [
                Row("in_use", _("Tatt i bruk"), len(used)),
                Row("lessons", _("Erfaringer uten noe tatt i bruk"), len(rows) - len(used)),
            ],
        ),
        Figure(
            "units",
            "innovation",
            _("Enheter med minst én innovasjon siste to år"),
            _(
                "Enheter i organisasjonen med minst én innovasjon tatt i bruk de to siste årene fram til periodens slutt."
            ),
            _("enheter"),
            [
                Row("with", _("Med innovasjon"), with_units),
                Row("without", _("Uten innovasjon"), all_units - with_units),
            ],
            summary=_("%(share)s %% av enhetene") % {"share": number_format(share, 1, use_l10n=True)},
        ),
        Figure(
            "types",
            "innovation",
            _("Type innovasjon"),
            _("Innovasjoner tatt i bruk etter type. En innovasjon kan ha flere typer."),
            _("antall"),
            _counted(InnovationType.choices, [r.types for r in used]),
        ),
        Figure(
            "origin",
            "innovation",
            _("Egen idé eller hentet fra andre"),
            _("Innovasjoner tatt i bruk etter hvor ideen kom fra."),
            _("antall"),
            _counted(Origin.choices, [r.origin for r in used]),
        ),
        Figure(
            "initiators",
            "innovation",
            _("Hvem tok initiativet"),
            _("Innovasjoner tatt i bruk etter hvem som tok initiativet. Flere kan være med."),
            _("antall"),
            _counted(Actor.choices, [r.initiators for r in used]),
        ),
        Figure(
            "carriers",
            "innovation",
            _("Hvem gjennomførte"),
            _("Innovasjoner tatt i bruk etter hvem som gjennomførte dem."),
            _("antall"),
            _counted(Actor.choices, [r.carriers for r in used]),
        ),
        Figure(
            "partners",
            "innovation",
            _("Samarbeidspartnere"),
            _("Innovasjoner tatt i bruk etter hvem kommunen samarbeidet med."),
            _("antall"),
            _counted(Actor.choices, [r.partners for r in used]),
        ),
        Figure(
            "involvement",
            "innovation",
            _("Brukermedvirkning"),
            _("Innovasjoner tatt i bruk etter hvordan brukerne var med."),
            _("antall"),
            _counted(UserInvolvement.choices, [r.user_involvement for r in used]),
        ),
        Figure(
            "effects",
            "innovation",
            _("Effekter"),
            _("Innovasjoner tatt i bruk etter effekt (forventet, observert eller målt)."),
            _("antall"),
            _counted(Effect.choices, [[e["kind"] for e in r.effects] for r in used]),
        ),
        Figure(
            "effect_levels",
            "innovation",
            _("Hvor sikre er effektene"),
            _("Alle effekter som er oppgitt, etter om de er forventet, observert eller målt."),
            _("antall"),
            _counted(EffectLevel.choices, [e["level"] for e in effects]),
            summary=_("%(share)s %% av effektene er målt")
            % {
                "share": number_format(
                    _percent(sum(e["level"] == "measured" for e in effects), len(effects)), 1, use_l10n=True
                )
            },
        ),
        Figure(
            "spreading",
            "innovation",
            _("Spredning"),
            _(
                "Innovasjoner tatt i bruk som er aktivt spredt, og som andre enheter har meldt at de vil prøve."
            ),
            _("antall"),
            [
                Row("spread", _("Aktivt spredt"), sum(r.spread_actively for r in used)),
                Row("reused", _("Andre vil prøve den"), sum(r.reused for r in used)),
            ],
        ),
        Figure(
            "reuse",
            "innovation",
            _("Gjenbruk"),
            _("Meldinger om «Vi vil prøve dette» i perioden, etter hvor langt de har kommet."),
            _("antall"),
            [Row(code, str(label), reuse.get(code, 0)) for code, label in Reuse.Status.choices],
            people=True,
        ),
    ]
    return figures


# ---------------------------------------------------------------- the workshop


def _hours(minutes: float) -> float:
    return round(minutes / 60, 1)


def _workshop(period: Period) -> list[Figure]:
    from ideverkstedet.rooms.models import Booking, GroupType

    bookings = selectors.booking_figures(period)
    booked_minutes = bookings.booked_minutes
    open_minutes = selectors.opening_minutes(period)
    week_rows = [
        Row(
            monday.isoformat(),
            _("Uke %(week)s, %(year)s") % {"week": monday.isocalendar()[1], "year": monday.isocalendar()[0]},
            _hours(minutes),
            1,
        )
        for monday, minutes in bookings.minutes_by_week.items()
    ]
    purposes = selectors.purpose_names()
    by_purpose = bookings.minutes_by_purpose
    purpose_rows = [Row(str(pk), name, _hours(by_purpose.get(pk, 0)), 1) for pk, name in purposes.items()]
    if by_purpose.get(None):
        purpose_rows.append(Row("none", _("Ikke oppgitt"), _hours(by_purpose[None]), 1))
    groups = bookings.confirmed_by_group
    events = selectors.event_figures(period)
    figures = [
        Figure(
            "room_hours",
            "workshop",
            _("Bookede timer per uke"),
            _("Timer rommet var booket (bekreftede bookinger og arrangementer), uke for uke."),
            _("timer"),
            week_rows,
            chart="line",
        ),
        Figure(
            "room_share",
            "workshop",
            _("Bookede timer og åpningstid"),
            _("Bookede timer i perioden sammenlignet med rommenes åpningstid."),
            _("timer"),
            [
                Row("booked", _("Booket"), _hours(booked_minutes), 1),
                Row("open", _("Åpningstid"), _hours(open_minutes), 1),
            ],
            summary=_("%(share)s %% av åpningstiden var booket")
            % {"share": number_format(_percent(booked_minutes, open_minutes), 1, use_l10n=True)},
        ),
        Figure(
            "room_purpose",
            "workshop",
            _("Timer etter type arbeid"),
            _("Bookede timer etter hva slags innovasjonsarbeid bookingen var til."),
            _("timer"),
            purpose_rows,
        ),
        Figure(
            "room_groups",
            "workshop",
            _("Bookinger etter hvem som kom"),
            _("Bekreftede bookinger etter gruppe."),
            _("bookinger"),
            [Row(code, str(label), groups.get(code, 0)) for code, label in GroupType.choices],
        ),
        Figure(
            "room_status",
            "workshop",
            _("Avlyst og frigitt"),
            _(
                "Bookinger i perioden etter utfall: bekreftet, avlyst, avslått og frigitt fordi ingen sjekket inn."
            ),
            _("bookinger"),
            [
                Row(code, str(label), bookings.by_status.get(code, 0))
                for code, label in Booking.Status.choices
                if code != Booking.Status.REQUESTED
            ],
            internal=True,
        ),
        Figure(
            "events",
            "workshop",
            _("Kurs og åpne dager"),
            _("Plasser, påmeldte, på venteliste og oppmøtte på arrangementer som startet i perioden."),
            _("personer"),
            [
                Row("capacity", _("Plasser"), sum(e.capacity for e in events)),
                Row("registered", _("Påmeldt"), sum(e.registered for e in events)),
                Row("waiting", _("På venteliste"), sum(e.waiting for e in events)),
                Row("attended", _("Møtte"), sum(e.attended for e in events)),
            ],
            people=True,
            note=_("Arrangementer har ikke tjenesteområde: tallene gjelder alle."),
        ),
        Figure(
            "evaluation",
            "workshop",
            _("Evaluering"),
            _("Gjennomsnittlig score (1–5) fra deltakernes evaluering, etter type arrangement."),
            _("score"),
            [
                Row(
                    e.kind,
                    e.kind,
                    round(e.rating_sum / e.evaluations, 1) if e.evaluations else 0,
                    1,
                    basis=e.evaluations,
                )
                for e in events
            ],
            note=_("Arrangementer har ikke tjenesteområde: tallene gjelder alle."),
        ),
    ]
    from ideverkstedet.statistics.figures_desk import desk_figures

    return figures + desk_figures(period)


# ---------------------------------------------------------------- participation


def _participation(period: Period) -> list[Figure]:
    days = selectors.days_to_last_phase(period)
    counts = selectors.activity(period)
    windows, for_citizens, people = selectors.input_windows(period)
    return [
        Figure(
            "phases",
            "participation",
            _("Utfordringer per fase"),
            _("Utfordringer som fantes ved periodens slutt, etter fasen de er i nå."),
            _("utfordringer"),
            [Row(str(i), label, n) for i, (label, n) in enumerate(selectors.challenges_by_phase(period))],
        ),
        Figure(
            "areas",
            "participation",
            _("Nye utfordringer per tjenesteområde"),
            _("Utfordringer startet i perioden. En utfordring kan høre til flere tjenesteområder."),
            _("utfordringer"),
            [Row(str(i), name, n) for i, (name, n) in enumerate(selectors.challenges_by_area(period))],
        ),
        Figure(
            "to_dele",
            "participation",
            _("Fra Møte til Dele"),
            _(
                "Dager fra en utfordring ble startet til den nådde siste fase, for dem som kom dit i perioden."
            ),
            _("dager"),
            [
                Row("median", _("Median"), stats.median(days) if days else 0, 1),
                Row("shortest", _("Raskeste"), min(days) if days else 0),
                Row("longest", _("Lengste"), max(days) if days else 0),
            ],
            summary=_("%(n)s utfordringer nådde siste fase") % {"n": len(days)},
        ),
        Figure(
            "activity",
            "participation",
            _("Ideer, kommentarer og heiarop"),
            _("Hvor mye som ble skrevet og heiet på i perioden."),
            _("antall"),
            [
                Row("ideas", _("Ideer"), counts["ideas"]),
                Row("comments", _("Kommentarer"), counts["comments"]),
                Row("cheers", _("Heiarop"), counts["cheers"]),
            ],
        ),
        Figure(
            "input",
            "participation",
            _("Innspillsperioder"),
            _(
                "Utfordringer som var åpne for innspill i perioden, de som var åpne for innbyggere, og hvor mange som deltok."
            ),
            _("antall"),
            [
                Row("windows", _("Åpne for innspill"), windows),
                Row("citizens", _("Åpne for innbyggere"), for_citizens),
                Row("people", _("Personer som deltok"), people),
            ],
            people=True,
            people_rows=("people",),
            summary=_("%(share)s %% av innspillsperiodene var åpne for innbyggere")
            % {"share": number_format(_percent(for_citizens, windows), 1, use_l10n=True)},
        ),
    ]
