"""Object permissions for cycles, agreements and medborgarlöften.

Coordinators edit everything; board readers read everything; partner editors read what concerns
their actor (agreements it is a party to, promises where it has a line). Lists use the QuerySets'
`visible_to(user)`; the tests check the two together.
"""

import rules

from actors.rules import has_own_actor, own_actor
from trygg import files
from trygg.rules import is_board_reader, is_coordinator, is_partner_editor
from trygg.visibility import Visibility

from .models import (
    PROMISE_PUBLIC_STATUSES,
    Agreement,
    ChecklistItem,
    FollowUpReport,
    FollowUpStatus,
    MeasureUpdate,
    ReportStatus,
)


@rules.predicate
def is_public_agreement(user, agreement) -> bool:
    return agreement is not None and agreement.is_public_now


@rules.predicate
def is_party_to_agreement(user, agreement) -> bool:
    actor = own_actor(user)
    return agreement is not None and actor is not None and agreement.parties.filter(pk=actor.pk).exists()


@rules.predicate
def is_public_promise(user, promise) -> bool:
    return (
        promise is not None
        and promise.visibility == Visibility.PUBLIC
        and promise.status in PROMISE_PUBLIC_STATUSES
    )


@rules.predicate
def has_line_in_promise(user, promise) -> bool:
    actor = own_actor(user)
    return promise is not None and actor is not None and promise.lines.filter(actor=actor).exists()


is_reader = rules.is_active & (is_coordinator | is_board_reader)
can_edit = rules.is_active & is_coordinator

rules.add_perm("cycles.view_cycle_board", is_reader)
rules.add_perm("cycles.run_cycle", can_edit)

rules.add_perm(
    "cycles.view_agreement",
    is_reader | is_public_agreement | (rules.is_active & is_partner_editor & is_party_to_agreement),
)
rules.add_perm("cycles.change_agreement", can_edit)
rules.add_perm(
    "cycles.view_citizenpromise",
    is_reader | is_public_promise | (rules.is_active & is_partner_editor & has_line_in_promise),
)
rules.add_perm("cycles.change_citizenpromise", can_edit)


# --- Åtgärder -------------------------------------------------------------------------------------


@rules.predicate
def is_public_measure(user, measure) -> bool:
    return measure is not None and measure.is_public_now


@rules.predicate
def leads_measure(user, measure) -> bool:
    actor = own_actor(user)
    return measure is not None and actor is not None and measure.lead_actor_id == actor.pk


@rules.predicate
def contributes_to_measure(user, measure) -> bool:
    actor = own_actor(user)
    if measure is None or actor is None:
        return False
    # .all() reads a prefetched list ("Mina åtgärder" prefetches it), else it costs one query as before.
    return actor.pk in {a.pk for a in measure.contributors.all()}


@rules.predicate
def measure_plan_is_running(user, measure) -> bool:
    return measure is not None and measure.plan.is_running


is_partner = rules.is_active & is_partner_editor

rules.add_perm("cycles.view_measure_overview", is_reader)
rules.add_perm("cycles.view_own_measures", is_partner & has_own_actor)
rules.add_perm(
    "cycles.view_measure",
    is_reader | is_public_measure | (is_partner & (leads_measure | contributes_to_measure)),
)
rules.add_perm("cycles.change_measure", can_edit)
rules.add_perm("cycles.change_measure_text", can_edit | (is_partner & leads_measure))
# A contributing partner reports on its part too (the update's author says who wrote it).
rules.add_perm(
    "cycles.post_measure_update",
    measure_plan_is_running & (can_edit | (is_partner & (leads_measure | contributes_to_measure))),
)
rules.add_perm("cycles.approve_measureupdate", can_edit)
# The measure's workspace page (/arbete/atgarder/<slug>/): readers, and partners who lead or contribute.
# Writing, copying and cancelling a measure is cycles.change_measure; a new one is cycles.add_measure.
rules.add_perm(
    "cycles.view_measure_workspace", is_reader | (is_partner & (leads_measure | contributes_to_measure))
)
rules.add_perm("cycles.add_measure", can_edit)
# Åtgärdsplaner in the workspace (/arbete/planer/): coordinators write them, board readers read them.
rules.add_perm("cycles.view_actionplan", is_reader)
rules.add_perm("cycles.change_actionplan", can_edit)


