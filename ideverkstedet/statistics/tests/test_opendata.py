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


def test_no_demo_person_in_any_dataset(client, settings):
    settings.DEBUG = True  # the demo command refuses otherwise
    call_command("demo", "--size", "small", verbosity=0)
    people = list(User.objects.values_list("full_name", "email"))
    assert len(people) > 20 and any("@" in email for _name, email in people)
    parsed = _parse_all(client)
    assert parsed["utfordringer"][1] and parsed["ideer"][1] and parsed["historier"][1]
    for slug, (text, _items) in parsed.items():
        lowered = text.lower()
        for name, email in people:
            assert email.lower() not in lowered, (slug, email)
            assert not name or name.lower() not in lowered, (slug, name)


def test_open_data_page_lists_every_dataset_with_columns(client):
    page = client.get(reverse("statistics:open_data")).content.decode()
    for data in DATASETS:
        assert reverse("statistics:dataset_file", args=[data.slug, "csv"]) in page
        assert all(f"<code>{c.name}</code>" in page for c in data.columns)
    assert "NLOD" in page
    assert client.get(reverse("statistics:dataset", args=["utfordringer"])).status_code == 200
    assert client.get(reverse("statistics:dataset", args=["nope"])).status_code == 404
    assert client.get("/apne-data/utfordringer.xml").status_code == 404
