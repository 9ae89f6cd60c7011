"""Sign-in, lockout, password reset, roles and who may open the workspace and the admin."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from tests.trygg.factories import UserFactory
from trygg.models import MunicipalitySettings
from trygg.roles import Role

PASSWORD = "ett-bra-losenord-2026"


@pytest.mark.django_db
def test_role_groups_exist_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    coordinator = set(Group.objects.get(name="Samordnare").permissions.values_list("codename", flat=True))
    admin = set(Group.objects.get(name="Administratör").permissions.values_list("codename", flat=True))
    board = set(Group.objects.get(name="Styrelseläsare").permissions.values_list("codename", flat=True))
    assert {r.value for r in Role} <= names
    assert "change_user" not in coordinator
    assert "change_municipalitysettings" not in coordinator
    assert {"change_user", "view_group", "change_municipalitysettings"} <= admin
    assert not {"add_group", "change_group", "delete_group"} & admin  # roles are defined in code
    assert all(code.startswith("view_") for code in board)


@pytest.mark.django_db
def test_login_with_correct_password_reaches_workspace(client):
    UserFactory(username="sara", roles=[Role.COORDINATOR])

    response = client.post("/konto/logga-in/", {"username": "sara", "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == "/arbete/"
    assert response.context["user"].username == "sara"


@pytest.mark.django_db
def test_login_with_wrong_password_explains_in_swedish_and_keeps_username(client):
    UserFactory(username="sara", roles=[Role.COORDINATOR])

    response = client.post("/konto/logga-in/", {"username": "sara", "password": "fel"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in html
    assert 'value="sara"' in html
    assert "Inloggningen misslyckades" in html and "Något behöver rättas innan vi kan spara" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/konto/logga-in/",
        "/konto/glomt-losenord/",
        "/konto/glomt-losenord/skickat/",
        "/konto/aterstall/klart/",
    ],
)
def test_account_pages_carry_the_municipality_not_the_servers_address(client, url):
    site = MunicipalitySettings.load()
    site.name, site.programme_name, site.responsible_unit = "Tingsryds kommun", "Trygg i Tingsryd", "Kansliet"
    site.save()

    html = client.get(url, HTTP_HOST="127.0.0.1:8100").content.decode()

    assert '<span class="site-brand-municipality">Tingsryds kommun</span>' in html
    assert " – Trygg i Tingsryd</title>" in html
    assert "Kansliet, Tingsryds kommun" in html  # the footer
    assert "127.0.0.1:8100" not in html


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_out(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="sara", roles=[Role.COORDINATOR])

    for _ in range(3):
        client.post("/konto/logga-in/", {"username": "sara", "password": "fel"})
    response = client.post("/konto/logga-in/", {"username": "sara", "password": PASSWORD})

    assert response.status_code == 429
    assert "tillfälligt spärrad" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_swedish_mail_with_working_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="sara", email="sara@example.org", roles=[Role.COORDINATOR])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/glomt-losenord/", {"email": "sara@example.org"})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "testserver" not in mailoutbox[0].subject
    assert MunicipalitySettings.load().programme_name in mailoutbox[0].subject
    body = mailoutbox[0].body
    assert "Välj ett nytt lösenord" in body
    link = next(line for line in body.splitlines() if "/konto/aterstall/" in line)
    path = link.split("testserver", 1)[1]
    set_form = client.get(path, follow=True)
    assert "Välj nytt lösenord" in set_form.content.decode()


@pytest.mark.django_db
def test_password_validators_refuse_a_weak_password(client):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("12345678")


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(coordinator_client):
    response = coordinator_client.post("/konto/logga-ut/")
    assert response.status_code == 302
    assert "_auth_user_id" not in coordinator_client.session


# The permission matrix for the foundation's protected pages.
MATRIX = [
    # persona, /arbete/, /admin/, admin change page for a user
    ("client", 302, 302, 302),
    ("no_role_client", 403, 302, 302),
    ("coordinator_client", 200, 200, 403),
    ("police_partner_client", 200, 302, 302),
    ("board_client", 200, 302, 302),
    ("admin_client", 200, 200, 200),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("persona_name", "workspace", "admin_index", "admin_user_change"), MATRIX)
def test_permission_matrix_for_workspace_and_admin(
    request, persona_name, workspace, admin_index, admin_user_change
):
    client = request.getfixturevalue(persona_name)
    target = UserFactory(username="malmanvandare")

    responses = [
        client.get("/arbete/").status_code,
        client.get("/admin/").status_code,
        client.get(f"/admin/auth/user/{target.pk}/change/").status_code,
    ]

    assert responses == [workspace, admin_index, admin_user_change]


@pytest.mark.django_db
def test_anonymous_workspace_redirects_to_swedish_login(client):
    response = client.get("/arbete/")
    assert response["Location"] == "/konto/logga-in/?next=/arbete/"


@pytest.mark.django_db
def test_board_reader_cannot_open_admin_change_pages(board_client):
    response = board_client.get("/admin/trygg/municipalitysettings/1/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_coordinator_cannot_change_municipality_identity_but_administrator_can(
    coordinator_client, administrator, client
):
    from trygg.models import MunicipalitySettings

    MunicipalitySettings.load()
    assert coordinator_client.get("/admin/trygg/municipalitysettings/1/change/").status_code == 403
    client.force_login(administrator)
    assert client.get("/admin/trygg/municipalitysettings/1/change/").status_code == 200


@pytest.mark.django_db
def test_admin_is_swedish_and_named_after_the_municipality(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Trygg i Tingsryds kommun – administration" in html
    assert 'lang="sv"' in html


@pytest.mark.django_db
def test_dashboard_shows_the_users_role(coordinator_client):
    html = coordinator_client.get("/arbete/").content.decode()
    assert "Din roll" in html
    assert "Samordnare" in html


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_creates_one_user_per_role(settings):
    from django.contrib.auth import get_user_model

    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    users = get_user_model().objects.order_by("username")
    roles = {u.username: sorted(u.groups.values_list("name", flat=True)) for u in users}
    assert roles == {
        "admin": ["Administratör"],
        "bostader": ["Partnerredaktör"],
        "polis": ["Partnerredaktör"],
        "samordnare": ["Samordnare"],
        "styrelse": ["Styrelseläsare"],
    }
    assert get_user_model().objects.get(username="samordnare").check_password("trygg-demo-2026")


@pytest.mark.django_db
def test_load_demo_refuses_without_debug_unless_forced(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
