"""The roles (samordnare, partnerredaktör, styrelseläsare, administratör) as auth groups, and which model
permissions each group carries.

The groups themselves are created by a data migration (trygg 0002). Their model permissions are
synced after every `migrate`, so a model added by a later app migration lands in the right groups.
Object-level limits (a partner editor edits only their own actor's data) are `rules` predicates in
each app's rules.py; these model permissions are the coarse layer the admin needs.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "Samordnare", _("Samordnare")
    PARTNER_EDITOR = "Partnerredaktör", _("Partnerredaktör")
    BOARD_READER = "Styrelseläsare", _("Styrelseläsare")
    ADMINISTRATOR = "Administratör", _("Administratör")


ROLE_DESCRIPTIONS = {
    Role.COORDINATOR: _("Kommunens samordnare: allt i arbetsytan och administrationen utom användare."),
    Role.PARTNER_EDITOR: _("Partner (t.ex. kommunpolis, bostadsbolag, skola): egna åtgärder och uppgifter."),
    Role.BOARD_READER: _("Kommunstyrelse och styrgrupp: läser interna rapporter och uppföljningar."),
    Role.ADMINISTRATOR: _("Systemägare: användare, roller och inställningar."),
}

# Apps whose content the coordinators run.
COORDINATOR_APPS = ("actors", "lagesbild", "cycles")
# Site-wide models in trygg the coordinators edit too (news and feedback, not the identity settings).
COORDINATOR_TRYGG_MODELS = ("programmegoal", "accessibilityfeedback")
ADMINISTRATOR_MODELS = (
    ("auth", "user"),
    ("trygg", "municipalitysettings"),
    ("trygg", "programmegoal"),
    ("trygg", "outgoingmail"),  # what the site has sent or still tries to send
    ("django_tasks_database", "dbtaskresult"),  # the background task queue
    ("axes", "accessattempt"),
    ("axes", "accesslog"),
    ("axes", "accessfailurelog"),
)
# Staff (may open /admin/) by role; board readers only read, in the workspace.
STAFF_ROLES = {Role.COORDINATOR, Role.ADMINISTRATOR}


def role_permission_filter(role: Role) -> models.Q | None:
    """The Q over auth.Permission that a role's group should hold, or None for no model permissions."""
    if role == Role.COORDINATOR:
        return models.Q(content_type__app_label__in=COORDINATOR_APPS) | models.Q(
            content_type__app_label="trygg", content_type__model__in=COORDINATOR_TRYGG_MODELS
        )
    if role == Role.ADMINISTRATOR:
        q = models.Q(pk__in=[])
        for app_label, model in ADMINISTRATOR_MODELS:
            q |= models.Q(content_type__app_label=app_label, content_type__model=model)
        # The roles themselves are defined here, in code: the administrator may read them, not change
        # what a role may do (nor add a role).
        return q | models.Q(content_type__app_label="auth", codename="view_group")
    if role == Role.BOARD_READER:
        return models.Q(content_type__app_label__in=COORDINATOR_APPS, codename__startswith="view_")
    return None  # partner editors act through object rules, not model-wide permissions


def sync_role_permissions(sender=None, using="default", **kwargs) -> None:
    """Give each role group exactly its permissions (idempotent; runs after every migrate)."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    last_app = list(apps.get_app_configs())[-1]
    if sender is not None and sender is not last_app:
        return  # post_migrate runs per app; by the last one every app's permissions exist
    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        q = role_permission_filter(role)
        perms = Permission.objects.using(using).filter(q) if q is not None else Permission.objects.none()
        group.permissions.set(perms)


def set_roles(user, roles) -> None:
    """Give a user exactly these roles, and staff status when a role needs the admin."""
    from django.contrib.auth.models import Group

    roles = {Role(r) for r in roles}
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    staff = bool(roles & STAFF_ROLES) or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


set_roles.alters_data = True


def dashboard_context(request) -> dict:
    """The signed-in user's roles and what each allows, for the dashboard."""
    names = set(request.user.groups.values_list("name", flat=True))
    return {"roles": [(role.label, ROLE_DESCRIPTIONS[role]) for role in Role if role.value in names]}
