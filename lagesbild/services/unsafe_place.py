"""Residents' reports of unsafe places: the photo made safe to keep, the moderator's flags for personal
data, and every move of a report (publish, reject, duplicate, close, answer), each with its e-mail to
the reporter.

A photo is accepted by what it is, not by its name: Pillow must decode it as JPEG, PNG or WebP, within
a size and pixel limit, and it is stored re-encoded from its pixels alone, so that no EXIF (camera,
time, GPS position), XMP or comment from the phone is kept.
"""

import datetime
import hashlib
import io
import warnings
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from trygg.links import absolute_url
from trygg.mail import queue_mail
from trygg.moderation import end_case

from ..models import (
    Place,
    Problem,
    UnsafePlaceAnswer,
    UnsafePlaceCategory,
    UnsafePlaceMailKind,
    UnsafePlaceReport,
    UnsafePlaceStatus,
    small_count_threshold,
)
from ..models.unsafe_place import PHOTO_EXTENSIONS

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is refused before it is decoded
MAX_STORED_SIDE = 2560  # stored photos are scaled down to this longest side
MAIL_PURPOSE = "unsafe-place"


# --- The photo -------------------------------------------------------------------------------------


def clean_photo(upload) -> ContentFile:
    """The uploaded photo re-encoded without metadata, or ValidationError with a Swedish reason."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("Fotot är för stort (högst 8 MB). Ta en ny bild eller skicka en mindre."), code="photo_size"
        )
    not_a_photo = ValidationError(
        _("Filen går inte att läsa som ett foto. Skicka en bild i formatet JPEG, PNG eller WebP."),
        code="photo_type",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in PHOTO_EXTENSIONS:
                raise not_a_photo
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError(
                    _("Fotot har för många bildpunkter. Skicka en mindre bild."), code="photo_pixels"
                )
            image.load()
            fmt = image.format
            clean = ImageOps.exif_transpose(image)  # keep the photo upright once its EXIF is gone
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise not_a_photo from None
    except (OSError, SyntaxError, ValueError):  # truncated or damaged data
        raise not_a_photo from None
    clean.thumbnail((MAX_STORED_SIDE, MAX_STORED_SIDE))
    if fmt == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    # Only the pixels go into the new file: no exif, xmp, icc_profile, comment or text chunks.
    pixels = Image.new(clean.mode, clean.size)
    pixels.paste(clean)
    if clean.mode == "P":
        pixels.putpalette(clean.getpalette())
    out = io.BytesIO()
    options = {"JPEG": {"quality": 85}, "WEBP": {"quality": 85}, "PNG": {"optimize": True}}[fmt]
    pixels.save(out, format=fmt, **options)
    return ContentFile(out.getvalue(), name=f"foto{PHOTO_EXTENSIONS[fmt]}")


def repeat_key(*, address: str, category: str, description: str) -> str:
    """What identifies the same report sent twice (a double tap): hashed, nothing readable in the cache."""
    return hashlib.sha256(f"{address}\n{category}\n{description.strip()}".encode()).hexdigest()


# --- Moves -----------------------------------------------------------------------------------------


def submit_report(*, report: UnsafePlaceReport, photo=None) -> UnsafePlaceReport:
    """Save a resident's new report (with its photo cleaned in the form): always 'ny', waiting for a
    moderator, and nothing of it public."""
    report.status = UnsafePlaceStatus.NEW
    if photo is not None:
        report.photo.save(photo.name, photo, save=False)
    report.full_clean()
    report.save()
    return report


submit_report.alters_data = True


def _check_move(report: UnsafePlaceReport, to: str) -> None:
    if not report.can_move_to(to):
        raise ValidationError(
            _("Rapporten är %(status)s och kan inte ändras så.")
            % {"status": report.get_status_display().lower()}
        )


def _tell_reporter(report: UnsafePlaceReport, *, kind: str, text: str, by) -> None:
    """E-mail the reporter, when they left an address (sent after the commit), and log what was sent."""
    if not report.email:
        return
    UnsafePlaceAnswer.objects.create(report=report, text=text, kind=kind, by=by)
    queue_mail(_("Din rapport om en otrygg plats"), text, [report.email], purpose=MAIL_PURPOSE)


def _end(report: UnsafePlaceReport, *, to: str, by, message: str, fields: list[str]) -> UnsafePlaceReport:
    """Move to a status that ends the case: tell the reporter, then erase the address."""
    _check_move(report, to)
    return end_case(
        report,
        to=to,
        by=by,
        fields=fields,
        tell=lambda: _tell_reporter(report, kind=UnsafePlaceMailKind.ENDED, text=message, by=by),
    )


def _greeting(report: UnsafePlaceReport) -> str:
    return _("Hej!\n\nTack för din rapport om %(where)s (%(date)s).") % {
        "where": report.where,
        "date": f"{report.created_at:%Y-%m-%d}",
    }


@transaction.atomic
def publish_report(
    *, report: UnsafePlaceReport, by, public_text: str, place: Place | None, photo_public: bool
) -> UnsafePlaceReport:
    """Publish a report as the moderator's anonymous text (the resident's original stays staff-only)."""
    _check_move(report, UnsafePlaceStatus.PUBLISHED)
    if not public_text.strip():
        raise ValidationError({"public_text": _("Skriv texten som ska visas offentligt.")})
    report.public_text, report.place = public_text.strip(), place or report.place
    report.photo_public = photo_public and bool(report.photo)
    report.status = UnsafePlaceStatus.PUBLISHED
    report.moderated_at, report.moderated_by = timezone.now(), by
    report.full_clean()
    report._history_user = by
    report.save(
        update_fields=[
            "public_text",
            "place",
            "photo_public",
            "status",
            "moderated_at",
            "moderated_by",
            "updated_at",
        ]
    )
    where = absolute_url(report.place.get_absolute_url()) if report.place_id else absolute_url("/platser/")
    text = "\n\n".join(
        [
            _greeting(report),
            _("Vi har granskat den och publicerat den utan uppgifter som kan peka ut någon:"),
            report.public_text,
            _("Du hittar den här: %(url)s") % {"url": where},
            _("Vi hör av oss igen när ärendet är avslutat. Då raderar vi din e-postadress."),
        ]
    )
    _tell_reporter(report, kind=UnsafePlaceMailKind.PUBLISHED, text=text, by=by)
    return report


publish_report.alters_data = True


@transaction.atomic
def reject_report(*, report: UnsafePlaceReport, by, reason: str) -> UnsafePlaceReport:
    """Reject a report with a reason the reporter is told; it is never published."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv varför rapporten avvisas.")})
    report.reject_reason = reason.strip()
    message = "\n\n".join(
        [
            _greeting(report),
            _("Vi kommer inte att publicera den. Skälet är:"),
            report.reject_reason,
            _("Din e-postadress är nu raderad."),
        ]
    )
    return _end(report, to=UnsafePlaceStatus.REJECTED, by=by, message=message, fields=["reject_reason"])


