"""The catalogue of open datasets in DCAT-AP-SE, the profile of DCAT that Sveriges dataportal
(dataportal.se) harvests: one dcat:Catalog, a dcat:Dataset per registered dataset, and per dataset a
dcat:Distribution for each file (CSV with semicolons, CSV with commas, JSON) and one for the API.

Every URI is absolute on the site's own address (SITE_URL), so that the harvested identifiers do not
change with the host name a request happened to use. With an organisation number configured, the
publisher is the portal's URI for the organisation (http://dataportal.se/organisation/SE<number>), by
which the portal ties the catalogue to the organisation it knows.
"""

from dataclasses import dataclass
from datetime import datetime

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from . import Dataset

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
THEMES = ("JUST",)  # Justice, legal system and public safety: crime prevention
LANGUAGE = URIRef(EU + "language/SWE")
PUBLIC = URIRef(EU + "access-right/PUBLIC")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
IANA = "http://www.iana.org/assignments/media-types/"
LANG = "sv"


@dataclass(frozen=True)
class Publisher:
    name: str  # the municipality, e.g. "Tingsryds kommun"
    email: str  # the contact point's address
    organisation_number: str = ""  # e.g. "212000-0720"; empty when not configured


@dataclass(frozen=True)
class Entry:
    """One dataset as the catalogue describes it."""

    dataset: Dataset
    modified: datetime | None
    landing_page: str  # absolute URLs from here on
    csv_semicolon: str
    csv_comma: str
    json: str
    api: str = ""  # the API's list endpoint; empty when the dataset has none


@dataclass(frozen=True)
class Site:
    """The catalogue itself."""

    title: str
    description: str
    homepage: str  # /oppna-data/
    uri: str  # the catalogue's own URI
    licence: str  # the licence URI of every dataset
    api_title: str = ""
    api_endpoint: str = ""  # /api/
    api_description: str = ""  # /api/openapi.json


def publisher_uri(site: Site, publisher: Publisher) -> URIRef:
    digits = "".join(ch for ch in publisher.organisation_number if ch.isdigit())
    if digits:
        return URIRef(f"http://dataportal.se/organisation/SE{digits}")
    return URIRef(f"{site.uri}#utgivare")


def catalogue(site: Site, publisher: Publisher, entries: list[Entry]) -> Graph:
    """The whole catalogue as an RDF graph."""
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("vcard", VCARD)):
        graph.bind(prefix, namespace)
    catalog = URIRef(site.uri)
    agent = _publisher(graph, site, publisher)
    licence = URIRef(site.licence)
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(site.title, lang=LANG)))
    graph.add((catalog, DCTERMS.description, Literal(site.description, lang=LANG)))
    graph.add((catalog, DCTERMS.publisher, agent))
    graph.add((catalog, DCTERMS.license, licence))
    graph.add((catalog, DCTERMS.language, LANGUAGE))
    graph.add((catalog, FOAF.homepage, URIRef(site.homepage)))
    if modified := [e.modified for e in entries if e.modified]:
        graph.add((catalog, DCTERMS.modified, _moment(max(modified))))
    contact = _contact(graph, site, publisher)
    service = _service(graph, site, agent, licence) if any(e.api for e in entries) else None
    if service is not None:
        graph.add((catalog, DCAT.service, service))
    for entry in entries:
        dataset = _dataset(graph, entry, agent=agent, contact=contact, licence=licence, service=service)
        graph.add((catalog, DCAT.dataset, dataset))
    return graph


def _publisher(graph: Graph, site: Site, publisher: Publisher) -> URIRef:
    agent = publisher_uri(site, publisher)
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(publisher.name, lang=LANG)))
    graph.add((agent, DCTERMS.type, LOCAL_AUTHORITY))
    if digits := "".join(ch for ch in publisher.organisation_number if ch.isdigit()):
        graph.add((agent, DCTERMS.identifier, Literal(digits)))
    return agent


def _contact(graph: Graph, site: Site, publisher: Publisher) -> URIRef:
    contact = URIRef(f"{site.uri}#kontakt")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(publisher.name, lang=LANG)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{publisher.email}")))
    return contact


def _service(graph: Graph, site: Site, agent: URIRef, licence: URIRef) -> URIRef:
    """The API as a dcat:DataService that the datasets' API distributions are served by."""
    service = URIRef(f"{site.api_endpoint}#tjanst")
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCTERMS.title, Literal(site.api_title, lang=LANG)))
    graph.add((service, DCAT.endpointURL, URIRef(site.api_endpoint)))
    graph.add((service, DCAT.endpointDescription, URIRef(site.api_description)))
    graph.add((service, DCTERMS.publisher, agent))
    graph.add((service, DCTERMS.license, licence))
    return service


def _dataset(graph, entry: Entry, *, agent, contact, licence, service) -> URIRef:
    d = entry.dataset
    uri = URIRef(f"{entry.landing_page}#datamangd")
    graph.add((uri, RDF.type, DCAT.Dataset))
    graph.add((uri, DCTERMS.identifier, Literal(str(uri))))
    graph.add((uri, DCTERMS.title, Literal(d.title, lang=LANG)))
    graph.add((uri, DCTERMS.description, Literal(d.description, lang=LANG)))
    graph.add((uri, DCTERMS.publisher, agent))
    graph.add((uri, DCAT.contactPoint, contact))
    for theme in THEMES:
        graph.add((uri, DCAT.theme, URIRef(f"{EU}data-theme/{theme}")))
    graph.add((uri, DCTERMS.accrualPeriodicity, URIRef(f"{EU}frequency/{d.frequency}")))
    graph.add((uri, DCTERMS.language, LANGUAGE))
    graph.add((uri, DCTERMS.accessRights, PUBLIC))
    graph.add((uri, DCAT.landingPage, URIRef(entry.landing_page)))
    graph.add((URIRef(entry.landing_page), RDF.type, FOAF.Document))
    if entry.modified:
        graph.add((uri, DCTERMS.modified, _moment(entry.modified)))
    for keyword in d.keywords:
        graph.add((uri, DCAT.keyword, Literal(keyword, lang=LANG)))
    files = (
        ("csv-semikolon", entry.csv_semicolon, "CSV", "text/csv", f"{d.title}, CSV med semikolon, för Excel"),
        ("csv-komma", entry.csv_comma, "CSV", "text/csv", f"{d.title}, CSV med komma"),
        ("json", entry.json, "JSON", "application/json", f"{d.title}, JSON"),
    )
    for key, url, file_type, media_type, title in files:
        distribution = _distribution(graph, uri, key, url, file_type, media_type, title, licence)
        graph.add((distribution, DCAT.downloadURL, URIRef(url)))
    if entry.api and service is not None:
        title = f"{d.title}, API (JSON)"
        distribution = _distribution(graph, uri, "api", entry.api, "JSON", "application/json", title, licence)
        graph.add((distribution, DCAT.accessService, service))
    return uri


def _distribution(graph, dataset, key, url, file_type, media_type, title, licence) -> URIRef:
    distribution = URIRef(f"{dataset}-{key}")
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal(title, lang=LANG)))
    graph.add((distribution, DCAT.accessURL, URIRef(url)))
    graph.add((distribution, DCTERMS.format, URIRef(f"{EU}file-type/{file_type}")))
    graph.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
    graph.add((distribution, DCTERMS.license, licence))
    return distribution


def _moment(value: datetime) -> Literal:
    return Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
