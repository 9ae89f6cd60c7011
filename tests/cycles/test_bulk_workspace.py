"""The bulk round trip of measures: export (CSV and Excel) of what the user may see, import with a
preview row by row, all-or-nothing with every bad row named, confirmed once, logged; who may do what."""

import csv
import io
import uuid

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cycles.forms import bulk as bulk_forms
from cycles.models import (
    Measure,
    MeasureImport,
    MeasureImportStatus,
    MeasureStatus,
    MeasureUpdate,
    PlanStatus,
)
from cycles.services import bulk
from tests.actors.factories import ActorFactory
from tests.cycles.factories import ActionPlanFactory, link_user_to_actor, public_measure, running_plan
from tests.personas import ALL_PERSONAS
from trygg.review import Review
from trygg.visibility import Visibility

pytestmark = pytest.mark.django_db

CSV_URL = "/arbete/atgarder/exportera.csv"
XLSX_URL = "/arbete/atgarder/exportera.xlsx"
IMPORT_URL = "/arbete/atgarder/importera/"
LOG_URL = "/arbete/atgarder/importer/"


@pytest.fixture
def world(police_partner, other_partner):
    """Polisen leads "egen" (ongoing, 40 %) and "utkast" (in a draft plan); Räddningstjänsten leads
    "annan" (public, planned), "klar" (done) and "intern" (internal); Bostadsbolaget contributes to
    "annan"."""
    police = link_user_to_actor(police_partner, ActorFactory(name="Polisen LPO Nybro"))
    housing = link_user_to_actor(other_partner, ActorFactory(name="Bostadsbolaget"))
    third = ActorFactory(name="Räddningstjänsten")
    plan = running_plan(title="Åtgärdsplan 2025–2027")
    draft = ActionPlanFactory(status=PlanStatus.DRAFT, visibility=Visibility.PUBLIC, title="Nästa plan")
    return {
        "police": police,
        "third": third,
        "plan": plan,
        "own": public_measure(
            plan=plan, lead_actor=police, slug="egen", title="Polisen i centrum", progress=40
        ),
        "other": public_measure(
            plan=plan,
            lead_actor=third,
            slug="annan",
            title="Brandskydd i skolan",
            status=MeasureStatus.PLANNED,
            contributors=[housing],
        ),
        "done": public_measure(
            plan=plan, lead_actor=third, slug="klar", title="Belysning i parken", status=MeasureStatus.DONE
        ),
        "internal": public_measure(
            plan=plan,
            lead_actor=third,
            slug="intern",
            title="Intern kartläggning",
            visibility=Visibility.INTERNAL,
        ),
        "draft": public_measure(plan=draft, lead_actor=police, slug="utkast", title="Kameror vid stationen"),
    }


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def to_csv(rows, delimiter=";", encoding="utf-8-sig") -> bytes:
    """As a spreadsheet saves it (Windows-1252 has no "→": Excel writes "?")."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def workbook_of(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client, content: bytes, name="atgarder.csv", token=None):
    """Send a file to the import page as the form does; returns the response (following no redirect)."""
    return client.post(
        IMPORT_URL,
        {"file": SimpleUploadedFile(name, content), "submission": str(token or uuid.uuid4())},
    )


def exported(client, **changes) -> list[list[str]]:
    """The client's CSV export with cells changed: {slug: {"status": …, "progress": …, "text": …}}."""
    rows = csv_rows(client.get(CSV_URL))
    header = rows[1]
    columns = {"status": header.index("Status"), "progress": header.index("Procent klart")}
    columns["text"] = header.index("Ny lägesrapport (text)")
    for row in rows[2:]:
        for field, value in changes.get(row[0], {}).items():
            row[columns[field]] = value
    return rows


