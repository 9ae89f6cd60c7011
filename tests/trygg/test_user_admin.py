"""The administrator role manages users and their roles, but can never give anyone more than the roles
of trygg/roles.py allow: no superuser status, no single permissions, no new or changed roles."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.trygg.factories import UserFactory
from trygg.roles import Role

pytestmark = pytest.mark.django_db


def _change_form_data(client, user) -> dict:
    """What the admin's change form for `user` posts when nothing is edited."""
    form = client.get(f"/admin/auth/user/{user.pk}/change/").context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("groups", "user_permissions"):
            data[name] = [getattr(v, "pk", v) for v in value or []]
        elif name in ("last_login", "date_joined"):
            data[f"{name}_0"], data[f"{name}_1"] = (
                (value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")) if value else ("", "")
            )
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


def test_the_change_form_offers_roles_but_not_superuser_staff_or_single_permissions(admin_client):
    user = UserFactory(roles=[Role.PARTNER_EDITOR])

    form = admin_client.get(f"/admin/auth/user/{user.pk}/change/").context["adminform"].form

    assert {"is_superuser", "is_staff", "user_permissions"}.isdisjoint(form.fields)
    assert sorted(g.name for g in form.fields["groups"].queryset) == sorted(r.value for r in Role)


def test_posting_superuser_status_or_permissions_changes_nothing(admin_client):
    user = UserFactory(roles=[Role.PARTNER_EDITOR])
    data = _change_form_data(admin_client, user)
    data.update(is_superuser="on", is_staff="on", user_permissions=[1, 2, 3])

    response = admin_client.post(f"/admin/auth/user/{user.pk}/change/", data)

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.is_superuser, user.is_staff, user.user_permissions.count()) == (False, False, 0)


def test_staff_status_follows_the_roles_given_in_the_admin(admin_client):
    user = UserFactory(roles=[Role.PARTNER_EDITOR])
    data = _change_form_data(admin_client, user)
    data["groups"] = [Group.objects.get(name=Role.COORDINATOR.value).pk]

    admin_client.post(f"/admin/auth/user/{user.pk}/change/", data)

    user.refresh_from_db()
    assert user.is_staff is True
    assert list(user.groups.values_list("name", flat=True)) == [Role.COORDINATOR.value]


def test_a_superusers_account_cannot_be_changed_or_deleted_by_an_administrator(admin_client):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "ett-langt-losenord-2026")

    assert admin_client.get(f"/admin/auth/user/{root.pk}/change/").context["has_change_permission"] is False
    assert admin_client.post(f"/admin/auth/user/{root.pk}/password/", {}).status_code == 403
    assert admin_client.post(f"/admin/auth/user/{root.pk}/delete/", {"post": "yes"}).status_code == 403
    assert get_user_model().objects.filter(pk=root.pk, is_superuser=True).exists()


def test_roles_cannot_be_added_or_given_more_permissions(admin_client):
    group = Group.objects.get(name=Role.PARTNER_EDITOR.value)

    assert admin_client.get("/admin/auth/group/add/").status_code == 403
    response = admin_client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "x", "permissions": [1]})

    assert response.status_code == 403
    assert group.permissions.count() == 0


def test_a_superuser_still_sees_every_field(client):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "ett-langt-losenord-2026")
    client.force_login(root)
    user = UserFactory()

    form = client.get(f"/admin/auth/user/{user.pk}/change/").context["adminform"].form

    assert {"is_superuser", "is_staff", "user_permissions"} <= set(form.fields)
