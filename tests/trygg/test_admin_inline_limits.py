"""No admin inline builds an unbounded number of forms: every inline of the registry has a row limit,
and a request that claims more rows ("formset bomb", a forged TOTAL_FORMS) is refused with a Swedish
message before the forms are built, with nothing saved."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from tests.trygg.test_conflicts import FACTORIES, post_data
from trygg.admin import INLINE_MAX_ROWS, INLINE_MAX_ROWS_CEILING, InlineFormSet, InlineMixin
from trygg.roles import Role, set_roles

INLINES = sorted(
    (
        (model, inline)
        for model, model_admin in admin.site._registry.items()
        for inline in model_admin.inlines
    ),
    key=lambda pair: (pair[0]._meta.label, pair[1].__name__),
)
# Parents whose change page can be saved, with a factory to make one.
SAVED_WITH_INLINES = [pair for pair in INLINES if pair[0] in FACTORIES]
BOMB = 100_000
TOO_MANY = "Här går det att spara högst"


def _ids(pair) -> str:
    return f"{pair[0]._meta.label}-{pair[1].__name__}"


@pytest.fixture
def superuser(db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "ett-langt-losenord-2026")
    set_roles(user, [Role.COORDINATOR, Role.ADMINISTRATOR])
    return user


@pytest.fixture
def editor_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_registry_has_inlines():
    assert len(INLINES) >= 10
    assert len(SAVED_WITH_INLINES) >= 9


@pytest.mark.django_db
@pytest.mark.parametrize("pair", INLINES, ids=_ids)
def test_every_inline_has_a_row_limit(superuser, pair):
    parent_model, inline_class = pair
    assert issubclass(inline_class, InlineMixin), "use trygg.admin.TabularInline or StackedInline"
    request = RequestFactory().get("/admin/")
    request.user = superuser
    formset = inline_class(parent_model, admin.site).get_formset(request)
    assert issubclass(formset, InlineFormSet)
    assert formset.absolute_max <= INLINE_MAX_ROWS_CEILING
    assert formset.max_num <= formset.absolute_max
    assert formset.validate_max == bool(formset.max_num)


def _bomb(client, parent_model, inline_class, total: int):
    parent = FACTORIES[parent_model]()
    url = f"/admin/{parent_model._meta.app_label}/{parent_model._meta.model_name}/{parent.pk}/change/"
    page = client.get(url)
    data = post_data(page.content.decode(), f"{parent_model._meta.model_name}_form")
    formsets = [f.formset for f in page.context["inline_admin_formsets"]]
    prefix = next(f for f in formsets if f.model is inline_class.model).prefix
    rows_before = inline_class.model._default_manager.count()
    response = client.post(url, {**data, f"{prefix}-TOTAL_FORMS": [str(total)]})
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)
    return response, formset, rows_before


@pytest.mark.django_db
@pytest.mark.parametrize("pair", SAVED_WITH_INLINES, ids=_ids)
def test_a_formset_bomb_is_refused_without_building_the_forms(editor_client, pair):
    parent_model, inline_class = pair
    response, formset, rows_before = _bomb(editor_client, parent_model, inline_class, BOMB)

    assert response.status_code == 200
    assert TOO_MANY in " ".join(formset.non_form_errors())
    assert len(formset.forms) <= formset.absolute_max <= INLINE_MAX_ROWS_CEILING
    assert inline_class.model._default_manager.count() == rows_before


@pytest.mark.django_db
def test_one_row_more_than_allowed_is_refused(editor_client):
    pair = next(p for p in SAVED_WITH_INLINES if p[1].model._meta.label == "actors.Contact")
    response, formset, rows_before = _bomb(editor_client, *pair, INLINE_MAX_ROWS + 1)
    assert pair[1].model._default_manager.count() == rows_before

    assert response.status_code == 200
    assert TOO_MANY in " ".join(formset.non_form_errors())
    assert len(formset.forms) <= INLINE_MAX_ROWS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "prefix"),
    [
        ("/admin/cycles/citizenpromise/add/", "lines"),
        ("/admin/actors/meeting/add/", "decisions"),
        ("/admin/lagesbild/problem/add/", "cause_analyses"),
    ],
)
def test_a_bomb_on_an_add_page_is_refused(editor_client, url, prefix):
    page = editor_client.get(url)
    prefixes = [f.formset.prefix for f in page.context["inline_admin_formsets"]]
    assert prefix in prefixes

    response = editor_client.post(url, {f"{prefix}-TOTAL_FORMS": str(BOMB), f"{prefix}-INITIAL_FORMS": "0"})

    assert response.status_code == 200
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == prefix)
    assert TOO_MANY in " ".join(formset.non_form_errors())
    assert formset.forms == []
