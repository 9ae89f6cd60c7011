"""Open data (/oppna-data/): a registry of public datasets, each served as CSV and JSON with a
description, and listed in a DCAT-AP-SE catalogue the national data portal harvests.

Each app registers its datasets in `AppConfig.ready()` (as it registers search kinds and menu entries);
trygg imports no higher app. A dataset is one row per object of a public queryset, shaped by the same
schema (a django-ninja `Schema`, i.e. a pydantic model) as the API's list endpoint, so the files and
the API never disagree; each field's `description` is the column's meaning on the description page.

The package: this module is the registry and what a dataset's schema says about its columns;
`files` writes the CSV and JSON files, `dcat` the catalogue, `views` serves them all.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Dataset:
    """One public dataset: `queryset()` returns public, published objects only, in a stable order, with
    what `schema` reads fetched in a fixed number of queries whatever the number of rows."""

    slug: str  # /oppna-data/<slug>.csv, e.g. "atgarder"
    title: str  # Swedish, e.g. "Åtgärder"
    description: str  # Swedish, one or two sentences
    schema: type  # a ninja.Schema: one row; each field's description is the column's meaning
    queryset: Callable[[], QuerySet]
    last_modified: Callable[[], datetime | None]  # when the data last changed; None when it is empty
    frequency: str = "CONTINUOUS"  # the EU frequency code: CONTINUOUS, DAILY, WEEKLY, ANNUAL, IRREGULAR
    keywords: tuple[str, ...] = ()
    api_path: str = ""  # the API's list endpoint for the same rows, e.g. "/api/atgarder/"
    order: int = 100  # the place on /oppna-data/ and in the catalogue: the measures first


_registry: dict[str, Dataset] = {}

# A slug names files (/oppna-data/<slug>.csv, <slug>-komma.csv): lower-case words joined by hyphens,
# not ending in the comma file's suffix and not the catalogue's name.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
RESERVED_SLUGS = frozenset({"katalog"})
COMMA_SUFFIX = "-komma"

# The EU frequency codes (http://publications.europa.eu/resource/authority/frequency/) in Swedish.
FREQUENCIES = {
    "CONTINUOUS": _("Löpande"),
    "UPDATE_CONT": _("Löpande"),
    "DAILY": _("Dagligen"),
    "WEEKLY": _("Varje vecka"),
    "MONTHLY": _("Varje månad"),
    "QUARTERLY": _("Varje kvartal"),
    "ANNUAL": _("Varje år"),
    "IRREGULAR": _("Oregelbundet"),
    "NEVER": _("Uppdateras inte"),
}


def register(dataset: Dataset) -> None:
    if dataset.slug in _registry and _registry[dataset.slug] != dataset:
        raise ValueError(f"Two open datasets named {dataset.slug!r}")
    if (
        not SLUG.fullmatch(dataset.slug)
        or dataset.slug in RESERVED_SLUGS
        or dataset.slug.endswith(COMMA_SUFFIX)
    ):
        raise ValueError(f"{dataset.slug!r} cannot name an open dataset's files")
    if dataset.frequency not in FREQUENCIES:
        raise ValueError(f"{dataset.frequency!r} is not an EU frequency code we know")
    _registry[dataset.slug] = dataset


def unregister(slug: str) -> None:
    """Forget a dataset (tests that register their own)."""
    _registry.pop(slug, None)


def datasets() -> list[Dataset]:
    """Every registered dataset by `order`, then in registration order."""
    return sorted(_registry.values(), key=lambda dataset: dataset.order)


def get(slug: str) -> Dataset | None:
    return _registry.get(slug)


def rows(dataset: Dataset) -> Iterator[dict]:
    """The dataset's rows as JSON-ready dicts, in the schema's field order."""
    for obj in dataset.queryset():
        yield dataset.schema.from_orm(obj).model_dump(mode="json")


def frequency_label(dataset: Dataset) -> str:
    """How often the data changes, in Swedish ("Löpande")."""
    return str(FREQUENCIES[dataset.frequency])


# --- Columns: what the schema says about each field -----------------------------------------------------


class Kind:
    """A column's type, read from the schema's JSON schema."""

    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    LIST = "list"
    BOOLEAN = "boolean"


KIND_LABELS = {
    Kind.TEXT: _("text"),
    Kind.INTEGER: _("heltal"),
    Kind.DECIMAL: _("decimaltal"),
    Kind.DATE: _("datum"),
    Kind.DATETIME: _("datum och tid"),
    Kind.LIST: _("lista"),
    Kind.BOOLEAN: _("sant/falskt"),
}


@dataclass(frozen=True)
class Column:
    name: str  # the header in the files, the key in JSON: the schema's field name
    kind: str  # one of Kind
    description: str  # the field's description: the column's meaning

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def columns(dataset: Dataset) -> list[Column]:
    """The dataset's columns, in the schema's field order."""
    json_schema = dataset.schema.model_json_schema()
    definitions = json_schema.get("$defs", {})
    return [
        Column(name, _kind(prop, definitions), prop.get("description", ""))
        for name, prop in json_schema.get("properties", {}).items()
    ]


def _kind(prop: dict, definitions: dict) -> str:
    """The Kind of one property: `Optional[x]` is x, a reference is what it refers to (an enum is text,
    a nested object is shown as text)."""
    if "$ref" in prop:
        prop = definitions.get(prop["$ref"].rsplit("/", 1)[-1], {})
    for key in ("anyOf", "oneOf", "allOf"):
        if options := [p for p in prop.get(key, ()) if p.get("type") != "null"]:
            return _kind(options[0], definitions)
    kind = prop.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "string":
        return {"date": Kind.DATE, "date-time": Kind.DATETIME}.get(prop.get("format", ""), Kind.TEXT)
    return {
        "integer": Kind.INTEGER,
        "number": Kind.DECIMAL,
        "boolean": Kind.BOOLEAN,
        "array": Kind.LIST,
    }.get(kind, Kind.TEXT)
