"""The public, read-only JSON API under /api/ (django-ninja), and what it promises its users:

- Read-only: GET only; nothing is ever written through it, and it needs no account or key.
- Public data only: every endpoint starts from the same `public()` QuerySet as the resident's page it
  mirrors, and shows no more than that page (never internal notes, unapproved updates or actors that
  no longer take part). The rows are the open datasets' rows (`trygg.opendata`): one schema each.
- Stable ids: an object keeps its `id` (its primary key) for good; where a public page's address uses a
  slug, the slug is in the row too.
- Pagination: every list answers `{"items": [...], "count": n}`, `?page=` from 1 and `?page_size=` up to
  MAX_PAGE_SIZE (PAGE_SIZE by default); a list is in a stable order, so paging through it is safe.
- Caching: `Last-Modified` from the dataset's `last_modified()`, and an `ETag` (ConditionalGetMiddleware
  or the page cache), so that `If-Modified-Since` and `If-None-Match` answer 304 Not Modified.
- Described by OpenAPI 3 at /api/openapi.json. There is no Swagger page: it loads scripts from elsewhere
  that the Content-Security-Policy refuses.

trygg imports no higher app: each app adds its routers (`add_routers`) and registers its datasets in its
`AppConfig.ready()`, before the root URLconf reads `urls()`.
"""

import operator
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, Model, QuerySet
from django.http import JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.http import condition, require_safe
from ninja import Field, NinjaAPI, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from .views import newest

# An id filter within what a BigAutoField holds, so that a huge number is a 422, not a database error.
MAX_ID = 2**63 - 1
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# Far beyond any list we will have; it keeps the offset within what every database accepts.
MAX_PAGE = 1_000_000

LICENCE_NAME = getattr(settings, "TRYGG_OPEN_DATA_LICENCE_NAME", "CC0 1.0")
LICENCE_URL = getattr(
    settings, "TRYGG_OPEN_DATA_LICENCE_URL", "https://creativecommons.org/publicdomain/zero/1.0/"
)

DESCRIPTION = (
    "Öppna data om kommunens brottsförebyggande arbete: åtgärderna och deras lägesrapporter och delmål, "
    "medborgarlöftena, uppföljningen, platserna, områdena och indikatorerna med sina värden. "
    "API:t är öppet för alla och går bara att läsa (GET). Det visar samma uppgifter som de publika "
    "sidorna, aldrig något internt. Uppgifterna får användas enligt licensen "
    f"{LICENCE_NAME} ({LICENCE_URL}); samma uppgifter finns som filer under /oppna-data/. "
    "Varje lista delas upp i sidor (page, page_size); id:n ändras aldrig. Svaren har Last-Modified och "
    "ETag, så en klient kan fråga med If-Modified-Since eller If-None-Match och få 304."
)


class Encoder(NinjaJSONEncoder):
    """Times as the open data files write them (pydantic's JSON), to the microsecond, not Django's
    milliseconds: a row from the API and the same row from /oppna-data/ are equal."""

    def default(self, o):
        if isinstance(o, datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class SwedishJSONRenderer(JSONRenderer):
    """Å, ä and ö as themselves rather than as escapes: the same JSON, readable by a person."""

    encoder_class = Encoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Trygg – öppet API",
    version="1",
    description=DESCRIPTION,
    docs_url=None,
    urls_namespace="api",
    renderer=SwedishJSONRenderer(),
    openapi_extra={"info": {"license": {"name": LICENCE_NAME, "url": LICENCE_URL}}},
)


# Messages for what a client gets wrong in a query, by pydantic's error type; others keep pydantic's.
MESSAGES = {
    "int_parsing": "Ange ett heltal.",
    "int_from_float": "Ange ett heltal.",
    "enum": "Ange ett av värdena {expected}.",
    "greater_than_equal": "Ange ett tal som är minst {ge}.",
    "less_than_equal": "Ange ett tal som är högst {le}.",
    "missing": "Värdet saknas.",
}


