"""What the demo's builder and loader share: the people to write as, and one challenge's plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random

from ideverkstedet.accounts.models import MUNICIPAL_ROLES, ORGANISATION_ROLES, Role, User
from ideverkstedet.challenges.models import (
    Challenge,
    Comment,
    Idea,
)

BATCH = 2000  # rows per bulk insert


@dataclass
class People:
    municipal: list[int]
    citizens: list[int]
    organisations: list[int]  # volunteers and external actors with an organisation
    everyone: list[int]
    by_area: dict[int, list[int]]
    role: dict[int, str]
    demo: dict[str, int]
    org_of: dict[int, int | None]


@dataclass
class Plan:
    """What one challenge gets, built in Python before anything is written."""

    challenge: Challenge
    area_ids: list[int]
    tag_ids: list[int]
    updated_at: datetime | None = None
    ideas: list[Idea] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    replies: list[Comment] = field(default_factory=list)


def load_people() -> People:
    rows = list(
        User.objects.filter(is_active=True, email_verified_at__isnull=False)
        .exclude(role=Role.ADMINISTRATOR)
        .order_by("pk")
        .values_list("pk", "role", "unit__service_area_id", "organisation_id", "email")
    )
    people = People([], [], [], [], {}, {}, {}, {})
    for pk, role, area_id, org_id, email in rows:
        people.role[pk] = role
        people.org_of[pk] = org_id
        people.everyone.append(pk)
        if email.endswith(("@demo.no", "@demo.kommune.no")):
            people.demo[email] = pk
        if role in MUNICIPAL_ROLES:
            people.municipal.append(pk)
            if area_id and role in {Role.EMPLOYEE, Role.LEADER}:
                people.by_area.setdefault(area_id, []).append(pk)
        elif role in ORGANISATION_ROLES and org_id:
            people.organisations.append(pk)
        elif role == Role.CITIZEN:
            people.citizens.append(pk)
    return people


def between(rng: Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.randint(0, int((end - start).total_seconds())))
