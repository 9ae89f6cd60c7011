"""The bulk round trip in headless chromium: a coordinator goes from the measures' overview to the
import, uploads a file with a bad row (the refusal passes axe and nothing changes), then the corrected
file: the preview row by row passes axe, is confirmed with the keyboard, and the log lists it."""

import csv
import io

import pytest
from playwright.sync_api import expect

from cycles.models import MeasureStatus, MeasureUpdate
from tests.browser.axe import assert_no_axe_violations
from tests.browser.session import log_in
from tests.cycles.factories import public_measure, running_plan
from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sheet(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def test_coordinator_imports_changes_after_a_refused_file(page, live_server, tmp_path):
    UserFactory(username="sara", roles=[Role.COORDINATOR])
    plan = running_plan()
    public_measure(plan=plan, slug="belysning", title="Belysning i parken", progress=40)
    public_measure(
        plan=plan, slug="kameror", title="Kameror vid stationen", status=MeasureStatus.DONE, progress=100
    )
    header = ["Id", "Åtgärd", "Status", "Procent klart", "Ny lägesrapport (text)"]
    bad, good = tmp_path / "fel.csv", tmp_path / "ratt.csv"
    bad.write_bytes(
        sheet(
            [
                header,
                ["belysning", "", "Pågår", "140", "Nya lampor."],
                ["kameror", "", "Genomförd", "100", ""],
            ]
        )
    )
    good.write_bytes(
        sheet(
            [
                header,
                ["belysning", "", "Försenad", "45", "Lamporna kommer i maj."],
                ["kameror", "", "Genomförd", "100", ""],
            ]
        )
    )

    log_in(page, live_server, "sara")
    page.get_by_role("navigation", name="Arbetsytans meny").get_by_role("link", name="Åtgärder").click()
    page.locator("#innehall").get_by_role("link", name="Importera ändringar").click()
    expect(page.get_by_role("heading", name="Importera ändringar", level=1)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Fil med ändringar").set_input_files(str(bad))
    page.get_by_role("button", name="Visa ändringarna").click()
    expect(page.get_by_role("heading", name="Inget har sparats")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Procent klart ska vara ett heltal från 0 till 100, inte ”140”.")
    ).to_be_visible()
    assert not MeasureUpdate.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Ladda upp en rättad fil").click()
    page.get_by_label("Fil med ändringar").set_input_files(str(good))
    page.get_by_role("button", name="Visa ändringarna").click()
    expect(page.get_by_role("heading", name="Kontrollera ändringarna innan de sparas")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Belysning i parken")).to_be_visible()
    expect(page.get_by_role("cell", name="Pågår → Försenad")).to_be_visible()
    assert not MeasureUpdate.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Spara 1 lägesrapport").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Importen är genomförd: 1 lägesrapporter är sparade.")).to_be_visible()
    assert MeasureUpdate.objects.get().text == "Lamporna kommer i maj."
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Alla importer").click()
    expect(page.get_by_role("cell", name="Genomförd")).to_be_visible()
    expect(page.get_by_role("cell", name="Stoppad: fel i filen")).to_be_visible()
    assert_no_axe_violations(page)
