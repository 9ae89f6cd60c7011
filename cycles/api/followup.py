"""Follow-up in the public API and the open data, as /uppfoljning/ shows it: the published follow-ups of
the public measures (assessment and the summary for residents, never the partners' own texts or the
reason for the assessment), and the published follow-up reports (with a decision only when public)."""

import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from actors.models import Decision
from trygg import opendata
from trygg.api import attribute, history_of, id_filter, last_modified, latest, listing, paginated, valid

from ..forms.report import PublicPeriodFilter
from ..models import ActionPlan, FollowUp, FollowUpPeriod, FollowUpReport, Measure

router = Router(tags=["Uppföljning"])


class FollowUpRow(Schema):
    """The published follow-up of one public measure for one period."""

    id: int = Field(..., description="Uppföljningens id. Ändras aldrig.")
    period_id: int = Field(..., description="Id för uppföljningsperioden.")
    period: str = Field(..., description="Uppföljningsperiodens namn.")
    period_start: datetime.date = Field(..., description="Periodens första dag (ÅÅÅÅ-MM-DD).")
    period_slut: datetime.date = Field(..., description="Periodens sista dag (ÅÅÅÅ-MM-DD).")
    atgard_id: int = Field(..., description="Id för åtgärden som följs upp.")
    atgard_slug: str = Field(..., description="Åtgärdens kortnamn, /atgarder/<slug>/.")
    atgard_titel: str = Field(..., description="Åtgärdens rubrik.")
    bedomning: str = Field(
        ..., description="Bedömningen som kod: green, yellow eller red; tomt om åtgärden inte är bedömd."
    )
    bedomning_text: str = Field(..., description="Bedömningen i klartext.")
    sammanfattning: str = Field(..., description="Sammanfattningen för invånare.")
    godkand: datetime.datetime | None = Field(..., description="När uppföljningen godkändes.")
    adress: str = Field(..., description="Sökvägen till åtgärdens sida, där uppföljningen står.")

    resolve_period = attribute("period.name")
    resolve_period_start = attribute("period.starts_on")
    resolve_period_slut = attribute("period.ends_on")
    resolve_atgard_id = attribute("measure_id")
    resolve_atgard_slug = attribute("measure.slug")
    resolve_atgard_titel = attribute("measure.title")
    resolve_bedomning = attribute("assessment")

    @staticmethod
    def resolve_bedomning_text(obj):
        return obj.get_assessment_display() if obj.assessment else _("Inte bedömd")

    resolve_sammanfattning = attribute("public_summary")
    resolve_godkand = attribute("approved_at")

    @staticmethod
    def resolve_adress(obj):
        return obj.measure.get_absolute_url()


def followups():
    """As /uppfoljning/ lists them: newest period first, then by measure."""
    return (
        FollowUp.objects.public()
        .select_related("period", "measure")
        .order_by("-period__ends_on", "period_id", "measure__title", "pk")
    )


def followups_changed() -> datetime.datetime | None:
    return latest(*history_of(FollowUp, FollowUpPeriod, Measure, ActionPlan))


class PeriodFilter(Schema):
    period: int | None = id_filter("Bara det som gäller uppföljningsperioden med det här id:t.")


def chosen_period(filters: PeriodFilter):
    """The period filter of /uppfoljning/, with its choices (periods with something published)."""
    data = {"period": str(filters.period)} if filters.period is not None else {}
    return valid(PublicPeriodFilter(data)).chosen_period


@router.get(
    "/uppfoljningar/",
    response=listing(FollowUpRow),
    summary="Uppföljningar av åtgärderna",
    operation_id="uppfoljningar",
)
@last_modified(followups_changed)
@paginated
def followup_list(request, filters: Query[PeriodFilter]):
    """Publicerade uppföljningar av de offentliga åtgärderna, nyaste perioden först."""
    period = chosen_period(filters)
    return followups().filter(period=period) if period else followups()


# --- Uppföljningsrapporter ------------------------------------------------------------------------


