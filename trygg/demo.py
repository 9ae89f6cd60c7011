"""Demo data for the site-wide app: the municipality's identity, the programme's goals, demo users."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import (
    AccessibilityAnswer,
    AccessibilityFeedback,
    AccessibilityFeedbackStatus,
    MunicipalitySettings,
    ProgrammeGoal,
)
from .roles import Role, set_roles


def upsert(model, lookup: dict, **values):
    """Find a demo object by its natural key, set the values, validate and save only when something
    changed, so that `load_demo` can run again without creating duplicates or new history rows."""
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    changed = created
    for field, value in values.items():
        # A new object's foreign keys cannot be read before they are set.
        if created or getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
    return obj


DEMO_PASSWORD = "trygg-demo-2026"  # noqa: S105  (stated in the README; demo only)

DEMO_USERS = [
    # username, first name, last name, e-mail, roles
    ("samordnare", "Sara", "Samordnare", "samordnare@example.org", [Role.COORDINATOR]),
    ("polis", "Per", "Polis", "polis@example.org", [Role.PARTNER_EDITOR]),
    ("bostader", "Bodil", "Bostäder", "bostader@example.org", [Role.PARTNER_EDITOR]),
    ("styrelse", "Stina", "Styrelse", "styrelse@example.org", [Role.BOARD_READER]),
    ("admin", "Adam", "Admin", "admin@example.org", [Role.ADMINISTRATOR]),
]

GOALS = [
    "Öka den faktiska tryggheten för den enskilda invånaren och förbättra den upplevda tryggheten i "
    "Tingsryds kommun.",
    "Kommunen bidrar till en bättre gemensam samordning tillsammans med andra aktörer, så att fler "
    "slags insatser blir möjliga.",
    "Genom samverkan skapa dialog och kunskapsutbyte med näringsliv och civilsamhälle.",
    "Skapa metoder för att arbeta strukturerat med trygghetsskapande åtgärder även efter projektets slut.",
]

PURPOSE = (
    "I juli 2023 trädde en ny lag i kraft som ger kommunen ett större ansvar för det brottsförebyggande "
    "arbetet. Kommunfullmäktige gav i december 2022 kommunledningsförvaltningen i uppdrag att starta ett "
    "arbete för att öka tryggheten i Tingsryds kommun.\n\n"
    "Syftet är att öka tryggheten i det offentliga rummet: på gator, torg, i parker och på andra platser "
    "inomhus och utomhus där alla får vara. Arbetet bygger på samverkan mellan kommunens förvaltningar, "
    "Polismyndigheten, andra myndigheter, näringslivet och föreningslivet, och utgår från lokala "
    "lägesbilder över brott och otrygghet."
)


def load(*, stdout) -> None:
    site = MunicipalitySettings.load()
    site.municipality_id = "0763"
    site.name = "Tingsryds kommun"
    site.programme_name = "Trygg i Tingsryds kommun"
    site.responsible_unit = "Kommunledningsförvaltningen"
    site.page_owner = "Kansliavdelningen"
    site.contact_name = "Sara Samordnare"
    site.contact_title = "Samordnare för brottsförebyggande arbete"
    site.contact_email = "trygg@example.org"
    site.contact_phone = "0477-441 00"
    site.purpose = PURPOSE
    site.accessibility_reviewed = min(datetime.date(2026, 9, 15), timezone.localdate())
    site.save()

    for order, text in enumerate(GOALS, start=1):
        ProgrammeGoal.objects.update_or_create(order=order, defaults={"text": text})

    User = get_user_model()
    for username, first, last, email, roles in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        set_roles(user, roles)
    stdout.write(f"Demoanvändare: {', '.join(u[0] for u in DEMO_USERS)} (lösenord {DEMO_PASSWORD})")
    load_accessibility_feedback(User.objects.get(username="samordnare"))


# Two residents' accessibility feedback (found again by their text when the demo is loaded again): a
# new one with an address, and one a coordinator has answered.
NEW_FEEDBACK = "Kartan på sidan Karta går inte att flytta med tangentbordet, bara med musen."
ANSWERED_FEEDBACK = "Texten i diagrammen på översikten är för ljus för att jag ska kunna läsa den."
DEMO_ANSWER = (
    "Tack för att du hörde av dig. Vi har gjort texten i diagrammen mörkare, och samma siffror finns "
    "också i tabellen under varje diagram. Säg till om det fortfarande är svårt att läsa."
)


def load_accessibility_feedback(coordinator) -> None:
    AccessibilityFeedback.objects.get_or_create(
        description=NEW_FEEDBACK, defaults={"page_url": "/karta/", "email": "invanare@example.org"}
    )
    answered, created = AccessibilityFeedback.objects.get_or_create(
        description=ANSWERED_FEEDBACK,
        defaults={
            "page_url": "/oversikt/",
            "email": "lasare@example.org",
            "status": AccessibilityFeedbackStatus.ANSWERED,
            "assigned_to": coordinator,
        },
    )
    if created:
        AccessibilityAnswer.objects.create(
            feedback=answered, text=DEMO_ANSWER, sent_to_reporter=True, by=coordinator
        )
