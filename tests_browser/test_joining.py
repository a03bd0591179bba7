"""Joining forces in the browser: an adviser merges three anonymous duplicate ideas and undoes it; two teams
from different service areas join their challenges. Real clicks, axe-core on every page the journeys visit."""

import pytest
from playwright.sync_api import expect

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import ServiceAreaFactory, UnitFactory
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Challenge, Cheer, Idea
from ideverkstedet.challenges.tests.factories import ensure_phases, make_challenge, make_idea
from ideverkstedet.notifications.models import Notification
from tests_browser.conftest import assert_no_axe_violations, login

pytestmark = pytest.mark.browser


@pytest.fixture
def phases(transactional_db):  # type: ignore[no-untyped-def]
    ensure_phases()


def _counts(*ideas: Idea) -> dict[int, int]:
    return {i.pk: Idea.objects.get(pk=i.pk).cheer_count for i in ideas}


def test_adviser_merges_three_anonymous_duplicates_and_undoes_it(
    page, new_page, live_server, make_user, phases
):  # type: ignore[no-untyped-def]
    owner = make_user(Role.EMPLOYEE, full_name="Ola Eiersen")
    challenge = make_challenge(owner, visibility="public", open_for="everyone")
    authors = [
        make_user(Role.CITIZEN, full_name=f"Anne Anonym{n}", language=lang)
        for n, lang in enumerate(["nb", "nn", "en", "nb"])
    ]
    kept = make_idea(challenge, authors[0], title="Ett felles søknadsskjema", is_anonymous=True)
    dups = [
        make_idea(challenge, authors[n], title=title, is_anonymous=True)
        for n, title in [
            (1, "Felles skjema for alle barnehager"),
            (2, "Ett skjema"),
            (3, "Samme søknad overalt"),
        ]
    ]
    fans = [make_user(Role.CITIZEN) for _ in range(5)]
    for fan, ideas in zip(
        fans,
        [[kept, dups[0]], [dups[0], dups[1]], [dups[2]], [kept], [dups[0], dups[1], dups[2]]],
        strict=False,
    ):
        for idea in ideas:
            services.cheer_add(user=fan, idea=idea)
    before = _counts(kept, *dups)
    distinct = len({c.user_id for c in Cheer.objects.filter(idea__in=[kept, *dups])})

    adviser = make_user(Role.ADVISOR, full_name="Rita Rådgiver")
    login(page, live_server, adviser)
    page.goto(kept.get_absolute_url())
    assert_no_axe_violations(page, "kept idea (adviser)")
    page.get_by_role("link", name="Slå sammen med like ideer").click()
    assert_no_axe_violations(page, "merge form")
    page.get_by_role("button", name="Slå sammen").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    assert_no_axe_violations(page, "merge form with errors")
    for dup in dups:
        page.get_by_label(dup.title).check()
    page.get_by_label("Begrunnelse").fill("Tre innspill om det samme skjemaet")
    page.get_by_role("button", name="Slå sammen").click()
    expect(page.get_by_role("heading", name="Slått sammen hit")).to_be_visible()
    assert_no_axe_violations(page, "kept idea after the merge")

    assert Idea.objects.get(pk=kept.pk).cheer_count == distinct == Cheer.objects.filter(idea=kept).count()
    expect(page.locator(f"#heia-{kept.pk} .cheer-count")).to_have_text(str(distinct))
    for author in authors[1:]:
        notice = Notification.objects.get(user=author, body__contains="Tre innspill om det samme skjemaet")
        assert "Anne" not in notice.body  # nobody is named
    assert Notification.objects.get(user=authors[2]).title.startswith("Ideas merged")

    visitor = new_page()
    visitor.goto(dups[0].get_absolute_url())
    expect(visitor.get_by_text("Denne idéen er slått sammen med")).to_be_visible()
    expect(visitor.get_by_text("Anonym").first).to_be_visible()
    assert "Anne" not in visitor.content()
    assert_no_axe_violations(visitor, "merged duplicate (anonymous visitor)")

    author_page = new_page()
    login(author_page, live_server, authors[1])
    author_page.goto("/varsler/")
    assert_no_axe_violations(author_page, "notifications of a merged idea's author (nynorsk)")

    page.get_by_label("Begrunnelse for å angre").fill("Det var ulike ideer likevel")
    page.get_by_role("button", name="Angre sammenslåingen").click()
    expect(page.get_by_text("Sammenslåingen er angret")).to_be_visible()
    assert_no_axe_violations(page, "kept idea after the undo")
    assert _counts(kept, *dups) == before
    for idea in [kept, *dups]:
        assert Idea.objects.get(pk=idea.pk).cheer_count == Cheer.objects.filter(idea=idea).count()


def test_two_teams_from_different_service_areas_join_their_challenges(
    page, new_page, live_server, make_user, phases
):  # type: ignore[no-untyped-def]
    school_owner = make_user(
        Role.EMPLOYEE,
        full_name="Siri Skole",
        unit=UnitFactory(service_area=ServiceAreaFactory(slug="oppvekst", name="Oppvekst")),
    )
    health_owner = make_user(
        Role.LEADER,
        full_name="Hans Helse",
        unit=UnitFactory(service_area=ServiceAreaFactory(slug="helse", name="Helse")),
    )
    school = make_challenge(school_owner, title="Skoleskyss som virker for alle", visibility="public")
    health = make_challenge(health_owner, title="Transport til fritidsaktiviteter", visibility="public")
    make_idea(school, title="Samkjøring med foreldre")
    school_fan = make_user(Role.CITIZEN, language="en")
    health_fan = make_user(Role.CITIZEN, language="nn")
    services.follow(user=school_fan, challenge=school)
    services.follow(user=health_fan, challenge=health)

    login(page, live_server, school_owner)
    page.goto(health.get_absolute_url())
    assert_no_axe_violations(page, "other team's challenge")
    page.get_by_role("link", name="Vi har samme utfordring – foreslå å slå sammen").click()
    assert_no_axe_violations(page, "join proposal form")
    page.get_by_label("Hvorfor har dere samme utfordring?").fill("Begge handler om å komme seg trygt fram.")
    page.get_by_role("button", name="Send forslaget").click()
    expect(page.get_by_text("Forslaget er sendt")).to_be_visible()

    other = new_page()
    login(other, live_server, health_owner)
    other.goto(health.get_absolute_url())
    expect(other.get_by_role("heading", name="Forslag om å slå sammen")).to_be_visible()
    assert_no_axe_violations(other, "challenge with a proposal (the asked team)")
    other.get_by_label("Svar til laget som spurte").fill("Gjerne, vi tar det herfra.")
    other.get_by_role("button", name="Ja, slå sammen").click()
    expect(other.get_by_text("Utfordringene er slått sammen")).to_be_visible()
    assert_no_axe_violations(other, "kept challenge after the join")

    health.refresh_from_db()
    assert Challenge.objects.get(pk=school.pk).merged_into_id == health.pk
    assert set(health.service_areas.values_list("slug", flat=True)) == {"oppvekst", "helse"}
    assert Idea.objects.get(title="Samkjøring med foreldre").challenge_id == health.pk
    assert Notification.objects.filter(
        user=school_fan, title__startswith="The challenges have been merged"
    ).exists()
    assert Notification.objects.filter(
        user=health_fan, title__startswith="Utfordringane er slått saman"
    ).exists()

    visitor = new_page()
    visitor.goto(school.get_absolute_url())
    expect(visitor.get_by_text("Denne siden kan bare leses")).to_be_visible()
    assert_no_axe_violations(visitor, "read-only joined challenge (anonymous visitor)")
