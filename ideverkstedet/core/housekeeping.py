"""Periodic work, across apps: each app registers its own sweeps; `manage.py housekeeping` runs them all.

A sweep catches up on anything due (after a worker outage, or where tasks cannot be deferred): reminders,
released bookings, expired waitlist offers, old rate-limit counters. Each is safe to run any time, as often as
you like, and returns counts by name (`{"reminders": 2}`) for the command's one-line report. Apps register in
their `AppConfig.ready`, like the exporters and erasers in `core.privacy`, so core imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

Sweep = Callable[[datetime], dict[str, int]]

_sweeps: dict[str, Sweep] = {}


def register(name: str, sweep: Sweep) -> None:
    """Run `sweep(now)` on every housekeeping round; `name` is unique per sweep (the app's label and what)."""
    _sweeps[name] = sweep


def sweeps() -> dict[str, Sweep]:
    return dict(_sweeps)


def run(now: datetime | None = None) -> dict[str, int]:
    """Run every registered sweep in the order they were registered, and add up their counts."""
    moment = now or timezone.now()
    counts: dict[str, int] = {}
    for sweep in _sweeps.values():
        for key, value in sweep(moment).items():
            counts[key] = counts.get(key, 0) + value
    return counts
