from datetime import date

import pytest
from django.urls import reverse

from ideverkstedet.accounts.models import Role
from ideverkstedet.challenges.tests.factories import make_challenge
from ideverkstedet.stories.models import Reuse, Story
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def _login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return user


def test_list_shows_public_stories_to_everyone_and_internal_to_employees(client, make_user):
    make_story(title="Offentlig historie")
    make_story(make_challenge(visibility="internal"), visibility="internal", title="Intern historie")
    make_story(title="Utkastet", publish=False)
    page = client.get(reverse("stories:list")).content.decode()
    assert "Offentlig historie" in page and "Intern historie" not in page and "Utkastet" not in page
    _login(client, make_user(Role.EMPLOYEE))
    page = client.get(reverse("stories:list")).content.decode()
    assert "Intern historie" in page and "Utkastet" not in page


def test_list_filters(client):
    make_story(title="Tjeneste i bruk", innovation={"taken_into_use": True, "types": ["service"]})
    make_story(
        title="Prosess med effekt",
        innovation={"types": ["process"], "effects": [{"kind": "costs", "level": "measured", "figure": "1"}]},
    )
    url = reverse("stories:list")
    assert "Prosess med effekt" not in client.get(url, {"type": "service"}).content.decode()
    assert "Tjeneste i bruk" not in client.get(url, {"effekt": "costs"}).content.decode()
    page = client.get(url, {"i_bruk": "nei"}).content.decode()
    assert "Prosess med effekt" in page and "Tjeneste i bruk" not in page


@pytest.mark.parametrize(
    "query", [{"ar": "abc"}, {"ar": "99999999999"}, {"type": "x" * 500}, {"side": "-1"}, {"omrade": "\x00"}]
)
def test_list_bad_input_is_never_a_500(client, query):
    make_story()
    assert client.get(reverse("stories:list"), query).status_code == 200


def test_list_query_count_does_not_grow_with_stories(client, django_assert_max_num_queries):
    for number in range(25):
        make_story(title=f"Historie {number}")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("stories:list"))
    assert response.status_code == 200


def test_detail_query_count_is_bounded(client, make_user, django_assert_max_num_queries):
    from ideverkstedet.stories import services

    story = make_story(innovation={"taken_into_use": True, "types": ["service"]})
    for _ in range(15):
        services.reuse_create(actor=make_user(Role.EMPLOYEE), story=story, who="En enhet")
    _login(client, make_user(Role.EMPLOYEE))
    with django_assert_max_num_queries(22):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("En enhet") == 15


def test_team_writes_publishes_and_records_innovation_from_its_challenge(client):
    challenge = make_challenge(visibility="public")
    owner = _login(client, challenge.owner)
    response = client.post(
        reverse("stories:new_from_challenge", args=[challenge.slug]),
        {
            "title": "Søknaden ble enklere",
            "summary": "Kort sagt",
            "problem": "Vanskelig skjema",
            "tried": "Intervjuer og prototyp",
            "visibility": "public",
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "stories:innovation", args=[story.slug]
    )
    assert story.author == owner and story.challenge == challenge
    response = client.post(
        reverse("stories:innovation", args=[story.slug]),
        {
            "taken_into_use": "on",
            "taken_into_use_on": "2026-02-01",
            "types": ["service"],
            "initiators": ["employees"],
            "effect_quality": "observed",
            "effect_quality_figure": "Færre klager",
        },
    )
    assert response.status_code == 302
    story.innovation.refresh_from_db()
    assert story.innovation.taken_into_use_on == date(2026, 2, 1)
    assert story.innovation.effects == [{"kind": "quality", "level": "observed", "figure": "Færre klager"}]
    client.post(reverse("stories:publish", args=[story.slug]), {"action": "publish"})
    story.refresh_from_db()
    assert story.is_public
    assert "Søknaden ble enklere" in client.get(challenge.get_absolute_url()).content.decode()


def test_story_form_keeps_input_and_shows_errors(client, make_user):
    _login(client, make_user(Role.ADVISOR))
    response = client.post(reverse("stories:new"), {"title": "Bare tittel", "visibility": "nope"})
    assert response.status_code == 400
    assert 'value="Bare tittel"' in response.content.decode()


def test_innovation_form_refuses_a_date_without_use(client):
    story = make_story()
    _login(client, story.author)
    response = client.post(
        reverse("stories:innovation", args=[story.slug]), {"taken_into_use_on": "2026-01-01"}
    )
    assert response.status_code == 400


def test_reuse_from_the_page(client, make_user):
    story = make_story()
    _login(client, make_user(Role.EMPLOYEE))
    response = client.post(reverse("stories:reuse", args=[story.slug]), {"who": "Skolen", "note": ""})
    assert response.status_code == 302
    reuse = Reuse.objects.get()
    client.post(reverse("stories:reuse_update", args=[reuse.pk]), {"status": "trying", "note": "Starter"})
    reuse.refresh_from_db()
    assert reuse.status == "trying"
    assert "Skolen" in client.get(story.get_absolute_url()).content.decode()


def test_citizen_cannot_reuse(client, make_user):
    story = make_story()
    _login(client, make_user(Role.CITIZEN))
    assert client.post(reverse("stories:reuse", args=[story.slug]), {"who": "Meg"}).status_code == 403
    assert not Reuse.objects.exists()


def test_atom_feed_has_only_public_stories(client):
    make_story(title="Offentlig i feeden")
    make_story(make_challenge(visibility="internal"), visibility="internal", title="Intern i feeden")
    response = client.get(reverse("stories:feed"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Offentlig i feeden" in body and "Intern i feeden" not in body


def test_front_page_shows_newest_public_stories_and_dele_points_to_the_list(client):
    make_story(title="Ny historie på forsiden")
    page = client.get(reverse("core:home")).content.decode()
    assert "Ny historie på forsiden" in page
    assert f'href="{reverse("stories:list")}"' in page


def test_attachment_upload_refuses_a_fake_pdf(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    story = make_story()
    _login(client, story.author)
    fake = SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = client.post(reverse("stories:attachment_add", args=[story.slug]), {"title": "X", "file": fake})
    assert response.status_code == 400
    real = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    response = client.post(
        reverse("stories:attachment_add", args=[story.slug]), {"title": "Rapport", "file": real}
    )
    assert response.status_code == 302
    assert "Rapport" in client.get(story.get_absolute_url()).content.decode()
