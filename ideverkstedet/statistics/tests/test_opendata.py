import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from ideverkstedet.accounts.models import User
from ideverkstedet.challenges.tests.factories import make_challenge, make_idea
from ideverkstedet.statistics.opendata import DATASETS, LICENCE_URI
from ideverkstedet.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def _download(client, slug, extension):  # type: ignore[no-untyped-def]
    response = client.get(reverse("statistics:dataset_file", args=[slug, extension]))
    assert response.status_code == 200
    assert response.streaming  # never whole in memory
    return b"".join(response.streaming_content).decode("utf-8")


def _parse_all(client):  # type: ignore[no-untyped-def]
    parsed = {}
    for data in DATASETS:
        text = _download(client, data.slug, "csv")
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader)
        assert header == [c.name for c in data.columns], data.slug
        rows = list(reader)
        assert all(len(row) == len(header) for row in rows), data.slug
        items = json.loads(_download(client, data.slug, "json"))
        assert len(items) == len(rows), data.slug
        assert all(list(item) == header for item in items), data.slug
        parsed[data.slug] = (text, items)
    return parsed


def test_every_dataset_parses_with_its_described_columns(client):
    challenge = make_challenge(visibility="public", title="Åpen utfordring, med «sitat» og komma")
    make_idea(challenge, title='Idé med "anførsel"\nog linjeskift')
    make_story(challenge, innovation={"taken_into_use": True, "types": ["service"]})
    make_challenge(visibility="internal", title="Intern utfordring")
    parsed = _parse_all(client)
    titles = [row["title"] for row in parsed["utfordringer"][1]]
    assert titles == ["Åpen utfordring, med «sitat» og komma"]
    assert parsed["ideer"][1][0]["title"] == 'Idé med "anførsel"\nog linjeskift'
    assert (
        parsed["historier"][1][0]["types"] == "service"
        and parsed["historier"][1][0]["taken_into_use"] is True
    )
    assert "\r\n" in parsed["utfordringer"][0]


def test_catalogue_is_dcat_ap_no_with_the_required_properties(client):
    for name, fmt in (("statistics:catalogue_ttl", "turtle"), ("statistics:catalogue_jsonld", "json-ld")):
        graph = Graph().parse(data=client.get(reverse(name)).content.decode(), format=fmt)
        catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
        assert len(catalogs) == 1
        datasets = list(graph.objects(catalogs[0], DCAT.dataset))
        assert len(datasets) == len(DATASETS)
        for dataset in datasets:
            for prop in (
                DCTERMS.title,
                DCTERMS.description,
                DCTERMS.publisher,
                DCAT.contactPoint,
                DCAT.theme,
            ):
                assert graph.value(dataset, prop) is not None, (dataset, prop)
            assert graph.value(dataset, DCTERMS.license) == URIRef(LICENCE_URI)
            distributions = list(graph.objects(dataset, DCAT.distribution))
            assert len(distributions) == 2
            for distribution in distributions:
                assert graph.value(distribution, DCAT.accessURL) is not None
                assert graph.value(distribution, DCTERMS["format"]) is not None


def _shown_publicly() -> set[str]:
    """Names the site shows to everyone: authors of visible ideas on public challenges who posted under their
    own name (not anonymously, not from an erased account). Worked out here from the models."""
    from ideverkstedet.challenges.models import Idea

    ideas = Idea.objects.filter(
        challenge__visibility="public",
        hidden_at__isnull=True,
        is_anonymous=False,
        author__anonymised_at__isnull=True,
    )
    return {
        name.strip().lower() for name in ideas.values_list("author__full_name", flat=True) if name.strip()
    }


def test_only_names_the_site_shows_publicly_are_in_the_datasets(client, settings):
    from ideverkstedet.challenges.models import Idea

    settings.DEBUG = True  # the demo command refuses otherwise
    call_command("demo", "--size", "small", verbosity=0)
    people = list(User.objects.values_list("full_name", "email"))
    assert len(people) > 20 and any("@" in email for _name, email in people)
    shown = _shown_publicly()
    assert shown, "the demo has ideas posted under a name"
    parsed = _parse_all(client)
    assert parsed["utfordringer"][1] and parsed["ideer"][1] and parsed["historier"][1]
    for slug, (text, _items) in parsed.items():
        lowered = text.lower()
        for name, email in people:
            assert email.lower() not in lowered, (slug, email)
            if name and name.strip().lower() not in shown:
                assert name.lower() not in lowered, (slug, name)
    # Each idea's author is exactly what the public page shows: anonymous ideas have none.
    ideas = {idea.pk: idea for idea in Idea.objects.select_related("author")}
    anonymous = [item for item in parsed["ideer"][1] if ideas[item["id"]].is_anonymous]
    assert anonymous, "the demo has anonymous ideas on public challenges"
    for item in parsed["ideer"][1]:
        idea = ideas[item["id"]]
        named = not idea.is_anonymous and not idea.author.anonymised_at
        assert item["author"] == (idea.author.full_name.strip() if named else ""), item["id"]


def test_anonymous_and_erased_authors_stay_anonymous(client, make_user):
    from ideverkstedet.accounts.models import Role
    from ideverkstedet.challenges.models import Idea

    challenge = make_challenge(visibility="public", title="Åpen")
    named = make_user(Role.CITIZEN, full_name="Synlig Person")
    hidden = make_user(Role.CITIZEN, full_name="Skjult Person")
    erased = make_user(Role.CITIZEN, full_name="Slettet Person")
    for author, anonymous in ((named, False), (hidden, True), (erased, False)):
        idea = make_idea(challenge, title=f"Idé av {author.pk}")
        Idea.objects.filter(pk=idea.pk).update(author=author, is_anonymous=anonymous)
    User.objects.filter(pk=erased.pk).update(anonymised_at="2026-01-01T00:00:00Z")
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Synlig Person" in page and "Skjult Person" not in page and "Slettet Person" not in page
    ideas = json.loads(_download(client, "ideer", "json"))
    assert sorted(item["author"] for item in ideas) == ["", "", "Synlig Person"]
    text = _download(client, "ideer", "csv")
    assert "Skjult Person" not in text and "Slettet Person" not in text and "Synlig Person" in text


def test_open_data_page_lists_every_dataset_with_columns(client):
    page = client.get(reverse("statistics:open_data")).content.decode()
    for data in DATASETS:
        assert reverse("statistics:dataset_file", args=[data.slug, "csv"]) in page
        assert all(f"<code>{c.name}</code>" in page for c in data.columns)
    assert "NLOD" in page
    assert client.get(reverse("statistics:dataset", args=["utfordringer"])).status_code == 200
    assert client.get(reverse("statistics:dataset", args=["nope"])).status_code == 404
    assert client.get("/apne-data/utfordringer.xml").status_code == 404
