"""Challenges made through the services, so team, history, follows and counters are as in real life."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from ideverkstedet.accounts.models import Role, User
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Challenge, Idea


def make_challenge(
    owner: User | None = None,
    *,
    title: str = "Hvordan kan vi gjøre det lettere å søke barnehageplass?",
    visibility: str = "internal",
    open_for: str | None = None,  # "everyone" or "employees": open for input now
    **extra: Any,
) -> Challenge:
    owner = owner or user_with_role(Role.EMPLOYEE)
    challenge = services.challenge_create(
        owner=owner,
        data=services.ChallengeData(
            title=title,
            description=extra.pop("description", "Foreldre synes søknaden er vanskelig. **Hvorfor?**"),
            summary=extra.pop("summary", "Søknaden om barnehageplass er tung å fylle ut."),
            visibility=visibility,
            tags=extra.pop("tags", "barn, digitalt"),
        ),
    )
    if open_for:
        now = timezone.now()
        services.challenge_open_for_input(
            actor=owner,
            challenge=challenge,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=14),
            question="Hva gjør det vanskelig å søke?",
            audience=open_for,
        )
        challenge.refresh_from_db()
    return challenge


def make_idea(challenge: Challenge, author: User | None = None, **kwargs: Any) -> Idea:
    author = author or challenge.owner
    kwargs.setdefault("title", "Ett skjema for alle barnehager")
    kwargs.setdefault("description", "Samme skjema uansett barnehage, med hjelpetekster.")
    return services.idea_create(author=author, challenge=challenge, **kwargs)


def ensure_phases() -> None:
    """The four default phases, as the data migration makes them (flushed by transactional tests)."""
    from ideverkstedet.challenges.models import Phase

    for order, (slug, name, name_nn, name_en) in enumerate(
        [
            ("mote", "Møte", "Møte", "Meet"),
            ("tenke", "Tenke", "Tenkje", "Think"),
            ("skape", "Skape", "Skape", "Create"),
            ("dele", "Dele", "Dele", "Share"),
        ],
        start=1,
    ):
        Phase.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_nn": name_nn, "name_en": name_en, "order": order}
        )
