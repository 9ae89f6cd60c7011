"""A colleague may save between the admin's check of the version (clean) and its save: then the page is
shown again with the conflict message and the user's input, nothing of it is saved (the whole page is
one transaction), and there is no error page."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import F

from tests.actors.factories import ActorFactory, ContactFactory
from tests.trygg.test_conflicts import VERSIONED, existing_object, post_data
from trygg.concurrency import CONFLICT_MESSAGE
from trygg.roles import Role, set_roles


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "ett-langt-losenord-2026")
    set_roles(user, [Role.COORDINATOR, Role.ADMINISTRATOR])
    client.force_login(user)
    return client


# What a factory leaves out but the admin form requires.
COMPLETE = {"cycles.Agreement": lambda agreement: agreement.parties.add(ActorFactory())}


def _bump(model, pk) -> None:
    """A colleague's save, reduced to what matters here: the stored version moves on."""
    model._base_manager.filter(pk=pk).update(version=F("version") + 1)


def _open(client, obj):
    opts = obj._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    return url, post_data(page.content.decode(), f"{opts.model_name}_form")


@pytest.mark.django_db
@pytest.mark.parametrize("model", VERSIONED, ids=lambda m: m._meta.label)
def test_losing_the_race_in_save_model_shows_the_conflict(editor_client, monkeypatch, model):
    obj = existing_object(model)
    COMPLETE.get(model._meta.label, lambda _obj: None)(obj)
    url, data = _open(editor_client, obj)
    model_admin = admin.site._registry[model]
    save_model = model_admin.save_model

    def colleague_first(request, saved, form, change):
        _bump(model, saved.pk)
        return save_model(request, saved, form, change)

    monkeypatch.setattr(model_admin, "save_model", colleague_first)
    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert model._base_manager.get(pk=obj.pk).version == obj.version  # the colleague's bump rolled back too


@pytest.mark.django_db
def test_losing_the_race_for_an_inline_row_saves_nothing_of_the_page(editor_client, monkeypatch):
    actor = ActorFactory(name="Gamla namnet")
    contact = ContactFactory(actor=actor, name="Kim")
    url, data = _open(editor_client, actor)
    model_admin = admin.site._registry[type(actor)]
    save_related = model_admin.save_related

    def colleague_first(request, form, formsets, change):
        _bump(type(contact), contact.pk)
        return save_related(request, form, formsets, change)

    monkeypatch.setattr(model_admin, "save_related", colleague_first)
    response = editor_client.post(url, {**data, "name": ["Nya namnet"], "contacts-0-name": ["Kim Svensson"]})

    assert response.status_code == 200
    content = response.content.decode()
    assert str(CONFLICT_MESSAGE) in content
    assert "Nya namnet" in content and "Kim Svensson" in content  # the user's input is still there
    actor.refresh_from_db()
    contact.refresh_from_db()
    assert (actor.name, contact.name) == ("Gamla namnet", "Kim")


@pytest.mark.django_db
def test_losing_the_race_when_deleting_an_inline_row_keeps_it(editor_client, monkeypatch):
    actor = ActorFactory()
    contact = ContactFactory(actor=actor)
    url, data = _open(editor_client, actor)
    model_admin = admin.site._registry[type(actor)]
    save_related = model_admin.save_related

    def colleague_first(request, form, formsets, change):
        _bump(type(contact), contact.pk)
        return save_related(request, form, formsets, change)

    monkeypatch.setattr(model_admin, "save_related", colleague_first)
    response = editor_client.post(url, {**data, "contacts-0-DELETE": ["on"]})

    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert type(contact).objects.filter(pk=contact.pk).exists()
