"""Who takes part in the work and who decides: actors, their contacts, forums, meetings and decisions."""

import contextlib
import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trygg.concurrency import VersionedModel
from trygg.models import phone_validator
from trygg.rules import has_any_role, is_coordinator, is_partner_editor, signed_in_with
from trygg.uploads import upload_to, validate_document
from trygg.visibility import Visibility, VisibilityModel

# --- Validation shared by models and forms -----------------------------------------------------

ORGANISATION_NUMBER_RE = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check that Swedish organisation and personal numbers carry."""
    total = 0
    for i, char in enumerate(digits):
        product = int(char) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def normalise_organisation_number(value: str | None) -> str | None:
    """'2120000670', '16212000-0670' or ' 212000-0670 ' -> '212000-0670'; blank -> None.

    Raises ValidationError (in Swedish) when the format or the check digit is wrong.
    """
    value = (value or "").strip().replace(" ", "")
    if not value:
        return None
    match = ORGANISATION_NUMBER_RE.match(value)
    if not match:
        raise ValidationError(
            _("Ange organisationsnumret som NNNNNN-NNNN, t.ex. 212000-0670."), code="org_format"
        )
    digits = match.group(1) + match.group(2)
    if not luhn_ok(digits):
        raise ValidationError(
            _("Organisationsnumret %(value)s är inte giltigt (kontrollsiffran stämmer inte)."),
            code="org_checksum",
            params={"value": f"{match.group(1)}-{match.group(2)}"},
        )
    return f"{match.group(1)}-{match.group(2)}"


def validate_organisation_number(value: str | None) -> None:
    normalise_organisation_number(value)


paragraph_validator = RegexValidator(
    r"^(?:[A-ZÅÄÖ][\wÅÄÖåäö-]*(?: [\wÅÄÖåäö-]+)* )?§ ?\d{1,4}(?: ?[a-z])?$",
    _("Ange paragrafen som organ och nummer, t.ex. ”KS § 123”."),
    code="paragraph_format",
)
diary_number_validator = RegexValidator(
    r"^(?:[A-ZÅÄÖ]{1,10} )?(?:19|20)\d{2}/\d{1,6}(?:-\d{1,4})?$",
    _("Ange diarienumret som ”KS 2024/123” eller ”2024/123”."),
    code="dnr_format",
)


def validate_not_in_future(value: datetime.date) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(
            _("Ett beslut kan inte vara fattat i framtiden (%(date)s)."),
            code="future_date",
            params={"date": value.isoformat()},
        )


# --- Choices --------------------------------------------------------------------------------------


class ActorKind(models.TextChoices):
    # "Kommun" is not among the handbook's kinds of partner, but the municipality is the actor its
    # förvaltningar belong to; calling it a förvaltning or "annan myndighet" would be wrong.
    MUNICIPALITY = "municipality", _("Kommun")
    MUNICIPAL_DEPARTMENT = "municipal_department", _("Kommunal förvaltning")
    MUNICIPAL_COMPANY = "municipal_company", _("Kommunalt bolag")
    POLICE = "police", _("Polismyndigheten/LPO")
    REGION = "region", _("Region")
    RESCUE_SERVICE = "rescue_service", _("Räddningstjänst")
    COUNTY_BOARD = "county_board", _("Länsstyrelse")
    PROPERTY_OWNER = "property_owner", _("Fastighetsägare")
    BUSINESS = "business", _("Näringsliv")
    ASSOCIATION = "association", _("Förening/civilsamhälle")
    SCHOOL = "school", _("Skola")
    OTHER_AUTHORITY = "other_authority", _("Annan myndighet")


class ForumKind(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Styrgrupp")
    STRATEGIC_COUNCIL = "strategic_council", _("Strategiskt råd (§ 10)")
    PREPARATORY_GROUP = "preparatory_group", _("Beredningsgrupp/lokalt BRÅ")
    WORKING_GROUP = "working_group", _("Arbetsgrupp")
    EST_GROUP = "est_group", _("EST-grupp")
    KF = "kf", _("Kommunfullmäktige (KF)")
    KS = "ks", _("Kommunstyrelsen (KS)")
    KSAU = "ksau", _("Kommunstyrelsens arbetsutskott (KSAU)")
    COMMITTEE = "committee", _("Nämnd")
    LPO_MANAGEMENT = "lpo_management", _("LPO-ledning")


DECIDING_BODY_KINDS = (
    ForumKind.KF,
    ForumKind.KS,
    ForumKind.KSAU,
    ForumKind.COMMITTEE,
    ForumKind.LPO_MANAGEMENT,
)


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Ordförande")
    MEMBER = "member", _("Ledamot")
    SECRETARY = "secretary", _("Sekreterare")
    CO_OPTED = "co_opted", _("Adjungerad")


class ResourceKind(models.TextChoices):
    PEOPLE = "people", _("Personal")
    MONEY = "money", _("Pengar")
    COMPETENCE = "competence", _("Kompetens")
    PREMISES = "premises", _("Lokaler")


# --- Helpers for visible_to -----------------------------------------------------------------------


def member_forum_ids(user) -> models.QuerySet:
    """The forums the user currently sits in, through the contact linked to their account."""
    if not (user.is_authenticated and user.is_active):
        return Membership.objects.none().values("forum_id")
    today = timezone.localdate()
    return Membership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today),
        contact__user=user,
        start_date__lte=today,
    ).values("forum_id")


# --- Models ---------------------------------------------------------------------------------------


class ActorQuerySet(models.QuerySet):
    def public(self) -> "ActorQuerySet":
        """Active actors: their name, kind and contribution are public; their contacts never are."""
        return self.filter(active=True)

    def with_list_data(self) -> "ActorQuerySet":
        return self.select_related("part_of")

    def visible_to(self, user) -> "ActorQuerySet":
        if signed_in_with(has_any_role, user):
            return self.all()
        return self.public()


class Actor(VersionedModel):
    """A samverkansaktör: an organisation that takes part in the crime-prevention work."""

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av aktör"), max_length=30, choices=ActorKind.choices)
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("del av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_("T.ex. kommunen för en förvaltning eller en skola."),
    )
    # NULL, not "", for actors without a number: the UNIQUE constraint then allows many of them.
    organisation_number = models.CharField(  # noqa: DJ001
        _("organisationsnummer"),
        max_length=11,
        null=True,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_("NNNNNN-NNNN. Lämna tomt för en del av en organisation, t.ex. en förvaltning."),
    )
    website = models.URLField(_("webbplats"), blank=True)
    contribution = models.TextField(
        _("vad aktören bidrar med"), blank=True, help_text=_("Visas offentligt på sidan Samverkan.")
    )
    active = models.BooleanField(
        _("aktiv"),
        default=True,
        help_text=_("Avaktivera i stället för att ta bort en aktör som inte längre deltar."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = ActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkansaktör")
        verbose_name_plural = _("samverkansaktörer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="actor_unique_name",
                violation_error_message=_("Det finns redan en aktör med det här namnet."),
            ),
            models.UniqueConstraint(
                fields=["organisation_number"],
                name="actor_unique_organisation_number",
                violation_error_message=_("Det finns redan en aktör med det här organisationsnumret."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.organisation_number:
            self.organisation_number = None  # many actors without a number; UNIQUE ignores NULL
        super().save(*args, **kwargs)

    def clean(self):
        # Store the normalised form, so that "2120000670" and "212000-0670" count as duplicates.
        # A malformed number is left as typed: the field's validator has already reported it.
        with contextlib.suppress(ValidationError):
            self.organisation_number = normalise_organisation_number(self.organisation_number)
        if self.part_of_id and self.part_of_id == self.pk:
            raise ValidationError({"part_of": _("En aktör kan inte vara en del av sig själv.")})


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ContactQuerySet":
        """Coordinators see every contact; a partner editor only their own actor's. Never public."""
        if signed_in_with(is_coordinator, user):
            return self.all()
        if signed_in_with(is_partner_editor, user):
            return self.filter(actor__contacts__user=user)
        return self.none()


