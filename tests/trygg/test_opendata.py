"""Open data (/oppna-data/, trygg.opendata): the list and description pages, the CSV and JSON files as a
resident's spreadsheet and a program read them, their caching, their query counts, and that nothing
that is not public ever gets into a file of any registered dataset."""

import csv
import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from cycles.models import FollowUpStatus, Measure, MeasureIndicator, PlanStatus, PromiseStatus
from tests.actors.factories import ActorFactory, ContactFactory
from tests.cycles.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    FollowUpFactory,
    MeasureFactory,
    MeasureUpdateFactory,
    MilestoneFactory,
    PromiseLineFactory,
    public_measure,
    running_plan,
)
from tests.lagesbild.factories import (
    AreaFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PlaceFactory,
    ProblemFactory,
    SituationReportFactory,
    UnsafePlaceReportFactory,
)
from tests.trygg.opendata_dataset import SLUG, registered
from trygg import opendata, pagecache
from trygg.models import MunicipalitySettings
from trygg.opendata import files
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset():
    MunicipalitySettings.load()
    with registered() as registered_dataset:
        yield registered_dataset


@pytest.fixture
def measure(dataset):
    measure = public_measure(slug="belysning", title="Belysning i parken", progress=50)
    measure.areas.set([AreaFactory(name="Ryd"), AreaFactory(name="Tingsryd")])
    return measure


def get(path: str, **extra):
    return Client().get(path, **extra)


def semicolon_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


# --- The pages ------------------------------------------------------------------------------------------