reject_report.alters_data = True


@transaction.atomic
def mark_duplicate(*, report: UnsafePlaceReport, by, of: UnsafePlaceReport) -> UnsafePlaceReport:
    """Close a report as a duplicate of another about the same thing."""
    if of.pk == report.pk or of.duplicate_of_id == report.pk:
        raise ValidationError({"of": _("Välj en annan rapport än den här.")})
    report.duplicate_of = of
    message = "\n\n".join(
        [
            _greeting(report),
            _("Någon annan har redan rapporterat samma sak, så vi hanterar dem tillsammans."),
            _("Din e-postadress är nu raderad."),
        ]
    )
    return _end(report, to=UnsafePlaceStatus.DUPLICATE, by=by, message=message, fields=["duplicate_of"])


mark_duplicate.alters_data = True


@transaction.atomic
def close_report(*, report: UnsafePlaceReport, by, message: str = "") -> UnsafePlaceReport:
    """End the case (e.g. once the lamp is fixed); a published report stays on the place's page."""
    text = "\n\n".join(
        part
        for part in [
            _greeting(report),
            _("Nu har vi avslutat ärendet."),
            message.strip(),
            _("Din e-postadress är nu raderad."),
        ]
        if part
    )
    return _end(report, to=UnsafePlaceStatus.CLOSED, by=by, message=text, fields=[])


close_report.alters_data = True


@transaction.atomic
def link_problem(*, report: UnsafePlaceReport, by, problem: Problem | None) -> UnsafePlaceReport:
    """Count the report towards a problem in the lägesbild (or unlink it with None)."""
    report.problem = problem
    report._history_user = by
    report.save(update_fields=["problem", "updated_at"])
    return report


link_problem.alters_data = True


