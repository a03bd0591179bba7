"""The open data catalogue in DCAT-AP-NO, made with rdflib: one dcat:Catalog, a dcat:Dataset per dataset, and a
CSV and a JSON dcat:Distribution for each, all under NLOD 2.0 (the EU licence authority's URI)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from ideverkstedet.statistics.opendata import DATASETS, LICENCE_URI

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
LANGUAGE = URIRef("http://publications.europa.eu/resource/authority/language/NOB")
MEDIA = {
    "csv": "https://www.iana.org/assignments/media-types/text/csv",
    "json": "https://www.iana.org/assignments/media-types/application/json",
}
FORMAT = {"csv": FILE_TYPE.CSV, "json": FILE_TYPE.JSON}


def _url(path: str) -> URIRef:
    return URIRef(f"{settings.SITE_URL}{path}")


def catalogue() -> Graph:
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        graph.bind(prefix, namespace)
    catalog = _url(reverse("statistics:open_data"))
    publisher = _url("/#innovasjonsenheten")
    contact = BNode()
    licence = URIRef(LICENCE_URI)
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal("Innovasjonsenheten", lang="nb")))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal("Innovasjonsenheten", lang="nb")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.CONTACT_EMAIL}")))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCTERMS.language, LANGUAGE))
    graph.add((catalog, DCTERMS.modified, Literal(timezone.localdate().isoformat(), datatype=XSD.date)))
    graph.add((catalog, FOAF.homepage, _url("/")))
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            graph.add(
                (
                    catalog,
                    DCTERMS.title,
                    Literal(str(translation.gettext("Åpne data fra Ideverkstedet")), lang=language),
                )
            )
            graph.add(
                (
                    catalog,
                    DCTERMS.description,
                    Literal(
                        str(
                            translation.gettext(
                                "Offentlige data fra kommunens idéverksted, under lisensen NLOD 2.0."
                            )
                        ),
                        lang=language,
                    ),
                )
            )
    for data in DATASETS:
        node = _url(reverse("statistics:dataset", args=[data.slug]))
        graph.add((catalog, DCAT.dataset, node))
        graph.add((node, RDF.type, DCAT.Dataset))
        for language in ("nb", "nn", "en"):
            with translation.override(language):
                graph.add((node, DCTERMS.title, Literal(str(data.title), lang=language)))
                graph.add((node, DCTERMS.description, Literal(str(data.description), lang=language)))
        graph.add((node, DCTERMS.publisher, publisher))
        graph.add((node, DCAT.contactPoint, contact))
        graph.add((node, DCAT.theme, THEME[data.theme]))
        graph.add((node, DCTERMS.license, licence))
        graph.add(
            (
                node,
                DCTERMS.accessRights,
                URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC"),
            )
        )
        graph.add((node, DCAT.landingPage, _url(reverse("statistics:open_data") + f"#{data.slug}")))
        for extension in ("csv", "json"):
            distribution = _url(reverse("statistics:dataset_file", args=[data.slug, extension]))
            graph.add((node, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCTERMS.title, Literal(f"{data.slug}.{extension}")))
            graph.add((distribution, DCAT.accessURL, distribution))
            graph.add((distribution, DCAT.downloadURL, distribution))
            graph.add((distribution, DCTERMS["format"], FORMAT[extension]))
            graph.add((distribution, DCAT.mediaType, URIRef(MEDIA[extension])))
            graph.add((distribution, DCTERMS.license, licence))
    return graph
