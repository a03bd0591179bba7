from datetime import timedelta

import pytest
from django.utils import timezone

from ideverkstedet.accounts.models import Role
from ideverkstedet.accounts.services import api_token_create
from ideverkstedet.accounts.tests.factories import ServiceAreaFactory
from ideverkstedet.challenges import services
from ideverkstedet.challenges.models import (
    Audience,
    Challenge,
    Cheer,
    Comment,
    Follow,
    Idea,
    Insight,
    Phase,
    Tag,
    Visibility,
)
from ideverkstedet.challenges.services import ChallengeData

JSON = "application/json"


def _auth(user) -> dict:
    _token, key = api_token_create(user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _challenge(owner, title="Lange køer i barnehagen", *, public=True, **data) -> Challenge:
    visibility = Visibility.PUBLIC if public else Visibility.INTERNAL
    return services.challenge_create(
        owner=owner,
        data=ChallengeData(title=title, description="Hva kan vi gjøre?", visibility=visibility, **data),
    )


def _open(challenge, *, audience=Audience.EVERYONE, opens=-1, closes=7) -> Challenge:
    now = timezone.now()
    return services.challenge_open_for_input(
        actor=challenge.owner,
        challenge=challenge,
        opens_at=now + timedelta(days=opens),
        closes_at=now + timedelta(days=closes),
        question="Hva ville hjulpet deg?",
        audience=audience,
    )


@pytest.fixture
def owner(make_user):
    return make_user(Role.EMPLOYEE, full_name="Eier Eiersen")


@pytest.fixture
def citizen(make_user):
    return make_user(Role.CITIZEN, full_name="Innbygger Innbyggersen")


@pytest.fixture
def open_challenge(owner):
    return _open(_challenge(owner))


# ---------------------------------------------------------------- listing


def test_public_challenges_are_listed_for_anonymous_callers(client, owner):
    challenge = _open(_challenge(owner, tags="skole, mat"))
    _challenge(owner, "Intern sak", public=False)
    body = client.get("/api/v1/challenges").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["slug"] == challenge.slug
    assert item["phase"] == {"slug": "mote", "name": "Møte"}
    assert item["visibility"] == "public"
    assert item["service_areas"] == [owner.unit.service_area.slug]
    assert sorted(item["tags"]) == ["mat", "skole"]
    assert item["input"]["state"] == "open" and item["input"]["audience"] == "everyone"
    assert item["input"]["question"] == "Hva ville hjulpet deg?"
    assert item["url"].endswith(f"/utfordringer/{challenge.slug}/")
    assert item["idea_count"] == 0 and item["comment_count"] == 0


def test_list_filters_by_phase_area_tag_open_and_mine(client, owner, make_user):
    other = make_user(Role.EMPLOYEE)
    area = ServiceAreaFactory(slug="helse")
    tenke = _challenge(owner, "I tenkefasen")
    services.challenge_change_phase(
        actor=owner, challenge=tenke, phase=Phase.objects.get(slug="tenke"), note="Videre"
    )
    in_area = _challenge(other, "Helse", service_areas=[area], tags="eldre")
    opened = _open(_challenge(other, "Åpen nå"))

    def titles(query, **extra):
        response = client.get(f"/api/v1/challenges?{query}", **extra)
        assert response.status_code == 200, response.content
        return {item["title"] for item in response.json()["items"]}

    assert titles("phase=tenke") == {tenke.title}
    assert titles("area=helse") == {in_area.title}
    assert titles("tag=eldre") == {in_area.title}
    assert titles("open=true") == {opened.title}
    assert titles("mine=true", **_auth(owner)) == {tenke.title}
    assert titles("phase=finnes-ikke") == set()
    page = client.get("/api/v1/challenges?limit=2&offset=2").json()
    assert page["count"] == 3 and len(page["items"]) == 1


@pytest.mark.django_db
def test_mine_without_credentials_is_401(client):
    response = client.get("/api/v1/challenges?mine=true")
    assert response.status_code == 401 and response.json()["error"] == "unauthenticated"


def _many_challenges(count: int, owner) -> None:
    phase = Phase.objects.get(slug="tenke")
    areas = [ServiceAreaFactory() for _ in range(3)]
    tags = [Tag.objects.create(name=f"Stikkord {n}", slug=f"stikkord-{n}") for n in range(3)]
    for n in range(count):
        challenge = Challenge.objects.create(
            title=f"Utfordring {n}",
            slug=f"utfordring-{n}",
            description="…",
            owner=owner,
            phase=phase,
            visibility=Visibility.PUBLIC,
        )
        challenge.service_areas.set(areas[: 1 + n % 3])
        challenge.tags.set(tags[: 1 + n % 3])


@pytest.mark.parametrize("count", [5, 50])
def test_challenge_list_has_a_constant_number_of_queries(client, owner, count, django_assert_num_queries):
    _many_challenges(count, owner)
    # the cache's versions, count, the page, service areas, tags, the lifetime (input windows) it is kept for
    with django_assert_num_queries(6):
        body = client.get("/api/v1/challenges?limit=100").json()
    assert body["count"] == count and len(body["items"]) == count
    with django_assert_num_queries(1):  # the next anonymous caller: the versions, then the cached answer
        assert client.get("/api/v1/challenges?limit=100").json() == body
    client.force_login(owner)
    # and the session and its user
    with django_assert_num_queries(6):
        assert len(client.get("/api/v1/challenges?limit=100").json()["items"]) == count


@pytest.mark.parametrize("count", [5, 50])
def test_idea_list_has_a_constant_number_of_queries(client, owner, count, django_assert_num_queries):
    challenge = _challenge(owner)
    Idea.objects.bulk_create(
        Idea(challenge=challenge, author=owner, title=f"Idé {n}", description="…") for n in range(count)
    )
    client.force_login(owner)
    # session, user, challenge, count, the page (authors and "cheered" joined in)
    with django_assert_num_queries(5):
        body = client.get(f"/api/v1/challenges/{challenge.slug}/ideas?limit=100").json()
    assert body["count"] == count and len(body["items"]) == count


# ---------------------------------------------------------------- visibility


def test_internal_challenge_is_404_for_citizens_and_anonymous_and_200_for_employees(
    client, owner, citizen, make_user
):
    internal = _challenge(owner, "Intern sak", public=False)
    idea = Idea.objects.create(challenge=internal, author=owner, title="Intern idé", description="…")
    paths = [
        f"/api/v1/challenges/{internal.slug}",
        f"/api/v1/challenges/{internal.slug}/ideas",
        f"/api/v1/challenges/{internal.slug}/comments",
    ]
    for path in paths:
        assert client.get(path).status_code == 404
        response = client.get(path, **_auth(citizen))
        assert response.status_code == 404 and response.json()["error"] == "not_found"
        assert client.get(path, **_auth(make_user(Role.EMPLOYEE))).status_code == 200
    for method, path in [
        ("post", f"/api/v1/ideas/{idea.pk}/cheer"),
        ("post", f"/api/v1/ideas/{idea.pk}/follow"),
        ("post", f"/api/v1/challenges/{internal.slug}/follow"),
    ]:
        assert getattr(client, method)(path, **_auth(citizen)).status_code == 404
    assert client.get("/api/v1/challenges", **_auth(citizen)).json()["count"] == 0
    assert client.get("/api/v1/challenges", **_auth(make_user(Role.EMPLOYEE))).json()["count"] == 1


def test_insight_shows_only_shareable_notes_outside_the_team(client, owner, citizen):
    challenge = _challenge(owner)
    for shareable in (True, False):
        services.insight_add(
            actor=owner,
            challenge=challenge,
            kind=Insight.Kind.INTERVIEW,
            title=f"Delbar: {shareable}",
            body="…",
            source="tre foreldre",
            observed_on=timezone.localdate(),
            is_shareable=shareable,
        )
    path = f"/api/v1/challenges/{challenge.slug}"
    outside = client.get(path, **_auth(citizen)).json()
    assert [i["title"] for i in outside["insights"]] == ["Delbar: True"]
    team = client.get(path, **_auth(owner)).json()
    assert {i["title"] for i in team["insights"]} == {"Delbar: True", "Delbar: False"}
    assert [(h["to_phase"]["slug"], h["from_phase"]) for h in team["phase_history"]] == [("mote", None)]
    assert team["description"] == "Hva kan vi gjøre?"
    assert team["following"] is True and outside["following"] is False


@pytest.mark.django_db
def test_a_bad_token_on_a_public_endpoint_is_401_not_anonymous(client):
    response = client.get("/api/v1/challenges", HTTP_AUTHORIZATION="Bearer idv_tull")
    assert response.status_code == 401


# ---------------------------------------------------------------- ideas


def test_post_an_idea_and_see_it_listed(client, open_challenge, citizen):
    response = client.post(
        f"/api/v1/challenges/{open_challenge.slug}/ideas",
        {"title": "Flere plasser", "description": "Åpne en ny avdeling."},
        content_type=JSON,
        **_auth(citizen),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["author"] == "Innbygger Innbyggersen" and body["status"] == "new"
    assert Idea.objects.get(pk=body["id"]).author == citizen
    listed = client.get(f"/api/v1/challenges/{open_challenge.slug}/ideas").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Flere plasser"
    assert client.get("/api/v1/challenges").json()["items"][0]["idea_count"] == 1


def test_anonymous_idea_and_comment_never_reveal_the_author(client, open_challenge, make_user):
    author = make_user(Role.CITIZEN, id=987654, full_name="Hemmelig Hansen", email="hemmelig@example.no")
    created = client.post(
        f"/api/v1/challenges/{open_challenge.slug}/ideas",
        {"title": "Anonym idé", "description": "Tekst", "anonymous": True},
        content_type=JSON,
        **_auth(author),
    )
    assert created.status_code == 201
    idea_id = created.json()["id"]
    comment = client.post(
        f"/api/v1/challenges/{open_challenge.slug}/comments",
        {"body": "Anonym kommentar", "idea": idea_id, "anonymous": True},
        content_type=JSON,
        **_auth(author),
    )
    assert comment.status_code == 201
    reader = make_user(Role.EMPLOYEE)
    responses = [created, comment]
    for extra in ({}, _auth(reader), _auth(author)):
        responses += [
            client.get(f"/api/v1/challenges/{open_challenge.slug}/ideas", **extra),
            client.get(f"/api/v1/challenges/{open_challenge.slug}/comments?idea={idea_id}", **extra),
        ]
    assert (
        client.get(f"/api/v1/challenges/{open_challenge.slug}/ideas").json()["items"][0]["author"] == "Anonym"
    )
    for response in responses:
        assert response.status_code in {200, 201}
        text = response.content.decode()
        assert "Anonym" in text
        for secret in ("hemmelig", "Hemmelig", "Hansen", "987654", "author_id", "user"):
            assert secret not in text, (secret, text)


def test_author_without_a_name_is_never_shown_by_email(client, open_challenge, make_user):
    author = make_user(Role.CITIZEN, full_name="", email="uten.navn@example.no")
    services.idea_create(author=author, challenge=open_challenge, title="Idé", description="…")
    text = client.get(f"/api/v1/challenges/{open_challenge.slug}/ideas").content.decode()
    assert "uten.navn" not in text


def test_hidden_ideas_are_listed_only_for_the_author_and_advisors(client, open_challenge, citizen, make_user):
    idea = services.idea_create(author=citizen, challenge=open_challenge, title="Skjult", description="…")
    advisor = make_user(Role.ADVISOR)
    services.moderate_hide(actor=advisor, post=idea, reason="Personopplysninger")
    path = f"/api/v1/challenges/{open_challenge.slug}/ideas"
    assert client.get(path).json()["count"] == 0
    assert client.get(path, **_auth(make_user(Role.EMPLOYEE))).json()["count"] == 0
    mine = client.get(path, **_auth(citizen)).json()["items"][0]
    assert mine["hidden"] is True and mine["hidden_reason"] == "Personopplysninger"
    assert client.get(path, **_auth(advisor)).json()["count"] == 1
    assert client.post(f"/api/v1/ideas/{idea.pk}/cheer", **_auth(make_user(Role.CITIZEN))).status_code == 404


@pytest.mark.parametrize(
    ("window", "audience", "status", "code"),
    [
        ({"opens": -10, "closes": -1}, Audience.EVERYONE, 409, "closed"),
        ({"opens": 2, "closes": 9}, Audience.EVERYONE, 409, "not_open_yet"),
        ({"opens": -1, "closes": 7}, Audience.EMPLOYEES, 403, "forbidden"),
    ],
)
def test_posting_outside_the_window_or_audience_is_a_clear_4xx(
    client, owner, citizen, window, audience, status, code
):
    challenge = _challenge(owner)
    if window["closes"] < 0:
        # A window in the past cannot be opened; open it and then move it back.
        _open(challenge, audience=audience)
        now = timezone.now()
        Challenge.objects.filter(pk=challenge.pk).update(
            input_opens_at=now + timedelta(days=window["opens"]),
            input_closes_at=now + timedelta(days=window["closes"]),
        )
    else:
        _open(challenge, audience=audience, **window)
    response = client.post(
        f"/api/v1/challenges/{challenge.slug}/ideas",
        {"title": "For sent", "description": "…"},
        content_type=JSON,
        **_auth(citizen),
    )
    assert response.status_code == status, response.content
    assert response.json()["error"] == code and response.json()["detail"]
    assert not Idea.objects.exists()


def test_posting_too_fast_is_429(client, open_challenge, citizen, monkeypatch):
    monkeypatch.setattr(services.base, "POSTS_PER_WINDOW", 1)
    path = f"/api/v1/challenges/{open_challenge.slug}/ideas"
    payload = {"title": "Idé", "description": "…"}
    assert client.post(path, payload, content_type=JSON, **_auth(citizen)).status_code == 201
    response = client.post(path, payload, content_type=JSON, **_auth(citizen))
    assert response.status_code == 429 and response.json()["error"] == "rate_limited"


def test_a_blocked_account_cannot_post(client, open_challenge, citizen, make_user):
    services.block_user(actor=make_user(Role.ADVISOR), user=citizen, reason="Hets")
    response = client.post(
        f"/api/v1/challenges/{open_challenge.slug}/ideas",
        {"title": "Idé", "description": "…"},
        content_type=JSON,
        **_auth(citizen),
    )
    assert response.status_code == 403 and response.json()["error"] == "forbidden"


def test_posting_needs_credentials(client, open_challenge):
    response = client.post(
        f"/api/v1/challenges/{open_challenge.slug}/ideas",
        {"title": "Idé", "description": "…"},
        content_type=JSON,
    )
    assert response.status_code == 401


# ---------------------------------------------------------------- cheers and follows


def test_cheering_twice_gives_one_cheer(client, open_challenge, citizen, owner):
    idea = services.idea_create(author=owner, challenge=open_challenge, title="Idé", description="…")
    client.force_login(citizen)
    first = client.post(f"/api/v1/ideas/{idea.pk}/cheer")
    assert first.status_code == 200 and first.json() == {"cheered": True, "cheer_count": 1, "changed": True}
    again = client.post(f"/api/v1/ideas/{idea.pk}/cheer")
    assert again.json() == {"cheered": True, "cheer_count": 1, "changed": False}
    assert Cheer.objects.filter(idea=idea).count() == 1
    listed = client.get(f"/api/v1/challenges/{open_challenge.slug}/ideas").json()["items"][0]
    assert listed["cheered"] is True and listed["cheer_count"] == 1
    removed = client.delete(f"/api/v1/ideas/{idea.pk}/cheer")
    assert removed.json() == {"cheered": False, "cheer_count": 0, "changed": True}
    assert client.delete(f"/api/v1/ideas/{idea.pk}/cheer").json()["changed"] is False


def test_cheer_with_a_token(client, open_challenge, citizen, owner):
    idea = services.idea_create(author=owner, challenge=open_challenge, title="Idé", description="…")
    response = client.post(f"/api/v1/ideas/{idea.pk}/cheer", **_auth(citizen))
    assert response.status_code == 200 and response.json()["cheer_count"] == 1
    assert Cheer.objects.filter(idea=idea, user=citizen).exists()
    assert client.post(f"/api/v1/ideas/{idea.pk}/cheer").status_code == 401


def test_cheering_an_unknown_idea_is_404(client, citizen):
    assert client.post("/api/v1/ideas/999999/cheer", **_auth(citizen)).status_code == 404


def test_follow_and_unfollow_a_challenge_and_an_idea(client, open_challenge, citizen, owner):
    idea = services.idea_create(author=owner, challenge=open_challenge, title="Idé", description="…")
    auth = _auth(citizen)
    slug = open_challenge.slug
    assert client.post(f"/api/v1/challenges/{slug}/follow", **auth).json() == {
        "following": True,
        "changed": True,
    }
    assert client.post(f"/api/v1/challenges/{slug}/follow", **auth).json()["changed"] is False
    assert Follow.objects.filter(user=citizen, challenge=open_challenge).count() == 1
    assert client.get(f"/api/v1/challenges/{slug}", **auth).json()["following"] is True
    assert client.delete(f"/api/v1/challenges/{slug}/follow", **auth).json() == {
        "following": False,
        "changed": True,
    }
    assert not Follow.objects.filter(user=citizen, challenge=open_challenge).exists()

    assert client.post(f"/api/v1/ideas/{idea.pk}/follow", **auth).json()["changed"] is True
    assert Follow.objects.filter(user=citizen, idea=idea).exists()
    assert client.delete(f"/api/v1/ideas/{idea.pk}/follow", **auth).json()["changed"] is True
    assert not Follow.objects.filter(user=citizen, idea=idea).exists()


# ---------------------------------------------------------------- status


def test_team_sets_an_idea_status_and_a_citizen_cannot(client, open_challenge, owner, citizen):
    idea = services.idea_create(author=citizen, challenge=open_challenge, title="Idé", description="…")
    payload = {"status": "testing", "note": "Vi prøver det i to barnehager."}
    refused = client.post(f"/api/v1/ideas/{idea.pk}/status", payload, content_type=JSON, **_auth(citizen))
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    response = client.post(f"/api/v1/ideas/{idea.pk}/status", payload, content_type=JSON, **_auth(owner))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "testing"
    assert response.json()["status_note"] == "Vi prøver det i to barnehager."
    idea.refresh_from_db()
    assert idea.status == "testing"
    blank = client.post(
        f"/api/v1/ideas/{idea.pk}/status",
        {"status": "testing", "note": "   "},
        content_type=JSON,
        **_auth(owner),
    )
    assert blank.status_code == 422


# ---------------------------------------------------------------- comments


def test_comments_and_replies_thread_one_level_deep(client, open_challenge, owner, citizen):
    path = f"/api/v1/challenges/{open_challenge.slug}/comments"
    top = client.post(path, {"body": "Godt spørsmål"}, content_type=JSON, **_auth(citizen))
    assert top.status_code == 201, top.content
    reply = client.post(path, {"body": "Takk", "parent": top.json()["id"]}, content_type=JSON, **_auth(owner))
    assert reply.status_code == 201 and reply.json()["parent"] == top.json()["id"]
    deeper = client.post(
        path, {"body": "Svar på svar", "parent": reply.json()["id"]}, content_type=JSON, **_auth(citizen)
    )
    assert deeper.json()["parent"] == top.json()["id"]
    body = client.get(path).json()
    assert body["count"] == 1
    assert [r["body"] for r in body["items"][0]["replies"]] == ["Takk", "Svar på svar"]
    assert body["items"][0]["author"] == "Innbygger Innbyggersen"
    assert Comment.objects.count() == 3


def test_comment_on_an_idea_of_another_challenge_is_404(client, open_challenge, owner, citizen):
    elsewhere = _open(_challenge(owner, "Et annet sted"))
    idea = services.idea_create(author=owner, challenge=elsewhere, title="Idé", description="…")
    response = client.post(
        f"/api/v1/challenges/{open_challenge.slug}/comments",
        {"body": "Hei", "idea": idea.pk},
        content_type=JSON,
        **_auth(citizen),
    )
    assert response.status_code == 404
    assert client.get(f"/api/v1/challenges/{open_challenge.slug}/comments?idea={idea.pk}").status_code == 404


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"title": "Uten beskrivelse"},
        {"title": "x" * 100_000, "description": "…"},
        {"title": "   ", "description": "…"},
        {"title": ["liste"], "description": "…"},
        {"title": "Idé", "description": "…", "anonymous": "kanskje"},
        "ikke json",
    ],
)
def test_bad_idea_input_is_4xx_with_a_body(client, open_challenge, citizen, payload):
    response = client.post(
        f"/api/v1/challenges/{open_challenge.slug}/ideas", payload, content_type=JSON, **_auth(citizen)
    )
    assert 400 <= response.status_code < 500, response.content
    assert "error" in response.json() or "detail" in response.json()
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/challenges?offset=-1",
        "/api/v1/challenges?limit=101",
        "/api/v1/challenges?limit=0",
        "/api/v1/challenges?limit=tull",
        "/api/v1/challenges?offset=99999999999999999999999",
        "/api/v1/challenges?open=kanskje",
        "/api/v1/challenges?tag=" + "x" * 10_000,
        "/api/v1/challenges/finnes-ikke",
        "/api/v1/challenges/finnes-ikke/ideas",
        "/api/v1/challenges/{slug}/ideas?order=tull",
        "/api/v1/challenges/{slug}/ideas?offset=-5",
        "/api/v1/challenges/{slug}/comments?idea=tull",
        "/api/v1/challenges/{slug}/comments?idea=99999999999999999999",
    ],
)
def test_bad_queries_are_4xx_never_500(client, open_challenge, path):
    response = client.get(path.format(slug=open_challenge.slug))
    assert 400 <= response.status_code < 500, response.content
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/ideas/99999999999999999999999/cheer"),
        ("post", "/api/v1/ideas/tull/cheer"),
        ("delete", "/api/v1/ideas/-1/follow"),
        ("post", "/api/v1/challenges/finnes-ikke/follow"),
        ("post", "/api/v1/challenges/finnes-ikke/ideas"),
    ],
)
def test_bad_paths_are_4xx_never_500(client, citizen, method, path):
    response = getattr(client, method)(
        path, {"title": "t", "description": "d"}, content_type=JSON, **_auth(citizen)
    )
    assert 400 <= response.status_code < 500, response.content


