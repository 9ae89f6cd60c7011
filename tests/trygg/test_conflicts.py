"""Two people editing the same object never silently overwrite each other: every versioned model's
change page in the admin, and the workspace's contact and dialogue forms, refuse a stale save with the
Swedish conflict message and keep the newer data."""

import importlib
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from trygg.concurrency import CONFLICT_MESSAGE, VersionedModel
from trygg.roles import Role, set_roles

OWN_APPS = ("trygg", "actors", "lagesbild", "cycles")
FACTORY_MODULES = [
    "tests.factories",
    "tests.actors.factories",
    "tests.lagesbild.factories",
    "tests.cycles.factories",
]
# Shown read-only in the admin (partners' lägesrapporter are approved, never edited, there).
READ_ONLY_IN_ADMIN = {"cycles.MeasureUpdate"}


def _factories() -> dict:
    found = {}
    for name in FACTORY_MODULES:
        for value in vars(importlib.import_module(name)).values():
            if isinstance(value, type) and issubclass(value, DjangoModelFactory) and value._meta.model:
                found.setdefault(value._meta.model, value)
    return found


FACTORIES = _factories()
# Every versioned model of the project that has its own page in the admin.
VERSIONED = sorted(
    (
        model
        for model in apps.get_models()
        if model._meta.app_label in OWN_APPS
        and issubclass(model, VersionedModel)
        and admin.site.is_registered(model)
        and model._meta.label not in READ_ONLY_IN_ADMIN
    ),
    key=lambda m: m._meta.label,
)


class _FormData(HTMLParser):
    """What a browser would post from the page's main form, as it was rendered."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.data, self.select, self.textarea = form_id, False, [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or ("name" not in a and tag != "option"):
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file", "checkbox", "radio"):
            self.data.append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.data.append((a["name"], a.get("value", "on")))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.data.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.data.append(tuple(self.textarea))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data.removeprefix("\n")


def _post_data(html: str, form_id: str) -> dict:
    parser = _FormData(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


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
    } <= names
    without_factory = [m._meta.label for m in VERSIONED if m not in FACTORIES and not hasattr(m, "load")]
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
    obj = model.load() if hasattr(model, "load") else FACTORIES[model]()
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
    page = editor_client.get(url)
    assert page.status_code == 200
    data = _post_data(page.content.decode(), f"{model._meta.model_name}_form")
    assert data.get("loaded_version") == [str(obj.version)], "the change form carries the version it shows"

    model.objects.get(pk=obj.pk).save()  # a colleague saves first
    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert model.objects.get(pk=obj.pk).version == obj.version + 1  # only the colleague's save