def problem_draft(reports: list[UnsafePlaceReport]) -> dict:
    """A title and description for a problem made of a cluster of reports: how many, when, and their
    categories and places from the list with counts (never what the residents wrote, their own address
    text included, which may hold personal data)."""
    categories: dict[str, int] = {}
    places: dict[str, int] = {}
    named_places = {report.place.name for report in reports if report.place_id}
    for report in reports:
        label = str(report.get_category_display())
        categories[label] = categories.get(label, 0) + 1
        # A resident's own address text stays out: it may point out a person's home.
        where = report.place.name if report.place_id else str(_("ingen plats vald i listan"))
        places[where] = places.get(where, 0) + 1

    def listed(counts: dict[str, int]) -> str:
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return ", ".join(f"{name} ({n})" for name, n in ordered)

    top_category = max(categories.items(), key=lambda item: item[1])[0] if categories else ""
    named = sorted((item for item in places.items() if item[0] in named_places), key=lambda item: -item[1])
    top_places = [name for name, _n in named][:3]
    dates = sorted(f"{report.created_at:%Y-%m-%d}" for report in reports)
    description = "\n".join(
        [
            _("Underlag: %(n)s rapporter från invånare om otrygga platser, inkomna %(first)s – %(last)s.")
            % {"n": len(reports), "first": dates[0] if dates else "", "last": dates[-1] if dates else ""},
            _("Kategorier: %(list)s.") % {"list": listed(categories)},
            _("Platser: %(list)s.") % {"list": listed(places)},
        ]
    )
    title = (f"{top_category}: {', '.join(top_places)}" if top_places else top_category)[:200]
    return {"title": title, "description": description}


@transaction.atomic
def create_problem_from_reports(
    *, reports: list[UnsafePlaceReport], by, title: str, description: str, places, visibility: str
) -> Problem:
    """Turn a cluster of reports into a problem in the lägesbild (with the places and their areas), and
    link every report to it (a report linked to another problem before is moved to this one)."""
    if not reports:
        raise ValidationError(_("Välj minst en rapport."))
    problem = Problem(title=title, description=description, visibility=visibility)
    problem._history_user = by
    problem.full_clean()
    problem.save()
    places = list(places)
    problem.places.set(places)
    problem.areas.set({place.area_id for place in places})
    for report in reports:
        link_problem(report=report, by=by, problem=problem)
    return problem


create_problem_from_reports.alters_data = True


@transaction.atomic
def answer_reporter(*, report: UnsafePlaceReport, by, text: str) -> UnsafePlaceAnswer:
    """E-mail the reporter an answer; the answer is logged with the report."""
    if not report.email:
        raise ValidationError(
            _("Den som rapporterade har inte lämnat någon e-postadress, eller så är den raderad.")
        )
    if not text.strip():
        raise ValidationError({"text": _("Skriv svaret.")})
    body = "\n\n".join(
        [
            _greeting(report),
            text.strip(),
            _("Vi hör av oss igen när ärendet är avslutat. Då raderar vi din e-postadress."),
        ]
    )
    _tell_reporter(report, kind=UnsafePlaceMailKind.ANSWER, text=body, by=by)
    report._history_user = by
    report.save(update_fields=["updated_at"])  # bumps the version: a second answer form sent is a conflict
    return report.answers.order_by("-pk").first()


answer_reporter.alters_data = True


# --- Counts for the lägesbild ----------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    quarter: str  # "2026 K4"
    area: str
    place: str  # the place's name, or "" for reports with only an address
    category: str  # the category's label
    count: int


# Reports that count as a signal about a place: rejected ones and duplicates do not (a duplicate's
# first report counts once).
COUNTED_STATUSES = [UnsafePlaceStatus.NEW, UnsafePlaceStatus.PUBLISHED, UnsafePlaceStatus.CLOSED]
# The queue's filter values for "every counted report" and "reports without a place from the list".
COUNTED = "raknade"
NO_PLACE = "ingen"