@pytest.mark.parametrize(
    "payload",
    [
        {"status": "godkjent", "note": "…"},
        {"status": "testing"},
        {"status": "testing", "note": "x" * 100_000},
        {"status": 3, "note": "…"},
    ],
)
def test_bad_status_input_is_422(client, open_challenge, owner, payload):
    idea = services.idea_create(author=owner, challenge=open_challenge, title="Idé", description="…")
    response = client.post(f"/api/v1/ideas/{idea.pk}/status", payload, content_type=JSON, **_auth(owner))
    assert response.status_code == 422
    idea.refresh_from_db()
    assert idea.status == "new"


@pytest.mark.parametrize(
    "payload",
    [{}, {"body": ""}, {"body": "  \n "}, {"body": "x" * 100_000}, {"body": "Hei", "parent": "en"}],
)
def test_bad_comment_input_is_4xx(client, open_challenge, citizen, payload):
    response = client.post(
        f"/api/v1/challenges/{open_challenge.slug}/comments", payload, content_type=JSON, **_auth(citizen)
    )
    assert 400 <= response.status_code < 500
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_openapi_schema_lists_the_challenge_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path, methods in {
        "/api/v1/challenges": {"get"},
        "/api/v1/challenges/{slug}": {"get"},
        "/api/v1/challenges/{slug}/ideas": {"get", "post"},
        "/api/v1/challenges/{slug}/comments": {"get", "post"},
        "/api/v1/challenges/{slug}/follow": {"post", "delete"},
        "/api/v1/ideas/{idea_id}/cheer": {"post", "delete"},
        "/api/v1/ideas/{idea_id}/follow": {"post", "delete"},
        "/api/v1/ideas/{idea_id}/status": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
