"""The housekeeping registry: every app's sweep runs from one command in core."""

from io import StringIO

import pytest
from django.core.management import call_command

from ideverkstedet.core import housekeeping

pytestmark = pytest.mark.django_db


def test_each_app_registers_its_own_sweep():
    assert {"rooms.bookings", "events.registrations", "core.ratelimit"} <= set(housekeeping.sweeps())


def test_the_command_runs_them_all_and_is_safe_to_repeat():
    for _round in range(2):
        out = StringIO()
        call_command("housekeeping", stdout=out)
        report = out.getvalue()
        for key in ("reminders", "released", "expired_offers", "event_reminders", "ratelimit_pruned"):
            assert f"{key}: 0" in report


def test_counts_add_up_across_sweeps(monkeypatch):
    monkeypatch.setattr(
        housekeeping, "_sweeps", {"a": lambda now: {"n": 1}, "b": lambda now: {"n": 2, "m": 1}}
    )
    assert housekeeping.run() == {"n": 3, "m": 1}
