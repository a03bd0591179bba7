"""How the barometer's cache learns that its data changed: a version number per topic, raised after commit.

Every model the barometer reads belongs to a topic (`TOPICS`). A save, a delete or a change of a many-to-many
link of such a model raises its topic's `Topic.version` once the transaction commits (one `UPDATE` of one row,
in its own short statement, so no writer waits on another for it). `versions()` reads all numbers in one
query; `cache.py` puts the numbers of a section's topics in that section's cache key. The numbers live in the
database, so a change made by one worker (or node) is seen by all of them, whatever the cache backend.

Writes that bypass signals (`QuerySet.update()`, e.g. marking attendance, erasing an account) do not raise a
version; the cache's timeout (`cache.TIMEOUT`) bounds how long such a change can take to show.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

TOPICS: dict[str, tuple[str, ...]] = {
    "stories": ("stories.Story", "stories.InnovationRecord", "stories.Reuse"),
    "rooms": ("rooms.Booking", "rooms.Room", "rooms.OpeningHours", "rooms.ClosedDay", "rooms.PurposeKind"),
    "events": ("events.Event", "events.EventKind", "events.Registration", "events.Evaluation"),
    "desk": ("desk.Request", "desk.Kind"),
    "challenges": (
        "challenges.Challenge",
        "challenges.Phase",
        "challenges.PhaseChange",
        "challenges.Idea",
        "challenges.Comment",
        "challenges.Cheer",
    ),
    # Units, service areas and organisations (the desk counts requests per unit or organisation); and people,
    # whose unit places their bookings in a service area.
    "org": ("accounts.Unit", "accounts.ServiceArea", "accounts.Organisation", "accounts.User"),
}
# Many-to-many links the figures filter on: (model, field) -> topic.
LINKS: dict[tuple[str, str], str] = {
    ("stories.Story", "service_areas"): "stories",
    ("challenges.Challenge", "service_areas"): "challenges",
}

_PENDING = "_statistics_pending_topics"


def _bump_now(topics: set[str]) -> None:
    from ideverkstedet.statistics.models import Topic

    for name in sorted(topics):
        try:
            if not Topic.objects.filter(name=name).update(version=F("version") + 1):
                Topic.objects.get_or_create(name=name)
                Topic.objects.filter(name=name).update(version=F("version") + 1)
        except DatabaseError:  # never fail the change itself; the cache's timeout still bounds staleness
            import logging

            logging.getLogger(__name__).warning("could not raise the statistics version of %s", name)


def changed(topic: str) -> None:
    """Raise `topic`'s version after the current transaction commits (at once outside a transaction). Several
    changes in one transaction raise each topic once: the first callback to run takes every pending topic, the
    others find none (a rolled-back change leaves its topic pending, to be raised once more: harmless)."""
    if not connection.in_atomic_block:
        _bump_now({topic})
        return
    pending: set[str] | None = getattr(connection, _PENDING, None)
    if pending is None:
        pending = set()
        setattr(connection, _PENDING, pending)
    pending.add(topic)
    transaction.on_commit(_flush, robust=True)


def _flush() -> None:
    topics: set[str] = getattr(connection, _PENDING, None) or set()
    if topics:
        setattr(connection, _PENDING, set())
        _bump_now(topics)


def versions() -> dict[str, int]:
    """Every topic's version (0 for one never changed). One query."""
    from ideverkstedet.statistics.models import Topic

    return dict(Topic.objects.values_list("name", "version"))


def _receiver(topic: str) -> Any:
    def receive(sender: Any, instance: Any = None, created: bool = False, **kwargs: Any) -> None:
        changed(topic)

    return receive


def _user_saved(sender: Any, instance: Any = None, created: bool = False, **kwargs: Any) -> None:
    """People matter to the figures only through their unit: a new person, or a login (`last_login`), does not
    change any figure."""
    fields = kwargs.get("update_fields")
    if created or (fields is not None and "unit" not in fields and "unit_id" not in fields):
        return
    changed("org")


def _link_changed(topic: str) -> Any:
    def receive(sender: Any, action: str = "", **kwargs: Any) -> None:
        if action in {"post_add", "post_remove", "post_clear"}:
            changed(topic)

    return receive


def connect() -> None:
    """Connect the receivers (StatisticsConfig.ready)."""
    for topic, labels in TOPICS.items():
        for label in labels:
            model = apps.get_model(label)
            uid = f"statistics.changes:{label}"
            if label == "accounts.User":
                post_save.connect(_user_saved, sender=model, dispatch_uid=uid, weak=False)
            else:
                post_save.connect(_receiver(topic), sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(_receiver(topic), sender=model, dispatch_uid=uid, weak=False)
    for (label, field), topic in LINKS.items():
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(
            _link_changed(topic),
            sender=through,
            dispatch_uid=f"statistics.changes:{label}.{field}",
            weak=False,
        )
