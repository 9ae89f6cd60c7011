"""The DCAT-AP-SE catalogue of open data (/oppna-data/katalog.rdf, trygg.opendata.dcat) read back with
rdflib, as dataportal.se harvests it: every property the profile asks for, on the catalogue, on every
registered dataset and on every distribution."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from tests.cycles.factories import public_measure
from tests.trygg.opendata_dataset import SLUG, registered
from trygg import opendata
from trygg.models import MunicipalitySettings
from trygg.opendata.dcat import VCARD

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"  # SITE_URL in the tests
EU = "http://publications.europa.eu/resource/authority/"
CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")


@pytest.fixture
def dataset():
    MunicipalitySettings.load()
    with registered() as registered_dataset:
        public_measure(slug="belysning", title="Belysning i parken")
        yield registered_dataset


def catalogue(path: str = "/oppna-data/katalog.rdf", fmt: str = "xml") -> Graph:
    response = Client().get(path)
    assert response.status_code == 200
    return Graph().parse(data=response.content, format=fmt)


def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def swedish(graph: Graph, subject, predicate) -> str:
    value = one(graph, subject, predicate)
    assert isinstance(value, Literal) and value.language == "sv" and str(value), (subject, predicate)
    return str(value)


def test_the_catalogue_is_rdf_xml(dataset):
    response = Client().get("/oppna-data/katalog.rdf")
    assert response["Content-Type"] == "application/rdf+xml; charset=utf-8"
    assert response.content.startswith(b"<?xml")
    assert "Set-Cookie" not in response


def test_the_catalogue_describes_itself_and_its_publisher(dataset):
    graph = catalogue()

    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert str(catalog) == f"{SITE}/oppna-data/katalog.rdf"
    assert "Trygg i Tingsryds kommun" in swedish(graph, catalog, DCTERMS.title)
    assert swedish(graph, catalog, DCTERMS.description)
    assert one(graph, catalog, DCTERMS.license) == CC0
    assert one(graph, catalog, FOAF.homepage) == URIRef(f"{SITE}/oppna-data/")
    publisher = one(graph, catalog, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert swedish(graph, publisher, FOAF.name) == "Tingsryds kommun"
    assert set(graph.objects(catalog, DCAT.dataset)) == {
        URIRef(f"{SITE}/oppna-data/{d.slug}/#datamangd") for d in opendata.datasets()
    }
    service = one(graph, catalog, DCAT.service)  # the API
    assert (service, RDF.type, DCAT.DataService) in graph
    assert one(graph, service, DCAT.endpointURL) == URIRef(f"{SITE}/api/")
    assert one(graph, service, DCAT.endpointDescription) == URIRef(f"{SITE}/api/openapi.json")
    assert swedish(graph, service, DCTERMS.title)


def test_every_dataset_has_what_dcat_ap_se_asks_for(dataset):
    graph = catalogue()

    for registered_dataset in opendata.datasets():
        uri = URIRef(f"{SITE}/oppna-data/{registered_dataset.slug}/#datamangd")
        assert (uri, RDF.type, DCAT.Dataset) in graph
        assert swedish(graph, uri, DCTERMS.title) == registered_dataset.title
        assert swedish(graph, uri, DCTERMS.description) == registered_dataset.description
        assert one(graph, uri, DCTERMS.identifier) == Literal(str(uri))
        publisher = one(graph, uri, DCTERMS.publisher)
        assert (publisher, RDF.type, FOAF.Agent) in graph
        contact = one(graph, uri, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Organization) in graph
        assert swedish(graph, contact, VCARD.fn) == "Tingsryds kommun"
        assert str(one(graph, contact, VCARD.hasEmail)).startswith("mailto:")
        assert one(graph, uri, DCAT.theme) == URIRef(f"{EU}data-theme/JUST")
        assert one(graph, uri, DCTERMS.accrualPeriodicity) == URIRef(
            f"{EU}frequency/{registered_dataset.frequency}"
        )
        assert one(graph, uri, DCAT.landingPage) == URIRef(f"{SITE}/oppna-data/{registered_dataset.slug}/")
        keywords = set(graph.objects(uri, DCAT.keyword))
        assert keywords == {Literal(k, lang="sv") for k in registered_dataset.keywords}
        if registered_dataset.last_modified() is not None:
            assert one(graph, uri, DCTERMS.modified).datatype == XSD.dateTime
        distributions = set(graph.objects(uri, DCAT.distribution))
        assert len(distributions) == (4 if registered_dataset.api_path else 3)
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in graph
            assert swedish(graph, distribution, DCTERMS.title)
            assert one(graph, distribution, DCTERMS.license) == CC0
            assert str(one(graph, distribution, DCAT.accessURL)).startswith(SITE)
            assert str(one(graph, distribution, DCTERMS.format)).startswith(f"{EU}file-type/")
            assert str(one(graph, distribution, DCAT.mediaType)).startswith(
                "http://www.iana.org/assignments/media-types/"
            )

    test = URIRef(f"{SITE}/oppna-data/{SLUG}/#datamangd")
    assert one(graph, test, DCTERMS.modified)
    assert set(graph.objects(test, DCAT.keyword)) == {
        Literal("trygghet", lang="sv"),
        Literal("åtgärder", lang="sv"),
    }


def test_each_file_and_the_api_are_distributions_that_can_be_downloaded(dataset):
    graph = catalogue()

    test = URIRef(f"{SITE}/oppna-data/{SLUG}/#datamangd")
    found = {}
    for distribution in graph.objects(test, DCAT.distribution):
        found[str(one(graph, distribution, DCAT.accessURL))] = (
            str(one(graph, distribution, DCTERMS.format)).rsplit("/", 1)[-1],
            str(one(graph, distribution, DCAT.mediaType)).removeprefix(
                "http://www.iana.org/assignments/media-types/"
            ),
            [str(u) for u in graph.objects(distribution, DCAT.downloadURL)],
            list(graph.objects(distribution, DCAT.accessService)),
        )
    files = {
        f"{SITE}/oppna-data/{SLUG}.csv": ("CSV", "text/csv"),
        f"{SITE}/oppna-data/{SLUG}-komma.csv": ("CSV", "text/csv"),
        f"{SITE}/oppna-data/{SLUG}.json": ("JSON", "application/json"),
    }
    for url, (file_type, media_type) in files.items():
        assert found[url] == (file_type, media_type, [url], [])
        assert Client().get(url.removeprefix(SITE)).status_code == 200  # the file is there
    api = found[f"{SITE}/api/atgarder/"]
    assert api[:3] == ("JSON", "application/json", [])
    assert api[3] == [URIRef(f"{SITE}/api/#tjanst")]


def test_the_catalogue_in_turtle_says_the_same(dataset):
    assert catalogue("/oppna-data/katalog.ttl", "turtle").isomorphic(catalogue())


@override_settings(
    TRYGG_ORGANISATION_NUMBER="212000-0720",
    TRYGG_OPEN_DATA_CONTACT_EMAIL="oppnadata@tingsryd.se",
    TRYGG_OPEN_DATA_LICENCE_URL="https://creativecommons.org/licenses/by/4.0/",
    TRYGG_OPEN_DATA_LICENCE_NAME="CC BY 4.0",
)
def test_the_organisation_number_contact_and_licence_come_from_the_settings(dataset):
    graph = catalogue()

    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    publisher = one(graph, catalog, DCTERMS.publisher)
    assert publisher == URIRef("http://dataportal.se/organisation/SE2120000720")
    assert one(graph, publisher, DCTERMS.identifier) == Literal("2120000720")
    contact = URIRef(f"{SITE}/oppna-data/katalog.rdf#kontakt")
    assert one(graph, contact, VCARD.hasEmail) == URIRef("mailto:oppnadata@tingsryd.se")
    licence = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert set(graph.objects(None, DCTERMS.license)) == {licence}
    page = Client().get(f"/oppna-data/{SLUG}/").content.decode()
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in page
    assert "utan att fråga oss" not in page  # that is what CC0 says, not CC BY


def test_the_contact_is_the_municipality_s_e_mail_unless_configured(dataset):
    site = MunicipalitySettings.load()
    site.contact_email = "trygg@tingsryd.se"
    site.save()

    graph = catalogue()

    contact = URIRef(f"{SITE}/oppna-data/katalog.rdf#kontakt")
    assert one(graph, contact, VCARD.hasEmail) == URIRef("mailto:trygg@tingsryd.se")


def test_a_malformed_organisation_number_stops_the_site_with_a_clear_message():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "ORGANISATION_NUMBER": "21200007"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ORGANISATION_NUMBER ska vara som 212000-0720" in result.stderr
