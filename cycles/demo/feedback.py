"""Demo feedback from residents on two public measures: one new, whose text staff see flagged (a name
and a phone number), and one published with a public answer. Published through
cycles.services.feedback, as a coordinator would; the new one is saved without the staff mail."""

from django.contrib.auth import get_user_model

from lagesbild.models import UnsafePlaceReport

from ..models import FeedbackStatus, Measure, MeasureFeedback
from ..services.feedback import answer_feedback, publish_feedback

NEW_MEASURE = "belysning-gangvag-folkets-park"
NEW_TEXT = (
    "Bra att det blir ljusare i parken! Men lamporna vid lekplatsen är fortfarande släckta. Prata med "
    "vaktmästaren Anders Lind, han vet mer. Ring mig på 070-765 43 21."
)
PUBLISHED_MEASURE = "polisen-synlig-i-centrum"
PUBLISHED_TEXT = (
    "Jag har sett polisen på torget flera fredagar nu och det känns tryggare. Men vid busstationen är "
    "det fortfarande stökigt sent på lördagar, efter klockan elva."
)
PUBLISHED_PUBLIC_TEXT = (
    "Polisen syns på torget på fredagskvällar och det känns tryggare. Vid busstationen är det fortfarande "
    "stökigt sent på lördagar."
)
ANSWER = (
    "Tack! Från mars patrullerar polisen också vid busstationen på lördagar mellan klockan 22 och 01. "
    "Vi följer upp hur det går i nästa lägesrapport."
)


def feedback(slug: str, text: str) -> tuple[MeasureFeedback | None, bool]:
    """The demo feedback with this text, created when missing (True); None when the measure is not public."""
    measure = Measure.objects.public().filter(slug=slug).first()
    if measure is None:
        return None, False
    existing = MeasureFeedback.objects.filter(measure=measure, text=text).first()
    if existing is not None:
        return existing, False
    new = MeasureFeedback(measure=measure, text=text)
    new.full_clean()
    new.save()
    return new, True


def load() -> str:
    coordinator = get_user_model().objects.filter(username="samordnare").first()
    feedback(NEW_MEASURE, NEW_TEXT)
    published, _created = feedback(PUBLISHED_MEASURE, PUBLISHED_TEXT)
    if published is not None and published.status == FeedbackStatus.NEW:
        publish_feedback(feedback=published, by=coordinator, public_text=PUBLISHED_PUBLIC_TEXT)
        answer_feedback(feedback=published, by=coordinator, text=ANSWER, public=True)
    return f"Synpunkter på åtgärder: {MeasureFeedback.objects.count()}"


def link_unsafe_place_reports() -> None:
    """The published demo report about the dark path to Folkets park is answered by the lighting measure
    (shown on the measure's page); adding it again changes nothing."""
    measure = Measure.objects.filter(slug="belysning-gangvag-folkets-park").first()
    if measure is not None:
        measure.unsafe_place_reports.add(
            *UnsafePlaceReport.objects.public().filter(place__slug="folkets-park-tingsryd")
        )
