"""Two people editing the same object never silently overwrite each other: every versioned model's
change page in the admin refuses a stale save with the Swedish conflict message and keeps the newer
data (inline rows: test_admin_inline_conflicts.py; the workspace's forms: test_conflicts_workspace.py)."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model

from tests.trygg.admin_pages import (
    FACTORIES,
    READ_ONLY_IN_ADMIN,
    SEEDED,
    VERSIONED,
    existing_object,
    post_data,
)
from trygg.concurrency import CONFLICT_MESSAGE
from trygg.roles import Role, set_roles


@pytest.fixture
def editor_client(client, db):
    """Someone who may edit everything in the admin and sees internal objects (a coordinator)."""
    user = get_user_model().objects.create_superuser("root", "root@example.org", "ett-langt-losenord-2026")
    set_roles(user, [Role.COORDINATOR, Role.ADMINISTRATOR])
    client.force_login(user)
    return client


def test_every_editable_model_is_versioned_and_has_a_factory():
    names = {m._meta.label for m in VERSIONED}
    assert {
        "actors.Actor",
        "actors.Contact",
        "actors.Forum",
        "actors.Meeting",
        "actors.Decision",
        "lagesbild.Area",
        "lagesbild.Place",
        "lagesbild.Problem",
        "lagesbild.Dialogue",
        "lagesbild.Indicator",
        "cycles.Agreement",
        "cycles.CitizenPromise",
        "cycles.Measure",
        "cycles.Step",
        "cycles.ChecklistTemplateItem",
        "cycles.MeasureLink",
        "lagesbild.IndicatorValue",
    } <= names
    without_factory = [
        m._meta.label
        for m in VERSIONED
        if m not in FACTORIES and not hasattr(m, "load") and m._meta.label not in SEEDED
    ]
    assert without_factory == []


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(READ_ONLY_IN_ADMIN))
def test_models_left_out_above_cannot_be_saved_in_the_admin(editor_client, label):
    model = apps.get_model(label)
    obj = FACTORIES[model]()
    page = editor_client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/")
    assert page.context["has_change_permission"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("model", VERSIONED, ids=lambda m: m._meta.label)
def test_a_stale_save_in_the_admin_is_refused_and_the_newer_data_kept(editor_client, model):
    obj = existing_object(model)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200
    data = post_data(page.content.decode(), f"{model._meta.model_name}_form")
    assert data.get("loaded_version") == [str(obj.version)], "the change form carries the version it shows"

    model.objects.get(pk=obj.pk).save()  # a colleague saves first
    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert model.objects.get(pk=obj.pk).version == obj.version + 1  # only the colleague's save


def test_no_admin_list_edits_objects_in_place():
    """A change list's editable columns would save without a version check: every edit goes through a
    change page instead."""
    editable = [
        model._meta.label for model, model_admin in admin.site._registry.items() if model_admin.list_editable
    ]
    assert editable == []