@api.exception_handler(ValidationError)
def invalid_request(request, exc):
    """422 with ninja's `detail` list, each message in Swedish where we have one."""
    detail = [
        {**error, "msg": MESSAGES[error.get("type")].format(**error.get("ctx", {}))}
        if error.get("type") in MESSAGES
        else error
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


class Pagination(PageNumberPagination):
    """Pages of PAGE_SIZE rows (at most MAX_PAGE_SIZE); out-of-range values answer 422, not a clamp or a
    database error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Sidnummer, från 1.")
        page_size: int = Field(
            PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Antal rader per sida, högst {MAX_PAGE_SIZE}."
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(..., description="Antal rader i hela listan, alla sidor.")

    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)


# Under `@router.get(...)` of every list: `?page=` and `?page_size=`, and `{"items": [...], "count": n}`.
paginated = paginate(Pagination)


def id_filter(description: str):
    """An optional `?name=<id>` filter: a positive id that the database can compare."""
    return Field(None, ge=1, le=MAX_ID, description=description)


def year_filter(description: str):
    """An optional `?ar=<year>` filter, within the years the data can hold."""
    return Field(None, ge=1900, le=2200, description=description)


def attribute(path: str):
    """A row schema's resolver that only reads an attribute of the object, `path` dotted for a related
    object's (one the queryset select_related and never None): `resolve_titel = attribute("title")`.
    Not an `alias=` on the Field: the open data's columns (and so the files) would take the alias's name."""
    get = operator.attrgetter(path)
    return staticmethod(lambda obj: get(obj))


def page_path():
    """A row schema's resolver for the path of the object's public page: `resolve_adress = page_path()`."""
    return staticmethod(lambda obj: obj.get_absolute_url())


def display(field: str):
    """A row schema's resolver for a choice field's text: `resolve_status_text = display("status")`."""
    return staticmethod(lambda obj: getattr(obj, f"get_{field}_display")())


class NotFound(Schema):
    detail: str = Field(..., description="Varför svaret är tomt.")


class Problem(Schema):
    type: str = Field(..., description="Vilket slags fel, som kod.")
    loc: list[str | int] = Field(..., description="Var felet är, t.ex. query och parameterns namn.")
    msg: str = Field(..., description="Felet i klartext.")


class Invalid(Schema):
    detail: list[Problem] = Field(..., description="Ett fel per parameter som inte går att använda.")


def listing(row: type[Schema]) -> dict:
    """The `response` of a list endpoint: pages of `row` (with `paginated`), or 422 for a bad parameter."""
    return {200: list[row], 422: Invalid}


def latest(*columns: tuple[type[Model], str]) -> datetime | None:
    """The newest value of each (model, datetime field), or None. A dataset's `last_modified` reads its
    tables whole, the rows residents don't see too: a measure made internal or a plan withdrawn changes
    the public data, and its own timestamp is the only trace of that change."""
    return newest(
        *(model._default_manager.aggregate(latest=Max(field))["latest"] for model, field in columns)
    )


def history_of(*models: type[Model]) -> tuple[tuple[type[Model], str], ...]:
    """For `latest`: the models' change logs (django-simple-history), which also record deletions and
    changes of many-to-many relations that the models' own timestamps miss."""
    return tuple((model.history.model, "history_date") for model in models)


def valid(form):
    """The form, once valid; else 422 with its messages in ninja's shape (`detail`: one entry per field),
    so that a filter the public page would not offer is a clear error and never a 500."""
    if not form.is_valid():
        raise ValidationError(
            [
                {"type": "value_error", "loc": ["query", name], "msg": " ".join(str(e) for e in errors)}
                for name, errors in form.errors.items()
            ]
        )
    return form


def get_or_404(queryset: QuerySet, message: str, **lookup):
    """One object of a public queryset, or 404 with `message`: the same answer whether the object does
    not exist or is not public, so that the API tells nothing about what residents may not see."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise HttpError(404, message)
    return obj


def last_modified(when: Callable[[], datetime | None]):
    """Last-Modified from `when()` (a dataset's last_modified), and 304 for an If-Modified-Since that is
    not older. Put it under the `@router.get(...)` line."""
    return decorate_view(condition(last_modified_func=lambda request, *args, **kwargs: when()))


mounted: list[Router] = []


def add_routers(*routers: Router) -> None:
    """Mount an app's routers at /api/, each once: ninja refuses a router mounted twice, or any router
    once the URLs are built, and an AppConfig.ready() that runs again (a test reloading an app) must not
    fail on that."""
    for router in routers:
        if router not in mounted:
            api.add_router("", router)
            mounted.append(router)


def _open_to_every_site(view):
    """Any web page may read the API from a script (CORS): it is public, read-only and uses no cookie.
    HEAD is answered as GET (RFC 9110): the server leaves the body out, and the headers are GET's."""

    def api_view(request, *args, **kwargs):
        if request.method == "HEAD":
            request.method = "GET"
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    api_view.csrf_exempt = True  # as ninja's own views: nothing here reads a cookie or writes
    return api_view


def index(request):
    """/api/ itself: what the API is and where its lists are, for a person or a program finding it."""
    routes = {str(p.pattern) for p in api.urls[0]} - {"", "openapi.json"}
    lists = sorted(f"/api/{route}" for route in routes if "<" not in route)
    return JsonResponse(
        {
            "title": api.title,
            "description": api.description,
            "license": {"name": LICENCE_NAME, "url": LICENCE_URL},
            "openapi": "/api/openapi.json",
            "open_data": "/oppna-data/",
            "lists": lists,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def urls():
    """What the root URLconf includes at /api/: ninja's routes (built once, after every app's ready()),
    each answering with the CORS header, and the index at /api/."""
    patterns, app_name, namespace = api.urls
    routes = [
        URLPattern(p.pattern, _open_to_every_site(p.callback), p.default_args, p.name)
        for p in patterns
        if str(p.pattern)  # ninja's own root answers 404; ours, under its name, is the index
    ]
    routes.append(path("", _open_to_every_site(require_safe(index)), name="api-root"))
    return routes, app_name, namespace