def imported(client, rows, **kwargs) -> MeasureImport:
    """Upload rows (or a file's bytes) and return the import they gave."""
    response = upload(client, rows if isinstance(rows, bytes) else to_csv(rows), **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    return MeasureImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def state(measure) -> tuple:
    measure.refresh_from_db()
    return measure.status, measure.progress, measure.version


# --- Export --------------------------------------------------------------------------------------------


def test_csv_export_has_exactly_the_filtered_measures_with_a_note(coordinator_client, world):
    response = coordinator_client.get(f"{CSV_URL}?status=ongoing")
    rows = csv_rows(response)

    assert response["Content-Type"].startswith("text/csv")
    assert "Ändra bara kolumnerna Status" in rows[0][0]
    assert rows[1] == [
        "Id",
        "Åtgärd",
        "Åtgärdsplan",
        "Ansvarig aktör",
        "Status",
        "Procent klart",
        "Klart senast",
        "Senaste lägesrapport",
        "Ny lägesrapport (text)",
    ]
    assert sorted(r[0] for r in rows[2:]) == ["egen", "intern", "utkast"]
    own = next(r for r in rows[2:] if r[0] == "egen")
    assert own[1:6] == ["Polisen i centrum", "Åtgärdsplan 2025–2027", "Polisen LPO Nybro", "Pågår", "40"]
    assert own[8] == ""


def test_partner_exports_only_own_measures(police_partner_client, other_partner, world):
    housing_client = Client()
    housing_client.force_login(other_partner)

    police = [r[0] for r in csv_rows(police_partner_client.get(CSV_URL))[2:]]
    housing = [r[0] for r in csv_rows(housing_client.get(CSV_URL))[2:]]

    assert police == ["utkast", "egen"]  # by title: "Kameror …", "Polisen …"
    assert housing == ["annan"]  # contributes; the public measures of others are not in it


def test_xlsx_export_has_note_frozen_header_status_list_and_the_filtered_rows(coordinator_client, world):
    public_measure(plan=world["plan"], slug="formel", title='=HYPERLINK("https://example.org")')

    response = coordinator_client.get(f"{XLSX_URL}?plan={world['plan'].pk}")
    sheet = workbook_of(response).active

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "Ändra bara kolumnerna" in sheet["A1"].value
    assert [c.value for c in sheet[2]][:5] == ["Id", "Åtgärd", "Åtgärdsplan", "Ansvarig aktör", "Status"]
    assert sheet.freeze_panes == "A3"
    assert sheet["E2"].comment is not None and "Välj en status" in sheet["E2"].comment.text
    assert sheet.column_dimensions["B"].width == 48
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert validations["E3:E7"].formula1 == '"Planerad,Pågår,Genomförd,Försenad,Pausad,Avbruten"'
    assert validations["F3:F7"].type == "whole"
    slugs = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert sorted(slugs) == ["annan", "egen", "formel", "intern", "klar"]
    formula = next(row for row in sheet.iter_rows(min_row=3) if row[0].value == "formel")[1]
    assert formula.data_type == "s" and formula.value.startswith("=HYPERLINK")


# --- Import: nothing changed, changes, errors ----------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_unchanged_file_changes_nothing(coordinator_client, world, kind):
    before = {key: state(m) for key, m in world.items() if isinstance(m, Measure)}
    content = coordinator_client.get(CSV_URL if kind == "csv" else XLSX_URL).content

    response = upload(coordinator_client, content, name=f"atgarder.{kind}")
    page = coordinator_client.get(response["Location"]).content.decode()

    done = MeasureImport.objects.get()
    assert (done.status, done.changed, done.unchanged, done.errors) == (MeasureImportStatus.DONE, 0, 5, [])
    assert "Inga ändringar" in page
    assert MeasureUpdate.objects.count() == 0
    assert {key: state(m) for key, m in world.items() if isinstance(m, Measure)} == before


def test_xlsx_round_trip_previews_then_writes_a_report_per_changed_row(coordinator_client, world):
    sheet_book = workbook_of(coordinator_client.get(XLSX_URL))
    sheet = sheet_book.active
    for row in sheet.iter_rows(min_row=3):
        if row[0].value == "egen":
            row[4].value, row[5].value, row[8].value = "Försenad", 45, "Fler poliser behövs i höst."
        if row[0].value == "annan":
            row[8].value = "Upphandlingen är klar."  # only a text: a report with the same status
    out = io.BytesIO()
    sheet_book.save(out)

    response = upload(coordinator_client, out.getvalue(), name="atgarder.xlsx")
    preview = MeasureImport.objects.get()
    page = coordinator_client.get(response["Location"]).content.decode()

    assert (preview.status, preview.changed, preview.unchanged) == (MeasureImportStatus.PREVIEW, 2, 3)
    assert "Pågår → <strong>Försenad</strong>" in page
    assert "40 % → <strong>45 %</strong>" in page
    assert "Upphandlingen är klar." in page
    assert MeasureUpdate.objects.count() == 0  # nothing yet

    response = coordinator_client.post(
        f"{LOG_URL}{preview.pk}/bekrafta/", {"submission": str(uuid.uuid4())}, follow=True
    )

    assert "2 lägesrapporter är sparade" in response.content.decode()
    preview.refresh_from_db()
    assert preview.status == MeasureImportStatus.DONE and preview.applied_at is not None
    own, other = world["own"], world["other"]
    assert state(own)[:2] == (MeasureStatus.DELAYED, 45)
    assert state(other)[:2] == (MeasureStatus.PLANNED, 0)
    update = own.updates.get()
    assert (update.text, update.review, update.author) == (
        "Fler poliser behövs i höst.",
        Review.APPROVED,
        coordinator_client.user,
    )
    assert own.history.first().history_user == coordinator_client.user
    assert other.updates.get().text == "Upphandlingen är klar."
    assert {row["update"] for row in preview.rows} == set(MeasureUpdate.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("variant", "encoding", "delimiter"),
    [("comma", "utf-8", ","), ("no-bom", "utf-8", ";"), ("windows-1252", "cp1252", ";")],
)
def test_csv_as_excel_writes_it_is_read(coordinator_client, world, variant, encoding, delimiter):
    rows = exported(coordinator_client, egen={"progress": "55,0", "text": "Åtta kvällar i maj."})

    response = upload(coordinator_client, to_csv(rows, delimiter=delimiter, encoding=encoding))

    preview = MeasureImport.objects.get()
    assert response.status_code == 302
    assert (preview.status, preview.changed, preview.errors) == (MeasureImportStatus.PREVIEW, 1, [])
    assert preview.rows[0]["progress"] == 55 and preview.rows[0]["text"] == "Åtta kvällar i maj."


BAD_ROWS = {
    "unknown id": ({"egen": {"slug": "finns-inte"}}, "Det finns ingen åtgärd med id ”finns-inte”"),
    "not a status": ({"egen": {"status": "Klar"}}, "”Klar” är ingen status. Välj en av: Planerad, Pågår"),
    "move not allowed": (
        {"klar": {"status": "Pågår", "text": "Vi börjar om."}},
        "Det går inte att ändra status från ”Genomförd” till ”Pågår”",
    ),
    "progress above 100": ({"egen": {"progress": "101"}}, "heltal från 0 till 100, inte ”101”"),
    "progress not whole": ({"egen": {"progress": "40,5"}}, "heltal från 0 till 100, inte ”40,5”"),
    "progress text": ({"egen": {"progress": "mycket"}}, "heltal från 0 till 100, inte ”mycket”"),
    "no text": ({"egen": {"progress": "50"}}, "skriv vad som har hänt i kolumnen ”Ny lägesrapport (text)”"),
    "plan not running": (
        {"utkast": {"text": "Kamerorna är beställda."}},
        "hör till en plan med status ”Utkast”",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_one_bad_row_refuses_the_whole_file_and_names_the_line(coordinator_client, world, case):
    changes, reason = BAD_ROWS[case]
    rows = exported(coordinator_client, annan={"status": "Pågår", "progress": "10", "text": "Start."})
    slugs = [r[0] for r in rows]
    for slug, fields in changes.items():
        line = slugs.index(slug)
        if "slug" in fields:
            rows[line][0] = fields.pop("slug")
        rows[line] = exported_cells(rows[1], rows[line], fields)
    before = {key: state(m) for key, m in world.items() if isinstance(m, Measure)}

    refused = imported(coordinator_client, rows)
    page = coordinator_client.get(f"{LOG_URL}{refused.pk}/").content.decode()

    assert refused.status == MeasureImportStatus.REFUSED
    assert [e["line"] for e in refused.errors] == [slugs.index(next(iter(changes))) + 1]
    assert reason in refused.errors[0]["reason"]
    assert reason.split("”")[0] in page and "Inget har sparats" in page
    assert MeasureUpdate.objects.count() == 0
    assert {key: state(m) for key, m in world.items() if isinstance(m, Measure)} == before


def exported_cells(header, row, fields):
    names = {"status": "Status", "progress": "Procent klart", "text": "Ny lägesrapport (text)"}
    row = list(row)
    for field, value in fields.items():
        row[header.index(names[field])] = value
    return row


def test_a_repeated_row_is_refused_with_both_lines(coordinator_client, world):
    rows = exported(coordinator_client)
    rows.append(list(rows[3]))

    refused = imported(coordinator_client, rows)

    assert refused.status == MeasureImportStatus.REFUSED
    assert refused.errors == [
        {
            "line": len(rows),
            "reason": f"Id ”{rows[3][0]}” står redan på rad 4. Varje åtgärd får bara stå på en rad.",
        }
    ]


def test_partner_cannot_touch_another_actors_measure(police_partner_client, world):
    rows = exported(police_partner_client, egen={"progress": "50", "text": "Tio kvällar."})
    rows.append(["annan", "", "", "", "Pågår", "5", "", "", "Vi tar över."])
    rows.append(["intern", "", "", "", "Pågår", "5", "", "", "Och den här."])

    refused = imported(police_partner_client, rows)

    reasons = [e["reason"] for e in refused.errors]
    assert refused.status == MeasureImportStatus.REFUSED
    assert reasons == [
        "Du får inte skriva lägesrapporter för ”Brandskydd i skolan” (ansvarig aktör: Räddningstjänsten).",
        "Det finns ingen åtgärd med id ”intern” som du kan se. Ändra inte kolumnen ”Id”.",  # not visible
    ]
    assert MeasureUpdate.objects.count() == 0


def test_partners_reports_wait_for_approval(police_partner_client, world):
    rows = exported(police_partner_client, egen={"status": "Försenad", "progress": "45", "text": "Vänta."})
    preview = imported(police_partner_client, rows)
    page = police_partner_client.get(f"{LOG_URL}{preview.pk}/").content.decode()
    assert preview.rows[0]["needs_approval"] is True
    assert "Väntar på granskning av en samordnare" in page

    police_partner_client.post(f"{LOG_URL}{preview.pk}/bekrafta/", {"submission": str(uuid.uuid4())})

    update = MeasureUpdate.objects.get()
    assert update.review == Review.WAITING and not update.is_approved
    assert state(world["own"])[:2] == (MeasureStatus.ONGOING, 40)  # until a coordinator approves


# --- Confirm once, stale previews, cancel --------------------------------------------------------------


def test_confirm_sent_twice_applies_once(coordinator_client, world):
    preview = imported(
        coordinator_client, exported(coordinator_client, egen={"progress": "60", "text": "Mer."})
    )
    token = str(uuid.uuid4())
    url = f"{LOG_URL}{preview.pk}/bekrafta/"

    first = coordinator_client.post(url, {"submission": token})
    again = coordinator_client.post(url, {"submission": token}, follow=True)  # Back and resend
    other_tab = coordinator_client.post(url, {"submission": str(uuid.uuid4())}, follow=True)

    assert first.status_code == 302
    assert "Importen hade redan bekräftats" in again.content.decode()
    assert "Importen väntar inte längre på bekräftelse (genomförd)" in other_tab.content.decode()
    assert MeasureUpdate.objects.count() == 1
    assert state(world["own"])[1] == 60
    with pytest.raises(bulk.ImportNotWaiting):
        bulk.confirm_import(measure_import=preview, by=coordinator_client.user)


def test_a_preview_whose_measure_changed_is_refused_at_confirm(coordinator_client, world):
    preview = imported(
        coordinator_client,
        exported(
            coordinator_client,
            egen={"progress": "60", "text": "Mer."},
            annan={"status": "Pågår", "text": "Start."},
        ),
    )
    own = world["own"]
    own.refresh_from_db()
    own.title = "Polisen i centrum och i Ryd"
    own.save()  # someone else's edit in between

    response = coordinator_client.post(
        f"{LOG_URL}{preview.pk}/bekrafta/", {"submission": str(uuid.uuid4())}, follow=True
    )

    preview.refresh_from_db()
    html = response.content.decode()
    assert preview.status == MeasureImportStatus.REFUSED
    assert [e["line"] for e in preview.errors] == [
        row["line"] for row in preview.rows if row["slug"] == "egen"
    ]
    assert "har ändrats sedan förhandsgranskningen" in html
    assert MeasureUpdate.objects.count() == 0
    assert state(world["other"])[:2] == (MeasureStatus.PLANNED, 0)


def test_cancel_changes_nothing_and_cannot_be_confirmed_after(coordinator_client, world):
    preview = imported(
        coordinator_client, exported(coordinator_client, egen={"progress": "60", "text": "Mer."})
    )

    coordinator_client.post(f"{LOG_URL}{preview.pk}/avbryt/")
    coordinator_client.post(f"{LOG_URL}{preview.pk}/bekrafta/", {"submission": str(uuid.uuid4())})

    preview.refresh_from_db()
    assert preview.status == MeasureImportStatus.CANCELLED
    assert MeasureUpdate.objects.count() == 0


def test_the_same_upload_sent_twice_makes_one_import(coordinator_client, world):
    token = uuid.uuid4()
    content = to_csv(exported(coordinator_client, egen={"progress": "60", "text": "Mer."}))

    upload(coordinator_client, content, token=token)
    again = upload(coordinator_client, content, token=token)

    assert MeasureImport.objects.count() == 1
    assert again["Location"] == f"{LOG_URL}{MeasureImport.objects.get().pk}/"


# --- The upload form -----------------------------------------------------------------------------------


def test_other_file_types_are_refused_with_a_clear_message(coordinator_client, world):
    response = upload(coordinator_client, b"%PDF-1.7", name="atgarder.pdf")

    assert response.status_code == 200
    assert "är varken en Excel-fil (.xlsx) eller en CSV-fil" in response.content.decode()
    assert MeasureImport.objects.count() == 0


def test_old_excel_format_is_refused_and_logged(coordinator_client, world):
    refused = imported(coordinator_client, b"\xd0\xcf\x11\xe0" + b"\x00" * 100, name="atgarder.xlsx")
    assert refused.status == MeasureImportStatus.REFUSED
    assert "gamla format (.xls)" in refused.errors[0]["reason"]


def test_a_file_over_the_limit_is_refused(coordinator_client, world, monkeypatch):
    monkeypatch.setattr(bulk_forms, "MAX_IMPORT_MB", 0)

    response = upload(coordinator_client, to_csv(exported(coordinator_client)))

    assert "Filen är större än 0 MB" in response.content.decode()
    assert MeasureImport.objects.count() == 0


def test_a_file_without_the_heading_row_is_refused(coordinator_client, world):
    refused = imported(coordinator_client, to_csv([["egen", "Pågår", "40"]]))
    assert "saknar rubrikraden med kolumnen ”Id”" in refused.errors[0]["reason"]


# --- The log and the permissions -----------------------------------------------------------------------


def test_log_lists_imports_coordinators_all_partners_their_own(
    coordinator_client, coordinator, police_partner, world
):
    mine = MeasureImport.objects.create(created_by=coordinator, file_name="samordnarens.csv", changed=3)
    theirs = MeasureImport.objects.create(
        created_by=police_partner, file_name="polisens.xlsx", status=MeasureImportStatus.REFUSED
    )

    response = coordinator_client.get(LOG_URL)

    assert list(response.context["imports"]) == [theirs, mine]
    assert (
        "polisens.xlsx" in response.content.decode() and "Stoppad: fel i filen" in response.content.decode()
    )
    assert set(bulk.imports_visible_to(police_partner)) == {theirs}
    assert set(bulk.imports_visible_to(AnonymousUser())) == set()


@pytest.mark.parametrize("count", [1, 5])
def test_log_query_count_is_constant(coordinator_client, coordinator, count, django_assert_num_queries):
    for n in range(count):
        MeasureImport.objects.create(created_by=coordinator, file_name=f"fil-{n}.csv", rows=[{"line": 3}])

    coordinator_client.get(LOG_URL)  # the municipality's settings are made and cached on the first page

    with django_assert_num_queries(9):
        response = coordinator_client.get(LOG_URL)

    assert response.status_code == 200
    assert len(response.context["imports"]) == count


@pytest.mark.parametrize("page", [CSV_URL, XLSX_URL, "preview"])
def test_export_and_preview_query_counts_do_not_grow(coordinator_client, coordinator, page):
    counts = []
    for n in (1, 5):
        plan = running_plan()
        measures = [public_measure(plan=plan) for _i in range(n)]
        rows = [
            {"line": i, "measure": m.pk, "title": m.title, "status_before": "ongoing", "status": "done"}
            for i, m in enumerate(measures)
        ]
        for row in rows:
            row.update(progress_before=10, progress=100, text="Klart.", needs_approval=False)
        preview = MeasureImport.objects.create(
            created_by=coordinator, file_name="a.csv", rows=rows, changed=n
        )
        url = f"{LOG_URL}{preview.pk}/" if page == "preview" else f"{page}?plan={plan.pk}"
        coordinator_client.get(url)  # the municipality's settings are cached on the first page
        with CaptureQueriesContext(connection) as queries:
            assert coordinator_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# persona: (export, import page and log, own import's page)
MATRIX = {
    "client": (302, 302, 302),
    "coordinator_client": (200, 200, 200),
    "police_partner_client": (200, 200, 200),
    "other_partner_client": (200, 200, 200),
    "board_client": (200, 403, 403),
    "admin_client": (403, 403, 403),
    "no_role_client": (403, 403, 403),
}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_permission_matrix(persona, request, world, coordinator, police_partner):
    name = request.node.callspec.params["persona"]
    export, importing, own_import = MATRIX[name]
    user = getattr(persona, "user", None)
    coordinators = MeasureImport.objects.create(created_by=coordinator, file_name="a.csv", rows=[])
    police = MeasureImport.objects.create(created_by=police_partner, file_name="b.csv", rows=[])
    own = MeasureImport.objects.create(created_by=user, file_name="c.csv", rows=[]) if user else None

    assert persona.get(CSV_URL).status_code == export
    assert persona.get(XLSX_URL).status_code == export
    assert persona.get(IMPORT_URL).status_code == importing
    assert persona.get(LOG_URL).status_code == importing
    if own is not None:
        assert persona.get(f"{LOG_URL}{own.pk}/").status_code == own_import
    for other in (coordinators, police):
        response = persona.get(f"{LOG_URL}{other.pk}/")
        if name == "client":
            assert response.status_code == 302 and "/konto/" in response["Location"]
        elif importing != 200:
            assert response.status_code == 403
        elif other.created_by == user or name == "coordinator_client":
            assert response.status_code == 200
        else:
            assert response.status_code == 404  # another partner's import is not there for them
        allowed = user is not None and user.has_perm("cycles.view_measureimport", other)
        assert allowed is ((other.created_by == user and importing == 200) or name == "coordinator_client")


# Who may confirm a partner's preview: only that partner (others 403, or 404 when they cannot see it).
CONFIRM_STATUS = {
    "client": 302,  # to the sign-in page
    "coordinator_client": 403,
    "police_partner_client": 302,  # done, to the import's page
    "other_partner_client": 404,
    "board_client": 403,
    "admin_client": 403,
    "no_role_client": 403,
}


@pytest.mark.parametrize("persona", ALL_PERSONAS, indirect=True)
def test_only_the_uploader_confirms(persona, request, world, police_partner):
    name = request.node.callspec.params["persona"]
    rows = [{"line": 3, "measure": world["own"].pk, "slug": "egen", "title": "Polisen i centrum"}]
    rows[0].update(version=0, status_before="ongoing", status="ongoing", progress_before=40, progress=50)
    rows[0].update(text="Mer.", needs_approval=True)
    preview = MeasureImport.objects.create(created_by=police_partner, file_name="b.csv", rows=rows, changed=1)

    response = persona.post(f"{LOG_URL}{preview.pk}/bekrafta/", {"submission": str(uuid.uuid4())})

    preview.refresh_from_db()
    assert response.status_code == CONFIRM_STATUS[name]
    assert (preview.status == MeasureImportStatus.DONE) is (name == "police_partner_client")
