"""The årshjul in the workspace (/arbete/arshjul/): the year and the month with what falls due, the
recurring rules and one-off items that coordinators write, each user's secret calendar address; the
iCalendar feeds (/kalender/<token>.ics) that calendar apps fetch without a session; and the dashboard
panel "Närmast i årshjulet" (registered in CyclesConfig).

Readers (coordinators, board readers) and partner editors read what they may see (YearWheelQuerySet
.visible_to, Meeting.objects.visible_to); only coordinators write (cycles.change_yearwheel). A feed
answers 404 for an unknown or replaced address, and is never stored by the page cache (no-store).
"""

import datetime
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, FormView, TemplateView, UpdateView

from actors.models import Forum
from trygg.concurrency import CONFLICT_MESSAGE, EditConflict, VersionForm, delete_unless_changed
from trygg.links import absolute_url
from trygg.models import MunicipalitySettings
from trygg.submissions import SentOnceMixin, run_once, save_once
from trygg.views import WorkspaceMixin, workspace_crumbs

from ...forms.yearwheel import YearWheelItemForm, YearWheelRuleForm
from ...models import ITEM, MONTHS, RULE, CalendarFeed, YearWheelItem, YearWheelRule
from ...services import yearwheel as services
from ...services.compliance import deadlines_from
from .compliance import duties_for

READ_PERMS = ("trygg.view_workspace", "cycles.view_yearwheel")
WRITE_PERMS = ("trygg.view_workspace", "cycles.change_yearwheel")
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def month_name(number: int) -> str:
    return str(dict(MONTHS)[number])


def year_url(year: int) -> str:
    return f"{reverse('cycles:yearwheel')}?ar={year}"


def month_url(year: int, month: int) -> str:
    return f"{reverse('cycles:yearwheel-month')}?manad={year:04d}-{month:02d}"


def wheel_crumbs(*extra):
    return workspace_crumbs((_("Årshjul"), reverse("cycles:yearwheel")), *extra)


def entry_rows(entries, today, may_change) -> list[dict]:
    """Each entry with what the page shows beside it: passed or not, and where a coordinator edits it."""
    rows = []
    for entry in entries:
        edit = ""
        if may_change and entry.source == RULE:
            edit = reverse("cycles:yearwheel-rule-edit", args=[entry.entry.pk])
        elif may_change and entry.source == ITEM:
            edit = reverse("cycles:yearwheel-item-edit", args=[entry.entry.pk])
        rows.append({"entry": entry, "past": entry.is_past(today), "edit_url": edit})
    return rows


# --- The dashboard panel (trygg.dashboard) ---------------------------------------------------------------


def upcoming_panel(request) -> dict | None:
    """ "Närmast i årshjulet": the next five entries the user may see, for readers and partner editors."""
    user = request.user
    if not all(user.has_perm(p) for p in READ_PERMS):
        return None
    # The dashboard's other panel has worked out the duties for this request already.
    known = deadlines_from(duties_for(request)) if services.sees_everything(user) else None
    entries = services.upcoming(user, known_deadlines=known)
    return {"entries": entries, "year_url": reverse("cycles:yearwheel")}


# --- Pages -------------------------------------------------------------------------------------------------


class WheelMixin(WorkspaceMixin):
    permission_required = READ_PERMS

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["may_change"] = self.request.user.has_perm("cycles.change_yearwheel")
        return ctx


class YearView(WheelMixin, TemplateView):
    """/arbete/arshjul/?ar=2027: the twelve months of a year with their entries, the current month
    marked; the rules (for coordinators) and the user's calendar addresses."""

    template_name = "cycles/workspace/yearwheel/year.html"

    def year(self, today) -> int:
        raw = self.request.GET.get("ar", "")
        return int(raw) if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR else today.year

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        year = self.year(today)
        entries = services.occurrences(
            datetime.date(year, 1, 1), datetime.date(year, 12, 31), user, today=today
        )
        months = []
        for number, name in MONTHS:
            shown = [e for e in entries if e.on.month == number]
            months.append(
                {
                    "number": number,
                    "name": str(name).capitalize(),
                    "url": month_url(year, number),
                    "current": (year, number) == (today.year, today.month),
                    "rows": entry_rows(shown, today, ctx["may_change"]),
                }
            )
        feed = CalendarFeed.objects.filter(user=user).first()
        ctx.update(
            title=_("Årshjul %(year)s") % {"year": year},
            breadcrumbs=workspace_crumbs(),
            year=year,
            months=months,
            previous_url=year_url(year - 1),
            next_url=year_url(year + 1),
            this_year_url=year_url(today.year) if year != today.year else "",
            feed=feed,
            feed_url=absolute_url(reverse("cycles:calendar-feed", args=[feed.token])) if feed else "",
            forum_feeds=self.forum_feeds(feed),
        )
        if ctx["may_change"]:
            ctx["rules"] = list(YearWheelRule.objects.with_list_data())
        return ctx

    def forum_feeds(self, feed) -> list[tuple[str, str]]:
        if feed is None:
            return []
        forums = Forum.objects.visible_to(self.request.user).order_by("name")
        return [
            (forum.name, absolute_url(reverse("cycles:calendar-forum-feed", args=[feed.token, forum.pk])))
            for forum in forums
        ]