# --- Delmål (milestones) and links between measures ------------------------------------------------


@rules.predicate
def leads_milestone_measure(user, milestone) -> bool:
    return milestone is not None and leads_measure(user, milestone.measure)


@rules.predicate
def measure_updates_need_approval(user, measure) -> bool:
    return measure is not None and measure.updates_need_approval


# Objects: a measure for view/add/publish/links, a milestone for change/delete. Everyone who works on
# the measure reads its milestones (internal ones included); the lead partner adds, edits and marks
# them done; only coordinators delete them. A partner's milestone is public at once only when the
# measure's lägesrapporter need no review either; otherwise a coordinator decides.
rules.add_perm("cycles.view_milestones", is_reader | (is_partner & (leads_measure | contributes_to_measure)))
rules.add_perm("cycles.add_milestone", can_edit | (is_partner & leads_measure))
rules.add_perm("cycles.change_milestone", can_edit | (is_partner & leads_milestone_measure))
rules.add_perm("cycles.delete_milestone", can_edit)
rules.add_perm(
    "cycles.publish_milestone", can_edit | (is_partner & leads_measure & ~measure_updates_need_approval)
)
rules.add_perm("cycles.change_measurelink", can_edit)


# --- Many measures at once: export to a spreadsheet and import the changes (cycles.services.bulk) ------


@rules.predicate
def uploaded_import(user, measure_import) -> bool:
    return measure_import is not None and measure_import.created_by_id == user.pk


# Readers export what they see; coordinators and partner editors with an actor import (each changed
# row is checked against cycles.post_measure_update). An import is seen by who uploaded it and by
# coordinators (kept in step with bulk.imports_visible_to), and confirmed only by who uploaded it.
can_import_measures = can_edit | (is_partner & has_own_actor)
rules.add_perm("cycles.export_measures", is_reader | (is_partner & has_own_actor))
rules.add_perm("cycles.import_measures", can_import_measures)
rules.add_perm("cycles.view_measureimport", can_edit | (can_import_measures & uploaded_import))
rules.add_perm("cycles.confirm_measureimport", can_import_measures & uploaded_import)


# --- Uppföljning (steg 5) och rapporter till styrgrupp, KS och KF -----------------------------------


@rules.predicate
def is_public_report(user, report) -> bool:
    return report is not None and report.is_public


@rules.predicate
def report_reached_board(user, report) -> bool:
    return report is not None and report.status != ReportStatus.DRAFT


@rules.predicate
def leads_followed_up_measure(user, follow_up) -> bool:
    return follow_up is not None and leads_measure(user, follow_up.measure)


@rules.predicate
def contributes_to_followed_up_measure(user, follow_up) -> bool:
    return follow_up is not None and contributes_to_measure(user, follow_up.measure)


@rules.predicate
def follow_up_is_draft(user, follow_up) -> bool:
    return follow_up is not None and follow_up.status == FollowUpStatus.DRAFT


# Reports: coordinators write them; board readers (KS, styrgrupp) read them from the styrgrupp stage on.
rules.add_perm("cycles.view_followup_reports", is_reader)
rules.add_perm(
    "cycles.view_followupreport",
    (rules.is_active & is_coordinator)
    | (rules.is_active & is_board_reader & report_reached_board)
    | is_public_report,
)
rules.add_perm("cycles.change_followupreport", can_edit)

# Follow-ups: the lead partner writes its measure's follow-up while it is a draft; coordinators always.
rules.add_perm("cycles.view_followup_overview", is_reader)
rules.add_perm(
    "cycles.view_followup",
    is_reader | (is_partner & (leads_followed_up_measure | contributes_to_followed_up_measure)),
)
rules.add_perm(
    "cycles.change_followup", can_edit | (is_partner & leads_followed_up_measure & follow_up_is_draft)
)
rules.add_perm("cycles.approve_followup", can_edit)