def test_the_list_shows_each_dataset_with_its_files_licence_api_and_catalogue(measure):
    public_measure(slug="kameror", title="Kameror vid stationen")

    response = get("/oppna-data/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Teståtgärder" in page and "Åtgärder för att testa öppna data." in page
    assert f'href="/oppna-data/{SLUG}/"' in page
    assert f'href="/oppna-data/{SLUG}.csv"' in page and "CSV (semikolon, för Excel)" in page
    assert f'href="/oppna-data/{SLUG}-komma.csv"' in page and "CSV (komma)" in page
    assert f'href="/oppna-data/{SLUG}.json"' in page
    assert 'href="/api/atgarder/"' in page
    assert 'href="/api/openapi.json"' in page and 'href="/oppna-data/katalog.rdf"' in page
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/">CC0 1.0</a>' in page
    assert "samma uppgifter som finns på sidorna" in page
    assert response.context["listings"][-1].count == 2
    assert timezone.localdate().isoformat() in page  # last modified, YYYY-MM-DD


def test_the_list_says_so_when_there_is_nothing_to_download(dataset):
    MeasureFactory(title="Intern åtgärd")  # internal: not a row

    page = get("/oppna-data/").content.decode()

    assert "Det finns inga uppgifter att ladda ner ännu." in page
    assert f"/oppna-data/{SLUG}.csv" not in page


def test_the_footer_links_to_open_data(dataset):
    assert 'href="/oppna-data/">Öppna data</a>' in get("/personuppgifter/").content.decode()


def test_the_description_page_explains_every_column_and_the_files(measure):
    response = get(f"/oppna-data/{SLUG}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Teståtgärder</h1>" in page
    assert "Tingsryds kommun" in page  # the publisher
    assert "Dagligen" in page  # DAILY
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/">CC0 1.0</a>' in page
    assert timezone.localdate().isoformat() in page
    kinds = {c.name: c.kind_label for c in response.context["columns"]}
    assert kinds == {
        "slug": "text",
        "title": "text",
        "quarter": "decimaltal",
        "progress": "heltal",
        "needs_approval": "sant/falskt",
        "start_date": "datum",
        "updated_at": "datum och tid",
        "areas": "lista",
    }
    assert "<code>quarter</code>" in page and "En fjärdedel av hur långt åtgärden har kommit." in page
    assert "decimalkomma" in page and "ja och nej" in page  # how the files are written
    assert f'href="/oppna-data/{SLUG}.csv"' in page


@pytest.mark.parametrize(
    "path",
    [
        "/oppna-data/finns-inte/",
        "/oppna-data/finns-inte.csv",
        "/oppna-data/finns-inte-komma.csv",
        "/oppna-data/finns-inte.json",
    ],
)
def test_an_unknown_dataset_is_not_found(dataset, path):
    assert get(path).status_code == 404


def test_a_slug_that_would_clash_with_a_file_name_is_refused(dataset):
    for slug in ("katalog", "atgarder-komma", "Åtgärder", "a/b"):
        with pytest.raises(ValueError):
            opendata.register(opendata.Dataset(**{**dataset.__dict__, "slug": slug}))
    with pytest.raises(ValueError):
        opendata.register(opendata.Dataset(**{**dataset.__dict__, "slug": "x", "frequency": "SOMETIMES"}))


# --- The files ------------------------------------------------------------------------------------------


def test_the_semicolon_csv_is_for_swedish_excel(measure):
    response = get(f"/oppna-data/{SLUG}.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="tingsryds-kommun-{SLUG}.csv"'
    header, row = semicolon_rows(response)
    assert header == [
        "slug",
        "title",
        "quarter",
        "progress",
        "needs_approval",
        "start_date",
        "updated_at",
        "areas",
    ]
    local = timezone.localtime(measure.updated_at)
    assert row == [
        "belysning",
        "Belysning i parken",
        "12,5",  # decimal comma
        "50",
        "ja",
        "",  # None
        local.strftime("%Y-%m-%d %H:%M"),  # Swedish time
        "Ryd | Tingsryd",
    ]


def test_the_comma_csv_and_the_json_hold_the_same_rows_as_the_api_would(measure):
    comma = get(f"/oppna-data/{SLUG}-komma.csv")
    document = get(f"/oppna-data/{SLUG}.json")

    assert comma["Content-Type"] == "text/csv; charset=utf-8"
    assert comma["Content-Disposition"] == f'attachment; filename="tingsryds-kommun-{SLUG}-komma.csv"'
    assert not comma.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(comma.content.decode("utf-8"))))
    assert document["Content-Type"] == "application/json"
    assert document["Content-Disposition"] == f'attachment; filename="tingsryds-kommun-{SLUG}.json"'
    data = json.loads(document.content)
    (expected,) = opendata.rows(opendata.get(SLUG))
    assert data["rows"] == [expected]
    assert rows == [
        {
            **{k: str(v) for k, v in expected.items()},
            "quarter": "12.5",
            "needs_approval": "true",
            "start_date": "",
            "areas": "Ryd | Tingsryd",
        }
    ]
    assert Decimal(data["rows"][0]["quarter"]) == Decimal("12.5")
    assert data["title"] == "Teståtgärder"
    assert data["publisher"] == "Tingsryds kommun"
    assert data["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert data["accrualPeriodicity"] == "DAILY"
    assert data["landingPage"].endswith(f"/oppna-data/{SLUG}/")
    assert data["modified"].startswith(timezone.localdate().isoformat()[:4])
    assert [c["name"] for c in data["columns"]] == list(expected)
    assert data["columns"][2] == {
        "name": "quarter",
        "type": "decimal",
        "description": "En fjärdedel av hur långt åtgärden har kommit.",
    }


def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_is_quoted(dataset):
    public_measure(slug="a", title='=HYPERLINK("http://example.com")')
    public_measure(slug="b", title="+1")
    public_measure(slug="c", title="@SUM(A1)")
    public_measure(slug="d", title="-2")

    _header, *rows = semicolon_rows(get(f"/oppna-data/{SLUG}.csv"))
    comma = list(csv.reader(io.StringIO(get(f"/oppna-data/{SLUG}-komma.csv").content.decode())))

    titles = ['\'=HYPERLINK("http://example.com")', "'+1", "'@SUM(A1)", "'-2"]
    assert [row[1] for row in rows] == titles
    assert [row[1] for row in comma[1:]] == titles
    assert files.cell(-2.5, opendata.Kind.DECIMAL, files.SEMICOLON) == "-2,5"  # a number is a number
    assert files.cell("-3.25", opendata.Kind.DECIMAL, files.SEMICOLON) == "-3,25"
    # a nested object is written by its name, quoted like any text
    assert files.cell({"name": "=1+1"}, opendata.Kind.TEXT, files.SEMICOLON) == "'=1+1"


def test_an_empty_dataset_is_a_file_with_its_header_only(dataset):
    _bom_and_header = semicolon_rows(get(f"/oppna-data/{SLUG}.csv"))
    assert _bom_and_header == [[c.name for c in opendata.columns(dataset)]]
    assert json.loads(get(f"/oppna-data/{SLUG}.json").content)["rows"] == []
    assert "Last-Modified" not in get(f"/oppna-data/{SLUG}.csv")


# --- Caching: the page cache keeps the files, and a current copy costs a 304 -----------------------------


@pytest.mark.parametrize("suffix", [".csv", "-komma.csv", ".json"])
def test_a_file_has_last_modified_an_etag_and_answers_304_to_a_current_copy(measure, suffix):
    path = f"/oppna-data/{SLUG}{suffix}"
    first = get(path)
    second = get(path)

    assert first["Last-Modified"] == http_date(Measure.objects.get().updated_at.timestamp())
    assert first["X-Trygg-Cache"] == "miss" and second["X-Trygg-Cache"] == "hit"
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert "Set-Cookie" not in first and "Cookie" in first.get("Vary", "Cookie")
    assert first["Access-Control-Allow-Origin"] == "*"  # any site's script may read open data
    assert get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    earlier = http_date((Measure.objects.get().updated_at - timedelta(days=1)).timestamp())
    assert get(path, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_change_of_the_data_gives_a_new_file(measure):
    first = get(f"/oppna-data/{SLUG}.csv")
    measure.title = "Ny belysning i parken"
    measure.save()

    second = get(f"/oppna-data/{SLUG}.csv", HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert "Ny belysning i parken" in second.content.decode()


# --- Query counts: fixed whatever the number of rows ------------------------------------------------------


def count_queries(path: str) -> int:
    pagecache.bump()  # a render, not the cached copy
    with CaptureQueriesContext(connection) as queries:
        assert get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/oppna-data/",
        f"/oppna-data/{SLUG}/",
        f"/oppna-data/{SLUG}.csv",
        f"/oppna-data/{SLUG}-komma.csv",
        f"/oppna-data/{SLUG}.json",
        "/oppna-data/katalog.rdf",
    ],
)
def test_the_query_count_does_not_grow_with_the_rows(dataset, path):
    area = AreaFactory(name="Ryd")
    plan = running_plan()
    public_measure(plan=plan, slug="m-0").areas.set([area])
    one = count_queries(path)
    for n in range(1, 5):
        public_measure(plan=plan, slug=f"m-{n}").areas.set([area, AreaFactory()])
    assert count_queries(path) == one


# --- Nothing that is not public gets into any file ---------------------------------------------------------

SECRET = "HEMLIGT-7f3a"


def public_data(n: int, *, plan=None, first: int = 0):
    """n public measures, each with what hangs on it in the public pages: an area and a place, an approved
    update, a public milestone, an approved follow-up, a public indicator with a value, a promise line."""
    # (Published follow-up reports are left out: one per period, and heavy to make.)
    plan = plan or running_plan()
    promise = CitizenPromiseFactory(status=PromiseStatus.PUBLISHED, visibility=Visibility.PUBLIC)
    measures = []
    for i in range(first, first + n):
        area = AreaFactory()
        measure = public_measure(plan=plan, slug=f"offentlig-{i}", title=f"Offentlig åtgärd {i}")
        measure.areas.set([area])
        measure.places.set([PlaceFactory(area=area)])
        MeasureUpdateFactory(measure=measure)
        MilestoneFactory(measure=measure, title=f"Offentligt delmål {i}")
        FollowUpFactory(
            measure=measure,
            status=FollowUpStatus.APPROVED,
            visibility=Visibility.PUBLIC,
            public_summary=f"Sammanfattning {i}",
        )
        indicator = IndicatorFactory(public=True)
        IndicatorValueFactory(indicator=indicator)
        MeasureIndicator.objects.create(measure=measure, indicator=indicator, baseline=Decimal("12.5"))
        PromiseLineFactory(promise=promise).measures.set([measure])
        measures.append(measure)
    return measures


def not_public_data():
    """Public data, and beside it everything that must stay inside."""
    plan = running_plan()
    (measure,) = public_data(1, plan=plan)
    measure.internal_notes = SECRET
    measure.save()
    ContactFactory(actor=measure.lead_actor, name=f"{SECRET} kontakt", email="hemlig-7f3a@example.org")
    measure.contributors.add(ActorFactory(name=f"{SECRET} aktör som slutat", active=False))
    MeasureFactory(plan=plan, title=f"{SECRET} intern åtgärd", visibility=Visibility.INTERNAL)
    draft = ActionPlanFactory(status=PlanStatus.DRAFT, visibility=Visibility.PUBLIC)
    public_measure(plan=draft, title=f"{SECRET} åtgärd i ett utkast")
    MeasureUpdateFactory(measure=measure, text=f"{SECRET} ogranskad rapport", approved_at=None)
    MilestoneFactory(measure=measure, title=f"{SECRET} internt delmål", visibility=Visibility.INTERNAL)
    FollowUpFactory(measure=measure, done_text=SECRET, public_summary=SECRET)  # a draft
    CitizenPromiseFactory(title=f"{SECRET} löfte")  # an internal draft
    IndicatorValueFactory(indicator=IndicatorFactory(name=f"{SECRET} indikator", public=False))
    ProblemFactory(title=f"{SECRET} problem", description=SECRET)
    SituationReportFactory(public_summary=SECRET)  # internal
    UnsafePlaceReportFactory(description=f"{SECRET} invånarens rapport")  # not yet moderated
    return measure


def test_nothing_that_is_not_public_is_in_any_file_of_any_dataset(dataset):
    not_public_data()

    assert opendata.get(SLUG) in opendata.datasets()
    for registered_dataset in opendata.datasets():
        for suffix in (".csv", "-komma.csv", ".json"):
            response = get(f"/oppna-data/{registered_dataset.slug}{suffix}")
            assert response.status_code == 200
            content = response.content.decode()
            assert SECRET not in content and "hemlig-7f3a" not in content, (registered_dataset.slug, suffix)
    # The public data is there, so the files above were not just empty.
    assert "Offentlig åtgärd 0" in get(f"/oppna-data/{SLUG}.csv").content.decode()
    for slug, text in (("atgarder", "Offentlig åtgärd 0"), ("delmal", "Offentligt delmål 0")):
        if opendata.get(slug):  # the API's datasets (cycles.apps), when registered
            assert text in get(f"/oppna-data/{slug}.csv").content.decode()
    for path in ("/oppna-data/", f"/oppna-data/{SLUG}/", "/oppna-data/katalog.rdf"):
        assert SECRET not in get(path).content.decode()


def test_no_registered_dataset_costs_more_queries_for_more_rows(dataset):
    """The contract of a Dataset (trygg.opendata): its queryset fetches what the schema reads in a fixed
    number of queries. Checked here for every registered dataset, the API's as well as the test's."""
    plan = running_plan()
    public_data(1, plan=plan)
    one = {d.slug: count_queries(f"/oppna-data/{d.slug}.csv") for d in opendata.datasets()}
    public_data(4, plan=plan, first=1)  # 5 of each
    more = {d.slug: count_queries(f"/oppna-data/{d.slug}.csv") for d in opendata.datasets()}
    assert more == one


def test_every_json_file_holds_the_same_rows_as_the_api(dataset):
    """The files and the API read the same schema: for each registered dataset with an API endpoint (but
    the test's own, whose api_path borrows the measures' endpoint), the JSON file's rows are the API's."""
    public_data(2)
    checked = 0
    for registered_dataset in opendata.datasets():
        if registered_dataset.slug == SLUG:
            continue
        api = get(f"{registered_dataset.api_path}?page_size=500") if registered_dataset.api_path else None
        if api is None or api.status_code != 200:
            continue
        rows = json.loads(get(f"/oppna-data/{registered_dataset.slug}.json").content)["rows"]
        assert rows == api.json()["items"], registered_dataset.slug
        checked += 1
    if any(d.slug != SLUG for d in opendata.datasets()):
        assert checked > 0
