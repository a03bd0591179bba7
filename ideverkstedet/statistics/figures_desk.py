"""The barometer's figures for requests to the innovation unit (the desk), part of the workshop section.

The public sees how many requests came of each kind, with the under-5 rule (a request is a person or a team
asking); the municipality's people also see the requests per unit, per status, how long the first answer and
the closing took, and how satisfied the requesters were.
"""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from ideverkstedet.statistics import selectors
from ideverkstedet.statistics.figures import Figure, Row, _percent
from ideverkstedet.statistics.period import Period


def desk_figures(period: Period) -> list[Figure]:
    from ideverkstedet.desk.models import Status

    stats, labels = selectors.desk_statistics(period)
    kinds = [Row(slug, label, stats.per_kind.get(name, 0)) for name, (slug, label) in labels.items()]
    kinds += [Row(name, name, n) for name, n in stats.per_kind.items() if name not in labels]
    in_time = _percent(stats.answered_in_time, stats.answered)
    scale = {1: _("1 (lite fornøyd)"), 5: _("5 (svært fornøyd)")}
    rating_rows = [Row(str(n), scale.get(n, str(n)), stats.ratings.get(n, 0)) for n in range(1, 6)]
    mean = stats.mean_rating
    return [
        Figure(
            "desk_kinds",
            "workshop",
            _("Henvendelser til Innovasjonsenheten"),
            _("Henvendelser til Innovasjonsenheten i perioden, etter hva det ble bedt om hjelp til."),
            _("henvendelser"),
            kinds,
            people=True,
            note=_("Med tjenesteområde: henvendelser fra enheter i området."),
        ),
        Figure(
            "desk_status",
            "workshop",
            _("Henvendelser etter status"),
            _("Henvendelsene fra perioden etter hvor de står nå."),
            _("henvendelser"),
            [
                Row(code, capfirst(str(label)), stats.per_status.get(code, 0))
                for code, label in Status.choices
            ],
            internal=True,
        ),
        Figure(
            "desk_units",
            "workshop",
            _("Henvendelser per enhet"),
            _("Henvendelsene fra perioden etter enheten (eller organisasjonen) som spurte."),
            _("henvendelser"),
            [Row(str(i), name, n) for i, (name, n) in enumerate(stats.per_unit.items())],
            internal=True,
        ),
        Figure(
            "desk_time",
            "workshop",
            _("Tid til svar og avslutning"),
            _(
                "Median antall dager fra en henvendelse kom til første svar (kalenderdager og arbeidsdager) "
                "og til den ble avsluttet."
            ),
            _("dager"),
            [
                Row("first_answer", _("Til første svar"), stats.median_days_to_first_answer or 0, 1),
                Row(
                    "first_answer_workdays",
                    _("Til første svar, arbeidsdager"),
                    stats.median_working_days_to_first_answer or 0,
                    1,
                ),
                Row("closing", _("Til avsluttet"), stats.median_days_to_closing or 0, 1),
            ],
            internal=True,
            summary=_("%(share)s %% fikk første svar innen fristen")
            % {"share": number_format(in_time, 1, use_l10n=True)},
            note=_("%(answered)s av %(total)s henvendelser har fått svar.")
            % {"answered": stats.answered, "total": stats.total},
        ),
        Figure(
            "desk_rating",
            "workshop",
            _("Hvor fornøyde var de som spurte"),
            _(
                "Vurderingene de som spurte ga da henvendelsen var avsluttet, fra 1 (lite fornøyd) til 5 (svært fornøyd)."
            ),
            _("vurderinger"),
            rating_rows,
            internal=True,
            summary=(
                _("Snitt %(mean)s av 5 fra %(n)s vurderinger")
                % {"mean": number_format(mean, 1, use_l10n=True), "n": stats.rated}
                if mean is not None
                else ""
            ),
        ),
    ]