# --- Påminnelser: who gets the daily reminder e-mail chooses what it names ------------------------

rules.add_perm("cycles.choose_own_reminders", rules.is_active & (is_coordinator | is_partner_editor))


# --- Synpunkter: residents' feedback on a measure (cycles.views.workspace.feedback) --------------------


@rules.predicate
def leads_feedback_measure(user, feedback) -> bool:
    return feedback is not None and leads_measure(user, feedback.measure)


# The original text may hold personal data: coordinators read all feedback, a partner editor the
# feedback on measures its actor leads (kept in step with MeasureFeedbackQuerySet.visible_to). Partner
# editors answer and propose a public text; only coordinators publish, reject and close.
can_handle_feedback = can_edit | (is_partner & leads_feedback_measure)
rules.add_perm("cycles.view_feedback_queue", can_edit | (is_partner & has_own_actor))
rules.add_perm("cycles.view_measurefeedback", can_handle_feedback)
rules.add_perm("cycles.answer_measurefeedback", can_handle_feedback)
rules.add_perm("cycles.moderate_measurefeedback", can_edit)

# --- Uploaded files (trygg.files, /filer/…) ---------------------------------------------------------


def may_read_update_document(user, update) -> bool:
    """An approved update's document as its measure; a waiting or rejected one only for who reviews it."""
    if update.is_approved:
        return user.has_perm("cycles.view_measure", update.measure)
    return user.has_perm("cycles.approve_measureupdate", update)


def may_read_report_in_workspace(user, report) -> bool:
    """As the workspace's report pages (ReportMixin): the section, the report among those the user
    sees, then the report itself. The internal PDF never goes to residents."""
    return (
        user.has_perm("cycles.view_followup_reports")
        and FollowUpReport.objects.visible_to(user).filter(pk=report.pk).exists()
        and user.has_perm("cycles.view_followupreport", report)
    )


files.protect(
    Agreement,
    "document",
    public=lambda agreements: agreements.public(),
    may_read=lambda user, agreement: user.has_perm("cycles.view_agreement", agreement),
)
# A ticked item's document is public only with its "may be shown publicly" box, as on /kretslopp/.
files.protect(
    ChecklistItem,
    "evidence_document",
    public=lambda items: items.latest_public_done(),
    may_read=lambda user, item: user.has_perm("cycles.view_cycle_board"),
    label=lambda item: f"underlag {item.text}",
)
# Never public before it is approved, nor when its measure is not public.
files.protect(
    MeasureUpdate,
    "evidence_document",
    public=lambda updates: updates.public(),
    may_read=may_read_update_document,
    label=lambda update: f"lagesrapport {update.date:%Y-%m-%d}",
)
files.protect(
    FollowUpReport,
    "pdf_public",
    public=lambda reports: reports.public(),
    may_read=may_read_report_in_workspace,
)
files.protect(
    FollowUpReport,
    "pdf_internal",
    public=files.no_one,
    may_read=may_read_report_in_workspace,
    label=lambda report: f"{report} intern",
)


# Embeds: the codes for the municipality's own website (/arbete/inbaddning/).
rules.add_perm("cycles.view_embed_codes", can_edit)


# --- Årshjulet (cycles.views.workspace.yearwheel): readers and partner editors read what concerns them
# (YearWheelQuerySet.visible_to), and have a calendar address; coordinators write the rules and items.
can_read_yearwheel = is_reader | is_partner
rules.add_perm("cycles.view_yearwheel", can_read_yearwheel)
rules.add_perm("cycles.change_yearwheel", can_edit)


# --- Lagkrav: the state of the law's duties (/arbete/lagkrav/), for coordinators and the board -----

rules.add_perm("cycles.view_compliance", is_reader)
