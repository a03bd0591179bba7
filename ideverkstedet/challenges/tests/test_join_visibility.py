"""Joining an internal and a public challenge: the joined one is internal, so nothing internal becomes visible to
anyone who could not see it, whichever is kept. Checked for the four combinations as an anonymous visitor, a
citizen and an employee outside both teams see it: the ideas' pages, the shared insight, the search."""

from typing import Any

import pytest
from django.test import Client

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ServiceAreaFactory, UnitFactory, user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Challenge, Idea, Insight, Membership
from ideverkstedet.challenges.services import ChallengeError, joining
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.notifications.models import Notification

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "citizen", "employee"]
COMBINATIONS = [
    ("public", "public"),
    ("public", "internal"),
    ("internal", "public"),
    ("internal", "internal"),
]


def _challenge(area: str, visibility: str, word: str) -> Challenge:
    owner = user_with_role(
        Role.EMPLOYEE, unit=UnitFactory(service_area=ServiceAreaFactory(slug=area, name=area))
    )
    challenge = make_challenge(owner, title=f"Skyss til aktiviteter ({area})", visibility=visibility)
    make_idea(challenge, title=f"Idé om {word}", description=f"Vi foreslår {word}.")
    services.insight_add(
        actor=owner,
        challenge=challenge,
        kind="data",
        title=f"Delt innsikt om {word}",
        body="Tall fra skyssordningen.",
        source="skyssdata",
        observed_on=challenge.created_at.date(),
        is_shareable=True,
    )
    services.insight_add(
        actor=owner,
        challenge=challenge,
        kind="interview",
        title=f"Lagets egen innsikt om {word}",
        body="Fra intervjuer.",
        source="tre foreldre",
        observed_on=challenge.created_at.date(),
    )
    return challenge


def _clients() -> dict[str, Client]:
    clients = {name: Client() for name in VIEWERS}
    clients["citizen"].force_login(user_with_role(Role.CITIZEN))
    clients["employee"].force_login(user_with_role(Role.EMPLOYEE))  # outside both teams
    return clients


def _seen(clients: dict[str, Client], words: list[str]) -> dict[tuple[str, str, str], bool]:
    """(viewer, word, what) -> whether the viewer sees it: the idea's page, the shared and the team's insight on
    the page of the challenge that holds them, the idea in the search."""
    seen = {}
    for word in words:
        idea = Idea.objects.select_related("challenge").get(title=f"Idé om {word}")
        holder = Insight.objects.select_related("challenge").get(title=f"Delt innsikt om {word}").challenge
        for name, client in clients.items():
            seen[name, word, "idea"] = client.get(idea.get_absolute_url()).status_code == 200
            page = client.get(holder.get_absolute_url())
            text = page.content.decode() if page.status_code == 200 else ""
            seen[name, word, "shared insight"] = f"Delt innsikt om {word}" in text
            seen[name, word, "team insight"] = f"Lagets egen innsikt om {word}" in text
            found = client.get("/sok/", {"q": word}).content.decode()
            seen[name, word, "search"] = f"Idé om {word}" in found
    return seen


@pytest.mark.parametrize(("kept_visibility", "absorbed_visibility"), COMBINATIONS)
def test_moved_material_is_seen_by_nobody_who_could_not_see_it(kept_visibility, absorbed_visibility):  # type: ignore[no-untyped-def]
    kept = _challenge("helse", kept_visibility, "bussen")
    absorbed = _challenge("oppvekst", absorbed_visibility, "samkjoring")
    clients = _clients()
    words = ["bussen", "samkjoring"]
    before = _seen(clients, words)
    proposal = joining.join_propose(
        actor=absorbed.owner, source=absorbed, target=kept, keep="target", message="Samme utfordring"
    )
    joining.join_answer(actor=kept.owner, proposal=proposal, accept=True)

    kept.refresh_from_db()
    absorbed.refresh_from_db()
    assert absorbed.merged_into_id == kept.pk
    both_public = kept_visibility == absorbed_visibility == "public"
    assert kept.visibility == ("public" if both_public else "internal")
    assert Idea.objects.get(title="Idé om samkjoring").challenge_id == kept.pk
    after = _seen(clients, words)
    for key, visible in after.items():
        assert not visible or before[key], f"{key} became visible"
    for (viewer, _word, what), visible in after.items():
        if what == "team insight":
            assert not visible  # the team's own insight is for the team, before and after
        elif viewer == "employee" or both_public:
            assert visible, (viewer, what)
        else:
            assert not visible, (viewer, what)
    # The read-only page keeps its own visibility.
    assert absorbed.visibility == absorbed_visibility


