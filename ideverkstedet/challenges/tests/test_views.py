"""The pages: each flow by the people who use it, bad input answered with a message, never a 500."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.tests.factories import user_with_role
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import Challenge, Cheer, Comment, Idea, Insight, Membership, Report
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.notifications.models import Notification

pytestmark = pytest.mark.django_db

# Pinned: session, user, unread notices, the filter form's choices, count, page, service areas (one prefetch) …
LIST_QUERIES = 8
# … and for a challenge page: ideas with "cheered", comment threads with replies, insight, history, team, plans,
# the person's membership and invitation.
DETAIL_QUERIES = 22  # "similar challenges": 1 for the search unless cached (1 more when it finds some); 1 stories; 1 joined ones


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_list_filters_and_anonymous_sees_only_public():
    public = make_challenge(title="Ensomhet blant eldre", visibility="public", open_for="everyone")
    internal = make_challenge(title="Færre bomturer i hjemmetjenesten")
    page = client_for().get(reverse("challenges:list"))
    assert page.status_code == 200
    assert public.title in page.text and internal.title not in page.text
    staff_page = client_for(user_with_role(Role.EMPLOYEE)).get(reverse("challenges:list"))
    assert internal.title in staff_page.text
    opened = client_for(user_with_role(Role.EMPLOYEE)).get(reverse("challenges:list") + "?apen=on")
    assert public.title in opened.text and internal.title not in opened.text
    phased = client_for().get(reverse("challenges:list") + "?fase=skape")
    assert public.title not in phased.text
    mine = client_for(internal.owner).get(reverse("challenges:list") + "?mine=on")
    assert internal.title in mine.text and public.title not in mine.text


@pytest.mark.parametrize(
    "query", ["?fase=finnes-ikke", "?side=999", "?side=x", "?stikkord=%00", "?omrade=<script>"]
)
def test_bad_list_queries_never_fail(query):
    assert client_for().get(reverse("challenges:list") + query).status_code == 200


def test_list_has_a_constant_number_of_queries(django_assert_max_num_queries):
    owner = user_with_role(Role.EMPLOYEE)
    for n in range(5):
        make_challenge(owner, title=f"Utfordring {n}", visibility="public")
    client = client_for(owner)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("challenges:list"))
    for n in range(5, 60):
        make_challenge(owner, title=f"Utfordring {n}", visibility="public")
    with django_assert_max_num_queries(30) as many:
        response = client.get(reverse("challenges:list"))
    assert response.text.count('class="card challenge-card"') == 50
    assert len(many.captured_queries) == len(few.captured_queries) == LIST_QUERIES


def test_detail_has_a_constant_number_of_queries(django_assert_max_num_queries):
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)

    def add(n: int) -> None:
        for i in range(n):
            idea = Idea.objects.create(challenge=challenge, author=citizen, title=f"Idé {i}", description="x")
            Comment.objects.create(challenge=challenge, author=citizen, body=f"Kommentar {i}")
            Comment.objects.create(challenge=challenge, idea=idea, author=citizen, body="svar")

    add(3)
    client = client_for(citizen)
    with django_assert_max_num_queries(40) as few:
        client.get(challenge.get_absolute_url())
    add(97)
    cache.clear()  # "similar challenges" is cached: count its search query both times
    with django_assert_max_num_queries(40) as many:
        response = client.get(challenge.get_absolute_url())
    assert response.text.count('class="card idea-card"') == 20  # a page at a time (test_paging.py)
    assert response.text.count('class="comment"') == 20  # 20 of the 100 threads
    assert len(many.captured_queries) == len(few.captured_queries) == DETAIL_QUERIES


def test_internal_challenge_is_hidden_from_citizens_and_visitors():
    challenge = make_challenge()
    assert client_for().get(challenge.get_absolute_url()).status_code == 404
    assert client_for(user_with_role(Role.CITIZEN)).get(challenge.get_absolute_url()).status_code == 404
    assert client_for(user_with_role(Role.VOLUNTEER)).get(challenge.get_absolute_url()).status_code == 404
    assert client_for(user_with_role(Role.EMPLOYEE)).get(challenge.get_absolute_url()).status_code == 200


def test_employee_creates_a_challenge_and_sees_errors_tied_to_fields():
    employee = user_with_role(Role.EMPLOYEE)
    client = client_for(employee)
    assert client.get(reverse("challenges:new")).status_code == 200
    bad = client.post(reverse("challenges:new"), {"title": "", "description": "", "visibility": "internal"})
    assert bad.status_code == 400 and "id_title_error" in bad.text
    response = client.post(
        reverse("challenges:new"),
        {
            "title": "Ungdom som faller ut av videregående",
            "summary": "For mange slutter.",
            "description": "Vi vil forstå hvorfor.",
            "visibility": "internal",
            "tags": "ungdom, skole",
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == challenge.get_absolute_url()
    assert challenge.owner == employee and challenge.visibility == "internal"
    assert client_for(user_with_role(Role.CITIZEN)).get(reverse("challenges:new")).status_code == 403


def test_edit_phase_and_open_for_input_by_the_team_only():
    challenge = make_challenge(visibility="public")
    owner = client_for(challenge.owner)
    stranger = client_for(user_with_role(Role.EMPLOYEE))
    assert stranger.get(reverse("challenges:edit", args=[challenge.slug])).status_code == 403
    assert owner.get(reverse("challenges:edit", args=[challenge.slug])).status_code == 200
    data = {"title": "Nytt navn", "description": "Ny tekst", "visibility": "public", "tags": ""}
    assert owner.post(reverse("challenges:edit", args=[challenge.slug]), data).status_code == 302
    from ideverkstedet.challenges.models import Phase

    tenke = Phase.objects.get(slug="tenke")
    assert (
        stranger.post(reverse("challenges:phase", args=[challenge.slug]), {"phase": tenke.pk}).status_code
        == 403
    )
    owner.post(
        reverse("challenges:phase", args=[challenge.slug]), {"phase": tenke.pk, "note": "Vi intervjuer"}
    )
    challenge.refresh_from_db()
    assert challenge.title == "Nytt navn" and challenge.phase == tenke
    detail = client_for().get(challenge.get_absolute_url())
    assert "Vi intervjuer" in detail.text
    today = timezone.localdate()
    form = {
        "question": "Hva savner du?",
        "audience": "everyone",
        "opens_on": today.isoformat(),
        "opens_time": "00:00",
        "closes_on": (today + timedelta(days=10)).isoformat(),
        "closes_time": "23:59",
    }
    bad = owner.post(
        reverse("challenges:open", args=[challenge.slug]),
        {**form, "closes_on": (today - timedelta(days=2)).isoformat()},
    )
    assert bad.status_code == 400 and "Sluttdatoen" in bad.text
    assert owner.post(reverse("challenges:open", args=[challenge.slug]), form).status_code == 302
    challenge.refresh_from_db()
    assert challenge.is_open_for_input and challenge.input_audience == "everyone"
    page = client_for().get(challenge.get_absolute_url())
    assert "Hva savner du?" in page.text and "Logg inn for å gi innspill" in page.text


def test_citizen_posts_an_anonymous_idea_and_comment_and_the_name_never_shows():
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN, full_name="Kari Hemmelig")
    client = client_for(citizen)
    assert client_for().get(reverse("challenges:idea_new", args=[challenge.slug])).status_code == 302
    response = client.post(
        reverse("challenges:idea_new", args=[challenge.slug]),
        {"title": "Chat med barnehagen", "description": "En chat for spørsmål.", "is_anonymous": "on"},
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and idea.is_anonymous and idea.author == citizen
    client.post(
        reverse("challenges:comment", args=[challenge.slug]),
        {"body": "Og på nynorsk!", "is_anonymous": "on", "idea": idea.pk},
    )
    comment = Comment.objects.get()
    assert comment.is_anonymous and comment.idea == idea
    for viewer in (None, user_with_role(Role.EMPLOYEE), user_with_role(Role.ADVISOR), challenge.owner):
        for url in (challenge.get_absolute_url(), idea.get_absolute_url()):
            text = client_for(viewer).get(url).text
            assert "Kari" not in text and "Hemmelig" not in text and citizen.email not in text
            assert "Anonym" in text


def test_closed_challenge_says_so_and_refuses_ideas():
    challenge = make_challenge(visibility="public", open_for="everyone")
    services.challenge_close_input(
        actor=challenge.owner, challenge=challenge, outcome="Vi valgte chat-idéen."
    )
    page = client_for().get(challenge.get_absolute_url())
    assert "Innspillsperioden er over" in page.text and "Vi valgte chat-idéen." in page.text
    citizen = client_for(user_with_role(Role.CITIZEN))
    response = citizen.post(
        reverse("challenges:idea_new", args=[challenge.slug]), {"title": "Sent", "description": "For sent"}
    )
    assert response.status_code == 400 and "Fristen for innspill har gått ut." in response.text
    assert not Idea.objects.exists()


def test_cheer_by_form_and_by_htmx():
    challenge = make_challenge(visibility="public", open_for="everyone")
    idea = make_idea(challenge)
    fan = client_for(user_with_role(Role.CITIZEN))
    url = reverse("challenges:cheer", args=[challenge.slug, idea.pk])
    assert fan.post(url, {"heia": "ja"}).status_code == 302
    htmx = fan.post(url, {"heia": "ja"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and 'aria-pressed="true"' in htmx.text
    assert Cheer.objects.count() == 1
    fan.post(url, {"heia": "nei"})
    assert Cheer.objects.count() == 0
    assert client_for().post(url).status_code == 302  # to the login page


def test_idea_status_by_the_team_with_a_public_explanation():
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)
    idea = make_idea(challenge, citizen)
    url = reverse("challenges:idea_status", args=[challenge.slug, idea.pk])
    assert client_for(citizen).post(url, {"status": "testing", "note": "x"}).status_code == 403
    bad = client_for(challenge.owner).post(url, {"status": "testing", "note": ""})
    assert bad.status_code == 400
    client_for(challenge.owner).post(url, {"status": "testing", "note": "Vi tester i Sentrum barnehage."})
    page = client_for().get(idea.get_absolute_url())
    assert "Testes" in page.text and "Vi tester i Sentrum barnehage." in page.text
    assert Notification.objects.filter(user=citizen, title__contains="Testes").exists()


def test_reply_follow_and_report_flows():
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)
    client = client_for(citizen)
    client.post(reverse("challenges:comment", args=[challenge.slug]), {"body": "Første"})
    top = Comment.objects.get()
    client.post(reverse("challenges:comment", args=[challenge.slug]), {"body": "Svar", "parent": top.pk})
    assert Comment.objects.get(body="Svar").parent == top
    assert (
        client.post(
            reverse("challenges:comment", args=[challenge.slug]), {"body": "x", "parent": 99999}
        ).status_code
        == 404
    )
    assert client.post(reverse("challenges:comment", args=[challenge.slug]), {"body": ""}).status_code == 400
    client.post(reverse("challenges:follow", args=[challenge.slug]))
    assert challenge.follows.filter(user=citizen).exists()
    client.post(reverse("challenges:follow", args=[challenge.slug]), {"folg": "nei"})
    assert not challenge.follows.filter(user=citizen).exists()
    assert (
        client.post(reverse("challenges:follow", args=[challenge.slug]), {"idea": "abc"}).status_code == 404
    )
    reporter = client_for(user_with_role(Role.CITIZEN))
    url = reverse("challenges:report", args=[challenge.slug, "kommentar", top.pk])
    assert reporter.get(url).status_code == 200
    assert reporter.post(url, {}).status_code == 400
    assert reporter.post(url, {"reason": "offensive", "details": "Stygt"}).status_code == 302
    assert Report.objects.get().comment == top
    assert reporter.get(reverse("challenges:report", args=[challenge.slug, "noe", top.pk])).status_code == 404


def test_moderation_queue_hide_restore_keep_and_block():
    challenge = make_challenge(visibility="public", open_for="everyone")
    author = user_with_role(Role.CITIZEN)
    comment = services.comment_create(
        author=author, challenge=challenge, body="Stygg kommentar", is_anonymous=True
    )
    services.report_create(reporter=user_with_role(Role.CITIZEN), comment=comment, reason="offensive")
    advisor = client_for(user_with_role(Role.ADVISOR))
    assert client_for(user_with_role(Role.EMPLOYEE)).get(reverse("challenges:moderation")).status_code == 403
    queue = advisor.get(reverse("challenges:moderation"))
    assert queue.status_code == 200 and "Stygg kommentar" in queue.text and author.full_name not in queue.text
    url = reverse("challenges:moderate", args=["kommentar", comment.pk])
    advisor.post(url, {"handling": "skjul", "reason": ""})
    comment.refresh_from_db()
    assert comment.hidden_at is None
    advisor.post(url, {"handling": "skjul", "reason": "Hets er ikke lov."})
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert "Stygg kommentar" not in client_for().get(challenge.get_absolute_url()).text
    mine = client_for(author).get(reverse("challenges:my_posts"))
    assert "Hets er ikke lov." in mine.text
    advisor.post(url, {"handling": "vis", "reason": "Vi tok feil."})
    comment.refresh_from_db()
    assert comment.hidden_at is None
    advisor.post(reverse("challenges:block", args=["kommentar", comment.pk]), {"reason": "Gjentatt hets."})
    assert services.is_blocked(author)
    response = client_for(author).post(reverse("challenges:comment", args=[challenge.slug]), {"body": "Hei"})
    assert response.status_code == 400 and "stengt for nye innlegg" in response.text
    block = author.posting_blocks.get()
    advisor.post(reverse("challenges:unblock", args=[block.pk]))
    assert not services.is_blocked(author)
    assert (
        advisor.post(reverse("challenges:moderate", args=["x", 1]), {"handling": "skjul"}).status_code == 404
    )


def test_team_page_invite_join_and_answer():
    challenge = make_challenge()
    colleague = user_with_role(Role.EMPLOYEE, email="kollega@demo.kommune.no")
    owner = client_for(challenge.owner)
    url = reverse("challenges:team", args=[challenge.slug])
    assert owner.post(url, {"email": "ingen@finnes.no"}).status_code == 302  # the same answer for no account
    assert owner.post(url, {"email": "KOLLEGA@demo.kommune.no"}).status_code == 302
    client_for(colleague).post(reverse("challenges:team_respond", args=[challenge.slug]), {"svar": "ja"})
    assert Membership.objects.get(user=colleague).status == "active"
    asker = user_with_role(Role.EMPLOYEE)
    client_for(asker).post(reverse("challenges:team_join", args=[challenge.slug]), {"message": "Vi også!"})
    membership = Membership.objects.get(user=asker)
    assert membership.status == "requested"
    client_for(colleague).post(
        reverse("challenges:team_decide", args=[challenge.slug, membership.pk]), {"svar": "ja"}
    )
    membership.refresh_from_db()
    assert membership.status == "active"
    assert client_for(asker).get(url).status_code == 200


def test_insight_is_for_the_team_unless_shareable():
    challenge = make_challenge(visibility="public")
    owner = client_for(challenge.owner)
    url = reverse("challenges:insight", args=[challenge.slug])
    base = {
        "kind": "interview",
        "body": "Skjemaet er for langt.",
        "source": "fire foreldre",
        "observed_on": "2026-11-02",
    }
    owner.post(url, {**base, "title": "Hemmelig funn"})
    owner.post(url, {**base, "title": "Delt funn", "is_shareable": "on"})
    assert Insight.objects.count() == 2
    assert owner.post(url, {"title": ""}).status_code == 400
    other = client_for(user_with_role(Role.EMPLOYEE)).get(url).text
    assert "Delt funn" in other and "Hemmelig funn" not in other
    assert client_for(user_with_role(Role.CITIZEN)).post(url, {**base, "title": "x"}).status_code == 403


def test_every_page_renders_for_an_advisor():
    challenge = make_challenge(visibility="public", open_for="everyone")
    idea = make_idea(challenge)
    comment = services.comment_create(author=challenge.owner, challenge=challenge, idea=idea, body="Ja")
    advisor = client_for(user_with_role(Role.ADVISOR))
    for url in [
        reverse("challenges:list"),
        reverse("challenges:new"),
        challenge.get_absolute_url(),
        reverse("challenges:edit", args=[challenge.slug]),
        reverse("challenges:open", args=[challenge.slug]),
        reverse("challenges:team", args=[challenge.slug]),
        reverse("challenges:insight", args=[challenge.slug]),
        reverse("challenges:idea_new", args=[challenge.slug]),
        idea.get_absolute_url(),
        reverse("challenges:report", args=[challenge.slug, "ide", idea.pk]),
        reverse("challenges:report", args=[challenge.slug, "kommentar", comment.pk]),
        reverse("challenges:my_posts"),
        reverse("challenges:moderation"),
    ]:
        assert advisor.get(url).status_code == 200, url


def test_the_precomputed_links_are_the_reversed_ones():
    from ideverkstedet.challenges.selectors import challenge_cards, prepare_ideas

    challenge = make_challenge(visibility="public", open_for="everyone")
    idea = make_idea(challenge)
    [prepared] = prepare_ideas(challenge, [Idea.objects.get(pk=idea.pk)])
    assert prepared.get_absolute_url() == reverse("challenges:idea", args=[challenge.slug, idea.pk])
    assert prepared.cheer_url == reverse("challenges:cheer", args=[challenge.slug, idea.pk])
    [card] = challenge_cards([Challenge.objects.get(pk=challenge.pk)])
    assert card.url == challenge.get_absolute_url()
    assert card.is_open and not card.is_internal and card.ideas == "1 idé"


def test_similar_challenges_from_other_services_are_shown_and_respect_visibility():
    mine = make_challenge(title="Kø i barnehageopptaket", summary="Lang ventetid.", visibility="public")
    other = make_challenge(title="Lang kø for barnehageplass i nord", summary="", visibility="public")
    secret = make_challenge(title="Intern kø i barnehageopptaket", summary="")
    unrelated = make_challenge(
        title="Ensomhet blant eldre",
        summary="Mange sitter alene.",
        description="Besøk hjelper.",
        visibility="public",
    )
    public_page = client_for().get(mine.get_absolute_url()).text
    assert "Lignende utfordringer" in public_page
    assert other.title in public_page
    assert secret.title not in public_page and unrelated.title not in public_page
    staff_page = client_for(user_with_role(Role.EMPLOYEE)).get(mine.get_absolute_url()).text
    assert secret.title in staff_page


def test_hidden_content_cannot_be_read_through_the_report_form_and_bad_input_is_a_message():
    challenge = make_challenge(visibility="public", open_for="everyone")
    citizen = user_with_role(Role.CITIZEN)
    idea = make_idea(challenge, citizen)
    under_idea = services.comment_create(author=citizen, challenge=challenge, idea=idea, body="Under idéen")
    advisor = user_with_role(Role.ADVISOR)
    services.moderate_hide(actor=advisor, post=idea, reason="Nei")
    other = client_for(user_with_role(Role.CITIZEN))
    assert (
        other.get(reverse("challenges:report", args=[challenge.slug, "kommentar", under_idea.pk])).status_code
        == 404
    )
    # The author of a hidden idea may see it, but following it again is a message, not a server error.
    author = client_for(citizen)
    author.post(reverse("challenges:follow", args=[challenge.slug]), {"idea": idea.pk, "folg": "nei"})
    response = author.post(
        reverse("challenges:follow", args=[challenge.slug]), {"idea": idea.pk}, follow=True
    )
    assert response.status_code == 200 and "Idéen er skjult." in response.text
    owner = client_for(challenge.owner)
    extreme = {
        "question": "Hva?",
        "audience": "everyone",
        "opens_on": "0001-01-01",
        "opens_time": "00:00",
        "closes_on": "9999-12-31",
        "closes_time": "23:59",
    }
    bad = owner.post(reverse("challenges:open", args=[challenge.slug]), extreme)
    assert bad.status_code == 400 and "Velg en dato mellom år 2000 og 2100." in bad.text


def test_similar_challenges_search_few_words_once_per_version_of_the_challenge():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ideverkstedet.challenges import selectors

    long_summary = " ".join(f"ord{n} barnehagen" for n in range(16))  # within the 300 characters
    mine = make_challenge(title="Kø i barnehageopptaket", summary=long_summary, visibility="public")
    other = make_challenge(title="Lang kø for barnehageplass i nord", summary="", visibility="public")
    query = selectors.similar_query(mine)
    assert len(query.split()) <= selectors.SIMILAR_MAX_WORDS and "barnehageopptaket" in query

    def search_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client_for().get(mine.get_absolute_url())
        assert other.title in page.text
        return sum("search_" in q["sql"] for q in captured.captured_queries)

    assert search_queries() == 1  # the hits, without a count
    assert search_queries() == 0  # cached
    mine.summary = "Lang ventetid."
    mine.save()  # as every edit does, this moves updated_at
    assert search_queries() == 1  # a new version asks again
