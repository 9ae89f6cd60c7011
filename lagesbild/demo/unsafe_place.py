"""Demo reports of unsafe places: one new, with a point on the map, whose text the moderator sees flagged
(a name, a personnummer written with a space and a phone number), one published on Folkets park, one rejected.
Moves go through lagesbild.services.unsafe_place, as a moderator's would."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from ..models import Place, UnsafePlaceCategory, UnsafePlaceReport, UnsafePlaceStatus
from ..services.unsafe_place import publish_report, reject_report, submit_report

NEW_TEXT = (
    "Gångvägen bakom skolan är helt mörk på kvällarna. Några som hänger där skriker efter folk, "
    "särskilt Jonas Berg (850312 1234). Ring mig gärna på 070-123 45 67."
)
PUBLISHED_TEXT = (
    "Gångvägen genom Folkets park är mörk efter klockan fem och buskarna skymmer sikten. Jag går en "
    "omväg hem från bussen nu."
)
PUBLISHED_PUBLIC_TEXT = (
    "Gångvägen genom parken är mörk på kvällen och buskar skymmer sikten. Invånare väljer att gå en omväg."
)
REJECTED_TEXT = "Köp billiga klockor på vår webbplats!"


def report(description: str, **values) -> tuple[UnsafePlaceReport, bool]:
    """The demo report with this text, created when missing (True)."""
    existing = UnsafePlaceReport.objects.filter(description=description).first()
    if existing is not None:
        return existing, False
    return submit_report(report=UnsafePlaceReport(description=description, **values)), True


def load(places: dict[str, Place]) -> None:
    moderator = get_user_model().objects.filter(username="samordnare").first()
    # The resident also pointed out the path on the map (Ryd).
    report(
        NEW_TEXT,
        category=UnsafePlaceCategory.GATHERINGS,
        address="Gångvägen bakom Ryds skola",
        latitude=Decimal("56.46550"),
        longitude=Decimal("14.69300"),
    )
    published, created = report(
        PUBLISHED_TEXT, category=UnsafePlaceCategory.LIGHTING, place=places["folkets-park-tingsryd"]
    )
    if created or published.status == UnsafePlaceStatus.NEW:
        publish_report(
            report=published, by=moderator, public_text=PUBLISHED_PUBLIC_TEXT, place=None, photo_public=False
        )
    rejected, created = report(REJECTED_TEXT, category=UnsafePlaceCategory.OTHER, address="www")
    if created or rejected.status == UnsafePlaceStatus.NEW:
        reject_report(report=rejected, by=moderator, reason="Reklam, inte en rapport om en plats.")
