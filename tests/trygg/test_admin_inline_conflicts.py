"""Rows of an admin inline carry their own version: a child a colleague changed or deleted after the
parent's page was opened is not overwritten (or deleted) when the parent is saved. Every inline of a
versioned model in the admin registry is covered, so a new inline is tested without a new test."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models

from tests.actors.factories import ActorFactory
from tests.lagesbild.factories import IndicatorFactory
from tests.trygg.admin_pages import FACTORIES, post_data
from trygg.concurrency import CONFLICT_MESSAGE, VersionedModel
from trygg.roles import Role, set_roles

# Every (parent admin, inline) pair whose rows are versioned models.
VERSIONED_INLINES = sorted(
    (
        (model, inline)
        for model, model_admin in admin.site._registry.items()
        for inline in model_admin.inlines
        if issubclass(inline.model, VersionedModel)
    ),
    key=lambda pair: (pair[0]._meta.label, pair[1].__name__),
)
COLLEAGUE_TEXT = "Ändrat av kollega"


def _ids(pair) -> str:
    return f"{pair[0]._meta.label}-{pair[1].model._meta.label}"


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "ett-langt-losenord-2026")
    set_roles(user, [Role.COORDINATOR, Role.ADMINISTRATOR])
    client.force_login(user)
    return client


def _child(model, fk_name: str, parent):
    """A row of `model` belonging to `parent`."""
    if model._meta.label == "cycles.FollowUpCommitment":
        return model.objects.create(**{fk_name: parent}, actor=ActorFactory())
    if model._meta.label == "cycles.MeasureIndicator":
        return model.objects.create(**{fk_name: parent}, indicator=IndicatorFactory(), baseline=Decimal(5))
    if model._meta.label == "actors.Decision":
        return FACTORIES[model](**{fk_name: parent}, forum=parent.forum)
    return FACTORIES[model](**{fk_name: parent})


def _colleague_change(child, shown_fields) -> tuple[str, object]:
    """Change a field the inline shows (text, number or date) as a colleague would elsewhere; return the
    field and its new value."""
    for name in shown_fields:
        field = child._meta.get_field(name)
        if type(field) in (models.CharField, models.TextField) and not field.choices:
            value = COLLEAGUE_TEXT[: field.max_length or None]
        elif isinstance(field, models.DecimalField):
            value = Decimal(42)
        elif type(field) is models.DateField:
            value = (getattr(child, name) or datetime.date(2026, 1, 2)) - datetime.timedelta(days=1)
        else:
            continue
        setattr(child, name, value)
        child.save()
        return name, value
    raise AssertionError(f"{type(child).__name__}: no text or number among {shown_fields}")


def _open_parent(client, parent_model, inline, child):
    """Open the parent's change page; return its URL, the form data and the child's row prefix."""
    parent = getattr(child, _fk(parent_model, inline).name)
    url = f"/admin/{parent_model._meta.app_label}/{parent_model._meta.model_name}/{parent.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    formset = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is inline.model
    )
    index = next(i for i, form in enumerate(formset.forms) if form.instance.pk == child.pk)
    data = post_data(page.content.decode(), f"{parent_model._meta.model_name}_form")
    prefix = f"{formset.prefix}-{index}"
    assert data.get(f"{prefix}-loaded_version") == [str(child.version)], "the row carries its version"
    fields = [name for name in formset.forms[index].fields if name in {f.name for f in child._meta.fields}]
    return url, data, prefix, fields


def _fk(parent_model, inline):
    return next(
        f
        for f in inline.model._meta.fields
        if isinstance(f, models.ForeignKey) and f.remote_field.model is parent_model
    )


def _setup(parent_model, inline):
    parent = FACTORIES[parent_model]()
    return _child(inline.model, _fk(parent_model, inline).name, parent)


def test_the_versioned_inlines_are_found():
    labels = {(p._meta.label, i.model._meta.label) for p, i in VERSIONED_INLINES}
    assert {
        ("actors.Actor", "actors.Contact"),
        ("actors.Actor", "actors.ResourceInventory"),
        ("actors.Meeting", "actors.Decision"),
        ("actors.Forum", "actors.Membership"),
        ("lagesbild.Area", "lagesbild.Place"),
        ("cycles.Cycle", "cycles.ChecklistItem"),
        ("cycles.Measure", "cycles.MeasureIndicator"),
        ("cycles.FollowUp", "cycles.FollowUpCommitment"),
    } <= labels


@pytest.mark.django_db
@pytest.mark.parametrize("pair", VERSIONED_INLINES, ids=_ids)
def test_saving_the_page_unchanged_works(editor_client, pair):
    parent_model, inline = pair
    child = _setup(parent_model, inline)
    url, data, _prefix, _fields = _open_parent(editor_client, parent_model, inline, child)

    response = editor_client.post(url, data)

    assert response.status_code == 302, _errors(response)


@pytest.mark.django_db
@pytest.mark.parametrize("pair", VERSIONED_INLINES, ids=_ids)
def test_a_stale_inline_row_is_refused_and_the_colleagues_data_kept(editor_client, pair):
    parent_model, inline = pair
    child = _setup(parent_model, inline)
    url, data, _prefix, fields = _open_parent(editor_client, parent_model, inline, child)
    parent_version = getattr(child, _fk(parent_model, inline).name).version

    name, value = _colleague_change(inline.model.objects.get(pk=child.pk), fields)
    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    stored = inline.model.objects.get(pk=child.pk)
    assert getattr(stored, name) == value
    assert stored.version == child.version + 1  # only the colleague's save
    assert parent_model.objects.get(pk=_fk_value(child, parent_model, inline)).version == parent_version


@pytest.mark.django_db
@pytest.mark.parametrize("pair", VERSIONED_INLINES, ids=_ids)
def test_deleting_a_stale_inline_row_is_refused(editor_client, pair):
    parent_model, inline = pair
    child = _setup(parent_model, inline)
    url, data, prefix, fields = _open_parent(editor_client, parent_model, inline, child)

    name, value = _colleague_change(inline.model.objects.get(pk=child.pk), fields)
    response = editor_client.post(url, {**data, f"{prefix}-DELETE": ["on"]})

    assert response.status_code == 200
    assert str(CONFLICT_MESSAGE) in response.content.decode()
    assert getattr(inline.model.objects.get(pk=child.pk), name) == value


@pytest.mark.django_db
def test_a_row_changed_only_where_the_page_does_not_show_it_is_left_alone(editor_client):
    from_actor = next(pair for pair in VERSIONED_INLINES if pair[1].model._meta.label == "actors.Contact")
    parent_model, inline = from_actor
    child = _setup(parent_model, inline)
    url, data, _prefix, _fields = _open_parent(editor_client, parent_model, inline, child)

    colleague = inline.model.objects.get(pk=child.pk)
    colleague.user = get_user_model().objects.create_user("kollega")
    colleague.save()
    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert inline.model.objects.get(pk=child.pk).user.username == "kollega"


def _fk_value(child, parent_model, inline):
    return getattr(child, _fk(parent_model, inline).attname)


def _errors(response) -> list:
    """The form's and the inlines' errors on a page shown again."""
    found = [response.context["adminform"].form.errors]
    for inline_formset in response.context["inline_admin_formsets"]:
        found += [inline_formset.formset.errors, inline_formset.formset.non_form_errors()]
    return found