class Contact(VersionedModel):
    """A person at an actor. Internal personal data: never shown on the public site."""

    actor = models.ForeignKey(
        Actor, verbose_name=_("aktör"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True, validators=[phone_validator])
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actor_contact",
        help_text=_("Kopplar personen till ett konto. En partnerredaktör redigerar då sin aktörs uppgifter."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["actor__name", "name"]

    def __str__(self):
        return f"{self.name} ({self.actor})"


class ForumQuerySet(models.QuerySet):
    def public(self) -> "ForumQuerySet":
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user) -> "ForumQuerySet":
        if signed_in_with(has_any_role, user):
            return self.all()
        return self.public()


class Forum(VersionedModel, VisibilityModel):
    """A group that meets or decides: styrgrupp, strategiskt råd, lokalt BRÅ, KS, KF …"""

    name = models.CharField(_("namn"), max_length=200)
    abbreviation = models.CharField(
        _("förkortning"), max_length=20, blank=True, help_text=_("Används i paragrafer, t.ex. ”KS”.")
    )
    kind = models.CharField(_("typ av forum"), max_length=30, choices=ForumKind.choices)
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("ansvarig aktör"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
    )
    description = models.TextField(
        _("vad forumet gör"), blank=True, help_text=_("Visas offentligt om forumet är offentligt.")
    )
    members = models.ManyToManyField(
        "Contact", through="Membership", verbose_name=_("ledamöter"), related_name="forums", blank=True
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = ForumQuerySet.as_manager()

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forum")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="forum_unique_name")]

    def __str__(self):
        return self.name

    @property
    def is_deciding_body(self) -> bool:
        return self.kind in DECIDING_BODY_KINDS


class Membership(VersionedModel):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="memberships"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(
        _("roll"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    start_date = models.DateField(_("från"))
    end_date = models.DateField(_("till"), null=True, blank=True, help_text=_("Tomt om uppdraget pågår."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ledamotskap")
        verbose_name_plural = _("ledamotskap")
        ordering = ["forum__name", "role", "contact__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_not_before_start",
                violation_error_message=_("Ledamotskapet kan inte sluta innan det börjar."),
            )
        ]

    def __str__(self):
        return f"{self.contact.name}, {self.get_role_display().lower()} i {self.forum}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            message = _("Slutdatumet kan inte vara före startdatumet (%(start)s).")
            raise ValidationError(
                {
                    "end_date": ValidationError(
                        message, code="end_before_start", params={"start": self.start_date}
                    )
                }
            )

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class ForumContentQuerySet(models.QuerySet):
    """Shared by meetings and decisions: what is readable depends on the forum's members."""

    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Coordinators see all; other staff see public items plus internal ones of their own forums.

        Confidential items are for coordinators only. Kept in step with rules.can_read_forum_content.
        """
        if signed_in_with(is_coordinator, user):
            return self.all()
        if not signed_in_with(has_any_role, user):
            return self.public()
        return self.filter(
            Q(visibility=Visibility.PUBLIC)
            | Q(visibility=Visibility.INTERNAL, forum_id__in=member_forum_ids(user))
        )


class MeetingQuerySet(ForumContentQuerySet):
    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def with_list_data(self) -> "MeetingQuerySet":
        return self.select_related("forum")


class Meeting(VersionedModel, VisibilityModel):
    forum = models.ForeignKey(
        Forum, verbose_name=_("forum"), on_delete=models.PROTECT, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("datum och tid"))
    place = models.CharField(_("plats"), max_length=200, blank=True)
    agenda = models.TextField(_("dagordning"), blank=True)
    minutes = models.TextField(_("protokoll"), blank=True)
    minutes_file = models.FileField(
        _("protokoll (fil)"),
        upload_to=upload_to,
        validators=[validate_document],
        blank=True,
        help_text=_("PDF eller vanligt kontorsformat."),
    )
    attendees = models.ManyToManyField(
        Contact, verbose_name=_("närvarande"), related_name="meetings", blank=True
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords(m2m_fields=["attendees"])  # who attended is part of the record

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "starts_at"], name="meeting_unique_forum_time")
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at) if timezone.is_aware(self.starts_at) else self.starts_at
        return f"{self.forum} {local:%Y-%m-%d %H:%M}"


class DecisionQuerySet(ForumContentQuerySet):
    def latest_first(self) -> "DecisionQuerySet":
        return self.order_by("-decided_on", "-pk")

    def with_list_data(self) -> "DecisionQuerySet":
        return self.select_related("forum")


class Decision(VersionedModel, VisibilityModel):
    """A decision with its deciding body, date, paragraph and diarienummer."""

    forum = models.ForeignKey(
        Forum, verbose_name=_("beslutande organ"), on_delete=models.PROTECT, related_name="decisions"
    )
    decided_on = models.DateField(_("beslutsdatum"), validators=[validate_not_in_future])
    paragraph = models.CharField(
        _("paragraf"), max_length=40, validators=[paragraph_validator], help_text=_("T.ex. KS § 123.")
    )
    diary_number = models.CharField(
        _("diarienummer"),
        max_length=40,
        blank=True,
        validators=[diary_number_validator],
        help_text=_("T.ex. KS 2024/123 eller 2024/123."),
    )
    title = models.CharField(_("rubrik"), max_length=250)
    summary = models.TextField(_("sammanfattning"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("möte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    document = models.FileField(
        _("beslutsdokument"),
        upload_to=upload_to,
        validators=[validate_document],
        blank=True,
        help_text=_("Protokollsutdrag eller beslut som PDF eller vanligt kontorsformat."),
    )
    updated_at = models.DateTimeField(_("senast uppdaterad"), auto_now=True)
    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "decided_on", "paragraph"], name="decision_unique_forum_date_paragraph"
            )
        ]

    def __str__(self):
        return f"{self.paragraph} ({self.decided_on:%Y-%m-%d}): {self.title}"

    def clean(self):
        if self.meeting_id and self.forum_id and self.meeting.forum_id != self.forum_id:
            raise ValidationError({"meeting": _("Mötet hör till ett annat forum än det beslutande organet.")})


class ResourceInventory(VersionedModel):
    """What an actor brings in a period (step 1 of the cycle): people, money, competence, premises."""

    actor = models.ForeignKey(
        Actor, verbose_name=_("aktör"), on_delete=models.PROTECT, related_name="resources"
    )
    kind = models.CharField(_("slag av resurs"), max_length=20, choices=ResourceKind.choices)
    period_start = models.DateField(_("period från"), null=True, blank=True)
    period_end = models.DateField(_("period till"), null=True, blank=True)
    year_label = models.CharField(
        _("år eller period"),
        max_length=20,
        blank=True,
        help_text=_("T.ex. 2025 eller 2023–2027, om datum saknas."),
    )
    description = models.TextField(_("beskrivning"))
    amount = models.DecimalField(_("omfattning"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        _("enhet"), max_length=30, blank=True, help_text=_("T.ex. kr, årsarbetare, timmar/månad.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resursinventering")
        verbose_name_plural = _("resursinventeringar")
        ordering = ["actor__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                name="resourceinventory_end_not_before_start",
                violation_error_message=_("Perioden kan inte sluta innan den börjar."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=False) | ~Q(year_label=""),
                name="resourceinventory_has_period",
                violation_error_message=_("Ange en period, antingen med datum eller som år."),
            ),
        ]

    def __str__(self):
        return f"{self.actor}: {self.get_kind_display()} ({self.period_label})"

    @property
    def period_label(self) -> str:
        if self.year_label:
            return self.year_label
        end = f"{self.period_end:%Y-%m-%d}" if self.period_end else ""
        return f"{self.period_start:%Y-%m-%d}–{end}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Perioden kan inte sluta innan den börjar.")})
        if not self.period_start and not self.year_label:
            raise ValidationError({"year_label": _("Ange en period, antingen med datum eller som år.")})
