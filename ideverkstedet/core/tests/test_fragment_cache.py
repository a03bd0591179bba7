"""Caching never lies (core/fragments.py): right after a change the page shows the new state, and nobody sees a
fragment made for another person, role or language. Each test first loads the page as a visitor, so that what
it checks afterwards would come from the cache if the cache could lie."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import selectors as challenge_selectors
from ideverkstedet.challenges import services as challenge_services
from ideverkstedet.challenges.models import Challenge, Idea
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.core import fragments
from ideverkstedet.events import services as event_services
from ideverkstedet.events.models import Registration
from ideverkstedet.events.tests.factories import EventFactory, add_session

pytestmark = pytest.mark.django_db

LIST = reverse("challenges:list")
EVENTS = reverse("events:event_list")


def visitor(language: str = "nb") -> Client:
    client = Client()
    if language != "nb":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cached_fragments() -> int:
    return sum(1 for key in cache._cache if ":fragment:" in key)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def test_a_visitor_s_list_is_cached_and_a_new_idea_shows_at_once():
    challenge = make_challenge(title="Ensomhet blant eldre", visibility="public", open_for="everyone")
    first = visitor().get(LIST)
    assert "0 ideer" in first.text
    assert cached_fragments() == 1
    visitor().get(LIST)
    assert cached_fragments() == 1  # the second visitor got the same fragment
    make_idea(challenge, user_with_role(Role.CITIZEN), title="Besøksvenner")
    assert "1 idé" in visitor().get(LIST).text


def test_a_hidden_comment_and_a_status_change_show_at_once():
    challenge = make_challenge(visibility="public", open_for="everyone")
    author = user_with_role(Role.CITIZEN)
    idea = make_idea(challenge, author, title="Besøksvenner")
    comment = challenge_services.comment_create(
        author=author,
        challenge=challenge,
        idea=None,
        parent=None,
        body="Et innlegg som må bort",
        is_anonymous=False,
    )
    page = challenge.get_absolute_url()
    assert "Et innlegg som må bort" in visitor().get(page).text
    assert "1 kommentar" in visitor().get(LIST).text
    adviser = user_with_role(Role.ADVISOR)
    challenge_services.moderate_hide(actor=adviser, post=comment, reason="Personopplysninger")
    assert "Et innlegg som må bort" not in visitor().get(page).text
    assert "0 kommentarer" in visitor().get(LIST).text
    before = visitor().get(page).text
    assert "status-new" in before or "status-" in before
    challenge_services.idea_set_status(
        actor=challenge.owner, idea=idea, status="testing", note="Vi prøver det ut."
    )
    idea.refresh_from_db()
    assert f"status-{idea.status}" in visitor().get(page).text
    assert idea.get_status_display() in visitor().get(page).text


def test_a_cheer_and_a_new_name_show_at_once_on_the_challenge_page():
    challenge = make_challenge(visibility="public", open_for="everyone")
    author = user_with_role(Role.CITIZEN, full_name="Kari Nordmann")
    idea = make_idea(challenge, author, title="Besøksvenner")
    page = challenge.get_absolute_url()
    assert "0 heiarop" in visitor().get(page).text and "Kari Nordmann" in visitor().get(page).text
    challenge_services.cheer_add(user=user_with_role(Role.CITIZEN), idea=idea)
    assert "1 heiarop" in visitor().get(page).text
    author.full_name = "Kari Nordmann Hansen"
    author.save()
    assert "Kari Nordmann Hansen" in visitor().get(page).text


def test_a_phase_change_and_an_edit_show_at_once_in_the_list():
    challenge = make_challenge(title="Gammel tittel", visibility="public")
    assert "Gammel tittel" in visitor().get(LIST).text
    Challenge.objects.filter(pk=challenge.pk)  # (no raw updates: changes go through the services)
    challenge_services.challenge_update(
        actor=challenge.owner,
        challenge=challenge,
        data=challenge_services.ChallengeData(
            title="Ny tittel", summary="Kort.", description="Lang.", visibility="public", tags=""
        ),
    )
    text = visitor().get(LIST).text
    assert "Ny tittel" in text and "Gammel tittel" not in text
    from ideverkstedet.challenges.models import Phase

    skape = Phase.objects.get(slug="skape")
    challenge_services.challenge_change_phase(
        actor=challenge.owner, challenge=challenge, phase=skape, note=""
    )
    assert str(skape.label) in visitor().get(LIST).text


def test_an_edited_event_and_a_cancelled_registration_show_at_once():
    event = EventFactory(title="Kurs i tjenestedesign", capacity=1)
    add_session(event)
    person = user_with_role(Role.CITIZEN)
    registration = event_services.registration_create(person=person, event=event)
    assert registration.status == Registration.Status.CONFIRMED
    full = visitor().get(EVENTS).text
    assert "Kurs i tjenestedesign" in full and "Fullt – venteliste" in full
    adviser = user_with_role(Role.ADVISOR)
    event_services.event_update(
        actor=adviser,
        event=event,
        title="Kurs i gevinstrealisering",
        summary=event.summary,
        description=event.description,
        capacity=1,
        question=event.question,
    )
    text = visitor().get(EVENTS).text
    assert "Kurs i gevinstrealisering" in text and "Kurs i tjenestedesign" not in text
    event_services.registration_cancel(actor=person, registration=registration)
    text = visitor().get(EVENTS).text
    assert "Ledige plasser" in text and "Fullt – venteliste" not in text


def test_nobody_sees_a_fragment_made_for_another_language_person_or_role():
    make_challenge(title="Offentlig utfordring", visibility="public")
    owner = user_with_role(Role.EMPLOYEE)
    make_challenge(owner, title="Intern utfordring", visibility="internal")
    nb = visitor().get(LIST).text
    assert "1 utfordring" in nb and "Intern utfordring" not in nb
    en = visitor("en").get(LIST).text
    assert "1 challenge" in en and "1 utfordring" not in en and "Intern utfordring" not in en
    assert "1 utfordring" in visitor().get(LIST).text  # and bokmål again for the next visitor
    citizen = logged_in(user_with_role(Role.CITIZEN)).get(LIST).text
    assert "Offentlig utfordring" in citizen and "Intern utfordring" not in citizen
    assert "0 utfordringer" in logged_in(user_with_role(Role.CITIZEN)).get(LIST + "?mine=on").text
    adviser = logged_in(user_with_role(Role.ADVISOR)).get(LIST).text
    assert "Intern utfordring" in adviser and "2 utfordringer" in adviser
    mine = logged_in(owner).get(LIST + "?mine=on").text
    assert "Intern utfordring" in mine and "Offentlig utfordring" not in mine
    assert "Intern utfordring" not in visitor().get(LIST).text  # nothing the adviser or owner saw
    assert "Intern utfordring" not in visitor("en").get(LIST).text
    assert "Intern utfordring" not in visitor().get(LIST + "?mine=on").text


def test_the_challenge_page_fragments_hold_no_csrf_token_and_no_cheer_form_for_visitors():
    challenge = make_challenge(visibility="public", open_for="everyone")
    make_idea(challenge, user_with_role(Role.CITIZEN), title="Besøksvenner")
    page = visitor().get(challenge.get_absolute_url()).text
    assert "Besøksvenner" in page and "cheer-button" not in page
    stored = [value for key, value in cache._cache.items() if ":fragment:" in key]  # type: ignore[attr-defined]
    assert len(stored) == 1  # the page's content, without the header and messages
    assert not any(b"csrfmiddlewaretoken" in value for value in stored)
    citizen = logged_in(user_with_role(Role.CITIZEN))
    mine = citizen.get(challenge.get_absolute_url()).text
    assert "cheer-button" in mine and "csrfmiddlewaretoken" in mine  # never the visitor's fragment
    assert "cheer-button" not in visitor().get(challenge.get_absolute_url()).text


def test_a_visitor_s_page_has_a_constant_number_of_queries_from_the_cache(django_assert_num_queries):
    challenge = make_challenge(visibility="public", open_for="everyone")
    author = user_with_role(Role.CITIZEN)
    url = challenge.get_absolute_url()
    counts = []
    for n in (3, 40):
        for i in range(n):
            Idea.objects.create(challenge=challenge, author=author, title=f"Idé {i}", description="x")
        visitor().get(url)  # builds and caches
        with django_assert_num_queries(VISITOR_PAGE_FROM_CACHE):
            visitor().get(url)
        counts.append(n)
    assert counts == [3, 40]


# The challenge page for a visitor from the cache: the challenge (it may have become internal or gone: 404) and
# the versions of what the page shows.
VISITOR_PAGE_FROM_CACHE = 2


def test_a_fragment_lives_no_longer_than_the_next_input_window_change():
    soon = timezone.now() + timedelta(minutes=5)
    challenge = make_challenge(visibility="public", open_for="everyone")
    Challenge.objects.filter(pk=challenge.pk).update(input_closes_at=soon)
    seconds = challenge_selectors.seconds_until_an_input_window_changes()
    assert seconds is not None and 0 < seconds <= 5 * 60
    visitor().get(LIST)
    keys = [key for key in cache._cache if ":fragment:challenges:" in key]  # type: ignore[attr-defined]
    assert len(keys) == 1
    expires = cache._expire_info[keys[0]]  # type: ignore[attr-defined]
    assert expires <= soon.timestamp() + 1


def test_a_fragment_lives_no_longer_than_the_next_session_end():
    event = EventFactory()
    session = add_session(event, days=0, hours=1)
    visitor().get(EVENTS)
    keys = [key for key in cache._cache if ":fragment:events:" in key]  # type: ignore[attr-defined]
    assert len(keys) == 1
    assert cache._expire_info[keys[0]] <= session.end.timestamp() + 1  # type: ignore[attr-defined]


def test_versions_rise_in_the_same_transaction_as_the_change():
    before = fragments.versions(["challenges"])
    make_challenge(visibility="public")
    assert fragments.versions(["challenges"]) != before
    assert fragments.versions(["nothing-yet"]).endswith(".0")  # everything's version, then the group's


def test_a_section_from_an_app_above_shows_at_once_on_the_challenge_page():
    from ideverkstedet.challenges.models import Phase
    from ideverkstedet.methods.tests.factories import MethodFactory

    challenge = make_challenge(visibility="public")
    phase = Phase.objects.get(pk=challenge.phase_id)
    method = MethodFactory(name="Gammel metode", phases=[phase.slug])
    assert "Gammel metode" in visitor().get(challenge.get_absolute_url()).text
    method.name = "Ny metode"
    method.save()
    text = visitor().get(challenge.get_absolute_url()).text
    assert "Ny metode" in text and "Gammel metode" not in text


def test_a_challenge_page_lives_no_longer_than_its_input_window_and_a_new_internal_one_is_gone():
    soon = timezone.now() + timedelta(minutes=3)
    challenge = make_challenge(visibility="public", open_for="everyone")
    Challenge.objects.filter(pk=challenge.pk).update(input_closes_at=soon)
    assert "Åpen for innspill" in visitor().get(challenge.get_absolute_url()).text
    keys = [key for key in cache._cache if ":fragment:" in key]  # type: ignore[attr-defined]
    assert len(keys) == 1 and cache._expire_info[keys[0]] <= soon.timestamp() + 1  # type: ignore[attr-defined]
    other = make_challenge(title="Snart intern", visibility="public")
    assert visitor().get(other.get_absolute_url()).status_code == 200
    challenge_services.challenge_update(
        actor=other.owner,
        challenge=other,
        data=challenge_services.ChallengeData(
            title=other.title, summary="Kort.", description="Lang.", visibility="internal", tags=""
        ),
    )
    assert visitor().get(other.get_absolute_url()).status_code == 404


def test_the_front_page_shows_a_new_open_challenge_and_an_edited_event_at_once_in_each_language():
    event = EventFactory(title="Kurs i tjenestedesign")
    add_session(event)
    home = reverse("core:home")
    nb = visitor().get(home).text
    assert "Kurs i tjenestedesign" in nb and "Ensomhet blant eldre" not in nb
    en = visitor("en").get(home).text
    assert 'lang="en"' in en and en != nb
    make_challenge(title="Ensomhet blant eldre", visibility="public", open_for="everyone")
    assert "Ensomhet blant eldre" in visitor().get(home).text
    assert "Ensomhet blant eldre" in visitor("en").get(home).text
    event_services.event_update(
        actor=user_with_role(Role.ADVISOR),
        event=event,
        title="Kurs i gevinstrealisering",
        summary=event.summary,
        description=event.description,
        capacity=event.capacity,
        question=event.question,
    )
    assert "Kurs i gevinstrealisering" in visitor().get(home).text
    person = logged_in(user_with_role(Role.CITIZEN)).get(home).text
    assert "Gå til min side" not in nb and "Lag en konto" not in person  # a person's own front page


def test_a_bulk_load_raises_each_version_once_at_the_end():
    make_challenge(visibility="public")
    before = fragments.versions(["challenges"])
    with fragments.suspended():
        for n in range(3):
            make_challenge(title=f"Utfordring {n}", visibility="public")
        assert fragments.versions(["challenges"]) == before
    assert int(fragments.versions(["challenges"]).split(".")[1]) == int(before.split(".")[1]) + 1


def test_a_value_holding_an_ampersand_never_shares_a_key_with_two_parameters(rf):
    from django.contrib.auth.models import AnonymousUser

    built = []

    def page(query: str) -> str:
        request = rf.get("/utfordringer/" + query)
        request.user = AnonymousUser()
        return fragments.cached(request, "challenges", lambda: built.append(query) or query)

    assert page("?fase=tenke&stikkord=skole") == "?fase=tenke&stikkord=skole"
    # The same characters once decoded, but one parameter: its own fragment, not the one above.
    assert page("?fase=tenke%26stikkord%3Dskole") == "?fase=tenke%26stikkord%3Dskole"
    assert page("?stikkord=skole&fase=tenke") == "?fase=tenke&stikkord=skole"  # the order does not matter
    assert built == ["?fase=tenke&stikkord=skole", "?fase=tenke%26stikkord%3Dskole"]


@pytest.mark.django_db
def test_bump_all_makes_even_a_group_never_changed_build_anew():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from ideverkstedet.core.models import FragmentVersion

    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    built: list[int] = []

    def build() -> str:
        built.append(1)
        return f"<p>{len(built)}</p>"

    assert not FragmentVersion.objects.filter(name="never-changed").exists()
    assert fragments.cached(request, "never-changed", build) == "<p>1</p>"
    assert fragments.cached(request, "never-changed", build) == "<p>1</p>"
    fragments.bump_all()
    assert fragments.cached(request, "never-changed", build) == "<p>2</p>"


@pytest.mark.django_db
def test_migrating_makes_every_fragment_stale():
    from django.core.management import call_command

    before = fragments.versions([])
    call_command("migrate", verbosity=0)
    assert fragments.versions([]) != before