class MonthView(WheelMixin, TemplateView):
    """/arbete/arshjul/manad/?manad=2027-03: one month's entries as a table, with the months around it."""

    template_name = "cycles/workspace/yearwheel/month.html"

    def month(self, today) -> tuple[int, int]:
        found = MONTH_RE.match(self.request.GET.get("manad", ""))
        if found:
            year, month = int(found[1]), int(found[2])
            if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
                return year, month
        return today.year, today.month

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        year, month = self.month(today)
        first = datetime.date(year, month, 1)
        last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        before = first - datetime.timedelta(days=1)
        after = last + datetime.timedelta(days=1)
        entries = services.occurrences(first, last, user, today=today)
        name = f"{month_name(month)} {year}"
        ctx.update(
            title=_("Årshjul: %(month)s") % {"month": name.capitalize()},
            month_label=name,
            breadcrumbs=wheel_crumbs((str(year), year_url(year))),
            rows=entry_rows(entries, today, ctx["may_change"]),
            is_current=(year, month) == (today.year, today.month),
            previous_url=month_url(before.year, before.month),
            previous_label=f"{month_name(before.month)} {before.year}",
            next_url=month_url(after.year, after.month),
            next_label=f"{month_name(after.month)} {after.year}",
            year_url=year_url(year),
            year=year,
        )
        return ctx


# --- Rules and one-off items (coordinators) ------------------------------------------------------------


class EntryMixin(SentOnceMixin, WorkspaceMixin):
    """A rule's or an item's page: `model`, `kind` and where to go back to. A form sent again (Back and
    resend, a double click) goes to what the first sending saved (SentOnceMixin)."""

    permission_required = WRITE_PERMS
    template_name = "cycles/workspace/yearwheel/form.html"
    kind = "rule"

    def back_url(self, entry=None) -> str:
        if self.kind == "item" and entry is not None:
            return month_url(entry.on.year, entry.on.month)
        return reverse("cycles:yearwheel")

    def repeated_url(self, created) -> str:
        return self.back_url(created)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            breadcrumbs=wheel_crumbs(),
            cancel_url=self.back_url(getattr(self, "object", None)),
            kind=self.kind,
        )
        return ctx


class RuleCreate(EntryMixin, CreateView):
    """/arbete/arshjul/aterkommande/ny/: a task that comes back every year."""

    model, form_class = YearWheelRule, YearWheelRuleForm

    def form_valid(self, form):
        outcome = save_once(
            self.request, form, saved_message=_("Den återkommande händelsen ”%(t)s” är sparad.")
        )
        return self.form_invalid(form) if outcome is None else redirect(self.back_url(outcome.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ny återkommande händelse"), submit=_("Spara händelsen"), new=True, **kwargs
        )


class ItemCreate(EntryMixin, CreateView):
    """/arbete/arshjul/enstaka/ny/: something that happens once."""

    model, form_class, kind = YearWheelItem, YearWheelItemForm, "item"

    def get_initial(self):
        raw = self.request.GET.get("datum", "")
        try:
            return {"on": datetime.date.fromisoformat(raw)}
        except ValueError:
            return {}

    def form_valid(self, form):
        outcome = save_once(self.request, form, saved_message=_("Händelsen ”%(t)s” är sparad."))
        return self.form_invalid(form) if outcome is None else redirect(self.back_url(outcome.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ny enstaka händelse"), submit=_("Spara händelsen"), new=True, **kwargs
        )


class EntryEdit(EntryMixin, UpdateView):
    """Change a rule or an item; two people cannot overwrite each other (VersionedFormMixin)."""

    def get_queryset(self):
        return self.model.objects.with_list_data()

    def form_valid(self, form):
        form.instance._history_user = self.request.user
        try:
            run_once(self.request, form.save)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Ändringen av ”%(t)s” är sparad.") % {"t": form.instance.title})
        return redirect(self.back_url(form.instance))

    def get_context_data(self, **kwargs):
        delete = "cycles:yearwheel-rule-delete" if self.kind == "rule" else "cycles:yearwheel-item-delete"
        return super().get_context_data(
            title=_("Ändra ”%(t)s”") % {"t": self.object.title},
            submit=_("Spara ändringarna"),
            delete_url=reverse(delete, args=[self.object.pk]),
            **kwargs,
        )


class RuleEdit(EntryEdit):
    """/arbete/arshjul/aterkommande/<pk>/"""

    model, form_class = YearWheelRule, YearWheelRuleForm


class ItemEdit(EntryEdit):
    """/arbete/arshjul/enstaka/<pk>/"""

    model, form_class, kind = YearWheelItem, YearWheelItemForm, "item"


class EntryDelete(EntryMixin, FormView):
    """Delete a rule or an item after a confirmation; sent twice, it says it is gone already."""

    template_name = "cycles/workspace/yearwheel/delete.html"
    form_class = VersionForm
    model = YearWheelRule

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():  # before looking the entry up: outsiders learn nothing from a 404
            return self.handle_no_permission()
        self.object = self.model.objects.with_list_data().filter(pk=kwargs["pk"]).first()
        if self.object is None and request.method != "POST":
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.object is None:
            messages.info(request, _("Händelsen är redan borttagen."))
            return redirect(self.back_url())
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.object.version}

    def form_valid(self, form):
        try:
            delete_unless_changed(self.object, by=self.request.user, version=form.cleaned_data["version"])
        except EditConflict:
            form.add_error(None, CONFLICT_MESSAGE)
            return self.form_invalid(form)
        messages.success(self.request, _("”%(t)s” är borttagen ur årshjulet.") % {"t": self.object.title})
        return redirect(self.back_url(self.object))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Ta bort ”%(t)s”") % {"t": self.object.title}, object=self.object, **kwargs
        )


