"""Two people editing the same object cannot silently overwrite each other (optimistic locking)."""

import pytest

from trygg.concurrency import EditConflict
from trygg.models import MunicipalitySettings


def _settings_post(**changes):
    site = MunicipalitySettings.objects.get()
    data = {
        "municipality": site.municipality_id or "0763",
        "name": site.name,
        "programme_name": site.programme_name,
        "responsible_unit": site.responsible_unit,
        "page_owner": site.page_owner,
        "contact_name": "",
        "contact_title": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
        "purpose": "",
        "accessibility_reviewed": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_stale_copy_cannot_overwrite_a_newer_save():
    first = MunicipalitySettings.load()
    second = MunicipalitySettings.objects.get(pk=1)
    first.page_owner = "Kansliet"
    first.save()

    second.page_owner = "Webbredaktionen"
    with pytest.raises(EditConflict):
        second.save()

    assert MunicipalitySettings.objects.get().page_owner == "Kansliet"


@pytest.mark.django_db
def test_second_admin_editor_gets_conflict_message_and_keeps_input(admin_client):
    MunicipalitySettings.load()
    url = "/admin/trygg/municipalitysettings/1/change/"
    form_html = admin_client.get(url).content.decode()
    assert 'name="loaded_version"' in form_html

    first = admin_client.post(url, _settings_post(loaded_version=0, page_owner="Kansliet"))
    second = admin_client.post(url, _settings_post(loaded_version=0, page_owner="Webbredaktionen"))

    assert first.status_code == 302
    assert second.status_code == 200
    html = second.content.decode()
    assert "Någon annan har sparat ändringar här medan du redigerade" in html
    assert 'value="Webbredaktionen"' in html
    assert MunicipalitySettings.objects.get().page_owner == "Kansliet"