def counts_by_quarter() -> list[CountRow]:
    """Reports per quarter, place and category, newest quarter first: one source of the lägesbild. For
    staff: the counts are not suppressed below the small-count threshold (public counts must be)."""
    rows = (
        UnsafePlaceReport.objects.filter(status__in=COUNTED_STATUSES)
        .annotate(year=ExtractYear("created_at"), quarter=ExtractQuarter("created_at"))
        .values("year", "quarter", "place__area__name", "place__name", "category")
        .annotate(n=Count("pk"))
        .order_by(
            "-year",
            "-quarter",
            F("place__area__name").asc(nulls_last=True),
            F("place__name").asc(nulls_last=True),
            "category",
        )
    )
    labels = dict(UnsafePlaceReport._meta.get_field("category").choices)
    return [
        CountRow(
            quarter=f"{row['year']} K{row['quarter']}",
            area=row["place__area__name"] or "",
            place=row["place__name"] or "",
            category=str(labels.get(row["category"], row["category"])),
            count=row["n"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class Tally:
    """One line of a count table: what is counted, how many, and the queue's filter for those reports."""

    label: str
    count: int
    query: str = ""  # the queue's GET parameters for exactly these reports ("place=3&category=trafik")


@dataclass(frozen=True)
class PeriodCounts:
    """The reports of a period counted three ways, for staff (not suppressed)."""

    start: datetime.date
    end: datetime.date
    total: int
    by_place: list[Tally]
    by_category: list[Tally]
    by_quarter: list[Tally]
    query: str  # the queue's filter for every counted report of the period


def last_twelve_months(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=365), today


def counts_for_period(start: datetime.date, end: datetime.date) -> PeriodCounts:
    """Counted reports that came in from `start` to `end` (both included), per place, category and
    quarter (one query): the residents' reports as a source of a lägesbild covering that period."""
    base = {"status": COUNTED, "start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
    rows = list(
        UnsafePlaceReport.objects.filter(
            status__in=COUNTED_STATUSES, created_at__date__gte=start, created_at__date__lte=end
        )
        .annotate(year=ExtractYear("created_at"), quarter=ExtractQuarter("created_at"))
        .values("year", "quarter", "place_id", "place__name", "place__area__name", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    places: dict[int | None, list] = {}
    categories: dict[str, int] = {}
    quarters: dict[tuple[int, int], int] = {}
    for row in rows:
        key = row["place_id"]
        name = f"{row['place__area__name']}: {row['place__name']}" if key else _("Ingen plats vald")
        places.setdefault(key, [name, 0])[1] += row["n"]
        categories[row["category"]] = categories.get(row["category"], 0) + row["n"]
        quarter = (row["year"], row["quarter"])
        quarters[quarter] = quarters.get(quarter, 0) + row["n"]
    labels = dict(UnsafePlaceCategory.choices)
    by_place = [
        Tally(name, n, urlencode({**base, "place": key if key else NO_PLACE}))
        for key, (name, n) in sorted(places.items(), key=lambda item: (-item[1][1], item[1][0]))
    ]
    by_category = [
        Tally(str(labels.get(key, key)), n, urlencode({**base, "category": key}))
        for key, n in sorted(categories.items(), key=lambda item: (-item[1], str(labels.get(item[0]))))
    ]
    by_quarter = [
        Tally(f"{year} K{quarter}", n, urlencode({**base, **quarter_bounds(year, quarter, start, end)}))
        for (year, quarter), n in sorted(quarters.items())
    ]
    return PeriodCounts(
        start=start,
        end=end,
        total=sum(categories.values()),
        by_place=by_place,
        by_category=by_category,
        by_quarter=by_quarter,
        query=urlencode(base),
    )


def quarter_bounds(year: int, quarter: int, start: datetime.date, end: datetime.date) -> dict[str, str]:
    """The queue's start and end for one quarter, kept within the period."""
    first = datetime.date(year, 3 * quarter - 2, 1)
    last = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - datetime.timedelta(days=1)
    return {"start": f"{max(first, start):%Y-%m-%d}", "end": f"{min(last, end):%Y-%m-%d}"}


@dataclass(frozen=True)
class PublicTally:
    label: str
    count: int | None  # None: fewer than the small-count threshold, and the number is not given out


def public_counts_by_category(start: datetime.date, end: datetime.date) -> list[PublicTally]:
    """Published reports (also closed ones) per category for residents (one query). A count below the
    small-count threshold is written "färre än N", never as the number; categories without a published
    report are left out, and there is no total (with it, one suppressed count could be worked out)."""
    threshold = small_count_threshold()
    counts: dict[str, int] = dict(
        UnsafePlaceReport.objects.public()
        .filter(created_at__date__gte=start, created_at__date__lte=end)
        .values_list("category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = []
    for key, label in UnsafePlaceCategory.choices:
        n = counts.get(key, 0)
        if n:
            result.append(PublicTally(str(label), n if n >= threshold else None))
    return result


def case_url(report: UnsafePlaceReport) -> str:
    return reverse("lagesbild:workspace-unsafe-place", args=[report.pk])
