"""An import is previewed before anything changes: the coordinator sees what is new, what changes (old →
new), what the file leaves empty and what it skips, and confirms or cancels. The confirmation writes
exactly what was shown, once; the commands show the same preview with --dry-run."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from lagesbild.models import ImportRun, ImportStatus, IndicatorSource, IndicatorValue
from lagesbild.services.statistics import import_bra_file, import_kolada_document
from tests.lagesbild import bra_files
from tests.lagesbild.factories import IndicatorFactory

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db

BRA = (DATA / "bra_2024.csv").read_bytes()  # six municipalities; Tingsryd 312 and 2 525,3


@pytest.fixture
def bra():
    return IndicatorFactory(source=IndicatorSource.BRA, external_id="anmalda-brott", name="Anmälda brott")


@pytest.fixture
def kolada():
    return IndicatorFactory(source=IndicatorSource.KOLADA, external_id="N07403", name="Våldsbrott")


def kolada_answer(values: dict[tuple[str, int], float | None]) -> bytes:
    """A whole Kolada v3 answer for N07403: (area id, year) → value (None is Kolada's null)."""
    return json.dumps(
        {
            "values": [
                {
                    "kpi": "N07403",
                    "municipality": code,
                    "period": year,
                    "values": [{"gender": "T", "count": 1, "status": "", "value": value}],
                }
                for (code, year), value in values.items()
            ]
        }
    ).encode()


def upload_bra(client, indicator, data=BRA, name="bra_2024.csv"):
    return client.post(
        "/arbete/statistik/importera/",
        {"kind": "bra", "indicator": indicator.pk, "year": 2024, "file": SimpleUploadedFile(name, data)},
    )


def fingerprint_on(client, url):
    return client.get(url).context["confirm_form"].initial["fingerprint"]


def test_an_upload_shows_a_preview_and_changes_nothing(coordinator_client, bra):
    response = upload_bra(coordinator_client, bra)
    run = ImportRun.objects.get()
    assert response["Location"] == f"/arbete/statistik/importer/{run.pk}/"
    assert run.status == ImportStatus.PREVIEW and run.get_status_display() == "Väntar på bekräftelse"
    assert not IndicatorValue.objects.exists()
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Kontrollera importen innan den sparas" in page and "Inget är sparat ännu." in page
    assert "Uppladdad av" in page and "Importerad av" not in page  # nothing is imported yet
    assert "Nya värden (6)" in page
    assert "Tingsryd" in page and "2\xa0525,30" in page
    assert "Spara 6 nya och 0 ändrade värden" in page and "Avbryt importen" in page
    # The log says it waits.
    assert "Väntar på bekräftelse" in coordinator_client.get("/arbete/statistik/").content.decode()


def test_confirming_writes_exactly_once(coordinator_client, bra):
    url = upload_bra(coordinator_client, bra)["Location"]
    fingerprint = fingerprint_on(coordinator_client, url)
    form = {"fingerprint": fingerprint, "action": "bekrafta"}
    response = coordinator_client.post(f"{url}bekrafta/", form, follow=True)
    assert "Importen är klar: 6 nya, 0 ändrade och 0 borttagna värden." in response.content.decode()
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.OK and run.payload is None
    assert IndicatorValue.objects.count() == 6
    # The same form sent again (a double click, Back and resend) imports nothing more.
    response = coordinator_client.post(f"{url}bekrafta/", form, follow=True)
    assert "väntar inte längre på bekräftelse" in response.content.decode()
    assert IndicatorValue.objects.count() == 6 and ImportRun.objects.count() == 1


def test_cancelling_keeps_nothing(coordinator_client, bra):
    url = upload_bra(coordinator_client, bra)["Location"]
    response = coordinator_client.post(f"{url}bekrafta/", {"action": "avbryt"}, follow=True)
    assert "Importen är avbruten. Inget har ändrats." in response.content.decode()
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.CANCELLED and run.payload is None
    assert not IndicatorValue.objects.exists()
    # A cancelled import cannot be confirmed afterwards.
    coordinator_client.post(f"{url}bekrafta/", {"fingerprint": "x", "action": "bekrafta"})
    assert not IndicatorValue.objects.exists()


def test_changed_values_are_shown_old_and_new(coordinator_client, bra):
    import_bra_file(indicator=bra, data=BRA, year=2024)
    newer = BRA.replace(b"Tingsryd;312;2 525,3", b"Tingsryd;318;2 574,0")
    url = upload_bra(coordinator_client, bra, newer)["Location"]
    page = coordinator_client.get(url).content.decode()
    assert "Värden som ändras (1)" in page and "Oförändrade värden" in page
    assert "2\xa0525,30" in page and "2\xa0574,00" in page
    assert "Spara 0 nya och 1 ändrade värden" in page
    coordinator_client.post(f"{url}bekrafta/", {"fingerprint": fingerprint_on(coordinator_client, url)})
    tingsryd = IndicatorValue.objects.get(indicator=bra, area_code="0763")
    assert (tingsryd.value, tingsryd.count) == (Decimal("2574.00"), 318)
    run = ImportRun.objects.latest("pk")
    assert (run.rows_created, run.rows_updated, run.rows_unchanged) == (0, 1, 5)


def test_a_confirmation_after_the_stored_values_moved_writes_nothing_and_shows_the_new_preview(
    coordinator_client, bra
):
    url = upload_bra(coordinator_client, bra)["Location"]
    fingerprint = fingerprint_on(coordinator_client, url)
    # Meanwhile someone imports another version of the same figures.
    other = BRA.replace(b"Tingsryd;312;2 525,3", b"Tingsryd;1;1,0")
    import_bra_file(indicator=bra, data=other, year=2024)
    response = coordinator_client.post(f"{url}bekrafta/", {"fingerprint": fingerprint}, follow=True)
    page = response.content.decode()
    assert "De sparade siffrorna har ändrats sedan förhandsvisningen" in page
    assert "Värden som ändras (1)" in page  # the preview as it is now
    assert IndicatorValue.objects.get(indicator=bra, area_code="0763").value == Decimal("1.00")
    assert ImportRun.objects.get(pk=response.context["run"].pk).status == ImportStatus.PREVIEW
    # Confirmed again, against what is stored now, it goes through.
    coordinator_client.post(f"{url}bekrafta/", {"fingerprint": fingerprint_on(coordinator_client, url)})
    assert IndicatorValue.objects.get(indicator=bra, area_code="0763").value == Decimal("2525.30")


def test_a_figure_the_source_now_leaves_empty_is_kept_unless_the_coordinator_removes_it(
    coordinator_client, kolada
):
    import_kolada_document(
        indicator=kolada, data=kolada_answer({("0763", 2023): 1190.4, ("0763", 2024): 1130.9})
    )
    answer = kolada_answer({("0763", 2023): 1190.4, ("0763", 2024): None})
    post = {"kind": "kolada-fil", "indicator": kolada.pk, "file": SimpleUploadedFile("k.json", answer)}
    url = coordinator_client.post("/arbete/statistik/importera/", post)["Location"]
    page = coordinator_client.get(url).content.decode()
    assert "Sparade värden som saknas i filen (1)" in page
    assert "Ta bort de sparade värden som saknas i filen (1 st.). Annars behålls de." in page
    coordinator_client.post(f"{url}bekrafta/", {"fingerprint": fingerprint_on(coordinator_client, url)})
    kept = IndicatorValue.objects.get(indicator=kolada, year=2024)
    assert kept.value == Decimal("1130.90")
    run = ImportRun.objects.latest("pk")
    assert run.rows_removed == 0 and "det sparade värdet behålls" in run.skipped[0]["reason"]
    # The next time, the coordinator chooses to empty it.
    post["file"] = SimpleUploadedFile("k.json", answer)
    url = coordinator_client.post("/arbete/statistik/importera/", post)["Location"]
    fields = {"fingerprint": fingerprint_on(coordinator_client, url), "remove_missing": "on"}
    coordinator_client.post(f"{url}bekrafta/", fields)
    assert IndicatorValue.objects.get(indicator=kolada, year=2024).value is None
    assert ImportRun.objects.latest("pk").rows_removed == 1


def test_the_whole_preview_downloads_as_csv(coordinator_client, bra):
    url = upload_bra(coordinator_client, bra)["Location"]
    response = coordinator_client.get(f"{url}forhandsvisning.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Rad;Område;Områdeskod;År;Kön;Ändring")
    assert "2;Tingsryd;0763;2024;Totalt;ny;;2525,30;;312" in lines
    assert len(lines) == 7


@pytest.mark.parametrize("persona", ["board_client", "police_partner_client", "no_role_client"])
def test_only_coordinators_see_or_confirm_a_preview(request, coordinator_client, bra, persona):
    url = upload_bra(coordinator_client, bra)["Location"]
    fingerprint = fingerprint_on(coordinator_client, url)
    client = request.getfixturevalue(persona)
    assert client.get(url).status_code == 403
    assert client.get(f"{url}forhandsvisning.csv").status_code == 403
    assert client.post(f"{url}bekrafta/", {"fingerprint": fingerprint}).status_code == 403
    assert not IndicatorValue.objects.exists()


def test_a_file_that_cannot_be_read_is_not_previewed(coordinator_client, bra):
    bad = BRA + b"Atlantis;1;1,0\r\n"
    response = upload_bra(coordinator_client, bra, bad)
    assert response.status_code == 200
    assert "Ingen kommun heter ”Atlantis”." in response.content.decode()
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_dry_run_commands_show_the_changes_and_write_nothing(bra, kolada, tmp_path):
    path = tmp_path / "bra.csv"
    path.write_bytes(BRA)
    out = io.StringIO()
    call_command("import_bra", file=str(path), year=2024, indicator="anmalda-brott", dry_run=True, stdout=out)
    text = out.getvalue()
    assert "rad 2: Tingsryd 2024 T: 2525.30 (ny)" in text
    assert "Förhandsvisning, inget sparat:" in text and "6 nya" in text
    saved = tmp_path / "k.json"
    saved.write_bytes(kolada_answer({("0763", 2024): 1130.9}))
    out = io.StringIO()
    call_command("import_kolada", kpi="N07403", file=str(saved), dry_run=True, stdout=out)
    assert "1 nya" in out.getvalue()
    assert not IndicatorValue.objects.exists() and not ImportRun.objects.exists()


def test_a_command_keeps_a_stored_figure_the_source_leaves_empty_unless_told(kolada, tmp_path):
    import_kolada_document(indicator=kolada, data=kolada_answer({("0763", 2024): 1130.9}))
    saved = tmp_path / "k.json"
    saved.write_bytes(kolada_answer({("0763", 2024): None}))
    call_command("import_kolada", kpi="N07403", file=str(saved), stdout=io.StringIO())
    assert IndicatorValue.objects.get().value == Decimal("1130.90")
    call_command("import_kolada", kpi="N07403", file=str(saved), remove_missing=True, stdout=io.StringIO())
    assert IndicatorValue.objects.get().value is None


def test_an_excel_file_from_bra_is_previewed_with_its_year_and_skipped_lines(coordinator_client, bra):
    data = bra_files.bra_xlsx()
    post = {"kind": "bra", "indicator": bra.pk, "file": SimpleUploadedFile("bra.xlsx", data)}
    url = coordinator_client.post("/arbete/statistik/importera/", post)["Location"]
    page = coordinator_client.get(url).content.decode()
    assert "Året 2024 är hämtat från filens rubrik." in page
    assert "Rader som inte importeras" in page and "Fotnot" in page
    run = ImportRun.objects.get()
    assert run.year == 2024
    coordinator_client.post(f"{url}bekrafta/", {"fingerprint": fingerprint_on(coordinator_client, url)})
    count, rate = bra_files.figures("0763")
    tingsryd = IndicatorValue.objects.get(indicator=bra, area_code="0763")
    assert (tingsryd.count, tingsryd.value, tingsryd.year) == (count, rate, 2024)


def test_an_ntu_workbook_with_several_sheets_asks_which_and_keeps_the_choices(coordinator_client):
    ntu = IndicatorFactory(source=IndicatorSource.NTU, external_id="ntu-otrygg", name="Otrygghet kvällstid")
    data = bra_files.ntu_xlsx(sheets=("Otrygghet kvällstid", "Oro för brott"))
    post = {"kind": "ntu-lan", "indicator": ntu.pk, "file": SimpleUploadedFile("ntu.xlsx", data)}
    response = coordinator_client.post("/arbete/statistik/importera/", post)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Arbetsboken har flera blad: ”Otrygghet kvällstid”, ”Oro för brott”. Ange vilket." in page
    assert '<option value="ntu-lan" selected>' in page
    post.update(sheet="Otrygghet kvällstid", file=SimpleUploadedFile("ntu.xlsx", data))
    url = coordinator_client.post("/arbete/statistik/importera/", post)["Location"]
    coordinator_client.post(f"{url}bekrafta/", {"fingerprint": fingerprint_on(coordinator_client, url)})
    kronoberg = IndicatorValue.objects.get(indicator=ntu, area_code="0007", year=2024, gender="K")
    assert kronoberg.area_name == "Kronobergs län" and kronoberg.value is not None
