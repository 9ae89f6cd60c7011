"""/oppna-data/: the list of open datasets, one description page per dataset, its files (CSV with
semicolons, CSV with commas, JSON) and the DCAT-AP-SE catalogue (trygg.opendata.dcat).

Every answer is a plain HttpResponse without cookies, so the page cache keeps it and
ConditionalGetMiddleware answers 304 to a client whose copy is current; the files also carry
Last-Modified. What a page or file costs in queries is fixed per dataset: a count and the last change,
then the rows from the dataset's own queryset.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from .. import opendata
from ..links import absolute_url
from ..models import MunicipalitySettings
from ..views import PublicPageMixin, newest
from . import dcat, files

API_DESCRIPTION_PATH = "/api/openapi.json"  # the API's OpenAPI description (django-ninja)
API_PATH = "/api/"


@dataclass(frozen=True)
class Listing:
    """A dataset as the pages show it: how many rows, when it last changed, where its files are."""

    dataset: opendata.Dataset
    count: int
    modified: datetime | None

    @property
    def frequency(self) -> str:
        return opendata.frequency_label(self.dataset)

    @property
    def url(self) -> str:
        return reverse("opendata:dataset", args=[self.dataset.slug])

    @property
    def csv_semicolon_url(self) -> str:
        return reverse("opendata:csv", args=[self.dataset.slug])

    @property
    def csv_comma_url(self) -> str:
        return reverse("opendata:csv-comma", args=[self.dataset.slug])

    @property
    def json_url(self) -> str:
        return reverse("opendata:json", args=[self.dataset.slug])


def listing(dataset: opendata.Dataset) -> Listing:
    return Listing(dataset, dataset.queryset().count(), dataset.last_modified())


def licence() -> dict:
    url = settings.TRYGG_OPEN_DATA_LICENCE_URL
    return {"url": url, "name": settings.TRYGG_OPEN_DATA_LICENCE_NAME, "cc0": "publicdomain/zero" in url}


def contact_email(site: MunicipalitySettings) -> str:
    return settings.TRYGG_OPEN_DATA_CONTACT_EMAIL or site.contact_email or settings.DEFAULT_FROM_EMAIL


def dataset_or_404(slug: str) -> opendata.Dataset:
    if (dataset := opendata.get(slug)) is None:
        raise Http404("No such open dataset")
    return dataset


class OpenDataMixin(PublicPageMixin):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            licence=licence(),
            api_path=API_PATH,
            api_description_path=API_DESCRIPTION_PATH,
            catalogue_url=reverse("opendata:catalogue-rdf"),
        )
        return ctx


class Index(OpenDataMixin, TemplateView):
    """/oppna-data/: every dataset with its files, the licence, the API and the catalogue."""

    template_name = "trygg/opendata/index.html"
    title = _("Öppna data")

    def get_context_data(self, **kwargs):
        self.listings = [listing(d) for d in opendata.datasets()]
        ctx = super().get_context_data(**kwargs)
        ctx["listings"] = self.listings
        ctx["any_rows"] = any(item.count for item in self.listings)
        return ctx

    def get_last_updated(self):
        return newest(super().get_last_updated(), *(item.modified for item in self.listings))


class DatasetDetail(OpenDataMixin, TemplateView):
    """/oppna-data/<slug>/: what the dataset holds, its columns and how the files are written."""

    template_name = "trygg/opendata/dataset.html"

    def get_context_data(self, **kwargs):
        self.item = listing(dataset_or_404(self.kwargs["slug"]))
        ctx = super().get_context_data(**kwargs)
        ctx.update(item=self.item, title=self.item.dataset.title, columns=opendata.columns(self.item.dataset))
        return ctx

    def get_breadcrumbs(self):
        return [*super().get_breadcrumbs(), (_("Öppna data"), reverse("opendata:index"))]

    def get_last_updated(self):
        return newest(super().get_last_updated(), self.item.modified)


# --- The files ------------------------------------------------------------------------------------------


def download(request, slug: str, *, suffix: str, content_type: str, write) -> HttpResponse:
    """The dataset's whole file from `write(dataset, modified)`, as an attachment named for the
    municipality and the dataset ("tingsryds-kommun-atgarder.csv"), with Last-Modified when the dataset
    knows when it changed. The time is read before the rows: a change meanwhile makes the copy look older,
    never newer, so a client fetches it again."""
    dataset = dataset_or_404(slug)
    modified = dataset.last_modified()
    response = HttpResponse(write(dataset, modified), content_type=content_type)
    municipality = slugify(MunicipalitySettings.for_request(request).name) or "oppna-data"
    response["Content-Disposition"] = f'attachment; filename="{municipality}-{dataset.slug}{suffix}"'
    response["Access-Control-Allow-Origin"] = "*"  # public data: any site's script may read it
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    return response


@require_safe
def csv_semicolon(request, slug: str):
    """/oppna-data/<slug>.csv: for Swedish Excel (trygg.opendata.files)."""
    return download(
        request,
        slug,
        suffix=".csv",
        content_type="text/csv; charset=utf-8",
        write=lambda dataset, _modified: files.csv_text(dataset, files.SEMICOLON),
    )


@require_safe
def csv_comma(request, slug: str):
    """/oppna-data/<slug>-komma.csv: for programs (trygg.opendata.files)."""
    return download(
        request,
        slug,
        suffix=f"{opendata.COMMA_SUFFIX}.csv",
        content_type="text/csv; charset=utf-8",
        write=lambda dataset, _modified: files.csv_text(dataset, files.COMMA),
    )


@require_safe
def json_file(request, slug: str):
    """/oppna-data/<slug>.json: the description and the rows (trygg.opendata.files)."""

    def write(dataset: opendata.Dataset, modified: datetime | None) -> str:
        about = {
            "title": dataset.title,
            "description": dataset.description,
            "publisher": MunicipalitySettings.for_request(request).name,
            "license": settings.TRYGG_OPEN_DATA_LICENCE_URL,
            "licenseName": settings.TRYGG_OPEN_DATA_LICENCE_NAME,
            "modified": modified.isoformat() if modified else None,
            "accrualPeriodicity": dataset.frequency,
            "landingPage": absolute_url(reverse("opendata:dataset", args=[dataset.slug])),
            "api": absolute_url(dataset.api_path) if dataset.api_path else None,
        }
        return files.json_text(dataset, about=about)

    return download(request, slug, suffix=".json", content_type="application/json", write=write)


# --- The catalogue --------------------------------------------------------------------------------------


def catalogue_graph(request):
    """The DCAT-AP-SE catalogue of every registered dataset, on the site's own address (SITE_URL)."""
    site = MunicipalitySettings.for_request(request)
    entries = [
        dcat.Entry(
            dataset=d,
            modified=d.last_modified(),
            landing_page=absolute_url(reverse("opendata:dataset", args=[d.slug])),
            csv_semicolon=absolute_url(reverse("opendata:csv", args=[d.slug])),
            csv_comma=absolute_url(reverse("opendata:csv-comma", args=[d.slug])),
            json=absolute_url(reverse("opendata:json", args=[d.slug])),
            api=absolute_url(d.api_path) if d.api_path else "",
        )
        for d in opendata.datasets()
    ]
    about = dcat.Site(
        title=str(_("Öppna data från %(programme)s") % {"programme": site.programme_name}),
        description=str(
            _("Öppna data om det brottsförebyggande arbetet i %(name)s, samma uppgifter som på webbplatsen.")
            % {"name": site.name}
        ),
        homepage=absolute_url(reverse("opendata:index")),
        uri=absolute_url(reverse("opendata:catalogue-rdf")),
        licence=settings.TRYGG_OPEN_DATA_LICENCE_URL,
        api_title=str(_("API för %(programme)s") % {"programme": site.programme_name}),
        api_endpoint=absolute_url(API_PATH),
        api_description=absolute_url(API_DESCRIPTION_PATH),
    )
    publisher = dcat.Publisher(
        name=site.name,
        email=contact_email(site),
        organisation_number=settings.TRYGG_ORGANISATION_NUMBER,
    )
    return dcat.catalogue(about, publisher, entries)


@require_safe
def catalogue_rdf(request):
    """/oppna-data/katalog.rdf: the catalogue in RDF/XML, the format dataportal.se harvests."""
    content = catalogue_graph(request).serialize(format="pretty-xml")
    response = HttpResponse(content, content_type="application/rdf+xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def catalogue_turtle(request):
    """/oppna-data/katalog.ttl: the same catalogue in Turtle, easier to read."""
    content = catalogue_graph(request).serialize(format="turtle")
    response = HttpResponse(content, content_type="text/turtle; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response
