"""Parts of pages cached for anonymous visitors, and only for them: what is the same for every visitor.

A fragment (the cards and page links of the challenge list, of the event list) is cached in Django's cache under

    fragment:<group>:<version>:<language>:<hash of the query string>

- `version` is a counter in the database (`FragmentVersion`), raised by post_save/post_delete/m2m_changed of
  every model the group shows, in the same transaction as the change. A page built after the commit reads the
  new version, so it never finds a fragment from before the change: on every worker and every app server, with
  the per-process memory cache as well as with Redis (a stale entry is simply never asked for again).
- Changes that bypass signals (`QuerySet.update()` of a counter) happen in services that also save or create a
  watched row in the same transaction (an idea, a comment, a phase change); services that only update call
  `bump()` themselves.
- What changes with time alone (an input window opening or closing, a session ending) is covered by the
  fragment's timeout: `lifetime` says how long the fragment stays true, and it is cached no longer.
- Logged-in people never get a visitors' fragment (their pages show their own things: "mine", internal
  challenges, their registrations), and a fragment never holds a CSRF token, a name or a message. A page that
  is a person's own can be kept for that person alone (`person=True`: their id is in the key).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db import connection
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils.safestring import SafeString
from django.utils.translation import get_language

MAX_SECONDS = 60 * 60
EVERYTHING = "*"  # a version in every key, raised by bump_all()

# How long a group's fragments stay true by time alone, registered by the app that owns the group.
_lifetimes: dict[str, Callable[[], float | None]] = {}


def lifetime(group: str, seconds: Callable[[], float | None]) -> None:
    """Register how many seconds from now the group's fragments stay true by time alone (None: until a
    change): every fragment that shows the group is cached no longer."""
    _lifetimes[group] = seconds


def versions(groups: list[str]) -> str:
    """The groups' versions, after the version of everything (`bump_all`), in one query ("0" for a group never
    changed). Plain SQL: every cached page and answer asks this first, and building the same query through the
    ORM cost a quarter of a kept answer."""
    from ideverkstedet.core.models import FragmentVersion

    names = [EVERYTHING, *groups]
    table = connection.ops.quote_name(FragmentVersion._meta.db_table)
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name, version FROM {table} WHERE name IN ({marks})", names)  # noqa: S608
        found = dict(cursor.fetchall())
    return ".".join(str(found.get(name, 0)) for name in names)


def bump(group: str) -> None:
    """Raise the group's version (in the caller's transaction: visible with the change, not before)."""
    from ideverkstedet.core.models import FragmentVersion

    if _suspended.active:
        _suspended.groups.add(group)
        return
    rows = FragmentVersion.objects.filter(name=group)
    if not rows.update(version=F("version") + 1):
        _row, created = FragmentVersion.objects.get_or_create(name=group, defaults={"version": 1})
        if not created:  # another transaction made the row first: raise it past that one's version too
            rows.update(version=F("version") + 1)


def bump_all() -> None:
    """Make every fragment stale: for a change that shows everywhere (new picture renditions on disk)."""
    bump(EVERYTHING)


class _Suspension(threading.local):
    active = False
    groups: set[str]


_suspended = _Suspension()


@contextmanager
def suspended() -> Iterator[None]:
    """Collect the bumps of a bulk load (`manage.py demo`) and raise each group once at the end, instead of an
    UPDATE of the version row after every saved row."""
    _suspended.active, _suspended.groups = True, set()
    try:
        yield
    finally:
        groups, _suspended.active = _suspended.groups, False
        for group in sorted(groups):
            bump(group)


def watch(group: str | Callable[[Any], Iterable[str]], models: Iterable[type[Model]]) -> None:
    """Raise a version whenever one of these models is saved or deleted, or its m2m links change: the named
    group's, or the groups a function names for the changed row (e.g. the challenge an idea's cheer is on)."""

    def changed(sender: Any, instance: Any = None, **kwargs: Any) -> None:
        if kwargs.get("raw"):  # not while loading fixtures
            return
        for name in [group] if isinstance(group, str) else group(instance):
            bump(name)

    label = group if isinstance(group, str) else group.__qualname__
    for model in models:
        uid = f"fragments:{label}:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                changed, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}:{field.name}"
            )


def watch_apps(group: str, app_labels: Iterable[str]) -> None:
    """Raise the group's version on any write in these apps: for a page that shows sections from apps above
    the one that caches it (core.sections), which it may not import."""
    labels = frozenset(app_labels)

    def changed(sender: Any, **kwargs: Any) -> None:
        if kwargs.get("raw") or not kwargs.get("action", "post").startswith("post"):
            return
        meta = getattr(sender, "_meta", None)  # for m2m_changed, the link table: its app is the owner's
        if meta is not None and meta.app_label in labels:
            bump(group)

    uid = f"fragments:apps:{group}"
    post_save.connect(changed, weak=False, dispatch_uid=uid + ":save")
    post_delete.connect(changed, weak=False, dispatch_uid=uid + ":delete")
    m2m_changed.connect(changed, weak=False, dispatch_uid=uid + ":m2m")


def cached(
    request: HttpRequest,
    groups: str | list[str],
    build: Callable[[], str],
    *,
    part: str = "",
    lifetime: Callable[[], float | None] | None = None,
    person: bool = False,
) -> SafeString:
    """The fragment for this request: from the cache for an anonymous visitor, else built. The key holds the
    versions of `groups`, the language, who it is for, `part`, the path and the whole query string.
    `lifetime` (asked only when a fragment is stored, with the groups' registered ones) says how many seconds it
    stays true by time alone; None: until a change. `person=True`: the fragment is a logged-in person's own
    (the desk's queue with its "mine"): kept for them as well, under their id, and never shown to anyone else."""
    authenticated = request.user.is_authenticated
    if authenticated and not person:
        return SafeString(build())
    who = f"person-{request.user.pk}" if authenticated else "visitor"
    names = [groups] if isinstance(groups, str) else groups
    # Encoded, so that a value holding "&" or "=" can never give the key of another query string.
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    key = f"fragment:{'+'.join(names)}:{versions(names)}:{get_language()}:{who}:{part}:{digest}"
    html = cache.get(key)
    if html is None:
        html = build()
        asks = [_lifetimes[name] for name in names if name in _lifetimes] + ([lifetime] if lifetime else [])
        limits = [seconds for ask in asks if (seconds := ask()) is not None]
        timeout = min([MAX_SECONDS, *(int(seconds) for seconds in limits)])
        if timeout >= 1:
            cache.set(key, html, timeout)
    return SafeString(html)  # rendered by a template, which escaped what it had to
