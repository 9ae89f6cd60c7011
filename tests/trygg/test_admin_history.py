"""Every model's history is visible to staff in the admin (django-simple-history), for each app."""

import io

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command

from trygg.admin import HistoryAdmin


def test_every_model_with_history_uses_the_history_admin():
    """A SimpleHistoryAdmin without our fix breaks the history page of models without foreign keys."""
    with_history = sorted(m._meta.label for m in admin.site._registry if hasattr(m, "history"))
    with_history_admin = sorted(
        m._meta.label
        for m, model_admin in admin.site._registry.items()
        if isinstance(model_admin, HistoryAdmin)
    )
    assert with_history == with_history_admin


@pytest.mark.django_db
def test_history_page_opens_for_every_model_with_demo_data(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "ett-bra-losenord-2026")
    client.force_login(superuser)

    opened = []
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, HistoryAdmin):
            continue
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/history/"
        assert client.get(url).status_code == 200, url
        opened.append(model._meta.label)

    assert len(opened) >= 15


@pytest.mark.django_db
def test_history_and_lockout_screens_are_in_swedish(coordinator_client, admin_client):
    from tests.actors.factories import ActorFactory

    actor = ActorFactory(name="Tingsryds IF")
    actor.contribution = "Nattvandringar"
    actor.save()

    history = coordinator_client.get(f"/admin/actors/actor/{actor.pk}/history/").content.decode()
    attempts = admin_client.get("/admin/axes/accessattempt/").content.decode()

    assert "Ändringshistorik: Tingsryds IF" in history or "Historik: Tingsryds IF" in history
    assert "history" not in history.lower().split("<title>")[1].split("</title>")[0]
    assert "Datum och tid" in history and "Ändrad av" in history
    assert "inloggningsförsök" in attempts.lower() and "access attempt" not in attempts.lower()