class RuleDelete(EntryDelete):
    """/arbete/arshjul/aterkommande/<pk>/ta-bort/"""


class ItemDelete(EntryDelete):
    """/arbete/arshjul/enstaka/<pk>/ta-bort/"""

    model, kind = YearWheelItem, "item"


class AddDefaultRules(WorkspaceMixin, View):
    """POST /arbete/arshjul/forslag/: add the usual recurring tasks (services.DEFAULT_RULES) that are
    missing, for a new installation's coordinator to adjust."""

    permission_required = WRITE_PERMS
    http_method_names = ["post"]

    def post(self, request):
        added = services.add_default_rules(by=request.user)
        if added:
            messages.success(
                request,
                _("%(n)s återkommande händelser är tillagda. Ändra datumen om de inte stämmer hos er.")
                % {"n": len(added)},
            )
        else:
            messages.info(request, _("Förslagen finns redan i årshjulet."))
        return redirect(reverse("cycles:yearwheel"))


class RenewFeed(WheelMixin, TemplateView):
    """/arbete/arshjul/kalender/: make the user's calendar address (POST), or a new one after a
    confirmation (GET shows it): the old address stops working at once."""

    template_name = "cycles/workspace/yearwheel/renew_feed.html"

    def post(self, request):
        had = CalendarFeed.objects.filter(user=request.user).exists()
        services.renew_feed(user=request.user)
        if had:
            messages.success(
                request, _("Din kalender har fått en ny adress. Den gamla adressen fungerar inte längre.")
            )
        else:
            messages.success(request, _("Din kalender har fått en adress. Lägg in den i din kalenderapp."))
        return redirect(f"{reverse('cycles:yearwheel')}#kalender")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Skapa ny adress till kalendern"),
            breadcrumbs=wheel_crumbs(),
            has_feed=CalendarFeed.objects.filter(user=self.request.user).exists(),
            **kwargs,
        )


# --- iCalendar feeds (no session: the secret address is the key) ----------------------------------------


def calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Personal: never in the page cache (trygg.pagecache skips no-store) nor in a shared proxy.
    response["Cache-Control"] = "private, no-store"
    return response


class CalendarFeedView(View):
    """/kalender/<token>.ics: everything in the årshjul that the address's owner may see, last year to
    next year."""

    http_method_names = ["get", "head"]

    def get(self, request, token):
        user = services.user_for_token(token)
        if user is None:
            raise Http404
        start, end = services.feed_range(timezone.localdate())
        site = MunicipalitySettings.load()
        entries = services.occurrences(start, end, user)
        name = _("Årshjul – %(p)s") % {"p": site.programme_name}
        return calendar_response(services.ical(entries, name=str(name)), "arshjul.ics")


class ForumFeedView(View):
    """/kalender/<token>/forum/<forum_id>.ics: one forum's meetings that the address's owner may see."""

    http_method_names = ["get", "head"]

    def get(self, request, token, forum_id):
        user = services.user_for_token(token)
        if user is None:
            raise Http404
        forum = get_object_or_404(Forum.objects.visible_to(user), pk=forum_id)
        start, end = services.feed_range(timezone.localdate())
        entries = services.meetings(start, end, user, forum=forum)
        return calendar_response(services.ical(entries, name=forum.name), f"forum-{forum.pk}.ics")