class ReportRow(Schema):
    """A published follow-up report to kommunstyrelsen and kommunfullmäktige."""

    id: int = Field(..., description="Rapportens id. Ändras aldrig.")
    titel: str = Field(..., description="Rapportens rubrik, med version om det finns flera.")
    version: int = Field(..., description="Rapportens versionsnummer.")
    period_id: int = Field(..., description="Id för uppföljningsperioden.")
    period: str = Field(..., description="Uppföljningsperiodens namn.")
    period_start: datetime.date = Field(..., description="Periodens första dag (ÅÅÅÅ-MM-DD).")
    period_slut: datetime.date = Field(..., description="Periodens sista dag (ÅÅÅÅ-MM-DD).")
    publicerad: datetime.datetime = Field(..., description="När rapporten publicerades.")
    ersatt: bool = Field(..., description="Sant om en nyare version har ersatt rapporten.")
    ks_beslut: str | None = Field(
        ..., description="Kommunstyrelsens beslut (paragraf), om beslutet är offentligt."
    )
    ks_beslut_datum: datetime.date | None = Field(
        ..., description="Dagen för kommunstyrelsens beslut (ÅÅÅÅ-MM-DD), om beslutet är offentligt."
    )
    adress: str = Field(..., description="Sökvägen till rapportens sida.")
    pdf: str = Field(..., description="Sökvägen till rapporten som PDF.")

    @staticmethod
    def resolve_titel(obj):
        return str(obj)

    resolve_version = attribute("report_version")
    resolve_period = attribute("period.name")
    resolve_period_start = attribute("period.starts_on")
    resolve_period_slut = attribute("period.ends_on")
    resolve_publicerad = attribute("published_at")

    @staticmethod
    def resolve_ersatt(obj):
        return obj.superseded_by_id is not None

    @staticmethod
    def resolve_ks_beslut(obj):
        return obj.public_board_decision.paragraph if obj.public_board_decision else None

    @staticmethod
    def resolve_ks_beslut_datum(obj):
        return obj.public_board_decision.decided_on if obj.public_board_decision else None

    @staticmethod
    def resolve_adress(obj):
        return reverse("cycles:followup-report", args=[obj.pk])

    @staticmethod
    def resolve_pdf(obj):
        return reverse("cycles:followup-report-pdf", args=[obj.pk])


def reports():
    """As /uppfoljning/ lists them: published (also when superseded), newest first."""
    return (
        FollowUpReport.objects.public()
        .select_related("period")
        .prefetch_related(
            Prefetch("board_decision", queryset=Decision.objects.public(), to_attr="public_board_decision")
        )
        .order_by("-published_at", "-pk")
    )


def reports_changed() -> datetime.datetime | None:
    return latest(*history_of(FollowUpReport, FollowUpPeriod, Decision))


@router.get(
    "/uppfoljningsrapporter/",
    response=listing(ReportRow),
    summary="Uppföljningsrapporter",
    operation_id="uppfoljningsrapporter",
)
@last_modified(reports_changed)
@paginated
def report_list(request, filters: Query[PeriodFilter]):
    """Publicerade uppföljningsrapporter, nyaste först; en ersatt version finns kvar."""
    period = chosen_period(filters)
    return reports().filter(period=period) if period else reports()


DATASETS = [
    opendata.Dataset(
        slug="uppfoljningar",
        order=50,
        title="Uppföljningar av åtgärderna",
        description="Hur varje åtgärd har gått enligt den publicerade uppföljningen: bedömning och "
        "sammanfattning, per uppföljningsperiod.",
        schema=FollowUpRow,
        queryset=followups,
        last_modified=followups_changed,
        frequency="IRREGULAR",
        keywords=("brottsförebyggande", "uppföljning", "åtgärder"),
        api_path="/api/uppfoljningar/",
    ),
    opendata.Dataset(
        slug="uppfoljningsrapporter",
        order=55,
        title="Uppföljningsrapporter",
        description="De publicerade rapporterna om uppföljningen av det brottsförebyggande arbetet till "
        "kommunstyrelsen och kommunfullmäktige.",
        schema=ReportRow,
        queryset=reports,
        last_modified=reports_changed,
        frequency="IRREGULAR",
        keywords=("brottsförebyggande", "uppföljning", "rapporter"),
        api_path="/api/uppfoljningsrapporter/",
    ),
]