def _answer(kept: Challenge, absorbed: Challenge) -> Any:
    proposal = joining.join_propose(
        actor=absorbed.owner, source=absorbed, target=kept, keep="target", message="Samme utfordring"
    )
    return joining.join_answer(actor=kept.owner, proposal=proposal, accept=True)


def test_people_who_lose_the_public_challenge_are_told_without_the_internal_title(
    django_capture_on_commit_callbacks,
):  # type: ignore[no-untyped-def]
    kept = _challenge("helse", "internal", "bussen")
    absorbed = _challenge("oppvekst", "public", "samkjoring")
    follower = user_with_role(Role.CITIZEN)
    services.follow(user=follower, challenge=absorbed)
    author = user_with_role(Role.CITIZEN, language="en")
    Idea.objects.filter(challenge=absorbed).update(author=author, is_anonymous=True)
    colleague = user_with_role(Role.EMPLOYEE)
    services.follow(user=colleague, challenge=absorbed)
    _answer(kept, absorbed)

    for person in (follower, author):
        notice = Notification.objects.get(user=person)
        assert notice.url == absorbed.get_absolute_url()
        assert absorbed.title in notice.body and kept.title not in notice.body + notice.title
    assert "internal" in Notification.objects.get(user=author).body  # in their own language
    told = Notification.objects.get(user=colleague)  # an employee may read the joined one
    assert kept.title in told.title and told.url == kept.get_absolute_url()


def test_followers_of_a_kept_public_challenge_that_becomes_internal_are_told():  # type: ignore[no-untyped-def]
    kept = _challenge("helse", "public", "bussen")
    absorbed = _challenge("oppvekst", "internal", "samkjoring")
    follower = user_with_role(Role.CITIZEN)
    services.follow(user=follower, challenge=kept)
    volunteer = user_with_role(Role.VOLUNTEER)
    Membership.objects.create(challenge=kept, user=volunteer, status="active")
    _answer(kept, absorbed)

    notice = Notification.objects.get(user=follower)
    assert kept.title in notice.body and absorbed.title not in notice.body + notice.title
    assert notice.url == "/utfordringer/"
    # People from outside the municipality leave the team of a challenge that became internal.
    assert not Membership.objects.filter(challenge=kept, user=volunteer).exists()
    assert Notification.objects.filter(user=volunteer, body__contains=kept.title).exists()


def test_a_kept_public_challenge_that_cannot_become_internal_is_not_joined_with_an_internal_one():  # type: ignore[no-untyped-def]
    organisation_owned = make_challenge(
        user_with_role(Role.VOLUNTEER), title="Frivilligsentralens", visibility="public"
    )
    internal = _challenge("oppvekst", "internal", "samkjoring")
    with pytest.raises(ChallengeError, match="organisasjon"):
        joining.join_propose(
            actor=internal.owner, source=internal, target=organisation_owned, keep="target", message="Samme"
        )
    # Keeping the internal one is fine: the organisation's challenge becomes the read-only page.
    proposal = joining.join_propose(
        actor=internal.owner, source=internal, target=organisation_owned, keep="source", message="Samme"
    )
    assert proposal.keep == "source"

    open_to_all = make_challenge(title="Åpen for innspill", visibility="public", open_for="everyone")
    with pytest.raises(ChallengeError, match="innspill fra innbyggere"):
        joining.join_propose(
            actor=internal.owner, source=internal, target=open_to_all, keep="target", message="Samme"
        )


def test_a_challenge_made_internal_after_the_proposal_makes_the_joined_one_internal():  # type: ignore[no-untyped-def]
    kept = _challenge("helse", "public", "bussen")
    absorbed = _challenge("oppvekst", "public", "samkjoring")
    proposal = joining.join_propose(
        actor=absorbed.owner, source=absorbed, target=kept, keep="target", message="Samme"
    )
    Challenge.objects.filter(pk=absorbed.pk).update(visibility="internal")
    joining.join_answer(actor=kept.owner, proposal=proposal, accept=True)
    kept.refresh_from_db()
    assert kept.visibility == "internal"
    citizen = Client()
    citizen.force_login(user_with_role(Role.CITIZEN))
    assert citizen.get(Idea.objects.get(title="Idé om samkjoring").get_absolute_url()).status_code == 404
